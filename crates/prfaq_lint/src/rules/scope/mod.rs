//! Scope rules (SC6xx): every in-scope item traces to a promise and a metric.

pub mod not_in_press_release;
pub mod without_metric;

crate::registry::rules! {
    not_in_press_release::ScopeItemNotInPressRelease,
    without_metric::ScopeItemWithoutMetric,
}

use std::borrow::Cow;

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
    // Every ending removed ends in one of these letters: most words end in none.
    if !matches!(w.as_bytes().last(), Some(b'g' | b'd' | b's' | b'y')) {
        return w;
    }
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
    word.len() >= 12 || (word.len() >= 3 && (word.is_ascii() || word.chars().count() >= 3))
}

/// The content words of a text, stemmed; in Chinese, Japanese and Korean, written
/// without spaces or with particles attached, the pairs of characters of its words
/// ([`cjk_pairs`]). Sorted, each once; slices of the text where it is lowercase already.
pub(crate) fn key_words(text: &str) -> Vec<Cow<'_, str>> {
    let mut out: Vec<Cow<str>> = Vec::new();
    for w in crate::context::prose_words(text) {
        let lower: Cow<str> = if !w.is_ascii() {
            Cow::Owned(w.to_lowercase())
        } else if w.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(w.to_ascii_lowercase())
        } else {
            Cow::Borrowed(w)
        };
        if !lower.is_ascii() && lower.chars().any(prfaq_doc::cues::is_cjk) {
            out.extend(cjk_pairs(&lower).map(|p| Cow::Owned(p.to_owned())));
        } else if long_enough(w) && !is_stop(&lower) {
            out.push(match lower {
                Cow::Borrowed(lower) => Cow::Borrowed(stem_lowered(lower)),
                Cow::Owned(lower) => Cow::Owned(stem_lowered(&lower).to_owned()),
            });
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The pairs of neighbouring characters of a lowercase word in Chinese, Japanese or
/// Korean, as slices of it: what two texts in those languages share when they speak of
/// the same thing (`パンの取り置き` and `取り置きのキャンセル` share `取り` and `り置`). A pair
/// of hiragana alone (`のと`, `ます`) is grammar, not a thing, and is left out.
pub(crate) fn cjk_pairs(lower: &str) -> impl Iterator<Item = &str> {
    let chars: Vec<(usize, char)> = lower.char_indices().collect();
    let hiragana = |c: char| ('\u{3040}'..='\u{309F}').contains(&c);
    (1..chars.len()).filter_map(move |i| {
        let ((at, a), (next, b)) = (chars[i - 1], chars[i]);
        let pair = prfaq_doc::cues::is_cjk(a)
            && prfaq_doc::cues::is_cjk(b)
            && !(hiragana(a) && hiragana(b));
        pair.then(|| &lower[at..next + b.len_utf8()])
    })
}
