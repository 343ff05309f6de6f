//! MT401 missing-metrics.

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the document sets the metrics that will prove the launch worked: a
    /// `# Metrics` table with columns Metric, Baseline, Target, By and Owner.
    ///
    /// ## Why is this bad?
    /// Without numbers agreed before launch, any result can be called a success. The
    /// metrics table is what the team is held to afterwards.
    ///
    /// ## Example
    /// A PR/FAQ with no metrics section, or a metrics heading with no table rows.
    ///
    /// ## Use instead
    /// ```markdown
    /// # Metrics
    /// | Metric | Baseline | Target | By | Owner |
    /// |---|---|---|---|---|
    /// | Weekly reorders under 2 minutes | 12% | 40% | 2027-06-30 | Dana Lee |
    /// ```
    pub struct MissingMetrics;
    "MT401", "missing-metrics", Metrics, Warning, structural; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    match &ctx.doc.metrics {
        None => out.push(
            Violation::new(
                crate::rules::press_release::anchor(ctx),
                "the document sets no metrics",
            )
            .help("add `# Metrics`: a table with Metric, Baseline, Target, By and Owner"),
        ),
        Some(m) if m.rows.is_empty() => out.push(
            Violation::new(
                crate::rules::faq::first_line(ctx, &ctx.doc.blocks[m.heading].span),
                "the metrics section has no table rows",
            )
            .help("add a table with Metric, Baseline, Target, By and Owner"),
        ),
        Some(_) => {}
    }
}
