//! PR116 unquantified-problem.

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;
use crate::rules::lexicon::NUMBER_WORDS;

declare_rule! {
    /// ## What it does
    /// Checks that the problem is quantified: a figure (digits or number words), a cost,
    /// a measured frequency or duration ("twice a week", "52 minutes"), or a named source
    /// (a survey, a study, support tickets). "Often", "every morning" or "many people"
    /// alone are not.
    ///
    /// ## Why is this bad?
    /// An unmeasured problem cannot be sized, so nobody can judge whether solving it is
    /// worth the cost, or later whether the launch solved it.
    ///
    /// ## Example
    /// ```markdown
    /// ## Problem
    /// Parents often find reordering groceries tedious.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## Problem
    /// Parents spend 25 minutes rebuilding the same cart each week; 1 in 5 weekly orders
    /// misses an item (support tickets, 2026).
    /// ```
    pub struct UnquantifiedProblem;
    "PR116", "unquantified-problem", PressRelease, Warning; reads the document
}

const SOURCES: &[&str] = &[
    "survey",
    "surveys",
    "surveyed",
    "study",
    "studies",
    "research",
    "report",
    "reports",
    "interview",
    "interviews",
    "interviewed",
    "tickets",
    "ticket",
    "poll",
    "polled",
    "census",
    "analysis",
    "data",
    "analytics",
    "measured",
    "estimate",
    "estimates",
    "according",
    "benchmark",
    "audit",
    "statistics",
];

/// True when a text quantifies what it describes.
pub(crate) fn is_quantified(text: &str) -> bool {
    if text
        .chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '$' | '€' | '£' | '¥' | '%'))
    {
        return true;
    }
    prfaq_text::words(text).iter().any(|w| {
        let word = text[w.clone()].to_lowercase();
        NUMBER_WORDS.contains(&word.as_str()) || SOURCES.contains(&word.as_str())
    })
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let problems: Vec<_> = ctx.doc.parts_of(PartKind::Problem).collect();
    if problems.is_empty() || problems.iter().any(|p| is_quantified(&p.prose.text)) {
        return;
    }
    let part = problems[0];
    let text = &part.prose.text;
    let start = text.len() - text.trim_start().len();
    let end = prfaq_text::sentences(text)
        .first()
        .map_or(text.len(), |s| s.end);
    out.push(
        Violation::new(part.prose.source_range(start..end.max(start)), "the problem is not quantified")
            .help("add how many customers, how often, how long or what it costs, or cite the source (a survey, tickets)"),
    );
}
