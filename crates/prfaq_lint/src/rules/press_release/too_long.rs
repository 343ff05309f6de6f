//! PR110 press-release-too-long.

use crate::context::{Context, Text};
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the press release fits on one page: by default at most 600 words
    /// (`thresholds.press-release-words`). The headline, subheadline and body count;
    /// section labels such as `## Problem` and the FAQ do not.
    ///
    /// ## Why is this bad?
    /// The one-page limit forces the team to decide what matters. A long release hides
    /// the benefit under detail that belongs in the FAQ.
    ///
    /// ## Example
    /// A press release of 900 words with three paragraphs on the architecture.
    ///
    /// ## Use instead
    /// Keep the release to the customer's problem, the solution, quotes and how to start;
    /// move the detail into FAQ answers.
    pub struct PressReleaseTooLong;
    "PR110", "press-release-too-long", PressRelease, Warning; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let limit = ctx.config.thresholds.press_release_words;
    // Section labels ("## Problem", "## How it works") are not part of the page's text;
    // the headline and subheadline are.
    let counted = |t: &&Text| !t.heading || ctx.doc.part_of_block(t.block).is_some();
    let total: usize = ctx
        .press_release_texts()
        .filter(counted)
        .map(|t| t.words().iter().filter(|w| t.word(w).is_some()).count())
        .sum();
    if total <= limit {
        return;
    }
    // Point at the word where the page runs out.
    let mut seen = 0;
    for text in ctx.press_release_texts().filter(counted) {
        let words: Vec<_> = text
            .words()
            .iter()
            .filter(|w| text.word(w).is_some())
            .collect();
        if seen + words.len() > limit {
            let at = words[limit - seen].clone();
            let end = text.prose.text.trim_end().len();
            out.push(
                Violation::new(
                    text.span(at.start..end.max(at.end)),
                    format!(
                        "the press release has {total} words, over the one-page limit of {limit}"
                    ),
                )
                .help("cut it to one page; move detail into FAQ answers"),
            );
            return;
        }
        seen += words.len();
    }
}
