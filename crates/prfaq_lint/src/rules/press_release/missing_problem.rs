//! PR103 missing-problem.

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the press release states the customer's problem.
    ///
    /// ## Why is this bad?
    /// Working Backwards starts from the customer. A release that never says who hurts,
    /// and how, describes a solution in search of a problem, and reviewers cannot judge
    /// whether the product is worth building.
    ///
    /// ## Example
    /// ```markdown
    /// SEATTLE — Today we launch Quick Reorder. Quick Reorder adds a button to past orders.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## Problem
    /// Parents who buy the same groceries every week spend 25 minutes rebuilding the
    /// same cart, and one order in five misses an item.
    /// ```
    pub struct MissingProblem;
    "PR103", "missing-problem", PressRelease, Error, structural, absent; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    super::missing(
        ctx,
        PartKind::Problem,
        "the press release never states the customer's problem",
        "add a `## Problem` paragraph: who hurts, how often, and what it costs them",
        out,
    );
}
