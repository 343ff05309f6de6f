//! Words as themes and search see them: lowercased, stop words out, plurals folded.
//!
//! Every character that is not a letter or a digit separates words, so quotes, `AND`,
//! `-`, `*` and SQL's meta-characters in a query are never operators: they split words
//! or are stop words like any other.

use std::collections::HashSet;
use std::sync::OnceLock;

fn stop_words() -> &'static HashSet<&'static str> {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../data/stopwords_en.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// True for a word too common to tell comments apart (`the`, `don't`).
pub fn is_stop_word(word: &str) -> bool {
    stop_words().contains(word)
}

/// Folds an English plural to its singular: `invoices` → `invoice`, `crashes` → `crash`,
/// `replies` → `reply`; leaves `status`, `class` and short words alone.
pub fn fold(word: &str) -> &str {
    let n = word.len();
    if n <= 3 || !word.is_ascii() {
        return word;
    }
    if let Some(stem) = word.strip_suffix("ies")
        && n > 4
    {
        // `replies` → `repl` + y is built by the caller; keep the stem with `ie` dropped.
        return &word[..stem.len() + 1];
    }
    for suffix in ["sses", "shes", "ches", "xes", "zzes"] {
        if word.ends_with(suffix) {
            return &word[..n - 2];
        }
    }
    if word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        return &word[..n - 1];
    }
    word
}

/// Calls `f` with each word of `text` (lowercased, plural folded), stop words, single
/// characters and bare numbers left out. Apostrophes inside a word stay (`don't`).
pub fn for_each_term(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut flush = |word: &mut String| {
        let trimmed = word.trim_matches('\'');
        if trimmed.chars().count() >= 2
            && !trimmed.chars().all(|c| c.is_ascii_digit())
            && !is_stop_word(trimmed)
        {
            let base = trimmed.strip_suffix("'s").unwrap_or(trimmed);
            let folded = fold(base);
            if folded.ends_with('i') && base.ends_with("ies") {
                let mut y = folded[..folded.len() - 1].to_string();
                y.push('y');
                f(&y);
            } else if !is_stop_word(folded) {
                f(folded);
            }
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if (c == '\'' || c == '’') && !word.is_empty() {
            word.push('\'');
        } else if !word.is_empty() {
            flush(&mut word);
        }
    }
    if !word.is_empty() {
        flush(&mut word);
    }
}

/// The terms of `text`, in order.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, |t| out.push(t.to_string()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercased_folded_and_stop_words_dropped() {
        assert_eq!(
            terms(
                "The app CRASHES when I open two invoices; it's the replies' fault, isn't it? 42"
            ),
            ["app", "crash", "open", "two", "invoice", "reply", "fault"]
        );
        assert_eq!(
            terms("status class bus analysis"),
            ["status", "class", "bus", "analysis"]
        );
    }

    #[test]
    fn operators_and_quotes_are_only_separators() {
        assert_eq!(
            terms("\"refund\" OR -charge* AND name='x'; DROP TABLE--"),
            ["refund", "charge", "name", "drop", "table"]
        );
    }
}
