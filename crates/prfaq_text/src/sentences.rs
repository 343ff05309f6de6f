//! Splitting text into sentences.
//!
//! A sentence ends at `.`, `?`, `!`, `…` or `...`, together with any closing quotes,
//! brackets and emphasis marks right after it (`"Go."`, `(see below.)`, `**Done.**`),
//! when whitespace or the end of the text follows and the next word looks like the
//! start of a sentence. A blank line always ends a sentence. Colons, semicolons and
//! single line breaks never do.
//!
//! Whether the next word starts a sentence is judged conservatively, because a false
//! split hides a long sentence from PL206 while a missed one only merges two:
//!
//! - a terminator followed by a lowercase word is not a boundary ("approx. five",
//!   "'Why?' she asked"), so a sentence that starts with a lowercase brand name
//!   ("iPhone") after a period is not split off;
//! - after titles and Latin abbreviations (Mr., Dr., Prof., vs., e.g., i.e., cf.)
//!   there is never a boundary;
//! - after No., Fig., p., Jan. … Dec. and the like there is none before a number
//!   ("No. 5", "Jan. 12");
//! - after abbreviations that may also end a sentence (etc., Inc., Ltd., Jr., St.,
//!   a.m., p.m., U.S., other short dotted abbreviations, and single initials as in
//!   "J. Smith"), there is a boundary only when the next word is one that commonly
//!   opens a sentence ("The", "We", "It", "Today" …), so "the U.S. Senate" and
//!   "J. Smith" stay whole while "at 5 p.m. The doors open" splits;
//! - periods inside numbers, versions and addresses ("3.5", "v1.2.3", "example.com")
//!   are not followed by whitespace and so never split.

use std::ops::Range;

use crate::words::is_word_char;

/// Byte ranges of the sentences in `text`, trimmed of surrounding whitespace. Pieces
/// without a letter, digit or code placeholder (a stray "..." or "—") are dropped.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    // Only line breaks and terminators matter: jump from one to the next.
    let mut stops = Stops::new(bytes);
    while let Some(stop) = stops.next_from(i) {
        i = stop;
        match bytes[i] {
            b'\n' => {
                if let Some(next) = after_blank_line(text, i) {
                    push(&mut out, text, start..i);
                    start = next;
                    i = next;
                } else {
                    i += 1;
                }
            }
            // Another character led by 0xE2 (a dash, a curly quote): three bytes long.
            0xE2 if !text[i..].starts_with('…') => i += 3,
            _ => {
                let end = terminator_end(text, i);
                if is_boundary(text, i, end) {
                    push(&mut out, text, start..end);
                    start = end;
                }
                i = end;
            }
        }
    }
    push(&mut out, text, start..text.len());
    out
}

/// Where the line breaks and sentence terminators of a text are, read from any place on,
/// the place never moving back. Each starts with one of `\n`, `.`, `?`, `!` and 0xE2
/// (which leads `…`), and none of these bytes continues a character, so every stop is
/// on a character boundary. Two SIMD searches, terminators and line breaks (with 0xE2),
/// each made again only once the reading has passed where it found one.
struct Stops<'b> {
    bytes: &'b [u8],
    /// The next terminator from where the reading was, or `usize::MAX` for none.
    terminator: usize,
    /// The next line break or 0xE2 byte, or `usize::MAX` for none.
    line: usize,
}

impl<'b> Stops<'b> {
    fn new(bytes: &'b [u8]) -> Stops<'b> {
        Stops {
            bytes,
            terminator: Self::terminator(bytes, 0),
            line: Self::line(bytes, 0),
        }
    }

    fn terminator(bytes: &[u8], from: usize) -> usize {
        memchr::memchr3(b'.', b'?', b'!', &bytes[from..]).map_or(usize::MAX, |at| from + at)
    }

    fn line(bytes: &[u8], from: usize) -> usize {
        memchr::memchr2(b'\n', 0xE2, &bytes[from..]).map_or(usize::MAX, |at| from + at)
    }

    /// The first stop at or after `from`, which is at least the `from` of the call before.
    fn next_from(&mut self, from: usize) -> Option<usize> {
        if self.terminator < from {
            self.terminator = Self::terminator(self.bytes, from);
        }
        if self.line < from {
            self.line = Self::line(self.bytes, from);
        }
        let next = self.terminator.min(self.line);
        (next != usize::MAX).then_some(next)
    }
}

fn push(out: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let piece = &text[range.clone()];
    let start = range.start + (piece.len() - piece.trim_start().len());
    let end = range.end - (piece.len() - piece.trim_end().len());
    if start < end && text[start..end].chars().any(is_word_char) {
        out.push(start..end);
    }
}

/// If the line break at `i` starts a blank line, the position after that blank line.
fn after_blank_line(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i + 1..];
    let blank = rest
        .find(|c: char| !matches!(c, ' ' | '\t' | '\r'))
        .unwrap_or(rest.len());
    rest[blank..].starts_with('\n').then_some(i + 1 + blank + 1)
}

/// The end of the terminator that starts at `i`: further terminators ("?!", "..."),
/// then closing quotes, brackets and emphasis marks.
fn terminator_end(text: &str, i: usize) -> usize {
    let mut end = i;
    let mut closers = false;
    for c in text[i..].chars() {
        let terminator = matches!(c, '.' | '?' | '!' | '…');
        let closer = matches!(
            c,
            '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '}' | '*' | '_'
        );
        if terminator && !closers || closer {
            closers |= closer;
            end += c.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// Titles and Latin abbreviations, never followed by a sentence boundary.
const NEVER_FINAL: &[&str] = &[
    "capt", "cf", "col", "dr", "e.g", "eg", "esp", "gen", "gov", "hon", "i.e", "ie", "incl", "lt",
    "messrs", "mr", "mrs", "ms", "mx", "prof", "rep", "rev", "sen", "sgt", "viz", "vs",
];

/// Abbreviations that stand before a number: no boundary when a digit follows.
const BEFORE_NUMBER: &[&str] = &[
    "apr", "art", "aug", "ch", "dec", "ext", "feb", "fig", "figs", "jan", "jul", "jun", "mar",
    "no", "nos", "nov", "oct", "op", "p", "pp", "sec", "sep", "sept", "tel", "v", "ver", "vol",
    "vols",
];

/// Abbreviations that often end a sentence too.
const MAY_END: &[&str] = &[
    "ave", "blvd", "bros", "co", "corp", "dept", "est", "etc", "inc", "jr", "llc", "ltd", "mt",
    "plc", "rd", "sr", "st", "al", "approx",
];

/// The length in bytes of the longest entry of [`NEVER_FINAL`], [`BEFORE_NUMBER`] and
/// [`MAY_END`].
const LONGEST_ABBREVIATION: usize = {
    let lists = [NEVER_FINAL, BEFORE_NUMBER, MAY_END];
    let mut longest = 0;
    let mut l = 0;
    while l < lists.len() {
        let mut i = 0;
        while i < lists[l].len() {
            if lists[l][i].len() > longest {
                longest = lists[l][i].len();
            }
            i += 1;
        }
        l += 1;
    }
    longest
};

/// Words that commonly open a sentence, used to decide whether an abbreviation that may
/// end a sentence does so.
const OPENERS: &[&str] = &[
    "a",
    "after",
    "also",
    "an",
    "and",
    "as",
    "at",
    "before",
    "but",
    "by",
    "customers",
    "each",
    "every",
    "for",
    "from",
    "he",
    "her",
    "here",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "it",
    "its",
    "most",
    "my",
    "no",
    "now",
    "on",
    "our",
    "she",
    "since",
    "so",
    "some",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "today",
    "we",
    "what",
    "when",
    "where",
    "while",
    "who",
    "why",
    "with",
    "you",
    "your",
];

/// Whether the terminator from `i` to `end` ends a sentence.
fn is_boundary(text: &str, i: usize, end: usize) -> bool {
    let rest = &text[end..];
    if rest.is_empty() {
        return true;
    }
    if !rest.starts_with(char::is_whitespace) {
        // "3.5", "example.com", "e.g.,", "Yahoo!'s".
        return false;
    }
    let next = next_word(rest);
    let Some(first) = next.chars().next() else {
        // Only punctuation or nothing follows.
        return true;
    };
    if first.is_lowercase() {
        return false;
    }
    // Only a single period is weighed against abbreviations; "?", "!" and "…" end a
    // sentence whenever a sentence-like word follows.
    if !text[i..].starts_with('.') || text[i + 1..end].starts_with(['.', '?', '!', '…']) {
        return true;
    }
    let token = token_before(text, i);
    if token.is_empty() {
        return true;
    }
    // No abbreviation is longer than this: a longer token is compared with none.
    let short = token.len() <= LONGEST_ABBREVIATION;
    let lower = |list: &[&str]| short && list.iter().any(|a| a.eq_ignore_ascii_case(token));
    if lower(NEVER_FINAL) {
        return false;
    }
    if lower(BEFORE_NUMBER) && first.is_ascii_digit() {
        return false;
    }
    let initial = token.chars().count() == 1 && token.chars().all(char::is_uppercase);
    if lower(MAY_END) || initial || is_dotted_abbreviation(token) {
        let word: &str = &next[..next
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(next.len())];
        return OPENERS.iter().any(|o| o.eq_ignore_ascii_case(word));
    }
    true
}

/// The text of the next word after whitespace, past opening quotes and brackets, or ""
/// if no word follows before the text ends.
fn next_word(rest: &str) -> &str {
    let start = rest
        .find(|c: char| {
            !(c.is_whitespace()
                || matches!(c, '"' | '\'' | '“' | '‘' | '«' | '(' | '[' | '*' | '_'))
        })
        .unwrap_or(rest.len());
    &rest[start..]
}

/// The letters, digits and inner periods right before the period at `i`: "Dr" of
/// "Dr.", "U.S" of "U.S.".
fn token_before(text: &str, i: usize) -> &str {
    let head = &text[..i];
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(j, c)| j + c.len_utf8());
    head[start..].trim_start_matches('.')
}

/// "U.S", "a.m", "Ph.D": letters in pieces of at most three, joined by periods.
fn is_dotted_abbreviation(token: &str) -> bool {
    token.contains('.')
        && token
            .split('.')
            .all(|part| (1..=3).contains(&part.len()) && part.chars().all(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// The stops are where a byte-by-byte scan for the five lead bytes stops, read
        /// from every place and from places that skip ahead, on texts made of those
        /// characters, dashes, quotes, letters and spaces.
        #[test]
        fn stops_are_the_bytes_a_scan_finds(
            pieces in prop::collection::vec(
                prop::sample::select(
                    &["a", "Bc", " ", ".", "?", "!", "\n", "\n\n", "…", "—", "’", "é", "3.5", "U.S."][..],
                ),
                0..40,
            )
        ) {
            let text = pieces.concat();
            let bytes = text.as_bytes();
            let scan = |from: usize| {
                bytes[from..]
                    .iter()
                    .position(|b| matches!(b, b'\n' | b'.' | b'?' | b'!' | 0xE2))
                    .map(|at| from + at)
            };
            for step in [1, 2, 5] {
                let mut stops = Stops::new(bytes);
                let mut from = 0;
                while from <= bytes.len() {
                    prop_assert_eq!(stops.next_from(from), scan(from), "{:?} from {}", text, from);
                    from = scan(from).map_or(bytes.len() + 1, |at| at + step);
                }
            }
        }
    }

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn sentences_table() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("   ", &[]),
            ("...", &[]),
            ("One sentence", &["One sentence"]),
            ("  Padded.  ", &["Padded."]),
            ("One. Two. Three.", &["One.", "Two.", "Three."]),
            ("Is it? Yes! Good.", &["Is it?", "Yes!", "Good."]),
            ("Really?! Yes.", &["Really?!", "Yes."]),
            ("Wait... What?", &["Wait...", "What?"]),
            ("Wait… What?", &["Wait…", "What?"]),
            ("We paused... and went on.", &["We paused... and went on."]),
            // Abbreviations.
            (
                "Use e.g. apples. Then eat.",
                &["Use e.g. apples.", "Then eat."],
            ),
            ("Use fruit, e.g. Apples.", &["Use fruit, e.g. Apples."]),
            ("That is, i.e. This one.", &["That is, i.e. This one."]),
            ("Mr. Smith met Dr. Jones.", &["Mr. Smith met Dr. Jones."]),
            (
                "Ask Prof. Lee. She knows.",
                &["Ask Prof. Lee.", "She knows."],
            ),
            (
                "Apples, pears, etc. The rest.",
                &["Apples, pears, etc.", "The rest."],
            ),
            (
                "Apples, pears, etc. and more.",
                &["Apples, pears, etc. and more."],
            ),
            ("Acme Inc. announced it.", &["Acme Inc. announced it."]),
            (
                "We joined Acme Inc. Today we ship.",
                &["We joined Acme Inc.", "Today we ship."],
            ),
            ("The U.S. Senate voted.", &["The U.S. Senate voted."]),
            (
                "We sell in the U.S. The rest waits.",
                &["We sell in the U.S.", "The rest waits."],
            ),
            ("Red vs. Blue won.", &["Red vs. Blue won."]),
            ("Open at 9 a.m. Monday.", &["Open at 9 a.m. Monday."]),
            (
                "Open at 9 a.m. We close at 5 p.m.",
                &["Open at 9 a.m.", "We close at 5 p.m."],
            ),
            ("See No. 5 below.", &["See No. 5 below."]),
            (
                "The answer is no. Then we left.",
                &["The answer is no.", "Then we left."],
            ),
            (
                "It ships Jan. 12 worldwide.",
                &["It ships Jan. 12 worldwide."],
            ),
            ("Signed by J. Smith today.", &["Signed by J. Smith today."]),
            (
                "J. R. R. Tolkien wrote it.",
                &["J. R. R. Tolkien wrote it."],
            ),
            (
                "It cost approx. five dollars.",
                &["It cost approx. five dollars."],
            ),
            // Numbers, versions and addresses.
            ("It is 3.5 times faster.", &["It is 3.5 times faster."]),
            (
                "Install v1.2.3 today. Done.",
                &["Install v1.2.3 today.", "Done."],
            ),
            (
                "Visit example.com. Then sign up.",
                &["Visit example.com.", "Then sign up."],
            ),
            ("Visit example.com today.", &["Visit example.com today."]),
            (
                "See https://example.com/a.b?x=1! Now.",
                &["See https://example.com/a.b?x=1!", "Now."],
            ),
            (
                "Sales grew 40%. Costs fell.",
                &["Sales grew 40%.", "Costs fell."],
            ),
            (
                "It grew. 20 people joined.",
                &["It grew.", "20 people joined."],
            ),
            // Quotes and brackets.
            (
                "He said \"Go.\" Then he left.",
                &["He said \"Go.\"", "Then he left."],
            ),
            (
                "He said “Go.” Then he left.",
                &["He said “Go.”", "Then he left."],
            ),
            (
                "She said 'No!' Then left.",
                &["She said 'No!'", "Then left."],
            ),
            ("\"Why?\" she asked.", &["\"Why?\" she asked."]),
            ("(See below.) Then go.", &["(See below.)", "Then go."]),
            (
                "It works. \"Great,\" she said.",
                &["It works.", "\"Great,\" she said."],
            ),
            ("**Done.** Next step.", &["**Done.**", "Next step."]),
            // Lowercase after a terminator: conservative.
            ("It is fast. and cheap.", &["It is fast. and cheap."]),
            ("Yahoo! is a brand.", &["Yahoo! is a brand."]),
            // Line breaks, colons, semicolons.
            ("One line\nsame sentence.", &["One line\nsame sentence."]),
            (
                "First paragraph\n\nSecond one",
                &["First paragraph", "Second one"],
            ),
            ("First\n  \t\nSecond", &["First", "Second"]),
            ("First\r\n\r\nSecond", &["First", "Second"]),
            ("Note: this; that.", &["Note: this; that."]),
            ("Run \u{FFFC}. Then stop.", &["Run \u{FFFC}.", "Then stop."]),
        ];
        for (text, expected) in cases {
            assert_eq!(split(text), *expected, "sentences of {text:?}");
        }
    }

    #[test]
    fn ranges_are_trimmed_and_ordered() {
        let text = "  One.   Two?\n\n Three ";
        let ranges = sentences(text);
        assert_eq!(ranges, vec![2..6, 9..13, 16..21]);
    }
}
