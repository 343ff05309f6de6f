//! The FAQ's questions as the FAQ rules read them, each lowered and split once per
//! check and shared by the topic rules (FQ310–FQ322) and FQ305.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use crate::cues::cue_list;

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
    split: OnceLock<Split>,
    /// The question's words (as `prfaq_text::words` splits them) in lowercase (FQ305),
    /// when its block's text is not the question itself.
    lowered: OnceLock<Vec<Cow<'a, str>>>,
    /// The index of the context's text that is the question itself, whose words are
    /// split and lowered already.
    pub(crate) text: Option<usize>,
    /// Which of [`QuestionCues`] the question asks about, found on first use.
    topics: OnceLock<u16>,
}

impl<'a> Asked<'a> {
    pub(crate) fn new(question: &'a str, text: Option<usize>) -> Asked<'a> {
        Asked {
            question,
            split: OnceLock::new(),
            lowered: OnceLock::new(),
            text,
            topics: OnceLock::new(),
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
    /// looked up once in [`CueIndex`], each for every list at once.
    fn topics(&self) -> u16 {
        *self.topics.get_or_init(|| {
            let split = self.split();
            let lower = split.lower.as_str();
            let index = &*CUE_INDEX;
            let mut found = 0u16;
            for w in &split.words {
                let word = &lower[w.clone()];
                if let Some(&lists) = index.words.get(word) {
                    found |= lists;
                }
                if let Some(stems) = word.get(..STEM_KEY).and_then(|k| index.stems.get(k)) {
                    for &(stem, lists) in stems {
                        if lists & !found != 0 && word.starts_with(stem) {
                            found |= lists;
                        }
                    }
                }
            }
            for (at, run) in runs(lower) {
                let Some(phrases) = index.phrases.get(run) else {
                    continue;
                };
                for &(phrase, lists) in phrases {
                    if lists & !found != 0 && phrase_at(lower, at, phrase) {
                        found |= lists;
                    }
                }
            }
            for &(cue, lists) in &index.others {
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
    /// its own: what [`CueIndex`] finds for every cue at once.
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

    /// The list's cues, from `data/en/`.
    fn cues(self) -> &'static [&'static str] {
        match self {
            QuestionCues::Dependency => cue_list!("dependency-questions"),
            QuestionCues::Differentiation => cue_list!("differentiation-questions"),
            QuestionCues::Feasibility => cue_list!("feasibility-questions"),
            QuestionCues::GettingStarted => cue_list!("getting-started-questions"),
            QuestionCues::HowItWorks => cue_list!("how-it-works-questions"),
            QuestionCues::Metric => cue_list!("metric-questions"),
            QuestionCues::Pricing => cue_list!("pricing-questions"),
            QuestionCues::Resource => cue_list!("resource-questions"),
            QuestionCues::Risk => cue_list!("risk-questions"),
            QuestionCues::SuccessMeasure => cue_list!("success-measure-questions"),
            QuestionCues::Task => cue_list!("task-questions"),
        }
    }
}

/// How many bytes of a word the stems are looked up by: every stem in [`QuestionCues`] is at
/// least this long (shorter ones are confirmed for every question, as `others`).
const STEM_KEY: usize = 3;

type Fixed = foldhash::fast::FixedState;

/// Every cue of [`QuestionCues`] by what a question must hold for it to match, each with the
/// lists it is in: a word cue by the word; a stem (without its `*`) by its first
/// [`STEM_KEY`] bytes; a phrase by its first run of letters and digits (where it must
/// start, [`runs`]); and the rest (`how do ~i`, a short stem, a phrase that starts with
/// neither) read whole for every question. The tests hold the answers to those of
/// reading every cue in turn ([`Split::matches`]).
struct CueIndex {
    words: HashMap<&'static str, u16, Fixed>,
    stems: HashMap<&'static str, Vec<(&'static str, u16)>, Fixed>,
    phrases: HashMap<&'static str, Vec<(&'static str, u16)>, Fixed>,
    others: Vec<(&'static str, u16)>,
}

static CUE_INDEX: LazyLock<CueIndex> = LazyLock::new(|| {
    // Sized for every cue at once: the maps are not grown and rehashed step by step.
    let cues: usize = QuestionCues::ALL.iter().map(|l| l.cues().len()).sum();
    let mut index = CueIndex {
        words: HashMap::with_capacity_and_hasher(cues, Fixed::default()),
        stems: HashMap::with_capacity_and_hasher(cues / 4, Fixed::default()),
        phrases: HashMap::with_capacity_and_hasher(cues / 2, Fixed::default()),
        others: Vec::new(),
    };
    let add = |list: &mut Vec<(&'static str, u16)>, cue: &'static str, bit: u16| match list
        .iter_mut()
        .find(|(c, _)| *c == cue)
    {
        Some((_, lists)) => *lists |= bit,
        None => list.push((cue, bit)),
    };
    for list in QuestionCues::ALL {
        let bit = 1u16 << list as u16;
        for &cue in list.cues() {
            // A phrase that starts with a character of a script without spaces may start
            // inside a run ([`prfaq_doc::cues::phrase_edge`]): it is read whole.
            let first_run = first_run(cue);
            if cue.contains(' ') {
                match first_run {
                    Some(run) if split_negated(cue).is_none() => {
                        add(index.phrases.entry(run).or_default(), cue, bit)
                    }
                    _ => add(&mut index.others, cue, bit),
                }
            } else if let Some(stem) = cue.strip_suffix('*') {
                match stem.get(..STEM_KEY) {
                    Some(key) => add(index.stems.entry(key).or_default(), stem, bit),
                    None => add(&mut index.others, cue, bit),
                }
            } else {
                *index.words.entry(cue).or_default() |= bit;
            }
        }
    }
    index
});

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

/// The run of letters and digits a cue starts with ([`runs`]), if it starts with one
/// and not with a character of a script without spaces. An ASCII cue, as nearly all
/// are, is read byte by byte.
fn first_run(cue: &str) -> Option<&str> {
    if cue.is_ascii() {
        let len = cue
            .bytes()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(cue.len());
        return (len > 0).then(|| &cue[..len]);
    }
    runs(cue)
        .next()
        .filter(|&(at, _)| at == 0 && !cue.starts_with(prfaq_doc::cues::is_cjk))
        .map(|(_, run)| run)
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
    fn first_run_reads_an_ascii_cue_as_runs_does() {
        fn slow(cue: &str) -> Option<&str> {
            runs(cue)
                .next()
                .filter(|&(at, _)| at == 0 && !cue.starts_with(prfaq_doc::cues::is_cjk))
                .map(|(_, run)| run)
        }
        let made = [
            "",
            "how much",
            "risk*",
            "'quoted",
            "-dash",
            "a",
            "x-ray",
            "how do ~i",
        ];
        let listed = QuestionCues::ALL
            .iter()
            .flat_map(|l| l.cues().iter().copied());
        for cue in made.into_iter().chain(listed) {
            assert_eq!(first_run(cue), slow(cue), "{cue:?}");
        }
    }

    #[test]
    fn every_list_has_its_bit() {
        for (k, cues) in QuestionCues::ALL.into_iter().enumerate() {
            assert_eq!(cues as usize, k);
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
