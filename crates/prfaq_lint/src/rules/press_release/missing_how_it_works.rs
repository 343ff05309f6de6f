//! PR106 missing-how-it-works.

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the press release describes how a customer uses the product.
    ///
    /// ## Why is this bad?
    /// Readers believe a benefit once they can picture using it. Without the steps, the
    /// release asks them to trust a claim they cannot imagine.
    ///
    /// ## Example
    /// ```markdown
    /// Quick Reorder saves parents time. "I love it," said Ann Ito, a parent in Tacoma.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## How it works
    /// Open any past order and tap Reorder. Quick Reorder fills the cart, swaps anything
    /// out of stock, and books the usual delivery slot.
    /// ```
    pub struct MissingHowItWorks;
    "PR106", "missing-how-it-works", PressRelease, Warning, structural, absent; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    super::missing(
        ctx,
        PartKind::HowItWorks,
        "the press release never shows how a customer uses the product",
        "add a `## How it works` paragraph with the steps a customer takes",
        out,
    );
}
