//! What a heading or a label names: a part of the press release, the FAQ or one of its
//! sections, the journey, the metrics, the scope, a title. Every list it reads is in
//! `data/en/`, and all of them are looked for in one pass over a heading.

use std::ops::Range;

use super::index::HEADING_LISTS as HEADING_LIST_NAMES;
use super::normalize_label as normalize;
use super::phrases::{self, List, list};
use crate::{Audience, PartKind};

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

// What headings and labels name, from the lists in `data/en/`.
static TITLE_WORDS: List = list!("title-words");
static PRESS_RELEASE_WORDS: List = list!("press-release-words");
static RELEASE_MARKERS: List = list!("release-markers");
static CUSTOMER_VOICE: List = list!("customer-voice");

/// The synonyms that make a heading or label name a part. Checked in this order, so the
/// more specific names (quotes, getting started) win over the general ones.
static PART_WORDS: [(PartKind, List); 9] = {
    // The part synonyms' lists are bits 7 to 15 of the headings' matcher, in this order.
    const fn part(i: usize) -> List {
        phrases::named(HEADING_LIST_NAMES[bit::PARTS as usize + i])
    }
    [
        (PartKind::Subheadline, part(0)),
        (PartKind::Headline, part(1)),
        (PartKind::Dateline, part(2)),
        (PartKind::LeaderQuote, part(3)),
        (PartKind::CustomerQuote, part(4)),
        (PartKind::CallToAction, part(5)),
        (PartKind::HowItWorks, part(6)),
        (PartKind::Problem, part(7)),
        (PartKind::Solution, part(8)),
    ]
};

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
    pub const AFTER_RELEASE: u32 = 1 << 23;
    pub const TECHNICAL: u32 = 1 << 24;
    pub const FEATURES: u32 = 1 << 25;
    /// The how-it-works synonyms' bit.
    pub const HOW_IT_WORKS: u32 = 1 << (PARTS + 6);
}

// Every list a heading's role is read from, in one matcher written by the build script
// (the lists of `index::HEADING_LISTS`, by their bit here): a heading is read once,
// whatever the number of phrases.
use super::phrases::HEADING_LISTS;

/// The title words removed from a title used as the headline, tried in order.
pub(crate) static HEADLINE_TITLE_WORDS: List = list!("headline-title-words");

// The metrics-table column words in one matcher written by the build script: list `i`
// is column `i` of `index::METRICS_COLUMN_LISTS` (baseline, target, by, owner, metric),
// so a header cell is read once.
pub(crate) use super::phrases::METRICS_COLUMNS;

/// Whom a short section title says its questions are for, if it says.
pub fn audience_of(text: &str) -> Option<Audience> {
    let n = normalize(&without_remarks(text));
    if super::more_words_than(&n, 5) {
        return None;
    }
    named_audience(HEADING_LISTS.lists_in(&n))
        .or_else(|| named_audience(HEADING_LISTS.lists_in(&normalize(text))))
}

/// The audience a normalised title names, internal first, from the lists it has
/// phrases of. A technical section that says for nobody is the team's (see
/// [`is_technical_section`]).
fn named_audience(lists: u32) -> Option<Audience> {
    if lists & bit::INTERNAL != 0 {
        Some(Audience::Internal)
    } else if lists & bit::CUSTOMER != 0 {
        Some(Audience::Customer)
    } else if lists & bit::TECHNICAL != 0 {
        Some(Audience::Internal)
    } else {
        None
    }
}

/// True for a short section title that says its questions are technical without saying
/// for whom (`Technical FAQ`, `Technical questions`): its questions are the team's but
/// for those asked in a customer's voice ([`asks_as_customer`]).
pub fn is_technical_section(text: &str) -> bool {
    if super::more_words_than(text, 6) {
        return false;
    }
    let lists = HEADING_LISTS.lists_in(&normalize(text));
    lists & bit::TECHNICAL != 0 && lists & (bit::INTERNAL | bit::CUSTOMER) == 0
}

/// True when a question is asked in a customer's voice: the asker speaks of themselves
/// ("How do I back up my data?") or of what the product does for them ("Which browsers
/// does it support?").
pub fn asks_as_customer(question: &str) -> bool {
    let lower = question.to_lowercase().replace('’', "'");
    super::has_any(&lower, CUSTOMER_VOICE)
}

/// What a heading (or label) text announces.
pub fn heading_role(text: &str) -> Role {
    // Labels and section titles are short; a sentence that mentions "the problem" is
    // body text. This also keeps the many calls on body paragraphs cheap.
    if super::more_words_than(text, 14) {
        return Role::Other;
    }
    role_of_heading(text)
}

/// `text` without its remarks in parentheses (`FAQ (draft, for the launch review)`),
/// which say something of the section, not what it is; `text` itself when nothing is
/// left outside them.
fn without_remarks(text: &str) -> std::borrow::Cow<'_, str> {
    // `(` by a byte search; `（` is looked for only in a text beyond ASCII.
    if !text.as_bytes().contains(&b'(') && (text.is_ascii() || !text.contains('（')) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    if out.trim().is_empty() {
        return text.into();
    }
    normalize(&out).into()
}

fn role_of_heading(text: &str) -> Role {
    // A question is no section title; asked before the text is normalised, since many
    // headings are the FAQ's questions.
    if text.trim_end().ends_with(['?', '？']) {
        return Role::Other;
    }
    let n = normalize(&without_remarks(text));
    if n.is_empty() {
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
    let words = super::word_count(&n);
    let long = words > 6;
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
    if has(bit::SCOPE) && words <= 3 {
        return Role::Scope(None);
    }
    if !long && has(bit::FAQ) {
        // `FAQ (internal)`: a remark may say whom the questions are for.
        let audience = named_audience(lists)
            .or_else(|| named_audience(HEADING_LISTS.lists_in(&normalize(text))));
        return Role::Faq(audience);
    }
    for (i, (kind, words)) in PART_WORDS.iter().enumerate() {
        // The top-of-release labels are whole headings ("Headline", "Date"); a headline
        // that happens to contain the word "date" is not a label.
        let whole = matches!(
            kind,
            PartKind::Headline | PartKind::Subheadline | PartKind::Dateline
        );
        // A whole heading that is a synonym also has it on word boundaries: the
        // matcher's answer rules most headings out without reading the list.
        // A heading that names the product's features names how it works.
        let listed = has(1 << (bit::PARTS + i as u32))
            || *kind == PartKind::HowItWorks && has(bit::FEATURES);
        let hit = if whole {
            listed
                && words
                    .iter()
                    .any(|w| n == *w || n.strip_prefix("the ") == Some(*w))
        } else {
            listed
        };
        if hit {
            return Role::Part(*kind);
        }
    }
    if has(bit::QUOTE) {
        return Role::Quote;
    }
    if has(bit::PRESS_RELEASE) && (words <= 4 || names_press_release(&n)) {
        return Role::PressRelease;
    }
    if has(bit::SUMMARY) && words <= 3 {
        return Role::Summary;
    }
    Role::Other
}

/// True when a heading (normalised) is the press release's name and at most three words
/// beside it: `Press release: Acme Quick Reorder`, `報道資料：ひとくち予約`, where a name in
/// a script without spaces counts a word for every two characters and would make the
/// whole heading look as long as a headline.
fn names_press_release(n: &str) -> bool {
    PRESS_RELEASE_WORDS
        .iter()
        .filter(|phrase| super::has_phrase(n, phrase))
        .any(|phrase| {
            let rest = n.replacen(phrase, " ", 1);
            let rest = rest.replace(|c: char| !c.is_alphanumeric(), " ");
            !super::more_words_than(&rest, 3)
        })
}

/// True when a heading that names no part starts a section that is not part of the
/// press release: one for the team (`Internal notes`) or after it (`Appendix`, `Open
/// questions`, `Risks`).
pub fn ends_release(text: &str) -> bool {
    if super::more_words_than(text, 8) || role_of_heading(text) != Role::Other {
        return false;
    }
    HEADING_LISTS.lists_in(&normalize(&without_remarks(text)))
        & (bit::INTERNAL | bit::AFTER_RELEASE)
        != 0
}

/// True when a label names getting started rather than a call to action as such.
pub fn is_getting_started(text: &str) -> bool {
    let lists = HEADING_LISTS.lists_in(&normalize(text));
    lists & bit::GETTING_STARTED != 0 && lists & bit::CALL_TO_ACTION_LABEL == 0
}

/// True when a label names both getting started and the call to action as such (`How to
/// get started / Call to action`, `Availability and getting started`): its text tells
/// how to start using the product as well as where to get it.
pub fn names_start_and_call(text: &str) -> bool {
    let lists = HEADING_LISTS.lists_in(&normalize(text));
    lists & bit::GETTING_STARTED != 0 && lists & bit::CALL_TO_ACTION_LABEL != 0
}

/// True when a label names how it works only by naming the product's features (`Key
/// features`, `Capabilities`): its text is how it works only when it tells how the
/// product is used.
pub fn is_feature_label(text: &str) -> bool {
    let lists = HEADING_LISTS.lists_in(&normalize(text));
    lists & bit::FEATURES != 0 && lists & bit::HOW_IT_WORKS == 0
}

/// Lines that announce the release rather than say anything: never a headline.
pub fn is_release_marker(text: &str) -> bool {
    super::is_normalized_marker(text, RELEASE_MARKERS)
}

/// A label at the start of a paragraph: `**The problem.**` / `**Problem:**` / `Problem:`.
/// Returns the part role and the byte length of the label (in the prose text).
pub fn leading_label(text: &str, bold: Option<Range<usize>>) -> Option<(Role, usize)> {
    if let Some(range) = bold {
        let label = &text[range.clone()];
        let words = super::word_count(label);
        // A bold run that is the whole paragraph and long is a headline, not a label.
        if words <= 6 && !label.trim_end().ends_with(['?', '？']) {
            let role = heading_role(label);
            if role != Role::Other {
                // Include a colon or period right after the bold run.
                let mut end = range.end;
                let rest = &text[end..];
                let skip = rest.len()
                    - rest
                        .trim_start_matches([':', '.', ' ', '—', '–', '：', '。'])
                        .len();
                end += skip;
                return Some((role, end));
            }
        }
    }
    // A plain `Label:` prefix of at most five words.
    // `：` is three bytes starting with 0xEF, found only in a text beyond ASCII.
    let ascii = memchr::memchr(b':', text.as_bytes());
    let wide = if text.is_ascii() {
        None
    } else {
        text.find('：')
    };
    let (colon, mark) = match (ascii, wide) {
        (Some(a), Some(w)) if w < a => (w, '：'),
        (Some(a), _) => (a, ':'),
        (None, Some(w)) => (w, '：'),
        (None, None) => return None,
    };
    let label = &text[..colon];
    if super::more_words_than(label, 5) || label.contains('"') {
        return None;
    }
    let role = heading_role(label);
    match role {
        Role::Other | Role::Title { .. } => None,
        _ => Some((
            role,
            colon
                + mark.len_utf8()
                + (text[colon + mark.len_utf8()..].len()
                    - text[colon + mark.len_utf8()..].trim_start().len()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `has_phrase` passes over an occurrence off word boundaries whole, so it can miss
    /// one on word boundaries that overlaps it, where the matcher finds it; that happens
    /// only for a phrase whose end, from a word start inside it, repeats its start. No
    /// phrase of the lists is one, so the two agree.
    #[test]
    fn no_heading_phrase_overlaps_itself_at_a_word_start() {
        use super::super::index::{HEADING_LISTS as NAMES, METRICS_COLUMN_LISTS};
        let lists: Vec<&[&str]> = NAMES
            .iter()
            .chain(&METRICS_COLUMN_LISTS)
            .chain(&["customer-voice"])
            .map(|name| phrases::named(name))
            .collect();
        for phrase in lists.iter().copied().flatten() {
            for (at, c) in phrase.char_indices() {
                let next = at + c.len_utf8();
                if !c.is_alphanumeric() && next < phrase.len() {
                    assert!(
                        !phrase.starts_with(&phrase[next..]),
                        "`{phrase}` repeats its start at byte {next}"
                    );
                }
            }
        }
        // Every list is in a matcher, which in a debug build refuses a phrase that does
        // not start and end with a letter or digit.
        assert_eq!(HEADING_LISTS.lists_in("press release"), bit::PRESS_RELEASE);
        assert_eq!(METRICS_COLUMNS.lists_in("owner"), 1 << 3);
    }

    /// The matchers the build script writes are the ones built at run time from the
    /// same lists, and the headings' lists are those this module names by bit.
    #[test]
    fn the_built_in_matchers_are_their_lists() {
        use super::super::index::{HEADING_LISTS as NAMES, METRICS_COLUMN_LISTS};
        use super::phrases::Matcher;
        let named = |names: &[&str]| -> Vec<&'static [&'static str]> {
            names.iter().map(|name| phrases::named(name)).collect()
        };
        for (matcher, names) in [
            (&HEADING_LISTS, &NAMES[..]),
            (&METRICS_COLUMNS, &METRICS_COLUMN_LISTS[..]),
        ] {
            let lists = named(names);
            let built = Matcher::new(&lists);
            for (i, list) in lists.iter().enumerate() {
                for phrase in *list {
                    assert_eq!(matcher.lists_in(phrase), built.lists_in(phrase), "{phrase}");
                    assert_ne!(matcher.lists_in(phrase) & 1 << i, 0, "{phrase}");
                }
            }
            assert_eq!(matcher.lists_in("nothing named here"), 0);
        }
        let parts = &PART_WORDS;
        let synonyms = |kind: &str| phrases::named(&format!("part-synonyms/{kind}"));
        let kinds = [
            "subheadline",
            "headline",
            "dateline",
            "leader-quote",
            "customer-quote",
            "call-to-action",
            "how-it-works",
            "problem",
            "solution",
        ];
        for ((_, words), kind) in parts.iter().zip(kinds) {
            assert_eq!(*words, synonyms(kind), "{kind}");
        }
        for (bit, name) in [
            (bit::TITLE, "title-words"),
            (bit::FAQ, "faq-words"),
            (bit::QUOTE, "quote-words"),
            (bit::CUSTOMER, "customer-audience"),
            (bit::FEATURES, "feature-words"),
        ] {
            assert_eq!(NAMES[bit.trailing_zeros() as usize], name);
        }
    }
}
