//! `prfaq outcomes` and `prfaq journey` as a process, on generated event files.

#[allow(dead_code)]
mod support;

use std::path::Path;

use prfaq_outcomes::generate::{self, Plant};
use serde_json::Value;
use support::{assert_contains, assert_exit, folder_with, prfaq, stderr, stdout, write};

/// A folder with `doc.md`, `events.csv` and `events.parquet` from a small plant.
fn generated() -> (tempfile::TempDir, Plant) {
    let plant = Plant {
        users: 3_000,
        seed: 5,
        ..Plant::default()
    };
    let dir = folder_with(&[("doc.md", &generate::document(&plant))]);
    let events = generate::generate(&plant);
    generate::write_csv(&dir.path().join("events.csv"), &plant, &events).unwrap();
    generate::write_parquet(&dir.path().join("events.parquet"), &plant, &events).unwrap();
    (dir, plant)
}

fn json_report(dir: &Path, events: &str) -> Value {
    let out = prfaq(
        dir,
        &[
            "outcomes", "report", "doc.md", "--events", events, "--format", "json",
        ],
    );
    assert_exit(&out, 0);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
}

#[test]
fn the_json_report_has_the_documented_shape_and_agrees_across_formats() {
    let (dir, plant) = generated();
    let csv = json_report(dir.path(), "events.csv");
    let funnel = csv["funnel"].as_array().unwrap();
    assert_eq!(funnel.len(), plant.steps.len());
    assert_eq!(funnel[0]["event"], "app_opened");
    assert_eq!(funnel[0]["users"], 3_000);
    let conversion = funnel[1]["conversion"].as_f64().unwrap();
    assert!(
        (0.0..=1.0).contains(&conversion),
        "rates are fractions: {conversion}"
    );
    for key in ["median_seconds", "p90_seconds", "never_share"] {
        assert!(csv["time_to_aha"][key].is_number(), "time_to_aha.{key}");
    }
    assert!(csv["activation_rate"].as_f64().unwrap() < 1.0);
    assert!(csv["retention"]["by_week"].is_array());
    let metric = &csv["metrics"][0];
    for key in ["metric", "baseline", "target", "current", "state"] {
        assert!(!metric[key].is_null(), "metrics[0].{key}");
    }
    assert_eq!(csv["biggest_gap"]["number"], 2);
    let parquet = json_report(dir.path(), "events.parquet");
    assert_eq!(csv["funnel"], parquet["funnel"]);
    assert_eq!(csv["time_to_aha"], parquet["time_to_aha"]);
    assert_eq!(csv["retention"], parquet["retention"]);
}

#[test]
fn human_and_html_reports() {
    let (dir, _) = generated();
    let out = prfaq(
        dir.path(),
        &["outcomes", "report", "doc.md", "--events", "events.csv"],
    );
    assert_exit(&out, 0);
    assert_contains(
        &stdout(&out),
        &[
            "funnel (window 14 days)",
            "time to aha: median",
            "biggest gap: step 2",
            "metrics:",
        ],
    );
    let out = prfaq(
        dir.path(),
        &[
            "outcomes",
            "report",
            "doc.md",
            "--events",
            "events.parquet",
            "--format",
            "html",
            "-o",
            "report.html",
        ],
    );
    assert_exit(&out, 0);
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert_contains(
        &html,
        &[
            "<svg",
            "class=\"step aha\"",
            "class=\"goal\"",
            "reached: 3,000",
            "<h2>Definitions</h2>",
        ],
    );
}

#[test]
fn the_journey_is_drawn_with_and_without_events() {
    let (dir, _) = generated();
    let out = prfaq(dir.path(), &["journey", "doc.md", "--svg", "plain.svg"]);
    assert_exit(&out, 0);
    let plain = std::fs::read_to_string(dir.path().join("plain.svg")).unwrap();
    assert_contains(&plain, &["<svg", "AHA", "basket_filled"]);
    assert!(!plain.contains("reached:"));
    let out = prfaq(
        dir.path(),
        &[
            "journey",
            "doc.md",
            "--svg",
            "reach.svg",
            "--events",
            "events.csv",
        ],
    );
    assert_exit(&out, 0);
    let reach = std::fs::read_to_string(dir.path().join("reach.svg")).unwrap();
    assert_contains(&reach, &["reached: 3,000 (100.0%)", "class=\"drop\""]);
}

#[test]
fn sql_for_each_dialect() {
    let (dir, _) = generated();
    for (dialect, marker) in [
        ("postgres", "percentile_disc"),
        ("duckdb", "quantile_disc"),
        ("clickhouse", "arraySort(groupArray(d))"),
    ] {
        let out = prfaq(
            dir.path(),
            &["outcomes", "sql", "doc.md", "--dialect", dialect],
        );
        assert_exit(&out, 0);
        assert_contains(
            &stdout(&out),
            &[marker, "'funnel'", "'retention'", "FROM events"],
        );
    }
    let out = prfaq(
        dir.path(),
        &["outcomes", "sql", "doc.md", "--dialect", "oracle"],
    );
    assert_exit(&out, 2);
    assert_contains(
        &stderr(&out),
        &["`oracle` is not postgres, duckdb or clickhouse"],
    );
}

#[test]
fn bad_events_are_reported_with_their_line_and_never_panic() {
    let dir = folder_with(&[("doc.md", PLAIN)]);
    let d = dir.path();
    let cases: [(&str, &str, &[&str]); 7] = [
        (
            "event.csv",
            "user_id,event,timestamp\nu1,,2026-03-02T10:00:00Z\n",
            &["event.csv line 2", "`event` field is empty"],
        ),
        ("empty.csv", "", &["empty.csv line 1", "the file is empty"]),
        (
            "header.csv",
            "user_id,event,timestamp\n",
            &["header.csv", "no events"],
        ),
        (
            "columns.csv",
            "uid,name,ts\nu1,app_opened,2026-03-02T10:00:00Z\n",
            &["no `user_id` column", "--map user_id=COLUMN", "`uid`"],
        ),
        (
            "time.csv",
            "user_id,event,timestamp\nu1,app_opened,2026-03-02T10:00:00Z\nu1,reorder_seen,last tuesday\n",
            &["time.csv line 3", "timestamp `last tuesday`"],
        ),
        (
            "zones.csv",
            "user_id,event,timestamp\nu1,app_opened,2026-03-02T10:00:00Z\nu2,app_opened,2026-03-02T10:00:00+02:00\n",
            &["zones.csv line 3", "UTC+02:00", "line 2"],
        ),
        (
            "user.csv",
            "user_id,event,timestamp\n,app_opened,2026-03-02T10:00:00Z\n",
            &["user.csv line 2", "`user_id` field is empty"],
        ),
    ];
    for (name, text, expect) in cases {
        write(d, name, text);
        let out = prfaq(d, &["outcomes", "report", "doc.md", "--events", name]);
        assert_exit(&out, 2);
        assert_contains(&stderr(&out), expect);
        assert!(
            !stderr(&out).contains("panicked"),
            "{name}: {}",
            stderr(&out)
        );
    }
    write(
        d,
        "bad.jsonl",
        "{\"user_id\":\"u1\",\"event\":\"app_opened\",\"timestamp\":1772445600}\n{\"user_id\": 2,\n",
    );
    let out = prfaq(
        d,
        &["outcomes", "report", "doc.md", "--events", "bad.jsonl"],
    );
    assert_exit(&out, 2);
    assert_contains(&stderr(&out), &["bad.jsonl line 2", "not a JSON object"]);
    write(d, "broken.parquet", "PAR1 this is not parquet");
    let out = prfaq(
        d,
        &["outcomes", "report", "doc.md", "--events", "broken.parquet"],
    );
    assert_exit(&out, 2);
    assert_contains(
        &stderr(&out),
        &["broken.parquet", "not a readable Parquet file"],
    );
    // Mapped column names are read.
    write(
        d,
        "mapped.csv",
        "uid,name,ts\nu1,app_opened,1772445600\nu1,reorder_seen,1772445660\n",
    );
    let out = prfaq(
        d,
        &[
            "outcomes",
            "report",
            "doc.md",
            "--events",
            "mapped.csv",
            "--map",
            "user_id=uid,event=name,timestamp=ts",
            "--format",
            "json",
        ],
    );
    assert_exit(&out, 0);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["funnel"][1]["users"], 1);
    // Events out of time order are sorted, and counted.
    write(
        d,
        "shuffled.csv",
        "user_id,event,timestamp\nu1,reorder_seen,1772445660\nu1,app_opened,1772445600\nu2,page_viewed,1772445700\n",
    );
    let out = prfaq(
        d,
        &[
            "outcomes",
            "report",
            "doc.md",
            "--events",
            "shuffled.csv",
            "--format",
            "json",
        ],
    );
    assert_exit(&out, 0);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["input"]["out_of_order_rows"], 1);
    assert_eq!(v["input"]["users"], 2);
    assert_eq!(v["input"]["users_with_journey_events"], 1);
    assert_eq!(v["funnel"][1]["users"], 1);
    // The terminal's report says so too: what was sorted, who is in no measure.
    let out = prfaq(
        d,
        &["outcomes", "report", "doc.md", "--events", "shuffled.csv"],
    );
    assert_exit(&out, 0);
    assert_contains(
        &stdout(&out),
        &[
            "note: users with none of the events the report reads: 1 of 2 (in no measure)",
            "note: rows out of time order: 1 (each user's events were sorted by time",
        ],
    );
    // A property the metrics sum must be a column.
    let (dir, _) = generated();
    write(
        dir.path(),
        "no-amount.csv",
        "user_id,event,timestamp\nu1,app_opened,1772445600\n",
    );
    let out = prfaq(
        dir.path(),
        &["outcomes", "report", "doc.md", "--events", "no-amount.csv"],
    );
    assert_exit(&out, 2);
    assert_contains(
        &stderr(&out),
        &["sum the property `amount`, but the file has no such column"],
    );
}

/// A journey of two steps, each with its event, and no metrics.
const PLAIN: &str = "# User journey\n\n1. Opens the app — event: app_opened\n2. Aha: sees the reorder — event: reorder_seen\n";

#[test]
fn a_document_without_events_says_how_to_add_them() {
    let dir = folder_with(&[
        (
            "doc.md",
            "# User journey\n\n1. Opens the app\n2. Aha: pays\n",
        ),
        ("e.csv", "user_id,event,timestamp\nu,a,1772445600\n"),
    ]);
    let out = prfaq(
        dir.path(),
        &["outcomes", "report", "doc.md", "--events", "e.csv"],
    );
    assert_exit(&out, 2);
    assert_contains(
        &stderr(&out),
        &["no journey step names its event (line 3)", "— event: NAME"],
    );
    let out = prfaq(dir.path(), &["journey", "doc.md", "--svg", "j.svg"]);
    assert_exit(&out, 0);
    let svg = std::fs::read_to_string(dir.path().join("j.svg")).unwrap();
    assert_contains(&svg, &["no event", "AHA"]);
}

#[test]
fn a_step_whose_event_never_occurs_is_noted_with_the_events_the_file_has() {
    let dir = folder_with(&[
        ("doc.md", PLAIN),
        (
            "e.csv",
            "user_id,event,timestamp\nu1,app_opened,1772445600\nu1,reorder_shown,1772445660\n",
        ),
    ]);
    let out = prfaq(
        dir.path(),
        &["outcomes", "report", "doc.md", "--events", "e.csv"],
    );
    assert_exit(&out, 0);
    assert_contains(
        &stdout(&out),
        &[
            "note: line 4: the file has no `reorder_seen` event (step 2); events it has include `reorder_shown`",
        ],
    );
}

/// The PostgreSQL form of the measures, run on the same events loaded into a table,
/// gives the report's numbers.
#[test]
fn the_postgres_sql_gives_the_reports_numbers() {
    use sqlx::{Connection, Row};
    let (dir, _) = generated();
    let report = json_report(dir.path(), "events.csv");
    let out = prfaq(
        dir.path(),
        &[
            "outcomes",
            "sql",
            "doc.md",
            "--dialect",
            "postgres",
            "--table",
            "events",
        ],
    );
    assert_exit(&out, 0);
    let sql = stdout(&out);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let Some(database) = runtime.block_on(prfaq_store::testing::PostgresScratch::create()) else {
        return;
    };
    let csv = std::fs::read(dir.path().join("events.csv")).unwrap();
    let rows = runtime.block_on(async {
        let mut conn = sqlx::PgConnection::connect(database.raw_url()).await.unwrap();
        sqlx::raw_sql(
            "CREATE TABLE events (user_id text, event text, \"timestamp\" timestamptz, amount double precision)",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        let mut copy = conn
            .copy_in_raw("COPY events FROM STDIN WITH (FORMAT csv, HEADER true)")
            .await
            .unwrap();
        copy.send(csv).await.unwrap();
        copy.finish().await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&mut conn).await.unwrap()
    });
    let rows: Vec<(String, i64, f64)> = rows
        .iter()
        .map(|row| (row.get(0), i64::from(row.get::<i32, _>(1)), row.get(2)))
        .collect();
    let differ = differences(&report, &rows);
    assert!(
        differ.is_empty(),
        "PostgreSQL differs from the report: {differ:#?}"
    );
    // Four steps, three times and rates, activation, eight weeks, a count and a sum.
    assert_eq!(rows.len(), 4 + 3 + 1 + 8 + 2);
}

/// How the SQL's rows `(measure, item, value)` differ from the report's JSON, within a
/// relative 1e-6: values that differ, rows the report has no number for, and the
/// report's numbers no row gives.
fn differences(report: &Value, rows: &[(String, i64, f64)]) -> Vec<String> {
    let mut differ = Vec::new();
    for (measure, item, value) in rows {
        let ours = match measure.as_str() {
            "funnel" => report["funnel"][*item as usize - 1]["users"].as_f64(),
            "time_to_aha_median_seconds" => report["time_to_aha"]["median_seconds"].as_f64(),
            "time_to_aha_p90_seconds" => report["time_to_aha"]["p90_seconds"].as_f64(),
            "never_share" => report["time_to_aha"]["never_share"].as_f64(),
            "activation_rate" => report["activation_rate"].as_f64(),
            "retention" => report["retention"]["by_week"][*item as usize]["rate"].as_f64(),
            "count" | "sum" => report["metrics"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["line"] == *item)
                .and_then(|m| m["current"].as_f64()),
            other => panic!("unknown measure {other}"),
        };
        match ours {
            None => differ.push(format!("{measure} {item}: SQL {value}, not in the report")),
            Some(ours) if (ours - value).abs() > 1e-6 * value.abs().max(1.0) => {
                differ.push(format!("{measure} {item}: SQL {value}, report {ours}"));
            }
            Some(_) => {}
        }
    }
    let mut expected: Vec<(String, i64)> = Vec::new();
    for (i, _) in report["funnel"].as_array().unwrap().iter().enumerate() {
        expected.push(("funnel".into(), i as i64 + 1));
    }
    if !report["time_to_aha"]["median_seconds"].is_null() {
        for measure in [
            "time_to_aha_median_seconds",
            "time_to_aha_p90_seconds",
            "never_share",
        ] {
            expected.push((measure.into(), 0));
        }
    }
    if !report["activation_rate"].is_null() {
        expected.push(("activation_rate".into(), 0));
    }
    for week in report["retention"]["by_week"].as_array().unwrap() {
        if week["users"].as_u64().unwrap() > 0 {
            expected.push(("retention".into(), week["week"].as_i64().unwrap()));
        }
    }
    for metric in report["metrics"].as_array().unwrap() {
        if let Some(kind @ ("count" | "sum")) = metric["measure"]["kind"].as_str() {
            expected.push((kind.into(), metric["line"].as_i64().unwrap()));
        }
    }
    for (measure, item) in expected {
        if !rows.iter().any(|(m, i, _)| *m == measure && *i == item) {
            differ.push(format!("{measure} {item}: in the report, no SQL row"));
        }
    }
    differ
}

/// The Python with DuckDB and chdb (embedded ClickHouse) that scripts/test.sh prepares,
/// or `None` with a loud note (a failure when CI=true).
fn sql_engines() -> Option<std::path::PathBuf> {
    let Some(python) = std::env::var_os("PRFAQ_SQL_PYTHON") else {
        let message = "PRFAQ_SQL_PYTHON is not set: the DuckDB and ClickHouse SQL was NOT run. \
                       Run scripts/test.sh, or set PRFAQ_SQL_PYTHON to a Python with \
                       `pip install duckdb chdb`.";
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
        eprintln!("\n!!!!! {message}\n");
        return None;
    };
    Some(python.into())
}

/// `prfaq outcomes sql doc.md --dialect DIALECT` with `extra` arguments, written to
/// `file` in `dir` for an engine to run; the SQL.
fn sql_file(dir: &Path, dialect: &str, extra: &[&str], file: &str) -> String {
    let mut args = vec!["outcomes", "sql", "doc.md", "--dialect", dialect];
    args.extend(extra);
    let out = prfaq(dir, &args);
    assert_exit(&out, 0);
    let sql = stdout(&out);
    write(dir, file, &sql);
    sql
}

/// Runs `query` (a file in `dir`) on `events` with scripts/outcomes_sql.py.
fn run_sql(
    python: &Path,
    engine: &str,
    dir: &Path,
    events: &str,
    query: &str,
) -> Vec<(String, i64, f64)> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/outcomes_sql.py");
    let out = std::process::Command::new(python)
        .arg(script)
        .args([engine, events, query])
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    assert!(
        out.status.success(),
        "{engine} on {events} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
}

/// The DuckDB and ClickHouse forms of the measures, run by the engines themselves on the
/// CSV and on the Parquet file, give the report's numbers for that file, with the default
/// options and with others; the same SQL with a one-day conversion window does not, so
/// the comparison can tell.
#[test]
fn the_duckdb_and_clickhouse_sql_give_the_reports_numbers() {
    let Some(python) = sql_engines() else {
        return;
    };
    let (dir, _) = generated();
    let reports = [
        ("events.csv", json_report(dir.path(), "events.csv")),
        ("events.parquet", json_report(dir.path(), "events.parquet")),
    ];
    for dialect in ["duckdb", "clickhouse"] {
        let query = format!("{dialect}.sql");
        let sql = sql_file(dir.path(), dialect, &["--table", "events"], &query);
        for (events, report) in &reports {
            let rows = run_sql(&python, dialect, dir.path(), events, &query);
            let differ = differences(report, &rows);
            assert!(
                differ.is_empty(),
                "{dialect} on {events} differs from the report: {differ:#?}"
            );
            // Four steps, three times and rates, activation, eight weeks, a count and a sum.
            assert_eq!(rows.len(), 4 + 3 + 1 + 8 + 2);
        }
        let window = "p.t0 + 1209600";
        assert!(sql.contains(window), "the 14-day conversion window:\n{sql}");
        let narrow = format!("{dialect}-narrow.sql");
        write(dir.path(), &narrow, sql.replace(window, "p.t0 + 86400"));
        let rows = run_sql(&python, dialect, dir.path(), "events.csv", &narrow);
        let differ = differences(&reports[0].1, &rows);
        assert!(
            differ.iter().any(|d| d.starts_with("funnel 2:")),
            "{dialect}: a one-day window should change the funnel: {differ:#?}"
        );
    }
    // Rolling weeks, another window, activation and return event, on the Parquet file.
    let options = [
        "--weeks",
        "rolling",
        "--window",
        "3d",
        "--activation",
        "2d",
        "--return-event",
        "order_paid",
        "--retention-weeks",
        "5",
    ];
    let mut args = vec!["outcomes", "report", "doc.md", "--events", "events.parquet"];
    args.extend(["--format", "json"]);
    args.extend(options);
    let out = prfaq(dir.path(), &args);
    assert_exit(&out, 0);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    for dialect in ["duckdb", "clickhouse"] {
        let query = format!("{dialect}-rolling.sql");
        sql_file(dir.path(), dialect, &options, &query);
        let rows = run_sql(&python, dialect, dir.path(), "events.parquet", &query);
        let differ = differences(&report, &rows);
        assert!(
            differ.is_empty(),
            "{dialect} with rolling weeks differs from the report: {differ:#?}"
        );
    }
}

/// `prfaq check --events`: rule JR503 names the step whose event never occurs in the
/// file, with the near name the file has; without `--events` it is silent.
#[test]
fn check_with_events_names_a_step_whose_event_never_occurs() {
    let dir = folder_with(&[
        ("doc.md", PLAIN),
        (
            "e.csv",
            "uid,event,timestamp\nu1,app_opened,1772445600\nu1,reorder_shown,1772445660\n",
        ),
    ]);
    let out = prfaq(
        dir.path(),
        &[
            "check",
            "doc.md",
            "--format",
            "concise",
            "--events",
            "e.csv",
            "--events-map",
            "user_id=uid",
        ],
    );
    let text = stdout(&out);
    assert_contains(
        &text,
        &[
            "JR503",
            "step 2 names the event `reorder_seen`, which never occurs",
        ],
    );
    assert!(!text.contains("step 1 names"), "app_opened occurs:\n{text}");
    let out = prfaq(dir.path(), &["check", "doc.md", "--format", "concise"]);
    assert!(!stdout(&out).contains("JR503"), "{}", stdout(&out));
    let out = prfaq(dir.path(), &["check", "doc.md", "--events", "e.csv"]);
    assert_exit(&out, 2);
    assert_contains(&stderr(&out), &["--events", "no `user_id` column"]);
}

/// `prfaq check --events` over several documents reads the events file once for all of
/// them, and each document's steps are judged against it alone: an event another
/// document names is no excuse, and the near name offered is one the file holds.
#[test]
fn check_with_events_judges_each_document_of_a_folder() {
    let other = "# User journey\n\n1. Opens the app — event: app_openned\n\
                 2. Aha: sees the reorder — event: reorder_shown\n";
    let dir = folder_with(&[
        ("doc.md", PLAIN),
        ("other.md", other),
        (
            "e.csv",
            "user_id,event,timestamp\nu1,app_opened,1772445600\nu1,reorder_shown,1772445660\n",
        ),
    ]);
    let out = prfaq(
        dir.path(),
        &[
            "check", "doc.md", "other.md", "--format", "json", "--events", "e.csv",
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let jr503 = |path: &str| -> Vec<String> {
        report["files"]
            .as_array()
            .expect("files")
            .iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(path)))
            .expect(path)["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["code"] == "JR503")
            .map(|d| format!("{} {}", d["message"], d["help"]))
            .collect()
    };
    let doc = jr503("doc.md");
    assert_eq!(doc.len(), 1, "{doc:?}");
    assert_contains(&doc[0], &["step 2", "`reorder_seen`", "never occurs"]);
    let other = jr503("other.md");
    assert_eq!(other.len(), 1, "{other:?}");
    assert_contains(
        &other[0],
        &["step 1", "`app_openned`", "did you mean `app_opened`?"],
    );
}

/// `prfaq outcomes report --events-url --events-table`: the generator's events loaded
/// into a PostgreSQL table give the same report as the CSV file they came from; a table
/// or column that is not there, and a timestamp that does not parse, are named.
#[test]
fn events_from_a_postgres_table_give_the_same_report_as_the_file() {
    use sqlx::Connection;
    let (dir, _) = generated();
    let from_file = json_report(dir.path(), "events.csv");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let Some(database) = runtime.block_on(prfaq_store::testing::PostgresScratch::create()) else {
        return;
    };
    let csv = std::fs::read(dir.path().join("events.csv")).unwrap();
    runtime.block_on(async {
        let mut conn = sqlx::PgConnection::connect(database.raw_url()).await.unwrap();
        sqlx::raw_sql(
            "CREATE TABLE events (user_id text, event text, \"timestamp\" timestamptz, amount double precision); \
             CREATE SCHEMA analytics; \
             CREATE TABLE analytics.clicks (uid text, name text, at text); \
             INSERT INTO analytics.clicks VALUES ('u1', 'app_opened', '2026-03-02T09:00:00Z'), ('u1', 'reorder_seen', 'yesterday'); \
             CREATE VIEW analytics.paid AS SELECT uid, name, at, 0.0::float8 AS amount FROM analytics.clicks; \
             CREATE VIEW analytics.slow AS SELECT e.* FROM events e, pg_sleep(3)",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        let mut copy = conn
            .copy_in_raw("COPY events FROM STDIN WITH (FORMAT csv, HEADER true)")
            .await
            .unwrap();
        copy.send(csv).await.unwrap();
        copy.finish().await.unwrap();
    });
    let url = database.raw_url().to_owned();
    let report = |table: &str, more: &[&str]| {
        let mut args = vec![
            "outcomes",
            "report",
            "doc.md",
            "--events-url",
            &url,
            "--events-table",
            table,
            "--format",
            "json",
        ];
        args.extend_from_slice(more);
        prfaq(dir.path(), &args)
    };
    let out = report("events", &[]);
    assert_exit(&out, 0);
    let mut from_table: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    assert_eq!(from_table["input"]["file"], "table events");
    from_table["input"]["file"] = from_file["input"]["file"].clone();
    assert_eq!(from_table, from_file, "the same events, the same report");

    // What cannot be read is named: the table, the column, the row.
    let out = report("evnts", &[]);
    assert_exit(&out, 2);
    assert_contains(&stderr(&out), &["table evnts", "no table or view `evnts`"]);
    let out = report("analytics.clicks", &[]);
    assert_exit(&out, 2);
    assert_contains(
        &stderr(&out),
        &[
            "no `user_id` column",
            "`uid`, `name`, `at`",
            "--map user_id=",
        ],
    );
    let out = report(
        "analytics.clicks",
        &["--map", "user_id=uid,event=name,timestamp=at"],
    );
    assert_exit(&out, 2);
    assert_contains(
        &stderr(&out),
        &["the metrics sum the property `amount`, but the table has no such column"],
    );
    let out = report(
        "analytics.paid",
        &["--map", "user_id=uid,event=name,timestamp=at"],
    );
    assert_exit(&out, 2);
    assert_contains(
        &stderr(&out),
        &["table analytics.paid row 2", "timestamp `yesterday`"],
    );
    // The statement timeout bounds the read.
    let out = report("analytics.slow", &["--events-timeout", "1s"]);
    assert_exit(&out, 2);
    assert_contains(
        &stderr(&out),
        &["table analytics.slow", "statement timeout"],
    );
    // An unreachable server is named without the password.
    let out = prfaq(
        dir.path(),
        &[
            "outcomes",
            "report",
            "doc.md",
            "--events-url",
            "postgres://ann:s3cret@127.0.0.1:1/shop",
            "--events-table",
            "events",
        ],
    );
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert_contains(
        &err,
        &["cannot reach the PostgreSQL server ann@127.0.0.1:1/shop"],
    );
    assert!(!err.contains("s3cret"), "{err}");
}

/// Events the planted file never has: times with milliseconds, ten times to aha (so p90
/// is the ninth by nearest rank, not the tenth), users who never reach aha, and an order
/// without an amount. DuckDB and ClickHouse running the SQL give the report's numbers.
#[test]
fn the_duckdb_and_clickhouse_sql_keep_milliseconds_ranks_and_missing_amounts() {
    let Some(python) = sql_engines() else {
        return;
    };
    let (dir, _) = generated();
    let mut csv = String::from("user_id,event,timestamp,amount\n");
    let at = |ms: i64| {
        let t = 1_772_445_600_000 + ms; // Monday 2 March 2026, 10:00 UTC
        let (s, ms) = (t / 1000, t % 1000);
        let (day, rest) = (s / 86_400 - 20_514, s % 86_400);
        format!(
            "2026-03-{:02}T{:02}:{:02}:{:02}.{ms:03}Z",
            2 + day,
            rest / 3600,
            rest / 60 % 60,
            rest % 60
        )
    };
    for u in 0..12i64 {
        let start = u * 60_000 + 250;
        csv += &format!("u{u},app_opened,{},\n", at(start));
        if u < 10 {
            csv += &format!("u{u},reorder_seen,{},\n", at(start + 40_125));
            csv += &format!(
                "u{u},basket_filled,{},\n",
                at(start + 100_000 * (u + 1) + 500)
            );
        }
        if u < 6 {
            let amount = if u == 5 {
                String::new()
            } else {
                format!("{}.25", u + 10)
            };
            csv += &format!("u{u},order_paid,{},{amount}\n", at(start + 1_200_000 + u));
        }
    }
    csv += &format!("u0,basket_filled,{},\n", at(9 * 86_400_000));
    write(dir.path(), "edge.csv", &csv);
    let report = json_report(dir.path(), "edge.csv");
    assert_eq!(report["time_to_aha"]["p90_seconds"], 900.5, "{report:#}");
    for dialect in ["duckdb", "clickhouse"] {
        let query = format!("{dialect}.sql");
        sql_file(dir.path(), dialect, &["--table", "events"], &query);
        let rows = run_sql(&python, dialect, dir.path(), "edge.csv", &query);
        let differ = differences(&report, &rows);
        assert!(
            differ.is_empty(),
            "{dialect} differs from the report: {differ:#?}"
        );
    }
}
