//! The checker: rules, their registry, diagnostics, configuration and renderers.
//!
//! [`check`] runs every enabled rule over a parsed document and returns its findings,
//! sorted by place, with inline `prfaq-ignore` directives applied. The linter does no
//! I/O: callers read files and configuration and hand over text.

pub mod config;
pub mod context;
pub mod diagnostic;
pub mod memo;
pub mod registry;
pub mod render;
pub mod rules;
mod silence;
pub mod words;

pub use config::{Config, ConfigError, Thresholds, Vocabulary};
pub use context::Context;
pub use diagnostic::{Diagnostic, Severity, Violation};
pub use memo::Memo;
pub use registry::{Family, RULES, Rule};
pub use words::ListKind;

use prfaq_doc::{Document, Format};

use crate::memo::Known;
use crate::silence::Silence;

/// Runs every enabled rule over `doc`.
pub fn check(doc: &Document, config: &Config) -> Vec<Diagnostic> {
    let ctx = Context::new(doc, config);
    let silence = Silence::new(doc);
    let mut out = Vec::new();
    let mut violations = Vec::new();
    for (index, rule) in RULES.iter().enumerate() {
        if !runs(doc, config, rule) {
            continue;
        }
        violations.clear();
        (rule.check)(&ctx, &mut violations);
        report(&silence, config, index, violations.drain(..), &mut out);
    }
    finish(out)
}

/// Runs every enabled rule over `doc` as [`check`] does, with the same findings, taking
/// what `memo` remembers of texts it has seen before and teaching it the new ones.
pub fn check_with(doc: &Document, config: &Config, memo: &Memo) -> Vec<Diagnostic> {
    match check_until(doc, config, memo, &|| false) {
        Ok(found) => found,
        Err(Stopped) => unreachable!("a check that is never asked to stop ends"),
    }
}

/// A check given up because its caller no longer wanted the findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stopped;

/// [`check_with`], asking `stop` before each rule and each text: once it answers true,
/// the check ends with [`Stopped`] at the next step, and the memo learns nothing.
pub fn check_until(
    doc: &Document,
    config: &Config,
    memo: &Memo,
    stop: &dyn Fn() -> bool,
) -> Result<Vec<Diagnostic>, Stopped> {
    let document_key = memo.document_key(doc, config);
    let customer_blocks = doc.customer_blocks();
    let mut questions = vec![false; doc.blocks.len()];
    for q in &doc.faq.questions {
        if let Some(slot) = questions.get_mut(q.block) {
            *slot = true;
        }
    }
    let keys: Vec<(usize, u64)> = (0..doc.blocks.len())
        .filter(|&i| context::is_readable(&doc.blocks[i]))
        .map(|i| {
            let customer = customer_blocks.binary_search(&i).is_ok();
            let question = questions[i];
            (i, memo.key(doc, document_key, i, customer, question))
        })
        .collect();
    let known = memo.recall(doc, &keys);
    let mut by_block: Vec<Option<&Known>> = vec![None; doc.blocks.len()];
    for (&(block, _), k) in keys.iter().zip(&known) {
        by_block[block] = k.as_deref();
    }
    let asked: Vec<&str> = doc
        .faq
        .questions
        .iter()
        .map(|q| q.prose.text.as_str())
        .collect();
    let ctx = Context::with_splits(doc, config, &customer_blocks, |block| {
        by_block[block].map(|k| (k.split.clone(), k.facts.clone()))
    })
    .with_question_facts(memo.questions(&asked))
    .with_memo(memo);
    let silence = Silence::new(doc);
    // What the local rules find in each new text, to be remembered.
    let mut found: Vec<Vec<(usize, Violation)>> = vec![Vec::new(); keys.len()];
    let mut out = Vec::new();
    let mut violations = Vec::new();
    for (index, rule) in RULES.iter().enumerate() {
        if !runs(doc, config, rule) {
            continue;
        }
        if stop() {
            return Err(Stopped);
        }
        violations.clear();
        if !rule.local {
            (rule.check)(&ctx, &mut violations);
            report(&silence, config, index, violations.drain(..), &mut out);
            continue;
        }
        for (i, known) in known.iter().enumerate() {
            let text = ctx.text_at(i);
            let start = doc.blocks[text.block].span.start;
            match known {
                Some(k) => report(&silence, config, index, k.found_by(index, start), &mut out),
                None => {
                    if stop() {
                        return Err(Stopped);
                    }
                    ctx.set_focus(Some(i));
                    (rule.check)(&ctx, &mut violations);
                    ctx.set_focus(None);
                    found[i].extend(violations.iter().map(|v| (index, v.clone())));
                    report(&silence, config, index, violations.drain(..), &mut out);
                }
            }
        }
    }
    debug_assert_eq!(ctx.text_count(), keys.len());
    let learnt = keys
        .iter()
        .zip(&known)
        .zip(found)
        .enumerate()
        .filter(|(_, ((_, k), _))| k.is_none())
        .map(|(i, ((&(block, key), _), found))| {
            let text = ctx.text_at(i);
            let split = (text.words.clone(), text.sentences.clone());
            (
                key,
                Known::new(doc, block, split, text.facts_shared(), found),
            )
        })
        .collect();
    memo.learn(learnt);
    Ok(finish(out))
}

/// True when `rule` runs on `doc` under `config`.
fn runs(doc: &Document, config: &Config, rule: &Rule) -> bool {
    // A vision document is one paragraph: no part, FAQ, journey, metrics or scope is
    // missing from it.
    config.enabled(rule)
        && !(doc.format == Format::Vision && (rule.structural || rule.family.is_structural()))
}

/// Turns what the rule at `index` reported into findings, leaving out those a
/// directive silences.
fn report(
    silence: &Silence,
    config: &Config,
    index: usize,
    violations: impl Iterator<Item = Violation>,
    out: &mut Vec<Diagnostic>,
) {
    let rule = &RULES[index];
    let severity = config.severity(rule);
    for v in violations {
        if silence.silences(index, v.span.start) {
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

/// The findings in file order, each once.
fn finish(mut out: Vec<Diagnostic>) -> Vec<Diagnostic> {
    out.sort_by(|a, b| (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code)));
    out.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
    out
}
