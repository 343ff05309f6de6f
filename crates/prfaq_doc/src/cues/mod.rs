//! The textual cues the parser reads: what a heading or label names, what a dateline,
//! a quote, a question or a call to action looks like.
//!
//! These are small curated word lists and shapes, not tuned to any one document: a
//! heading names a part when it contains one of the part's synonyms; a dateline is a
//! short place-and-date prefix ended by a dash; a quote is quoted speech with a speaker.
//! The word lists that have moved out of the code live in `data/en/` of this crate,
//! one phrase a line, and are compiled in (`phrases`).

mod headings;
mod index;
pub mod phrases;
mod script;

pub use headings::*;
pub use script::*;

use std::ops::Range;

use phrases::{List, list};

/// Lowercases a label and strips numbering, markers and punctuation at its ends.
pub fn normalize(text: &str) -> String {
    if lowercase_is_ascii_lowercase(text) {
        // Only the kept slice is copied, once.
        normalized(text).to_ascii_lowercase()
    } else {
        normalized(&text.to_lowercase()).to_owned()
    }
}

/// [`normalize`] for a label or heading, with each run of white space inside it read as
/// one space: a label typed with two spaces or broken over two lines reads as written on
/// one. Labels are short; the bytes are read once more only for that.
pub fn normalize_label(text: &str) -> String {
    let n = normalize(text);
    let mut space = false;
    let irregular = n.bytes().any(|b| {
        let odd = b.is_ascii_whitespace() && (space || b != b' ');
        space = b == b' ';
        odd
    }) || !n.is_ascii() && n.chars().any(|c| c.is_whitespace() && c != ' ');
    if irregular {
        n.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        n
    }
}

/// True when `text.to_lowercase()` is `text.to_ascii_lowercase()`, byte for byte: every
/// character beyond ASCII (a dash, a curly quote, the code placeholder) is its own
/// lowercase. Only the bytes beyond ASCII are decoded.
fn lowercase_is_ascii_lowercase(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(found) = first_beyond_ascii(&bytes[at..]) {
        let start = at + found;
        let Some(c) = text[start..].chars().next() else {
            break;
        };
        let mut lower = c.to_lowercase();
        if lower.next() != Some(c) || lower.next().is_some() {
            return false;
        }
        at = start + c.len_utf8();
    }
    true
}

/// Where the first byte beyond ASCII is, reading eight bytes at a time.
fn first_beyond_ascii(bytes: &[u8]) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let word = u64::from_ne_bytes(chunk.try_into().expect("eight bytes"));
        if word & HIGH != 0 {
            break;
        }
        base += 8;
    }
    bytes[base..]
        .iter()
        .position(|b| !b.is_ascii())
        .map(|i| base + i)
}

/// What [`normalize`] keeps of `text`, as a slice of it, with case left alone: `text`
/// is already lowercase, or its lowercase is its ASCII lowercase
/// ([`lowercase_is_ascii_lowercase`]) and the slice is lowercased as ASCII. No step here
/// depends on case but the `part ` prefix, which is compared without it.
fn normalized(text: &str) -> &str {
    let trimmed = text.trim_matches(|c: char| !c.is_alphanumeric());
    // Drop leading numbering such as `1.`, `2)`, `iv.`, `part 1 —`.
    let mut s = trimmed;
    if let Some(rest) = s
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("part "))
        .map(|_| &s[5..])
    {
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
        s = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
    }
    let digits = s.trim_start_matches(|c: char| c.is_ascii_digit());
    if digits.len() < s.len() && digits.starts_with(['.', ')', ' ', ':']) {
        s = digits.trim_start_matches(|c: char| !c.is_alphanumeric());
    }
    s.trim_matches(|c: char| !c.is_alphanumeric())
}

/// True when `text` read as [`normalize`] reads it is `marker`, or starts with it for a
/// marker that ends in `*`. A text whose lowercase is its ASCII lowercase is compared
/// in place, without a lowercase copy: most texts asked are whole paragraphs.
fn is_normalized_marker(text: &str, markers: &[&str]) -> bool {
    let matches = |n: &str, eq: fn(&str, &str) -> bool| {
        markers.iter().any(|marker| match marker.strip_suffix('*') {
            Some(start) => n.get(..start.len()).is_some_and(|head| eq(head, start)),
            None => eq(n, marker),
        })
    };
    if lowercase_is_ascii_lowercase(text) {
        // Each byte of the kept slice, lowercased as ASCII, is the byte of the copy.
        matches(normalized(text), |n, marker| {
            n.len() == marker.len()
                && n.bytes()
                    .zip(marker.bytes())
                    .all(|(a, b)| a.to_ascii_lowercase() == b)
        })
    } else {
        matches(&normalize(text), |a, b| a == b)
    }
}

/// True when `phrase` occurs in `hay` on word boundaries (both already lowercase).
pub fn has_phrase(hay: &str, phrase: &str) -> bool {
    let mut from = 0;
    while let Some(found) = find_short(&hay[from..], phrase) {
        let start = from + found;
        let end = start + phrase.len();
        let before = hay[..start].chars().next_back();
        let after = hay[end..].chars().next();
        let boundary = |c: Option<char>, edge: Option<char>| {
            c.is_none_or(|c| !c.is_alphanumeric() || is_cjk(c)) || edge.is_some_and(is_cjk)
        };
        if boundary(before, phrase.chars().next()) && boundary(after, phrase.chars().next_back()) {
            return true;
        }
        from = start + phrase.len().max(1);
        while !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// The first occurrence of `needle` in `hay`, as `str::find` gives it.
///
/// Cues are short and are looked for in short texts, thousands of times per document:
/// `str::find` prepares a two-way searcher on every call, which costs more than the
/// search. Scanning for the first byte (`memchr`) and comparing there is cheaper at
/// these sizes.
/// The first byte of a string never continues a character, so every match starts on a
/// character boundary, as with `str::find`.
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

/// Month names and their short forms, matched as whole words: a set, as every word of
/// a text is looked up.
static MONTHS: std::sync::LazyLock<foldhash::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| phrases::all("months").into_iter().collect());

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
/// the same place, the one listed first. Every dash starts with a space or with the
/// lead byte of `—` and `–`, so only those places are looked at.
fn first_dash(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = memchr::memchr2(b' ', 0xE2, &bytes[from..]) {
        let at = from + at;
        if let Some(dash) = DASHES
            .iter()
            .find(|d| bytes[at..].starts_with(d.as_bytes()))
        {
            return Some((at, dash.len()));
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

/// The quote characters that open speech, and the characters that may close each.
/// German and Polish writers open with `„` and close with `“` or a straight `"`.
const QUOTE_PAIRS: &[(char, &[char])] = &[
    ('"', &['"']),
    ('“', &['”', '"']),
    ('„', &['“', '"', '”']),
    ('«', &['»']),
    ('»', &['«']),
    ('‘', &['’']),
    ('「', &['」']),
    ('『', &['』']),
    ('‹', &['›']),
];

/// The byte ranges of quoted speech in `text` (inside the quote marks).
pub fn quoted_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some((at, c)) = next_quote_mark(text, from) {
        from = at + c.len_utf8();
        let Some(&(_, closers)) = QUOTE_PAIRS.iter().find(|(open, _)| *open == c) else {
            continue;
        };
        // A single quote only opens speech at a word start (not an apostrophe).
        if c == '‘' {
            let prev = text[..at].chars().next_back();
            if prev.is_some_and(|p| p.is_alphanumeric()) {
                continue;
            }
        }
        let start = from;
        let mut end = None;
        while let Some((at, d)) = next_quote_mark(text, from) {
            from = at + d.len_utf8();
            if closers.contains(&d) {
                end = Some(at);
                break;
            }
        }
        match end {
            Some(end) => out.push(start..end),
            // An unclosed quote runs to the end (quotes spanning paragraphs are common).
            None => out.push(start..text.len()),
        }
    }
    out
}

/// Where from byte `from` of `text` (a character boundary) the next character that
/// may be a quote mark starts, and that character: a straight double quote or a
/// character whose first byte is that of a mark of [`QUOTE_PAIRS`] (`«` and `»` start
/// with 0xC2, the curly and angle quotes with 0xE2, the corner brackets with 0xE3),
/// found with `memchr`.
fn next_quote_mark(text: &str, from: usize) -> Option<(usize, char)> {
    let hay = &text.as_bytes()[from..];
    let most = memchr::memchr3(b'"', 0xE2, 0xC2, hay);
    let corner = memchr::memchr(0xE3, &hay[..most.unwrap_or(hay.len())]);
    let at = from + corner.or(most)?;
    Some((at, text[at..].chars().next()?))
}

/// Verbs that attribute speech.
static SAID: List = list!("said");

/// The speaker of the quote in `text`, as written, when it names one.
///
/// Looks for `said NAME, ROLE`, `NAME, ROLE, said`, and attribution lines such as
/// `— Dana Lee, head of product` or `--Dana Lee`.
pub fn speaker(text: &str) -> Option<String> {
    let quoted = quoted_ranges(text);
    // Text outside the quotes, where the attribution lives.
    let mut outside = String::new();
    let mut last = 0;
    for r in &quoted {
        let open = text[..r.start]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i);
        outside.push_str(&text[last..open]);
        outside.push_str(" ¶ ");
        last = (r.end + text[r.end..].chars().next().map_or(0, char::len_utf8)).min(text.len());
    }
    outside.push_str(&text[last..]);
    let lower = outside.to_lowercase();
    // A verb written with letters beyond ASCII is not in a text without them.
    let ascii = lower.is_ascii();
    for verb in SAID.iter().filter(|v| !ascii || v.is_ascii()) {
        let mut from = 0;
        while let Some(found) = find_short(&lower[from..], verb) {
            let at = from + found;
            from = at + verb.len();
            let next = lower[from..].chars().next().map_or(0, char::len_utf8);
            if !has_phrase(&lower[at..from + next], verb) {
                continue;
            }
            // In Chinese, Japanese and Korean the speaker comes before the verb:
            // `」と、代表の山田花子は述べています`.
            let before_only = verb.starts_with(is_cjk);
            // After the verb: `said Dana Lee, head of product.`
            let after = outside[at + verb.len()..]
                .trim_start_matches([' ', ',', ':'])
                .split(['¶', '\n'])
                .next()
                .unwrap_or("");
            let after = cut_sentence(after);
            if !before_only && !after.is_empty() && after.split_whitespace().count() <= 25 {
                return Some(after.to_owned());
            }
            // Before the verb: `Dana Lee, head of product, said`.
            let before = outside[..at]
                .rsplit(['¶', '\n', '.', '。'])
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches([',', ' ', '、', '，', '：', ':']);
            // `」と、山田花子は述べ`: the particle that closes the quote is no name.
            let before = before
                .strip_prefix("라고")
                .unwrap_or(before)
                .trim_start_matches(['と', '、', '，', ' ']);
            if !before.is_empty() && !more_words_than(before, 25) {
                return Some(before.to_owned());
            }
        }
    }
    // Attribution after a dash at the end: `— Dana Lee, head of product`.
    for dash in ["—", "–", "--", "―", "- ", "~"] {
        if let Some(at) = outside.rfind(dash) {
            let after = outside[at + dash.len()..].trim();
            let after = after.trim_matches(|c: char| c == '*' || c == '_' || c == ' ');
            if !after.is_empty()
                && after.split_whitespace().count() <= 20
                && !after.contains('¶')
                && after
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c == '[' || c == '<')
            {
                return Some(after.trim_end_matches('.').to_owned());
            }
        }
    }
    None
}

/// The speaker when a whole short line is an attribution (`Albert from San Francisco`,
/// `Dana Lee, head of product`): a few words starting with a capital and not ending a
/// sentence.
pub fn attribution_line(text: &str) -> Option<String> {
    let line = text
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == ' ');
    let words = line.split_whitespace().count();
    let starts = line
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c == '[' || c == '<');
    (starts && (1..=12).contains(&words) && !line.ends_with(['.', '!', '?', ':']))
        .then(|| line.to_owned())
}

fn cut_sentence(text: &str) -> &str {
    let mut end = text.len();
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'.' || b == b'!' || b == b'?' {
            // Keep abbreviations such as `Inc.` or initials inside the speaker.
            let next = bytes.get(i + 1).copied();
            let after = bytes.get(i + 2).copied();
            let word_start = text[..i].rfind(' ').map_or(0, |s| s + 1);
            let word = &text[word_start..i];
            let abbreviation = matches!(
                word,
                "Inc"
                    | "Corp"
                    | "Ltd"
                    | "Co"
                    | "Jr"
                    | "Sr"
                    | "Dr"
                    | "Mr"
                    | "Ms"
                    | "Mrs"
                    | "St"
                    | "Calif"
                    | "Wash"
            ) || word.len() == 1;
            if abbreviation && next == Some(b' ') && after.is_some_and(|c| c.is_ascii_uppercase()) {
                continue;
            }
            if abbreviation && next.is_none() {
                continue;
            }
            end = i;
            break;
        }
    }
    text[..end].trim()
}

/// True when `text` has quoted speech long enough to be a quote rather than a term in
/// quotation marks.
pub fn has_speech(text: &str) -> bool {
    quoted_ranges(text)
        .iter()
        .any(|r| more_words_than(&text[r.clone()], 5))
}

/// Words that make a speaker someone from the launching company.
static LEADER_WORDS: List = list!("leader-speaker");
/// Words that make a speaker a customer, when no leader word says otherwise.
static CUSTOMER_SPEAKER_WORDS: List = list!("customer-speaker");

/// Whether a speaker reads as someone from the launching company (leader) or as a
/// customer. `None` when the words do not say.
pub fn speaker_is_leader(speaker: &str) -> Option<bool> {
    let lower = speaker.to_lowercase();
    // "a nurse in Beaverton", "a product lead at a grocery start-up": anonymous members
    // of the public are customers, unless they are a spokesperson.
    let anonymous =
        lower.starts_with("a ") || lower.starts_with("an ") || lower.starts_with("one ");
    if anonymous && !has_any(&lower, &["spokesperson", "founder", "ceo"]) {
        return Some(false);
    }
    if has_any(
        &lower,
        &["customer", "user", "beta tester", "early adopter"],
    ) {
        return Some(false);
    }
    if has_any(&lower, &LEADER_WORDS) {
        return Some(true);
    }
    if has_any(&lower, &CUSTOMER_SPEAKER_WORDS) {
        return Some(false);
    }
    None
}

// How questions and answers open, as written: tried in order.
static QUESTION_PREFIXES: List = list!("question-prefixes");
static ANSWER_PREFIXES: List = list!("answer-prefixes");
/// Interrogative words that make a heading in an FAQ a question even without `?`.
pub(crate) static QUESTION_WORDS: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| phrases::all("question-words").into_iter().collect());

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

/// The words of `text` as body cues read them: runs of letters, digits, apostrophes and
/// hyphens (without those at their ends), and each character of Chinese, Japanese or
/// Korean alone, those scripts having no spaces or particles attached.
fn cue_words(text: &str) -> Vec<&str> {
    fn split(text: &str) -> impl Iterator<Item = &str> {
        text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
            .map(|w: &str| w.trim_matches(|c| c == '\'' || c == '-'))
            .filter(|w| !w.is_empty())
    }
    if text.is_ascii() {
        return split(text).collect();
    }
    let mut out = Vec::new();
    let mut from = 0;
    for (at, c) in text.char_indices() {
        if is_cjk(c) {
            out.extend(split(&text[from..at]));
            out.push(&text[at..at + c.len_utf8()]);
            from = at + c.len_utf8();
        }
    }
    out.extend(split(&text[from..]));
    out
}

/// A cue list ready for matching against the words of a text, indexed by first word.
struct Cues {
    entries: Vec<(Vec<&'static str>, bool)>,
    by_first: std::collections::HashMap<&'static str, Vec<usize>>,
    /// Entries whose only word is a prefix (`frustrat*`).
    prefixes: Vec<usize>,
}

impl Cues {
    fn new(list: &[&'static str]) -> Cues {
        let mut cues = Cues {
            entries: Vec::new(),
            by_first: std::collections::HashMap::new(),
            prefixes: Vec::new(),
        };
        for cue in list {
            let prefix = cue.ends_with('*');
            let words: Vec<&'static str> = cue_words(cue.trim_end_matches('*'));
            let index = cues.entries.len();
            if prefix && words.len() == 1 {
                cues.prefixes.push(index);
            } else {
                cues.by_first.entry(words[0]).or_default().push(index);
            }
            cues.entries.push((words, prefix));
        }
        cues
    }

    fn matches_at(&self, index: usize, words: &[&str], at: usize) -> bool {
        let (cue, prefix) = &self.entries[index];
        if at + cue.len() > words.len() {
            return false;
        }
        cue.iter().enumerate().all(|(k, w)| {
            if *prefix && k + 1 == cue.len() {
                words[at + k].starts_with(w)
            } else {
                words[at + k] == *w
            }
        })
    }

    /// How many different cues occur in `words`.
    fn count(&self, words: &[&str]) -> u32 {
        let mut seen = vec![false; self.entries.len()];
        for at in 0..words.len() {
            if let Some(candidates) = self.by_first.get(words[at]) {
                for &index in candidates {
                    if !seen[index] && self.matches_at(index, words, at) {
                        seen[index] = true;
                    }
                }
            }
            for &index in &self.prefixes {
                if !seen[index] && self.matches_at(index, words, at) {
                    seen[index] = true;
                }
            }
        }
        seen.iter().filter(|s| **s).count() as u32
    }
}

/// The body cue lists: words that show a problem (someone hurts, waits, pays or
/// cannot), a solution (the product arrives and does something for someone), how it
/// works, and a call to action. A trailing `*` matches any ending of the last word.
static CUE_LISTS: std::sync::LazyLock<[Cues; 4]> = std::sync::LazyLock::new(|| {
    [
        Cues::new(&phrases::all("problem-cues")),
        Cues::new(&phrases::all("solution-cues")),
        Cues::new(&phrases::all("how-it-works-cues")),
        Cues::new(&phrases::all("call-to-action-cues")),
    ]
});

/// How strongly `text` reads as each body part: (problem, solution, how, cta).
pub fn body_scores(text: &str, has_link: bool) -> (u32, u32, u32, u32) {
    let lower = text.to_lowercase().replace('’', "'");
    let words = cue_words(&lower);
    let [problem, solution, how, cta] = &*CUE_LISTS;
    let url = has_link
        || lower.contains("http://")
        || lower.contains("https://")
        || lower.contains("www.")
        || has_domain(&lower);
    (
        problem.count(&words),
        solution.count(&words),
        how.count(&words),
        cta.count(&words) * 2 + if url { 4 } else { 0 },
    )
}

/// The verbs that open an instruction to the reader, each as its words.
static INSTRUCTION_VERBS: std::sync::LazyLock<Vec<Vec<&'static str>>> =
    std::sync::LazyLock::new(|| {
        phrases::all("instruction-verbs")
            .into_iter()
            .map(cue_words)
            .filter(|words| !words.is_empty())
            .collect()
    });
/// The words an instruction's single verb acts on, and those that may come before it:
/// short lists, scanned (cheaper than hashing the word).
static INSTRUCTION_OBJECTS: List = list!("instruction-objects");
static INSTRUCTION_ADVERBS: List = list!("instruction-adverbs");

/// True when a sentence of `text` is an instruction to the reader on using the product:
/// it opens with a verb of use and what the verb acts on ("Point your camera at …",
/// "Open the app, tap …") or a phrase of use ("Just go to …"). Each sentence's first
/// words are read once.
pub fn has_instruction(text: &str) -> bool {
    let mut at_start = true;
    let mut after_stop = false;
    // The letters and digits just read, and whether they are a single letter.
    let mut run = 0;
    let mut letter = false;
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if at_start && opens_instruction(&text[at..]) {
                return true;
            }
            at_start = false;
            after_stop = false;
            run += 1;
            letter = c.is_alphabetic();
            continue;
        }
        if matches!(c, '.' | '!' | '?' | ';' | ':' | '。' | '！' | '？') {
            // A single letter before a full stop is an abbreviation (`e.g.`, `J. Lee`).
            after_stop = !(c == '.' && run == 1 && letter);
        } else if c.is_whitespace() {
            at_start |= after_stop;
        } else if c == ',' {
            after_stop = false;
        }
        run = 0;
    }
    false
}

/// True when `sentence` opens with an instruction's verb, after at most one adverb.
fn opens_instruction(sentence: &str) -> bool {
    // The first few words are enough: an adverb, a verb of up to two words, its object.
    let mut end = sentence.len().min(48);
    while !sentence.is_char_boundary(end) {
        end -= 1;
    }
    let lower = sentence[..end].to_lowercase();
    let mut words = cue_words(&lower);
    if end < sentence.len() {
        // The last word may be cut.
        words.pop();
    }
    let from = usize::from(words.len() > 1 && INSTRUCTION_ADVERBS.contains(&words[0]));
    let words = &words[from..words.len().min(from + 4)];
    INSTRUCTION_VERBS.iter().any(|verb| {
        words.starts_with(verb)
            && (verb.len() > 1
                || words
                    .get(verb.len())
                    .is_some_and(|w| INSTRUCTION_OBJECTS.contains(w)))
    })
}

/// True when text names a web address such as `example.com/start`.
fn has_domain(lower: &str) -> bool {
    lower.split_whitespace().any(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '/')
            .trim_end_matches('.');
        let Some(dot) = w.rfind('.') else {
            return false;
        };
        let tld = w[dot + 1..].split('/').next().unwrap_or("");
        dot > 0
            && matches!(
                tld,
                "com" | "org" | "io" | "dev" | "app" | "net" | "co" | "ai" | "de" | "example"
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Audience, PartKind};

    #[test]
    fn find_short_finds_what_find_finds() {
        let hays = [
            "",
            "a",
            "the cat sat",
            "aaab",
            "café crème",
            "ab ab",
            "naïve ïn",
        ];
        let needles = [
            "",
            "a",
            "ab",
            "cat",
            "sat",
            "aab",
            "crème",
            "é",
            "ïn",
            "x",
            "the cat sat!",
        ];
        for hay in hays {
            for needle in needles {
                assert_eq!(
                    find_short(hay, needle),
                    hay.find(needle),
                    "{needle:?} in {hay:?}"
                );
            }
        }
    }

    #[test]
    fn word_counts_read_as_split_whitespace_does() {
        let texts = [
            "",
            "   ",
            "one",
            " one two  three ",
            "a\u{b}b\u{c}c\td\re\nf",
            "café au lait and more words here",
            "naïve\u{a0}words\u{2003}with\u{3000}wide spaces",
            "one two\u{a0}",
            "word\u{2003}",
            "é é é é é",
        ];
        for text in texts {
            for n in 0..8 {
                assert_eq!(
                    more_words_than(text, n),
                    text.split_whitespace().nth(n).is_some(),
                    "{text:?} with n = {n}"
                );
            }
        }
    }

    #[test]
    fn heading_roles() {
        // A headline that mentions questions or a journey is not the FAQ or the journey.
        assert_eq!(
            heading_role("Treeline answers money questions in plain words"),
            Role::Other
        );
        assert_eq!(
            heading_role("Acme makes every commuter's journey ten minutes shorter"),
            Role::Other
        );
        assert_eq!(heading_role("The Problem"), Role::Part(PartKind::Problem));
        assert_eq!(
            heading_role("## Our solution"),
            Role::Part(PartKind::Solution)
        );
        assert_eq!(
            heading_role("Quote from a customer"),
            Role::Part(PartKind::CustomerQuote)
        );
        assert_eq!(
            heading_role("How to Get Started / Closing and Call to Action"),
            Role::Part(PartKind::CallToAction)
        );
        assert_eq!(
            heading_role("Internal FAQs"),
            Role::Faq(Some(Audience::Internal))
        );
        assert_eq!(
            heading_role("Stakeholder FAQ"),
            Role::Faq(Some(Audience::Internal))
        );
        assert_eq!(
            heading_role("Customer Questions"),
            Role::Faq(Some(Audience::Customer))
        );
        assert_eq!(heading_role("Frequently Asked Questions"), Role::Faq(None));
        assert_eq!(
            heading_role("PRFAQ: smallhold"),
            Role::Title { named: true }
        );
        assert_eq!(heading_role("PRFAQ"), Role::Title { named: false });
        assert_eq!(heading_role("Part 1 — Press Release"), Role::PressRelease);
        assert_eq!(heading_role("User journey"), Role::Journey);
        assert_eq!(heading_role("Out of scope"), Role::Scope(Some(false)));
        assert_eq!(heading_role("What does it cost?"), Role::Other);
        assert_eq!(heading_role("Appendix"), Role::Other);
        // A label typed with two spaces or broken over lines reads as on one line.
        for text in [
            "How  it works",
            "How it\nworks",
            "How\u{a0}it works",
            "How \t it works",
        ] {
            assert_eq!(
                heading_role(text),
                Role::Part(PartKind::HowItWorks),
                "{text:?}"
            );
        }
        assert!(names_start_and_call(
            "How to Get Started / Closing and Call to Action"
        ));
        assert!(names_start_and_call("Availability and getting  started"));
        // Features name how it works, weighed by what their text tells.
        for text in ["Key features", "Capabilities", "主な機能", "Funktionen"] {
            assert_eq!(
                heading_role(text),
                Role::Part(PartKind::HowItWorks),
                "{text:?}"
            );
            assert!(is_feature_label(text), "{text:?}");
        }
        assert!(!is_feature_label("How it works: key features"));
        // The press release's name beside a product name, in any script, names it; a
        // headline that mentions it does not.
        for text in [
            "報道資料：ひとくち予約",
            "Press release: Acme Quick Reorder",
            "Pressemitteilung: Hofladen direkt",
            "보도자료: 동네책방 예약",
        ] {
            assert_eq!(heading_role(text), Role::PressRelease, "{text:?}");
        }
        assert_eq!(
            heading_role("Press release: Acme launches a one-tap grocery reorder"),
            Role::Other
        );
        assert!(!is_feature_label("How it works"));
        assert!(!names_start_and_call("Getting started"));
        assert!(!names_start_and_call("Call to action"));
    }

    #[test]
    fn instructions_to_the_reader() {
        for text in [
            "Point your camera at a mountain, and the search finds a verse.",
            "It ships today. Open the app, tap Split and the bill is shared.",
            "Just go to our website and start watching.",
            "Setup is quick: simply point it at a repository.",
            "\"Then tap the card.\"",
            "It comes with a visual search.  Point  your camera at a brook.",
        ] {
            assert!(has_instruction(text), "{text:?}");
        }
        for text in [
            "Open source teams maintain it.",
            "Point of sale systems keep their data.",
            "Type safety comes first.",
            "Select customers can try it.",
            "Customers point their camera at a shelf.",
            "Download the app today.",
            "Imagine your week with no paperwork.",
            "The team will open the office, e.g. tap the card.",
            "",
        ] {
            assert!(!has_instruction(text), "{text:?}");
        }
    }

    #[test]
    fn datelines() {
        let t = "SEATTLE — March 1, 2027 — Parents can now reorder.";
        assert_eq!(
            &t[..dateline_prefix(t).unwrap()],
            "SEATTLE — March 1, 2027 — "
        );
        let t = "Seattle, WA — A new open-source project ships.";
        assert_eq!(&t[..dateline_prefix(t).unwrap()], "Seattle, WA — ");
        let t = "LISBON – (Mar 2026) – a new talk titled";
        assert_eq!(&t[..dateline_prefix(t).unwrap()], "LISBON – (Mar 2026) – ");
        assert!(dateline_prefix("Teams today lose hours — every week — to manual work.").is_none());
        assert!(dateline_prefix("The fediverse has a problem — it is hard.").is_none());
        assert!(is_date_line("Luxembourg — February 2026"));
        assert!(is_date_line("FOR RELEASE — SEPTEMBER 2026"));
        assert!(is_date_line("March 1, 2027"));
        assert!(!is_date_line("FOR IMMEDIATE RELEASE"));
        assert!(!is_date_line(
            "Today we announce the launch of a new way to reorder groceries every week."
        ));
        // A sentence in a script without spaces after the dateline is the summary, not
        // part of a date line.
        assert!(is_date_line("名古屋 — 2026年9月1日"));
        assert!(!is_date_line(
            "名古屋 — 2026年9月1日 — ひとくち予約は本日、パン屋の取り置きアプリを発表しました。"
        ));
    }

    #[test]
    fn speakers() {
        assert_eq!(
            speaker(
                "\"It is great and I love it so much,\" said Dana Lee, head of product at Acme."
            )
            .as_deref(),
            Some("Dana Lee, head of product at Acme")
        );
        assert_eq!(
            speaker("Dana Lee said, “We built this for every parent in town today.”").as_deref(),
            Some("Dana Lee")
        );
        assert_eq!(
            speaker("\"Wow. This is a product I would actually use.\" --Veliko Markov").as_deref(),
            Some("Veliko Markov")
        );
        assert_eq!(
            speaker("\"No speaker here at all, just words in quotes.\""),
            None
        );
        assert_eq!(speaker_is_leader("Dana Lee, CEO of Acme"), Some(true));
        assert_eq!(speaker_is_leader("a nurse in Beaverton"), Some(false));
        assert_eq!(
            speaker_is_leader("a product lead at a grocery start-up"),
            Some(false)
        );
        assert_eq!(speaker_is_leader("Veliko Markov"), None);
    }

    #[test]
    fn questions() {
        assert!(is_question("Who is it for?"));
        assert!(is_question("Q: Who is it for"));
        assert_eq!(question_prefix("Q: Who?"), 3);
        assert_eq!(question_prefix("C1. Who is it for?"), 4);
        assert_eq!(answer_prefix("A: Parents."), 3);
        assert!(!is_question("Parents who buy groceries."));
    }

    /// Every mark of `QUOTE_PAIRS` starts with a byte `next_quote_mark` looks for.
    #[test]
    fn every_quote_mark_starts_with_a_byte_looked_for() {
        for (open, closers) in QUOTE_PAIRS {
            for mark in std::iter::once(open).chain(closers.iter()) {
                let text = format!("ab{mark}cd");
                assert_eq!(next_quote_mark(&text, 0), Some((2, *mark)), "{mark}");
            }
        }
        assert_eq!(next_quote_mark("a — b", 0), Some((2, '—')));
        assert_eq!(next_quote_mark("plain text, no marks", 0), None);
    }

    #[test]
    fn release_markers_are_whole_lines_or_a_starred_start() {
        assert!(is_release_marker("FOR IMMEDIATE RELEASE"));
        assert!(is_release_marker("Embargoed"));
        assert!(is_release_marker("Embargoed until March 1, 2027"));
        assert!(is_release_marker("**Draft**"));
        assert!(!is_release_marker("Embargoed news travels fast"));
        assert!(!is_release_marker("Draft the reply for me"));
        assert!(!is_release_marker("Our press release"));
    }

    /// An ASCII text is compared in place, any other through its lowercase copy: both
    /// answer as comparing the normalised copy does.
    #[test]
    fn markers_compared_in_place_as_on_the_lowercase_copy() {
        let markers = ["draft", "embargoed until*", "für alle*", "Upper"];
        let by_copy = |text: &str| {
            let n = normalize(text);
            markers.iter().any(|m| match m.strip_suffix('*') {
                Some(start) => n.starts_with(start),
                None => n == *m,
            })
        };
        for text in [
            "",
            "Draft",
            "DRAFT.",
            "**Draft**",
            "1. Draft",
            "Part 2 — Draft",
            "PART IV: draft",
            "parts draft",
            "Drafts",
            "Draf",
            "Embargoed Until March 1",
            "embargoed untilmarch",
            "Embargoed",
            "Für alle Eltern",
            "FÜR ALLE",
            "Dräft",
            "Upper",
            "upper",
            "Part Ü — draft",
            "— Draft —",
            "“Draft”",
            "Draft\u{FFFC}",
            "ΣΑΣ draft",
            "İ draft",
            "KELVIN \u{212A}",
        ] {
            let lower = text.to_lowercase();
            assert_eq!(
                lower == text.to_ascii_lowercase(),
                lowercase_is_ascii_lowercase(text),
                "{text:?}"
            );
            assert_eq!(
                normalize(text),
                normalized(&lower),
                "{text:?}: normalised in place as on the lowercase copy"
            );
            assert_eq!(
                is_normalized_marker(text, &markers),
                by_copy(text),
                "{text:?}"
            );
        }
    }
}
