//! `prfaq review` as a process against a real `prfaq serve`: request, comment, answer,
//! verdict and status with a personal access token, and the exit codes a merge gate
//! relies on (0 aligned, 1 not, 2 usage or connection error); the inbox of another
//! member's comments.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};

#[allow(dead_code)]
mod support;
use support::{agent, dana_token, invited_token, serve};

fn api(base: &str, token: &str, method: &str, path: &str, body: Option<Value>) -> Value {
    let auth = format!("Bearer {token}");
    let url = format!("{base}{path}");
    let mut response = match method {
        "GET" => agent().get(url).header("Authorization", &auth).call(),
        _ => agent()
            .put(url)
            .header("Authorization", &auth)
            .send_json(body.unwrap_or(Value::Null)),
    }
    .expect("API call");
    let text = response.body_mut().read_to_string().unwrap_or_default();
    assert!(response.status().is_success(), "{method} {path}: {text}");
    serde_json::from_str(&text).expect("json")
}

fn prfaq(dir: &Path, base: &str, token: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prfaq"))
        .args(args)
        .current_dir(dir)
        .env("PRFAQ_SERVER", base)
        .env("PRFAQ_TOKEN", token)
        .output()
        .expect("prfaq runs")
}

/// What the run printed, after checking that it ended with `code`.
#[track_caller]
fn ended(out: &Output, code: i32) -> (String, String) {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "{stdout}{stderr}");
    (stdout, stderr)
}

#[test]
fn a_review_from_the_command_line_gates_on_alignment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = serve(dir.path());
    let base = server.base.as_str();
    let token = dana_token(base);
    let run = |args: &[&str]| prfaq(dir.path(), base, &token, args);
    let workspaces = api(base, &token, "GET", "/api/workspaces", None);
    let ws = &workspaces["workspaces"][0]["id"];
    let documents = api(
        base,
        &token,
        "GET",
        &format!("/api/workspaces/{ws}/documents"),
        None,
    );
    let doc = documents["documents"][0]["id"].to_string();
    // A document the checker finds no error in.
    let clean = include_str!("../../../examples/quick-reorder.md");
    api(
        base,
        &token,
        "PUT",
        &format!("/api/documents/{doc}"),
        Some(json!({ "base_revision": 1, "text": clean })),
    );

    // Before any request: not aligned, exit 1.
    let (out, _) = ended(&run(&["review", "status", &doc]), 1);
    assert!(out.contains("no review was asked for"), "{out}");

    let (out, _) = ended(
        &run(&[
            "review",
            "request",
            &doc,
            "--reviewer",
            "dana@example.com",
            "--function",
            "finance",
            "--required",
        ]),
        0,
    );
    assert!(out.starts_with("review round "), "{out}");
    let (out, _) = ended(&run(&["review", "status", &doc, "--format", "json"]), 1);
    let status: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(status["aligned"], false);
    assert_eq!(status["open_concerns"], 0);
    assert_eq!(status["open_threads"], 0);
    assert_eq!(status["errors"], 0);
    assert_eq!(
        status["missing_approvals"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(status["missing_approvals"][0]["function"], "finance");

    // A concern prints its id; with JSON, `{"id": …}`.
    let (out, _) = ended(
        &run(&[
            "review",
            "comment",
            &doc,
            "--quote",
            "in one tap",
            "--body",
            "What does it cost?",
            "--concern",
        ]),
        0,
    );
    let concern = out.trim().to_owned();
    assert!(concern.parse::<i64>().is_ok_and(|id| id > 0), "{out}");
    let (out, _) = ended(
        &run(&[
            "review",
            "comment",
            &doc,
            "--quote",
            "Sunday evening",
            "--body",
            "Nice.",
            "--format",
            "json",
        ]),
        0,
    );
    let comment: Value = serde_json::from_str(&out).expect("json");
    assert!(comment["id"].as_i64().is_some_and(|id| id > 0), "{out}");
    let (out, _) = ended(&run(&["review", "status", &doc, "--format", "json"]), 1);
    let status: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(status["open_concerns"], 1);
    assert_eq!(status["open_threads"], 1);
    assert_eq!(status["open_concerns_by_function"]["finance"], 1);

    // A question that is not in the FAQ leaves the concern open; the real one closes it.
    let (out, _) = ended(
        &run(&[
            "review",
            "answer",
            &concern,
            "--question",
            "Is it free?",
            "--new",
        ]),
        0,
    );
    assert!(
        out.contains("still open: the question is not in the FAQ"),
        "{out}"
    );
    let (out, _) = ended(
        &run(&[
            "review",
            "answer",
            &concern,
            "--question",
            "How much does it cost?",
        ]),
        0,
    );
    assert!(out.contains("resolved"), "{out}");
    // The resolved concern names the revision whose FAQ answered it, the one it was
    // linked on (the document has not changed since).
    let (out, _) = ended(&run(&["review", "status", &doc, "--format", "json"]), 1);
    let status: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        status["answered_concerns"],
        json!([{ "thread": concern.parse::<i64>().expect("id"), "question": "How much does it cost?", "revision": status["revision"] }]),
        "{out}"
    );
    assert!(status["revision"].as_i64().is_some_and(|n| n >= 2), "{out}");
    let full = api(
        base,
        &token,
        "GET",
        &format!("/api/documents/{doc}/review"),
        None,
    );
    assert_eq!(
        full["alignment"]["answered_concerns"],
        status["answered_concerns"]
    );
    let thread = comment["id"].to_string();
    let resolved = ureq::post(format!("{base}/api/threads/{thread}/resolve"))
        .header("Authorization", &format!("Bearer {token}"))
        .send_json(json!({}))
        .expect("resolve");
    assert_eq!(resolved.status(), 200);

    let (out, _) = ended(
        &run(&["review", "verdict", &doc, "approve", "--body", "Go."]),
        0,
    );
    assert!(out.contains("the document is aligned"), "{out}");
    let (out, _) = ended(&run(&["review", "status", &doc]), 0);
    assert!(
        out.contains("approvals: every required reviewer approved"),
        "{out}"
    );
    assert!(out.trim_end().ends_with("\naligned"), "{out}");

    // An edit after the approval makes it stale: not aligned again.
    let latest = api(base, &token, "GET", &format!("/api/documents/{doc}"), None);
    let number = latest["revision"]["number"].as_i64().expect("number");
    let text = latest["text"]
        .as_str()
        .expect("text")
        .replace("25 minutes", "30 minutes");
    api(
        base,
        &token,
        "PUT",
        &format!("/api/documents/{doc}"),
        Some(json!({ "base_revision": number, "text": text })),
    );
    let (out, _) = ended(&run(&["review", "status", &doc]), 1);
    assert!(out.contains("stale approval: Dana Lee (finance)"), "{out}");
    assert!(out.contains("in-review"), "{out}");

    // Dana acted alone, so nothing notified her; the inbox says so and marks nothing.
    let (out, _) = ended(&run(&["review", "inbox"]), 0);
    assert!(out.contains("no notifications"), "{out}");
    assert!(out.contains("unread: 0"), "{out}");
    let (out, _) = ended(
        &run(&["review", "inbox", "--unread", "--format", "json"]),
        0,
    );
    let inbox: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(inbox, json!({ "notices": [], "unread": 0 }));
    let (out, _) = ended(&run(&["review", "inbox", "--mark-read", "all"]), 0);
    assert_eq!(out.trim(), "marked 0 read");
    let (_, err) = ended(&run(&["review", "inbox", "--mark-read", "4242"]), 2);
    assert!(err.contains("404"), "{err}");
    let (_, err) = ended(&run(&["review", "inbox", "--mark-read", "some"]), 2);
    assert!(
        err.contains("neither a notification's id nor `all`"),
        "{err}"
    );
    ended(
        &run(&["review", "inbox", "--unread", "--mark-read", "all"]),
        2,
    );

    // Usage and connection errors end with 2.
    ended(&run(&["review", "status"]), 2);
    ended(&run(&["review", "verdict", &doc, "maybe"]), 2);
    ended(
        &run(&[
            "review",
            "request",
            &doc,
            "--reviewer",
            "a@example.com",
            "--reviewer",
            "b@example.com",
            "--function",
            "design",
        ]),
        2,
    );
    let (_, err) = ended(&run(&["review", "status", "4242"]), 2);
    assert!(err.contains("404"), "{err}");
    let (_, err) = ended(
        &prfaq(
            dir.path(),
            base,
            "prfaq_pat_wrong",
            &["review", "status", &doc],
        ),
        2,
    );
    assert!(err.contains("401"), "{err}");
    let (_, err) = ended(
        &prfaq(
            dir.path(),
            "http://127.0.0.1:9",
            &token,
            &["review", "status", &doc],
        ),
        2,
    );
    assert!(err.contains("cannot reach the workspace"), "{err}");
    let (_, err) = ended(
        &run(&[
            "review",
            "comment",
            &doc,
            "--quote",
            "no such words",
            "--body",
            "x",
        ]),
        2,
    );
    assert!(err.contains("not in the document"), "{err}");
}

#[test]
fn the_inbox_lists_another_members_comments_and_marks_them_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = serve(dir.path());
    let base = server.base.as_str();
    let dana = dana_token(base);
    let workspaces = api(base, &dana, "GET", "/api/workspaces", None);
    let ws = workspaces["workspaces"][0]["id"].to_string();
    let documents = api(
        base,
        &dana,
        "GET",
        &format!("/api/workspaces/{ws}/documents"),
        None,
    );
    let doc = documents["documents"][0]["id"].to_string();
    let rae = invited_token(base, &ws, "Rae", "rae@example.com", "reviewer");
    let as_dana = |args: &[&str]| prfaq(dir.path(), base, &dana, args);
    let as_rae = |args: &[&str]| prfaq(dir.path(), base, &rae, args);

    let mut threads = Vec::new();
    for (quote, body) in [
        ("in one tap", "Which basket?"),
        ("Sunday evening", "Why Sunday?"),
    ] {
        let (out, _) = ended(
            &as_rae(&["review", "comment", &doc, "--quote", quote, "--body", body]),
            0,
        );
        threads.push(out.trim().to_owned());
    }

    let (out, _) = ended(&as_dana(&["review", "inbox"]), 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    for (line, thread) in lines.iter().zip(threads.iter().rev()) {
        assert!(line.starts_with("* "), "unread: {out}");
        assert!(
            line.contains("Rae commented on “Quick Reorder” (document"),
            "{out}"
        );
        assert!(
            line.ends_with(&format!(", thread {thread})")),
            "newest first: {out}"
        );
    }
    assert_eq!(lines[2], "unread: 2");

    let (out, _) = ended(&as_dana(&["review", "inbox", "--format", "json"]), 0);
    let inbox: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(inbox["unread"], 2);
    let notices = inbox["notices"].as_array().expect("notices");
    assert_eq!(notices.len(), 2, "{out}");
    assert_eq!(notices[0]["kind"], "comment-on-document");
    assert_eq!(notices[0]["actor_name"], "Rae");
    assert_eq!(notices[0]["document"].to_string(), doc);
    assert_eq!(notices[0]["thread"].to_string(), threads[1]);
    assert!(notices[0]["read_at"].is_null());
    let newest = notices[0]["id"].to_string();

    let (out, _) = ended(&as_dana(&["review", "inbox", "--mark-read", &newest]), 0);
    assert_eq!(out.trim(), "marked 1 read");
    let (out, _) = ended(
        &as_dana(&["review", "inbox", "--unread", "--format", "json"]),
        0,
    );
    let unread: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(unread["unread"], 1);
    assert_eq!(unread["notices"].as_array().map(Vec::len), Some(1));
    assert_eq!(unread["notices"][0]["thread"].to_string(), threads[0]);
    let (out, _) = ended(
        &as_dana(&[
            "review",
            "inbox",
            "--mark-read",
            &newest,
            "--format",
            "json",
        ]),
        0,
    );
    assert_eq!(
        serde_json::from_str::<Value>(&out).expect("json"),
        json!({ "marked": 0 }),
        "marking twice changes nothing"
    );
    let (out, _) = ended(&as_dana(&["review", "inbox", "--mark-read", "all"]), 0);
    assert_eq!(out.trim(), "marked 1 read");
    let (out, _) = ended(&as_dana(&["review", "inbox"]), 0);
    assert!(
        out.lines().take(2).all(|l| l.starts_with("  ")),
        "read: {out}"
    );
    assert!(out.trim_end().ends_with("unread: 0"), "{out}");
    let (out, _) = ended(&as_dana(&["review", "inbox", "--unread"]), 0);
    assert!(out.contains("no notifications unread"), "{out}");

    // Rae's own comments told her nothing; she cannot mark Dana's notice.
    let (out, _) = ended(&as_rae(&["review", "inbox", "--format", "json"]), 0);
    assert_eq!(
        serde_json::from_str::<Value>(&out).expect("json"),
        json!({ "notices": [], "unread": 0 })
    );
    let (_, err) = ended(&as_rae(&["review", "inbox", "--mark-read", &newest]), 2);
    assert!(err.contains("404"), "{err}");
}
