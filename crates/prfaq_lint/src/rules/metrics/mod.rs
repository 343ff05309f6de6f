//! Metrics rules (MT4xx).

pub mod business_case_incomplete;
pub mod business_case_out_of_order;
pub mod metric_without_baseline;
pub mod metric_without_deadline;
pub mod metric_without_measure;
pub mod metric_without_target;
pub mod missing_metrics;
pub mod target_in_wrong_direction;

crate::registry::rules! {
    missing_metrics::MissingMetrics,
    metric_without_target::MetricWithoutTarget,
    metric_without_baseline::MetricWithoutBaseline,
    metric_without_deadline::MetricWithoutDeadline,
    business_case_incomplete::BusinessCaseIncomplete,
    business_case_out_of_order::BusinessCaseOutOfOrder,
    metric_without_measure::MetricWithoutMeasure,
    target_in_wrong_direction::TargetInWrongDirection,
}

use prfaq_doc::{MetricRow, Prose};

use crate::context::Context;
use crate::diagnostic::Violation;

/// True when a cell holds a value rather than a placeholder.
fn filled(cell: &Option<Prose>) -> bool {
    cell.as_ref().is_some_and(|p| {
        let t = p.text.trim().to_lowercase();
        !matches!(
            t.as_str(),
            "" | "tbd" | "tbc" | "todo" | "?" | "-" | "—" | "n/a" | "xx" | "xx%"
        )
    })
}

/// Reports each metric row whose `field` is empty.
pub(crate) fn check_field(
    ctx: &Context,
    field: fn(&MetricRow) -> &Option<Prose>,
    what: &str,
    help: &str,
    out: &mut Vec<Violation>,
) {
    let Some(metrics) = &ctx.doc.metrics else {
        return;
    };
    for row in &metrics.rows {
        if filled(field(row)) {
            continue;
        }
        let name = row
            .metric
            .as_ref()
            .map(|m| m.text.trim().to_owned())
            .unwrap_or_else(|| "this metric".to_owned());
        let span = crate::rules::faq::first_line(ctx, &ctx.doc.blocks[row.block].span);
        out.push(Violation::new(span, format!("`{name}` has no {what}")).help(help));
    }
}
