//! `prfaq evidence` as a process against a real `prfaq serve`: an import streamed with a
//! personal access token, its JSON report and exit codes (0 all imported or already
//! there, 1 bad rows skipped, 2 usage, file or connection error), search and coverage.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};

#[allow(dead_code)]
mod support;
use prfaq_evidence::testing::xlsx;
use support::{agent, dana_token, serve};

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

const GOOD: &str = "Body,Email,Created At,Rating\n\
\"I rebuild the same grocery cart every Sunday, it takes half an hour\",ann@example.com,2026-01-05,2\n\
\"Please let me reorder last week's groceries\",bo@example.com,2026-01-06,4\n";

const WITH_BAD_ROWS: &str = "Body,Email,Created At,Rating\n\
\"Checkout hides the delivery fee\",cy@example.com,2026-01-07,3\n\
,di@example.com,2026-01-08,1\n\
\"Swaps are confusing\",ed@example.com,someday,2\n";

#[test]
fn feedback_is_imported_searched_and_covered_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = serve(dir.path());
    let base = server.base.as_str();
    let token = dana_token(base);
    std::fs::write(dir.path().join("tickets.csv"), GOOD).expect("write");
    std::fs::write(dir.path().join("more.csv"), WITH_BAD_ROWS).expect("write");
    let run = |args: &[&str]| prfaq(dir.path(), base, &token, args);

    let (out, _) = ended(
        &run(&["evidence", "import", "tickets.csv", "--format", "json"]),
        0,
    );
    let report: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        report,
        json!({ "imported": 2, "duplicates": 0, "bad_rows": [] })
    );
    let (out, _) = ended(
        &run(&["evidence", "import", "tickets.csv", "--format", "json"]),
        0,
    );
    let report: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(report["duplicates"], 2, "re-importing adds nothing: {out}");
    assert_eq!(report["imported"], 0);

    let (out, _) = ended(
        &run(&[
            "evidence", "import", "more.csv", "--source", "zendesk", "--format", "json",
        ]),
        1,
    );
    let report: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(report["imported"], 1, "{out}");
    let lines: Vec<i64> = report["bad_rows"]
        .as_array()
        .expect("bad rows")
        .iter()
        .map(|b| b["line"].as_i64().expect("line"))
        .collect();
    assert_eq!(lines, [3, 4], "{out}");
    let (out, _) = ended(
        &run(&["evidence", "import", "more.csv", "--source", "zendesk"]),
        1,
    );
    assert!(out.contains("more.csv:3:"), "{out}");
    assert!(out.contains("1 already there"), "{out}");

    let (out, _) = ended(
        &run(&[
            "evidence",
            "search",
            "grocery cart",
            "--format",
            "json",
            "--limit",
            "5",
        ]),
        0,
    );
    let found: Value = serde_json::from_str(&out).expect("json");
    let results = found["results"].as_array().expect("results");
    assert_eq!(results.len(), 1, "{out}");
    for key in ["id", "text", "customer", "source", "date", "score"] {
        assert!(results[0].get(key).is_some(), "{key} in {out}");
    }
    assert_eq!(results[0]["customer"], "ann@example.com");
    assert_eq!(results[0]["source"], "tickets");
    let (out, _) = ended(&run(&["evidence", "search", "\"Sunday,\" cart*; --"]), 0);
    assert!(out.contains("grocery cart"), "{out}");

    let workspaces = api(base, &token, "/api/workspaces");
    let ws = workspaces["workspaces"][0]["id"].to_string();
    let documents = api(base, &token, &format!("/api/workspaces/{ws}/documents"));
    let doc = documents["documents"][0]["id"].to_string();
    let (out, _) = ended(&run(&["evidence", "coverage", &doc, "--format", "json"]), 0);
    let coverage: Value = serde_json::from_str(&out).expect("json");
    assert!(
        coverage["claims"].as_array().is_some_and(|c| !c.is_empty()),
        "{out}"
    );
    assert_eq!(
        coverage["unsupported"].as_u64(),
        coverage["claims"].as_array().map(|c| c.len() as u64),
        "nothing linked yet"
    );
    let (out, _) = ended(&run(&["evidence", "coverage", &doc]), 0);
    assert!(out.contains("no customer supports"), "{out}");

    // `prfaq check --evidence DOC`: EV701 until the customer quote has a linked passage.
    ended(&run(&["pull", &doc, "--output", "doc.md"]), 0);
    let ev701 = |out: &str| out.matches("\"EV701\"").count();
    let args = [
        "check",
        "doc.md",
        "--evidence",
        doc.as_str(),
        "--format",
        "json",
    ];
    let (out, _) = ended(&run(&args), 1);
    assert_eq!(ev701(&out), 1, "{out}");
    let (out, _) = ended(&run(&["check", "doc.md", "--format", "json"]), 1);
    assert_eq!(
        ev701(&out),
        0,
        "outside a workspace the rule is silent: {out}"
    );
    let quote = coverage["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|c| c["kind"] == "customer-quote")
        .expect("a customer quote")["text"]
        .clone();
    let feedback = results[0]["id"].clone();
    post(
        base,
        &token,
        &format!("/api/documents/{doc}/evidence/links"),
        json!({ "claim_kind": "customer-quote", "claim_text": quote, "feedback": feedback }),
    );
    let (out, _) = ended(&run(&args), 1);
    assert_eq!(ev701(&out), 0, "{out}");
    // The same from the command line: link, unlink, link again by the default claim.
    let (out, _) = ended(&run(&["evidence", "coverage", &doc, "--format", "json"]), 0);
    let linked: Value = serde_json::from_str(&out).expect("json");
    let quote_claim = linked["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|c| c["kind"] == "customer-quote")
        .expect("quote")
        .clone();
    let link_id = quote_claim["links"][0]["id"].to_string();
    ended(&run(&["evidence", "unlink", &doc, &link_id]), 0);
    let (out, _) = ended(&run(&args), 1);
    assert_eq!(ev701(&out), 1, "{out}");
    let feedback = feedback.to_string();
    let (out, _) = ended(
        &run(&[
            "evidence",
            "link",
            &doc,
            &feedback,
            "--importance",
            "deal-breaker",
        ]),
        0,
    );
    assert!(out.trim().parse::<i64>().is_ok(), "{out}");
    let (out, _) = ended(&run(&args), 1);
    assert_eq!(ev701(&out), 0, "{out}");
    ended(
        &run(&["evidence", "link", &doc, &feedback, "--kind", "solution"]),
        2,
    );
    let (out, _) = ended(&run(&["evidence", "themes", "--format", "json"]), 0);
    let themes: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(themes["comments"], 3, "{out}");
    let (out, _) = ended(&run(&["evidence", "delete-customer", "ann@example.com"]), 0);
    assert!(out.contains("deleted 1 item(s) and 1 link(s)"), "{out}");
    let (out, _) = ended(&run(&args), 1);
    assert_eq!(ev701(&out), 1, "the link went with the customer: {out}");
    let mut no_token = Command::new(env!("CARGO_BIN_EXE_prfaq"));
    no_token
        .args(args)
        .current_dir(dir.path())
        .env_remove("PRFAQ_TOKEN")
        .env("PRFAQ_SERVER", base);
    let (_, err) = ended(&no_token.output().expect("runs"), 2);
    assert!(err.contains("token"), "{err}");

    // Usage, file and connection errors: 2.
    ended(&run(&["evidence", "import", "missing.csv"]), 2);
    std::fs::write(dir.path().join("notes.txt"), "x").expect("write");
    let (_, err) = ended(&run(&["evidence", "import", "notes.txt"]), 2);
    assert!(err.contains(".csv"), "{err}");
    ended(
        &run(&["evidence", "import", "tickets.csv", "--workspace", "4242"]),
        2,
    );
    ended(
        &run(&["evidence", "import", "tickets.csv", "--map", "text=Nope"]),
        2,
    );
    ended(&run(&["evidence", "import"]), 2);
    let offline = prfaq(
        dir.path(),
        "http://127.0.0.1:9",
        &token,
        &["evidence", "import", "tickets.csv"],
    );
    ended(&offline, 2);
}

#[test]
fn an_excel_workbook_is_imported_and_a_real_quote_used_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = serve(dir.path());
    let base = server.base.as_str();
    let token = dana_token(base);
    let run = |args: &[&str]| prfaq(dir.path(), base, &token, args);
    let book = xlsx(&[
        &[
            "Respondent ID",
            "Start Date",
            "Email Address",
            "Satisfaction",
            "Comments",
        ],
        &[
            "301",
            "=46027",
            "ann@example.com",
            "2",
            "I rebuild the same grocery cart every Sunday and it takes half an hour.",
        ],
        &["302", "=46028", "bo@example.com", "4", ""],
        &[],
        &[
            "303",
            "last week",
            "cy@example.com",
            "3",
            "Swaps are confusing",
        ],
        &[
            "304",
            "2026-01-09",
            "di@example.com",
            "5",
            "Reorder saved my Sunday",
        ],
    ]);
    std::fs::write(dir.path().join("survey.xlsx"), book).expect("write");

    let (out, _) = ended(
        &run(&["evidence", "import", "survey.xlsx", "--format", "json"]),
        1,
    );
    let report: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(report["imported"], 2, "{out}");
    assert_eq!(report["duplicates"], 0, "{out}");
    let lines: Vec<i64> = report["bad_rows"]
        .as_array()
        .expect("bad rows")
        .iter()
        .map(|b| b["line"].as_i64().expect("line"))
        .collect();
    assert_eq!(lines, [3, 5], "the sheet's row numbers: {out}");
    let (out, _) = ended(&run(&["evidence", "import", "survey.xlsx"]), 1);
    assert!(
        out.contains("0 imported, 2 already there, 2 bad rows skipped (source survey)"),
        "{out}"
    );
    assert!(out.contains("survey.xlsx:5: "), "{out}");
    let (out, _) = ended(
        &run(&["evidence", "search", "grocery cart", "--format", "json"]),
        0,
    );
    let found: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(found["results"][0]["date"], "2026-01-05", "{out}");
    assert_eq!(found["results"][0]["source"], "survey", "{out}");
    let feedback = found["results"][0]["id"].to_string();

    let workspaces = api(base, &token, "/api/workspaces");
    let ws = workspaces["workspaces"][0]["id"].to_string();
    let documents = api(base, &token, &format!("/api/workspaces/{ws}/documents"));
    let doc = documents["documents"][0]["id"].to_string();
    let (_, err) = ended(&run(&["evidence", "use-quote", &doc, "--segment", "x"]), 2);
    assert!(err.contains("no passage is linked"), "{err}");
    ended(&run(&["evidence", "link", &doc, &feedback]), 0);
    let (_, err) = ended(&run(&["evidence", "use-quote", &doc]), 2);
    assert!(err.contains("`segment`"), "{err}");
    let first = api(base, &token, &format!("/api/documents/{doc}"))["revision"]["number"]
        .as_i64()
        .expect("revision");
    let (out, _) = ended(
        &run(&["evidence", "use-quote", &doc, "--segment", "family grocery"]),
        0,
    );
    let paragraph = "\"I rebuild the same grocery cart every Sunday and it takes half an hour,\" said a customer in family grocery.";
    assert_eq!(out.trim(), format!("revision {}: {paragraph}", first + 1));
    ended(&run(&["pull", &doc, "--output", "doc.md"]), 0);
    let pulled = std::fs::read_to_string(dir.path().join("doc.md")).expect("pulled");
    assert!(pulled.contains(paragraph), "{pulled}");
    assert!(!pulled.contains("Ann Ito"), "{pulled}");
    let check = [
        "check",
        "doc.md",
        "--evidence",
        doc.as_str(),
        "--format",
        "json",
    ];
    let (out, _) = ended(&run(&check), 1);
    assert_eq!(
        out.matches("\"EV701\"").count(),
        0,
        "the link followed the quote: {out}"
    );

    let stale = first.to_string();
    let (_, err) = ended(
        &run(&[
            "evidence",
            "use-quote",
            &doc,
            "--segment",
            "parents",
            "--base",
            &stale,
        ]),
        2,
    );
    assert!(
        err.contains("409") && err.contains("Nothing was written"),
        "{err}"
    );
    let (out, _) = ended(
        &run(&[
            "evidence",
            "use-quote",
            &doc,
            "--name",
            "Ann Ito",
            "--format",
            "json",
        ]),
        0,
    );
    let used: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(used["revision"]["number"], first + 2, "{out}");
    assert!(
        used["quote"]
            .as_str()
            .is_some_and(|q| q.ends_with("said Ann Ito, a customer quoted with permission.")),
        "{out}"
    );
    assert_eq!(used["findings"], json!([]), "{out}");
}

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

fn post(base: &str, token: &str, path: &str, body: Value) -> Value {
    let mut response = agent()
        .post(format!("{base}{path}"))
        .header("Authorization", &format!("Bearer {token}"))
        .send_json(body)
        .expect("API call");
    let text = response.body_mut().read_to_string().unwrap_or_default();
    assert!(response.status().is_success(), "{path}: {text}");
    serde_json::from_str(&text).expect("json")
}
