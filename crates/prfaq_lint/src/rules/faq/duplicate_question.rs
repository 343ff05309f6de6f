//! FQ305 duplicate-question.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

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

/// Words too common to tell two questions apart.
const STOP: &[&str] = &[
    "a", "an", "the", "is", "are", "it", "this", "that", "do", "does", "i", "we", "you", "to",
    "of", "for", "in", "on", "be", "can", "will", "what", "how", "our", "my", "your", "with",
];

/// The key words of a question, sorted, each once.
fn key_words<'w>(lowered: &'w [Cow<str>], product: &BTreeSet<String>) -> Vec<&'w str> {
    let mut words: Vec<&str> = lowered
        .iter()
        .map(|w| &**w)
        .filter(|w| !STOP.contains(w) && !product.contains(*w))
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
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

/// The keys a question is indexed by: its words, its key words, and (for long questions)
/// its key words less one, so each question is compared in constant time: near duplicates
/// must share nine in ten key words, which for questions of under ten key words means all
/// of them. None for a question without words.
fn keys(lowered: &[Cow<str>], product: &BTreeSet<String>) -> Vec<String> {
    if lowered.is_empty() {
        return Vec::new();
    }
    let words = key_words(lowered, product);
    let mut keys = vec![join('=', lowered.iter().map(|w| &**w))];
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

/// True when some question shares one of [`keys`] with an earlier one, told by the
/// keys' digests: no key is written out. A false answer is exact (equal keys have equal
/// digests); a true one may rarely come from two digests that agree by chance, and the
/// keys themselves then say which question repeats which.
fn any_repeat(ctx: &Context, product: &BTreeSet<String>) -> bool {
    let state = foldhash::fast::FixedState::default();
    let digest = |w: &str| state.hash_one(w);
    let mut seen: HashSet<u64, foldhash::fast::FixedState> = HashSet::default();
    let mut keys = Vec::new();
    for asked in ctx.asked() {
        let lowered = ctx.question_words(asked);
        if lowered.is_empty() {
            continue;
        }
        keys.clear();
        // The words in order, and the key words as a set: a sum of the words' digests,
        // so that the key words less one are the sum less that word's digest.
        let mut hasher = state.build_hasher();
        for w in lowered {
            hasher.write(w.as_bytes());
            hasher.write_u8(0xff);
        }
        keys.push(hasher.finish() ^ 0x3d);
        let words = key_words(lowered, product);
        let set = |sum: u64, n: usize| state.hash_one((sum, n, 0x7e_u8));
        let sum = words.iter().fold(0u64, |s, w| s.wrapping_add(digest(w)));
        if words.len() >= 2 {
            keys.push(set(sum, words.len()));
        }
        if words.len() >= 10 {
            keys.extend(
                words
                    .iter()
                    .map(|w| set(sum.wrapping_sub(digest(w)), words.len() - 1)),
            );
        }
        if keys.iter().any(|k| seen.contains(k)) {
            return true;
        }
        seen.extend(keys.iter().copied());
    }
    false
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let product = product_words(ctx);
    // Most FAQs repeat no question: told without writing out a key.
    if !any_repeat(ctx, &product) {
        return;
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    /// Whether some question shares a written-out key with an earlier one.
    fn repeats_by_keys(ctx: &Context, product: &BTreeSet<String>) -> bool {
        let mut seen = HashSet::new();
        for asked in ctx.asked() {
            let keys = keys(ctx.question_words(asked), product);
            if keys.iter().any(|k| seen.contains(k)) {
                return true;
            }
            seen.extend(keys);
        }
        false
    }

    /// The digests tell a repeat exactly where the keys do.
    fn same_answer(text: &str) -> bool {
        let doc = prfaq_doc::parse(text);
        let config = Config::default();
        let ctx = Context::new(&doc, &config);
        let product = product_words(&ctx);
        let by_keys = repeats_by_keys(&ctx, &product);
        assert_eq!(any_repeat(&ctx, &product), by_keys, "{text}");
        by_keys
    }

    #[test]
    fn the_digests_find_a_repeat_where_the_keys_do() {
        let long =
            "Which grocery stores in which cities will carry the fresh organic produce delivery boxes?";
        let pairs = [
            ("How much does it cost?", "How much does this cost?", true),
            ("How much does it cost?", "How much does it cost for members?", false),
            ("Is my data safe?", "is MY data safe?", true),
            ("Who owns the data?", "The data: who owns?", true),
            (long, &long.replace('?', " next spring?"), false),
            (long, &long.replace('?', " too?"), true),
            (long, &long.replace("fresh", "frozen"), true),
            (long, &long.replace("produce", "dairy and bread"), false),
            ("Why?", "Why not?", false),
        ];
        let mut seen = Vec::new();
        for (first, second, _) in &pairs {
            let text = format!(
                "# Launch\n\n## FAQ\n\n### {first}\n\nAn answer.\n\n### Something else entirely?\n\nMore.\n\n### {second}\n\nAn answer.\n"
            );
            seen.push(same_answer(&text));
        }
        let expected: Vec<bool> = pairs.iter().map(|p| p.2).collect();
        assert_eq!(seen, expected);
        let mut documents = 0;
        for (_, text) in crate::testing::real_documents() {
            same_answer(&text);
            documents += 1;
        }
        assert!(documents > 50, "{documents} documents");
    }
}
