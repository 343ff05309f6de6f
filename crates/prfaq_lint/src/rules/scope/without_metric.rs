//! SC602 scope-item-without-metric.

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Finds in-scope items tied to no metric. An item is tied to a metric when it names
    /// the metric or shares its key words with a metric row.
    ///
    /// ## Why is this bad?
    /// Work that moves no agreed number cannot be judged after launch. Tying each item
    /// to a metric shows which items matter most when the date is at risk.
    ///
    /// ## Example
    /// ```markdown
    /// ## In scope
    /// - Dark mode for the order page
    /// # Metrics
    /// | Metric | Baseline | Target | By | Owner |
    /// |---|---|---|---|---|
    /// | Weekly reorders | 12% | 40% | 2027-06-30 | Dana |
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## In scope
    /// - One-tap reorder from order history (moves: weekly reorders)
    /// ```
    pub struct ScopeItemWithoutMetric;
    "SC602", "scope-item-without-metric", Scope, Warning, structural; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let (Some(scope), Some(metrics)) = (&ctx.doc.scope, &ctx.doc.metrics) else {
        return;
    };
    if metrics.rows.is_empty() {
        return;
    }
    let metric_texts: Vec<String> = metrics
        .rows
        .iter()
        .map(|row| {
            let mut text = String::new();
            for cell in [&row.metric, &row.target].into_iter().flatten() {
                text.push_str(&cell.text);
                text.push(' ');
            }
            text
        })
        .collect();
    let metric_words: Vec<_> = metric_texts.iter().map(|t| super::key_words(t)).collect();
    for item in &scope.in_scope {
        let words = super::key_words(&item.prose.text);
        if words.is_empty()
            || metric_words
                .iter()
                .any(|m| m.iter().any(|w| words.binary_search(w).is_ok()))
        {
            continue;
        }
        out.push(
            Violation::new(
                item.prose.source_span(),
                format!("`{}` is tied to no metric", item.prose.text.trim()),
            )
            .help("name the metric this item moves, or add a metric row for it"),
        );
    }
}
