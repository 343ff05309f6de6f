//! FQ301 missing-faq.

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the document has an FAQ after the press release.
    ///
    /// ## Why is this bad?
    /// The press release makes the promise; the FAQ shows the team has thought through
    /// what customers and reviewers will ask. A PR/FAQ without questions is half done.
    ///
    /// ## Example
    /// A press release that ends with the call to action and nothing after it.
    ///
    /// ## Use instead
    /// ```markdown
    /// # FAQ
    /// ## Customer FAQ
    /// ### How much does it cost?
    /// Nothing: it is part of every account.
    /// ## Internal FAQ
    /// ### What is the biggest risk?
    /// …
    /// ```
    pub struct MissingFaq;
    "FQ301", "missing-faq", Faq, Error, structural, absent; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    if !ctx.doc.faq.is_present() {
        out.push(
            Violation::new(
                crate::rules::press_release::anchor(ctx),
                "the document has no FAQ",
            )
            .help("add `# FAQ` with `## Customer FAQ` and `## Internal FAQ` sections"),
        );
    }
}
