//! Documents: create, edit, rename, archive, history, compare, restore, and the stale
//! save that is refused without losing the author's text.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};

use crate::support::*;

#[tokio::test]
async fn create_from_template_vision_and_upload() {
    let app = App::new().await;
    let (mut owner, ws, _) = owner_with_example(&app).await;
    let page = owner.get(&format!("/w/{ws}/new")).await;
    assert_eq!(page.status, StatusCode::OK);

    let reply = owner
        .post_form(
            &format!("/w/{ws}/documents"),
            &[("title", "Split a Bill"), ("start", "template")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    let page = owner.get(reply.location()).await;
    let text = textarea(&page.text);
    assert_eq!(
        text,
        prfaq_doc::template::full("Split a Bill", &Default::default()),
        "the same skeleton `prfaq new` writes"
    );
    // A fresh skeleton is full of guidance in brackets: the checker says so.
    assert!(page.text.contains("data-code=\"PL210\""));

    let reply = owner
        .post_form(
            &format!("/w/{ws}/documents"),
            &[
                ("title", "Pantry"),
                ("start", "vision"),
                ("customer", "parents who cook every night"),
                ("benefit", "dinner planned in a minute"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let page = owner.get(reply.location()).await;
    assert!(textarea(&page.text).contains("format: vision"));

    // Upload: the title comes from the front matter.
    let boundary = "XBOUNDARYX";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"reorder.md\"\r\nContent-Type: text/markdown\r\n\r\n---\ntitle: Uploaded Reorder\n---\n\n# Uploaded Reorder lets parents restock\n\nText.\n\r\n--{boundary}--\r\n"
    );
    let csrf = owner.csrf.clone();
    let reply = owner
        .request(
            Request::post(format!("/w/{ws}/upload?csrf={csrf}")).header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            ),
            Body::from(body),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    let page = owner.get(reply.location()).await;
    assert!(page.text.contains("Uploaded Reorder"));
    let list = owner.get(&format!("/w/{ws}")).await;
    assert_eq!(list.text.matches("data-testid=\"document-row\"").count(), 4);
}

#[tokio::test]
async fn binary_upload_is_refused_with_its_reason() {
    let app = App::new().await;
    let (mut owner, ws, _) = owner_with_example(&app).await;
    owner.get(&format!("/w/{ws}/new")).await;
    let boundary = "B";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.md\"\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(b"abc\0def");
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let csrf = owner.csrf.clone();
    let reply = owner
        .request(
            Request::post(format!("/w/{ws}/upload?csrf={csrf}")).header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            ),
            Body::from(body),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.text.contains("looks binary"), "{}", reply.text);
}

#[tokio::test]
async fn every_save_is_a_revision_and_history_lists_them() {
    let app = App::new().await;
    let (mut owner, _, doc) = owner_with_example(&app).await;
    let page = owner.get(&format!("/d/{doc}")).await;
    let text = textarea(&page.text);
    let edited = text.replace("25 minutes", "40 minutes");
    let reply = owner
        .post_form(
            &format!("/d/{doc}/save"),
            &[
                ("text", &edited),
                ("base_revision", "1"),
                ("note", "longer problem"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    assert_eq!(reply.location(), format!("/d/{doc}?saved=2"));
    let page = owner.get(reply.location()).await;
    assert!(page.text.contains("id=\"saved-message\""));
    assert!(textarea(&page.text).contains("40 minutes"));

    let history = owner.get(&format!("/d/{doc}/history")).await;
    assert_eq!(history.status, StatusCode::OK);
    assert!(history.text.contains("id=\"rev-1\""));
    assert!(history.text.contains("id=\"rev-2\""));
    assert!(history.text.contains("longer problem"));
    assert!(history.text.contains("Dana Lee"));
    let old = owner.get(&format!("/d/{doc}/r/1")).await;
    assert!(old.text.contains("25 minutes"));
}

#[tokio::test]
async fn diff_shows_inserted_and_deleted_words() {
    let app = App::new().await;
    let (mut owner, _, doc) = owner_with_example(&app).await;
    let original = prfaq_web::EXAMPLE_DOCUMENT;
    let edited = original.replace("rebuild the same cart", "recreate an identical cart");
    assert_eq!(
        api_save(&mut owner, &doc, 1, &edited).await.status,
        StatusCode::OK
    );
    let page = owner.get(&format!("/d/{doc}/diff?from=1&to=2")).await;
    assert_eq!(page.status, StatusCode::OK);
    let diff = element(&page.text, "diff");
    // One phrase for another, not two words changed around a kept space.
    assert!(diff.contains("<del>rebuild the same</del>"), "{diff}");
    assert!(diff.contains("<ins>recreate an identical</ins>"), "{diff}");
    assert!(page.text.contains("data-testid=\"diff\""));
    // The API gives the same changes as data.
    let reply = owner
        .api(
            Method::GET,
            &format!("/api/documents/{doc}/diff?from=1&to=2"),
            None,
        )
        .await;
    let body = reply.json();
    let changes = body["changes"].as_array().expect("changes");
    assert!(
        changes
            .iter()
            .any(|c| c["op"] == "delete" && c["text"].as_str().unwrap_or("").contains("rebuild"))
    );
    assert!(body["inserted_words"].as_u64().unwrap_or(0) >= 2);
}

#[tokio::test]
async fn compare_shows_readable_changes_side_by_side_and_inline_with_the_findings_between() {
    let app = App::new().await;
    let (mut owner, _, doc) = owner_with_example(&app).await;
    let original = prfaq_web::EXAMPLE_DOCUMENT;
    // The solution rewritten (its future tense and `seamless` go), `leverage` moved to the
    // problem (the same finding, elsewhere), a `TBD` added, and lines added above all.
    let edited = original
        .replace(
            "Quick Reorder will leverage what the family actually bought last week to deliver a seamless experience.",
            "Quick Reorder starts from what the family actually bought last week.",
        )
        .replace(
            "One order in five arrives",
            "We leverage that survey here. Cost TBD. One order in five arrives",
        )
        .replace("## Problem\n", "## Problem\n\nWhy it matters.\n\n");
    assert_eq!(
        api_save(&mut owner, &doc, 1, &edited).await.status,
        StatusCode::OK
    );

    // Side by side by default: each changed line beside its new version.
    let page = owner.get(&format!("/d/{doc}/diff?from=1&to=2")).await;
    assert_eq!(page.status, StatusCode::OK);
    let sides = element(&page.text, "diff-sides");
    // Phrases, not a soup of single words around a kept "the".
    assert!(sides.contains("<del>will leverage</del>"), "{sides}");
    assert!(sides.contains("<ins>starts from</ins>"), "{sides}");
    assert!(
        sides.contains("<del>week to deliver a seamless experience.</del>"),
        "{sides}"
    );
    assert!(sides.contains("<tr class=\"changed\">"), "{sides}");
    assert!(
        page.text
            .contains("id=\"diff\" data-testid=\"diff\" hidden")
    );
    assert!(page.text.contains(
        "data-view=\"sides\" id=\"view-sides\" data-testid=\"view-sides\" aria-current=\"page\""
    ));

    // The findings that came and went, known by rule and message, not by line.
    let appeared = element(&page.text, "findings-appeared");
    assert!(appeared.contains("PL210"), "{appeared}");
    assert!(!appeared.contains("leverage"), "moved, not new: {appeared}");
    assert!(
        !appeared.contains("PR114"),
        "shifted down, not new: {appeared}"
    );
    let gone = element(&page.text, "findings-disappeared");
    assert!(gone.contains("PR113"), "{gone}");
    assert!(gone.contains("seamless"), "{gone}");
    assert!(!gone.contains("leverage"), "{gone}");
    assert!(!gone.contains("FQ312"), "{gone}");

    // Inline, on request.
    let page = owner
        .get(&format!("/d/{doc}/diff?from=1&to=2&view=inline"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text
            .contains("id=\"diff-sides\" data-testid=\"diff-sides\" hidden")
    );
    let inline = element(&page.text, "diff");
    assert!(
        inline.contains("<ins>We leverage that survey here. Cost TBD. </ins>"),
        "{inline}"
    );
    assert!(
        page.text
            .contains("name=\"view\" id=\"diff-view\" value=\"inline\"")
    );

    // A view that does not exist is refused by name.
    let bad = owner
        .get(&format!("/d/{doc}/diff?from=1&to=2&view=columns"))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.text.contains("view must be"), "{}", bad.text);

    // The API gives the same findings, and the other way round they swap.
    let body = owner
        .api(
            Method::GET,
            &format!("/api/documents/{doc}/diff?from=1&to=2"),
            None,
        )
        .await
        .json();
    let codes = |v: &serde_json::Value| -> Vec<String> {
        let mut codes: Vec<String> = v
            .as_array()
            .expect("an array of findings")
            .iter()
            .map(|f| f["code"].as_str().unwrap_or("").to_owned())
            .collect();
        codes.sort();
        codes
    };
    assert!(codes(&body["findings_appeared"]).contains(&"PL210".to_owned()));
    assert!(codes(&body["findings_disappeared"]).contains(&"PR113".to_owned()));
    let back = owner
        .api(
            Method::GET,
            &format!("/api/documents/{doc}/diff?from=2&to=1"),
            None,
        )
        .await
        .json();
    assert_eq!(
        codes(&back["findings_appeared"]),
        codes(&body["findings_disappeared"])
    );
    assert_eq!(
        codes(&back["findings_disappeared"]),
        codes(&body["findings_appeared"])
    );
}

#[tokio::test]
async fn stale_save_is_refused_with_the_current_revision_and_the_authors_text() {
    let app = App::new().await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let mut editor = invite(
        &app,
        &mut owner,
        &ws,
        "Lee Park",
        "lee@example.com",
        "editor",
    )
    .await;
    let original = prfaq_web::EXAMPLE_DOCUMENT;

    // Both open revision 1; the owner saves first.
    let first = original.replace("25 minutes", "half an hour");
    assert_eq!(
        api_save(&mut owner, &doc, 1, &first).await.status,
        StatusCode::OK
    );

    // The editor's save from revision 1 is refused, through the API…
    editor.get(&format!("/d/{doc}")).await;
    let mine = original.replace("One order in five", "One order in four");
    let reply = api_save(&mut editor, &doc, 1, &mine).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text);
    let body = reply.json();
    assert_eq!(body["error"]["code"], "stale");
    assert_eq!(body["stale"]["current_revision"], 2);
    assert_eq!(body["stale"]["base_revision"], 1);
    assert_eq!(body["stale"]["your_text"], mine.as_str());
    assert_eq!(body["stale"]["current_text"], first.as_str());
    assert_eq!(body["stale"]["changed_by"], "Dana Lee");
    let changes = body["stale"]["changes"].as_array().expect("changes");
    assert!(
        changes
            .iter()
            .any(|c| c["op"] == "insert" && c["text"].as_str().unwrap_or("").contains("half"))
    );

    // …and through the form: the editor shows the author's text and what changed.
    let reply = editor
        .post_form(
            &format!("/d/{doc}/save"),
            &[("text", &mine), ("base_revision", "1"), ("note", "mine")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(textarea(&reply.text), mine, "the author's text is kept");
    let message = element(&reply.text, "stale-message");
    assert!(message.contains("Not saved"), "{message}");
    assert!(message.contains("revision 2"), "{message}");
    assert!(message.contains("<ins>"), "{message}");
    assert!(
        !reply
            .text
            .contains("data-testid=\"stale-message\" class=\"alert\" role=\"alert\" hidden")
    );

    // Nothing was written by the refused saves.
    let reply = owner
        .api(
            Method::GET,
            &format!("/api/documents/{doc}/revisions"),
            None,
        )
        .await;
    assert_eq!(reply.json()["revisions"].as_array().map(Vec::len), Some(2));

    // Having seen the change, the author saves on top of revision 2.
    let reply = api_save(&mut editor, &doc, 2, &mine).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["revision"]["number"], 3);
}

#[tokio::test]
async fn restore_makes_a_new_revision() {
    let app = App::new().await;
    let (mut owner, _, doc) = owner_with_example(&app).await;
    let edited = prfaq_web::EXAMPLE_DOCUMENT.replace("Tacoma", "Olympia");
    assert_eq!(
        api_save(&mut owner, &doc, 1, &edited).await.status,
        StatusCode::OK
    );
    owner.get(&format!("/d/{doc}/history")).await;
    let reply = owner
        .post_form(&format!("/d/{doc}/r/1/restore"), &[("base_revision", "2")])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    assert_eq!(reply.location(), format!("/d/{doc}?saved=3"));
    let page = owner.get(reply.location()).await;
    assert_eq!(textarea(&page.text), prfaq_web::EXAMPLE_DOCUMENT);
    // A restore from a stale history page is refused like a save.
    let reply = owner
        .post_form(&format!("/d/{doc}/r/2/restore"), &[("base_revision", "2")])
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn rename_status_and_archive() {
    let app = App::new().await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    owner.get(&format!("/d/{doc}")).await;
    let reply = owner
        .post_form(
            &format!("/d/{doc}/rename"),
            &[("title", "Quick Reorder v2 % _ ' --")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let reply = owner
        .post_form(&format!("/d/{doc}/status"), &[("status", "in-review")])
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "a reason is needed");
    assert!(reply.text.contains("needs a reason"), "{}", reply.text);
    let reply = owner
        .post_form(&format!("/d/{doc}/status"), &[("status", "approved")])
        .await;
    assert_eq!(
        reply.status,
        StatusCode::CONFLICT,
        "approved only once aligned"
    );
    let reply = owner
        .post_form(
            &format!("/d/{doc}/status"),
            &[("status", "in-review"), ("reason", "ready for the team")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let page = owner.get(&format!("/d/{doc}")).await;
    assert!(
        page.text.contains("Quick Reorder v2 % _ &#x27; --")
            || page.text.contains("Quick Reorder v2 % _ &#39; --"),
        "{}",
        page.text
    );
    assert!(page.text.contains("status-in-review"));
    // Titles with SQL meta-characters are found as literal text.
    let list = owner.get(&format!("/w/{ws}?q=%25+_")).await;
    assert!(list.text.contains("data-testid=\"document-row\""));
    let list = owner.get(&format!("/w/{ws}?q=%25%25")).await;
    assert!(!list.text.contains("data-testid=\"document-row\""));

    let reply = owner
        .post_form(&format!("/d/{doc}/archive"), &[("archived", "1")])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let list = owner.get(&format!("/w/{ws}")).await;
    assert!(!list.text.contains("data-testid=\"document-row\""));
    let list = owner.get(&format!("/w/{ws}?archived=1")).await;
    assert!(list.text.contains("archived"));
    let reply = owner
        .post_form(&format!("/d/{doc}/archive"), &[("archived", "0")])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let list = owner.get(&format!("/w/{ws}")).await;
    assert!(list.text.contains("data-testid=\"document-row\""));
}

#[tokio::test]
async fn the_list_counts_error_findings() {
    let app = App::new().await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    // Put a placeholder (an error, PL210) into the problem paragraph.
    let edited = prfaq_web::EXAMPLE_DOCUMENT.replace("25 minutes", "TBD minutes");
    let errors_after = {
        let parsed = prfaq_doc::parse(&edited);
        prfaq_lint::check(&parsed, &prfaq_lint::Config::default())
            .iter()
            .filter(|d| d.severity == prfaq_lint::Severity::Error)
            .count()
    };
    assert!(errors_after > 0);
    assert_eq!(
        api_save(&mut owner, &doc, 1, &edited).await.status,
        StatusCode::OK
    );
    let list = owner.get(&format!("/w/{ws}")).await;
    let cell = element(&list.text, "documents");
    assert!(
        cell.contains(&format!("data-testid=\"error-count\">{errors_after}</td>")),
        "{cell}"
    );
}

#[tokio::test]
async fn rules_pages_explain_each_rule() {
    let app = App::new().await;
    let mut visitor = app.browser();
    let page = visitor.get("/rules").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("PL201"));
    let page = visitor.get("/rules/PL201").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("What it does"));
    let reply = visitor.get("/rules/jargon").await;
    assert_eq!(reply.location(), "/rules/PL201");
    assert_eq!(
        visitor.get("/rules/XX999").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_writers_lose_nothing() {
    let app = App::new().await;
    let (mut owner, _, doc) = owner_with_example(&app).await;
    owner.get(&format!("/d/{doc}")).await;
    let cookie = owner
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let mut writers = Vec::new();
    for n in 0..50 {
        let router = app.router.clone();
        let (cookie, csrf, doc) = (cookie.clone(), owner.csrf.clone(), doc.clone());
        writers.push(tokio::spawn(async move {
            // Each writer saves its own text, starting from revision 1 and retrying on top
            // of whatever a refusal says is current, until its save is acknowledged.
            let text = format!("{}\nWriter {n} was here.\n", prfaq_web::EXAMPLE_DOCUMENT);
            let mut base = 1;
            let mut refusals = 0;
            loop {
                let request = Request::put(format!("/api/documents/{doc}"))
                    .header(header::COOKIE, &cookie)
                    .header("x-csrf-token", &csrf)
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(
                        serde_json::json!({ "base_revision": base, "text": text }).to_string(),
                    ))
                    .expect("request");
                let response = tower::ServiceExt::oneshot(router.clone(), request)
                    .await
                    .expect("response");
                let status = response.status();
                let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
                    .await
                    .expect("body");
                let body: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
                match status {
                    StatusCode::OK => return (body["revision"]["number"].as_i64(), refusals),
                    StatusCode::CONFLICT => {
                        assert_eq!(body["stale"]["your_text"], text.as_str(), "text returned");
                        base = body["stale"]["current_revision"].as_i64().expect("current");
                        refusals += 1;
                        assert!(refusals < 500, "writer {n} never got through");
                    }
                    other => panic!("writer {n}: {other} {body}"),
                }
            }
        }));
    }
    let mut numbers = Vec::new();
    let mut refused = 0;
    for writer in writers {
        let (number, refusals) = writer.await.expect("writer");
        numbers.push(number.expect("revision number"));
        refused += refusals;
    }
    numbers.sort_unstable();
    // Every acknowledged save is its own revision: 2, 3, … 51, no gaps, no duplicates.
    assert_eq!(numbers, (2..=51).collect::<Vec<i64>>());
    assert!(refused > 0, "the writers did race");
    let reply = owner
        .api(
            Method::GET,
            &format!("/api/documents/{doc}/revisions"),
            None,
        )
        .await;
    assert_eq!(reply.json()["revisions"].as_array().map(Vec::len), Some(51));
}

#[tokio::test]
async fn the_editor_says_once_which_rules_did_not_run_on_another_language() {
    let app = App::new().await;
    let (mut owner, _ws, doc) = owner_with_example(&app).await;
    let page = owner.get(&format!("/d/{doc}")).await;
    assert!(
        page.text
            .contains("id=\"check-note\" data-testid=\"check-note\" hidden"),
        "an English document has no note"
    );
    // The editor's script orders what is missing by the rules' order, which the page carries.
    let first = prfaq_lint::registry::RULES[0].code;
    assert!(
        page.text.contains(&format!("data-rule-order=\"{first} ")),
        "the rule order starts with {first}"
    );

    let german = include_str!("../../../prfaq_doc/tests/fixtures/languages/de-classic.md");
    assert_eq!(
        api_save(&mut owner, &doc, 1, german).await.status,
        StatusCode::OK
    );
    let page = owner.get(&format!("/d/{doc}")).await;
    assert!(
        page.text
            .contains("id=\"check-note\" data-testid=\"check-note\">"),
        "a German document shows the note"
    );
    let note = element(&page.text, "check-note");
    assert!(
        note.contains("English"),
        "the note names what did not run: {note}"
    );
}
