//! JR501 missing-journey.

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the document maps the customer's journey: a `# User journey` section
    /// with the steps from first contact to the "aha" moment.
    ///
    /// ## Why is this bad?
    /// The journey shows how a customer discovers the product and when it first pays off.
    /// Without it, the team has no shared picture of what must work on launch day.
    ///
    /// ## Example
    /// A PR/FAQ that ends after the FAQ.
    ///
    /// ## Use instead
    /// ```markdown
    /// # User journey
    /// 1. Dana opens the Acme app on Sunday evening.
    /// 2. She sees "Reorder last week's groceries" on the home screen.
    /// 3. Aha: one tap fills the cart, with substitutes already picked.
    /// ```
    pub struct MissingJourney;
    "JR501", "missing-journey", Journey, Warning, structural; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    if ctx.doc.journey.is_none() {
        out.push(
            Violation::new(
                crate::rules::press_release::anchor(ctx),
                "the document has no user journey",
            )
            .help(
                "add `# User journey`: numbered steps from first contact to the step marked `Aha:`",
            ),
        );
    }
}
