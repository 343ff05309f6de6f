//! MT403 metric-without-baseline.

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Finds metric rows with no baseline: where the number stands today.
    ///
    /// ## Why is this bad?
    /// A metric is a promise only when it has a baseline, a target and a date. A row
    /// missing its baseline cannot be checked after launch.
    ///
    /// ## Example
    /// ```markdown
    /// | Metric | Baseline | Target | By | Owner |
    /// |---|---|---|---|---|
    /// | Weekly reorders | | 40% | 2027-06-30 | Dana |
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// | Metric | Baseline | Target | By | Owner |
    /// |---|---|---|---|---|
    /// | Weekly reorders | 12% | 40% | 2027-06-30 | Dana |
    /// ```
    pub struct MetricWithoutBaseline;
    "MT403", "metric-without-baseline", Metrics, Warning, structural; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    super::check_field(
        ctx,
        |row| &row.baseline,
        "baseline",
        "add today's value in the Baseline column, or say how it will be measured before launch",
        out,
    );
}
