//! PR101 missing-headline.

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the press release opens with a headline: one sentence that names the
    /// product and what it does for the customer. A headline that is only the product's
    /// name (the front matter's title) says nothing of what it does.
    ///
    /// ## Why is this bad?
    /// The headline is the one line every reader sees. Without it, reviewers have to read
    /// the whole release to learn what is launching and for whom.
    ///
    /// ## Example
    /// ```markdown
    /// SEATTLE — March 1, 2027 — Today we launch a new feature for shoppers.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # Quick Reorder lets parents restock the week's groceries in one tap
    ///
    /// SEATTLE — March 1, 2027 — …
    /// ```
    pub struct MissingHeadline;
    "PR101", "missing-headline", PressRelease, Error, structural, absent; reads the document
}

/// Small words a name may hold ("Bank of Tacoma", "Tools for Teams").
const NAME_LINKS: &[&str] = &["of", "for", "and", "the", "a", "an", "de", "&"];

/// True when the headline is only a name: at most four words, each capitalised (or a
/// small linking word), that the front matter gives as the document's title.
fn only_a_name(ctx: &Context, headline: &str) -> bool {
    let text = headline.trim().trim_end_matches(['.', '!']);
    let words: Vec<&str> = text.split_whitespace().collect();
    let named = !words.is_empty()
        && words.len() <= 4
        && words
            .iter()
            .any(|w| w.starts_with(|c: char| c.is_uppercase()))
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || NAME_LINKS.contains(w)
        });
    if !named || text.contains(':') {
        return false;
    }
    let title = ctx
        .doc
        .front_matter
        .as_ref()
        .and_then(|f| f.title.as_deref())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case(text));
    // Only the front matter says for sure that the name is the product's: a document's
    // own title line ("# Glitch") may stand above the real headline, which the parts
    // found may have missed, and an error there would be wrong.
    title
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    if let Some(part) = ctx.doc.part(PartKind::Headline) {
        let text = &part.prose.text;
        if only_a_name(ctx, text) {
            let start = text.len() - text.trim_start().len();
            let span = part
                .prose
                .source_range(start..text.trim_end().len().max(start));
            out.push(
                Violation::new(
                    span,
                    format!(
                        "the headline `{}` is only the product's name: it says nothing of what it does",
                        text.trim()
                    ),
                )
                .help("write one sentence: the product and what it does for the customer"),
            );
        }
        return;
    }
    super::missing(
        ctx,
        PartKind::Headline,
        "the press release has no headline",
        "start with a `#` heading of one sentence: the product and what it does for the customer",
        out,
    );
}
