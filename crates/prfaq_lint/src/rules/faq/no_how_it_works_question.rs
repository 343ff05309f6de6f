//! FQ322 no-how-it-works-question.

use prfaq_doc::Audience;

use super::{Answered, Topic, check_topic_with};
use crate::analysis::questions::QuestionCues;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the customer FAQ explains how the product works from the customer's side. A topic counts as covered only when its question has a real answer.
    /// "How do I …?" counts when it asks about a task other than starting ("How do I publish a package?"), and so does "What are we launching?".
    ///
    /// ## Why is this bad?
    /// Customers decide to trust a product once they understand what it does with their order, their data or their time.
    ///
    /// ## Example
    /// ```markdown
    /// ## Customer FAQ
    /// ### How much does it cost?
    /// Nothing.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## Customer FAQ
    /// ### What happens when an item is out of stock?
    /// Quick Reorder picks the closest match and shows it before you pay.
    /// ```
    pub struct NoHowItWorksQuestion;
    "FQ322", "no-how-it-works-question", Faq, Warning, structural, absent; reads the document
}

pub(crate) const TOPIC: Topic = Topic {
    audience: Audience::Customer,
    name: "how it works",
    cues: QuestionCues::HowItWorks,
    help: "add a customer question on how it works: what happens, step by step, from the customer's side",
};

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    // A question on a task walks through how it works from the customer's side, unless
    // the task is starting (FQ321's topic).
    let task = |asked: &crate::analysis::questions::Asked| {
        asked.about(QuestionCues::Task)
            && !asked.about(super::no_getting_started_question::TOPIC.cues)
    };
    check_topic_with(ctx, &TOPIC, Answered::InItsSection, task, out);
}
