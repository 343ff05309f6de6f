//! Looking for a short phrase in a short text, on word boundaries.

use super::is_cjk;

/// True when `phrase` occurs in `hay` on word boundaries (both already lowercase).
///
/// Most phrases asked do not occur at all: that answer is given inline, by one search,
/// and only an occurrence calls [`on_boundaries_from`].
#[inline]
pub fn has_phrase(hay: &str, phrase: &str) -> bool {
    match find_short(hay, phrase) {
        Some(found) => on_boundaries_from(hay, phrase, found),
        None => false,
    }
}

/// True when a phrase may start or end beside the character `c` (the one before its
/// start or after its end; `None` at the text's edge): `c` is no letter or digit, or is
/// of a script without spaces, or the phrase's own character at that edge (`edge`) is.
pub fn phrase_edge(c: Option<char>, edge: Option<char>) -> bool {
    c.is_none_or(|c| !c.is_alphanumeric() || is_cjk(c)) || edge.is_some_and(is_cjk)
}

/// [`has_phrase`] from its first occurrence, at byte `first` of `hay`.
fn on_boundaries_from(hay: &str, phrase: &str, first: usize) -> bool {
    let mut from = 0;
    let mut next = Some(first);
    while let Some(found) = next {
        let start = from + found;
        let end = start + phrase.len();
        let before = hay[..start].chars().next_back();
        let after = hay[end..].chars().next();
        if phrase_edge(before, phrase.chars().next())
            && phrase_edge(after, phrase.chars().next_back())
        {
            return true;
        }
        from = start + phrase.len().max(1);
        while !hay.is_char_boundary(from) {
            from += 1;
        }
        next = find_short(&hay[from..], phrase);
    }
    false
}

/// False when none of `words` is in `text` in any case: then no phrase that holds one of
/// them is in `text`'s lowercase either, which a rule may tell from this before making a
/// lowercase copy of the text in Unicode and searching it for each of its phrases. Read
/// in an ASCII-lowercased copy: exact for words in ASCII lowercase without a `k` that do
/// not end in `i`, since only ASCII letters make such a word in a lowercase (the Kelvin
/// sign lowercases to `k`, and `İ` to an `i` followed by a mark).
pub fn may_hold_any(text: &str, words: &[&str]) -> bool {
    debug_assert!(words.iter().all(|w| is_ascii_exact(w)), "{words:?}");
    let lower = text.to_ascii_lowercase();
    words.iter().any(|w| find_short(&lower, w).is_some())
}

/// True when [`may_hold_any`] is exact for `word`.
pub fn is_ascii_exact(word: &str) -> bool {
    word.bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
        && !word.contains('k')
        && !word.ends_with('i')
}

/// The first occurrence of `needle` in `hay`, as `str::find` gives it.
///
/// Cues are short and are looked for in short texts, thousands of times per document:
/// `str::find` prepares a two-way searcher on every call, which costs more than the
/// search. Scanning for the first byte (`memchr`) and comparing there is cheaper at
/// these sizes.
/// The first byte of a string never continues a character, so every match starts on a
/// character boundary, as with `str::find`.
#[inline]
pub fn find_short(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = needle.first() else {
        return Some(0);
    };
    let last = hay.len().checked_sub(needle.len())?;
    let mut at = 0;
    while at <= last {
        at += memchr::memchr(first, &hay[at..=last])?;
        if hay[at..].starts_with(needle) {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// True when any phrase of `phrases` occurs in `hay` on word boundaries.
pub fn has_any(hay: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| has_phrase(hay, p))
}
