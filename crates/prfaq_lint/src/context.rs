//! What a rule sees: the parsed document, the configuration, the word lists, and the
//! prose each rule family reads, already split into words and sentences.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, LazyLock, OnceLock};

use prfaq_doc::{Block, CODE, Document, Prose, Region};

use crate::config::Config;
use crate::memo::Memo;
use crate::rules::faq::{Asked, QuestionFacts};
use crate::words::{FastHash, Hit, ListKind, WordList, lowercase_words};

/// A piece of prose a rule reads, with its words and sentences (byte ranges of `prose.text`).
#[derive(Debug)]
pub struct Text<'a> {
    /// The block it came from.
    pub block: usize,
    pub prose: &'a Prose,
    /// Shared with the memo's record of the same text, so a remembered split is not
    /// copied.
    pub words: Arc<[Range<usize>]>,
    pub sentences: Arc<[Range<usize>]>,
    /// True for headings (not counted as sentences of the body).
    pub heading: bool,
    /// True inside the press release; false for the customer FAQ.
    pub press_release: bool,
    /// The words in lowercase, made on first use and shared by every word list.
    lowered: OnceLock<Vec<Cow<'a, str>>>,
    /// The quoted stretches of the text ([`prfaq_doc::cues::quoted_ranges`]), found on
    /// first use and shared by every rule that asks.
    quotes: OnceLock<Vec<Range<usize>>>,
    /// Whether the text holds any inline code, so most texts need not look for it in
    /// every word.
    code: bool,
    /// What rules worked out about this text alone, kept with it in a memo.
    facts: Arc<Facts>,
}

/// What is worked out about one text on first use and kept for the next check of the
/// same text (see [`crate::memo`]). Each fact depends on nothing but what a memo's key
/// covers: the text, its block, its part and the configuration.
#[derive(Debug, Default)]
pub(crate) struct Facts {
    /// Each word list's matches, by [`ListKind`].
    hits: [OnceLock<Vec<Hit>>; ListKind::ALL.len()],
    /// Where PL207 grades the text from, and its readability from there (`None`: the
    /// text is not graded).
    pub(crate) graded: OnceLock<Option<(usize, prfaq_text::Readability)>>,
    /// The stems of the words SC601 counts in a press-release text, each with whether
    /// it is a key word (see `rules::scope::not_in_press_release`).
    pub(crate) stems: OnceLock<Stems>,
    /// How many of the text's words name technical people ("developers"), for
    /// `technical_audience`.
    pub(crate) people: OnceLock<usize>,
    /// The text's acronyms, with what the text alone says about each (PL208).
    pub(crate) acronyms: OnceLock<Vec<crate::rules::plain::undefined_acronym::AcronymUse>>,
}

/// What is worked out from the press release as a whole, on first use, and kept while
/// the release's texts stay the same ones (see [`crate::memo`]): each part depends on
/// nothing but those texts, in their order.
#[derive(Debug, Default)]
pub(crate) struct ReleaseFacts {
    /// SC601's key words of the release and the three it uses most (see
    /// `rules::scope::not_in_press_release`).
    pub(crate) scope_words: OnceLock<(HashSet<String, FastHash>, Vec<String>)>,
}

/// Stems of a text's words, kept in one string.
#[derive(Debug, Default)]
pub(crate) struct Stems {
    text: String,
    /// Each stem's range in `text`, and a flag the rule that made it gives it.
    stems: Vec<(Range<usize>, bool)>,
}

impl Stems {
    pub(crate) fn push(&mut self, stem: &str, flag: bool) {
        let start = self.text.len();
        self.text.push_str(stem);
        self.stems.push((start..self.text.len(), flag));
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, bool)> {
        self.stems
            .iter()
            .map(|(r, flag)| (&self.text[r.clone()], *flag))
    }
}

impl<'a> Text<'a> {
    /// The file byte range of a range of this text.
    pub fn span(&self, range: Range<usize>) -> Range<usize> {
        self.prose.source_range(range)
    }

    /// The words of this text that fall inside `range`, skipping inline code.
    pub fn words_in(&self, range: &Range<usize>) -> impl Iterator<Item = &Range<usize>> {
        let range = range.clone();
        self.words
            .iter()
            .filter(move |w| w.start >= range.start && w.end <= range.end)
    }

    /// The words in lowercase (as `str::to_lowercase` makes them), one per word.
    pub fn lowered(&self) -> &[Cow<'a, str>] {
        self.lowered
            .get_or_init(|| lowercase_words(&self.prose.text, &self.words))
    }

    /// The quoted stretches of this text, as [`prfaq_doc::cues::quoted_ranges`] finds
    /// them, looked for once.
    pub fn quotes(&self) -> &[Range<usize>] {
        self.quotes
            .get_or_init(|| prfaq_doc::cues::quoted_ranges(&self.prose.text))
    }

    /// A word list's entries found in this text (each list looks once).
    pub fn find(&self, list: &WordList) -> &[Hit] {
        self.facts.hits[list.kind() as usize]
            .get_or_init(|| list.find_lowered(&self.prose.text, &self.words, self.lowered()))
    }

    /// What is known about this text alone.
    pub(crate) fn facts(&self) -> &Facts {
        &self.facts
    }

    /// The same, to keep in a memo.
    pub(crate) fn facts_shared(&self) -> Arc<Facts> {
        Arc::clone(&self.facts)
    }

    /// The word's text, or `None` for inline code.
    pub fn word(&self, range: &Range<usize>) -> Option<&str> {
        let w = &self.prose.text[range.clone()];
        (!self.code || !w.contains(CODE)).then_some(w)
    }
}

/// Everything a rule needs to check a document.
pub struct Context<'a> {
    pub doc: &'a Document,
    pub config: &'a Config,
    /// Every readable block, split once into words and sentences, in file order.
    texts: Vec<Text<'a>>,
    /// Whether each of `texts` is customer-facing (the press release or customer FAQ).
    customer: Vec<bool>,
    /// Whether the document is written for technical readers, decided once.
    technical: OnceLock<bool>,
    /// Every FAQ question lowercased and split for the topic rules, in FAQ order.
    asked: OnceLock<Vec<Asked<'a>>>,
    /// Whether each block is an FAQ question, by block, made on first use.
    question_blocks: OnceLock<Vec<bool>>,
    /// Lists with this project's vocabulary, built on first use.
    lists: [OnceLock<Option<WordList>>; ListKind::ALL.len()],
    /// While a rule that reads each text on its own runs for one text only: that text's
    /// place in `texts`. The text iterators then yield it alone.
    focus: Cell<Option<usize>>,
    /// What is known of each FAQ question's text, by question; empty when nothing is.
    question_facts: Vec<Arc<QuestionFacts>>,
    /// What is known of the press release as a whole, looked up on first use.
    release: OnceLock<Arc<ReleaseFacts>>,
    /// The memo of this check, when it has one, for what is kept by text alone.
    memo: Option<&'a Memo>,
}

/// A text's words and sentences, as [`prfaq_text::words`] and [`prfaq_text::sentences`]
/// split it.
pub(crate) type Split = (Arc<[Range<usize>]>, Arc<[Range<usize>]>);

/// What a memo remembers of a text to build it again: its split and its facts.
pub(crate) type Recalled = (Split, Arc<Facts>);

impl<'a> Context<'a> {
    pub fn new(doc: &'a Document, config: &'a Config) -> Context<'a> {
        Context::with_splits(doc, config, &doc.customer_blocks(), |_| None)
    }

    /// A context whose texts take their split from `known` (by block) where it has one,
    /// and are split afresh where it has none. `customer_blocks` is
    /// [`Document::customer_blocks`].
    pub(crate) fn with_splits(
        doc: &'a Document,
        config: &'a Config,
        customer_blocks: &[usize],
        mut known: impl FnMut(usize) -> Option<Recalled>,
    ) -> Context<'a> {
        let texts: Vec<Text<'a>> = (0..doc.blocks.len())
            .filter(|&i| is_readable(&doc.blocks[i]))
            .map(|i| text_of(doc, i, known(i)))
            .collect();
        let customer = texts
            .iter()
            .map(|t| customer_blocks.binary_search(&t.block).is_ok())
            .collect();
        Context {
            doc,
            config,
            texts,
            customer,
            technical: OnceLock::new(),
            asked: OnceLock::new(),
            question_blocks: OnceLock::new(),
            lists: Default::default(),
            focus: Cell::new(None),
            question_facts: Vec::new(),
            release: OnceLock::new(),
            memo: None,
        }
    }

    /// Hands the topic rules what is known of each FAQ question (one per question of
    /// `doc.faq.questions`).
    pub(crate) fn with_question_facts(mut self, facts: Vec<Arc<QuestionFacts>>) -> Context<'a> {
        self.question_facts = facts;
        self
    }

    /// Keeps in `memo` what is worked out from a text alone ([`Context::key_words`]) and
    /// from the press release as a whole ([`Context::release`]).
    pub(crate) fn with_memo(mut self, memo: &'a Memo) -> Context<'a> {
        self.memo = Some(memo);
        self
    }

    /// The stemmed content words of `text` (SC601, SC602), kept in the memo by the text.
    pub(crate) fn key_words(&self, text: &str) -> Arc<BTreeSet<String>> {
        match self.memo {
            Some(memo) => memo.key_words(text, crate::rules::scope::key_words),
            None => Arc::new(crate::rules::scope::key_words(text)),
        }
    }

    /// What is known of the press release as a whole: the memo's record when the
    /// release's texts are the ones it was learnt from, whatever the focus.
    pub(crate) fn release(&self) -> &ReleaseFacts {
        self.release.get_or_init(|| match self.memo {
            Some(memo) => memo.release(
                self.texts
                    .iter()
                    .filter(|t| t.press_release)
                    .map(Text::facts_shared)
                    .collect(),
            ),
            None => Arc::default(),
        })
    }

    /// The texts the iterators below yield, with their customer flags: all of them, or
    /// the one in focus.
    fn in_view(&self) -> (&[Text<'a>], &[bool]) {
        match self.focus.get() {
            Some(i) => (&self.texts[i..=i], &self.customer[i..=i]),
            None => (&self.texts, &self.customer),
        }
    }

    /// Narrows every text iterator to the text at `index` of [`Context::all_texts`], or
    /// widens them to every text again with `None`.
    pub(crate) fn set_focus(&self, index: Option<usize>) {
        self.focus.set(index);
    }

    /// True when `block` is an FAQ question (the question itself, not its answer).
    pub fn is_question_block(&self, block: usize) -> bool {
        let blocks = self.question_blocks.get_or_init(|| {
            let mut blocks = vec![false; self.doc.blocks.len()];
            for q in &self.doc.faq.questions {
                if let Some(slot) = blocks.get_mut(q.block) {
                    *slot = true;
                }
            }
            blocks
        });
        blocks.get(block).copied().unwrap_or(false)
    }

    /// How many texts the document has, whatever the focus.
    pub(crate) fn text_count(&self) -> usize {
        self.texts.len()
    }

    /// The text at `index`, whatever the focus.
    pub(crate) fn text_at(&self, index: usize) -> &Text<'a> {
        &self.texts[index]
    }

    /// The customer-facing prose: the press release and the customer FAQ (PL201–PL209).
    pub fn customer_texts(&self) -> impl Iterator<Item = &Text<'a>> {
        let (texts, customer) = self.in_view();
        texts
            .iter()
            .zip(customer)
            .filter(|(_, customer)| **customer)
            .map(|(text, _)| text)
    }

    /// The press-release prose only.
    pub fn press_release_texts(&self) -> impl Iterator<Item = &Text<'a>> {
        self.in_view().0.iter().filter(|t| t.press_release)
    }

    /// Every prose block of the document (PL210 reads them all).
    pub fn all_texts(&self) -> &[Text<'a>] {
        self.in_view().0
    }

    /// True when the document is written for technical readers (PL202 and PL208 excuse
    /// engineering words then). Several rules ask; it is worked out once, from every
    /// text whatever the focus.
    pub fn technical_audience(&self) -> bool {
        *self.technical.get_or_init(|| {
            let focus = self.focus.replace(None);
            let technical = crate::rules::plain::technical_detail::technical_audience(self);
            self.focus.set(focus);
            technical
        })
    }

    /// The FAQ's questions as the topic rules read them, one per question of
    /// `doc.faq.questions`. Ten rules ask; each question is lowered and split once.
    pub(crate) fn asked(&self) -> &[Asked<'a>] {
        self.asked.get_or_init(|| {
            self.doc
                .faq
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| match self.question_facts.get(i) {
                    Some(facts) => Asked::with_facts(&q.prose.text, Arc::clone(facts)),
                    None => Asked::new(&q.prose.text),
                })
                .collect()
        })
    }

    /// A word list with the project's vocabulary applied; the built-in list when the
    /// project has none for it.
    pub fn list(&self, kind: ListKind) -> &WordList {
        let slot = &self.lists[kind as usize];
        slot.get_or_init(|| {
            self.config
                .vocabulary
                .get(&kind)
                .map(|v| WordList::new(kind, Some(v)))
        })
        .as_ref()
        .unwrap_or_else(|| &DEFAULT_LISTS[&kind])
    }
}

/// The built-in lists, built once per process.
static DEFAULT_LISTS: LazyLock<HashMap<ListKind, WordList>> = LazyLock::new(|| {
    ListKind::ALL
        .into_iter()
        .map(|k| (k, WordList::new(k, None)))
        .collect()
});

pub(crate) fn is_readable(block: &Block) -> bool {
    block.is_prose() && !block.prose.is_empty()
}

fn text_of(doc: &Document, i: usize, known: Option<Recalled>) -> Text<'_> {
    let block = &doc.blocks[i];
    let prose = &block.prose;
    // Table cells are joined with blank lines, which always end a sentence.
    let ((words, sentences), facts) = known.unwrap_or_else(|| {
        let split = (
            prfaq_text::words(&prose.text).into(),
            prfaq_text::sentences(&prose.text).into(),
        );
        (split, Arc::default())
    });
    Text {
        block: i,
        prose,
        words,
        sentences,
        heading: block.is_heading(),
        press_release: doc.regions[i] == Region::PressRelease,
        lowered: OnceLock::new(),
        quotes: OnceLock::new(),
        code: prose.text.contains(CODE),
        facts,
    }
}
