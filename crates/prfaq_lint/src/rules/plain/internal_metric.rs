//! PL203 internal-metric.

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;
use crate::words::ListKind;

declare_rule! {
    /// ## What it does
    /// Finds company metrics — KPI, DAU, ARR, churn, conversion rate, OKR, NPS — in the
    /// press release and the customer FAQ. The words come from the `internal-metric`
    /// list; abbreviations match only in capitals ("ARR", not "arr"), and words with an
    /// everyday meaning ("funnel", "bookings") match only inside a metric's name
    /// ("conversion funnel"). A project adds or accepts words in `prfaq.toml`
    /// (`[vocabulary.internal-metric]`).
    ///
    /// ## Why is this bad?
    /// Customers do not think in the company's dashboards. A release that promises to
    /// lift retention or cut churn is written for the business review, not for the
    /// customer; it belongs in the internal FAQ and the metrics table.
    ///
    /// ## Example
    /// ```markdown
    /// Quick Reorder lifts weekly active users and cuts churn among parents.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// Parents get their Sunday evening back: restocking takes one tap instead of 25 minutes.
    /// ```
    pub struct InternalMetric;
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let list = ctx.list(ListKind::InternalMetric);
    for text in ctx.customer_texts() {
        for hit in list.find(&text.prose.text, &text.words) {
            let found = &text.prose.text[hit.range.clone()];
            out.push(
                Violation::new(
                    text.span(hit.range.clone()),
                    format!("company metric `{found}` in customer text"),
                )
                .help("say what the customer gains; keep the metric for the internal FAQ and the metrics table"),
            );
        }
    }
}
