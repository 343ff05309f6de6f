//! What a rule sees: the parsed document, the configuration, the word lists, and the
//! prose each rule family reads, already split into words and sentences.

use std::cell::OnceCell;
use std::ops::Range;

use prfaq_doc::{Block, Document, Prose, Region};

use crate::analysis::questions::Asked;
use crate::config::Config;
use crate::registry::Texts;
use crate::words::{BUILT_IN, Hit, LEXICON, ListKind, LowerWords, Lowered, WordList};

/// A piece of prose a rule reads, with its words and sentences (byte ranges of `prose.text`).
#[derive(Debug)]
pub struct Text<'a> {
    /// The block it came from.
    pub block: usize,
    pub prose: &'a Prose,
    /// The words, split on first use: most of the texts outside the customer-facing
    /// ones are read by no rule word by word.
    words: OnceCell<Vec<Range<usize>>>,
    /// The sentences, split on first use: the rules that read them read the
    /// customer-facing texts only.
    sentences: OnceCell<Vec<Range<usize>>>,
    /// True for headings (not counted as sentences of the body).
    pub heading: bool,
    /// True inside the press release; false for the customer FAQ.
    pub press_release: bool,
    /// The words in lowercase, made on first use and shared by every word list.
    lowered: OnceCell<Lowered>,
    /// The quoted stretches of the text ([`prfaq_doc::cues::quoted_ranges`]), found on
    /// first use and shared by every rule that asks.
    quotes: OnceCell<Vec<Range<usize>>>,
    /// Whether the text holds any inline code, so most texts need not look for it in
    /// every word.
    code: bool,
    /// What the built-in word lists find, by [`ListKind`], found together on first use
    /// and shared by every rule that reads a list.
    built_in: OnceCell<[Vec<Hit>; ListKind::ALL.len()]>,
    /// What lists with a project's vocabulary find, by [`ListKind`], each on first use.
    hits: [OnceCell<Vec<Hit>>; ListKind::ALL.len()],
}

impl<'a> Text<'a> {
    /// The file byte range of a range of this text.
    pub fn span(&self, range: Range<usize>) -> Range<usize> {
        self.prose.source_range(range)
    }

    /// The words of this text (byte ranges of `prose.text`, in order), split once.
    pub fn words(&self) -> &[Range<usize>] {
        self.words
            .get_or_init(|| prfaq_text::words(&self.prose.text))
    }

    /// True when the words are split already (a rule read them): a rule that could
    /// tell from a quick search that it needs no word of the text asks before searching.
    pub(crate) fn words_split(&self) -> bool {
        self.words.get().is_some()
    }

    /// The words of this text that fall inside `range`, skipping inline code.
    pub fn words_in(&self, range: &Range<usize>) -> impl Iterator<Item = &Range<usize>> {
        // Words are in order and do not overlap: those wholly inside `range` are one run.
        let words = self.words();
        let first = words.partition_point(|w| w.start < range.start);
        let end = words.partition_point(|w| w.end <= range.end).max(first);
        words[first..end].iter()
    }

    /// The sentences of this text (byte ranges of `prose.text`), split once.
    pub fn sentences(&self) -> &[Range<usize>] {
        self.sentences
            .get_or_init(|| prfaq_text::sentences(&self.prose.text))
    }

    /// The words in lowercase (as `str::to_lowercase` makes them), one per word.
    pub fn lowered(&self) -> LowerWords<'_> {
        self.lowered
            .get_or_init(|| Lowered::new(&self.prose.text, self.words()))
            .words()
    }

    /// The quoted stretches of this text, as [`prfaq_doc::cues::quoted_ranges`] finds
    /// them, looked for once.
    pub fn quotes(&self) -> &[Range<usize>] {
        self.quotes
            .get_or_init(|| prfaq_doc::cues::quoted_ranges(&self.prose.text))
    }

    /// A word list's entries found in this text (each list looks once).
    pub fn find(&self, list: &WordList) -> &[Hit] {
        let kind = list.kind() as usize;
        if std::ptr::eq(list, &BUILT_IN[kind]) {
            // The built-in lists are read together, in one pass over the words.
            return &self
                .built_in
                .get_or_init(|| LEXICON.find_all(&self.prose.text, self.words(), self.lowered()))
                [kind];
        }
        self.hits[kind]
            .get_or_init(|| list.find_lowered(&self.prose.text, self.words(), self.lowered()))
    }

    /// The word's text, or `None` for inline code ([`prose_words`] for a text that is
    /// not one of the context's).
    pub fn word(&self, range: &Range<usize>) -> Option<&str> {
        let w = &self.prose.text[range.clone()];
        (!self.code || !prfaq_doc::has_code(w)).then_some(w)
    }
}

/// The words of `text` (as `prfaq_text::words` splits them) but those of inline code, as
/// [`Text::word`] gives them: a text that holds no code is not searched word by word.
pub(crate) fn prose_words(text: &str) -> impl Iterator<Item = &str> {
    let code = prfaq_doc::has_code(text);
    prfaq_text::words(text)
        .into_iter()
        .map(move |w| &text[w])
        .filter(move |w| !code || !prfaq_doc::has_code(w))
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
    technical: OnceCell<bool>,
    /// Every FAQ question lowercased and split for the topic rules, in FAQ order.
    asked: OnceCell<Vec<Asked<'a>>>,
    /// Whether each block is an FAQ question, by block, made on first use.
    question_blocks: OnceCell<Vec<bool>>,
    /// The business case, read on first use (MT405 and MT406 read it).
    business: OnceCell<Option<prfaq_doc::business::BusinessCase>>,
    /// The journey and metrics read as a plan, on first use (MT407, MT408, JR503).
    plan: OnceCell<prfaq_doc::plan::Plan>,
    /// Lists with this project's vocabulary, built on first use.
    lists: [OnceCell<Option<WordList>>; ListKind::ALL.len()],
}

impl<'a> Context<'a> {
    pub fn new(doc: &'a Document, config: &'a Config) -> Context<'a> {
        let customer_blocks = doc.customer_blocks();
        // A text is a few hundred bytes: the vector is sized for every block at once, so
        // it is not grown, and the texts copied, step by step.
        let mut texts: Vec<Text<'a>> = Vec::with_capacity(doc.blocks.len());
        texts.extend(
            (0..doc.blocks.len())
                .filter(|&i| is_readable(&doc.blocks[i]))
                .map(|i| text_of(doc, i)),
        );
        let customer = texts
            .iter()
            .map(|t| customer_blocks.binary_search(&t.block).is_ok())
            .collect();
        Context {
            doc,
            config,
            texts,
            customer,
            technical: OnceCell::new(),
            asked: OnceCell::new(),
            question_blocks: OnceCell::new(),
            business: OnceCell::new(),
            plan: OnceCell::new(),
            lists: Default::default(),
        }
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

    /// The texts of `texts`, in file order.
    pub fn texts(&self, texts: Texts) -> Box<dyn Iterator<Item = &Text<'a>> + '_> {
        match texts {
            Texts::PressRelease => Box::new(self.press_release_texts()),
            Texts::Customer => Box::new(self.customer_texts()),
            Texts::All => Box::new(self.all_texts().iter()),
        }
    }

    /// The customer-facing prose: the press release and the customer FAQ (PL201–PL209).
    pub fn customer_texts(&self) -> impl Iterator<Item = &Text<'a>> {
        self.texts
            .iter()
            .zip(&self.customer)
            .filter(|(_, customer)| **customer)
            .map(|(text, _)| text)
    }

    /// The press-release prose only.
    pub fn press_release_texts(&self) -> impl Iterator<Item = &Text<'a>> {
        self.texts.iter().filter(|t| t.press_release)
    }

    /// Every prose block of the document (PL210 reads them all).
    pub fn all_texts(&self) -> &[Text<'a>] {
        &self.texts
    }

    /// True when the document is written for technical readers (PL202 and PL208 excuse
    /// engineering words then). Several rules ask; it is worked out once.
    pub fn technical_audience(&self) -> bool {
        *self
            .technical
            .get_or_init(|| crate::analysis::audience::technical_audience(self))
    }

    /// The document's business case, if it has one, read once.
    pub fn business_case(&self) -> Option<&prfaq_doc::business::BusinessCase> {
        self.business
            .get_or_init(|| prfaq_doc::business::read(self.doc))
            .as_ref()
    }

    /// The document's journey steps with their events and its metrics rows read as typed
    /// promises ([`prfaq_doc::plan::read_promises`]), read once.
    pub fn plan(&self) -> &prfaq_doc::plan::Plan {
        self.plan
            .get_or_init(|| prfaq_doc::plan::read_promises(self.doc))
    }

    /// The FAQ's questions as the topic rules read them, one per question of
    /// `doc.faq.questions`. Ten rules ask; each question is lowered and split once.
    pub(crate) fn asked(&self) -> &[Asked<'a>] {
        self.asked.get_or_init(|| {
            self.doc
                .faq
                .questions
                .iter()
                .map(|q| {
                    // The question's own block, when its text is the question alone (not
                    // "Q: …"): its words are split and lowered there already.
                    let text = self
                        .texts
                        .binary_search_by_key(&q.block, |t| t.block)
                        .ok()
                        .filter(|&t| self.texts[t].prose.text == q.prose.text);
                    Asked::new(&q.prose.text, text)
                })
                .collect()
        })
    }

    /// The words of an FAQ question (one of [`Context::asked`]) in lowercase, as
    /// `prfaq_text::words` splits them.
    pub(crate) fn question_words<'s>(&'s self, asked: &'s Asked<'a>) -> LowerWords<'s> {
        match asked.text {
            Some(t) => self.texts[t].lowered(),
            None => asked.lowered_words(),
        }
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
        .unwrap_or_else(|| &BUILT_IN[kind as usize])
    }
}

pub(crate) fn is_readable(block: &Block) -> bool {
    block.is_prose() && !block.prose.is_empty()
}

fn text_of(doc: &Document, i: usize) -> Text<'_> {
    let block = &doc.blocks[i];
    let prose = &block.prose;
    // Table cells are joined with blank lines, which always end a sentence.
    Text {
        block: i,
        prose,
        words: OnceCell::new(),
        sentences: OnceCell::new(),
        heading: block.is_heading(),
        press_release: doc.regions[i] == Region::PressRelease,
        lowered: OnceCell::new(),
        quotes: OnceCell::new(),
        code: prfaq_doc::has_code(&prose.text),
        built_in: OnceCell::new(),
        hits: Default::default(),
    }
}
