//! FQ302 missing-customer-faq.

use prfaq_doc::Audience;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the FAQ has questions a customer would ask (a Customer or External
    /// FAQ). Questions under an FAQ that does not say whom it is for count as customer
    /// questions.
    ///
    /// ## Why is this bad?
    /// Customer questions — price, how to start, what happens to my data — test whether
    /// the press release's promise survives contact with a real customer.
    ///
    /// ## Example
    /// ```markdown
    /// # FAQ
    /// ## Internal FAQ
    /// ### What does it cost us?
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # FAQ
    /// ## Customer FAQ
    /// ### How much does it cost?
    /// Nothing.
    /// ## Internal FAQ
    /// ### What does it cost us?
    /// ```
    pub struct MissingCustomerFaq;
    "FQ302", "missing-customer-faq", Faq, Error, structural, absent; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let faq = &ctx.doc.faq;
    if faq.is_present() && !faq.has(Audience::Customer) {
        out.push(
            Violation::new(
                super::section_anchor(ctx, None),
                "the FAQ has no customer questions",
            )
            .help("add a `## Customer FAQ` with the questions a customer would ask"),
        );
    }
}
