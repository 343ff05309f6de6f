//! What the build script shares with the parser (the script includes this file): where
//! a cue's words start and end in each script, and the index of phrases by their first
//! word that a [`super::phrases::Matcher`] reads. The build script writes the index of
//! each built-in matcher as static tables, so that no process builds one.

/// The lists of the headings' matcher, in order: list `i` is bit `1 << i` of what it
/// answers (see `headings::bit`).
pub const HEADING_LISTS: [&str; 26] = [
    "title-words",
    "journey-words",
    "metrics-words",
    "out-of-scope-words",
    "in-scope-words",
    "scope-words",
    "faq-words",
    "part-synonyms/subheadline",
    "part-synonyms/headline",
    "part-synonyms/dateline",
    "part-synonyms/leader-quote",
    "part-synonyms/customer-quote",
    "part-synonyms/call-to-action",
    "part-synonyms/how-it-works",
    "part-synonyms/problem",
    "part-synonyms/solution",
    "quote-words",
    "press-release-words",
    "summary-words",
    "internal-audience",
    "customer-audience",
    "getting-started-words",
    "call-to-action-label-words",
    "after-release-words",
    "technical-audience",
    "feature-words",
];

/// The lists of the metrics table's column matcher, in the order the columns are tried:
/// baseline, target, by, owner, metric. (Read by the build script and the tests.)
#[allow(dead_code)]
pub const METRICS_COLUMN_LISTS: [&str; 5] = [
    "metrics-columns/baseline",
    "metrics-columns/target",
    "metrics-columns/by",
    "metrics-columns/owner",
    "metrics-columns/metric",
];

/// True for a character of a script written without spaces between words (Chinese
/// characters, hiragana, katakana).
pub fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' // hiragana and katakana
        | '\u{31F0}'..='\u{31FF}' // katakana extensions
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}' // halfwidth katakana
        | '\u{20000}'..='\u{2FFFF}') // CJK extensions B and on
}

/// True for a character that is a word boundary on each side when matching a cue:
/// a character of a script without spaces, or hangul, whose words take particles
/// (`고객의`), so that a cue is found inside a run of such characters.
pub fn is_cjk(c: char) -> bool {
    is_unspaced(c)
        || matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}')
}

/// The first word of `text`, which starts it: its first run of letters and digits, or
/// its first character when that is of a script whose every character is a word for
/// matching ([`is_cjk`]), and a run ends before such a character.
pub fn first_word(text: &str) -> &str {
    // Most words are ASCII: read bytes until one that is not a letter or digit.
    let bytes = text.as_bytes();
    let ascii = bytes
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(bytes.len());
    if ascii > 0 && bytes.get(ascii).is_none_or(u8::is_ascii) {
        return &text[..ascii];
    }
    let mut chars = text.char_indices();
    let end = match chars.next() {
        None => 0,
        Some((_, c)) if is_cjk(c) => c.len_utf8(),
        Some(_) => chars
            .find(|&(_, c)| !c.is_alphanumeric() || is_cjk(c))
            .map_or(text.len(), |(at, _)| at),
    };
    &text[..end]
}

/// The hash of a first word that places it in the index (FNV-1a): the same in the
/// build script and at run time, whatever the platform.
#[inline]
pub fn hash(word: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in word.as_bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    h
}

/// Every phrase with the lists it is in (one bit per list), grouped by first word.
pub type Groups<'a> = Vec<(&'a str, Vec<(&'a str, u32)>)>;

/// The index of `lists` (at most 32): the phrases grouped by first word, in the order
/// the lists give them, each phrase once with a bit for every list that has it; and
/// the slots of an open-addressing table (a power of two, at most half full) that
/// holds each group's place plus one at the slot of its first word's [`hash`], or the
/// next free one after it, and 0 where there is none.
pub fn build<'a>(lists: &[&[&'a str]]) -> (Vec<u16>, Groups<'a>) {
    assert!(lists.len() <= 32, "one bit per list");
    let mut groups: Groups<'a> = Vec::new();
    for (i, list) in lists.iter().enumerate() {
        for &phrase in list.iter() {
            let first = first_word(phrase);
            let at = match groups.iter().position(|(f, _)| *f == first) {
                Some(at) => at,
                None => {
                    groups.push((first, Vec::new()));
                    groups.len() - 1
                }
            };
            let entries = &mut groups[at].1;
            match entries.iter_mut().find(|(p, _)| *p == phrase) {
                Some((_, owners)) => *owners |= 1 << i,
                None => entries.push((phrase, 1 << i)),
            }
        }
    }
    assert!(
        groups.len() < usize::from(u16::MAX),
        "a slot holds a group's place"
    );
    let size = (groups.len() * 2).next_power_of_two().max(2);
    let mut slots = vec![0u16; size];
    for (place, (first, _)) in groups.iter().enumerate() {
        let mut at = hash(first) as usize & (size - 1);
        while slots[at] != 0 {
            at = (at + 1) & (size - 1);
        }
        slots[at] = place as u16 + 1;
    }
    (slots, groups)
}
