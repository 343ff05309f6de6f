//! FQ321 no-getting-started-question.

use prfaq_doc::Audience;

use super::{Topic, check_topic};
use crate::analysis::questions::QuestionCues;
use crate::context::Context;
use crate::cues::{CueList, cue_list};
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the customer FAQ tells a customer how to start. A topic counts as covered only when its question has a real answer.
    /// A press release with a "Getting started" heading or paragraph has answered it; a call to action alone has not (it says where, not the first steps).
    ///
    /// ## Why is this bad?
    /// Interested customers want the first step. Answering it also shows the team has designed the path from curious to using.
    ///
    /// ## Example
    /// ```markdown
    /// ## Customer FAQ
    /// ### Who is it for?
    /// Parents who reorder weekly.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## Customer FAQ
    /// ### How do I start?
    /// Open the Acme app, tap Orders, and tap Reorder on any past order.
    /// ```
    pub struct NoGettingStartedQuestion;
    "FQ321", "no-getting-started-question", Faq, Warning, structural, absent; reads the document
}

pub(crate) const TOPIC: Topic = Topic {
    audience: Audience::Customer,
    name: "getting started",
    cues: QuestionCues::GettingStarted,
    help: "add a customer question on how to start: where, and the first step",
};

/// How a press-release paragraph or heading opens when it tells the reader how to start.
/// ("Get started now!" is a call to action's slogan, not a first step.)
static STARTS: CueList = cue_list!("getting-started-openings");

/// True when the press release gives the first steps: a heading or a paragraph that
/// opens with "Getting started".
pub(crate) fn release_shows_first_step(ctx: &Context) -> bool {
    ctx.press_release_texts().any(|t| {
        let text = t.prose.text.trim_start().to_lowercase();
        STARTS.iter().any(|s| {
            text.strip_prefix(s)
                .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
        })
    })
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    // The release is read for a "Getting started" paragraph only when no question
    // answers it.
    let mut found = Vec::new();
    check_topic(ctx, &TOPIC, &mut found);
    if !found.is_empty() && !release_shows_first_step(ctx) {
        out.append(&mut found);
    }
}
