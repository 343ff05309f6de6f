//! MT408 target-in-wrong-direction.

use prfaq_doc::plan::metric::Direction;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Finds a metric whose target lies on the wrong side of its baseline: below it
    /// when higher is better, or above it when lower is better. The direction is the
    /// row's `Direction` column or "lower is better" / "higher is better" in the
    /// metric's name; in a table with a `Measure` column, a measure that has a way of
    /// its own gives it too (activation, conversion and retention are better higher;
    /// time to aha and the share who never reach it lower).
    ///
    /// ## Why is this bad?
    /// A target that goes the wrong way is a typo or a promise to make the product
    /// worse. Either way the outcome report will call the metric reached when the
    /// launch failed, or behind when it worked.
    ///
    /// ## Example
    /// ```markdown
    /// | Metric | Baseline | Target | By | Direction |
    /// |---|---|---|---|---|
    /// | Minutes to place an order | 25 min | 30 min | 2027-06-30 | lower is better |
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// | Metric | Baseline | Target | By | Direction |
    /// |---|---|---|---|---|
    /// | Minutes to place an order | 25 min | 2 min | 2027-06-30 | lower is better |
    /// ```
    pub struct TargetInWrongDirection;
    "MT408", "target-in-wrong-direction", Metrics, Warning; reads the document
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
        let (Some(baseline), Some(target)) = (spec.baseline, spec.target) else {
            continue;
        };
        let natural = spec
            .measure
            .as_ref()
            .filter(|_| spec.written.typed)
            .and_then(|m| m.natural_direction().map(|d| (d, m.describe())));
        let (better, why) = match (spec.written.direction, natural) {
            (Some(d), _) => (d, "the row says".to_owned()),
            (None, Some((d, measure))) => (d, format!("for {measure}")),
            (None, None) => continue,
        };
        let wrong = match better {
            Direction::HigherIsBetter => target < baseline,
            Direction::LowerIsBetter => target > baseline,
        };
        if !wrong {
            continue;
        }
        let cell = |p: &Option<prfaq_doc::Prose>| {
            p.as_ref()
                .map_or_else(String::new, |p| p.text.trim().to_owned())
        };
        let (way, side) = match better {
            Direction::HigherIsBetter => ("higher", "below"),
            Direction::LowerIsBetter => ("lower", "above"),
        };
        let name = if spec.metric.is_empty() {
            "this metric".to_owned()
        } else {
            format!("`{}`", spec.metric)
        };
        let span = crate::rules::faq::first_line(ctx, &ctx.doc.blocks[row.block].span);
        out.push(
            Violation::new(
                span,
                format!(
                    "{name}'s target ({}) is {side} its baseline ({}), but {why} {way} is better",
                    cell(&row.target),
                    cell(&row.baseline)
                ),
            )
            .help(
                "swap the target to the better side of the baseline, or state the direction \
                 the metric is better in (a Direction column: higher or lower)",
            ),
        );
    }
}
