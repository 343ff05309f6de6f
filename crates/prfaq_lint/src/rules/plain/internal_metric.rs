//! PL203 internal-metric.

use crate::context::{Context, Text};
use crate::declare_rule;
use crate::diagnostic::Violation;
use crate::words::ListKind;

declare_rule! {
    /// ## What it does
    /// Finds company metrics — KPI, DAU, ARR, churn, conversion rate, OKR, NPS — in the
    /// press release and the customer FAQ. The words come from the `internal-metric`
    /// list; abbreviations match only in capitals ("ARR", not "arr"), and words with an
    /// everyday meaning ("funnel", "bookings") match only inside a metric's name
    /// ("conversion funnel"). A metric the product shows its customer — a sentence about
    /// a dashboard, a report or tracking ("track your members' retention rate") — is the
    /// customer's own number and is not reported. A project adds or accepts words in
    /// `prfaq.toml` (`[vocabulary.internal-metric]`).
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
    "PL203", "internal-metric", PlainLanguage, Warning; reads each Customer text
}

/// Words that show a metric is something the product shows its customer ("a dashboard
/// of your conversion rates"): then it is the customer's own number, not the company's.
const SHOWN: &[&str] = &[
    "dashboard",
    "dashboards",
    "report",
    "reports",
    "reporting",
    "track",
    "tracks",
    "tracked",
    "tracking",
    "monitor",
    "monitors",
    "monitoring",
    "analytics",
    "insights",
    "chart",
    "charts",
    "graph",
    "graphs",
];

pub fn check(ctx: &Context, text: &Text, out: &mut Vec<Violation>) {
    let list = ctx.list(ListKind::InternalMetric);
    let shown_in = |at: usize| {
        text.sentences()
            .iter()
            .find(|s| s.start <= at && at < s.end)
            .is_some_and(|s| {
                text.words_in(s).any(|w| {
                    text.word(w)
                        .is_some_and(|x| SHOWN.contains(&x.to_lowercase().as_str()))
                })
            })
    };
    for hit in text.find(list).iter() {
        if shown_in(hit.range.start) {
            continue;
        }
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
