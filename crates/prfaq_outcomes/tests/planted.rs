//! The report recovers planted numbers from generated event streams, on CSV, Parquet and
//! JSON Lines. Tolerances: rates within 0.02 absolute (20,000 users: a standard error
//! near 0.004), times within 6% relative.

use std::path::Path;

use prfaq_outcomes::generate::{self, Plant};
use prfaq_outcomes::measures::Weeks;
use prfaq_outcomes::{Options, Report};

const RATE: f64 = 0.02;
const TIME: f64 = 0.06;

fn run(plant: &Plant, ext: &str, options: &Options) -> Report {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("events.{ext}"));
    let events = generate::generate(plant);
    match ext {
        "csv" => generate::write_csv(&path, plant, &events).unwrap(),
        "parquet" => generate::write_parquet(&path, plant, &events).unwrap(),
        _ => generate::write_jsonl(&path, plant, &events).unwrap(),
    }
    report(plant, &path, options)
}

fn report(plant: &Plant, path: &Path, options: &Options) -> Report {
    let doc = prfaq_doc::parse(generate::document(plant));
    let plan = prfaq_outcomes::plan::read(&doc);
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    prfaq_outcomes::report(&plan, None, path, options).unwrap_or_else(|e| panic!("{e}"))
}

#[track_caller]
fn close(what: &str, got: f64, want: f64, tolerance: f64) {
    assert!(
        (got - want).abs() <= tolerance,
        "{what}: got {got:.4}, planted {want:.4} (tolerance {tolerance})"
    );
}

fn rolling() -> Options {
    Options {
        weeks: Weeks::Rolling,
        ..Options::default()
    }
}

fn check_planted(report: &Report, plant: &Plant) {
    let want = plant.expected();
    let first = report.funnel[0].users.unwrap();
    assert_eq!(first, plant.users, "every user did the first step");
    for (step, overall) in report.funnel.iter().zip(&want.overall) {
        close(
            &format!("reach of step {}", step.number),
            step.overall.unwrap(),
            *overall,
            RATE,
        );
    }
    for (step, p) in report.funnel.iter().skip(1).zip(&plant.conversion) {
        close(
            &format!("conversion to step {}", step.number),
            step.conversion.unwrap(),
            *p,
            RATE,
        );
    }
    let t = &report.time_to_aha;
    close(
        "median time to aha",
        t.median_seconds.unwrap() / want.median_seconds,
        1.0,
        TIME,
    );
    close(
        "p90 time to aha",
        t.p90_seconds.unwrap() / want.p90_seconds,
        1.0,
        TIME,
    );
    close(
        "never reach aha",
        t.never_share.unwrap(),
        want.never_share,
        RATE,
    );
    close(
        "activation",
        report.activation_rate.unwrap(),
        want.activation,
        RATE,
    );
    for (week, rate) in want.retention.iter().enumerate() {
        close(
            &format!("retention week {week}"),
            report.retention.by_week[week].rate.unwrap(),
            *rate,
            RATE,
        );
    }
    let m = |name: &str| report.metrics.iter().find(|m| m.metric == name).unwrap();
    close(
        "activation metric",
        m("Activation").current.unwrap(),
        want.activation,
        RATE,
    );
    close(
        "week 2 metric",
        m("Week 2 retention").current.unwrap(),
        want.retention[2],
        RATE,
    );
    let orders = m("Orders").current.unwrap();
    assert!(
        orders >= (plant.users as f64 * want.overall[3]) * 0.9,
        "orders {orders}"
    );
    let revenue = m("Revenue").current.unwrap();
    let paid = want.overall[3] * plant.users as f64;
    close("mean amount", revenue / paid, 30.0, 1.5);
}

#[test]
fn planted_numbers_come_back_from_csv() {
    let plant = Plant::default();
    check_planted(&run(&plant, "csv", &rolling()), &plant);
}

#[test]
fn planted_numbers_come_back_from_parquet() {
    let plant = Plant {
        seed: 11,
        ..Plant::default()
    };
    check_planted(&run(&plant, "parquet", &rolling()), &plant);
}

#[test]
fn planted_numbers_come_back_from_json_lines() {
    let plant = Plant {
        seed: 13,
        users: 10_000,
        ..Plant::default()
    };
    check_planted(&run(&plant, "jsonl", &rolling()), &plant);
}

#[test]
fn an_exclusion_event_drops_the_user() {
    let plant = Plant {
        seed: 17,
        users: 10_000,
        excluded_share: 0.25,
        ..Plant::default()
    };
    let options = Options {
        exclude: vec![generate::EXCLUDED_EVENT.into()],
        ..rolling()
    };
    let report = run(&plant, "csv", &options);
    close(
        "excluded share",
        report.excluded_users as f64 / plant.users as f64,
        0.25 * (1.0 - 0.0),
        RATE,
    );
    let first = report.funnel[0].users.unwrap() as f64;
    close(
        "first step without them",
        first / plant.users as f64,
        0.75,
        RATE,
    );
    // The conversions are unchanged: the excluded users were a random quarter.
    close(
        "conversion",
        report.funnel[1].conversion.unwrap(),
        plant.conversion[0],
        RATE * 1.5,
    );
}

#[test]
fn strict_order_breaks_attempts_with_other_events_between() {
    let plant = Plant {
        seed: 19,
        users: 5_000,
        noise: 6,
        ..Plant::default()
    };
    let loose = run(&plant, "csv", &rolling());
    let strict = run(
        &plant,
        "csv",
        &Options {
            strict: true,
            ..rolling()
        },
    );
    let last = |r: &Report| r.funnel.last().unwrap().users.unwrap();
    assert!(
        last(&strict) < last(&loose),
        "noise between steps must break strict attempts"
    );
    assert_eq!(strict.funnel[0].users, loose.funnel[0].users);
}

#[test]
fn a_short_window_loses_slow_users() {
    let plant = Plant {
        seed: 23,
        users: 5_000,
        ..Plant::default()
    };
    let report = run(
        &plant,
        "csv",
        &Options {
            window_ms: 3_600_000,
            ..rolling()
        },
    );
    // With a one-hour window, the aha step (median one day later) is rarely reached.
    let aha = report.funnel[plant.aha].overall.unwrap();
    assert!(
        aha < plant.expected().overall[plant.aha] * 0.2,
        "aha reach {aha}"
    );
}

#[test]
fn the_business_case_sits_beside_the_adopters_the_events_show() {
    let plant = Plant {
        seed: 23,
        users: 8_000,
        ..Plant::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.csv");
    let events = generate::generate(&plant);
    generate::write_csv(&path, &plant, &events).unwrap();
    // The generated document, with a business case in a section of its own.
    let text = format!(
        "{}\n# Business case\n\n| Input | Low | Base | High |\n|---|---|---|---|\n| Reach | 8,000 | 10,000 | 12,000 |\n| Adoption | 10% | 20% | 30% |\n| Value per customer | $5 a month | $10 a month | $10 a month |\n| Cost | $150k | $120k | $120k |\n",
        generate::document(&plant)
    );
    let doc = prfaq_doc::parse(&text);
    let plan = prfaq_outcomes::plan::read(&doc);
    let report = prfaq_outcomes::report(&plan, None, &path, &rolling()).unwrap();
    let b = report.business_case.as_ref().expect("the business case");
    assert!(b.missing.is_empty(), "{:?}", b.missing);
    let cases: Vec<&str> = b.planned.iter().map(|c| c.case).collect();
    assert_eq!(cases, ["low", "base", "high"]);
    close("base adopters", b.planned[1].adopters, 2_000.0, 1e-9);
    close(
        "base impact",
        b.planned[1].first_year_impact,
        240_000.0,
        1e-6,
    );
    close(
        "base payback",
        b.planned[1].payback_months.unwrap(),
        6.0,
        1e-9,
    );
    // Actual adopters are the users who reached the aha step, as time to aha counts them.
    let a = b.actual.as_ref().expect("events with an aha step");
    assert_eq!(a.adopters, report.time_to_aha.reached);
    assert_eq!(a.reach, report.time_to_aha.started);
    close(
        "impact so far",
        a.impact_per_year,
        a.adopters as f64 * 120.0,
        1e-6,
    );
    let want = plant.expected().overall[plant.aha] * plant.users as f64;
    close("adopters as planted", a.adopters as f64 / want, 1.0, 0.05);
    // JSON and the two human forms carry it.
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["business_case"]["planned"][1]["case"], "base");
    let text = prfaq_outcomes::render::human(&report);
    assert!(text.contains("business case:"), "{text}");
    assert!(text.contains("first-year impact $240,000"), "{text}");
    let html = prfaq_outcomes::render::html(&report, &plan);
    assert!(html.contains("id=\"business-case\""));
}

#[test]
fn a_conversion_metric_between_two_steps_comes_back_from_parquet() {
    let plant = Plant {
        seed: 29,
        users: 8_000,
        ..Plant::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.parquet");
    let events = generate::generate(&plant);
    generate::write_parquet(&path, &plant, &events).unwrap();
    // The generated document with one more metric row: from step 2 to step 4, once by
    // number and once by event.
    let last = plant.steps.last().unwrap();
    let text = format!(
        "{}| Seen to paid | conversion 2 -> 4 | 10% | 20% | 2026-12-31 | higher | 100 |\n\
         | Seen to paid, by event | conversion {} -> {last} | 10% | 20% | 2026-12-31 | higher | 100 |\n",
        generate::document(&plant),
        plant.steps[1]
    );
    let plan = prfaq_outcomes::plan::read(&prfaq_doc::parse(&text));
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    let report = prfaq_outcomes::report(&plan, None, &path, &rolling()).unwrap();
    let want = plant.conversion[1] * plant.conversion[2];
    for name in ["Seen to paid", "Seen to paid, by event"] {
        let m = report.metrics.iter().find(|m| m.metric == name).unwrap();
        close(name, m.current.unwrap(), want, RATE);
        let (from, to) = (
            report.funnel[1].users.unwrap(),
            report.funnel[3].users.unwrap(),
        );
        assert_eq!(
            m.current,
            Some(to as f64 / from as f64),
            "the funnel's share"
        );
        assert_eq!(m.sample, Some(from));
    }
}
