//! PR108 missing-call-to-action.

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the press release ends by telling the customer how to start.
    ///
    /// ## Why is this bad?
    /// A release that never says where to go leaves an interested customer with nothing
    /// to do, and hides whether the team has thought about availability.
    ///
    /// ## Example
    /// ```markdown
    /// "Now it takes a minute," said Ann Ito, a parent in Tacoma.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// Quick Reorder is available today: open the Acme app and tap Orders.
    /// ```
    pub struct MissingCallToAction;
    "PR108", "missing-call-to-action", PressRelease, Error, structural, absent; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    super::missing(
        ctx,
        PartKind::CallToAction,
        "the press release has no call to action",
        "end with where and how to start: a link, the app, a store or a first step",
        out,
    );
}
