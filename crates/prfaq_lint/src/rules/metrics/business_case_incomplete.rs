//! MT405 business-case-incomplete.

use prfaq_doc::business::Input;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that a business case, when the document has one (a `business_case:` map in
    /// the front matter or a "Business case" section), gives all four inputs as numbers:
    /// reach, adoption, value per customer and cost, each as one value or as low / base /
    /// high.
    ///
    /// ## Why is this bad?
    /// First-year impact and payback are reach × adoption × value against cost. With one
    /// input missing or written as "TBD", the case cannot be computed, and the outcome
    /// report has nothing to set the actual numbers beside.
    ///
    /// ## Example
    /// ```markdown
    /// ## Business case
    ///
    /// - Reach: 200,000 parents
    /// - Adoption: TBD
    /// - Cost: $400k
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## Business case
    ///
    /// - Reach: 200,000 parents
    /// - Adoption: 5% / 10% / 15%
    /// - Value per customer: $3 a month
    /// - Cost: $400k
    /// ```
    pub struct BusinessCaseIncomplete;
    "MT405", "business-case-incomplete", Metrics, Warning; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let Some(case) = ctx.business_case() else {
        return;
    };
    for input in Input::ALL {
        match case.get(input) {
            None => {
                let span = crate::rules::faq::first_line(ctx, &case.span);
                out.push(
                    Violation::new(span, format!("the business case has no {}", input.name()))
                        .help(help(input)),
                );
            }
            Some(given) => {
                if let Err(why) = &given.value {
                    let span = crate::rules::faq::first_line(ctx, &given.span);
                    out.push(
                        Violation::new(
                            span,
                            format!("the business case's {} does not read: {why}", input.name()),
                        )
                        .help(help(input)),
                    );
                }
            }
        }
    }
}

fn help(input: Input) -> &'static str {
    match input {
        Input::Reach => {
            "give the customers it can reach in the first year (200,000), or low / base / high"
        }
        Input::Adoption => {
            "give the share of them who adopt as a percentage (10%), or low / base / high (5% / 10% / 15%)"
        }
        Input::Value => {
            "give what one adopting customer is worth ($3 a month, €40 a year), or low / base / high"
        }
        Input::Cost => {
            "give what the first year costs to build and run ($400k), or low / base / high"
        }
    }
}
