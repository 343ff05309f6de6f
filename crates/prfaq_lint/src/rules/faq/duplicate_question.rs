//! FQ305 duplicate-question.

use std::collections::BTreeSet;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Finds a question asked twice in the FAQ: the same words, or nearly all the same
    /// words in another order or case.
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
}

/// Words too common to tell two questions apart.
const STOP: &[&str] = &[
    "a", "an", "the", "is", "are", "it", "this", "that", "do", "does", "i", "we", "you", "to",
    "of", "for", "in", "on", "be", "can", "will", "what", "how", "our", "my", "your",
];

fn key_words(text: &str) -> BTreeSet<String> {
    prfaq_text::words(text)
        .into_iter()
        .map(|w| text[w].to_lowercase())
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

fn normalized(text: &str) -> String {
    prfaq_text::words(text)
        .into_iter()
        .map(|w| text[w].to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let questions = &ctx.doc.faq.questions;
    let keys: Vec<(String, BTreeSet<String>)> = questions
        .iter()
        .map(|q| (normalized(&q.prose.text), key_words(&q.prose.text)))
        .collect();
    for (i, q) in questions.iter().enumerate() {
        let (norm, words) = &keys[i];
        if norm.is_empty() {
            continue;
        }
        let earlier = (0..i).find(|&j| {
            let (other_norm, other_words) = &keys[j];
            if other_norm == norm {
                return true;
            }
            // Nearly the same content words, when there are enough to compare.
            let union = words.union(other_words).count();
            let shared = words.intersection(other_words).count();
            union >= 2 && words.len() >= 2 && other_words.len() >= 2 && shared * 10 >= union * 9
        });
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
    }
}
