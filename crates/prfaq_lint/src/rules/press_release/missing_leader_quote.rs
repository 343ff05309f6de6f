//! PR105 missing-leader-quote.

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that a leader of the launching team is quoted on why the product matters.
    ///
    /// ## Why is this bad?
    /// The leader's quote is where the team commits to the customer benefit in its own
    /// name. Without it, nobody owns the promise the release makes.
    ///
    /// ## Example
    /// ```markdown
    /// Quick Reorder is available today in the app.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// "Parents told us Sunday evenings go to rebuilding the same cart," said Dana Lee,
    /// head of grocery at Acme. "Quick Reorder gives that time back."
    /// ```
    pub struct MissingLeaderQuote;
    "PR105", "missing-leader-quote", PressRelease, Warning, structural, absent; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    super::missing(
        ctx,
        PartKind::LeaderQuote,
        "the press release has no quote from a leader of the launching team",
        "add a quote from a named leader on why this matters to customers",
        out,
    );
}
