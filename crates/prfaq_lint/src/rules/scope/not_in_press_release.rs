//! SC601 scope-item-not-in-press-release.

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
}

/// Words of time and quantity that any text shares (stemmed as `key_words` stems).
const GENERIC: &[&str] = &[
    "year", "day", "week", "month", "time", "today", "people", "minut", "hour",
];

/// The three key words the release uses most, when each appears at least four times.
fn dominant_words(text: &str) -> Vec<String> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for w in prfaq_text::words(text) {
        let word = &text[w];
        if word.chars().count() >= 3 {
            *counts.entry(super::stem(word)).or_default() += 1;
        }
    }
    let mut ranked: Vec<(String, usize)> = counts.into_iter().filter(|(_, n)| *n >= 4).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.into_iter().take(3).map(|(w, _)| w).collect()
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let Some(scope) = &ctx.doc.scope else {
        return;
    };
    if !ctx.doc.has_press_release() {
        return;
    }
    let prose = ctx.doc.press_release_prose();
    let release = super::key_words(&prose.text);
    // The words the whole release is about (the product's name, its main noun) are in
    // every item; sharing only those, or only a word of time, promises nothing.
    let dominant = dominant_words(&prose.text);
    for item in &scope.in_scope {
        // A bracketed note names the item's metric (SC602's business), not a promise.
        let text = &item.prose.text;
        let claim = text.find('(').map_or(text.as_str(), |at| &text[..at]);
        let words = super::key_words(claim);
        let promised = words.iter().any(|w| {
            release.contains(w) && !dominant.contains(w) && !GENERIC.contains(&w.as_str())
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
