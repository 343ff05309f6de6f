//! FQ320 no-pricing-question.

use prfaq_doc::Audience;

use super::{Topic, check_topic};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the customer FAQ says what the product costs. A topic counts as covered only when its question has a real answer.
    ///
    /// ## Why is this bad?
    /// Price is the first thing customers ask. A customer FAQ that never answers it hides a decision the team has not made.
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
    /// ### How much does it cost?
    /// Nothing: Quick Reorder is part of every Acme account.
    /// ```
    pub struct NoPricingQuestion;
    "FQ320", "no-pricing-question", Faq, Warning, structural; reads the document
}

pub(crate) const TOPIC: Topic = Topic {
    audience: Audience::Customer,
    name: "price",
    cues: &[
        "price*",
        "pricing",
        "cost*",
        "how much",
        "pay",
        "paid",
        "free",
        "subscription*",
        "fee*",
        "charge*",
        "plan",
        "plans",
        "licens*",
        "billing",
        "bill",
        "afford*",
        "what does it cost",
        "included",
        "extra",
        "premium",
        "discount*",
        "trial",
    ],
    help: "add a customer question on what it costs, even if the answer is that it is free",
};

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    check_topic(ctx, &TOPIC, out);
}
