//! The checker: rules, their registry, diagnostics, configuration and renderers.
//!
//! [`check`] runs every enabled rule over a parsed document and returns its findings,
//! sorted by place, with inline `prfaq-ignore` directives applied. The linter does no
//! I/O: callers read files and configuration and hand over text.

mod analysis;
pub mod config;
pub mod context;
mod cues;
pub mod diagnostic;
pub mod english;
pub mod registry;
pub mod render;
pub mod rules;
mod silence;
#[cfg(test)]
mod testing;
pub mod words;

pub use config::{Config, ConfigError, Events, Evidence, Thresholds, Vocabulary};
pub use context::Context;
pub use diagnostic::{Diagnostic, Severity, Violation};
pub use registry::{Check, Family, RULES, Rule, Texts};
pub use words::ListKind;

use std::ops::Range;

use prfaq_doc::{Document, Format};

use crate::silence::Silence;

/// Runs every enabled rule over `doc`.
pub fn check(doc: &Document, config: &Config) -> Vec<Diagnostic> {
    match check_until(doc, config, &|| false) {
        Ok(found) => found,
        Err(Stopped) => unreachable!("a check that is never asked to stop ends"),
    }
}

/// A check given up because its caller no longer wanted the findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stopped;

/// [`check`], asking `stop` before each rule and, for a rule that reads one text at a
/// time, before each text: once it answers true, the check ends with [`Stopped`].
pub fn check_until(
    doc: &Document,
    config: &Config,
    stop: &dyn Fn() -> bool,
) -> Result<Vec<Diagnostic>, Stopped> {
    let ctx = Context::new(doc, config);
    let silence = Silence::new(doc);
    let mut out = Vec::new();
    let mut claims = Vec::new();
    let mut violations = Vec::new();
    for (index, rule) in RULES.iter().enumerate() {
        if !runs(doc, config, rule) {
            continue;
        }
        if stop() {
            return Err(Stopped);
        }
        violations.clear();
        match rule.check {
            Check::Document(check) => check(&ctx, &mut violations),
            Check::Text(texts, check) => {
                for text in ctx.texts(texts) {
                    if stop() {
                        return Err(Stopped);
                    }
                    check(&ctx, text, &mut violations);
                }
            }
        }
        report(
            &silence,
            config,
            index,
            violations.drain(..),
            &mut out,
            &mut claims,
        );
    }
    Ok(finish(out, &claims))
}

/// True when `rule` runs on `doc` under `config`.
fn runs(doc: &Document, config: &Config, rule: &Rule) -> bool {
    // A vision document is one paragraph: no part, FAQ, journey, metrics or scope is
    // missing from it.
    config.enabled(rule)
        && !(doc.format == Format::Vision && (rule.structural || rule.family.is_structural()))
        && (doc.language().is_english() || !english::reads_english(rule))
}

/// Words a finding speaks for, and the rules it outranks there.
struct Claim {
    outranks: &'static [&'static str],
    covers: Range<usize>,
}

/// Turns what the rule at `index` reported into findings, leaving out those a
/// directive silences, and notes the words each speaks for when the rule outranks others.
fn report(
    silence: &Silence,
    config: &Config,
    index: usize,
    violations: impl Iterator<Item = Violation>,
    out: &mut Vec<Diagnostic>,
    claims: &mut Vec<Claim>,
) {
    let rule = &RULES[index];
    let severity = config.severity(rule);
    for v in violations {
        if silence.silences(index, v.span.start) {
            continue;
        }
        if !rule.outranks.is_empty() {
            claims.push(Claim {
                outranks: rule.outranks,
                covers: v.covers.clone().unwrap_or_else(|| v.span.clone()),
            });
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

/// The findings in file order, each once: a finding on words that a rule outranking its
/// own already speaks for is the same problem, and goes.
fn finish(mut out: Vec<Diagnostic>, claims: &[Claim]) -> Vec<Diagnostic> {
    if !claims.is_empty() {
        out.retain(|d| {
            !claims
                .iter()
                .any(|c| c.outranks.contains(&d.code) && overlaps(&c.covers, &d.span))
        });
    }
    out.sort_by(|a, b| (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code)));
    out.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
    out
}

/// True when two byte ranges share a byte, or an empty one sits inside the other.
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end.max(b.start + 1) && b.start < a.end.max(a.start + 1)
}
