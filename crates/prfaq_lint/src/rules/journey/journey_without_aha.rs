//! JR502 journey-without-aha.

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that one step of the user journey is marked as the "aha" moment, with
    /// `Aha:` at its start or `(aha)` in it.
    ///
    /// ## Why is this bad?
    /// The aha step is when the customer first gets the benefit the press release
    /// promises. Marking it tells the team what must be fast and flawless, and after
    /// launch it is the event to measure.
    ///
    /// ## Example
    /// ```markdown
    /// # User journey
    /// 1. Dana opens the app.
    /// 2. She taps Reorder.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # User journey
    /// 1. Dana opens the app.
    /// 2. Aha: one tap fills her cart with last week's groceries.
    /// ```
    pub struct JourneyWithoutAha;
    "JR502", "journey-without-aha", Journey, Warning, structural, absent; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let Some(journey) = &ctx.doc.journey else {
        return;
    };
    if journey.steps.iter().any(|s| s.aha) {
        return;
    }
    let span = crate::rules::faq::first_line(ctx, &ctx.doc.blocks[journey.heading].span);
    let message = if journey.steps.is_empty() {
        "the user journey lists no steps"
    } else {
        "no step of the user journey is marked as the aha moment"
    };
    out.push(
        Violation::new(span, message)
            .help("mark the step where the customer first gets the benefit with `Aha:`"),
    );
}
