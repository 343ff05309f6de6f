//! FQ310 no-risk-question.

use prfaq_doc::Audience;

use super::{Topic, check_topic};
use crate::analysis::questions::QuestionCues;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the internal FAQ asks what could go wrong and how the team would respond. A topic counts as covered only when its question has a real answer.
    ///
    /// ## Why is this bad?
    /// Reviewers trust a team that names its risks. An internal FAQ with no risk question reads as if the team has not looked for them.
    ///
    /// ## Example
    /// ```markdown
    /// ## Internal FAQ
    /// ### How many engineers do we need?
    /// Four for two quarters.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## Internal FAQ
    /// ### What is the biggest risk, and how do we reduce it?
    /// Substitutions may annoy parents; we cap them at two per order and refund on request.
    /// ```
    pub struct NoRiskQuestion;
    "FQ310", "no-risk-question", Faq, Warning, structural, absent; reads the document
}

pub(crate) const TOPIC: Topic = Topic {
    audience: Audience::Internal,
    name: "risks",
    cues: QuestionCues::Risk,
    help: "add an internal question on what could go wrong and how the team would respond",
};

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    check_topic(ctx, &TOPIC, out);
}
