//! A metrics-table row read as a typed promise: its measure, type, window, direction,
//! minimum sample and whether it is a guardrail.

use crate::MetricRow;
use serde::Serialize;

use super::time::{self, DAY_MS};
use super::{Plan, PlanProblem};

/// What a metric computes from the events.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Measure {
    /// Share of users who reached the aha step within `window_days` of their first step.
    Activation { window_days: f64 },
    /// Share of users at step `from` (0-based) who went on to step `to` (funnel rules).
    Conversion { from: usize, to: usize },
    /// Share of a cohort doing the return event in week `week`.
    Retention { week: u32 },
    /// Median (`quantile` 0.5) or p90 time to aha, in seconds.
    TimeToAha { quantile: f64 },
    /// Share of users who never reached the aha step.
    NeverAha,
    /// Number of `event` events.
    Count { event: String },
    /// Sum of `property` over `event` events.
    Sum { property: String, event: String },
}

impl Measure {
    pub fn natural_type(&self) -> Type {
        match self {
            Measure::Activation { .. }
            | Measure::Conversion { .. }
            | Measure::Retention { .. }
            | Measure::NeverAha => Type::Rate,
            Measure::TimeToAha { .. } => Type::Duration,
            Measure::Count { .. } => Type::Count,
            Measure::Sum { .. } => Type::Money,
        }
    }

    /// The way the measure is better, when it has one of its own: a rate of customers
    /// who go on is better higher, a time to aha or a share who never get there lower.
    /// Counts and sums have none (more orders is better, more refunds is not).
    pub fn natural_direction(&self) -> Option<Direction> {
        match self {
            Measure::Activation { .. } | Measure::Conversion { .. } | Measure::Retention { .. } => {
                Some(Direction::HigherIsBetter)
            }
            Measure::TimeToAha { .. } | Measure::NeverAha => Some(Direction::LowerIsBetter),
            Measure::Count { .. } | Measure::Sum { .. } => None,
        }
    }

    /// What the measure is, in a few words, for messages.
    pub fn describe(&self) -> String {
        match self {
            Measure::Activation { window_days } => format!("activation within {window_days} days"),
            Measure::Conversion { from, to } => {
                format!("conversion from step {} to step {}", from + 1, to + 1)
            }
            Measure::Retention { week } => format!("retention in week {week}"),
            Measure::TimeToAha { quantile } if *quantile > 0.5 => "p90 time to aha".into(),
            Measure::TimeToAha { .. } => "time to aha".into(),
            Measure::NeverAha => "the share who never reach aha".into(),
            Measure::Count { event } => format!("the count of `{event}`"),
            Measure::Sum { property, event } => format!("the sum of `{property}` over `{event}`"),
        }
    }
}

/// What kind of number a metric is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Type {
    Rate,
    Count,
    Duration,
    Money,
}

impl Type {
    fn parse(text: &str) -> Option<Type> {
        let t = text.trim().to_lowercase();
        Some(match t.as_str() {
            "rate" | "share" | "percent" | "percentage" | "ratio" | "%" => Type::Rate,
            "count" | "number" | "total" => Type::Count,
            "duration" | "time" => Type::Duration,
            "money" | "revenue" | "currency" | "amount" => Type::Money,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

/// One metric row, typed.
#[derive(Debug, Clone, Serialize)]
pub struct MetricSpec {
    pub metric: String,
    pub line: usize,
    pub measure: Option<Measure>,
    pub r#type: Option<Type>,
    pub direction: Direction,
    /// In seconds, for a duration; otherwise as written (a rate as a fraction).
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub by: Option<String>,
    #[serde(skip)]
    pub by_ms: Option<i64>,
    pub min_sample: Option<u64>,
    pub guardrail: bool,
    /// How the row was written, for the checker's rules.
    #[serde(skip)]
    pub written: Written,
}

/// What a metrics row says in its own words, beside what was read from it: the checker
/// (MT407, MT408) tells a table that promises computed measures from one that does not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Written {
    /// The table has a Measure column: it is a typed metrics table.
    pub typed: bool,
    /// The Measure cell, when it holds something.
    pub measure: Option<String>,
    /// Why the Measure cell could not be read as a measure.
    pub measure_error: Option<String>,
    /// The direction the row states: its Direction column, or "lower is better" /
    /// "higher is better" in the metric's name.
    pub direction: Option<Direction>,
}

/// A number as written in a metrics cell: `12%`, `0.4`, `$1,200`, `3.5k`, `2 min`.
pub fn parse_value(text: &str, kind: Option<Type>) -> Option<f64> {
    let t = text.trim();
    if (kind == Some(Type::Duration) || t.chars().last().is_some_and(|c| c.is_alphabetic()))
        && let Some(ms) = time::parse_duration(t)
    {
        return Some(ms as f64 / 1000.0);
    }
    let mut s: String = t
        .chars()
        .filter(|c| !matches!(c, ',' | '$' | '€' | '£' | ' ' | '~' | '≈'))
        .collect();
    let mut scale = 1.0;
    if s.ends_with('%') {
        s.pop();
        scale = 0.01;
    } else if s.ends_with(['k', 'K']) {
        s.pop();
        scale = 1e3;
    } else if s.ends_with(['m', 'M']) {
        s.pop();
        scale = 1e6;
    }
    let v: f64 = s.parse().ok()?;
    let v = v * scale;
    // A rate written as a bare percentage (`40`) is read as 40%.
    if kind == Some(Type::Rate) && scale == 1.0 && v > 1.0 && v <= 100.0 {
        return Some(v / 100.0);
    }
    Some(v)
}

/// Reads a measure such as `activation 7d`, `conversion 2 -> 4`, `retention week 4`,
/// `time to aha`, `time to aha p90`, `never aha`, `count order_paid`,
/// `sum amount of order_paid`.
pub fn parse_measure(text: &str, window: Option<i64>, plan: &Plan) -> Result<Measure, String> {
    let t = text.trim().to_lowercase();
    let words: Vec<&str> = t.split_whitespace().collect();
    let original: Vec<&str> = text.split_whitespace().collect();
    let step = |name: &str| {
        plan.step_named(name)
            .ok_or_else(|| format!("`{name}` is no journey step (give a step number or its event)"))
    };
    match words.first().copied() {
        Some("activation") => {
            let window = words[1..]
                .iter()
                .find_map(|w| time::parse_duration(w))
                .or(window)
                .unwrap_or(7 * DAY_MS);
            Ok(Measure::Activation {
                window_days: window as f64 / DAY_MS as f64,
            })
        }
        Some("conversion") => {
            let rest: Vec<&str> = original[1..]
                .iter()
                .copied()
                .filter(|w| !matches!(*w, "->" | "→" | "to" | "from" | "step"))
                .collect();
            match rest.as_slice() {
                [] if plan.steps.len() >= 2 => Ok(Measure::Conversion {
                    from: 0,
                    to: plan.steps.len() - 1,
                }),
                [a, b] => {
                    let (from, to) = (step(a)?, step(b)?);
                    if from >= to {
                        return Err(format!(
                            "conversion from `{a}` to `{b}` goes backwards in the journey"
                        ));
                    }
                    Ok(Measure::Conversion { from, to })
                }
                _ => Err("write a conversion as `conversion 1 -> 3` (steps or events)".into()),
            }
        }
        Some("retention") | Some("week") => words
            .iter()
            .find_map(|w| w.trim_start_matches('w').parse::<u32>().ok())
            .filter(|&week| week < 64)
            .map(|week| Measure::Retention { week })
            .ok_or_else(|| "write retention as `retention week N`, N from 0 to 63".into()),
        Some("time") if t.starts_with("time to aha") => Ok(Measure::TimeToAha {
            quantile: if t.contains("p90") { 0.9 } else { 0.5 },
        }),
        Some("never") => Ok(Measure::NeverAha),
        Some("count") => original
            .iter()
            .skip(1)
            .find(|w| !w.eq_ignore_ascii_case("of"))
            .map(|e| Measure::Count {
                event: e.trim_matches('`').to_owned(),
            })
            .ok_or_else(|| "write a count as `count EVENT`".into()),
        Some("sum") => match original.as_slice() {
            [_, property, of, event]
                if matches!(of.to_lowercase().as_str(), "of" | "on" | "over") =>
            {
                Ok(Measure::Sum {
                    property: property.trim_matches('`').to_owned(),
                    event: event.trim_matches('`').to_owned(),
                })
            }
            _ => Err("write a sum as `sum PROPERTY of EVENT`".into()),
        },
        _ => Err(format!(
            "`{text}` is not a measure; use activation, conversion A -> B, retention week N, \
             time to aha [p90], never aha, count EVENT or sum PROPERTY of EVENT"
        )),
    }
}

/// The columns a metrics table may add, by header.
pub(super) fn extra_column(header: &str) -> Option<&'static str> {
    let h = header.trim().to_lowercase();
    Some(match h.as_str() {
        "measure" | "computed as" | "formula" | "event measure" => "measure",
        "type" | "kind" | "unit" => "type",
        "window" => "window",
        "direction" | "better" => "direction",
        "min sample" | "minimum sample" | "sample" | "min. sample" => "min_sample",
        "guardrail" | "guardrails" => "guardrail",
        _ => return None,
    })
}

/// Reads one metrics row, given what each column of its header row names beyond the
/// plain ones ([`extra_column`]); returns the spec and what could not be used.
pub fn read_row(
    row: &MetricRow,
    columns: &[Option<&'static str>],
    cells: &[&str],
    line: usize,
    plan: &Plan,
) -> (MetricSpec, Vec<PlanProblem>) {
    let mut problems = Vec::new();
    let mut problem = |message: String| problems.push(PlanProblem { line, message });
    let extra = |name: &str| {
        columns
            .iter()
            .position(|c| *c == Some(name))
            .and_then(|i| cells.get(i))
            .map(|c| c.trim())
            .filter(|c| !c.is_empty() && !matches!(*c, "-" | "—" | "n/a"))
    };
    let name = row
        .metric
        .as_ref()
        .map_or_else(String::new, |p| p.text.trim().to_owned());
    let window = extra("window").and_then(|w| {
        let d = time::parse_duration(w);
        if d.is_none() {
            problem(format!(
                "window `{w}` is not a length of time such as 7d or 2 weeks"
            ));
        }
        d
    });
    let mut written = Written {
        typed: columns.contains(&Some("measure")),
        measure: extra("measure").map(str::to_owned),
        ..Written::default()
    };
    let measure = extra("measure").and_then(|m| match parse_measure(m, window, plan) {
        Ok(m) => Some(m),
        Err(e) => {
            written.measure_error = Some(e.clone());
            problem(e);
            None
        }
    });
    let stated_type = extra("type").and_then(|t| {
        let ty = Type::parse(t);
        if ty.is_none() {
            problem(format!("type `{t}` is not rate, count, duration or money"));
        }
        ty
    });
    let r#type = match (&measure, stated_type) {
        (Some(m), Some(t))
            if m.natural_type() != t && !(t == Type::Count && m.natural_type() == Type::Money) =>
        {
            problem(format!(
                "the type says {t:?} but the measure gives a {:?}",
                m.natural_type()
            ));
            Some(m.natural_type())
        }
        (Some(m), _) => Some(m.natural_type()),
        (None, t) => t,
    };
    let value = |p: &Option<crate::Prose>, field: &str, problem: &mut dyn FnMut(String)| {
        let text = p.as_ref()?.text.trim().to_owned();
        let v = parse_value(&text, r#type);
        if v.is_none() {
            problem(format!(
                "the {field} `{text}` is not a number this report can compare"
            ));
        }
        v
    };
    let baseline = value(&row.baseline, "baseline", &mut problem);
    let target = value(&row.target, "target", &mut problem);
    let stated = extra("direction").or_else(|| direction_in_name(&name));
    written.direction = stated.map(read_direction);
    let direction = direction(stated, baseline, target, r#type, &mut problem);
    let min_sample = extra("min_sample").and_then(|m| {
        let n = m.replace(',', "").parse::<u64>().ok();
        if n.is_none() {
            problem(format!("minimum sample `{m}` is not a whole number"));
        }
        n
    });
    let guardrail = extra("guardrail").is_some_and(|g| {
        matches!(
            g.to_lowercase().as_str(),
            "yes" | "y" | "true" | "guardrail" | "✓" | "x"
        )
    }) || name.to_lowercase().starts_with("guardrail");
    let by = row.by.as_ref().map(|p| p.text.trim().to_owned());
    let by_ms = by.as_deref().and_then(deadline);
    if let (Some(b), None) = (&by, by_ms) {
        problem(format!(
            "the deadline `{b}` is not a date (2027-06-30 or 2027-06); the state cannot say on track"
        ));
    }
    let spec = MetricSpec {
        metric: name,
        line,
        measure,
        r#type,
        direction,
        baseline,
        target,
        by,
        by_ms,
        min_sample,
        guardrail,
        written,
    };
    (spec, problems)
}

/// The metric's direction: as stated, else as baseline → target goes, else lower for a
/// duration and higher otherwise. A stated direction the target goes against is a problem.
fn direction(
    stated: Option<&str>,
    baseline: Option<f64>,
    target: Option<f64>,
    r#type: Option<Type>,
    problem: &mut dyn FnMut(String),
) -> Direction {
    let name = |d: Direction| {
        if d == Direction::LowerIsBetter {
            "lower"
        } else {
            "higher"
        }
    };
    let stated = stated.map(read_direction);
    let implied = match (baseline, target) {
        (Some(b), Some(t)) if t < b => Some(Direction::LowerIsBetter),
        (Some(b), Some(t)) if t > b => Some(Direction::HigherIsBetter),
        _ => None,
    };
    if let (Some(s), Some(i)) = (stated, implied)
        && s != i
    {
        problem(format!(
            "the target goes the wrong way: the direction says {} is better but the target is {} than the baseline",
            name(s),
            name(i)
        ));
    }
    stated.or(implied).unwrap_or(match r#type {
        Some(Type::Duration) => Direction::LowerIsBetter,
        _ => Direction::HigherIsBetter,
    })
}

/// A stated direction: lower (`lower`, `down`, `fewer`, …) or else higher is better.
fn read_direction(stated: &str) -> Direction {
    let d = stated.to_lowercase();
    let lower = [
        "lower", "down", "less", "fewer", "decrease", "reduce", "shorter",
    ];
    if lower.iter().any(|w| d.contains(w)) {
        Direction::LowerIsBetter
    } else {
        Direction::HigherIsBetter
    }
}

/// "Lower is better" or "higher is better" (and their kin) written in a metric's name,
/// as in `Time to first order (lower is better)`.
fn direction_in_name(name: &str) -> Option<&str> {
    let lower = name.to_lowercase();
    [
        "lower is better",
        "less is better",
        "fewer is better",
        "shorter is better",
        "higher is better",
        "more is better",
    ]
    .into_iter()
    .find(|phrase| lower.contains(phrase))
}

/// A deadline as the end of its day or month.
fn deadline(text: &str) -> Option<i64> {
    if let Ok((ms, _)) = time::parse(text) {
        return Some(ms + DAY_MS - 1);
    }
    let (y, m) = text.trim().split_once('-')?;
    let (y, m): (i64, u32) = (y.parse().ok()?, m.parse().ok()?);
    if !(1..=12).contains(&m) {
        return None;
    }
    let next = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    Some(time::days_from_civil(next.0, next.1, 1) * DAY_MS - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert_eq!(parse_value("12%", Some(Type::Rate)), Some(0.12));
        assert_eq!(parse_value("40", Some(Type::Rate)), Some(0.4));
        assert_eq!(parse_value("$1,200", Some(Type::Money)), Some(1200.0));
        assert_eq!(parse_value("3.5k", None), Some(3500.0));
        assert_eq!(parse_value("2 min", Some(Type::Duration)), Some(120.0));
        assert_eq!(parse_value("soon", None), None);
    }

    #[test]
    fn deadlines() {
        assert_eq!(deadline("2027-06"), deadline("2027-06-30"));
        assert_eq!(deadline("Q3"), None);
    }
}
