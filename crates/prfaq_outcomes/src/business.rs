//! The business case beside the events: what the document planned (reach, adoption,
//! value per customer and cost, in low, base and high cases, read by
//! `prfaq_doc::business`) and what the events show so far.

use prfaq_doc::business::{BusinessCase, Input};
use serde::Serialize;

/// One case of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedCase {
    pub case: &'static str,
    pub reach: f64,
    pub adoption: f64,
    pub adopters: f64,
    pub value_per_customer: f64,
    pub cost: f64,
    /// Adopters × value per customer, for the first year.
    pub first_year_impact: f64,
    pub net: f64,
    pub payback_months: Option<f64>,
}

/// What the events show, with the base case's value per customer and cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Actual {
    /// Users with a first-step event.
    pub reach: u64,
    /// Users who reached the aha step.
    pub adopters: u64,
    /// Adopters ÷ reach.
    pub adoption: Option<f64>,
    /// Adopters × the base case's value per customer, for a year.
    pub impact_per_year: f64,
    /// The base case's cost ÷ a month of that impact.
    pub payback_months: Option<f64>,
    /// Which planned case the adopters so far come closest to, or `below low`.
    pub tracking: &'static str,
}

/// The business case in a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BusinessReport {
    /// The planned cases, low, base and high, when every input reads.
    pub planned: Vec<PlannedCase>,
    /// The inputs the document does not give as numbers.
    pub missing: Vec<&'static str>,
    pub currency: Option<String>,
    /// Set once there are events with an aha step.
    pub actual: Option<Actual>,
}

/// The business case's part of the report; `started` and `reached` are the users with a
/// first step and those who reached aha (`None` without an aha step).
pub fn report(case: &BusinessCase, started: u64, reached: Option<u64>) -> BusinessReport {
    let missing = case.missing().into_iter().map(Input::name).collect();
    let value = |i: Input| case.get(i).and_then(|g| g.value.as_ref().ok().copied());
    let mut planned = Vec::new();
    if let (Some(outcomes), Some(reach), Some(adoption), Some(worth), Some(cost)) = (
        case.outcomes(),
        value(Input::Reach),
        value(Input::Adoption),
        value(Input::Value),
        value(Input::Cost),
    ) {
        for (n, name) in ["low", "base", "high"].into_iter().enumerate() {
            let o = outcomes[n];
            planned.push(PlannedCase {
                case: name,
                reach: reach.all()[n],
                adoption: adoption.all()[n],
                adopters: o.adopters,
                value_per_customer: worth.all()[n],
                cost: cost.all()[n],
                first_year_impact: o.impact,
                net: o.net,
                payback_months: o.payback_months,
            });
        }
    }
    let actual = reached.map(|adopters| {
        let worth = value(Input::Value).map_or(0.0, |v| v.base);
        let cost = value(Input::Cost).map_or(0.0, |v| v.base);
        let impact = adopters as f64 * worth;
        let tracking = match planned.as_slice() {
            [low, base, high] => {
                let a = adopters as f64;
                if a < low.adopters {
                    "below low"
                } else if a >= high.adopters {
                    "high"
                } else if a >= base.adopters {
                    "base"
                } else {
                    "low"
                }
            }
            _ => "unknown",
        };
        Actual {
            reach: started,
            adopters,
            adoption: (started > 0).then(|| adopters as f64 / started as f64),
            impact_per_year: impact,
            payback_months: (impact > 0.0).then(|| cost / (impact / 12.0)),
            tracking,
        }
    });
    BusinessReport {
        planned,
        missing,
        currency: case.currency.clone(),
        actual,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_and_the_adopters_so_far_side_by_side() {
        let doc = prfaq_doc::parse(
            "---\nbusiness_case:\n  reach: 10,000\n  adoption: 10% / 20% / 30%\n  value_per_customer: $10 a month\n  cost: $120k\n---\n# X\n",
        );
        let case = prfaq_doc::business::read(&doc).unwrap();
        let r = report(&case, 8_000, Some(1_500));
        assert!(r.missing.is_empty());
        assert_eq!(r.planned.len(), 3);
        assert_eq!(r.planned[1].adopters, 2_000.0);
        assert_eq!(r.planned[1].first_year_impact, 240_000.0);
        assert_eq!(r.planned[1].payback_months, Some(6.0));
        let a = r.actual.unwrap();
        assert_eq!(a.adoption, Some(1_500.0 / 8_000.0));
        assert_eq!(a.impact_per_year, 180_000.0);
        assert_eq!(a.payback_months, Some(8.0));
        assert_eq!(a.tracking, "low");
        let none = report(&case, 0, None);
        assert!(none.actual.is_none());
    }
}
