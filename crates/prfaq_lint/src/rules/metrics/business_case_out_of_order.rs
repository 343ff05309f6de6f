//! MT406 business-case-out-of-order.

use prfaq_doc::business::Input;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Finds a business case input given as low / base / high whose cases are out of
    /// order: a low case above the base, or a base above the high case. Reach, adoption
    /// and value per customer are read this way; cost is not (a cautious case may well
    /// cost more).
    ///
    /// ## Why is this bad?
    /// The low and high cases bound what the team believes. Swapped cases usually mean a
    /// typing slip, and they turn the range of first-year impact inside out.
    ///
    /// ## Example
    /// ```markdown
    /// - Adoption: 15% / 10% / 5%
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// - Adoption: 5% / 10% / 15%
    /// ```
    pub struct BusinessCaseOutOfOrder;
    "MT406", "business-case-out-of-order", Metrics, Warning; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let Some(case) = ctx.business_case() else {
        return;
    };
    for input in [Input::Reach, Input::Adoption, Input::Value] {
        let Some(given) = case.get(input) else {
            continue;
        };
        let Ok(cases) = given.value else { continue };
        if cases.low <= cases.base && cases.base <= cases.high {
            continue;
        }
        let span = crate::rules::faq::first_line(ctx, &given.span);
        out.push(
            Violation::new(
                span,
                format!(
                    "the business case's {} runs high to low: `{}`",
                    input.name(),
                    given.text
                ),
            )
            .help("write the cases low / base / high, the lowest first"),
        );
    }
}
