//! The outcome report: what the document promised beside what the events show.

use serde::Serialize;

use crate::events::{Columns, Events, InputError, Wanted};
use crate::measures::{self, Cohorts, Results, Setup, Weeks};
use crate::metric::{Direction, Measure, MetricSpec, Type};
use crate::plan::{Plan, PlanProblem};
use crate::read::{self, Format};
use crate::time::{self, DAY_MS};

/// The definitions the report uses, stated in every report.
pub const DEFINITIONS: &[(&str, &str)] = &[
    (
        "funnel",
        "Ordered steps (PostHog's rules): an attempt starts at each first-step event; a later step counts when its event comes at or after the previous step's and within the conversion window of the attempt's first step; a user counts at the furthest step any attempt reached. In strict order any other event between two steps ends the attempt. A user who does an exclusion event while an attempt is in progress is dropped from the funnel. Conversion is the share of the previous step's users; overall is the share of the first step's.",
    ),
    (
        "time_to_aha",
        "From a user's first first-step event to their first aha-step event at or after it; median and p90 by nearest rank over the users who reached it; never_share is the share of users with a first step who never reached aha in the data.",
    ),
    (
        "activation_rate",
        "Share of users with a first step whose first aha event came within the activation window of their first first-step event.",
    ),
    (
        "retention",
        "Users are grouped by the calendar week (Monday, UTC) of their first first-step event (first-time) or of every week with a first-step event (recurring). A user is retained in week N when they did the return event in week N: N calendar weeks after the cohort's week, or days 7N to 7N+7 after their own first step (rolling). Week N counts only users observed for all of it.",
    ),
    (
        "business_case",
        "From the document's reach, adoption, value per customer (a year's worth) and cost, in low, base and high cases: adopters = reach × adoption; first-year impact = adopters × value; net = impact − cost; payback = cost ÷ a month of impact. Actual: reach is the users with a first-step event, adopters those who reached the aha step, and the impact is adopters × the base case's value; tracking names the highest planned case whose adopters the actual adopters reach.",
    ),
    (
        "biggest_gap",
        "The journey step that loses the most users from the step before it, with up to five FAQ questions that name its event or share two of its key words, the team's risks and assumptions first, then its other internal questions. Where the workspace holds customer feedback: the themes that speak of the step (a theme's label or leading words share a word stem with the step's text or event), the customers behind them, and the RICE confidence that evidence gives (50% none, 80% from fewer than ten customers, 100% from ten on).",
    ),
    (
        "metric_state",
        "reached: the current value meets the target in the metric's direction (a guardrail: no worse than its baseline). on track: not reached, before the deadline, and at least as far from the baseline toward the target as the share of time elapsed from launch (or the first event) to the deadline. behind: otherwise. too few: fewer observations than the minimum sample. no measure / no data: nothing to compute it from.",
    ),
];

/// How the report is computed.
#[derive(Debug, Clone)]
pub struct Options {
    pub columns: Columns,
    pub format: Option<Format>,
    pub window_ms: i64,
    pub strict: bool,
    pub exclude: Vec<String>,
    pub cohorts: Cohorts,
    pub weeks: Weeks,
    pub return_event: Option<String>,
    /// The activation window; by default the first activation metric's, else 7 days.
    pub activation_ms: Option<i64>,
    pub max_weeks: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            columns: Columns::default(),
            format: None,
            window_ms: 14 * DAY_MS,
            strict: false,
            exclude: Vec::new(),
            cohorts: Cohorts::FirstTime,
            weeks: Weeks::Calendar,
            return_event: None,
            activation_ms: None,
            max_weeks: 8,
        }
    }
}

/// Why a report could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The document does not say enough to measure.
    Document(String),
    Input(InputError),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Document(m) => f.write_str(m),
            Error::Input(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

#[derive(Debug, Clone, Serialize)]
pub struct FunnelStep {
    pub number: usize,
    pub step: String,
    pub event: Option<String>,
    pub aha: bool,
    pub users: Option<u64>,
    pub conversion: Option<f64>,
    pub overall: Option<f64>,
    pub drop_off: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimeToAha {
    pub median_seconds: Option<f64>,
    pub p90_seconds: Option<f64>,
    pub never_share: Option<f64>,
    pub reached: u64,
    pub started: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RetentionWeek {
    pub week: usize,
    pub users: u64,
    pub returned: u64,
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CohortRow {
    pub week_of: String,
    pub users: u64,
    pub rates: Vec<Option<f64>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Retention {
    pub cohorts_by: Cohorts,
    pub weeks: Weeks,
    pub return_event: Option<String>,
    pub by_week: Vec<RetentionWeek>,
    pub cohorts: Vec<CohortRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricResult {
    pub metric: String,
    pub line: usize,
    pub measure: Option<Measure>,
    pub r#type: Option<Type>,
    pub direction: Direction,
    pub guardrail: bool,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub by: Option<String>,
    pub current: Option<f64>,
    pub sample: Option<u64>,
    pub min_sample: Option<u64>,
    /// Where the metric should be by now on a straight line from baseline to target.
    pub expected: Option<f64>,
    pub state: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct FaqMention {
    pub line: usize,
    pub question: String,
    /// Asked in the internal FAQ.
    pub internal: bool,
    /// The question speaks of a risk or an assumption (what could go wrong, what if,
    /// what we assume): what the gap may be proving.
    pub risk: bool,
}

/// Words of a question that asks about a risk or an assumption.
const RISK_CUES: &[&str] = &[
    "risk", "assum", "go wrong", "fail", "what if", "concern", "worr", "downside", "mitigat",
    "threat", "danger", "hypothes", "bet ", "unknown", "depend",
];

#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub number: usize,
    pub step: String,
    pub event: Option<String>,
    pub from_step: String,
    pub lost_users: u64,
    pub lost_share: f64,
    pub faq: Vec<FaqMention>,
    /// The customer evidence themes about the step, where the workspace has evidence
    /// (set there; a report from a file has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<crate::evidence::StepEvidence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InputSummary {
    pub file: String,
    pub rows: u64,
    pub users: u64,
    pub users_with_journey_events: u64,
    pub out_of_order_rows: u64,
    pub first_event: Option<String>,
    pub last_event: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    pub conversion_window_days: f64,
    pub strict_order: bool,
    pub exclusion_events: Vec<String>,
    pub activation_days: f64,
}

/// The whole report; its JSON is the `--format json` output.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: Option<String>,
    pub input: InputSummary,
    pub settings: Settings,
    pub funnel: Vec<FunnelStep>,
    pub excluded_users: u64,
    pub time_to_aha: TimeToAha,
    pub activation_rate: Option<f64>,
    pub retention: Retention,
    pub metrics: Vec<MetricResult>,
    pub biggest_gap: Option<Gap>,
    /// The document's business case beside the adopters so far, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_case: Option<crate::business::BusinessReport>,
    pub problems: Vec<PlanProblem>,
    pub definitions: Vec<Definition>,
    /// The events read that occur at least once, with up to 20 names the file holds
    /// that the report does not read, sorted: what rule JR503 checks the steps against.
    #[serde(skip)]
    pub events_seen: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Definition {
    pub name: &'static str,
    pub text: &'static str,
}

/// Event codes: funnel steps first, then every other event the report reads.
struct Codes {
    wanted: Wanted,
    /// For each plan step, its code (None without an event).
    step_code: Vec<Option<u8>>,
}

impl Codes {
    fn add(&mut self, event: &str) -> Result<u8, Error> {
        if let Some(i) = self.wanted.events.iter().position(|e| e == event) {
            return Ok(i as u8);
        }
        if self.wanted.events.len() >= 250 {
            return Err(Error::Document(
                "the report reads at most 250 distinct events".into(),
            ));
        }
        self.wanted.events.push(event.to_owned());
        self.wanted.property.push(None);
        Ok((self.wanted.events.len() - 1) as u8)
    }
}

/// Resolves the plan and options into what to read and compute.
fn prepare(plan: &Plan, options: &Options) -> Result<(Codes, Setup), Error> {
    if plan.steps.is_empty() {
        return Err(Error::Document(
            "the document has no user journey steps to measure; list them under `# User journey`"
                .into(),
        ));
    }
    if plan.steps.iter().all(|s| s.event.is_none()) {
        // Why a mapping that was written was not read, when it was not.
        let why: String = plan
            .problems
            .iter()
            .filter(|p| p.message.contains("front matter"))
            .map(|p| format!("; line {}: {}", p.line, p.message))
            .collect();
        return Err(Error::Document(format!(
            "no journey step names its event (line {}); end each step with `— event: NAME` \
             or map them in front matter (`events: [app_opened, …]`){why}",
            plan.steps[0].line
        )));
    }
    let mut codes = Codes {
        wanted: Wanted {
            keep_others: options.strict,
            ..Wanted::default()
        },
        step_code: Vec::new(),
    };
    let mut steps = Vec::new();
    let mut aha = None;
    for s in &plan.steps {
        let code = s.event.as_deref().map(|e| codes.add(e)).transpose()?;
        if let Some(c) = code {
            if s.aha {
                aha = Some(steps.len());
            }
            steps.push(c);
        }
        codes.step_code.push(code);
    }
    let exclusions = options
        .exclude
        .iter()
        .map(|e| codes.add(e))
        .collect::<Result<Vec<_>, _>>()?;
    let return_code = match &options.return_event {
        Some(e) => Some(codes.add(e)?),
        None => aha.map(|a| steps[a]),
    };
    let mut max_weeks = options.max_weeks;
    let mut activation_ms = options.activation_ms;
    for m in &plan.metrics {
        match &m.measure {
            Some(Measure::Count { event }) => {
                codes.add(event)?;
            }
            Some(Measure::Sum { property, event }) => {
                let c = usize::from(codes.add(event)?);
                match &codes.wanted.property[c] {
                    Some(p) if p != property => {
                        return Err(Error::Document(format!(
                            "line {}: the event `{event}` is summed by two properties (`{p}` and `{property}`); the report sums one property an event",
                            m.line
                        )));
                    }
                    _ => codes.wanted.property[c] = Some(property.clone()),
                }
            }
            Some(Measure::Retention { week }) => max_weeks = max_weeks.max(*week as usize + 1),
            Some(Measure::Activation { window_days }) if activation_ms.is_none() => {
                activation_ms = Some((window_days * DAY_MS as f64) as i64)
            }
            _ => {}
        }
    }
    let counted = vec![true; codes.wanted.events.len()];
    let setup = Setup {
        steps,
        aha,
        return_code,
        exclusions,
        window_ms: options.window_ms,
        strict: options.strict,
        activation_ms: activation_ms.unwrap_or(7 * DAY_MS),
        cohorts: options.cohorts,
        weeks: options.weeks,
        max_weeks: max_weeks.min(64),
        counted,
    };
    Ok((codes, setup))
}

/// What the SQL form needs: the events read, the properties summed and the setup.
pub(crate) fn prepare_sql(
    plan: &Plan,
    options: &Options,
) -> Result<(Vec<String>, Vec<String>, Setup), Error> {
    let (codes, setup) = prepare(plan, options)?;
    let mut properties: Vec<String> = codes.wanted.property.iter().flatten().cloned().collect();
    properties.sort();
    properties.dedup();
    Ok((codes.wanted.events, properties, setup))
}

/// Reads the events file and writes the report.
pub fn report(
    plan: &Plan,
    title: Option<String>,
    events: &std::path::Path,
    options: &Options,
) -> Result<Report, Error> {
    let (codes, setup) = prepare(plan, options)?;
    let data = read::read(events, options.format, &options.columns, &codes.wanted)
        .map_err(Error::Input)?;
    let results = measures::compute(&data, &setup);
    Ok(assemble(
        plan, title, events, &data, &codes, &setup, &results, options,
    ))
}

/// The report from JSON Lines events in any reader (the workspace's stored events, in
/// [`crate::compact`]'s form); `name` stands for the file in the report and its errors.
pub fn report_from_jsonl(
    plan: &Plan,
    title: Option<String>,
    name: &str,
    reader: impl std::io::Read,
    options: &Options,
) -> Result<Report, Error> {
    let (codes, setup) = prepare(plan, options)?;
    let data =
        read::read_jsonl(reader, name, &options.columns, &codes.wanted).map_err(Error::Input)?;
    let results = measures::compute(&data, &setup);
    Ok(assemble(
        plan,
        title,
        std::path::Path::new(name),
        &data,
        &codes,
        &setup,
        &results,
        options,
    ))
}

/// The report from the events of a PostgreSQL table, streamed through the CSV reader
/// ([`crate::read::postgres`]): the same numbers as from a file of the same events.
#[cfg(feature = "postgres")]
pub fn report_from_postgres(
    plan: &Plan,
    title: Option<String>,
    source: &crate::read::postgres::Source,
    options: &Options,
) -> Result<Report, Error> {
    let (codes, setup) = prepare(plan, options)?;
    let data = crate::read::postgres::read(source, &codes.wanted).map_err(Error::Input)?;
    let results = measures::compute(&data, &setup);
    let name = source.name();
    Ok(assemble(
        plan,
        title,
        std::path::Path::new(&name),
        &data,
        &codes,
        &setup,
        &results,
        options,
    ))
}

/// The event names and summed properties the report of `plan` reads, by event code.
pub(crate) fn wanted(plan: &Plan, options: &Options) -> Result<Wanted, Error> {
    Ok(prepare(plan, options)?.0.wanted)
}

fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    plan: &Plan,
    title: Option<String>,
    path: &std::path::Path,
    data: &Events,
    codes: &Codes,
    setup: &Setup,
    r: &Results,
    options: &Options,
) -> Report {
    let funnel = funnel(plan, codes, r);
    let reached = r.to_aha.len() as u64;
    let time_to_aha = TimeToAha {
        median_seconds: measures::quantile(&r.to_aha, 0.5).map(|ms| ms as f64 / 1000.0),
        p90_seconds: measures::quantile(&r.to_aha, 0.9).map(|ms| ms as f64 / 1000.0),
        never_share: ratio(r.started - reached, r.started).filter(|_| setup.aha.is_some()),
        reached,
        started: r.started,
    };
    let retention = Retention {
        cohorts_by: setup.cohorts,
        weeks: setup.weeks,
        return_event: setup
            .return_code
            .map(|c| codes.wanted.events[usize::from(c)].clone()),
        by_week: (0..setup.max_weeks)
            .map(|k| RetentionWeek {
                week: k,
                users: r.eligible[k],
                returned: r.returned[k],
                rate: ratio(r.returned[k], r.eligible[k]),
            })
            .collect(),
        cohorts: r
            .cohorts
            .iter()
            .map(|c| CohortRow {
                week_of: time::format_date((c.week * 7 - 3) * DAY_MS),
                users: c.users,
                rates: (0..setup.max_weeks)
                    .map(|k| ratio(c.returned[k], c.eligible[k]))
                    .collect(),
            })
            .collect(),
    };
    let metrics = plan
        .metrics
        .iter()
        .map(|m| metric_result(m, plan, codes, setup, r, &funnel))
        .collect();
    let mut problems = plan.problems.clone();
    for s in plan.steps.iter().filter(|s| s.event.is_none()) {
        problems.push(PlanProblem {
            line: s.line,
            message: format!("step {} names no event; the funnel leaves it out", s.number),
        });
    }
    for (s, code) in plan.steps.iter().zip(&codes.step_code) {
        if let Some(c) = code.filter(|&c| r.totals.count[usize::from(c)] == 0) {
            problems.push(PlanProblem {
                line: s.line,
                message: format!(
                    "the file has no `{}` event (step {}); events it has include {}",
                    codes.wanted.events[usize::from(c)],
                    s.number,
                    if data.other_names.is_empty() {
                        "only the other steps'".to_owned()
                    } else {
                        data.other_names
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                ),
            });
        }
    }
    let with = r.users;
    let mut events_seen: Vec<String> = codes
        .wanted
        .events
        .iter()
        .zip(&r.totals.count)
        .filter(|(_, n)| **n > 0)
        .map(|(e, _)| e.clone())
        .chain(data.other_names.iter().cloned())
        .collect();
    events_seen.sort();
    events_seen.dedup();
    Report {
        title,
        events_seen,
        input: InputSummary {
            file: path.display().to_string(),
            rows: data.rows,
            users: data.users_seen,
            users_with_journey_events: with,
            out_of_order_rows: data.out_of_order,
            first_event: (data.rows > 0 && !data.ms.is_empty())
                .then(|| time::format_date(r.first_ms)),
            last_event: (!data.ms.is_empty()).then(|| time::format_date(r.last_ms)),
        },
        settings: Settings {
            conversion_window_days: options.window_ms as f64 / DAY_MS as f64,
            strict_order: options.strict,
            exclusion_events: options.exclude.clone(),
            activation_days: setup.activation_ms as f64 / DAY_MS as f64,
        },
        biggest_gap: biggest_gap(plan, &funnel),
        business_case: plan
            .business
            .as_ref()
            .map(|case| crate::business::report(case, r.started, setup.aha.map(|_| reached))),
        funnel,
        excluded_users: r.excluded,
        time_to_aha,
        activation_rate: ratio(r.activated, r.started).filter(|_| setup.aha.is_some()),
        retention,
        metrics,
        problems,
        definitions: DEFINITIONS
            .iter()
            .map(|&(name, text)| Definition { name, text })
            .collect(),
    }
}

fn funnel(plan: &Plan, codes: &Codes, r: &Results) -> Vec<FunnelStep> {
    let mut out = Vec::new();
    let mut position = 0;
    let mut previous: Option<u64> = None;
    let first = r.funnel.first().copied();
    for (s, code) in plan.steps.iter().zip(&codes.step_code) {
        let users = code.map(|_| {
            let n = r.funnel[position];
            position += 1;
            n
        });
        out.push(FunnelStep {
            number: s.number,
            step: s.label.clone(),
            event: s.event.clone(),
            aha: s.aha,
            users,
            conversion: users.and_then(|u| match previous {
                None => (u > 0).then_some(1.0),
                Some(p) => ratio(u, p),
            }),
            overall: users.and_then(|u| ratio(u, first.unwrap_or(0))),
            drop_off: users.and_then(|u| previous.map(|p| p.saturating_sub(u))),
        });
        if users.is_some() {
            previous = users;
        }
    }
    out
}

fn metric_result(
    m: &MetricSpec,
    plan: &Plan,
    codes: &Codes,
    setup: &Setup,
    r: &Results,
    funnel: &[FunnelStep],
) -> MetricResult {
    let code = |e: &str| codes.wanted.events.iter().position(|x| x == e);
    let (current, sample) = match &m.measure {
        None => (None, None),
        Some(Measure::Activation { window_days }) => {
            let w = (window_days * DAY_MS as f64) as i64;
            let n = r.to_aha.partition_point(|&d| d <= w) as u64;
            (
                ratio(n, r.started).filter(|_| setup.aha.is_some()),
                Some(r.started),
            )
        }
        Some(Measure::Conversion { from, to }) => {
            let (a, b) = (funnel[*from].users, funnel[*to].users);
            match (a, b) {
                (Some(a), Some(b)) => (ratio(b, a), Some(a)),
                _ => (None, None),
            }
        }
        Some(Measure::Retention { week }) => {
            let k = *week as usize;
            match (r.returned.get(k), r.eligible.get(k)) {
                (Some(&back), Some(&of)) => (ratio(back, of), Some(of)),
                // Past the 64 weeks measured.
                _ => (None, None),
            }
        }
        Some(Measure::TimeToAha { quantile }) => (
            measures::quantile(&r.to_aha, *quantile).map(|ms| ms as f64 / 1000.0),
            Some(r.to_aha.len() as u64),
        ),
        Some(Measure::NeverAha) => (
            ratio(r.started - r.to_aha.len() as u64, r.started).filter(|_| setup.aha.is_some()),
            Some(r.started),
        ),
        Some(Measure::Count { event }) => {
            let n = code(event).map_or(0, |c| r.totals.count[c]);
            (Some(n as f64), Some(n))
        }
        Some(Measure::Sum { event, .. }) => {
            let c = code(event);
            (
                Some(c.map_or(0.0, |c| r.totals.sum[c])),
                Some(c.map_or(0, |c| r.totals.count[c])),
            )
        }
    };
    let start = plan.launch_ms.unwrap_or(r.first_ms);
    let (state, expected) = state(m, current, sample, start, r.last_ms);
    MetricResult {
        metric: m.metric.clone(),
        line: m.line,
        measure: m.measure.clone(),
        r#type: m.r#type,
        direction: m.direction,
        guardrail: m.guardrail,
        baseline: m.baseline,
        target: m.target,
        by: m.by.clone(),
        current,
        sample,
        min_sample: m.min_sample,
        expected,
        state,
    }
}

/// The metric's state and where it should be by now.
pub fn state(
    m: &MetricSpec,
    current: Option<f64>,
    sample: Option<u64>,
    start: i64,
    now: i64,
) -> (&'static str, Option<f64>) {
    if m.measure.is_none() {
        return ("no measure", None);
    }
    let Some(current) = current else {
        return ("no data", None);
    };
    if let (Some(min), Some(n)) = (m.min_sample, sample)
        && n < min
    {
        return ("too few", None);
    }
    let at_least = |value: f64, goal: f64| match m.direction {
        Direction::HigherIsBetter => value >= goal - 1e-12,
        Direction::LowerIsBetter => value <= goal + 1e-12,
    };
    if m.guardrail {
        let goal = m.baseline.or(m.target);
        return match goal {
            Some(g) if !at_least(current, g) => ("behind", Some(g)),
            _ => ("reached", goal),
        };
    }
    let Some(target) = m.target else {
        return ("behind", None);
    };
    if at_least(current, target) {
        return ("reached", Some(target));
    }
    let Some(by) = m.by_ms else {
        return ("behind", None);
    };
    if now >= by || by <= start {
        return ("behind", Some(target));
    }
    let Some(baseline) = m.baseline else {
        return ("on track", None);
    };
    let elapsed = ((now - start) as f64 / (by - start) as f64).clamp(0.0, 1.0);
    let expected = baseline + (target - baseline) * elapsed;
    if at_least(current, expected) {
        ("on track", Some(expected))
    } else {
        ("behind", Some(expected))
    }
}

/// Short stems of a text's longer words, for matching FAQ text to a step.
fn stems(text: &str) -> Vec<String> {
    const COMMON: &[&str] = &[
        "their", "there", "which", "about", "after", "before", "these", "those", "would", "could",
        "should", "other",
    ];
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 5 && !COMMON.contains(&w.as_str()))
        .map(|w| w.chars().take(5).collect())
        .collect();
    out.sort();
    out.dedup();
    out
}

fn biggest_gap(plan: &Plan, funnel: &[FunnelStep]) -> Option<Gap> {
    let mut best: Option<(usize, usize, u64)> = None;
    let mut previous: Option<usize> = None;
    for (i, s) in funnel.iter().enumerate() {
        if s.users.is_none() {
            continue;
        }
        if let (Some(p), Some(lost)) = (previous, s.drop_off)
            && lost > 0
            && best.is_none_or(|(_, _, b)| lost > b)
        {
            best = Some((p, i, lost));
        }
        previous = Some(i);
    }
    let (from, to, lost) = best?;
    let step = &funnel[to];
    let own = stems(&step.step);
    let mut faq: Vec<FaqMention> = plan
        .faq
        .iter()
        .filter(|f| {
            let text = format!("{} {}", f.question, f.answer);
            if step.event.as_deref().is_some_and(|e| text.contains(e)) {
                return true;
            }
            let theirs = stems(&text);
            let shared = own.iter().filter(|s| theirs.contains(s)).count();
            shared >= 2.min(own.len()).max(1) && !own.is_empty()
        })
        .map(|f| {
            let asked = f.question.to_lowercase();
            FaqMention {
                line: f.line,
                question: f.question.clone(),
                internal: f.internal,
                risk: RISK_CUES.iter().any(|c| asked.contains(c)),
            }
        })
        .collect();
    // The team's risks and assumptions first, then its other internal questions, each
    // in the document's order.
    faq.sort_by_key(|q| (!q.risk, !q.internal, q.line));
    faq.truncate(5);
    Some(Gap {
        number: step.number,
        step: step.step.clone(),
        event: step.event.clone(),
        from_step: funnel[from].step.clone(),
        lost_users: lost,
        lost_share: ratio(lost, funnel[from].users.unwrap_or(0)).unwrap_or(0.0),
        faq,
        evidence: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(baseline: f64, target: f64, direction: Direction) -> MetricSpec {
        MetricSpec {
            metric: "m".into(),
            line: 1,
            measure: Some(Measure::NeverAha),
            r#type: Some(Type::Rate),
            direction,
            baseline: Some(baseline),
            target: Some(target),
            by: Some("day 100".into()),
            by_ms: Some(100 * DAY_MS),
            min_sample: Some(10),
            guardrail: false,
            written: Default::default(),
        }
    }

    fn step(
        number: usize,
        label: &str,
        event: &str,
        users: u64,
        previous: Option<u64>,
    ) -> FunnelStep {
        FunnelStep {
            number,
            step: label.into(),
            event: Some(event.into()),
            aha: false,
            users: Some(users),
            conversion: previous.and_then(|p| ratio(users, p)),
            overall: None,
            drop_off: previous.map(|p| p - users),
        }
    }

    use crate::plan::FaqEntry;

    fn faq(line: usize, question: &str, answer: &str, internal: bool) -> FaqEntry {
        FaqEntry {
            line,
            question: question.into(),
            answer: answer.into(),
            internal,
        }
    }

    #[test]
    fn the_biggest_gap_names_the_step_and_the_faq_about_it() {
        let funnel = [
            step(1, "Opens the app", "app_opened", 1000, None),
            step(
                2,
                "Sees the reorder button",
                "reorder_seen",
                900,
                Some(1000),
            ),
            step(
                3,
                "Fills the basket in one tap",
                "basket_filled",
                300,
                Some(900),
            ),
            step(4, "Pays", "order_paid", 250, Some(300)),
        ];
        let plan = Plan {
            faq: vec![
                faq(
                    30,
                    "Can I change the basket the tap fills?",
                    "Yes, before paying.",
                    false,
                ),
                faq(34, "How much does it cost?", "Nothing.", false),
                faq(
                    38,
                    "How do we track it?",
                    "With the basket_filled event.",
                    true,
                ),
                faq(
                    42,
                    "What if the basket fills with the wrong items?",
                    "Customers review the basket before paying.",
                    true,
                ),
            ],
            ..Plan::default()
        };
        let gap = biggest_gap(&plan, &funnel).unwrap();
        assert_eq!((gap.number, gap.lost_users), (3, 600));
        assert!((gap.lost_share - 600.0 / 900.0).abs() < 1e-9);
        assert_eq!(gap.from_step, "Sees the reorder button");
        // The risk first, then the other internal question, then the customer's.
        let lines: Vec<usize> = gap.faq.iter().map(|q| q.line).collect();
        assert_eq!(lines, [42, 38, 30]);
        assert!(gap.faq[0].risk && gap.faq[0].internal);
        assert!(!gap.faq[1].risk && gap.faq[1].internal);
        assert!(!gap.faq[2].risk && !gap.faq[2].internal);
    }

    #[test]
    fn states_follow_the_direction_and_the_time_gone() {
        let up = spec(0.2, 0.6, Direction::HigherIsBetter);
        let half = 50 * DAY_MS;
        assert_eq!(state(&up, Some(0.6), Some(50), 0, half).0, "reached");
        // Half the time gone: 0.4 is the line; 0.45 is ahead of it, 0.3 behind.
        assert_eq!(
            state(&up, Some(0.45), Some(50), 0, half),
            ("on track", Some(0.4))
        );
        assert_eq!(state(&up, Some(0.3), Some(50), 0, half).0, "behind");
        assert_eq!(state(&up, Some(0.5), Some(50), 0, 101 * DAY_MS).0, "behind");
        assert_eq!(state(&up, Some(0.9), Some(5), 0, half).0, "too few");
        assert_eq!(state(&up, None, None, 0, half).0, "no data");
        let down = spec(0.2, 0.1, Direction::LowerIsBetter);
        assert_eq!(state(&down, Some(0.09), Some(50), 0, half).0, "reached");
        assert_eq!(state(&down, Some(0.14), Some(50), 0, half).0, "on track");
        assert_eq!(state(&down, Some(0.19), Some(50), 0, half).0, "behind");
        let guard = MetricSpec {
            guardrail: true,
            ..spec(0.02, 0.02, Direction::LowerIsBetter)
        };
        assert_eq!(state(&guard, Some(0.019), Some(50), 0, half).0, "reached");
        assert_eq!(state(&guard, Some(0.03), Some(50), 0, half).0, "behind");
        let none = MetricSpec {
            measure: None,
            ..spec(0.2, 0.6, Direction::HigherIsBetter)
        };
        assert_eq!(state(&none, Some(0.9), Some(50), 0, half).0, "no measure");
    }
}
