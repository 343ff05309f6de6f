//! FAQ rules (FQ3xx): presence, answers, duplicates and the topics reviewers ask about.

pub mod duplicate_question;
pub mod missing_customer_faq;
pub mod missing_faq;
pub mod missing_internal_faq;
pub mod no_dependency_question;
pub mod no_differentiation_question;
pub mod no_feasibility_question;
pub mod no_getting_started_question;
pub mod no_how_it_works_question;
pub mod no_pricing_question;
pub mod no_resource_question;
pub mod no_risk_question;
pub mod no_success_measure_question;
pub mod unanswered_question;

crate::registry::rules! {
    missing_faq::MissingFaq,
    missing_customer_faq::MissingCustomerFaq,
    missing_internal_faq::MissingInternalFaq,
    unanswered_question::UnansweredQuestion,
    duplicate_question::DuplicateQuestion,
    no_risk_question::NoRiskQuestion,
    no_feasibility_question::NoFeasibilityQuestion,
    no_dependency_question::NoDependencyQuestion,
    no_resource_question::NoResourceQuestion,
    no_success_measure_question::NoSuccessMeasureQuestion,
    no_differentiation_question::NoDifferentiationQuestion,
    no_pricing_question::NoPricingQuestion,
    no_getting_started_question::NoGettingStartedQuestion,
    no_how_it_works_question::NoHowItWorksQuestion,
}

use std::ops::Range;

use prfaq_doc::{Audience, Question};

use crate::analysis::questions::{Asked, QuestionCues};
use crate::context::Context;
use crate::diagnostic::Violation;

/// Answers that say nothing yet.
const PLACEHOLDER_ANSWERS: &[&str] = &[
    "tbd",
    "tbc",
    "todo",
    "to do",
    "to be determined",
    "to be decided",
    "to be confirmed",
    "n/a",
    "na",
    "?",
    "??",
    "???",
    "...",
    "…",
    "-",
    "—",
    "xxx",
    "coming soon",
    "answer",
    "[answer]",
    "<answer>",
    "placeholder",
    "wip",
    "pending",
    "fill in",
    "tk",
];

/// True when a question has a real answer.
pub(crate) fn is_answered(q: &Question) -> bool {
    let text = q.answer.text.trim();
    if text.is_empty() {
        // An answer given only as code or a diagram still answers.
        return !q.answer_blocks.is_empty();
    }
    let trimmed = text
        .trim_matches(|c: char| c == '*' || c == '_' || c == '.' || c == ':' || c.is_whitespace());
    // Only an answer of a few words can be a placeholder or a bracketed note: lowercase
    // takes at most three bytes to one (the Kelvin sign), so one of more than 180 bytes
    // stays 60 or more. Of a longer answer only the start is read, for a marker.
    let head = if trimmed.len() > 180 {
        &trimmed[..trimmed.floor_char_boundary(32)]
    } else {
        trimmed
    };
    let whole = head.len() == trimmed.len();
    let bare = head.to_lowercase();
    let bracketed = whole && bare.starts_with('[') && bare.ends_with(']') && bare.len() < 60;
    // "TODO: check with the box office" is a note to the author, not an answer.
    let marker = ["tbd", "tbc", "todo", "fixme"].iter().any(|m| {
        bare.strip_prefix(m)
            .is_some_and(|rest| rest.starts_with([':', ' ', '-', '—', '(']))
    });
    !((whole && PLACEHOLDER_ANSWERS.contains(&bare.as_str())) || bracketed || marker)
}

/// Where an audience's section of the FAQ is reported: its heading's first line, else
/// the FAQ heading, else its first question, else the top of the press release.
pub(crate) fn section_anchor(ctx: &Context, audience: Option<Audience>) -> Range<usize> {
    let faq = &ctx.doc.faq;
    let block = audience
        .and_then(|a| faq.sections.iter().find(|s| s.audience == a && s.explicit))
        .map(|s| s.block)
        .or(faq.heading)
        .or_else(|| {
            audience
                .and_then(|a| faq.questions_for(a).next())
                .or(faq.questions.first())
                .map(|q| q.block)
        });
    match block {
        Some(i) => first_line(ctx, &ctx.doc.blocks[i].span),
        None => super::press_release::anchor(ctx),
    }
}

/// The first line of a span.
pub(crate) fn first_line(ctx: &Context, span: &Range<usize>) -> Range<usize> {
    let line = ctx.doc.lines.line_of(span.start);
    let len = ctx.doc.lines.line_text(&ctx.doc.source, line).len();
    let line_start = ctx.doc.lines.line_start(line);
    span.start..(line_start + len).clamp(span.start, span.end.max(span.start))
}

/// A topic reviewers expect the FAQ to cover, recognised by what questions ask.
pub(crate) struct Topic {
    pub audience: Audience,
    pub name: &'static str,
    /// The words or phrases that show a question asks about the topic.
    pub cues: QuestionCues,
    pub help: &'static str,
}

#[cfg(test)]
fn asks_about(question: &str, cues: &[&str]) -> bool {
    Asked::new(question, None).about_cues(cues)
}

/// Reports the topic when questions for its audience exist but none asks about it with a
/// real answer.
pub(crate) fn check_topic(ctx: &Context, topic: &Topic, out: &mut Vec<Violation>) {
    check_topic_with(ctx, topic, Answered::InItsSection, |_| false, out);
}

/// Where a topic's question may be answered.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answered {
    /// In the topic's own audience's section only.
    InItsSection,
    /// In either section: a question customers ask too ("Why not just use a
    /// spreadsheet?") answers it for the team as well.
    Anywhere,
}

/// [`check_topic`], where the question may be answered `where_`, and a question also asks
/// about the topic when `also` says so (for what a list of cues cannot say, such as "how
/// do I" unless it asks how to start).
pub(crate) fn check_topic_with(
    ctx: &Context,
    topic: &Topic,
    where_: Answered,
    also: impl Fn(&Asked) -> bool,
    out: &mut Vec<Violation>,
) {
    let faq = &ctx.doc.faq;
    if !faq.questions.iter().any(|q| q.audience == topic.audience) {
        // FQ302/FQ303 already report the missing section.
        return;
    }
    let covered = faq
        .questions
        .iter()
        .zip(ctx.asked())
        .filter(|(q, _)| where_ == Answered::Anywhere || q.audience == topic.audience)
        .any(|(q, asked)| (asked.about(topic.cues) || also(asked)) && is_answered(q));
    if !covered {
        out.push(
            Violation::new(
                section_anchor(ctx, Some(topic.audience)),
                format!(
                    "the {} FAQ never answers a question about {}",
                    topic.audience.name(),
                    topic.name
                ),
            )
            .help(topic.help),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::asks_about;

    #[test]
    fn topic_cues() {
        assert!(asks_about("What are the biggest risks?", &["risk*"]));
        assert!(asks_about("How much does it cost?", &["how much"]));
        assert!(!asks_about("Is it brisk?", &["risk*"]));
        assert!(asks_about("How do teachers add entries?", &["how do ~i"]));
        assert!(!asks_about("How do I get started?", &["how do ~i"]));
    }
}
