//! Remembered work, so that a document checked again after an edit costs little more
//! than the part that changed.
//!
//! The editor checks a document on every pause in typing, and a saved revision is
//! checked again to be shown; between two checks most paragraphs are the same. A
//! [`Memo`] keeps, for each text it has seen, the text's split into words and sentences
//! and what every [`Rule::local`](crate::Rule::local) rule found in it. [`crate::check_with`]
//! takes both from the memo for a text that is the same as before, wherever it has moved
//! to, runs the local rules on the other texts only, and runs every other rule on the
//! whole document as [`crate::check`] does. The findings are exactly `check`'s: the
//! suite compares the two on every corpus document and fixture, before and after edits.
//!
//! A text counts as the same when its block has the same bytes in the file, the same
//! prose read the same way, the same kind and nesting, the same region, parts (and
//! place in them) and customer-facing flag, and whether it is an FAQ question; the
//! configuration and the document's format must be the same too. That is everything a
//! local rule may read; a rule that reads more is not local. The same holds for the
//! facts that rules work out about one text and keep with it (a word list's matches,
//! the text's reading grade): the memo keeps them too.
//!
//! A memo is shared between threads. It holds the texts of the last few checks made
//! with it and forgets the rest, so it stays small however long it lives.

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use prfaq_doc::{Block, Document};

use crate::config::Config;
use crate::context::{Facts, ReleaseFacts, Split};
use crate::diagnostic::Violation;
use crate::rules::faq::QuestionFacts;

/// How many texts a memo keeps before it forgets those not used lately.
const KEEP_TEXTS: usize = 1024;
/// How many of the latest checks a text must have been used by to survive forgetting.
const KEEP_CHECKS: u64 = 8;

/// What a memo knows about one text.
#[derive(Debug)]
pub(crate) struct Known {
    /// The block's bytes in the file, compared on every use so that a hash collision
    /// can never hand one text another's findings.
    raw: Box<str>,
    /// Where the block began in the file the findings were made in.
    block_start: usize,
    pub(crate) split: Split,
    pub(crate) facts: Arc<Facts>,
    /// What each local rule found, by its index in [`crate::RULES`], in the order found.
    pub(crate) found: Vec<(usize, Violation)>,
}

impl Known {
    pub(crate) fn new(
        doc: &Document,
        block: usize,
        split: Split,
        facts: Arc<Facts>,
        found: Vec<(usize, Violation)>,
    ) -> Known {
        let b = &doc.blocks[block];
        Known {
            raw: raw(doc, b).into(),
            block_start: b.span.start,
            split,
            facts,
            found,
        }
    }

    /// What `rule` found, moved to where the block now begins.
    pub(crate) fn found_by(
        &self,
        rule: usize,
        block_start: usize,
    ) -> impl Iterator<Item = Violation> + '_ {
        self.found
            .iter()
            .filter(move |(r, _)| *r == rule)
            .map(move |(_, v)| {
                let shift = |at: usize| at.wrapping_sub(self.block_start).wrapping_add(block_start);
                Violation {
                    span: shift(v.span.start)..shift(v.span.end),
                    message: v.message.clone(),
                    help: v.help.clone(),
                }
            })
    }
}

#[derive(Debug, Default)]
struct Inner {
    /// Counts the checks made with this memo.
    generation: u64,
    /// By key (see [`Memo::key`]): the text and the last check that used it.
    texts: HashMap<u64, (Arc<Known>, u64)>,
    /// What is known of each FAQ question, by its text.
    questions: ByText<Arc<QuestionFacts>>,
    /// The stemmed key words of scope items and metric rows (SC601, SC602), by text.
    key_words: ByText<Arc<BTreeSet<String>>>,
    /// What is known of the last press release checked, with its texts' facts in order.
    release: Option<(Vec<Arc<Facts>>, Arc<ReleaseFacts>)>,
}

/// What the checker remembers between checks; see the module documentation.
#[derive(Debug, Default)]
pub struct Memo {
    inner: Mutex<Inner>,
    /// Keys of its own, so that nobody can aim one text at another's key (and a text
    /// whose key collides with another's is still told apart by its bytes).
    hasher: foldhash::quality::RandomState,
    /// What the parser remembers of the documents checked with this memo.
    parse: prfaq_doc::ParseMemo,
    /// The configuration of the last check and its fingerprint, so that the same
    /// configuration is compared, not printed and hashed, on every check.
    config: Mutex<Option<(Config, u64)>>,
}

impl Memo {
    pub fn new() -> Memo {
        Memo::default()
    }

    /// Parses `text` as [`prfaq_doc::parse`] does, to the same document, taking what
    /// the parser remembers of documents parsed with this memo before.
    pub fn parse(&self, text: &str) -> Document {
        prfaq_doc::parse_with(text, &self.parse)
    }

    /// Takes back a document [`Memo::parse`] made, once its caller is done with it, so
    /// that the next text that begins the same way is split into blocks only from where
    /// it differs (see [`prfaq_doc::ParseMemo::keep`]).
    pub fn keep(&self, doc: Document) {
        self.parse.keep(doc);
    }

    /// How many texts it holds.
    pub fn len(&self) -> usize {
        self.lock().texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while the lock was held leaves nothing half-made: every change is a
        // single insert or removal.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// For each `(block, key)`, what is known about it, if it is the same text.
    pub(crate) fn recall(&self, doc: &Document, keys: &[(usize, u64)]) -> Vec<Option<Arc<Known>>> {
        let mut inner = self.lock();
        inner.generation += 1;
        let generation = inner.generation;
        keys.iter()
            .map(|&(block, key)| {
                let (known, used) = inner.texts.get_mut(&key)?;
                if *known.raw != *raw(doc, &doc.blocks[block]) {
                    return None;
                }
                *used = generation;
                Some(Arc::clone(known))
            })
            .collect()
    }

    /// What is known of each of these FAQ questions; a question not seen before gets an
    /// empty record, kept from now on and filled in as the rules ask.
    pub(crate) fn questions(&self, questions: &[&str]) -> Vec<Arc<QuestionFacts>> {
        let mut inner = self.lock();
        let generation = inner.generation;
        let out = questions
            .iter()
            .map(|&question| {
                let key = self.hasher.hash_one(question);
                inner
                    .questions
                    .get_or_insert_with(key, question, generation, Arc::default)
            })
            .collect();
        inner.questions.forget(generation);
        out
    }

    /// The stemmed key words of `text` as `find` makes them, kept by the text (they
    /// depend on nothing else) and made on first use.
    pub(crate) fn key_words(
        &self,
        text: &str,
        find: impl FnOnce(&str) -> BTreeSet<String>,
    ) -> Arc<BTreeSet<String>> {
        let key = self.hasher.hash_one(text);
        let mut inner = self.lock();
        let generation = inner.generation;
        let words = inner
            .key_words
            .get_or_insert_with(key, text, generation, || Arc::new(find(text)));
        inner.key_words.forget(generation);
        words
    }

    /// What is known of the press release whose texts have these facts, in order: what
    /// was learnt from the last one when its texts are these same ones, else a new
    /// record, kept from now on. The record holds the facts, so none of them can be
    /// freed and another's take its place.
    pub(crate) fn release(&self, texts: Vec<Arc<Facts>>) -> Arc<ReleaseFacts> {
        let mut inner = self.lock();
        if let Some((known, facts)) = &inner.release
            && known.len() == texts.len()
            && known.iter().zip(&texts).all(|(a, b)| Arc::ptr_eq(a, b))
        {
            return Arc::clone(facts);
        }
        let facts = Arc::new(ReleaseFacts::default());
        inner.release = Some((texts, Arc::clone(&facts)));
        facts
    }

    /// Keeps what was learnt about new texts.
    pub(crate) fn learn(&self, learnt: Vec<(u64, Known)>) {
        if learnt.is_empty() {
            return;
        }
        let mut inner = self.lock();
        let generation = inner.generation;
        for (key, known) in learnt {
            inner.texts.insert(key, (Arc::new(known), generation));
        }
        if inner.texts.len() > KEEP_TEXTS {
            inner
                .texts
                .retain(|_, (_, used)| *used + KEEP_CHECKS > generation);
        }
    }
}

/// Records kept by a text, each with the last check that used it. Past
/// [`KEEP_TEXTS`] records, those no check used in the last [`KEEP_CHECKS`] are forgotten.
#[derive(Debug)]
struct ByText<V> {
    /// By hash of the text: the text, its record, the last check that used it.
    records: HashMap<u64, (Box<str>, V, u64)>,
}

impl<V> Default for ByText<V> {
    fn default() -> Self {
        ByText {
            records: HashMap::new(),
        }
    }
}

impl<V: Clone> ByText<V> {
    /// The record of `text` (whose hash is `key`), made by `make` when there is none or
    /// the record under that hash is another text's; marked as used by check `generation`.
    fn get_or_insert_with(
        &mut self,
        key: u64,
        text: &str,
        generation: u64,
        make: impl FnOnce() -> V,
    ) -> V {
        match self.records.get_mut(&key) {
            Some((kept, record, used)) if **kept == *text => {
                *used = generation;
                record.clone()
            }
            _ => {
                let record = make();
                self.records
                    .insert(key, (text.into(), record.clone(), generation));
                record
            }
        }
    }

    fn forget(&mut self, generation: u64) {
        if self.records.len() > KEEP_TEXTS {
            self.records
                .retain(|_, (_, _, used)| *used + KEEP_CHECKS > generation);
        }
    }
}

/// The block's bytes in the file.
fn raw<'a>(doc: &'a Document, block: &Block) -> &'a str {
    doc.source.get(block.span.clone()).unwrap_or("")
}

impl Memo {
    /// What stays the same for every text of one check: the configuration and the format.
    pub(crate) fn document_key(&self, doc: &Document, config: &Config) -> u64 {
        let mut last = self.config.lock().unwrap_or_else(|e| e.into_inner());
        let fingerprint = match &*last {
            Some((known, fingerprint)) if known == config => *fingerprint,
            _ => {
                let fingerprint = self.hasher.hash_one(format!("{config:?}"));
                *last = Some((config.clone(), fingerprint));
                fingerprint
            }
        };
        self.hasher.hash_one((fingerprint, doc.format))
    }

    /// Everything a local rule may read about the text of `block`, hashed.
    pub(crate) fn key(
        &self,
        doc: &Document,
        document_key: u64,
        block: usize,
        customer: bool,
        question: bool,
    ) -> u64 {
        let b = &doc.blocks[block];
        let mut h = self.hasher.build_hasher();
        document_key.hash(&mut h);
        raw(doc, b).hash(&mut h);
        b.prose.hash_relative(b.span.start, &mut h);
        (b.kind, b.quote_depth, b.is_heading()).hash(&mut h);
        (doc.regions[block], customer, question).hash(&mut h);
        // Every part the block is in, whether it opens it, and whether that part is the
        // first of its kind (the one `Document::part` finds).
        for part in doc.parts_of_block(block) {
            let first_of_kind = doc.part(part.kind).is_some_and(|f| std::ptr::eq(f, part));
            (
                part.kind,
                part.blocks.first() == Some(&block),
                first_of_kind,
            )
                .hash(&mut h);
        }
        h.finish()
    }
}
