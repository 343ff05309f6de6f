//! PR111 headline-too-long.

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the headline is one sentence of at most 20 words
    /// (`thresholds.headline-words`). The period of an abbreviation ("e. V.") and a
    /// question mark inside a title ("Who? Announces …") end no sentence there.
    ///
    /// ## Why is this bad?
    /// A headline is read in a glance. Two sentences or a long list of features means
    /// the team has not decided what the one thing is.
    ///
    /// ## Example
    /// ```markdown
    /// # Quick Reorder is here. It lets parents, busy professionals and anyone who shops weekly reorder groceries, household items and pet food in one tap from any device
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # Quick Reorder lets parents restock the week's groceries in one tap
    /// ```
    pub struct HeadlineTooLong;
    "PR111", "headline-too-long", PressRelease, Warning; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let Some(part) = ctx.doc.part(PartKind::Headline) else {
        return;
    };
    let text = &part.prose.text;
    let words = crate::context::prose_words(text).count();
    // A piece of one word is no sentence of its own: the period of an abbreviation
    // ("e. V.", "Co. Ltd."), or a question mark inside a title ("Who? Announces …").
    let sentences = prfaq_text::sentences(text)
        .into_iter()
        .filter(|s| prfaq_text::words(&text[s.clone()]).len() >= 2)
        .count();
    let limit = ctx.config.thresholds.headline_words;
    let trimmed = text.trim();
    let start = text.len() - text.trim_start().len();
    let span = part.prose.source_range(start..start + trimmed.len());
    if sentences > 1 {
        out.push(
            Violation::new(span, format!("the headline has {sentences} sentences"))
                .help("make the headline one sentence; move the rest into the subheadline"),
        );
    } else if words > limit {
        out.push(
            Violation::new(
                span,
                format!("the headline has {words} words, over {limit}"),
            )
            .help("keep the product and its one benefit; move the rest into the subheadline"),
        );
    }
}
