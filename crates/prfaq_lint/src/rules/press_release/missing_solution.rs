//! PR104 missing-solution.

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the press release says how the product solves the problem.
    ///
    /// ## Why is this bad?
    /// A problem without a solution is a complaint. Reviewers need to see what the
    /// customer gets, in the customer's words, before they can weigh the idea.
    ///
    /// ## Example
    /// ```markdown
    /// # Quick Reorder
    /// ## Problem
    /// Parents spend 25 minutes rebuilding the same cart every week.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## Solution
    /// Quick Reorder puts last week's cart one tap away, with anything out of stock
    /// swapped for the closest match.
    /// ```
    pub struct MissingSolution;
    "PR104", "missing-solution", PressRelease, Error, structural, absent; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    super::missing(
        ctx,
        PartKind::Solution,
        "the press release never says how the product solves the problem",
        "add a `## Solution` paragraph: what the customer can now do, in their words",
        out,
    );
}
