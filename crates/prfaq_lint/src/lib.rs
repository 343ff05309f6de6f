//! The checker: rules, their registry, diagnostics, configuration and renderers.
//!
//! [`check`] runs every enabled rule over a parsed document and returns its findings,
//! sorted by place, with inline `prfaq-ignore` directives applied. The linter does no
//! I/O: callers read files and configuration and hand over text.

pub mod config;
pub mod context;
pub mod diagnostic;
pub mod registry;
pub mod render;
pub mod rules;
pub mod words;

pub use config::{Config, ConfigError, Thresholds, Vocabulary};
pub use context::Context;
pub use diagnostic::{Diagnostic, Severity, Violation};
pub use registry::{Family, RULES, Rule};
pub use words::ListKind;

use prfaq_doc::{Document, Format};

/// Runs every enabled rule over `doc`.
pub fn check(doc: &Document, config: &Config) -> Vec<Diagnostic> {
    let ctx = Context::new(doc, config);
    let mut out = Vec::new();
    let mut violations = Vec::new();
    for rule in RULES {
        if !config.enabled(rule) {
            continue;
        }
        // A vision document is one paragraph: no part, FAQ, journey, metrics or scope
        // is missing from it.
        if doc.format == Format::Vision && (rule.structural || rule.family.is_structural()) {
            continue;
        }
        violations.clear();
        (rule.check)(&ctx, &mut violations);
        let severity = config.severity(rule);
        for v in violations.drain(..) {
            if suppressed(doc, rule.code, &v.span) {
                continue;
            }
            out.push(Diagnostic {
                code: rule.code,
                name: rule.name,
                severity,
                message: v.message,
                help: v.help,
                span: v.span,
            });
        }
    }
    out.sort_by(|a, b| (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code)));
    out.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
    out
}

/// True when a directive silences `code` at `span`.
fn suppressed(doc: &Document, code: &str, span: &std::ops::Range<usize>) -> bool {
    doc.directives.iter().any(|d| {
        let names = d.codes.is_empty()
            || d.codes.iter().any(|c| {
                c.eq_ignore_ascii_case(code) || registry::find(c).is_some_and(|r| r.code == code)
            });
        let covers = d.whole_file || (span.start >= d.scope.start && span.start < d.scope.end);
        names && covers
    })
}
