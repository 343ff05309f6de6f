//! SC601 scope-item-not-in-press-release.

use std::collections::HashMap;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Finds in-scope items that no part of the press release promises: items that share
    /// no key word with the press release.
    ///
    /// ## Why is this bad?
    /// Scope that no customer-facing claim needs is scope creep. Every in-scope item
    /// should name the press-release claim it delivers, so cutting a claim cuts its work.
    ///
    /// ## Example
    /// ```markdown
    /// # Scope
    /// ## In scope
    /// - Migrate the order service to a new queue
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # Scope
    /// ## In scope
    /// - One-tap reorder from order history (delivers: "restock in one tap")
    /// ```
    pub struct ScopeItemNotInPressRelease;
    "SC601", "scope-item-not-in-press-release", Scope, Warning, structural; reads the document
}

/// Words of time and quantity that any text shares (stemmed as `key_words` stems).
const GENERIC: &[&str] = &[
    "year", "day", "week", "month", "time", "today", "people", "minut", "hour",
];

/// The press release as this rule reads it: its key words (the stems of its words,
/// without inline code and common words) and the three stems it uses most, each at
/// least four times, from the words `Context` already split and lowered.
/// Each stem of the release's words with its count and whether it is a key word (not
/// inline code nor a common word), and the release's three dominant stems.
type ReleaseWords<'c> = (HashMap<&'c str, (usize, bool), FixedState>, Vec<&'c str>);

/// The release's words are hashed eight bytes at a time (`foldhash`), not byte by byte.
type FixedState = foldhash::fast::FixedState;

fn release_words<'c>(ctx: &'c Context) -> ReleaseWords<'c> {
    // Each stem's count and whether it is a key word, in one map: one lookup per word.
    // Sized for every word at once: the map is not grown step by step.
    let n: usize = ctx.press_release_texts().map(|t| t.words().len()).sum();
    let mut counts: HashMap<&str, (usize, bool), FixedState> =
        HashMap::with_capacity_and_hasher(n, FixedState::default());
    for text in ctx.press_release_texts() {
        for (range, lower) in text.words().iter().zip(text.lowered()) {
            if !lower.is_ascii() && lower.chars().any(prfaq_doc::cues::is_cjk) {
                // Chinese, Japanese, Korean: the word's pairs of characters.
                for pair in super::cjk_pairs(lower) {
                    let (n, key) = counts.entry(pair).or_default();
                    *n += 1;
                    *key = true;
                }
                continue;
            }
            let word = &text.prose.text[range.clone()];
            if !super::long_enough(word) {
                continue;
            }
            let stem = super::stem_lowered(lower);
            // Counted like every word the release uses, inline code and common words too.
            let (n, key) = counts.entry(stem).or_default();
            *n += 1;
            *key = *key || (text.word(range).is_some() && !super::is_stop(lower));
        }
    }
    let mut ranked: Vec<(&str, usize)> = counts
        .iter()
        .filter(|(_, (n, _))| *n >= 4)
        .map(|(w, (n, _))| (*w, *n))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let dominant = ranked.into_iter().take(3).map(|(w, _)| w).collect();
    (counts, dominant)
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let Some(scope) = &ctx.doc.scope else {
        return;
    };
    if !ctx.doc.has_press_release() {
        return;
    }
    // The words the whole release is about (the product's name, its main noun) are in
    // every item; sharing only those, or only a word of time, promises nothing.
    let (release, dominant) = release_words(ctx);
    for item in &scope.in_scope {
        // A bracketed note names the item's metric (SC602's business), not a promise.
        let text = &item.prose.text;
        let claim = text.find('(').map_or(text.as_str(), |at| &text[..at]);
        let words = super::key_words(claim);
        let promised = words.iter().any(|w| {
            let w: &str = w;
            release.get(w).is_some_and(|(_, key)| *key)
                && !dominant.contains(&w)
                && !GENERIC.contains(&w)
        });
        if words.is_empty() || promised {
            continue;
        }
        out.push(
            Violation::new(
                item.prose.source_span(),
                format!(
                    "`{}` delivers nothing the press release promises",
                    item.prose.text.trim()
                ),
            )
            .help("name the press-release claim this item delivers, or move it out of scope"),
        );
    }
}
