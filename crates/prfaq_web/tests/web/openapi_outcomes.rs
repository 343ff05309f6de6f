//! The outcome operations answering as the OpenAPI document lists them: called from
//! `openapi::every_answer_is_listed_with_its_schema`.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::openapi::Seen;
use crate::outcomes::{EVENTS, save_document, upload};
use crate::support::{App, Browser, api_save};

const REPORT: &str = "/api/documents/{id}/outcomes";
const EVENTS_PATH: &str = "/api/documents/{id}/outcomes/events";
const TABLE_PATH: &str = "/api/documents/{id}/outcomes/events/postgres";
const SOURCE: &str = "/api/documents/{id}/outcomes/source";
const REFRESH: &str = "/api/documents/{id}/outcomes/source/refresh";
const LIST: &str = "/api/documents/{id}/experiments";
const ONE: &str = "/api/documents/{id}/experiments/{eid}";

pub(crate) async fn outcome_answers(
    app: &App,
    spec: &Value,
    owner: &mut Browser,
    viewer: &mut Browser,
    doc: &str,
    seen: &mut Seen,
) {
    let report = format!("/api/documents/{doc}/outcomes");
    let list = format!("/api/documents/{doc}/experiments");
    owner.refresh().await;
    viewer.refresh().await;
    let mut check = |method: &str, template: &str, reply: &crate::support::Reply, status: u16| {
        assert_eq!(
            reply.status.as_u16(),
            status,
            "{method} {template}: {}",
            reply.text
        );
        seen.check(spec, method, template, reply);
    };

    let reply = owner.api(Method::GET, &report, None).await;
    check("GET", REPORT, &reply, 404);
    save_document(owner, doc).await;
    let reply = upload(owner, doc, "name=events.csv", EVENTS).await;
    check("POST", EVENTS_PATH, &reply, 200);
    let reply = upload(
        owner,
        doc,
        "name=events.csv",
        "user_id,event\nu1,app_opened\n",
    )
    .await;
    check("POST", EVENTS_PATH, &reply, 400);
    let reply = upload(viewer, doc, "name=events.csv", EVENTS).await;
    check("POST", EVENTS_PATH, &reply, 403);
    let reply = upload(owner, "4242", "name=events.csv", EVENTS).await;
    check("POST", EVENTS_PATH, &reply, 404);
    let table = format!("/api/documents/{doc}/outcomes/events/postgres");
    let body = json!({ "url": "postgres://ann@127.0.0.1:1/shop", "table": "events" });
    let reply = owner.api(Method::POST, &table, Some(body.clone())).await;
    check("POST", TABLE_PATH, &reply, 400);
    let reply = viewer.api(Method::POST, &table, Some(body.clone())).await;
    check("POST", TABLE_PATH, &reply, 403);
    let reply = owner
        .api(
            Method::POST,
            "/api/documents/4242/outcomes/events/postgres",
            Some(body),
        )
        .await;
    check("POST", TABLE_PATH, &reply, 404);

    // The stored source: none yet, set (a listed server; none listens there), shown
    // to every member, refreshed (400 naming the server), removed.
    let source = format!("/api/documents/{doc}/outcomes/source");
    let refresh = format!("{source}/refresh");
    let reply = owner.api(Method::GET, &source, None).await;
    check("GET", SOURCE, &reply, 404);
    let reply = owner.api(Method::POST, &refresh, None).await;
    check("POST", REFRESH, &reply, 404);
    let body = json!({ "url": "postgres://ann:s3cret@127.0.0.1:1/shop", "table": "events" });
    let reply = owner.api(Method::PUT, &source, Some(body.clone())).await;
    check("PUT", SOURCE, &reply, 200);
    let reply = viewer.api(Method::PUT, &source, Some(body.clone())).await;
    check("PUT", SOURCE, &reply, 403);
    let reply = owner
        .api(
            Method::PUT,
            &source,
            Some(json!({ "url": "postgres://ann@10.0.0.7/shop", "table": "events" })),
        )
        .await;
    check("PUT", SOURCE, &reply, 403);
    let reply = owner
        .api(
            Method::PUT,
            &source,
            Some(json!({ "url": "shop", "table": "events" })),
        )
        .await;
    check("PUT", SOURCE, &reply, 400);
    let reply = owner
        .api(
            Method::PUT,
            "/api/documents/4242/outcomes/source",
            Some(body.clone()),
        )
        .await;
    check("PUT", SOURCE, &reply, 404);
    let reply = viewer.api(Method::GET, &source, None).await;
    check("GET", SOURCE, &reply, 200);
    let reply = app.browser().get(&source).await;
    check("GET", SOURCE, &reply, 401);
    let reply = owner.api(Method::POST, &refresh, None).await;
    check("POST", REFRESH, &reply, 400);
    let reply = viewer.api(Method::POST, &refresh, None).await;
    check("POST", REFRESH, &reply, 403);
    let reply = viewer.api(Method::DELETE, &source, None).await;
    check("DELETE", SOURCE, &reply, 403);
    let reply = owner.api(Method::DELETE, &source, None).await;
    check("DELETE", SOURCE, &reply, 204);
    let reply = owner.api(Method::DELETE, &source, None).await;
    check("DELETE", SOURCE, &reply, 404);
    let reply = app.browser().get(&report).await;
    check("GET", REPORT, &reply, 401);
    let reply = viewer.api(Method::GET, &report, None).await;
    check("GET", REPORT, &reply, 200);
    let reply = viewer
        .api(Method::GET, &format!("{report}?format=pdf"), None)
        .await;
    check("GET", REPORT, &reply, 400);
    for (format, content_type, says) in [
        ("text", "text/plain; charset=utf-8", "funnel"),
        ("html", "text/html; charset=utf-8", "<svg"),
    ] {
        let reply = viewer
            .api(Method::GET, &format!("{report}?format={format}"), None)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(reply.header("content-type"), content_type);
        assert!(reply.text.contains(says), "{format}: {}", reply.text);
    }

    let body = json!({ "step": "1", "title": "Show the card first", "impact": 200 });
    let reply = owner.api(Method::POST, &list, Some(body.clone())).await;
    check("POST", LIST, &reply, 201);
    let id = reply.json()["id"].to_string();
    let reply = viewer.api(Method::POST, &list, Some(body)).await;
    check("POST", LIST, &reply, 403);
    let reply = owner
        .api(
            Method::POST,
            &list,
            Some(json!({ "step": "1", "title": "x", "impact": 0 })),
        )
        .await;
    check("POST", LIST, &reply, 400);
    let csrf = owner.csrf.clone();
    let builder = Request::builder()
        .method(Method::POST)
        .uri(&list)
        .header("x-csrf-token", csrf)
        .header(header::CONTENT_TYPE, "text/plain");
    let reply = owner.request(builder, Body::from("title=x")).await;
    check("POST", LIST, &reply, 415);
    let big = json!({ "step": "1", "title": "x", "hypothesis": "word ".repeat(20_000) });
    let reply = owner.api(Method::POST, &list, Some(big)).await;
    check("POST", LIST, &reply, 413);
    let reply = viewer.api(Method::GET, &list, None).await;
    check("GET", LIST, &reply, 200);
    let reply = app.browser().get(&list).await;
    check("GET", LIST, &reply, 401);

    let one = format!("/api/documents/{doc}/experiments/{id}");
    let reply = owner
        .api(Method::PATCH, &one, Some(json!({ "status": "running" })))
        .await;
    check("PATCH", ONE, &reply, 200);
    let reply = owner
        .api(
            Method::POST,
            &one,
            Some(json!({ "status": "done", "result": "+2 points" })),
        )
        .await;
    check("POST", ONE, &reply, 200);
    let reply = viewer
        .api(Method::PATCH, &one, Some(json!({ "status": "dropped" })))
        .await;
    check("PATCH", ONE, &reply, 403);
    let reply = owner
        .api(Method::POST, &one, Some(json!({ "status": "later" })))
        .await;
    check("POST", ONE, &reply, 400);
    let missing = format!("/api/documents/{doc}/experiments/4242");
    let reply = owner.api(Method::PATCH, &missing, Some(json!({}))).await;
    check("PATCH", ONE, &reply, 404);

    // A newest revision whose journey names no event cannot be measured.
    let current = owner
        .api(Method::GET, &format!("/api/documents/{doc}"), None)
        .await
        .json();
    let base = current["revision"]["number"].as_i64().expect("number");
    let text = current["text"]
        .as_str()
        .expect("text")
        .replace(" — event: ", " — ");
    let saved = api_save(owner, doc, base, &text).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    let reply = owner.api(Method::GET, &report, None).await;
    check("GET", REPORT, &reply, 409);
}
