//! `prfaq outcomes import|report --document|experiment` as a process against a real
//! `prfaq serve`, with a personal access token: the events imported, the workspace's
//! report in every format (its JSON the same as the report from the file), a bad file
//! refused with its line, and experiments ranked by RICE.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};

#[allow(dead_code)]
mod support;
use support::{agent, dana_token, serve, serve_in};

fn prfaq(dir: &Path, base: &str, token: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prfaq"))
        .args(args)
        .current_dir(dir)
        .env("PRFAQ_SERVER", base)
        .env("PRFAQ_TOKEN", token)
        .output()
        .expect("prfaq runs")
}

#[track_caller]
fn ended(out: &Output, code: i32) -> (String, String) {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "{stdout}{stderr}");
    (stdout, stderr)
}

const DOCUMENT: &str = "---\ntitle: Quick Reorder\n---\n\n\
# Quick Reorder lets parents restock the week's groceries in one tap\n\n\
Parents reorder last week's groceries in one tap.\n\n\
# User journey\n\n\
1. Ann opens the app — event: app_opened\n\
2. Aha: one tap fills her basket — event: basket_filled\n\
3. She pays — event: order_paid\n\n\
# Metrics\n\n\
| Metric | Measure | Baseline | Target | By |\n\
|---|---|---|---|---|\n\
| Activation | activation 7d | 20% | 90% | 2026-01-06 |\n";

const EVENTS: &str = "user_id,event,timestamp\n\
u1,app_opened,2026-01-05T09:00:00Z\n\
u1,basket_filled,2026-01-05T09:02:00Z\n\
u1,order_paid,2026-01-05T09:05:00Z\n\
u2,app_opened,2026-01-06T10:00:00Z\n\
u2,basket_filled,2026-01-06T10:30:00Z\n\
u3,app_opened,2026-01-06T11:00:00Z\n\
u4,app_opened,2026-01-07T12:00:00Z\n";

fn api(base: &str, token: &str, path: &str) -> Value {
    let mut response = agent()
        .get(format!("{base}{path}"))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .expect("API call");
    let text = response.body_mut().read_to_string().unwrap_or_default();
    assert!(response.status().is_success(), "{path}: {text}");
    serde_json::from_str(&text).expect("json")
}

/// The parts of a report that are measured, not named after the file.
fn measured(report: &Value) -> Value {
    json!({
        "funnel": report["funnel"],
        "time_to_aha": report["time_to_aha"],
        "activation_rate": report["activation_rate"],
        "retention": report["retention"],
        "metrics": report["metrics"],
        "biggest_gap": report["biggest_gap"],
    })
}

#[test]
fn events_are_imported_reported_and_experiments_ranked_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = serve(dir.path());
    let base = server.base.as_str();
    let token = dana_token(base);
    std::fs::write(dir.path().join("doc.md"), DOCUMENT).expect("write");
    std::fs::write(dir.path().join("events.csv"), EVENTS).expect("write");
    std::fs::write(
        dir.path().join("bad.csv"),
        "user_id,event,timestamp\nu1,app_opened,2026-01-05T09:00:00Z\nu2,app_opened,soon\n",
    )
    .expect("write");
    let run = |args: &[&str]| prfaq(dir.path(), base, &token, args);

    let workspaces = api(base, &token, "/api/workspaces");
    let ws = workspaces["workspaces"][0]["id"].to_string();
    let mut response = agent()
        .post(format!("{base}/api/workspaces/{ws}/documents"))
        .header("Authorization", &format!("Bearer {token}"))
        .send_json(json!({ "title": "Quick Reorder", "text": DOCUMENT }))
        .expect("create");
    let created: Value =
        serde_json::from_str(&response.body_mut().read_to_string().unwrap_or_default())
            .expect("json");
    let doc = created["document"]["id"].to_string();
    assert_ne!(doc, "null", "{created}");

    // Nothing imported yet: the workspace says so.
    let (_, err) = ended(&run(&["outcomes", "report", "--document", &doc]), 2);
    assert!(err.contains("No events have been imported"), "{err}");

    let (out, _) = ended(
        &run(&["outcomes", "import", "events.csv", "--document", &doc]),
        0,
    );
    assert!(
        out.contains("7 events of 4 users kept from 7 rows"),
        "{out}"
    );
    let (_, err) = ended(
        &run(&["outcomes", "import", "bad.csv", "--document", &doc]),
        2,
    );
    assert!(err.contains("bad.csv") && err.contains("line 3"), "{err}");
    // From a PostgreSQL table: the workspace connects, and names the server it could
    // not reach without its password; the previous events stay.
    let (_, err) = ended(
        &run(&[
            "outcomes",
            "import",
            "--document",
            &doc,
            "--events-url",
            "postgres://ann:s3cret@127.0.0.1:1/shop",
            "--events-table",
            "events",
        ]),
        2,
    );
    assert!(
        err.contains("table events") && err.contains("ann@127.0.0.1:1/shop"),
        "{err}"
    );
    assert!(!err.contains("s3cret"), "{err}");

    // The workspace's report is the file's report.
    let (out, _) = ended(
        &run(&["outcomes", "report", "--document", &doc, "--format", "json"]),
        0,
    );
    let stored: Value = serde_json::from_str(&out).expect("json");
    let (out, _) = ended(
        &run(&[
            "outcomes",
            "report",
            "doc.md",
            "--events",
            "events.csv",
            "--format",
            "json",
        ]),
        0,
    );
    let local: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(measured(&stored), measured(&local));
    assert_eq!(stored["metrics"][0]["state"], "behind");
    let (out, _) = ended(&run(&["outcomes", "report", "--document", &doc]), 0);
    assert!(out.contains("funnel") && out.contains("behind"), "{out}");
    let (out, _) = ended(
        &run(&[
            "outcomes",
            "report",
            "--document",
            &doc,
            "--format",
            "html",
            "-o",
            "r.html",
        ]),
        0,
    );
    assert!(out.is_empty());
    let html = std::fs::read_to_string(dir.path().join("r.html")).expect("html");
    assert!(
        html.contains("<svg") && html.contains("Biggest gap"),
        "{html}"
    );

    // Experiments: the funnel gives the reach of the one that names none.
    let (out, _) = ended(
        &run(&[
            "outcomes",
            "experiment",
            "add",
            "--document",
            &doc,
            "--step",
            "1",
            "--title",
            "Show the card first",
            "--impact",
            "3",
            "--confidence",
            "100",
            "--effort",
            "0.5",
            "--format",
            "json",
        ]),
        0,
    );
    let added: Value = serde_json::from_str(&out).expect("json");
    ended(
        &run(&[
            "outcomes",
            "experiment",
            "add",
            "--document",
            &doc,
            "--step",
            "basket_filled",
            "--title",
            "Bigger button",
            "--reach",
            "10",
        ]),
        0,
    );
    let (out, _) = ended(
        &run(&["outcomes", "experiment", "list", "--document", &doc]),
        0,
    );
    let first = out.lines().next().unwrap_or("");
    assert!(
        first.contains("RICE") && first.contains("24") && first.contains("Show the card first"),
        "{out}"
    );
    let id = added["id"].to_string();
    let (out, _) = ended(
        &run(&[
            "outcomes",
            "experiment",
            "update",
            &id,
            "--document",
            &doc,
            "--status",
            "done",
            "--result",
            "+2 points",
        ]),
        0,
    );
    assert!(out.contains("done — +2 points"), "{out}");
    let (_, err) = ended(
        &run(&[
            "outcomes",
            "experiment",
            "update",
            &id,
            "--document",
            &doc,
            "--status",
            "later",
        ]),
        2,
    );
    assert!(err.contains("status"), "{err}");

    // Without a token the workspace's report is refused before any request.
    let out = Command::new(env!("CARGO_BIN_EXE_prfaq"))
        .args(["outcomes", "report", "--document", &doc])
        .current_dir(dir.path())
        .env("PRFAQ_SERVER", base)
        .env_remove("PRFAQ_TOKEN")
        .output()
        .expect("prfaq runs");
    let (_, err) = ended(&out, 2);
    assert!(err.contains("token"), "{err}");
}

/// Creates the document through the API as the token's owner; its id.
fn create_document(base: &str, token: &str) -> String {
    let workspaces = api(base, token, "/api/workspaces");
    let ws = workspaces["workspaces"][0]["id"].to_string();
    let mut response = agent()
        .post(format!("{base}/api/workspaces/{ws}/documents"))
        .header("Authorization", &format!("Bearer {token}"))
        .send_json(json!({ "title": "Quick Reorder", "text": DOCUMENT }))
        .expect("create");
    let created: Value =
        serde_json::from_str(&response.body_mut().read_to_string().unwrap_or_default())
            .expect("json");
    let doc = created["document"]["id"].to_string();
    assert_ne!(doc, "null", "{created}");
    doc
}

/// `prfaq outcomes source set|show|remove` and `prfaq outcomes refresh`: the source set
/// once and shown without its password (the workspace's database holds none either),
/// refreshed with one command as `import --events-url` reads the table, a missing table
/// named and kept as the last result. The workspace runs on SQLite and on PostgreSQL.
#[test]
fn a_stored_source_is_set_shown_refreshed_and_removed_from_the_command_line() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let Some(events) = runtime.block_on(prfaq_store::testing::PostgresScratch::create()) else {
        return;
    };
    runtime.block_on(async {
        use sqlx::Connection as _;
        let mut conn = sqlx::PgConnection::connect(events.raw_url())
            .await
            .expect("connect");
        sqlx::raw_sql("CREATE TABLE app_events (uid text, name text, at timestamptz)")
            .execute(&mut conn)
            .await
            .expect("table");
        let mut copy = conn
            .copy_in_raw("COPY app_events FROM STDIN WITH (FORMAT csv, HEADER true)")
            .await
            .expect("copy");
        copy.send(EVENTS.as_bytes()).await.expect("rows");
        copy.finish().await.expect("copied");
    });
    // The server on this machine trusts it and ignores the password.
    let url = events
        .raw_url()
        .replacen("://postgres@", "://postgres:s3cret@", 1);
    let workspace_db = runtime.block_on(prfaq_store::testing::PostgresScratch::create());
    for on_postgres in [false, true] {
        let dir = tempfile::tempdir().expect("temp dir");
        let server = match (&workspace_db, on_postgres) {
            (Some(db), true) => serve_in(dir.path(), Some(Path::new(db.raw_url()))),
            (None, true) => continue,
            _ => serve(dir.path()),
        };
        let base = server.base.as_str();
        let token = dana_token(base);
        let doc = create_document(base, &token);
        let run = |args: &[&str]| prfaq(dir.path(), base, &token, args);
        let on = if on_postgres { "PostgreSQL" } else { "SQLite" };

        let (_, err) = ended(&run(&["outcomes", "source", "show", &doc]), 2);
        assert!(err.contains("No event source is set"), "{on}: {err}");
        let (_, err) = ended(&run(&["outcomes", "refresh", &doc]), 2);
        assert!(err.contains("outcomes source set"), "{on}: {err}");
        // Refused fields are named: a server not listed, a column map.
        let (_, err) = ended(
            &run(&[
                "outcomes",
                "source",
                "set",
                &doc,
                "--events-url",
                "postgres://ann:s3cret@10.0.0.7:5432/shop",
                "--events-table",
                "events",
            ]),
            2,
        );
        assert!(
            err.contains("403") && err.contains("10.0.0.7:5432"),
            "{on}: {err}"
        );
        assert!(!err.contains("s3cret"), "{err}");
        let map = "user_id=uid,event=name,timestamp=at";
        let (_, err) = ended(
            &run(&[
                "outcomes",
                "source",
                "set",
                &doc,
                "--events-url",
                &url,
                "--events-table",
                "app_events",
                "--map",
                "who=uid",
            ]),
            2,
        );
        assert!(err.contains("`map`"), "{on}: {err}");

        // Set once, with the password out of the command line.
        let out = Command::new(env!("CARGO_BIN_EXE_prfaq"))
            .args([
                "outcomes",
                "source",
                "set",
                &doc,
                "--events-table",
                "app_events",
                "--map",
                map,
            ])
            .current_dir(dir.path())
            .env("PRFAQ_SERVER", base)
            .env("PRFAQ_TOKEN", &token)
            .env("PRFAQ_EVENTS_URL", &url)
            .output()
            .expect("prfaq runs");
        let (out, _) = ended(&out, 0);
        assert!(
            out.contains("table app_events in postgres://postgres:***@127.0.0.1")
                && out.contains("not refreshed yet"),
            "{on}: {out}"
        );
        assert!(!out.contains("s3cret"), "{out}");
        let (out, _) = ended(
            &run(&["outcomes", "source", "show", &doc, "--format", "json"]),
            0,
        );
        let shown: Value = serde_json::from_str(&out).expect("json");
        assert_eq!(shown["table"], "app_events", "{on}");
        assert_eq!(shown["map"], map);
        assert_eq!(shown["host"], "127.0.0.1");
        assert!(!out.contains("s3cret"), "{out}");
        // Neither the workspace's database nor its folder holds the password.
        if !on_postgres {
            // The database file and its write-ahead log.
            for entry in std::fs::read_dir(dir.path()).expect("dir").flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with("workspace.db") {
                    let bytes = std::fs::read(entry.path()).expect("db");
                    assert!(
                        !bytes.windows(6).any(|w| w == b"s3cret"),
                        "{name} holds no password"
                    );
                }
            }
        }

        // One command reads the table again; the report is the file's.
        let (out, _) = ended(&run(&["outcomes", "refresh", &doc]), 0);
        assert!(
            out.contains("table app_events: 7 events of 4 users kept from 7 rows"),
            "{on}: {out}"
        );
        std::fs::write(dir.path().join("doc.md"), DOCUMENT).expect("write");
        std::fs::write(dir.path().join("events.csv"), EVENTS).expect("write");
        let (out, _) = ended(
            &run(&["outcomes", "report", "--document", &doc, "--format", "json"]),
            0,
        );
        let stored: Value = serde_json::from_str(&out).expect("json");
        let (out, _) = ended(
            &run(&[
                "outcomes",
                "report",
                "doc.md",
                "--events",
                "events.csv",
                "--format",
                "json",
            ]),
            0,
        );
        let local: Value = serde_json::from_str(&out).expect("json");
        assert_eq!(measured(&stored), measured(&local), "{on}");
        let (out, _) = ended(&run(&["outcomes", "source", "show", &doc]), 0);
        assert!(
            out.contains("last refresh on") && out.contains("ok — Imported 7 events"),
            "{on}: {out}"
        );

        // A table that is not there: named, and kept as the last refresh's result.
        ended(
            &run(&[
                "outcomes",
                "source",
                "set",
                &doc,
                "--events-url",
                &url,
                "--events-table",
                "missing_events",
                "--map",
                map,
            ]),
            0,
        );
        let (_, err) = ended(&run(&["outcomes", "refresh", &doc, "--format", "json"]), 2);
        assert!(
            err.contains("no table or view `missing_events`"),
            "{on}: {err}"
        );
        let (out, _) = ended(&run(&["outcomes", "source", "show", &doc]), 0);
        assert!(
            out.contains("failed — ") && out.contains("missing_events"),
            "{on}: {out}"
        );

        let (out, _) = ended(&run(&["outcomes", "source", "remove", &doc]), 0);
        assert!(out.contains("removed"), "{out}");
        let (_, err) = ended(&run(&["outcomes", "source", "remove", &doc]), 2);
        assert!(err.contains("No event source is set"), "{on}: {err}");
        // The events read from the table stay.
        ended(&run(&["outcomes", "report", "--document", &doc]), 0);
        // The key the server made is in its folder, readable by its owner alone.
        let key = dir.path().join("secrets.key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&key)
                .expect("key file")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        }
        drop(server);
    }
}
