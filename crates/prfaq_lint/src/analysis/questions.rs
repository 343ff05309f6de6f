//! The FAQ's questions as the FAQ rules read them, each lowered and split once per
//! check and shared by the topic rules (FQ310–FQ322) and FQ305.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

/// A question in lowercase, its words in order, and the same words sorted so that a cue
/// word or stem is found by binary search instead of a pass over the words.
#[derive(Debug)]
struct Split {
    lower: String,
    words: Vec<Range<usize>>,
    sorted: Vec<Range<usize>>,
    /// Which letters a to z begin a word, one bit each: a cue word or stem whose first
    /// letter begins none is not looked up.
    initials: u32,
    /// Which letters a to z begin a run of letters and digits (after the start, a
    /// character that is neither, or a Chinese, Japanese or Korean character): where a
    /// cue phrase can start ([`prfaq_doc::cues::has_phrase`]). Every word's initial is
    /// one of them.
    starts: u32,
    /// The first two bytes of each run of [`Split::starts`] that begins with a letter a
    /// to z, one bit each by [`pair`]: a cue whose first two bytes are letters or digits
    /// and give a bit that is not set starts nowhere in the question.
    pairs: u64,
}

/// The bit of [`Split::pairs`] for a run that begins with the bytes `a` and `b`.
fn pair(a: u8, b: u8) -> u64 {
    1 << ((u32::from(a) << 8 | u32::from(b)).wrapping_mul(0x9E37_79B1) >> 26)
}

/// The bit of [`Split::initials`] for a word that begins with `b`, or every bit when `b`
/// is not a letter a to z (such a cue is always looked up).
fn initial(b: u8) -> u32 {
    if b.is_ascii_lowercase() {
        1 << (b - b'a')
    } else {
        u32::MAX
    }
}

/// A question as the FAQ rules read it: its text, lowered and split once.
#[derive(Debug)]
pub(crate) struct Asked<'a> {
    question: &'a str,
    /// The text in lowercase and its words, as the topic cues read them.
    split: OnceLock<Split>,
    /// The question's words (as `prfaq_text::words` splits them) in lowercase (FQ305),
    /// when its block's text is not the question itself.
    lowered: OnceLock<Vec<Cow<'a, str>>>,
    /// The index of the context's text that is the question itself, whose words are
    /// split and lowered already.
    pub(crate) text: Option<usize>,
}

impl<'a> Asked<'a> {
    pub(crate) fn new(question: &'a str, text: Option<usize>) -> Asked<'a> {
        Asked {
            question,
            split: OnceLock::new(),
            lowered: OnceLock::new(),
            text,
        }
    }

    /// The words of the question in lowercase, split once per question (see
    /// [`crate::Context::question_words`], which uses the question's text when there is
    /// one).
    pub(crate) fn lowered_words(&self) -> &[Cow<'a, str>] {
        self.lowered.get_or_init(|| {
            crate::words::lowercase_words(self.question, &prfaq_text::words(self.question))
        })
    }

    /// The question in lowercase and its words, split on anything but letters, digits,
    /// apostrophes and hyphens.
    fn split(&self) -> &Split {
        self.split.get_or_init(|| {
            let ascii = self.question.is_ascii();
            // ASCII, the common case, is lowercased and read byte by byte.
            let lower = if ascii {
                self.question.to_ascii_lowercase()
            } else {
                self.question.to_lowercase()
            };
            let mut words = Vec::with_capacity(16);
            let mut start = 0;
            let mut starts = 0;
            let mut pairs = 0;
            let bytes = lower.as_bytes();
            if ascii {
                let mut boundary = true;
                for (i, &b) in bytes.iter().enumerate() {
                    if boundary && b.is_ascii_lowercase() {
                        starts |= initial(b);
                        if let Some(&next) = bytes.get(i + 1) {
                            pairs |= pair(b, next);
                        }
                    }
                    let alphanumeric = b.is_ascii_alphanumeric();
                    boundary = !alphanumeric;
                    if !alphanumeric && b != b'\'' && b != b'-' {
                        if i > start {
                            words.push(start..i);
                        }
                        start = i + 1;
                    }
                }
            } else {
                let mut boundary = true;
                for (i, c) in lower.char_indices() {
                    if boundary && c.is_ascii_lowercase() {
                        starts |= initial(c as u8);
                        if let Some(&next) = bytes.get(i + 1) {
                            pairs |= pair(c as u8, next);
                        }
                    }
                    boundary = !c.is_alphanumeric() || prfaq_doc::cues::is_cjk(c);
                    if !c.is_alphanumeric() && c != '\'' && c != '-' {
                        if i > start {
                            words.push(start..i);
                        }
                        start = i + c.len_utf8();
                    }
                }
            }
            if lower.len() > start {
                words.push(start..lower.len());
            }
            let mut sorted = words.clone();
            sorted.sort_unstable_by(|a, b| lower[a.clone()].cmp(&lower[b.clone()]));
            let initials = words
                .iter()
                .fold(0, |bits, w| bits | initial(lower.as_bytes()[w.start]));
            Split {
                lower,
                words,
                sorted,
                initials,
                starts,
                pairs,
            }
        })
    }

    /// True when the question asks about any of `cues`: words or phrases (lowercase); a
    /// trailing `*` matches any ending; `how do ~i` matches "how do" before any word but
    /// "i".
    pub(crate) fn about(&self, cues: &[&str]) -> bool {
        let Split {
            lower,
            words,
            sorted,
            initials,
            starts,
            pairs,
        } = self.split();
        let lower = lower.as_str();
        let word = |r: &Range<usize>| &lower[r.clone()];
        cues.iter().any(|cue| {
            let bytes = cue.as_bytes();
            // A cue of any kind starts where a run of letters does: one whose first
            // letter starts none is not looked for.
            if bytes.first().is_some_and(|&b| initial(b) & starts == 0) {
                return false;
            }
            // Every kind of cue matches where a run starts with its first two bytes,
            // when they are a letter and a letter or digit.
            if let [a, b, ..] = *bytes
                && a.is_ascii_lowercase()
                && (b.is_ascii_lowercase() || b.is_ascii_digit())
                && pair(a, b) & pairs == 0
            {
                return false;
            }
            if bytes.contains(&b' ') {
                // `how do ~i`: the words "how do" followed by any word but "i".
                if let Some((phrase, not)) = split_negated(cue) {
                    let phrase: Vec<&str> = phrase.split(' ').collect();
                    let n = phrase.len();
                    return words.windows(n + 1).any(|w| {
                        w[..n].iter().map(word).eq(phrase.iter().copied()) && word(&w[n]) != not
                    });
                }
                prfaq_doc::cues::has_phrase(lower, cue)
            } else if bytes.first().is_some_and(|&b| initial(b) & initials == 0) {
                false
            } else if let Some(stem) = cue.strip_suffix('*') {
                // Words that start with the stem sort together, from the first word not
                // below it.
                let first = sorted.partition_point(|w| word(w) < stem);
                sorted.get(first).is_some_and(|w| word(w).starts_with(stem))
            } else {
                sorted.binary_search_by(|w| word(w).cmp(cue)).is_ok()
            }
        })
    }
}

/// A cue's phrase and the word that must not follow it (`how do ~i`), as
/// `cue.split_once(" ~")` splits it, without building a string searcher per cue.
fn split_negated(cue: &str) -> Option<(&str, &str)> {
    let at = cue.as_bytes().windows(2).position(|w| w == b" ~")?;
    Some((&cue[..at], &cue[at + 2..]))
}
