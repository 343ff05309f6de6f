//! FQ315 no-differentiation-question.

use prfaq_doc::Audience;

use super::{Answered, Topic, check_topic_with};
use crate::analysis::questions::QuestionCues;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the internal FAQ asks how the product differs from what customers use today. A topic counts as covered only when its question has a real answer.
    /// A customer question on the alternatives ("Why not just use a spreadsheet?") answers it too.
    ///
    /// ## Why is this bad?
    /// Customers already solve the problem somehow. If the FAQ never compares the product to those alternatives, reviewers cannot tell why anyone would switch.
    ///
    /// ## Example
    /// ```markdown
    /// ## Internal FAQ
    /// ### What does it cost?
    /// Four engineers for two quarters.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## Internal FAQ
    /// ### How is this different from the shopping list feature?
    /// Lists need editing every week; Quick Reorder starts from what the parent actually bought.
    /// ```
    pub struct NoDifferentiationQuestion;
    "FQ315", "no-differentiation-question", Faq, Warning, structural, absent; reads the document
}

pub(crate) const TOPIC: Topic = Topic {
    audience: Audience::Internal,
    name: "competitors or alternatives",
    cues: QuestionCues::Differentiation,
    help: "add an internal question on how this differs from competitors and the customer's current workaround",
};

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    // Customers ask it too ("Why not just use a spreadsheet?"): answered there, it is
    // answered for the team.
    check_topic_with(ctx, &TOPIC, Answered::Anywhere, |_| false, out);
}
