//! PR102 missing-subheadline.

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
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    if ctx.doc.part(PartKind::Headline).is_none() {
        // PR101 already reports the missing top of the release.
        return;
    }
    super::missing(
        ctx,
        PartKind::Subheadline,
        "the headline has no subheadline",
        "add an italic line under the headline: who the customer is and the main benefit",
        out,
    );
}
