//! FQ314 no-success-measure-question.

use prfaq_doc::Audience;

use super::{Topic, check_topic};
use crate::analysis::questions::QuestionCues;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the internal FAQ asks how the team will know the launch worked. A topic counts as covered only when its question has a real answer.
    /// A document that names its success metric with a number anywhere ("our primary metric for success is …") has answered it.
    ///
    /// ## Why is this bad?
    /// A launch without a measure of success cannot fail, so it cannot be learned from. The answer should name the metric, its baseline and its target.
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
    /// ### How will we know it worked?
    /// Weekly reorders in under two minutes rise from 12% to 40% by June 2027.
    /// ```
    pub struct NoSuccessMeasureQuestion;
    "FQ314", "no-success-measure-question", Faq, Warning, structural, absent; reads the document
}

pub(crate) const TOPIC: Topic = Topic {
    audience: Audience::Internal,
    name: "how success is measured",
    cues: QuestionCues::SuccessMeasure,
    help: "add an internal question on how success is measured: metric, baseline, target and date",
};

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    // A document that names its success metric with a number, wherever it does, has
    // answered how success is measured. The text is read for it only when no question
    // answers it.
    let mut found = Vec::new();
    check_topic(ctx, &TOPIC, &mut found);
    if !found.is_empty() && !crate::rules::metrics::missing_metrics::states_success_metric(ctx) {
        out.append(&mut found);
    }
}
