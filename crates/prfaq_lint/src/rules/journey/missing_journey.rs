//! JR501 missing-journey.

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the document maps the customer's journey: a `# User journey` section
    /// with the steps from first contact to the "aha" moment. A how-it-works part of
    /// three numbered steps or more is a journey under another name.
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
    "JR501", "missing-journey", Journey, Warning, structural, absent; reads the document
}

/// The fewest numbered steps that make a journey.
const STEPS: usize = 3;

/// True when the press release's how-it-works part walks the customer through numbered
/// steps ("1. Sign up … 4. Engage and retain"): a journey under another name. Whether it
/// marks the aha moment is JR502's concern.
fn journey_in_how_it_works(ctx: &Context) -> bool {
    let blocks = &ctx.doc.blocks;
    ctx.doc.parts_of(PartKind::HowItWorks).any(|part| {
        part.blocks
            .iter()
            .filter(|&&b| {
                blocks[b].kind == prfaq_doc::BlockKind::Item
                    && blocks[b].list.is_some_and(|l| l.ordered)
            })
            .nth(STEPS - 1)
            .is_some()
    })
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    if ctx.doc.journey.is_none() && !journey_in_how_it_works(ctx) {
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
