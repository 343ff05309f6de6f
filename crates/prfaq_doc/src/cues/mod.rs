//! The textual cues the parser reads: what a heading or label names, what a dateline,
//! a quote, a question or a call to action looks like.
//!
//! These are small curated word lists and shapes, not tuned to any one document: a
//! heading names a part when it contains one of the part's synonyms; a dateline is a
//! short place-and-date prefix ended by a dash; a quote is quoted speech with a speaker.
//! The word lists that have moved out of the code live in `data/en/` of this crate,
//! one phrase a line, and are compiled in (`phrases`).

mod phrases;

use std::ops::Range;

use crate::{Audience, PartKind};
use phrases::{List, Matcher, en, list};

/// What a heading (or a label line) announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A document title such as `PRFAQ: Quick Reorder`; `named` when it carries a name.
    Title {
        named: bool,
    },
    PressRelease,
    /// The FAQ or one of its sections; `None` when the heading does not say for whom.
    Faq(Option<Audience>),
    Part(PartKind),
    /// A quote section that does not say whose quote it is.
    Quote,
    Summary,
    Journey,
    Metrics,
    /// `Some(true)` for in scope, `Some(false)` for out of scope.
    Scope(Option<bool>),
    Other,
}

/// Lowercases a label and strips numbering, markers and punctuation at its ends.
pub fn normalize(text: &str) -> String {
    let lower = text.to_lowercase();
    let trimmed = lower.trim_matches(|c: char| !c.is_alphanumeric());
    // Drop leading numbering such as `1.`, `2)`, `iv.`, `part 1 —`.
    let mut s = trimmed;
    if let Some(rest) = s.strip_prefix("part ") {
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
        s = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
    }
    let digits = s.trim_start_matches(|c: char| c.is_ascii_digit());
    if digits.len() < s.len() && digits.starts_with(['.', ')', ' ', ':']) {
        s = digits.trim_start_matches(|c: char| !c.is_alphanumeric());
    }
    s.trim_matches(|c: char| !c.is_alphanumeric()).to_owned()
}

/// True when `phrase` occurs in `hay` on word boundaries (both already lowercase).
pub fn has_phrase(hay: &str, phrase: &str) -> bool {
    let mut from = 0;
    while let Some(found) = find_short(&hay[from..], phrase) {
        let start = from + found;
        let end = start + phrase.len();
        let before = hay[..start].chars().next_back();
        let after = hay[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if boundary(before) && boundary(after) {
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
/// search. Scanning for the first byte and comparing there is cheaper at these sizes.
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
        at += hay[at..=last].iter().position(|&b| b == first)?;
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

// What headings and labels name, from the lists in `data/en/`.
static TITLE_WORDS: List = list!("title-words");
static PRESS_RELEASE_WORDS: List = list!("press-release-words");
static FAQ_WORDS: List = list!("faq-words");
static CUSTOMER_WORDS: List = list!("customer-audience");
static INTERNAL_WORDS: List = list!("internal-audience");
static JOURNEY_WORDS: List = list!("journey-words");
static METRICS_WORDS: List = list!("metrics-words");
static OUT_OF_SCOPE_WORDS: List = list!("out-of-scope-words");
static IN_SCOPE_WORDS: List = list!("in-scope-words");
static QUOTE_WORDS: List = list!("quote-words");
static SUMMARY_WORDS: List = list!("summary-words");
static GETTING_STARTED_WORDS: List = list!("getting-started-words");
static CALL_TO_ACTION_LABEL_WORDS: List = list!("call-to-action-label-words");
static RELEASE_MARKERS: List = list!("release-markers");

/// The synonyms that make a heading or label name a part. Checked in this order, so the
/// more specific names (quotes, getting started) win over the general ones.
static PART_WORDS: std::sync::LazyLock<[(PartKind, Vec<&'static str>); 9]> =
    std::sync::LazyLock::new(|| {
        [
            (
                PartKind::Subheadline,
                phrases::entries(en!("part-synonyms/subheadline")),
            ),
            (
                PartKind::Headline,
                phrases::entries(en!("part-synonyms/headline")),
            ),
            (
                PartKind::Dateline,
                phrases::entries(en!("part-synonyms/dateline")),
            ),
            (
                PartKind::LeaderQuote,
                phrases::entries(en!("part-synonyms/leader-quote")),
            ),
            (
                PartKind::CustomerQuote,
                phrases::entries(en!("part-synonyms/customer-quote")),
            ),
            (
                PartKind::CallToAction,
                phrases::entries(en!("part-synonyms/call-to-action")),
            ),
            (
                PartKind::HowItWorks,
                phrases::entries(en!("part-synonyms/how-it-works")),
            ),
            (
                PartKind::Problem,
                phrases::entries(en!("part-synonyms/problem")),
            ),
            (
                PartKind::Solution,
                phrases::entries(en!("part-synonyms/solution")),
            ),
        ]
    });

/// The lists a heading's role is read from, by their bit in [`HEADING_LISTS`]. Bits
/// 7 to 15 are the part synonyms of [`PART_WORDS`], in its order.
mod bit {
    pub const TITLE: u32 = 1 << 0;
    pub const JOURNEY: u32 = 1 << 1;
    pub const METRICS: u32 = 1 << 2;
    pub const OUT_OF_SCOPE: u32 = 1 << 3;
    pub const IN_SCOPE: u32 = 1 << 4;
    pub const SCOPE: u32 = 1 << 5;
    pub const FAQ: u32 = 1 << 6;
    pub const PARTS: u32 = 7;
    pub const QUOTE: u32 = 1 << 16;
    pub const PRESS_RELEASE: u32 = 1 << 17;
    pub const SUMMARY: u32 = 1 << 18;
    pub const INTERNAL: u32 = 1 << 19;
    pub const CUSTOMER: u32 = 1 << 20;
    pub const GETTING_STARTED: u32 = 1 << 21;
    pub const CALL_TO_ACTION_LABEL: u32 = 1 << 22;
}

/// Every list a heading's role is read from, in one automaton: a heading is read once,
/// whatever the number of phrases.
static HEADING_LISTS: std::sync::LazyLock<Matcher> = std::sync::LazyLock::new(|| {
    let parts = &*PART_WORDS;
    Matcher::new(&[
        &TITLE_WORDS,
        &JOURNEY_WORDS,
        &METRICS_WORDS,
        &OUT_OF_SCOPE_WORDS,
        &IN_SCOPE_WORDS,
        &["scope"],
        &FAQ_WORDS,
        &parts[0].1,
        &parts[1].1,
        &parts[2].1,
        &parts[3].1,
        &parts[4].1,
        &parts[5].1,
        &parts[6].1,
        &parts[7].1,
        &parts[8].1,
        &QUOTE_WORDS,
        &PRESS_RELEASE_WORDS,
        &SUMMARY_WORDS,
        &INTERNAL_WORDS,
        &CUSTOMER_WORDS,
        &GETTING_STARTED_WORDS,
        &CALL_TO_ACTION_LABEL_WORDS,
    ])
});

/// The title words removed from a title used as the headline, tried in order.
pub(crate) static HEADLINE_TITLE_WORDS: List = list!("headline-title-words");

/// The words that name each metrics-table column, in the order they are tried:
/// baseline, target, by, owner, metric.
pub(crate) static METRICS_COLUMN_WORDS: std::sync::LazyLock<[Vec<&'static str>; 5]> =
    std::sync::LazyLock::new(|| {
        [
            phrases::entries(en!("metrics-columns/baseline")),
            phrases::entries(en!("metrics-columns/target")),
            phrases::entries(en!("metrics-columns/by")),
            phrases::entries(en!("metrics-columns/owner")),
            phrases::entries(en!("metrics-columns/metric")),
        ]
    });

/// Whom a short section title says its questions are for, if it says.
pub fn audience_of(text: &str) -> Option<Audience> {
    let n = normalize(text);
    if n.split_whitespace().count() > 5 {
        return None;
    }
    named_audience(HEADING_LISTS.lists_in(&n))
}

/// The audience a normalised title names, internal first, from the lists it has
/// phrases of.
fn named_audience(lists: u32) -> Option<Audience> {
    if lists & bit::INTERNAL != 0 {
        Some(Audience::Internal)
    } else if lists & bit::CUSTOMER != 0 {
        Some(Audience::Customer)
    } else {
        None
    }
}

/// What a heading (or label) text announces.
pub fn heading_role(text: &str) -> Role {
    // Labels and section titles are short; a sentence that mentions "the problem" is
    // body text. This also keeps the many calls on body paragraphs cheap.
    if has_more_words(text, 14) {
        return Role::Other;
    }
    role_of_heading(text)
}

/// True when `text` has more than `n` words split on white space, as
/// `text.split_whitespace().nth(n).is_some()` says, reading bytes while they are ASCII.
fn has_more_words(text: &str, n: usize) -> bool {
    let mut words = 0;
    let mut in_word = false;
    for (at, &b) in text.as_bytes().iter().enumerate() {
        if !b.is_ascii() {
            return text[at..]
                .split_whitespace()
                .nth((n + usize::from(in_word)).saturating_sub(words))
                .is_some();
        }
        // Rust's white space in ASCII: `is_ascii_whitespace` and the vertical tab.
        let space = b.is_ascii_whitespace() || b == 0x0b;
        if !space && !in_word {
            words += 1;
            if words > n {
                return true;
            }
        }
        in_word = !space;
    }
    false
}

fn role_of_heading(text: &str) -> Role {
    let n = normalize(text);
    if n.is_empty() {
        return Role::Other;
    }
    if n.ends_with('?') || text.trim_end().ends_with('?') {
        return Role::Other;
    }
    let lists = HEADING_LISTS.lists_in(&n);
    let has = |list: u32| lists & list != 0;
    if has(bit::TITLE) {
        let rest = TITLE_WORDS
            .iter()
            .fold(n.clone(), |acc, w| acc.replace(w, " "));
        let named = rest
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| !w.is_empty() && w != "the" && w != "amazon" && w != "style");
        return Role::Title { named };
    }
    // Section and part titles are short. A longer heading that mentions "questions",
    // "journey" or "the problem" is a headline or a sentence ("Treeline answers money
    // questions in plain words"), not the start of the FAQ.
    let long = n.split_whitespace().nth(6).is_some();
    if !long && has(bit::JOURNEY) {
        return Role::Journey;
    }
    if !long && has(bit::METRICS) {
        return Role::Metrics;
    }
    if has(bit::OUT_OF_SCOPE) {
        return Role::Scope(Some(false));
    }
    if has(bit::IN_SCOPE) {
        return Role::Scope(Some(true));
    }
    if n == "scope" || has(bit::SCOPE) && n.split_whitespace().count() <= 3 {
        return Role::Scope(None);
    }
    if !long && has(bit::FAQ) {
        return Role::Faq(named_audience(lists));
    }
    for (i, (kind, words)) in PART_WORDS.iter().enumerate() {
        // The top-of-release labels are whole headings ("Headline", "Date"); a headline
        // that happens to contain the word "date" is not a label.
        let whole = matches!(
            kind,
            PartKind::Headline | PartKind::Subheadline | PartKind::Dateline
        );
        let hit = if whole {
            words
                .iter()
                .any(|w| n == *w || n.strip_prefix("the ") == Some(*w))
        } else {
            has(1 << (bit::PARTS + i as u32))
        };
        if hit {
            return Role::Part(*kind);
        }
    }
    if has(bit::QUOTE) {
        return Role::Quote;
    }
    if has(bit::PRESS_RELEASE) && n.split_whitespace().count() <= 4 {
        return Role::PressRelease;
    }
    if has(bit::SUMMARY) && n.split_whitespace().count() <= 3 {
        return Role::Summary;
    }
    Role::Other
}

/// True when a label names getting started rather than a call to action as such.
pub fn is_getting_started(text: &str) -> bool {
    let lists = HEADING_LISTS.lists_in(&normalize(text));
    lists & bit::GETTING_STARTED != 0 && lists & bit::CALL_TO_ACTION_LABEL == 0
}

/// Lines that announce the release rather than say anything: never a headline.
pub fn is_release_marker(text: &str) -> bool {
    let n = normalize(text);
    RELEASE_MARKERS
        .iter()
        .any(|marker| match marker.strip_suffix('*') {
            Some(start) => n.starts_with(start),
            None => n == *marker,
        })
}

/// Month names and their short forms, matched as whole words.
static MONTHS: List = list!("months");

/// True when `text` holds something that reads as a date: a month name, a year, a
/// numeric date, a quarter, or a date placeholder such as `[LAUNCH DATE]`.
pub fn has_date(text: &str) -> bool {
    let lower = text.to_lowercase();
    // Month names by word (one pass), not a substring search per month.
    // "may" is also a verb: as a month it comes with a day or a year.
    let digits = lower.bytes().any(|b| b.is_ascii_digit());
    if lower
        .split(|c: char| !c.is_alphabetic())
        .any(|w| !w.is_empty() && MONTHS.contains(&w) && (w != "may" || digits))
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
    let capitals = t
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase());
    if words.len() > 1 && !t.contains(',') && !capitals {
        return false;
    }
    if NOT_PLACES.iter().any(|w| words[0].eq_ignore_ascii_case(w)) {
        return false;
    }
    t.split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|w| !w.is_empty())
        .all(|w| {
            w.chars().next().is_some_and(|c| c.is_uppercase())
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
    let head: String = text.chars().take(120).collect();
    // Find up to two dash-separated leading segments.
    let mut consumed = 0;
    let mut segments: Vec<&str> = Vec::new();
    let mut rest = &head[..];
    for _ in 0..2 {
        let found = DASHES
            .iter()
            .filter_map(|d| rest.find(d).map(|at| (at, d.len())))
            .min_by_key(|(at, _)| *at);
        let Some((at, len)) = found else { break };
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
    // Keep the longest prefix whose segments are places or dates.
    while let Some(last) = segments.last() {
        let ok = segments
            .iter()
            .all(|s| has_date(s) || looks_like_place(s) || is_release_label(s));
        let any_real = segments.iter().any(|s| has_date(s) || looks_like_place(s));
        if ok && any_real {
            let _ = last;
            return Some(dateline_len(text, segments.len()));
        }
        segments.pop();
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
        let Some((at, len)) = DASHES
            .iter()
            .filter_map(|d| rest.find(d).map(|at| (at, d.len())))
            .min_by_key(|(at, _)| *at)
        else {
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
    if t.is_empty() || t.split_whitespace().nth(12).is_some() {
        return false;
    }
    if let Some(len) = dateline_prefix(t)
        && (t[len..].trim().is_empty() || {
            let rest = t[len..].trim();
            has_date(rest) && rest.split_whitespace().count() <= 5
        })
    {
        return true;
    }
    // A bare date, optionally preceded by a place and a comma.
    has_date(t)
        && !t.ends_with('?')
        && t.split_whitespace().count() <= 7
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
];

/// The byte ranges of quoted speech in `text` (inside the quote marks).
pub fn quoted_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let Some(&(_, closers)) = QUOTE_PAIRS.iter().find(|(open, _)| *open == c) else {
            continue;
        };
        // A single quote only opens speech at a word start (not an apostrophe).
        if c == '‘' {
            let prev = text[..i].chars().next_back();
            if prev.is_some_and(|p| p.is_alphanumeric()) {
                continue;
            }
        }
        let start = i + c.len_utf8();
        let mut end = None;
        for (j, d) in chars.by_ref() {
            if closers.contains(&d) {
                end = Some(j);
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
    for verb in SAID.iter() {
        let mut from = 0;
        while let Some(found) = lower[from..].find(verb) {
            let at = from + found;
            from = at + verb.len();
            if !has_phrase(&lower[at..(at + verb.len() + 1).min(lower.len())], verb) {
                continue;
            }
            // After the verb: `said Dana Lee, head of product.`
            let after = outside[at + verb.len()..]
                .trim_start_matches([' ', ',', ':'])
                .split(['¶', '\n'])
                .next()
                .unwrap_or("");
            let after = cut_sentence(after);
            if !after.is_empty() && after.split_whitespace().count() <= 25 {
                return Some(after.to_owned());
            }
            // Before the verb: `Dana Lee, head of product, said`.
            let before = outside[..at]
                .rsplit(['¶', '\n', '.'])
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches([',', ' ']);
            if !before.is_empty() && before.split_whitespace().count() <= 25 {
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
        .any(|r| text[r.clone()].split_whitespace().count() >= 6)
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
pub(crate) static QUESTION_WORDS: List = list!("question-words");

/// Question prefixes: `Q:`, `Q.`, `Q1:`, `Question:`, `C1.`, `I2.`, `1.`.
pub fn question_prefix(text: &str) -> usize {
    let t = text.trim_start();
    let lead = text.len() - t.len();
    for p in QUESTION_PREFIXES.iter() {
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
    for p in ANSWER_PREFIXES.iter() {
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
            let words: Vec<&'static str> = cue.trim_end_matches('*').split(' ').collect();
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
        Cues::new(&phrases::entries(en!("problem-cues"))),
        Cues::new(&phrases::entries(en!("solution-cues"))),
        Cues::new(&phrases::entries(en!("how-it-works-cues"))),
        Cues::new(&phrases::entries(en!("call-to-action-cues"))),
    ]
});

/// How strongly `text` reads as each body part: (problem, solution, how, cta).
pub fn body_scores(text: &str, has_link: bool) -> (u32, u32, u32, u32) {
    let lower = text.to_lowercase().replace('’', "'");
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
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

/// A label at the start of a paragraph: `**The problem.**` / `**Problem:**` / `Problem:`.
/// Returns the part role and the byte length of the label (in the prose text).
pub fn leading_label(text: &str, bold: Option<Range<usize>>) -> Option<(Role, usize)> {
    if let Some(range) = bold {
        let label = &text[range.clone()];
        let words = label.split_whitespace().count();
        // A bold run that is the whole paragraph and long is a headline, not a label.
        if words <= 6 && !label.trim_end().ends_with('?') {
            let role = heading_role(label);
            if role != Role::Other {
                // Include a colon or period right after the bold run.
                let mut end = range.end;
                let rest = &text[end..];
                let skip = rest.len() - rest.trim_start_matches([':', '.', ' ', '—', '–']).len();
                end += skip;
                return Some((role, end));
            }
        }
    }
    // A plain `Label:` prefix of at most five words.
    let colon = text.find(':')?;
    let label = &text[..colon];
    if label.split_whitespace().count() > 5 || label.contains('"') {
        return None;
    }
    let role = heading_role(label);
    match role {
        Role::Other | Role::Title { .. } => None,
        _ => Some((
            role,
            colon + 1 + (text[colon + 1..].len() - text[colon + 1..].trim_start().len()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                    has_more_words(text, n),
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
}
