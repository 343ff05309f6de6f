//! The FAQ's questions as the FAQ rules read them, each lowered and split once per
//! check and shared by the topic rules (FQ310–FQ322) and FQ305.

use std::cell::OnceCell;
use std::ops::Range;

use crate::words::{LowerWords, Lowered, probe};

/// A question in lowercase and its words in order.
#[derive(Debug)]
struct Split {
    lower: String,
    words: Vec<Range<usize>>,
}

/// A question as the FAQ rules read it: its text, lowered and split once.
#[derive(Debug)]
pub(crate) struct Asked<'a> {
    question: &'a str,
    /// The text in lowercase and its words, as the topic cues read them.
    split: OnceCell<Split>,
    /// The question's words (as `prfaq_text::words` splits them) in lowercase (FQ305),
    /// when its block's text is not the question itself.
    lowered: OnceCell<Lowered>,
    /// The index of the context's text that is the question itself, whose words are
    /// split and lowered already.
    pub(crate) text: Option<usize>,
    /// Which of [`QuestionCues`] the question asks about, found on first use.
    topics: OnceCell<u16>,
}

impl<'a> Asked<'a> {
    pub(crate) fn new(question: &'a str, text: Option<usize>) -> Asked<'a> {
        Asked {
            question,
            split: OnceCell::new(),
            lowered: OnceCell::new(),
            text,
            topics: OnceCell::new(),
        }
    }

    /// The words of the question in lowercase, split once per question (see
    /// [`crate::Context::question_words`], which uses the question's text when there is
    /// one).
    pub(crate) fn lowered_words(&self) -> LowerWords<'_> {
        self.lowered
            .get_or_init(|| Lowered::new(self.question, &prfaq_text::words(self.question)))
            .words()
    }

    /// The question in lowercase and its words, split on anything but letters, digits,
    /// apostrophes and hyphens.
    fn split(&self) -> &Split {
        self.split.get_or_init(|| {
            // ASCII, the common case, is lowercased and read byte by byte.
            let (lower, ascii) = if self.question.is_ascii() {
                (self.question.to_ascii_lowercase(), true)
            } else {
                (self.question.to_lowercase(), false)
            };
            let mut words = Vec::with_capacity(16);
            let mut start = 0;
            if ascii {
                for (i, &b) in lower.as_bytes().iter().enumerate() {
                    if !b.is_ascii_alphanumeric() && b != b'\'' && b != b'-' {
                        if i > start {
                            words.push(start..i);
                        }
                        start = i + 1;
                    }
                }
            } else {
                for (i, c) in lower.char_indices() {
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
            Split { lower, words }
        })
    }

    /// True when the question asks about any of the cues of `cues`: words or phrases
    /// (lowercase); a trailing `*` matches any ending; `how do ~i` matches "how do"
    /// before any word but "i". Every list is answered from one reading of the question
    /// for all of them ([`Asked::topics`]).
    pub(crate) fn about(&self, cues: QuestionCues) -> bool {
        self.topics() & (1 << cues as u16) != 0
    }

    /// [`Asked::about`] a list of cues of its own, read cue by cue.
    #[cfg(test)]
    pub(crate) fn about_cues(&self, cues: &[&str]) -> bool {
        let split = self.split();
        cues.iter().any(|cue| split.matches(cue))
    }

    /// Which of [`QuestionCues`] the question asks about, one bit each: its words, the
    /// beginnings of its words and the runs of letters where a phrase may start are
    /// looked up once in the static index (`QUESTION_WORDS` and the others), each for
    /// every list at once.
    fn topics(&self) -> u16 {
        *self.topics.get_or_init(|| {
            let split = self.split();
            let lower = split.lower.as_str();
            let mut found = 0u16;
            for w in &split.words {
                let word = &lower[w.clone()];
                if let Some(&lists) = probe(&QUESTION_WORDS, word) {
                    found |= lists;
                }
                if let Some(stems) = word.get(..STEM_KEY).and_then(|k| probe(&QUESTION_STEMS, k)) {
                    for &(stem, lists) in *stems {
                        if lists & !found != 0 && word.starts_with(stem) {
                            found |= lists;
                        }
                    }
                }
            }
            for (at, run) in runs(lower) {
                let Some(phrases) = probe(&QUESTION_PHRASES, run) else {
                    continue;
                };
                for &(phrase, lists) in *phrases {
                    if lists & !found != 0 && phrase_at(lower, at, phrase) {
                        found |= lists;
                    }
                }
            }
            for &(cue, lists) in &QUESTION_OTHERS {
                if lists & !found != 0 && split.matches(cue) {
                    found |= lists;
                }
            }
            found
        })
    }
}

/// True when `phrase` is in `lower` at byte `at`, where a phrase may start ([`runs`]),
/// and ends where a word does, as [`prfaq_doc::cues::has_phrase`] reads its end.
fn phrase_at(lower: &str, at: usize, phrase: &str) -> bool {
    if !lower[at..].starts_with(phrase) {
        return false;
    }
    let after = lower[at + phrase.len()..].chars().next();
    prfaq_doc::cues::phrase_edge(after, phrase.chars().next_back())
}

impl Split {
    /// True when the question asks about `cue` (see [`Asked::about`]), the cue read on
    /// its own: what the static index finds for every cue at once.
    fn matches(&self, cue: &str) -> bool {
        let word = |r: &Range<usize>| &self.lower[r.clone()];
        if cue.contains(' ') {
            // `how do ~i`: the words "how do" followed by any word but "i".
            if let Some((phrase, not)) = split_negated(cue) {
                let phrase: Vec<&str> = phrase.split(' ').collect();
                let n = phrase.len();
                return self.words.windows(n + 1).any(|w| {
                    w[..n].iter().map(word).eq(phrase.iter().copied()) && word(&w[n]) != not
                });
            }
            prfaq_doc::cues::has_phrase(&self.lower, cue)
        } else if let Some(stem) = cue.strip_suffix('*') {
            self.words.iter().any(|w| word(w).starts_with(stem))
        } else {
            self.words.iter().any(|w| word(w) == cue)
        }
    }
}

/// The lists of cues that show what a question asks about, for [`Asked::about`]: the FAQ
/// topics and the other questions the rules look for. At most 16 (a bit each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QuestionCues {
    Dependency,
    Differentiation,
    Feasibility,
    GettingStarted,
    HowItWorks,
    Metric,
    Pricing,
    Resource,
    Risk,
    SuccessMeasure,
    /// "How do I …?" and "How can I …?": a task done with the product.
    Task,
}

impl QuestionCues {
    /// Every list, in the order of their bits.
    #[cfg(test)]
    pub(crate) const ALL: [QuestionCues; 11] = [
        QuestionCues::Dependency,
        QuestionCues::Differentiation,
        QuestionCues::Feasibility,
        QuestionCues::GettingStarted,
        QuestionCues::HowItWorks,
        QuestionCues::Metric,
        QuestionCues::Pricing,
        QuestionCues::Resource,
        QuestionCues::Risk,
        QuestionCues::SuccessMeasure,
        QuestionCues::Task,
    ];

    /// The list's cues, from its file in `data/en/` (`QUESTION_LISTS`).
    #[cfg(test)]
    fn cues(self) -> &'static [&'static str] {
        crate::cues::CUE_FILES[crate::cues::cue_file(QUESTION_LISTS[self as usize])].1
    }
}

/// How many bytes of a word the stems are looked up by: every stem in [`QuestionCues`] is at
/// least this long (shorter ones are confirmed for every question, as `QUESTION_OTHERS`).
/// `build.rs` keys the stems by as many.
const STEM_KEY: usize = 3;

// Every cue of [`QuestionCues`] by what a question must hold for it to match, each with
// the lists it is in (a bit each, in the order of `QUESTION_LISTS`, the lists' files),
// compiled by `build.rs` from the cue files: `QUESTION_WORDS`, a word cue by the word;
// `QUESTION_STEMS`, a stem (without its `*`) by its first [`STEM_KEY`] bytes;
// `QUESTION_PHRASES`, a phrase by the run of ASCII letters and digits it starts with
// (where it must start, [`runs`]); and `QUESTION_OTHERS`, the rest (`how do ~i`, a
// short stem, a phrase that starts with neither, a cue beyond ASCII), read whole for
// every question. The first three are open-addressing tables by `crate::words::fnv`,
// an empty key marking an empty slot. The tests hold the answers to those of reading
// every cue in turn ([`Split::matches`]).
include!(concat!(env!("OUT_DIR"), "/question_index.rs"));

/// The runs of letters and digits of `text` that a phrase may start with, as
/// [`prfaq_doc::cues::has_phrase`] reads where a phrase starts: each begins at the
/// start, after a character that is neither a letter nor a digit, or after a Chinese,
/// Japanese or Korean character, and runs to the next character that is not a letter
/// or digit.
fn runs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut before: Option<char> = None;
    std::iter::from_fn(move || {
        while at < text.len() {
            // ASCII, the common case, is read byte by byte.
            let c = if bytes[at] < 0x80 {
                char::from(bytes[at])
            } else {
                text[at..].chars().next()?
            };
            let here = at;
            at += c.len_utf8();
            let starts = c.is_alphanumeric() && prfaq_doc::cues::phrase_edge(before, None);
            before = Some(c);
            if starts {
                // Read ahead without moving on: a start may follow inside the run, after
                // a Chinese, Japanese or Korean character.
                let len = text[here..]
                    .char_indices()
                    .find(|&(_, d)| !d.is_alphanumeric())
                    .map_or(text.len() - here, |(i, _)| i);
                return Some((here, &text[here..here + len]));
            }
        }
        None
    })
}

/// A cue's phrase and the word that must not follow it (`how do ~i`), as
/// `cue.split_once(" ~")` splits it, without building a string searcher per cue.
fn split_negated(cue: &str) -> Option<(&str, &str)> {
    let at = cue.as_bytes().windows(2).position(|w| w == b" ~")?;
    Some((&cue[..at], &cue[at + 2..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_has_its_bit() {
        for (k, cues) in QuestionCues::ALL.into_iter().enumerate() {
            assert_eq!(cues as usize, k);
            // The index gives each list the bit of its file's place in `QUESTION_LISTS`:
            // `GettingStarted` is read from `getting-started-questions.txt`.
            let mut file = String::new();
            for c in format!("{cues:?}").chars() {
                if c.is_uppercase() && !file.is_empty() {
                    file.push('-');
                }
                file.extend(c.to_lowercase());
            }
            assert_eq!(QUESTION_LISTS[k], format!("{file}-questions"));
        }
    }

    /// `about` as it reads every cue of the list, without the index.
    fn cue_by_cue(question: &str, cues: &[&str]) -> bool {
        let asked = Asked::new(question, None);
        let split = asked.split();
        cues.iter().any(|cue| split.matches(cue))
    }

    fn same_answers(question: &str) {
        let asked = Asked::new(question, None);
        for cues in QuestionCues::ALL {
            assert_eq!(
                asked.about(cues),
                cue_by_cue(question, cues.cues()),
                "{cues:?} on {question:?}"
            );
        }
    }

    #[test]
    fn the_index_answers_as_every_cue_read_in_turn_on_made_questions() {
        let mut made = 0;
        for list in QuestionCues::ALL {
            for cue in list.cues() {
                let plain = cue.trim_end_matches('*').replace(" ~", " ");
                let upper = plain.to_uppercase();
                for question in [
                    format!("What about {plain}?"),
                    plain.to_string(),
                    format!("Is the {plain}s part ready?"),
                    format!("Why pre{plain} and not {plain}-based?"),
                    format!("{upper} WHEN?"),
                    format!("How do I {plain}?"),
                    format!("中{plain}文?"),
                    format!("Does it cover {plain}'s cost, {plain}?"),
                    format!("{}?", &plain[..plain.len() / 2]),
                ] {
                    same_answers(&question);
                    made += 1;
                }
            }
        }
        assert!(made > 1000, "{made} questions");
    }

    #[test]
    fn the_index_answers_as_every_cue_read_in_turn_on_real_questions() {
        let mut questions = 0;
        for (_, text) in crate::testing::real_documents() {
            for q in &prfaq_doc::parse(&text).faq.questions {
                same_answers(&q.prose.text);
                questions += 1;
            }
        }
        assert!(questions > 500, "{questions} questions");
    }
}
