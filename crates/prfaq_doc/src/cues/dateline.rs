//! Datelines and dates: a place and a date before a dash, a line that is only a date.

use super::phrases::{List, list};
use super::{has_any, more_words_than, normalize};

/// Month names and their short forms, matched as whole words: a set, as every word of
/// a text is looked up.
static MONTHS: std::sync::LazyLock<foldhash::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| list!("months").iter().copied().collect());

/// True when `text` holds something that reads as a date: a month name, a year, a
/// numeric date, a quarter, or a date placeholder such as `[LAUNCH DATE]`.
pub fn has_date(text: &str) -> bool {
    let lower = text.to_lowercase();
    // Month names by word (one pass), not a substring search per month.
    // "may" is also a verb: as a month it comes with a day or a year.
    let digits = lower.bytes().any(|b| b.is_ascii_digit());
    if lower
        .split(|c: char| !c.is_alphabetic())
        .any(|w| !w.is_empty() && MONTHS.contains(w) && (w != "may" || digits))
    {
        return true;
    }
    if lower.contains("date") && (lower.contains('[') || lower.contains('<') || lower.contains('{'))
    {
        return true;
    }
    if has_any(&lower, &["q1", "q2", "q3", "q4", "h1", "h2"])
        && lower.split_whitespace().count() <= 4
    {
        return true;
    }
    // A month or day written with its Chinese, Japanese or Korean counter (`6月26日`,
    // `6월 26일`).
    if lower.contains(['月', '日', '월', '일'])
        && lower
            .char_indices()
            .filter(|(_, c)| matches!(c, '月' | '日' | '월' | '일'))
            .any(|(at, _)| {
                lower[..at]
                    .trim_end()
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_digit())
            })
    {
        return true;
    }
    // A four-digit year 1900–2099, or a numeric date like 3/1/2027 or 2027-03-01.
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let run = &lower[start..i];
            let before_ok = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
            let after_ok = i == bytes.len() || !bytes[i].is_ascii_alphabetic();
            if run.len() == 4
                && (run.starts_with("19") || run.starts_with("20"))
                && before_ok
                && after_ok
            {
                return true;
            }
            if run.len() <= 4 && i < bytes.len() && matches!(bytes[i], b'/' | b'-' | b'.') {
                let next = i + 1;
                if next < bytes.len() && bytes[next].is_ascii_digit() && run.len() <= 2 {
                    return true;
                }
            }
        } else {
            i += 1;
        }
    }
    false
}

/// True when a short text reads as a place: capitalised words, optionally with a state
/// (`Seattle, WA`, `SAN FRANCISCO`, `Beilstein`), or a placeholder (`[CITY]`).
pub fn looks_like_place(text: &str) -> bool {
    let t = text.trim().trim_matches(|c: char| c == '*' || c == '_');
    if t.is_empty() || t.split_whitespace().count() > 6 {
        return false;
    }
    if t.starts_with('[') || t.starts_with('<') {
        return true;
    }
    // A place is one word, a `City, State` pair, or written in capitals; two capitalised
    // words alone ("Introducing Tangent") are more often a title than a place.
    let words: Vec<&str> = t.split_whitespace().collect();
    // A script without case (Japanese, Korean, Chinese) writes every place as capitals.
    let capitals = t
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase() || !c.is_lowercase());
    if words.len() > 1 && !t.contains(',') && !capitals {
        return false;
    }
    if NOT_PLACES.iter().any(|w| words[0].eq_ignore_ascii_case(w)) {
        return false;
    }
    t.split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|w| !w.is_empty())
        .all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_alphabetic() && !c.is_lowercase())
                || matches!(
                    w,
                    "de" | "del" | "la" | "le" | "am" | "an" | "der" | "upon" | "on"
                )
        })
}

/// Capitalised words that open sentences or titles, never a dateline's place.
static NOT_PLACES: List = list!("not-places");

const DASHES: &[&str] = &[" — ", "—", " – ", "–", " -- ", " - "];

/// If `text` opens with a dateline (`SEATTLE — March 1, 2027 —`, `Seattle, WA —`,
/// `LISBON – (Mar 2026) –`), the byte length of that prefix including the last dash.
pub fn dateline_prefix(text: &str) -> Option<usize> {
    // The first 120 characters, borrowed.
    let head = if text.len() <= 120 {
        text
    } else if text.as_bytes()[..120].is_ascii() {
        &text[..120]
    } else {
        &text[..text
            .char_indices()
            .nth(120)
            .map_or(text.len(), |(at, _)| at)]
    };
    // Find up to two dash-separated leading segments.
    let mut consumed = 0;
    let mut segments: Vec<&str> = Vec::with_capacity(2);
    let mut rest = head;
    for _ in 0..2 {
        let Some((at, len)) = first_dash(rest) else {
            break;
        };
        let segment = rest[..at].trim();
        if segment.is_empty() || segment.split_whitespace().count() > 8 {
            break;
        }
        // A segment ending in a sentence is body text, not a dateline.
        if segment.ends_with('.') && !segment.ends_with("St.") && segment.len() > 25 {
            break;
        }
        segments.push(segment);
        consumed += at + len;
        rest = &head[consumed..];
    }
    // Keep the longest prefix whose segments are places or dates: each segment is read
    // once, as a place or date (`real`) and else as a release label.
    let real: Vec<bool> = segments
        .iter()
        .map(|s| has_date(s) || looks_like_place(s))
        .collect();
    for n in (1..=segments.len()).rev() {
        let ok = (0..n).all(|i| real[i] || is_release_label(segments[i]));
        if ok && real[..n].contains(&true) {
            return Some(dateline_len(text, n));
        }
    }
    None
}

/// The first of [`DASHES`] in `text`: where it starts and its length. Where two start at
/// the same place, the one listed first. Every dash holds a `-` or the lead byte of `—`
/// and `–` (0xE2), after at most one space: only the places of those bytes are looked
/// at (spaces are everywhere, those bytes rare), each with the space before it first.
fn first_dash(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = memchr::memchr2(b'-', 0xE2, &bytes[from..]) {
        let at = from + at;
        let spaced = (at > 0 && bytes[at - 1] == b' ').then(|| at - 1);
        for start in spaced.into_iter().chain([at]) {
            if let Some(dash) = DASHES
                .iter()
                .find(|d| bytes[start..].starts_with(d.as_bytes()))
            {
                return Some((start, dash.len()));
            }
        }
        from = at + 1;
    }
    None
}

fn is_release_label(text: &str) -> bool {
    let n = normalize(text);
    n.starts_with("for release") || n == "for immediate release" || n == "open source"
}

/// The byte length of the first `n` dash-separated segments of `text`, dashes included.
fn dateline_len(text: &str, n: usize) -> usize {
    let mut consumed = 0;
    for _ in 0..n {
        let rest = &text[consumed..];
        let Some((at, len)) = first_dash(rest) else {
            break;
        };
        consumed += at + len;
    }
    consumed
}

/// True when a short standalone line is only a place and/or date (`Luxembourg —
/// February 2026`, `**March 1, 2027**`, `FOR RELEASE — SEPTEMBER 2026`).
pub fn is_date_line(text: &str) -> bool {
    let t = text.trim().trim_matches(|c: char| c == '*' || c == '_');
    // Words as `word_count` counts them: a sentence in a script without spaces is long.
    if t.is_empty() || more_words_than(t, 12) {
        return false;
    }
    if let Some(len) = dateline_prefix(t)
        && (t[len..].trim().is_empty() || {
            let rest = t[len..].trim();
            has_date(rest) && !more_words_than(rest, 5)
        })
    {
        return true;
    }
    // A bare date, optionally preceded by a place and a comma (the cheap tests first).
    !t.ends_with(['?', '？'])
        && !more_words_than(t, 7)
        && has_date(t)
        && t.chars().filter(|c| c.is_alphabetic()).count() < 40
        && !t.to_lowercase().starts_with("today")
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    /// The first dash found by reading every space and 0xE2 byte in turn.
    fn every_space(text: &str) -> Option<(usize, usize)> {
        let bytes = text.as_bytes();
        (0..bytes.len())
            .filter(|&at| matches!(bytes[at], b' ' | 0xE2))
            .find_map(|at| {
                DASHES
                    .iter()
                    .find(|d| bytes[at..].starts_with(d.as_bytes()))
                    .map(|d| (at, d.len()))
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        /// The first dash as a reading of every space and 0xE2 byte finds it, on texts
        /// made of dashes, hyphens, spaces, curly quotes and letters.
        #[test]
        fn the_first_dash_is_found_where_every_space_is_read(
            pieces in prop::collection::vec(
                prop::sample::select(&["a", "Bc", " ", "  ", "-", "--", "—", "–", "’", "“", "é", "2026"][..]),
                0..16,
            )
        ) {
            let text = pieces.concat();
            prop_assert_eq!(first_dash(&text), every_space(&text), "{:?}", text);
        }
    }
}
