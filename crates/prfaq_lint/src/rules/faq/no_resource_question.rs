//! FQ313 no-resource-question.

use prfaq_doc::Audience;

use super::{Topic, check_topic};
use crate::analysis::questions::QuestionCues;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the internal FAQ asks what the launch costs: people, time and money. A topic counts as covered only when its question has a real answer.
    ///
    /// ## Why is this bad?
    /// A decision to build is a decision to spend. Without the cost, reviewers cannot weigh the benefit against anything.
    ///
    /// ## Example
    /// ```markdown
    /// ## Internal FAQ
    /// ### Why now?
    /// Weekly orders doubled this year.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## Internal FAQ
    /// ### What will it take to build?
    /// Four engineers and a designer for two quarters, about $600k.
    /// ```
    pub struct NoResourceQuestion;
    "FQ313", "no-resource-question", Faq, Warning, structural, absent; reads the document
}

pub(crate) const TOPIC: Topic = Topic {
    audience: Audience::Internal,
    name: "resources or cost",
    cues: QuestionCues::Resource,
    help: "add an internal question on the people, time and money the launch needs",
};

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    check_topic(ctx, &TOPIC, out);
}
