//! PR102 missing-subheadline.

use std::ops::Range;

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that a subheadline follows the headline: one sentence that says who the
    /// customer is and the most important benefit.
    ///
    /// ## Why is this bad?
    /// The headline names the product; the subheadline tells a busy reader why it matters
    /// to a customer. Without it the benefit is buried in the first paragraph.
    ///
    /// ## Example
    /// ```markdown
    /// # Quick Reorder lets parents restock in one tap
    ///
    /// SEATTLE — March 1, 2027 — …
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # Quick Reorder lets parents restock in one tap
    ///
    /// *Parents who buy the same groceries every week get their Sunday evening back.*
    /// ```
    pub struct MissingSubheadline;
    "PR102", "missing-subheadline", PressRelease, Warning, structural, absent; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let Some(headline) = ctx.doc.part(PartKind::Headline) else {
        // PR101 already reports the missing top of the release.
        return;
    };
    if ctx.doc.part(PartKind::Subheadline).is_some() {
        return;
    }
    out.push(
        Violation::new(
            headline_span(ctx, headline),
            "the headline has no subheadline",
        )
        .help("add an italic line under the headline: who the customer is and the main benefit"),
    );
}

/// The whole headline as written: from the start of its block (the `#` of a heading, the
/// opening `**` of a bold line) to the end of the line its last word is on, so closing
/// markup is underlined too and a line is never cut inside a character.
fn headline_span(ctx: &Context, headline: &prfaq_doc::Part) -> Range<usize> {
    let source = &ctx.doc.source;
    let block = &ctx.doc.blocks[headline.blocks[0]];
    let start = block.span.start.min(source.len());
    let last = headline.prose.source_span().end.clamp(start, source.len());
    let line_end = source[last..]
        .find(['\n', '\r'])
        .map_or(source.len(), |i| last + i);
    let end = start + source[start..line_end].trim_end().len();
    start..end.max(start + 1).min(source.len())
}
