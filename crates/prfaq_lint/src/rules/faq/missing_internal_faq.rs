//! FQ303 missing-internal-faq.

use prfaq_doc::Audience;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the FAQ has internal (stakeholder) questions: the ones leadership,
    /// engineering, finance and legal will ask.
    ///
    /// ## Why is this bad?
    /// The internal FAQ is where the hard questions live: cost, risk, feasibility,
    /// dependencies. Without it, the document answers only the easy questions.
    ///
    /// ## Example
    /// ```markdown
    /// # FAQ
    /// ### How much does it cost?
    /// Nothing.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # FAQ
    /// ## Customer FAQ
    /// ### How much does it cost?
    /// Nothing.
    /// ## Internal FAQ
    /// ### What is the biggest risk?
    /// …
    /// ```
    pub struct MissingInternalFaq;
    "FQ303", "missing-internal-faq", Faq, Error, structural, absent; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let faq = &ctx.doc.faq;
    if faq.is_present() && !faq.has(Audience::Internal) {
        out.push(
            Violation::new(super::section_anchor(ctx, None), "the FAQ has no internal questions")
                .help("add a `## Internal FAQ` with the questions stakeholders will ask: cost, risk, feasibility"),
        );
    }
}
