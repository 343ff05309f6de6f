//! PR112 missing-dateline.

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the release opens with a dateline: the hypothetical launch place and
    /// date, as in `SEATTLE — March 1, 2027 —`.
    ///
    /// ## Why is this bad?
    /// The dateline commits the team to when and where the product launches. Without it
    /// the release floats in time, and nobody can tell whether its promises are late.
    ///
    /// ## Example
    /// ```markdown
    /// Acme today launched Quick Reorder, …
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// SEATTLE — March 1, 2027 — Acme today launched Quick Reorder, …
    /// ```
    pub struct MissingDateline;
    "PR112", "missing-dateline", PressRelease, Warning, structural, absent; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    if !ctx.doc.has_press_release() {
        return;
    }
    super::missing(
        ctx,
        PartKind::Dateline,
        "the press release has no dateline with the launch place and date",
        "open the first paragraph with `CITY — Month D, YYYY —`",
        out,
    );
}
