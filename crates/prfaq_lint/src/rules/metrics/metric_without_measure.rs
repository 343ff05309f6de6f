//! MT407 metric-without-measure.

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Finds a metric whose measure cannot be computed from the journey's events, and
    /// names what is missing. In a metrics table with a `Measure` column, that is an
    /// empty Measure cell, a measure that does not read (`conversion 2 -> checkout`
    /// where no step is `checkout`), or a journey that lacks what the measure counts
    /// (activation with no step marked `Aha:`, a conversion to a step that names no
    /// event).
    ///
    /// A table without a `Measure` column promises no computed measures, and this rule
    /// leaves it alone.
    ///
    /// ## Why is this bad?
    /// A typed metric is a promise the outcome report checks on the product's events
    /// after launch. A row whose measure cannot be computed shows `no measure` in every
    /// report: nobody learns whether the launch kept it.
    ///
    /// ## Example
    /// ```markdown
    /// # User journey
    /// 1. Ann opens the app — event: app_opened
    /// 2. She taps Reorder — event: reorder_tapped
    ///
    /// # Metrics
    /// | Metric | Measure | Baseline | Target | By |
    /// |---|---|---|---|---|
    /// | Activation | activation 7d | 12% | 40% | 2027-06-30 |
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # User journey
    /// 1. Ann opens the app — event: app_opened
    /// 2. Aha: one tap fills her basket — event: basket_filled
    ///
    /// # Metrics
    /// | Metric | Measure | Baseline | Target | By |
    /// |---|---|---|---|---|
    /// | Activation | activation 7d | 12% | 40% | 2027-06-30 |
    /// ```
    pub struct MetricWithoutMeasure;
    "MT407", "metric-without-measure", Metrics, Warning; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let Some(metrics) = &ctx.doc.metrics else {
        return;
    };
    if metrics.rows.is_empty() {
        return;
    }
    let plan = ctx.plan();
    for (row, spec) in metrics.rows.iter().zip(&plan.metrics) {
        if !spec.written.typed {
            continue;
        }
        let name = if spec.metric.is_empty() {
            "this metric".to_owned()
        } else {
            format!("`{}`", spec.metric)
        };
        let (message, help) = match (&spec.measure, &spec.written) {
            (Some(measure), _) => match plan.missing_for(measure) {
                Some(missing) => (
                    format!("{name} cannot be computed from the events: {missing}"),
                    "name the event of each step the measure reads, or mark the aha step",
                ),
                None => continue,
            },
            (None, written) => match (&written.measure, &written.measure_error) {
                (Some(text), Some(why)) => (
                    format!("{name}'s measure `{text}` does not read: {why}"),
                    "write activation [7d], conversion A -> B, retention week N, time to aha \
                     [p90], never aha, count EVENT or sum PROPERTY of EVENT",
                ),
                _ => (
                    format!("{name} has no measure: the report cannot compute it from events"),
                    "say how it is computed in the Measure column (activation 7d, conversion \
                     1 -> 3, retention week 4, count EVENT, …)",
                ),
            },
        };
        let span = crate::rules::faq::first_line(ctx, &ctx.doc.blocks[row.block].span);
        out.push(Violation::new(span, message).help(help));
    }
}
