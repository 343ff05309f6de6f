//! How questions and answers open.

use super::phrases::{List, list};

// How questions and answers open, as written: tried in order.
static QUESTION_PREFIXES: List = list!("question-prefixes");
static ANSWER_PREFIXES: List = list!("answer-prefixes");
/// Interrogative words that make a heading in an FAQ a question even without `?`.
pub(crate) static QUESTION_WORDS: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| list!("question-words").iter().copied().collect());

/// Question prefixes: `Q:`, `Q.`, `Q1:`, `Question:`, `C1.`, `I2.`, `1.`.
pub fn question_prefix(text: &str) -> usize {
    let t = text.trim_start();
    let lead = text.len() - t.len();
    let first = t.as_bytes().first().copied();
    for p in QUESTION_PREFIXES
        .iter()
        .filter(|p| p.as_bytes().first().copied() == first)
    {
        if let Some(rest) = t.strip_prefix(p) {
            return lead + p.len() + (rest.len() - rest.trim_start().len());
        }
    }
    // Q1: / Q1. / C1. / I12) / 3.
    let bytes = t.as_bytes();
    let mut i = 0;
    if i < bytes.len() && matches!(bytes[i], b'Q' | b'C' | b'I' | b'E' | b'B' | b'T') {
        i += 1;
    }
    let digits_start = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    if i > digits_start && i < bytes.len() && matches!(bytes[i], b'.' | b':' | b')') {
        let rest = &t[i + 1..];
        if rest.starts_with(' ') {
            return lead + i + 1 + (rest.len() - rest.trim_start().len());
        }
    }
    0
}

/// Answer prefixes: `A:`, `A.`, `Answer:`.
pub fn answer_prefix(text: &str) -> usize {
    let t = text.trim_start();
    let lead = text.len() - t.len();
    let first = t.as_bytes().first().copied();
    for p in ANSWER_PREFIXES
        .iter()
        .filter(|p| p.as_bytes().first().copied() == first)
    {
        if let Some(rest) = t.strip_prefix(p) {
            return lead + p.len() + (rest.len() - rest.trim_start().len());
        }
    }
    0
}

/// True when a line of text is a question: it ends with `?` or starts with `Q:`.
pub fn is_question(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['*', '_', ' ']);
    t.ends_with('?') || t.ends_with('？') || {
        let p = question_prefix(t);
        p > 0 && (t.starts_with('Q') || t.starts_with("Question") || t.starts_with("F:"))
    }
}
