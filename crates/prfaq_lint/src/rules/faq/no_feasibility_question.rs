//! FQ311 no-feasibility-question.

use prfaq_doc::Audience;

use super::{Topic, check_topic};
use crate::analysis::questions::QuestionCues;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the internal FAQ asks whether the team can build the product, and what is hardest. A topic counts as covered only when its question has a real answer.
    ///
    /// ## Why is this bad?
    /// Every launch rests on something hard. If the FAQ never says what it is and why the team can do it, reviewers cannot judge whether the date is real.
    ///
    /// ## Example
    /// ```markdown
    /// ## Internal FAQ
    /// ### Who is the customer?
    /// Parents who reorder weekly.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## Internal FAQ
    /// ### What is technically hardest?
    /// Matching substitutes in real time; the catalog team's matcher already does this for search.
    /// ```
    pub struct NoFeasibilityQuestion;
    "FQ311", "no-feasibility-question", Faq, Warning, structural, absent; reads the document
}

pub(crate) const TOPIC: Topic = Topic {
    audience: Audience::Internal,
    name: "feasibility",
    cues: QuestionCues::Feasibility,
    help: "add an internal question on what is hardest to build and why the team can do it",
};

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    check_topic(ctx, &TOPIC, out);
}
