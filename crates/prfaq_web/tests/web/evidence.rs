//! Customer evidence through the API: streamed imports with bad rows reported by line,
//! previews that write nothing, literal search, suggestions, links and coverage,
//! deletion on request, and who may do each.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::support::*;
use crate::themes::themes_api;
use prfaq_evidence::testing::xlsx;

on_both_databases!(
    an_excel_workbook_is_previewed_then_imported_with_its_bad_rows_by_row_number,
    a_real_quote_replaces_the_invented_one_keeps_its_links_and_refuses_a_changed_document,
);

const TICKETS: &str = "Ticket ID,Subject,Description,Requester Email,Created At,Satisfaction\n\
1,Slow,\"Rebuilding my grocery cart every Sunday takes half an hour\",ann@example.com,2026-01-05,bad\n\
2,Cart,\"I buy the same groceries every week, please let me reorder\",bo@example.com,2026-01-06,good\n\
3,,,cy@example.com,2026-01-07,good\n\
4,Date,\"Swaps are confusing\",di@example.com,not a date,good\n\
5,Quote,\"He said \"\"AND\"\" OR NEAR; DROP TABLE users; -- really\",ed@example.com,2026-01-08,\n";

/// Posts `body` as a file to the import route with the browser's session.
pub(crate) async fn upload(browser: &mut Browser, ws: &str, query: &str, body: &str) -> Reply {
    upload_bytes(browser, ws, query, body.as_bytes().to_vec()).await
}

/// Posts the bytes of a file to the import route with the browser's session.
pub(crate) async fn upload_bytes(
    browser: &mut Browser,
    ws: &str,
    query: &str,
    body: Vec<u8>,
) -> Reply {
    let csrf = browser.csrf.clone();
    let builder = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/workspaces/{ws}/evidence/import?{query}"))
        .header("x-csrf-token", csrf)
        .header(header::CONTENT_TYPE, "application/octet-stream");
    browser.request(builder, Body::from(body)).await
}

/// The owner with the example document and the tickets imported into the workspace:
/// the owner's browser, the workspace and the document.
async fn owner_with_tickets(app: &App) -> (Browser, String, String) {
    let (mut owner, ws, doc) = owner_with_example(app).await;
    owner.refresh().await;
    let reply = upload(&mut owner, &ws, "name=tickets.csv", TICKETS).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    (owner, ws, doc)
}

/// A survey export as Excel writes it: dates as serial days or as text, a row without
/// a comment, an empty row, a date that does not parse, and text with markup characters.
fn survey_workbook() -> Vec<u8> {
    xlsx(&[
        &[
            "Respondent ID",
            "Start Date",
            "Email Address",
            "Satisfaction",
            "Comments",
        ],
        &[
            "201",
            "=46027",
            "ann@example.com",
            "2",
            "Rebuilding my grocery cart every Sunday takes half an hour",
        ],
        &[
            "202",
            "2026-01-06",
            "bo@example.com",
            "4",
            "Please let me reorder last week's groceries",
        ],
        &["203", "=46029", "cy@example.com", "5", ""],
        &[],
        &[
            "204",
            "not a date",
            "di@example.com",
            "3",
            "Swaps are confusing",
        ],
        &[
            "205",
            "=46030",
            "ed@example.com",
            "1",
            "Notifications arrive late & twice <sometimes>",
        ],
    ])
}

async fn an_excel_workbook_is_previewed_then_imported_with_its_bad_rows_by_row_number(db: Db) {
    let Some(app) = App::on(db, |_| {}).await else {
        return;
    };
    let (mut owner, ws, _) = owner_with_example(&app).await;
    owner.refresh().await;
    let book = survey_workbook();

    let preview = upload_bytes(
        &mut owner,
        &ws,
        "name=survey.xlsx&preview=true",
        book.clone(),
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    let preview = preview.json();
    assert_eq!(preview["format"], "xlsx");
    assert_eq!(preview["source"], "survey");
    let mapping = preview["mapping"].as_array().expect("mapping").clone();
    for (field, column) in [
        ("text", "Comments"),
        ("date", "Start Date"),
        ("email", "Email Address"),
        ("rating", "Satisfaction"),
    ] {
        assert!(
            mapping.contains(&json!({ "field": field, "column": column })),
            "{field} from {column}: {mapping:?}"
        );
    }
    let lines = |rows: &Value| -> Vec<i64> {
        rows.as_array()
            .expect("rows")
            .iter()
            .map(|r| r["line"].as_i64().expect("line"))
            .collect()
    };
    assert_eq!(lines(&preview["rows"]), [2, 3, 7], "{preview}");
    assert_eq!(lines(&preview["bad_rows"]), [4, 6], "{preview}");
    assert_eq!(preview["rows"][0]["date"], "2026-01-05", "a serial day");
    let sources = owner
        .api(
            Method::GET,
            &format!("/api/workspaces/{ws}/evidence/sources"),
            None,
        )
        .await
        .json();
    assert_eq!(sources["sources"], json!([]), "a preview writes nothing");

    let reply = upload_bytes(&mut owner, &ws, "name=survey.xlsx", book.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let report = reply.json();
    assert_eq!(report["imported"], 3, "{report}");
    assert_eq!(report["duplicates"], 0);
    assert_eq!(report["bad_row_count"], 2);
    assert_eq!(lines(&report["bad_rows"]), [4, 6], "{report}");
    let reason = |i: usize| {
        report["bad_rows"][i]["reason"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    };
    assert!(reason(0).contains("Comments"), "{report}");
    assert!(reason(1).contains("not a date"), "{report}");

    let found = owner
        .api(
            Method::GET,
            &format!("/api/workspaces/{ws}/evidence/search?q=notifications%20twice"),
            None,
        )
        .await
        .json();
    let hit = &found["results"][0];
    assert_eq!(
        hit["text"], "Notifications arrive late & twice <sometimes>",
        "{found}"
    );
    assert_eq!(hit["customer"], "ed@example.com");
    assert_eq!(hit["date"], "2026-01-08");
    assert_eq!(hit["source"], "survey");

    let again = upload_bytes(&mut owner, &ws, "name=survey.xlsx", book)
        .await
        .json();
    assert_eq!(
        (again["imported"].clone(), again["duplicates"].clone()),
        (json!(0), json!(3)),
        "the same workbook adds nothing twice: {again}"
    );
    let broken = upload_bytes(
        &mut owner,
        &ws,
        "name=survey.xlsx",
        b"PK not a workbook".to_vec(),
    )
    .await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST, "{}", broken.text);
    assert!(broken.text.contains("xlsx"), "{}", broken.text);
}

#[tokio::test]
async fn an_import_keeps_good_rows_reports_bad_ones_and_adds_nothing_twice() {
    let app = App::new().await;
    let (mut owner, ws, _) = owner_with_example(&app).await;
    owner.refresh().await;

    let preview = upload(&mut owner, &ws, "name=tickets.csv&preview=true", TICKETS).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    let preview = preview.json();
    let mapping = preview["mapping"].as_array().expect("mapping").clone();
    assert!(mapping.contains(&json!({ "field": "text", "column": "Description" })));
    assert!(
        mapping.contains(&json!({ "field": "email", "column": "Requester Email" })),
        "{mapping:?}"
    );
    assert_eq!(
        preview["rows"].as_array().map(Vec::len),
        Some(3),
        "{preview}"
    );
    assert_eq!(preview["bad_rows"][0]["line"], 4, "{preview}");
    let search = owner
        .api(
            Method::GET,
            &format!("/api/workspaces/{ws}/evidence/search?q=groceries"),
            None,
        )
        .await;
    assert_eq!(
        search.json()["results"],
        json!([]),
        "a preview writes nothing"
    );

    let reply = upload(&mut owner, &ws, "name=tickets.csv&source=zendesk", TICKETS).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let report = reply.json();
    assert_eq!(report["imported"], 3, "{report}");
    assert_eq!(report["duplicates"], 0);
    let lines: Vec<i64> = report["bad_rows"]
        .as_array()
        .expect("bad rows")
        .iter()
        .map(|b| b["line"].as_i64().expect("line"))
        .collect();
    assert_eq!(lines, [4, 5], "{report}");
    assert!(
        report["bad_rows"][0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("text"))
    );
    assert!(
        report["bad_rows"][1]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("date"))
    );

    let again = upload(&mut owner, &ws, "name=tickets.csv&source=zendesk", TICKETS).await;
    let again = again.json();
    assert_eq!(
        (again["imported"].clone(), again["duplicates"].clone()),
        (json!(0), json!(3))
    );

    let found = owner
        .api(
            Method::GET,
            &format!("/api/workspaces/{ws}/evidence/search?q=same%20groceries"),
            None,
        )
        .await;
    let results = found.json()["results"].clone();
    assert_eq!(results.as_array().map(Vec::len), Some(1), "{results}");
    assert_eq!(results[0]["customer"], "bo@example.com");
    assert_eq!(results[0]["source"], "zendesk");
    assert_eq!(results[0]["date"], "2026-01-06");
    for literal in [
        "%22AND%22%20OR%20NEAR",
        "DROP%20TABLE%20users%3B%20--",
        "users'%3B",
    ] {
        let found = owner
            .api(
                Method::GET,
                &format!("/api/workspaces/{ws}/evidence/search?q={literal}"),
                None,
            )
            .await;
        assert_eq!(found.status, StatusCode::OK, "{literal}: {}", found.text);
        for hit in found.json()["results"].as_array().expect("results") {
            assert!(
                hit["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("DROP TABLE"))
            );
        }
    }
    let filtered = owner
        .api(
            Method::GET,
            &format!(
                "/api/workspaces/{ws}/evidence/search?q=groceries&from=2026-01-06&customer=BO%40example.com"
            ),
            None,
        )
        .await;
    assert_eq!(filtered.json()["results"].as_array().map(Vec::len), Some(1));
    let bad = owner
        .api(
            Method::GET,
            &format!("/api/workspaces/{ws}/evidence/search?q=x&from=soon"),
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text);
    let wrong = upload(&mut owner, &ws, "name=t.csv&map=text%3DNope", TICKETS).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST, "{}", wrong.text);
    assert!(wrong.text.contains("Nope"), "{}", wrong.text);
    let unnamed = upload(&mut owner, &ws, "source=x", TICKETS).await;
    assert_eq!(unnamed.status, StatusCode::BAD_REQUEST);
}

fn ev701(findings: &Value) -> usize {
    findings
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "EV701")
        .count()
}

fn claim_of<'a>(suggested: &'a Value, kind: &str) -> &'a Value {
    suggested["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|c| c["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} claim in {suggested}"))
}

#[tokio::test]
async fn claims_get_suggestions_links_and_coverage_and_a_deleted_customer_leaves_no_trace() {
    let app = App::new().await;
    let (mut owner, ws, doc) = owner_with_tickets(&app).await;

    let d = format!("/api/documents/{doc}/evidence");
    let suggested = owner
        .api(Method::GET, &format!("{d}/suggestions"), None)
        .await;
    assert_eq!(suggested.status, StatusCode::OK, "{}", suggested.text);
    let suggested = suggested.json();
    let quote = claim_of(&suggested, "customer-quote").clone();
    let best = &quote["suggestions"][0];
    assert!(
        best["text"].as_str().is_some_and(|t| t.contains("Sunday")),
        "{quote}"
    );

    let coverage = owner
        .api(Method::GET, &format!("{d}/coverage"), None)
        .await
        .json();
    let before = coverage["unsupported"].as_i64().expect("unsupported");
    assert_eq!(claim_of(&coverage, "customer-quote")["supported"], false);
    assert_eq!(ev701(&coverage["findings"]), 1, "{coverage}");
    let check = format!("/api/documents/{doc}/check");
    let findings = owner.api(Method::GET, &check, None).await.json();
    assert_eq!(ev701(&findings["files"][0]["diagnostics"]), 1, "{findings}");

    let link = owner
        .api(
            Method::POST,
            &format!("{d}/links"),
            Some(json!({
                "claim_kind": "customer-quote",
                "claim_text": quote["text"],
                "feedback": best["id"],
                "importance": "deal-breaker",
            })),
        )
        .await;
    assert_eq!(link.status, StatusCode::CREATED, "{}", link.text);
    let link_id = link.json()["id"].to_string();
    let bad = owner
        .api(
            Method::POST,
            &format!("{d}/links"),
            Some(json!({ "claim_kind": "headline", "claim_text": "x", "feedback": best["id"] })),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    let coverage = owner
        .api(Method::GET, &format!("{d}/coverage"), None)
        .await
        .json();
    let covered = claim_of(&coverage, "customer-quote");
    assert_eq!(covered["supported"], true, "{coverage}");
    assert_eq!(covered["customers"], 1);
    assert_eq!(covered["importance"]["deal-breaker"], 1);
    assert_eq!(covered["links"][0]["customer"], "ann@example.com");
    assert_eq!(coverage["unsupported"].as_i64(), Some(before - 1));
    assert_eq!(
        ev701(&coverage["findings"]),
        0,
        "a linked quote is grounded"
    );
    let findings = owner.api(Method::GET, &check, None).await.json();
    assert_eq!(ev701(&findings["files"][0]["diagnostics"]), 0, "{findings}");

    // Deleting on request: owners only, by email, links included.
    let gone = owner
        .api(
            Method::POST,
            &format!("/api/workspaces/{ws}/evidence/customers/delete"),
            Some(json!({ "email": "Ann@Example.com" })),
        )
        .await;
    assert_eq!(gone.status, StatusCode::OK, "{}", gone.text);
    assert_eq!(gone.json(), json!({ "items": 1, "links": 1 }));
    let coverage = owner
        .api(Method::GET, &format!("{d}/coverage"), None)
        .await
        .json();
    assert_eq!(claim_of(&coverage, "customer-quote")["supported"], false);
    assert_eq!(
        ev701(&coverage["findings"]),
        1,
        "the link went with the customer"
    );
    let found = owner
        .api(
            Method::GET,
            &format!("/api/workspaces/{ws}/evidence/search?q=sunday"),
            None,
        )
        .await;
    assert_eq!(found.json()["results"], json!([]));
    let unlinked = owner
        .api(Method::DELETE, &format!("{d}/links/{link_id}"), None)
        .await;
    assert_eq!(
        unlinked.status,
        StatusCode::NOT_FOUND,
        "the link went with the customer"
    );
    let not_email = owner
        .api(
            Method::POST,
            &format!("/api/workspaces/{ws}/evidence/customers/delete"),
            Some(json!({ "email": "ann" })),
        )
        .await;
    assert_eq!(not_email.status, StatusCode::BAD_REQUEST);
}

/// The ids of a claim's suggestions, best first.
fn suggested_ids(claim: &Value) -> Vec<String> {
    claim["suggestions"]
        .as_array()
        .expect("suggestions")
        .iter()
        .map(|hit| hit["id"].to_string())
        .collect()
}

/// The document's claims and their suggestions, `query` added to the path.
async fn suggestions(owner: &mut Browser, doc: &str, query: &str) -> Value {
    let path = format!("/api/documents/{doc}/evidence/suggestions{query}");
    let reply = owner.api(Method::GET, &path, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json()
}

#[tokio::test]
async fn a_passage_linked_to_a_claim_is_no_longer_suggested_for_it() {
    let app = App::new().await;
    let (mut owner, _, doc) = owner_with_tickets(&app).await;
    let d = format!("/api/documents/{doc}/evidence");
    let before = suggestions(&mut owner, &doc, "").await;
    let quote = claim_of(&before, "customer-quote").clone();
    let ids = suggested_ids(&quote);
    assert!(ids.len() >= 2, "two items match the quote: {quote}");
    let first = quote["suggestions"][0]["id"].clone();
    let link = owner
        .api(
            Method::POST,
            &format!("{d}/links"),
            Some(json!({
                "claim_kind": "customer-quote",
                "claim_text": quote["text"],
                "feedback": first,
                "importance": "important",
            })),
        )
        .await;
    assert_eq!(link.status, StatusCode::CREATED, "{}", link.text);
    let link_id = link.json()["id"].to_string();

    // The linked item is left out of its claim's suggestions, and the rest move up:
    // asking for as many as there are left still gets them all.
    let after = suggestions(&mut owner, &doc, "").await;
    assert_eq!(suggested_ids(claim_of(&after, "customer-quote")), ids[1..]);
    let limited = suggestions(&mut owner, &doc, &format!("?limit={}", ids.len() - 1)).await;
    assert_eq!(
        suggested_ids(claim_of(&limited, "customer-quote")),
        ids[1..]
    );
    let one = suggestions(&mut owner, &doc, "?limit=1").await;
    assert_eq!(suggested_ids(claim_of(&one, "customer-quote")), ids[1..2]);
    // Other claims still get it: the link is to the quote alone.
    let claims = |v: &Value| v["claims"].as_array().expect("claims").clone();
    for (was, is) in claims(&before).iter().zip(claims(&after).iter()) {
        if was["kind"] != "customer-quote" {
            assert_eq!(suggested_ids(was), suggested_ids(is), "{}", was["text"]);
        }
    }
    assert!(
        claims(&after)
            .iter()
            .any(|c| c["kind"] != "customer-quote" && suggested_ids(c).contains(&first.to_string())),
        "another claim matches the linked item too: {after}"
    );
    // A bad limit is still named.
    let bad = owner
        .api(Method::GET, &format!("{d}/suggestions?limit=201"), None)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.text.contains("`limit`"), "{}", bad.text);

    // Unlinked, it is suggested again.
    let unlinked = owner
        .api(Method::DELETE, &format!("{d}/links/{link_id}"), None)
        .await;
    assert!(unlinked.status.is_success(), "{}", unlinked.text);
    let again = suggestions(&mut owner, &doc, "").await;
    assert_eq!(suggested_ids(claim_of(&again, "customer-quote")), ids);
}

/// The newest revision's number and text.
async fn newest(owner: &mut Browser, doc: &str) -> (i64, String) {
    let reply = owner
        .api(Method::GET, &format!("/api/documents/{doc}"), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let body = reply.json();
    (
        body["revision"]["number"].as_i64().expect("number"),
        body["text"].as_str().expect("text").to_owned(),
    )
}

async fn a_real_quote_replaces_the_invented_one_keeps_its_links_and_refuses_a_changed_document(
    db: Db,
) {
    let Some(app) = App::on(db, |_| {}).await else {
        return;
    };
    let (mut owner, _, doc) = owner_with_tickets(&app).await;
    let d = format!("/api/documents/{doc}/evidence");
    let suggested = owner
        .api(Method::GET, &format!("{d}/suggestions"), None)
        .await
        .json();
    let quote = claim_of(&suggested, "customer-quote").clone();
    let problem = claim_of(&suggested, "problem").clone();
    let sunday = quote["suggestions"][0].clone();
    assert!(
        sunday["text"]
            .as_str()
            .is_some_and(|t| t.contains("Sunday")),
        "{quote}"
    );
    let link_to = async |owner: &mut Browser, claim: &Value, feedback: &Value, importance: &str| {
        let reply = owner
            .api(
                Method::POST,
                &format!("{d}/links"),
                Some(json!({
                    "claim_kind": claim["kind"],
                    "claim_text": claim["text"],
                    "feedback": feedback,
                    "importance": importance,
                })),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        reply.json()["id"].as_i64().expect("id")
    };
    let link = link_to(&mut owner, &quote, &sunday["id"], "deal-breaker").await;
    let problem_link = link_to(&mut owner, &problem, &sunday["id"], "important").await;
    let (base, before) = newest(&mut owner, &doc).await;
    assert!(before.contains("said Ann Ito, a parent of three in Tacoma."));

    let real = format!("{d}/real-quote");
    let anonymous = |link: i64, base: i64| json!({ "link": link, "base_revision": base, "attribution": "anonymous", "segment": "family grocery" });
    // Bad input names its field and writes nothing.
    for (body, field) in [
        (anonymous(4242, base), "`link`"),
        (anonymous(problem_link, base), "`link`"),
        (
            json!({ "link": link, "base_revision": base, "attribution": "anonymous" }),
            "`segment`",
        ),
        (
            json!({ "link": link, "base_revision": base, "attribution": "anonymous", "segment": "  " }),
            "`segment`",
        ),
        (
            json!({ "link": link, "base_revision": base, "attribution": "anonymous", "segment": "a\nb" }),
            "`segment`",
        ),
        (
            json!({ "link": link, "base_revision": base, "attribution": "permission" }),
            "`name`",
        ),
        (
            json!({ "link": link, "base_revision": base, "attribution": "anonymous", "segment": "x", "name": "Ann" }),
            "`name`",
        ),
        (
            json!({ "link": link, "base_revision": base, "attribution": "maybe" }),
            "`attribution`",
        ),
    ] {
        let reply = owner.api(Method::POST, &real, Some(body.clone())).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            reply.text
        );
        assert!(reply.text.contains(field), "{body}: {}", reply.text);
    }
    let stale = owner
        .api(Method::POST, &real, Some(anonymous(link, base - 1)))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
    assert_eq!(stale.json()["current_revision"], base, "{}", stale.text);
    assert_eq!(
        newest(&mut owner, &doc).await,
        (base, before.clone()),
        "nothing written"
    );

    let used = owner
        .api(Method::POST, &real, Some(anonymous(link, base)))
        .await;
    assert_eq!(used.status, StatusCode::OK, "{}", used.text);
    let used = used.json();
    assert_eq!(used["revision"]["number"], base + 1, "{used}");
    assert_eq!(
        used["revision"]["note"], "Used a real quote from tickets feedback, anonymised",
        "{used}"
    );
    assert_eq!(ev701(&used["findings"]), 0, "{used}");
    let paragraph = "\"Rebuilding my grocery cart every Sunday takes half an hour,\" said a customer in family grocery.";
    assert_eq!(used["quote"], paragraph, "{used}");
    let (number, after) = newest(&mut owner, &doc).await;
    assert_eq!(number, base + 1);
    assert!(
        after.contains(&format!("## Customer quote\n\n{paragraph}\n")),
        "{after}"
    );
    assert!(
        !after.contains("Ann Ito"),
        "the invented quote is gone: {after}"
    );
    assert_eq!(
        after.replace(paragraph, ""),
        before.replace(
            "\"I used to spend half an hour on the grocery app every Sunday. Now I tap once, check the swaps and I'm done before the kettle boils,\" said Ann Ito, a parent of three in Tacoma.",
            ""
        ),
        "only the quote changed"
    );
    let coverage = owner
        .api(Method::GET, &format!("{d}/coverage"), None)
        .await
        .json();
    let covered = claim_of(&coverage, "customer-quote");
    assert_eq!(covered["text"], paragraph);
    assert_eq!(
        covered["supported"], true,
        "the link follows the quote: {coverage}"
    );
    assert_eq!(
        covered["importance"]["deal-breaker"], 1,
        "with its importance"
    );
    assert_eq!(covered["links"][0]["feedback"], sunday["id"]);
    assert_eq!(coverage["orphaned_links"], json!([]), "{coverage}");
    assert_eq!(ev701(&coverage["findings"]), 0, "{coverage}");
    let check = owner
        .api(Method::GET, &format!("/api/documents/{doc}/check"), None)
        .await
        .json();
    assert_eq!(ev701(&check["files"][0]["diagnostics"]), 0, "{check}");

    // The page read before is stale now: refused, nothing lost.
    let moved = covered["links"][0]["id"].as_i64().expect("link id");
    let again = owner
        .api(Method::POST, &real, Some(anonymous(moved, base)))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    assert!(
        again.text.contains(&format!("{}", base + 1)),
        "{}",
        again.text
    );
    // The old link went with the quote's old text.
    let gone = owner
        .api(Method::POST, &real, Some(anonymous(link, base + 1)))
        .await;
    assert_eq!(gone.status, StatusCode::BAD_REQUEST, "{}", gone.text);

    // Named, with the customer's permission noted.
    let named = owner
        .api(
            Method::POST,
            &real,
            Some(json!({
                "link": moved,
                "base_revision": base + 1,
                "attribution": "permission",
                "name": "Ann  Ito",
                "segment": "Tacoma",
                "note": "Ann agreed by email",
            })),
        )
        .await;
    assert_eq!(named.status, StatusCode::OK, "{}", named.text);
    let named = named.json();
    assert_eq!(
        named["quote"],
        "\"Rebuilding my grocery cart every Sunday takes half an hour,\" said Ann Ito, a customer in Tacoma, quoted with permission."
    );
    assert_eq!(named["revision"]["note"], "Ann agreed by email");
    assert_eq!(named["links"][0]["importance"], "deal-breaker", "{named}");
    assert_eq!(ev701(&named["findings"]), 0);
}

/// Every evidence route for the owner, editor, reviewer, viewer, a stranger and the
/// anonymous, as the access matrix tries them.
pub(crate) async fn evidence_access_by_role(browsers: &mut [&mut Browser; 6], doc: &str, ws: &str) {
    use StatusCode as S;
    let reply = upload(browsers[0], ws, "name=t.csv", TICKETS).await;
    assert_eq!(reply.status, S::OK, "{}", reply.text);
    let reads: [(String, [S; 6]); 5] = [
        (
            format!("/api/workspaces/{ws}/evidence/search?q=groceries"),
            [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::UNAUTHORIZED],
        ),
        (
            format!("/api/workspaces/{ws}/evidence/sources"),
            [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::UNAUTHORIZED],
        ),
        (
            format!("/api/workspaces/{ws}/evidence/themes"),
            [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::UNAUTHORIZED],
        ),
        (
            format!("/api/documents/{doc}/evidence/suggestions"),
            [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::UNAUTHORIZED],
        ),
        (
            format!("/api/documents/{doc}/evidence/coverage"),
            [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::UNAUTHORIZED],
        ),
    ];
    for path in [format!("/w/{ws}/evidence"), format!("/d/{doc}/evidence")] {
        let expected = [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::SEE_OTHER];
        for (who, browser) in browsers.iter_mut().enumerate() {
            let reply = browser.get(&path).await;
            assert_eq!(reply.status, expected[who], "GET {path} as #{who}");
        }
    }
    for (path, expected) in reads {
        let what = format!("GET {path}");
        expect_statuses(browsers, 0..6, Method::GET, &path, None, &expected, &what).await;
    }
    // An import's progress is its importer's alone.
    let reply = upload(browsers[0], ws, "name=t.csv&upload=matrix", TICKETS).await;
    assert_eq!(reply.status, S::OK, "{}", reply.text);
    let path = format!("/api/workspaces/{ws}/evidence/import/progress?upload=matrix");
    let expected = [
        S::OK,
        S::NOT_FOUND,
        S::NOT_FOUND,
        S::NOT_FOUND,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    let what = format!("GET {path}");
    expect_statuses(browsers, 0..6, Method::GET, &path, None, &expected, &what).await;
    let writes = [
        S::OK,
        S::OK,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    for who in (0..6).rev() {
        let reply = upload(browsers[who], ws, "name=t.csv", TICKETS).await;
        assert_eq!(
            reply.status, writes[who],
            "import as #{who}: {}",
            reply.text
        );
        let reply = upload(browsers[who], ws, "name=t.csv&preview=true", TICKETS).await;
        assert_eq!(
            reply.status, writes[who],
            "preview as #{who}: {}",
            reply.text
        );
    }
    let hit = browsers[0]
        .api(
            Method::GET,
            &format!("/api/workspaces/{ws}/evidence/search?q=groceries"),
            None,
        )
        .await
        .json()["results"][0]["id"]
        .clone();
    let links = format!("/api/documents/{doc}/evidence/links");
    let created = [
        S::CREATED,
        S::CREATED,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    let mut made = Vec::new();
    for who in (0..6).rev() {
        let body = json!({ "claim_kind": "problem", "claim_text": format!("claim {who}"), "feedback": hit });
        let reply = browsers[who].api(Method::POST, &links, Some(body)).await;
        assert_eq!(reply.status, created[who], "link as #{who}: {}", reply.text);
        if reply.status == S::CREATED {
            made.push(reply.json()["id"].to_string());
        }
    }
    let removed = [
        S::NO_CONTENT,
        S::NO_CONTENT,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    for who in (0..6).rev() {
        let id = &made[usize::from(who == 0)];
        let reply = browsers[who]
            .api(Method::DELETE, &format!("{links}/{id}"), None)
            .await;
        assert_eq!(
            reply.status, removed[who],
            "unlink as #{who}: {}",
            reply.text
        );
    }
    // "Use a real quote", each time on the newest revision and the quote's link.
    let quote_text = browsers[0]
        .api(
            Method::GET,
            &format!("/api/documents/{doc}/evidence/coverage"),
            None,
        )
        .await
        .json()["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|c| c["kind"] == "customer-quote")
        .expect("a customer quote")["text"]
        .clone();
    let body = json!({ "claim_kind": "customer-quote", "claim_text": quote_text, "feedback": hit });
    let reply = browsers[0].api(Method::POST, &links, Some(body)).await;
    assert_eq!(reply.status, S::CREATED, "{}", reply.text);
    let replaced = [
        S::OK,
        S::OK,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    for who in (0..6).rev() {
        let coverage = browsers[0]
            .api(
                Method::GET,
                &format!("/api/documents/{doc}/evidence/coverage"),
                None,
            )
            .await
            .json();
        let quote = coverage["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .find(|c| c["kind"] == "customer-quote")
            .expect("a customer quote");
        let body = json!({
            "link": quote["links"][0]["id"],
            "base_revision": coverage["revision"],
            "attribution": "anonymous",
            "segment": format!("segment {who}"),
        });
        let reply = browsers[who]
            .api(
                Method::POST,
                &format!("/api/documents/{doc}/evidence/real-quote"),
                Some(body),
            )
            .await;
        assert_eq!(
            reply.status, replaced[who],
            "real quote as #{who}: {}",
            reply.text
        );
    }
    let choose = [
        S::OK,
        S::OK,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    expect_statuses(
        browsers,
        (0..6).rev(),
        Method::PUT,
        &format!("/api/workspaces/{ws}/evidence/themes/choices"),
        Some(json!({ "choices": [] })),
        &choose,
        "theme choices",
    )
    .await;
    let delete = [
        S::OK,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    expect_statuses(
        browsers,
        (0..6).rev(),
        Method::POST,
        &format!("/api/workspaces/{ws}/evidence/customers/delete"),
        Some(json!({ "email": "bo@example.com" })),
        &delete,
        "delete customer",
    )
    .await;
}

#[tokio::test]
async fn themes_follow_imports_and_keep_the_teams_names() {
    let app = App::new().await;
    let (mut owner, ws, _) = owner_with_example(&app).await;
    owner.refresh().await;
    let empty = themes_api(&mut owner, &ws).await;
    assert_eq!(empty["themes"], json!([]));

    let refunds = [
        "refund",
        "money back",
        "charged twice",
        "refund still pending",
    ];
    let delivery = [
        "driver late",
        "delivery late",
        "courier late again",
        "late van",
    ];
    let mut csv = String::from("Body,Email,Date\n");
    for i in 0..40 {
        let (topic, words) = if i % 2 == 0 {
            ("refund", refunds)
        } else {
            ("delivery", delivery)
        };
        csv.push_str(&format!(
            "\"My {topic} problem: {} {} order {i}\",c{i}@example.com,2026-0{}-1{}\n",
            words[i % 4],
            words[(i + 1) % 4],
            1 + i % 3,
            i % 9
        ));
    }
    let reply = upload(&mut owner, &ws, "name=first.csv", &csv).await;
    assert_eq!(reply.json()["imported"], 40, "{}", reply.text);
    let found = themes_api(&mut owner, &ws).await;
    let themes = found["themes"].as_array().expect("themes").clone();
    assert!(themes.len() >= 2, "{found}");
    let refund = themes
        .iter()
        .find(|t| t["keywords"].to_string().contains("refund"))
        .unwrap_or_else(|| panic!("a refund theme: {found}"));
    assert_eq!(
        refund["customers"], refund["comments"],
        "one comment per customer"
    );
    assert!(refund["trend"].as_array().is_some_and(|t| !t.is_empty()));

    let rename = json!({ "choices": [{ "choice": "rename", "theme": refund["keys"], "label": "Money back" }] });
    let reply = owner
        .api(
            Method::PUT,
            &format!("/api/workspaces/{ws}/evidence/themes/choices"),
            Some(rename),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    // More feedback of the same kinds: recomputed, and the name stays.
    let more = csv
        .replace("order ", "basket ")
        .replace("@example", "@more.example");
    let reply = upload(&mut owner, &ws, "name=second.csv", &more).await;
    assert_eq!(reply.json()["imported"], 40, "{}", reply.text);
    let found = themes_api(&mut owner, &ws).await;
    assert_eq!(found["comments"], 80);
    let named: Vec<&Value> = found["themes"]
        .as_array()
        .expect("themes")
        .iter()
        .filter(|t| t["label"] == "Money back")
        .collect();
    assert_eq!(named.len(), 1, "{found}");
    assert_eq!(named[0]["named"], true);
    assert!(
        named[0]["customers"].as_u64().is_some_and(|c| c >= 30),
        "{found}"
    );
}

/// A body that sends its chunks without declaring a length, then either ends or, when
/// `stall`, never sends anything more (a client that stopped sending).
struct Trickle {
    chunks: std::collections::VecDeque<Vec<u8>>,
    stall: bool,
}

impl axum::body::HttpBody for Trickle {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Self::Data>, Self::Error>>> {
        match self.chunks.pop_front() {
            Some(chunk) => std::task::Poll::Ready(Some(Ok(hyper::body::Frame::data(
                axum::body::Bytes::from(chunk),
            )))),
            None if self.stall => std::task::Poll::Pending,
            None => std::task::Poll::Ready(None),
        }
    }
}

/// A CSV of `rows` comments, each with the word `marker`.
fn comments(rows: usize, marker: &str) -> String {
    let mut csv = String::from("Body,Email\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "\"The {marker} checkout failed again on order {i}\",c{i}@example.com\n"
        ));
    }
    csv
}

/// Posts `body` to the import route without a declared length.
async fn upload_trickle(browser: &mut Browser, ws: &str, body: Trickle) -> Reply {
    let csrf = browser.csrf.clone();
    let builder = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/workspaces/{ws}/evidence/import?name=big.csv"))
        .header("x-csrf-token", csrf)
        .header(header::CONTENT_TYPE, "text/csv");
    browser.request(builder, Body::new(body)).await
}

/// A body the test feeds chunk by chunk; it ends when the sender is dropped.
struct Fed(tokio::sync::mpsc::UnboundedReceiver<Vec<u8>>);

impl axum::body::HttpBody for Fed {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Self::Data>, Self::Error>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|c| Ok(hyper::body::Frame::data(axum::body::Bytes::from(c)))))
    }
}

#[tokio::test]
async fn an_import_tells_its_importer_what_it_has_read_and_written_as_it_goes() {
    let app = App::new().await;
    let (mut owner, mut viewer, ws, _) = owner_and_viewer(&app).await;
    owner.refresh().await;
    let progress = format!("/api/workspaces/{ws}/evidence/import/progress?upload=week-1");
    let first = comments(30, "followed");
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tx.send(first.clone().into_bytes()).expect("sent");
    let mut tab = owner.clone();
    let csrf = owner.csrf.clone();
    let import = format!("/api/workspaces/{ws}/evidence/import?name=followed.csv&upload=week-1");
    let running = tokio::spawn(async move {
        let builder = Request::builder()
            .method(Method::POST)
            .uri(import)
            .header("x-csrf-token", csrf)
            .header(header::CONTENT_TYPE, "text/csv");
        tab.request(builder, Body::new(Fed(rx))).await
    });
    // Half way: the rows read so far are counted; none is written before its batch.
    let mut seen = Value::Null;
    for _ in 0..400 {
        let reply = owner.api(Method::GET, &progress, None).await;
        if reply.status == StatusCode::OK {
            seen = reply.json();
            if seen["rows"] == 30 {
                break;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(seen["rows"], 30, "{seen}");
    assert_eq!(seen["bytes"], first.len(), "{seen}");
    assert_eq!(seen["written"], 0, "{seen}");
    assert_eq!(seen["done"], false, "{seen}");
    assert_eq!(seen["upload"], "week-1");
    // Each member sees only their own imports.
    let theirs = viewer.api(Method::GET, &progress, None).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND, "{}", theirs.text);

    let mut rest = String::new();
    for i in 30..50 {
        rest.push_str(&format!(
            "\"The followed checkout failed again on order {i}\",c{i}@example.com\n"
        ));
    }
    rest.push_str(",nobody@example.com\n");
    tx.send(rest.into_bytes()).expect("sent");
    drop(tx);
    let reply = running.await.expect("the import ran");
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json()["imported"], 50, "{}", reply.text);
    let end = owner.api(Method::GET, &progress, None).await.json();
    assert_eq!(
        (
            end["rows"].clone(),
            end["bad_rows"].clone(),
            end["written"].clone(),
            end["done"].clone()
        ),
        (json!(51), json!(1), json!(50), json!(true)),
        "{end}"
    );
    for (query, status) in [
        ("upload=never-started", StatusCode::NOT_FOUND),
        ("upload=no%20spaces", StatusCode::BAD_REQUEST),
        ("upload=", StatusCode::BAD_REQUEST),
        ("", StatusCode::BAD_REQUEST),
    ] {
        let reply = owner
            .api(
                Method::GET,
                &format!("/api/workspaces/{ws}/evidence/import/progress?{query}"),
                None,
            )
            .await;
        assert_eq!(reply.status, status, "{query}: {}", reply.text);
    }
    let bad = upload(&mut owner, &ws, "name=f.csv&upload=a%2Fb", "Body\nx\n").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text);
    assert!(bad.text.contains("`upload`"), "{}", bad.text);
}

async fn found(browser: &mut Browser, ws: &str, word: &str) -> usize {
    let reply = browser
        .api(
            Method::GET,
            &format!("/api/workspaces/{ws}/evidence/search?q={word}&limit=200"),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json()["results"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn an_import_has_its_own_size_limit_that_the_operator_sets() {
    let app = App::with(|c| {
        c.max_body_bytes = 16 * 1024;
        c.max_import_bytes = 64 * 1024;
    })
    .await;
    let (mut owner, ws, _) = owner_with_example(&app).await;
    owner.refresh().await;

    // Over the body limit, under the import's own: imported.
    let medium = comments(400, "medium");
    assert!(medium.len() > 16 * 1024 && medium.len() < 64 * 1024);
    let reply = upload(&mut owner, &ws, "name=medium.csv", &medium).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json()["imported"], 400, "{}", reply.text);

    // Over the import's limit with a declared length: refused before it is read.
    let large = comments(1_500, "large");
    assert!(large.len() > 64 * 1024);
    let csrf = owner.csrf.clone();
    let reply = owner
        .request(
            Request::builder()
                .method(Method::POST)
                .uri(format!(
                    "/api/workspaces/{ws}/evidence/import?name=large.csv"
                ))
                .header("x-csrf-token", csrf)
                .header(header::CONTENT_TYPE, "text/csv")
                .header(header::CONTENT_LENGTH, large.len()),
            Body::from(large.clone()),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.text
    );
    assert!(reply.text.contains("64 KiB"), "{}", reply.text);

    // Without a declared length: stopped at the limit while streaming, with the same
    // answer, and nothing of the cut-off rows written.
    let chunks = large
        .into_bytes()
        .chunks(4096)
        .map(<[u8]>::to_vec)
        .collect();
    let reply = upload_trickle(
        &mut owner,
        &ws,
        Trickle {
            chunks,
            stall: false,
        },
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.text
    );
    assert_eq!(reply.json()["error"]["code"], "payload_too_large");
    assert!(reply.text.contains("64 KiB"), "{}", reply.text);
    assert_eq!(found(&mut owner, &ws, "large").await, 0);
    assert_eq!(found(&mut owner, &ws, "medium").await, 200);
}

#[tokio::test]
async fn an_import_that_runs_out_of_time_is_stopped_and_writes_nothing_cut_off() {
    let app = App::with(|c| c.import_timeout = std::time::Duration::from_millis(500)).await;
    let (mut owner, ws, _) = owner_with_example(&app).await;
    owner.refresh().await;
    // Whole rows, then a row cut in the middle, then nothing more: the client stalls.
    let mut head = comments(50, "stalled").into_bytes();
    head.extend_from_slice(b"\"The stalled checkout");
    let reply = upload_trickle(
        &mut owner,
        &ws,
        Trickle {
            chunks: [head].into(),
            stall: true,
        },
    )
    .await;
    assert_eq!(reply.status, StatusCode::REQUEST_TIMEOUT, "{}", reply.text);
    // The work stopped with the request: nothing of the batch it was reading is
    // written, not even after a while.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(found(&mut owner, &ws, "stalled").await, 0);

    // The next import runs as usual.
    let reply = upload(&mut owner, &ws, "name=quick.csv", &comments(10, "quick")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(found(&mut owner, &ws, "quick").await, 10);
}

/// A body that counts the chunks the server took from it.
struct Counted {
    inner: Trickle,
    taken: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl axum::body::HttpBody for Counted {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Self::Data>, Self::Error>>> {
        let frame = std::pin::Pin::new(&mut self.inner).poll_frame(cx);
        if let std::task::Poll::Ready(Some(_)) = &frame {
            self.taken
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        frame
    }
}

/// A preview answers from the first rows, but only once the whole file has been read:
/// a server that answers in the middle of an upload and closes the connection makes a
/// browser report a broken upload instead of the preview.
#[tokio::test]
async fn a_preview_reads_the_whole_upload_before_it_answers() {
    let app = App::new().await;
    let (mut owner, ws, _) = owner_with_example(&app).await;
    owner.refresh().await;
    let chunks: std::collections::VecDeque<Vec<u8>> = comments(5_000, "previewed")
        .into_bytes()
        .chunks(4096)
        .map(<[u8]>::to_vec)
        .collect();
    let sent = chunks.len();
    let taken = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let body = Counted {
        inner: Trickle {
            chunks,
            stall: false,
        },
        taken: taken.clone(),
    };
    let builder = Request::builder()
        .method(Method::POST)
        .uri(format!(
            "/api/workspaces/{ws}/evidence/import?name=big.csv&preview=true"
        ))
        .header("x-csrf-token", owner.csrf.clone())
        .header(header::CONTENT_TYPE, "text/csv");
    let reply = owner.request(builder, Body::new(body)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json()["rows"].as_array().map(Vec::len), Some(20));
    assert!(sent > 50, "the file is sent in many chunks: {sent}");
    assert_eq!(
        taken.load(std::sync::atomic::Ordering::Relaxed),
        sent,
        "every chunk of the upload was read before the answer"
    );
    assert_eq!(
        found(&mut owner, &ws, "previewed").await,
        0,
        "nothing written"
    );
}
