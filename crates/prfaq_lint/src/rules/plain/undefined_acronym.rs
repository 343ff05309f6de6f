//! PL208 undefined-acronym.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use prfaq_doc::PartKind;

use crate::context::{Context, Text};
use crate::cues::{CueList, cue_list};
use crate::declare_rule;
use crate::diagnostic::Violation;
use crate::registry;
use crate::words::ListKind;

declare_rule! {
    /// ## What it does
    /// Finds acronyms in the press release and the customer FAQ that are used before
    /// they are spelled out. An acronym is a word of 2 to 6 capital letters, digits
    /// allowed (`EHR`, `B2B`, `APIs`). It is spelled out by `Electronic Health Record
    /// (EHR)`, `EHR (electronic health record)`, `EHR stands for …` or `electronic
    /// health record, or EHR`. Only the first use of each acronym is reported.
    ///
    /// Not acronyms: the all-caps city of a dateline, headings, `FOR IMMEDIATE
    /// RELEASE` and other runs of three or more capitalised words (shouting), lines
    /// written all in capitals, roman numerals, words in capitals for emphasis ("do
    /// NOT") or inside a customer's words ("INSANE"), placeholders such as `TBD`
    /// (PL210's finding), names with a number (`SOD1`, `FIDO2`) or in an identifier
    /// (`AG-10`), parts of a name — next to a capitalised word ("Amazon ECS", "VS Code",
    /// "MIT License"), which makes every use of it a name — and the few acronyms every
    /// reader knows (US, CEO, FAQ, PDF, GPS, AI…). A document written for technical
    /// readers (see PL202) may also use the acronyms they know (HTTP, JSON, CLI…).
    /// Acronyms that are engineering words or company metrics (API, KPI) are PL202's
    /// and PL203's findings while those rules run: spelling them out would not make
    /// them customer words. Nor are identifiers with underscores (`MAX_RETRIES`), long
    /// words in capitals in a sentence with a word of emphasis ("NOT … ANYONE"), names
    /// of methods and standards ("the HMAC method", "an RSA key"), or companies known by
    /// their initials (AWS, IBM).
    ///
    /// ## Why is this bad?
    /// An acronym the reader does not know stops them cold, and a team's own acronyms
    /// feel universal to the team alone. Spelling it out once costs a few words and
    /// lets every reader follow.
    ///
    /// ## Example
    /// ```markdown
    /// Clinics connect their EHR in five minutes.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// Clinics connect their electronic health record (EHR) in five minutes.
    /// ```
    pub struct UndefinedAcronym;
    "PL208", "undefined-acronym", PlainLanguage, Warning; reads the document
}

/// Acronyms every reader knows, from `data/common-acronyms.txt`.
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../../data/common-acronyms.txt")
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .collect()
});

/// Acronyms that technical readers know, from `data/technical-acronyms.txt`: not
/// reported in a document written for them.
static TECHNICAL: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../../data/technical-acronyms.txt")
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .collect()
});

/// Ordinary words written in capitals for emphasis ("do NOT share").
const EMPHASIS: &[&str] = &[
    "NOT", "NO", "NEVER", "ALL", "ANY", "ONLY", "FREE", "NOW", "NEW", "YES", "MUST", "AND", "OR",
    "THE", "YOU", "YOUR", "ONE", "OFF", "ON", "IS", "ARE", "DO", "DOES", "DID", "VERY", "MORE",
    "LESS", "EVERY", "EACH", "THIS", "THAT", "WILL", "CAN", "OWN", "STOP", "READ", "NOTE", "TODAY",
    "BEFORE", "AFTER", "WHY", "HOW", "WHAT", "WHO", "WHEN", "WHERE", "NEED", "MUCH", "BIG", "HUGE",
    "ALWAYS", "OUT", "UP", "IN", "TO", "OF", "FOR", "BUT", "LOVE", "BEST", "MOST", "EVER", "REAL",
    "WE", "IT", "ME", "MY", "OUR", "IF", "SO", "AT", "BY", "AN", "AS", "BE", "GO", "HE", "SHE",
    "THEY", "HAS", "HAD", "WAS", "GET", "GOT", "ZERO", "FAST", "EASY", "SAFE", "FIRST", "LAST",
    "DONE", "HERE", "JUST", "WAY", "WHY", "OUT", "NEXT", "HELP", "SAVE", "DAY", "YEAR",
];

/// True when `word` is one of [`EMPHASIS`]: only a word of two capitals or more can be,
/// so most words are answered by their first two bytes, not compared with every entry.
fn is_emphasis(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 2
        && b[0].is_ascii_uppercase()
        && b[1].is_ascii_uppercase()
        && EMPHASIS.contains(&word)
}

/// Nouns after an acronym that make it the name of a method or a standard ("the HMAC
/// method", "an RSA key", "the ISO format"): names, never spelled out.
static METHOD_NOUNS: CueList = cue_list!("method-nouns");

/// Template placeholders: PL210's finding, not an acronym.
const PLACEHOLDERS: &[&str] = &[
    "TBD", "TBC", "TBA", "TODO", "FIXME", "TKTK", "XXX", "XX", "NA",
];

/// The acronym a word part spells, without a plural `s` ("APIs" → "API").
pub(crate) fn acronym(part: &str) -> Option<&str> {
    // A plural "s" follows a letter ("APIs"); "CDK8s" is a name, not a plural.
    let core = match part.strip_suffix('s') {
        Some(stem)
            if stem.len() >= 2
                && stem.ends_with(|c: char| c.is_ascii_uppercase())
                && stem
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) =>
        {
            stem
        }
        _ => part,
    };
    let letters = core.chars().filter(char::is_ascii_uppercase).count();
    // "100MB" is a size and "3D" a dimension: an acronym starts with a letter. "SOD1",
    // "FIDO2" and "EC2" are names with a number: it also ends with one ("B2B").
    let valid = (2..=6).contains(&letters)
        && core.len() <= 7
        && core.starts_with(|c: char| c.is_ascii_uppercase())
        && core.ends_with(|c: char| c.is_ascii_uppercase())
        && core
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if !valid {
        return None;
    }
    // Roman numerals (II, XIV) and placeholders (XX) are not acronyms.
    let roman = core.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
    if roman || COMMON.contains(core) || is_emphasis(core) || PLACEHOLDERS.contains(&core) {
        return None;
    }
    Some(core)
}

/// Lowercase letters of `words` joined, and their initials.
fn letters_and_initials(text: &str, words: &[Range<usize>]) -> (String, String) {
    let mut letters = String::new();
    let mut initials = String::new();
    for w in words {
        let word = text[w.clone()].to_lowercase();
        for piece in word.split(['-', '/']) {
            let mut chars = piece.chars().filter(|c| c.is_alphanumeric());
            if let Some(first) = chars.next() {
                initials.push(first);
                letters.push(first);
                letters.extend(chars);
            }
        }
    }
    (letters, initials)
}

/// True when `words` can be the spelled-out form of `acronym`: the acronym's first
/// letter starts one of the words, and its letters appear in them in order.
pub(crate) fn expands(acronym: &str, text: &str, words: &[Range<usize>]) -> bool {
    if words.is_empty() {
        return false;
    }
    let want: Vec<char> = acronym
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let (letters, initials) = letters_and_initials(text, words);
    let Some(first) = want.first() else {
        return false;
    };
    if !initials.contains(*first) {
        return false;
    }
    // The letters, in order, starting at a word's initial.
    let mut rest = want.iter().peekable();
    for c in letters.chars() {
        if rest.peek() == Some(&&c) {
            rest.next();
        }
    }
    rest.peek().is_none()
}

/// True when the acronym at `at` (word index in `text.words()`, acronym range `range`) is
/// being spelled out right here.
pub(crate) fn is_definition(
    prose: &str,
    words: &[Range<usize>],
    at: usize,
    range: &Range<usize>,
    acronym: &str,
) -> bool {
    let before = prose[..range.start].trim_end_matches([' ', '\u{a0}']);
    let after_word = words[at].end;
    let after = prose[after_word..].trim_start_matches([' ', '\u{a0}']);
    let n = acronym.chars().filter(char::is_ascii_alphabetic).count();
    // Words before position `end`, up to `count` of them, in the same clause.
    let window = |end: usize, count: usize| -> Vec<Range<usize>> {
        // Words are in order: those ending by `end` are a prefix of them.
        let upto = words.partition_point(|w| w.end <= end);
        let mut out: Vec<Range<usize>> = words[upto.saturating_sub(count)..upto].to_vec();
        // Stop at a sentence or clause break.
        if let Some(cut) = out.iter().rposition(|w| {
            let gap_end = out
                .iter()
                .find(|x| x.start >= w.end)
                .map_or(end, |x| x.start);
            prose[w.end..gap_end].contains(['.', ';', ':', '!', '?'])
        }) {
            out.drain(..=cut);
        }
        out
    };
    // "Electronic Health Record (EHR)".
    if before.ends_with('(') && (after.starts_with(')') || prose[range.end..].starts_with(')')) {
        let open = before.len() - 1;
        return expands(acronym, prose, &window(open, n + 3));
    }
    // "EHR (electronic health record)".
    if let Some(inner) = after.strip_prefix('(') {
        let close = inner.find(')').unwrap_or(inner.len());
        let inner = &inner[..close];
        let start = prose.len() - after.len() + 1;
        let from = words.partition_point(|w| w.start < start);
        let inner_words: Vec<Range<usize>> = words[from..]
            .iter()
            .take_while(|w| w.start < start + inner.len())
            .filter(|w| w.end <= start + inner.len())
            .cloned()
            .collect();
        return inner_words.len() >= 2 && expands(acronym, prose, &inner_words);
    }
    // "EHR stands for …", "EHR, short for …", "EHR means …".
    // The patterns are at most 18 bytes: the lowercase of the next 32 characters starts
    // as the lowercase of the whole rest does (a character lowercases to one byte or
    // more, and only from those after it), without lowercasing the rest of the text.
    let after_start = after.trim_start_matches(',').trim_start();
    let lower_after = lowercase_head(after_start, 32);
    if [
        "stands for",
        "is short for",
        "short for",
        "means ",
        "is an abbreviation",
    ]
    .iter()
    .any(|p| lower_after.starts_with(p))
    {
        return true;
    }
    // "electronic health record, or EHR", "also known as EHR".
    // The links are at most 14 bytes: only a text whose last 16 characters end with one
    // in lowercase is lowercased whole (the offset below is of the whole).
    let tail_start = before.char_indices().rev().nth(15).map_or(0, |(at, _)| at);
    let links = [
        ", or",
        " or",
        " aka",
        ", also called",
        " known as",
        " called",
    ];
    let lower_tail = before[tail_start..].to_lowercase();
    if !links.iter().any(|link| lower_tail.ends_with(link)) {
        return false;
    }
    let lower_before = before.to_lowercase();
    for link in links {
        if let Some(head) = lower_before.strip_suffix(link) {
            let head = head.trim_end_matches([',', ' ']);
            return expands(acronym, prose, &window(head.len(), n + 3));
        }
    }
    false
}

/// The lowercase of the first `chars` characters of `text`.
fn lowercase_head(text: &str, chars: usize) -> String {
    let end = text
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(at, _)| at);
    text[..end].to_lowercase()
}

/// True when `word` is written in capitals (at least one letter, none lowercase).
fn is_caps(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase)
}

/// Word indexes that are shouting, not acronyms: runs of three or more words in
/// capitals, and whole sentences written in capitals.
fn shouting(text: &Text) -> HashSet<usize> {
    let prose = &text.prose.text;
    let caps: Vec<bool> = text
        .words()
        .iter()
        .map(|w| text.word(w).is_some_and(is_caps))
        .collect();
    let mut out = HashSet::new();
    let mut i = 0;
    while i < caps.len() {
        if !caps[i] {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < caps.len()
            && caps[j]
            && !prose[text.words()[j - 1].end..text.words()[j].start]
                .contains(['.', '!', '?', '\n'])
        {
            j += 1;
        }
        if j - i >= 3 {
            out.extend(i..j);
        }
        i = j;
    }
    for sentence in text.sentences().iter() {
        // Words and sentences are in order: the sentence's words start at the first word
        // that starts inside it.
        let from = text.words().partition_point(|w| w.start < sentence.start);
        let inside: Vec<usize> = (from..text.words().len())
            .take_while(|&k| text.words()[k].start < sentence.end)
            .filter(|&k| text.words()[k].end <= sentence.end)
            .collect();
        let lettered: Vec<usize> = inside
            .iter()
            .copied()
            .filter(|&k| {
                text.word(&text.words()[k])
                    .is_some_and(|w| w.chars().any(char::is_alphabetic))
            })
            .collect();
        if lettered.len() >= 2 && lettered.iter().all(|&k| caps[k]) {
            out.extend(inside);
        }
    }
    out
}

/// Where, in a dateline paragraph or a date line, the place ends: every capitalised
/// word before the first word that starts in lower case is the place and the date.
fn place_end(ctx: &Context, text: &Text, first_press_block: Option<usize>) -> usize {
    let in_dateline = ctx
        .doc
        .part_of_block(text.block)
        .is_some_and(|p| p.kind == PartKind::Dateline);
    let prose = &text.prose.text;
    if !(in_dateline
        || Some(text.block) == first_press_block
        || prfaq_doc::cues::is_date_line(prose)
        || prfaq_doc::cues::dateline_prefix(prose.trim_start()).is_some())
    {
        return 0;
    }
    text.words()
        .iter()
        .find(|w| {
            text.word(w)
                .is_some_and(|s| s.chars().next().is_some_and(char::is_lowercase))
        })
        .map_or(prose.len(), |w| w.start)
}

/// One acronym in a text, with what the text alone says about it.
#[derive(Debug)]
struct AcronymUse {
    acronym: Box<str>,
    /// Where in the text's prose.
    range: Range<usize>,
    /// The whole word is the acronym, in body text, beside a Title-case word: part of a
    /// name ("Amazon ECS"), and a name everywhere else too.
    in_name: bool,
    /// Spelled out here: "Electronic Health Record (EHR)".
    definition: bool,
    /// Not an acronym to report here: in a heading, in a run of capitals that shouts,
    /// capitals in what a customer says, or in a term of the technical or metric lists.
    excused: bool,
}

/// Where the sentence of `text` that holds the byte `at` starts (0 outside every one).
fn sentence_start(text: &Text, at: usize) -> usize {
    // Sentences are in order and do not overlap.
    let k = text.sentences().partition_point(|s| s.end <= at);
    text.sentences()
        .get(k)
        .filter(|s| s.start <= at)
        .map_or(0, |s| s.start)
}

/// True when only white space stands between the words `a` and `b` of `text`.
fn tight(text: &Text, a: usize, b: usize) -> bool {
    text.prose.text[text.words()[a].end..text.words()[b].start]
        .chars()
        .all(char::is_whitespace)
}

/// True when the word `k` of `text` stands in a name: a Title-case word right before or
/// after, in the same sentence and not opening it ("Amazon ECS", "VS Code", "MCP
/// Audit"), or a licence after it ("MIT License").
fn in_name(text: &Text, k: usize) -> bool {
    let words = text.words();
    let title_case = |j: usize| {
        text.word(&words[j]).is_some_and(|w| {
            w.starts_with(|c: char| c.is_uppercase()) && w.chars().any(char::is_lowercase)
        })
    };
    let before = k > 0
        && tight(text, k - 1, k)
        && title_case(k - 1)
        && words[k - 1].start > sentence_start(text, words[k].start);
    let after = k + 1 < words.len() && tight(text, k, k + 1) && title_case(k + 1);
    // "MIT License", "BSD licence": a licence's name.
    let licence = k + 1 < words.len()
        && tight(text, k, k + 1)
        && text
            .word(&words[k + 1])
            .is_some_and(|w| w.to_lowercase().starts_with("licen"));
    before || after || licence
}

/// The acronyms of `text`, with what the text says about each.
fn find_uses(ctx: &Context, text: &Text) -> Vec<AcronymUse> {
    let prose = &text.prose.text;
    // Most paragraphs hold no word with two capitals: nothing to look at.
    let candidate = text.words().iter().any(|w| {
        prose[w.clone()]
            .bytes()
            .filter(u8::is_ascii_uppercase)
            .nth(1)
            .is_some()
    });
    if !candidate {
        return Vec::new();
    }
    let enabled = |code: &str| registry::find(code).is_some_and(|r| ctx.config.enabled(r));
    let sentence_start = |at: usize| sentence_start(text, at);
    let tight = |a: usize, b: usize| tight(text, a, b);
    // What excuses an acronym, read the first time a word of the text is one: most
    // words with two capitals are not ("CEO", "PR/FAQ").
    let shout = OnceCell::new();
    let speech = OnceCell::new();
    let listed = OnceCell::new();
    let listed = || -> &Vec<Range<usize>> {
        listed.get_or_init(|| {
            [
                enabled("PL202").then(|| ctx.list(ListKind::Technical)),
                enabled("PL203").then(|| ctx.list(ListKind::InternalMetric)),
            ]
            .into_iter()
            .flatten()
            .flat_map(|list| text.find(list))
            .map(|h| h.range.clone())
            .collect()
        })
    };
    // "Do NOT share it with ANYONE": in a sentence with a word of emphasis in capitals,
    // other long words in capitals are emphasis too.
    let emphatic_sentences = OnceCell::new();
    let emphatic_sentences = || -> &Vec<usize> {
        emphatic_sentences.get_or_init(|| {
            text.words()
                .iter()
                .filter(|w| text.word(w).is_some_and(is_emphasis))
                .map(|w| sentence_start(w.start))
                .collect()
        })
    };
    let next_word = |k: usize| {
        (k + 1 < text.words().len() && tight(k, k + 1))
            .then(|| text.word(&text.words()[k + 1]))
            .flatten()
            .map(str::to_lowercase)
    };
    let mut out = Vec::new();
    for (k, w) in text.words().iter().enumerate() {
        // A word with fewer than two capitals holds no acronym (`acronym` asks for two):
        // nothing more need be asked of it.
        let capitals = prose.as_bytes()[w.clone()]
            .iter()
            .filter(|b| b.is_ascii_uppercase());
        if capitals.take(2).count() < 2 {
            continue;
        }
        let Some(word) = text.word(w) else { continue };
        // "MAX_RETRIES", "app_id": an identifier, not an acronym.
        let underscored = prose[..w.start].ends_with('_') || prose[w.end..].starts_with('_');
        if underscored {
            continue;
        }
        // "the HMAC method", "an RSA key": the name of a method or a standard.
        if next_word(k).is_some_and(|n| METHOD_NOUNS.contains(&n.as_str())) {
            continue;
        }
        let word = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("’s"))
            .unwrap_or(word);
        // "AG-10", "TDP-43", "VC-3": an identifier or a model number, not an acronym.
        if word
            .split(['-', '/'])
            .any(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        {
            continue;
        }
        // "OP-Atom", "Wi-Fi": a hyphenated name with a capitalised word in it.
        let named_compound = word.contains('-')
            && word.split('-').any(|p| {
                p.starts_with(|c: char| c.is_uppercase()) && p.chars().any(char::is_lowercase)
            });
        if named_compound {
            continue;
        }
        let mut offset = w.start;
        for part in word.split(['-', '/']) {
            let range = offset..offset + part.len();
            offset += part.len() + 1;
            if part.contains('&') {
                continue;
            }
            let Some(acronym) = acronym(part) else {
                continue;
            };
            // Capitals in what a customer says are emphasis ("it is INSANE"), and so are
            // long words in capitals beside a word of emphasis.
            let emphasis = acronym.len() >= 5
                && (super::inside(
                    speech.get_or_init(|| super::customer_speech(ctx, text)),
                    &range,
                ) || emphatic_sentences().contains(&sentence_start(range.start)));
            let excused = text.heading
                || shout.get_or_init(|| shouting(text)).contains(&k)
                || emphasis
                || listed()
                    .iter()
                    .any(|l| l.start < range.end && range.start < l.end);
            out.push(AcronymUse {
                acronym: acronym.into(),
                in_name: part == word && !text.heading && in_name(text, k),
                definition: is_definition(prose, text.words(), k, &range, acronym),
                excused,
                range,
            });
        }
    }
    out
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let first_press_block = ctx
        .press_release_texts()
        .find(|t| !t.heading)
        .map(|t| t.block);
    let technical_readers = ctx.technical_audience();
    // Acronyms used as part of a name somewhere ("Aurora DSQL"): names, not acronyms.
    let uses: Vec<Vec<AcronymUse>> = ctx
        .customer_texts()
        .map(|text| find_uses(ctx, text))
        .collect();
    let names: HashSet<&str> = uses
        .iter()
        .flatten()
        .filter(|u| u.in_name)
        .map(|u| &*u.acronym)
        .collect();
    let mut defined: HashSet<&str> = HashSet::new();
    // First use of each undefined acronym: where, and its text.
    let mut first_use: Vec<(&str, Range<usize>)> = Vec::new();
    let mut reported: HashSet<&str> = HashSet::new();
    for (text, found) in ctx.customer_texts().zip(&uses) {
        if found.is_empty() {
            continue;
        }
        let place = place_end(ctx, text, first_press_block);
        for u in found {
            let acronym = &*u.acronym;
            if u.definition {
                defined.insert(acronym);
                continue;
            }
            let skipped = u.excused
                || (technical_readers && TECHNICAL.contains(acronym))
                || names.contains(acronym)
                || u.range.end <= place;
            if skipped || defined.contains(acronym) || !reported.insert(acronym) {
                continue;
            }
            first_use.push((acronym, text.span(u.range.clone())));
        }
    }
    for (acronym, span) in first_use {
        let message = if defined.contains(acronym) {
            format!("acronym `{acronym}` is used before it is spelled out")
        } else {
            format!("acronym `{acronym}` is never spelled out")
        };
        out.push(Violation::new(span, message).help(format!(
            "spell it out at its first use, `Full Name ({acronym})`, or use the plain words instead"
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defines(text: &str, acronym_text: &str) -> bool {
        let words = prfaq_text::words(text);
        let at = words
            .iter()
            .position(|w| {
                text[w.clone()].trim_end_matches('s') == acronym_text
                    || &text[w.clone()] == acronym_text
            })
            .expect("acronym in text");
        let range = words[at].start..words[at].start + acronym_text.len();
        is_definition(text, &words, at, &range, acronym_text)
    }

    #[test]
    fn definition_forms() {
        assert!(defines(
            "Connect your Electronic Health Record (EHR) today.",
            "EHR"
        ));
        assert!(defines(
            "Connect your electronic health record (EHR) today.",
            "EHR"
        ));
        assert!(defines(
            "Connect your EHR (electronic health record) today.",
            "EHR"
        ));
        assert!(defines("EHR stands for electronic health record.", "EHR"));
        assert!(defines(
            "Your electronic health record, or EHR, stays private.",
            "EHR"
        ));
        assert!(defines(
            "Sell business-to-business (B2B) in minutes.",
            "B2B"
        ));
        assert!(!defines("Connect your EHR today.", "EHR"));
        assert!(!defines("Connect your records (EHR) today.", "EHR"));
        assert!(!defines("Use the EHR (and more).", "EHR"));
    }

    #[test]
    fn what_counts_as_an_acronym() {
        assert_eq!(acronym("EHR"), Some("EHR"));
        assert_eq!(acronym("APIs"), Some("API"));
        assert_eq!(acronym("B2B"), Some("B2B"));
        assert_eq!(acronym("CEO"), None);
        assert_eq!(acronym("IDs"), None);
        assert_eq!(acronym("XIV"), None);
        assert_eq!(acronym("NOT"), None);
        assert_eq!(acronym("TBD"), None);
        assert_eq!(acronym("A"), None);
        assert_eq!(acronym("Q3"), None);
        assert_eq!(acronym("100MB"), None);
        assert_eq!(acronym("SOD1"), None);
        assert_eq!(acronym("CDK8s"), None);
        assert_eq!(acronym("Reorder"), None);
        assert_eq!(acronym("ABCDEFG"), None);
    }
}
