//! The document side: steps tied to events and metric rows read as typed promises.

use prfaq_outcomes::metric::{Direction, Measure, Type};
use prfaq_outcomes::plan;

const DOC: &str = "---
title: Quick reorder
launch: 2026-03-02
events:
  1: app_opened
  \"Sees the reorder\": reorder_seen
---

# User journey

1. Opens the app on Sunday evening
2. Sees the reorder button
3. Aha: one tap fills the basket — event: basket_filled
4. Pays (event: order_paid)

# Metrics

| Metric | Baseline | Target | By | Measure | Direction | Min sample | Guardrail |
|---|---|---|---|---|---|---|---|
| Activation | 20% | 45% | 2026-09 | activation within 3d | higher | 1,000 | |
| Checkout conversion | 50% | 70% | 2026-09-30 | conversion basket_filled -> order_paid | | | |
| Time to aha | 2 days | 4 hours | 2026-09-30 | time to aha p90 | higher | | |
| Refunds | 2% | 2% | 2026-09-30 | count refund_issued | lower | | yes |
| Delight | low | high | soon | happiness | | | |
";

#[test]
fn steps_take_their_events_from_the_text_and_the_front_matter() {
    let plan = plan::read(&prfaq_doc::parse(DOC));
    let events: Vec<Option<&str>> = plan.steps.iter().map(|s| s.event.as_deref()).collect();
    assert_eq!(
        events,
        [
            Some("app_opened"),
            Some("reorder_seen"),
            Some("basket_filled"),
            Some("order_paid")
        ]
    );
    assert_eq!(plan.aha(), Some(2));
    assert_eq!(plan.steps[2].label, "One tap fills the basket");
    assert_eq!(plan.steps[3].label, "Pays");
    assert_eq!(plan.steps[0].line, 11);
    assert!(plan.launch_ms.is_some());
}

#[test]
fn metric_rows_are_typed_and_their_mistakes_named_by_line() {
    let plan = plan::read(&prfaq_doc::parse(DOC));
    let m = &plan.metrics;
    assert_eq!(m.len(), 5);
    assert_eq!(m[0].measure, Some(Measure::Activation { window_days: 3.0 }));
    assert_eq!(
        (m[0].baseline, m[0].target, m[0].min_sample),
        (Some(0.2), Some(0.45), Some(1000))
    );
    assert_eq!(m[1].measure, Some(Measure::Conversion { from: 2, to: 3 }));
    assert_eq!(m[2].r#type, Some(Type::Duration));
    assert_eq!(
        (m[2].baseline, m[2].target),
        (Some(172_800.0), Some(14_400.0))
    );
    assert!(m[3].guardrail);
    assert_eq!(m[3].direction, Direction::LowerIsBetter);
    assert_eq!(m[4].measure, None);
    let problems: Vec<(usize, &str)> = plan
        .problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    let has =
        |line: usize, part: &str| problems.iter().any(|(l, m)| *l == line && m.contains(part));
    assert!(has(22, "the target goes the wrong way"), "{problems:?}");
    assert!(has(24, "`happiness` is not a measure"), "{problems:?}");
    assert!(
        has(24, "the baseline `low` is not a number"),
        "{problems:?}"
    );
    assert!(has(24, "the deadline `soon` is not a date"), "{problems:?}");
}

#[test]
fn two_steps_with_one_event_and_a_bad_mapping_are_problems() {
    let doc = "---\nevents: {7: nothing}\n---\n\n# User journey\n\n1. Opens — event: a\n2. Aha: pays — event: a\n";
    let plan = plan::read(&prfaq_doc::parse(doc));
    let messages: Vec<&str> = plan.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("maps step 7 to `nothing`")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("steps 1 and 2 both name the event `a`")),
        "{messages:?}"
    );
}

#[test]
fn a_mapping_in_front_matter_that_does_not_read_is_named() {
    // A key written twice is not YAML: the mapping is not read, and the report says why.
    let doc = "---\nevents: [app_opened, reorder_seen]\nlaunch: 2026-03-02\nlaunch: 2026-03-09\n---\n\n# User journey\n\n1. Opens the app\n2. Aha: sees the reorder\n";
    let plan = plan::read(&prfaq_doc::parse(doc));
    assert!(plan.steps.iter().all(|s| s.event.is_none()));
    let problem = plan
        .problems
        .iter()
        .find(|p| p.message.contains("does not read as YAML"))
        .unwrap_or_else(|| panic!("{:?}", plan.problems));
    assert_eq!(problem.line, 1);
    assert!(
        problem.message.contains("`events` are not read"),
        "{problem:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.csv");
    std::fs::write(&path, "user_id,event,timestamp\nu1,app_opened,1772445600\n").unwrap();
    let error = prfaq_outcomes::report(&plan, None, &path, &Default::default())
        .unwrap_err()
        .to_string();
    assert!(error.contains("no journey step names its event"), "{error}");
    assert!(error.contains("does not read as YAML"), "{error}");
    // Without a mapping, front matter that does not read is no concern of the plan's.
    let doc = "---\nlaunch: 1\nlaunch: 2\n---\n\n# User journey\n\n1. Opens — event: a\n";
    assert!(plan::read(&prfaq_doc::parse(doc)).problems.is_empty());
}
