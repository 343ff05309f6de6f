//! Scope rules (SC6xx): every in-scope item traces to a promise and a metric.

crate::registry::rules! {
    not_in_press_release::ScopeItemNotInPressRelease,
    without_metric::ScopeItemWithoutMetric,
}

use std::collections::BTreeSet;

/// True for a lowercase word too common to tie an item to a claim or a metric. A
/// `match`, which compiles to a switch on the length, where a list would be compared
/// entry by entry for every word of the press release.
pub(crate) fn is_stop(lower: &str) -> bool {
    matches!(
        lower,
        "the"
            | "and"
            | "for"
            | "with"
            | "that"
            | "this"
            | "from"
            | "into"
            | "onto"
            | "their"
            | "they"
            | "them"
            | "your"
            | "our"
            | "its"
            | "are"
            | "was"
            | "were"
            | "will"
            | "can"
            | "has"
            | "have"
            | "not"
            | "all"
            | "any"
            | "each"
            | "every"
            | "one"
            | "new"
            | "more"
            | "less"
            | "than"
            | "then"
            | "when"
            | "what"
            | "who"
            | "how"
            | "out"
            | "about"
            | "over"
            | "under"
            | "per"
            | "via"
            | "use"
            | "uses"
            | "using"
            | "used"
            | "make"
            | "makes"
            | "support"
            | "supports"
            | "add"
            | "adds"
            | "delivers"
            | "delivered"
            | "deliver"
            | "claim"
            | "scope"
            | "item"
            | "items"
            | "page"
            | "user"
            | "users"
            | "customer"
            | "customers"
            | "feature"
            | "features"
            | "first"
            | "also"
            | "only"
            | "just"
            | "like"
            | "able"
            | "lets"
            | "let"
            | "get"
            | "gets"
    )
}

/// A lowercase word's stem, with common endings removed, so "reorders" meets "reorder".
/// A slice of the word: no string is built per word of a whole press release.
pub(crate) fn stem_lowered(w: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s", "ly"] {
        if let Some(s) = w.strip_suffix(suffix)
            && s.len() >= 4
        {
            return s;
        }
    }
    w
}

/// Whether a word is long enough to carry meaning (three characters or more).
pub(crate) fn long_enough(word: &str) -> bool {
    // Three bytes can be fewer than three characters, but twelve cannot.
    word.len() >= 12 || (word.len() >= 3 && word.chars().count() >= 3)
}

/// The content words of a text, stemmed.
pub(crate) fn key_words(text: &str) -> BTreeSet<String> {
    prfaq_text::words(text)
        .into_iter()
        .map(|w| &text[w])
        .filter(|w| long_enough(w) && !w.contains(prfaq_doc::CODE))
        .filter_map(|w| {
            let lower = w.to_lowercase();
            (!is_stop(&lower)).then(|| stem_lowered(&lower).to_owned())
        })
        .collect()
}
