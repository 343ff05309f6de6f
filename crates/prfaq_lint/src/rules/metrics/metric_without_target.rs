//! MT402 metric-without-target.

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Finds metric rows with no target: the value that counts as success.
    ///
    /// ## Why is this bad?
    /// A metric is a promise only when it has a baseline, a target and a date. A row
    /// missing its target cannot be checked after launch.
    ///
    /// ## Example
    /// ```markdown
    /// | Metric | Baseline | Target | By | Owner |
    /// |---|---|---|---|---|
    /// | Weekly reorders | 12% | | 2027-06-30 | Dana |
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// | Metric | Baseline | Target | By | Owner |
    /// |---|---|---|---|---|
    /// | Weekly reorders | 12% | 40% | 2027-06-30 | Dana |
    /// ```
    pub struct MetricWithoutTarget;
    "MT402", "metric-without-target", Metrics, Error, structural; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    super::check_field(
        ctx,
        |row| &row.target,
        "target",
        "add the value that counts as success in the Target column",
        out,
    );
}
