//! MT404 metric-without-deadline.

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Finds metric rows with no deadline: the date or period by which the target is met.
    ///
    /// ## Why is this bad?
    /// A metric is a promise only when it has a baseline, a target and a date. A row
    /// missing its deadline cannot be checked after launch.
    ///
    /// ## Example
    /// ```markdown
    /// | Metric | Baseline | Target | By | Owner |
    /// |---|---|---|---|---|
    /// | Weekly reorders | 12% | 40% | | Dana |
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// | Metric | Baseline | Target | By | Owner |
    /// |---|---|---|---|---|
    /// | Weekly reorders | 12% | 40% | 2027-06-30 | Dana |
    /// ```
    pub struct MetricWithoutDeadline;
    "MT404", "metric-without-deadline", Metrics, Warning, structural; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    super::check_field(
        ctx,
        |row| &row.by,
        "deadline",
        "add the date or period in the By column",
        out,
    );
}
