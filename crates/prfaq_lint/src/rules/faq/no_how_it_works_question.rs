//! FQ322 no-how-it-works-question.

use prfaq_doc::Audience;

use super::{Topic, check_topic};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the customer FAQ explains how the product works from the customer's side. A topic counts as covered only when its question has a real answer.
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
    "FQ322", "no-how-it-works-question", Faq, Warning, structural; reads the document
}

pub(crate) const TOPIC: Topic = Topic {
    audience: Audience::Customer,
    name: "how it works",
    cues: &[
        "how does it work",
        "how it works",
        "how does",
        "what happens",
        "under the hood",
        "what does it do",
        "work",
        "works",
        "handle",
        "handles",
        "what if",
        "working",
        "decide*",
        "where does",
        "how do they",
        "how do staff",
        "how are",
        "how is",
        "how do ~i",
    ],
    help: "add a customer question on how it works: what happens, step by step, from the customer's side",
};

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    check_topic(ctx, &TOPIC, out);
}
