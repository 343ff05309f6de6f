//! PR101 missing-headline.

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the press release opens with a headline: one sentence that names the
    /// product and what it does for the customer.
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
    "PR101", "missing-headline", PressRelease, Error, structural; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    super::missing(
        ctx,
        PartKind::Headline,
        "the press release has no headline",
        "start with a `#` heading of one sentence: the product and what it does for the customer",
        out,
    );
}
