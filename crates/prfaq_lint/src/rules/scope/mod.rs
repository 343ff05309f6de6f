//! Scope rules (SC6xx): every in-scope item traces to a promise and a metric.

pub mod not_in_press_release;
pub mod without_metric;

use std::collections::BTreeSet;

/// Words too common to tie an item to a claim or a metric.
const STOP: &[&str] = &[
    "the",
    "and",
    "for",
    "with",
    "that",
    "this",
    "from",
    "into",
    "onto",
    "their",
    "they",
    "them",
    "your",
    "our",
    "its",
    "are",
    "was",
    "were",
    "will",
    "can",
    "has",
    "have",
    "not",
    "all",
    "any",
    "each",
    "every",
    "one",
    "new",
    "more",
    "less",
    "than",
    "then",
    "when",
    "what",
    "who",
    "how",
    "out",
    "about",
    "over",
    "under",
    "per",
    "via",
    "use",
    "uses",
    "using",
    "used",
    "make",
    "makes",
    "support",
    "supports",
    "add",
    "adds",
    "delivers",
    "delivered",
    "deliver",
    "claim",
    "scope",
    "item",
    "items",
    "page",
    "user",
    "users",
    "customer",
    "customers",
    "feature",
    "features",
    "first",
    "also",
    "only",
    "just",
    "like",
    "able",
    "lets",
    "let",
    "get",
    "gets",
];

/// A word's stem: lowercase, with common endings removed, so "reorders" meets "reorder".
pub(crate) fn stem(word: &str) -> String {
    let w = word.to_lowercase();
    for suffix in ["ing", "ed", "es", "s", "ly"] {
        if let Some(s) = w.strip_suffix(suffix)
            && s.len() >= 4
        {
            return s.to_owned();
        }
    }
    w
}

/// The content words of a text, stemmed.
pub(crate) fn key_words(text: &str) -> BTreeSet<String> {
    prfaq_text::words(text)
        .into_iter()
        .map(|w| &text[w])
        .filter(|w| w.chars().count() >= 3 && !w.contains(prfaq_doc::CODE))
        .filter(|w| !STOP.contains(&w.to_lowercase().as_str()))
        .map(stem)
        .collect()
}
