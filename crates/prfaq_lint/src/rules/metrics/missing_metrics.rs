//! MT401 missing-metrics.

use crate::analysis::questions::QuestionCues;
use crate::context::Context;
use crate::cues::{CueList, cue_list};
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the document sets the metrics that will prove the launch worked: a
    /// `# Metrics` table with columns Metric, Baseline, Target, By and Owner. A document
    /// without the table that still sets its metrics in words (an answered FAQ question
    /// on its success metrics with a number, or "our primary metric for success is … 25%")
    /// has metrics: the table is then a matter of form, not a missing decision.
    ///
    /// ## Why is this bad?
    /// Without numbers agreed before launch, any result can be called a success. The
    /// metrics table is what the team is held to afterwards.
    ///
    /// ## Example
    /// A PR/FAQ with no metrics section, or a metrics heading with no table rows.
    ///
    /// ## Use instead
    /// ```markdown
    /// # Metrics
    /// | Metric | Baseline | Target | By | Owner |
    /// |---|---|---|---|---|
    /// | Weekly reorders under 2 minutes | 12% | 40% | 2027-06-30 | Dana Lee |
    /// ```
    pub struct MissingMetrics;
    "MT401", "missing-metrics", Metrics, Warning, structural, absent; reads the document
}

/// Phrases that set a success metric in running text.
static METRIC_PHRASES: CueList = cue_list!("metric-phrases");

fn has_digit(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
}

/// True when the answer's blocks hold a number. A thematic break ends the answer: what
/// follows it is the document's own trailer ("Last updated: …"), not the answer's.
fn answer_numbers(doc: &prfaq_doc::Document, blocks: &[usize]) -> bool {
    let Some(&first) = blocks.first() else {
        return false;
    };
    let mut next = first;
    for &b in blocks {
        let broken = (next..b).any(|i| doc.blocks[i].kind == prfaq_doc::BlockKind::Rule);
        if broken || doc.blocks[b].kind == prfaq_doc::BlockKind::Rule {
            return false;
        }
        if has_digit(&doc.blocks[b].prose.text) {
            return true;
        }
        next = b + 1;
    }
    false
}

/// True when the document sets its metrics in words: an answered FAQ question on its
/// success metrics whose answer holds a number, or a paragraph that names its success
/// metric with a number.
fn metrics_in_words(ctx: &Context) -> bool {
    let doc = ctx.doc;
    let answered = doc.faq.questions.iter().zip(ctx.asked()).any(|(q, asked)| {
        asked.about(QuestionCues::Metric)
            && crate::rules::faq::is_answered(q)
            && answer_numbers(doc, &q.answer_blocks)
    });
    answered || states_success_metric(ctx)
}

/// True when a paragraph names the success metric with a number ("our primary metric
/// for success is that deployments are at least 25% faster").
pub(crate) fn states_success_metric(ctx: &Context) -> bool {
    ctx.all_texts().iter().any(|t| {
        let text = &t.prose.text;
        // Every phrase holds "success" (the tests hold them to it).
        has_digit(text) && prfaq_doc::cues::may_hold_any(text, &["success"]) && {
            let lower = text.to_lowercase();
            METRIC_PHRASES
                .iter()
                .any(|p| prfaq_doc::cues::has_phrase(&lower, p))
        }
    })
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    match &ctx.doc.metrics {
        None if metrics_in_words(ctx) => {}
        None => out.push(
            Violation::new(
                crate::rules::press_release::anchor(ctx),
                "the document sets no metrics",
            )
            .help("add `# Metrics`: a table with Metric, Baseline, Target, By and Owner"),
        ),
        Some(m) if m.rows.is_empty() => out.push(
            Violation::new(
                crate::rules::faq::first_line(ctx, &ctx.doc.blocks[m.heading].span),
                "the metrics section has no table rows",
            )
            .help("add a table with Metric, Baseline, Target, By and Owner"),
        ),
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_phrase_says_success() {
        for phrase in METRIC_PHRASES {
            assert!(phrase.contains("success"), "`{phrase}` would be missed");
        }
    }
}
