//! The document side: the journey's steps tied to events, and the metrics table's rows
//! read as typed promises with a computed measure.
//!
//! A step names its event at its end (`… — event: basket_opened`) or in front matter:
//! `events: [app_opened, basket_opened, order_paid]` (in step order) or
//! `events: {1: app_opened, "Opens the basket": basket_opened}` (by number or by the
//! start of the step's text). The metrics table may add the columns `Measure`, `Type`,
//! `Window`, `Direction`, `Min sample` and `Guardrail`.
//!
//! The plan is read here, beside the parser, so that the checker (rules MT407, MT408 and
//! JR503) and the outcome report read a document's promises the same way.

pub mod metric;
pub mod time;

use serde::Serialize;
use yaml_rust2::{Yaml, YamlLoader};

use crate::Document;
use metric::{Measure, MetricSpec};

/// One journey step.
#[derive(Debug, Clone, Serialize)]
pub struct PlanStep {
    /// 1-based.
    pub number: usize,
    /// The step's text without its event marker.
    pub label: String,
    pub event: Option<String>,
    pub aha: bool,
    pub line: usize,
}

/// Something in the document the report could not use, with its line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanProblem {
    pub line: usize,
    pub message: String,
}

/// A question of the FAQ with its answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaqEntry {
    pub line: usize,
    pub question: String,
    pub answer: String,
    /// Asked in the internal FAQ (the team's questions: risks, assumptions, costs).
    pub internal: bool,
}

/// What the document promises, ready to measure.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Plan {
    pub steps: Vec<PlanStep>,
    pub metrics: Vec<MetricSpec>,
    pub problems: Vec<PlanProblem>,
    /// The FAQ's questions with their answers, and the line of each.
    #[serde(skip)]
    pub faq: Vec<FaqEntry>,
    /// The launch date from front matter, in milliseconds.
    pub launch_ms: Option<i64>,
    /// The business case, when the document has one.
    #[serde(skip)]
    pub business: Option<crate::business::BusinessCase>,
}

impl Plan {
    /// The aha step's index (the last marked one), if any.
    pub fn aha(&self) -> Option<usize> {
        self.steps.iter().rposition(|s| s.aha)
    }

    /// The index of a step named by number (`2`, `step 2`) or by event.
    pub fn step_named(&self, name: &str) -> Option<usize> {
        let n = name.trim().trim_start_matches("step").trim();
        if let Ok(k) = n.parse::<usize>() {
            return (k >= 1 && k <= self.steps.len()).then(|| k - 1);
        }
        self.steps
            .iter()
            .position(|s| s.event.as_deref() == Some(name.trim()))
    }

    /// What the journey lacks for `measure` to be computed from its events, in words
    /// that name the step or marker to add; `None` when nothing is missing. Counts and
    /// sums read any event, so they lack nothing here.
    pub fn missing_for(&self, measure: &Measure) -> Option<String> {
        let unnamed = |i: usize, role: &str| {
            self.steps[i].event.is_none().then(|| {
                format!(
                    "{role} (step {}) names no event; end it with `— event: NAME`",
                    i + 1
                )
            })
        };
        match measure {
            Measure::Activation { .. }
            | Measure::TimeToAha { .. }
            | Measure::NeverAha
            | Measure::Retention { .. } => {
                if self.steps.is_empty() {
                    return Some(format!(
                        "{} needs the journey's steps, and the document has no user journey",
                        measure.describe()
                    ));
                }
                let Some(aha) = self.aha() else {
                    return Some(format!(
                        "{} needs the journey's aha step, and no step is marked `Aha:`",
                        measure.describe()
                    ));
                };
                unnamed(aha, "the aha step")
            }
            Measure::Conversion { from, to } => {
                let (from, to) = (*from, *to);
                if to >= self.steps.len() {
                    return Some(format!(
                        "{} needs a step {}, and the journey has {} steps",
                        measure.describe(),
                        to + 1,
                        self.steps.len()
                    ));
                }
                unnamed(from, "the conversion's first step")
                    .or_else(|| unnamed(to, "the conversion's last step"))
            }
            Measure::Count { .. } | Measure::Sum { .. } => None,
        }
    }
}

/// Splits `… — event: name` into the text before and the event name.
pub fn split_event(text: &str) -> (String, Option<String>) {
    let lower = text.to_lowercase();
    let Some(at) = lower.rfind("event:") else {
        return (text.trim().to_owned(), None);
    };
    let name: String = text[at + 6..]
        .trim_start()
        .trim_start_matches('`')
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | ':' | '/' | '$'))
        .collect();
    let name = name.trim_end_matches(['.', ':', '-']).to_owned();
    if name.is_empty() {
        return (text.trim().to_owned(), None);
    }
    let label = text[..at]
        .trim_end()
        .trim_end_matches(['—', '–', '-', '(', '[', '|', ';', ','])
        .trim_end()
        .to_owned();
    (label, Some(name))
}

/// Removes an `Aha:` label, so the step reads as the customer's action.
fn clean_label(label: &str) -> String {
    let mut l = label.trim();
    for prefix in ["Aha moment:", "Aha!", "Aha:", "aha:", "(aha)"] {
        if let Some(rest) = l.strip_prefix(prefix) {
            l = rest.trim_start();
        }
    }
    let l = l.replace("(aha)", "");
    let l = l.trim();
    // `Aha: one tap fills…` reads as `One tap fills…` once the label is gone.
    let mut chars = l.chars();
    match chars.next() {
        Some(first) if l != label.trim() => first.to_uppercase().chain(chars).collect(),
        _ => l.to_owned(),
    }
}

/// Reads the plan of a parsed document: its promises ([`read_promises`]), its business
/// case and its FAQ.
pub fn read(doc: &Document) -> Plan {
    let mut plan = read_promises(doc);
    plan.business = crate::business::read(doc);
    let line_of = |block: usize| doc.position(doc.blocks[block].span.start).line;
    for q in &doc.faq.questions {
        plan.faq.push(FaqEntry {
            line: line_of(q.block),
            question: q.prose.text.clone(),
            answer: q.answer.text.clone(),
            internal: q.audience == crate::Audience::Internal,
        });
    }
    plan
}

/// Reads what the document promises: the journey's steps with their events, the launch
/// date and the metrics rows, typed. What the checker reads; [`read`] adds the rest.
pub fn read_promises(doc: &Document) -> Plan {
    let mut plan = Plan::default();
    let line_of = |block: usize| doc.position(doc.blocks[block].span.start).line;
    if let Some(journey) = &doc.journey {
        for (i, step) in journey.steps.iter().enumerate() {
            let (label, event) = split_event(&step.prose.text);
            plan.steps.push(PlanStep {
                number: i + 1,
                label: clean_label(&label),
                event,
                aha: step.aha,
                line: line_of(step.block),
            });
        }
    }
    if let Some(fm) = &doc.front_matter {
        plan.launch_ms = fm
            .launch
            .as_deref()
            .and_then(|l| time::parse(l).ok())
            .map(|(ms, _)| ms);
        front_matter_events(&doc.source[fm.span.clone()], &mut plan);
    }
    check_events(&mut plan);
    if let Some(metrics) = &doc.metrics {
        // Each header row's columns are named once, for the rows under it.
        let mut columns: (usize, Vec<Option<&'static str>>) = (usize::MAX, Vec::new());
        for row in &metrics.rows {
            if let Some(h) = row.header.filter(|&h| h != columns.0) {
                columns = (
                    h,
                    doc.blocks[h]
                        .cells
                        .iter()
                        .map(|c| metric::extra_column(&c.text))
                        .collect(),
                );
            } else if row.header.is_none() {
                columns = (usize::MAX, Vec::new());
            }
            let cells: Vec<&str> = doc.blocks[row.block]
                .cells
                .iter()
                .map(|c| c.text.as_str())
                .collect();
            let line = line_of(row.block);
            let (spec, problems) = metric::read_row(row, &columns.1, &cells, line, &plan);
            plan.problems.extend(problems);
            plan.metrics.push(spec);
        }
    }
    plan
}

/// Reads `events:` from the front matter's YAML.
fn front_matter_events(block: &str, plan: &mut Plan) {
    // Most front matter maps no events: it is read as YAML again only when it may.
    if !block.contains("events") {
        return;
    }
    let yaml = block
        .trim_start_matches("---")
        .trim_end()
        .trim_end_matches("---")
        .trim_end_matches("...");
    let docs = match YamlLoader::load_from_str(yaml) {
        Ok(docs) => docs,
        Err(e) => {
            // A mapping the team wrote must not vanish without a word.
            if yaml.lines().any(|l| l.starts_with("events:")) {
                plan.problems.push(PlanProblem {
                    line: 1,
                    message: format!(
                        "the front matter does not read as YAML ({e}), so its `events` are not read"
                    ),
                });
            }
            return;
        }
    };
    let Some(events) = docs.first().map(|d| &d["events"]) else {
        return;
    };
    let line = 1;
    match events {
        Yaml::Array(list) => {
            if list.len() != plan.steps.len() {
                plan.problems.push(PlanProblem {
                    line,
                    message: format!(
                        "front matter `events` lists {} events but the journey has {} steps",
                        list.len(),
                        plan.steps.len()
                    ),
                });
            }
            for (step, event) in plan.steps.iter_mut().zip(list) {
                if let Some(e) = event.as_str() {
                    step.event = Some(e.to_owned());
                }
            }
        }
        Yaml::Hash(map) => {
            for (key, value) in map {
                let Some(event) = value.as_str() else {
                    continue;
                };
                let index = match key {
                    Yaml::Integer(n) => usize::try_from(*n).ok().filter(|n| *n >= 1).map(|n| n - 1),
                    Yaml::String(s) => {
                        let s = s.to_lowercase();
                        plan.steps
                            .iter()
                            .position(|st| st.label.to_lowercase().starts_with(&s))
                    }
                    _ => None,
                };
                match index.and_then(|i| plan.steps.get_mut(i)) {
                    Some(step) => step.event = Some(event.to_owned()),
                    None => plan.problems.push(PlanProblem {
                        line,
                        message: format!(
                            "front matter `events` maps {} to `{event}`, but no journey step is that",
                            match key {
                                Yaml::Integer(n) => format!("step {n}"),
                                Yaml::String(s) => format!("\"{s}\""),
                                _ => "a key".into(),
                            }
                        ),
                    }),
                }
            }
        }
        Yaml::BadValue | Yaml::Null => {}
        _ => plan.problems.push(PlanProblem {
            line,
            message:
                "front matter `events` must be a list in step order or a map from step to event"
                    .into(),
        }),
    }
}

/// Two steps may not share an event: a funnel needs one event per step.
fn check_events(plan: &mut Plan) {
    for i in 0..plan.steps.len() {
        for j in 0..i {
            if plan.steps[i].event.is_some() && plan.steps[i].event == plan.steps[j].event {
                plan.problems.push(PlanProblem {
                    line: plan.steps[i].line,
                    message: format!(
                        "steps {} and {} both name the event `{}`; each step needs its own event",
                        j + 1,
                        i + 1,
                        plan.steps[i].event.as_deref().unwrap_or_default()
                    ),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_markers() {
        assert_eq!(
            split_event("She opens the basket — event: basket_opened"),
            ("She opens the basket".into(), Some("basket_opened".into()))
        );
        assert_eq!(
            split_event("Pays (event: order_paid)."),
            ("Pays".into(), Some("order_paid".into()))
        );
        assert_eq!(split_event("Pays."), ("Pays.".into(), None));
    }
}
