//! PR107 missing-customer-quote.

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that a customer is quoted on the benefit they got.
    ///
    /// ## Why is this bad?
    /// The customer quote is the test of the whole idea: if you cannot write a believable
    /// quote from a real customer, the benefit may not be real either.
    ///
    /// ## Example
    /// ```markdown
    /// "This changes everything," said Dana Lee, head of grocery at Acme.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// "I used to lose Sunday evening to the grocery app. Now it takes a minute," said
    /// Ann Ito, a parent of three in Tacoma.
    /// ```
    pub struct MissingCustomerQuote;
    "PR107", "missing-customer-quote", PressRelease, Error, structural, absent; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    super::missing(
        ctx,
        PartKind::CustomerQuote,
        "the press release has no quote from a customer",
        "add a quote from a customer, with their name or role, on the benefit they got",
        out,
    );
}
