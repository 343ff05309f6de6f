//! FQ305 duplicate-question.

use std::collections::{BTreeSet, HashMap};

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;
use crate::words::LowerWords;

declare_rule! {
    /// ## What it does
    /// Finds a question asked twice in the FAQ: the same words, or nearly all the same
    /// words in another order or case, not counting the product's name ("How do I get
    /// started with Snap & File?" repeats "How do I get started?").
    ///
    /// ## Why is this bad?
    /// Two answers to one question drift apart, and readers cannot tell which is true.
    ///
    /// ## Example
    /// ```markdown
    /// ### How much does it cost?
    /// Nothing.
    /// ### How much does this cost?
    /// $5 a month.
    /// ```
    ///
    /// ## Use instead
    /// Keep one question and one answer.
    pub struct DuplicateQuestion;
    "FQ305", "duplicate-question", Faq, Warning, structural; reads the document
}

/// Words too common to tell two questions apart. A `match`, which compiles to a switch
/// on the length: every word of every question is asked.
fn is_stop(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "the"
            | "is"
            | "are"
            | "it"
            | "this"
            | "that"
            | "do"
            | "does"
            | "i"
            | "we"
            | "you"
            | "to"
            | "of"
            | "for"
            | "in"
            | "on"
            | "be"
            | "can"
            | "will"
            | "what"
            | "how"
            | "our"
            | "my"
            | "your"
            | "with"
    )
}

/// The key words of a question, sorted, each once.
fn key_words<'w>(lowered: LowerWords<'w>, product: &BTreeSet<String>) -> Vec<&'w str> {
    let mut words: Vec<&str> = lowered
        .iter()
        .filter(|w| !is_stop(w) && !product.contains(*w))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

fn product_words(ctx: &Context) -> BTreeSet<String> {
    let title = ctx.doc.front_matter.as_ref().and_then(|f| f.title.clone());
    let headline = ctx
        .doc
        .part(PartKind::Headline)
        .map(|p| p.prose.text.clone());
    title
        .into_iter()
        .chain(headline)
        .flat_map(|text| {
            prfaq_text::words(&text)
                .into_iter()
                .map(|w| text[w].to_owned())
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .map(|w| w.to_lowercase())
                .collect::<Vec<_>>()
        })
        .filter(|w| !is_stop(w))
        .collect()
}

/// The keys a question is indexed by: its words, its key words, and (for long questions)
/// its key words less one, so each question is compared in constant time: near duplicates
/// must share nine in ten key words, which for questions of under ten key words means all
/// of them. None for a question without words.
fn keys(lowered: LowerWords, product: &BTreeSet<String>) -> Vec<String> {
    if lowered.is_empty() {
        return Vec::new();
    }
    let words = key_words(lowered, product);
    let mut keys = vec![join('=', lowered.iter())];
    if words.len() >= 2 {
        keys.push(join('~', words.iter().copied()));
    }
    if words.len() >= 10 {
        keys.extend(
            words
                .iter()
                .map(|skip| join('~', words.iter().copied().filter(|w| w != skip))),
        );
    }
    keys
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let product = product_words(ctx);
    let questions = &ctx.doc.faq.questions;
    let keyed: Vec<_> = ctx
        .asked()
        .iter()
        .map(|asked| keys(ctx.question_words(asked), &product))
        .collect();
    // Keys are whole questions, tens of bytes: hashed eight bytes at a time, not byte
    // by byte as the word lists' short keys are.
    let mut seen: HashMap<&str, usize, foldhash::fast::FixedState> =
        HashMap::with_capacity_and_hasher(
            keyed.iter().map(Vec::len).sum(),
            foldhash::fast::FixedState::default(),
        );
    for (i, (q, keys)) in questions.iter().zip(&keyed).enumerate() {
        let earlier = keys
            .iter()
            .filter_map(|k| seen.get(k.as_str()))
            .min()
            .copied();
        if let Some(j) = earlier {
            let line = ctx.doc.block_line(questions[j].block);
            out.push(
                Violation::new(
                    q.prose.source_span(),
                    format!(
                        "`{}` repeats the question on line {line}",
                        q.prose.text.trim()
                    ),
                )
                .help("merge the two questions and keep one answer"),
            );
        }
        for key in keys.iter() {
            seen.entry(key).or_insert(i);
        }
    }
}

/// `mark` and the words, one space between each.
fn join<'w>(mark: char, words: impl Iterator<Item = &'w str>) -> String {
    let mut out = String::with_capacity(64);
    out.push(mark);
    for (i, w) in words.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}
