//! The OpenAPI document says what the API does: every route of the router is in it and
//! nothing else, and every answer the API gives (successes and errors, made by handlers,
//! extractors or layers) is one the document lists for that operation, with a body that
//! matches the listed schema.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use prfaq_store::{Config, SqliteStore, testing};
use serde_json::{Value, json};

use crate::support::{
    App, Browser, Reply, api_save, bearer, fill_with_workspaces, invite, owner_and_viewer,
    owner_with_example, save_until_refused,
};

fn spec() -> Value {
    serde_json::from_str(prfaq_web::OPENAPI).expect("the OpenAPI document is JSON")
}

/// `(METHOD, path)` of every operation in the document.
fn documented(spec: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            out.insert((method.to_uppercase(), path.clone()));
        }
    }
    out
}

/// `(METHOD, path)` of every `.route("…", get(…).post(…))` in the router's source
/// whose path starts with `/api`. rustfmt may split a call over lines, so the call is
/// read up to its closing parenthesis.
fn routed() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for source in [
        include_str!("../../src/routes/mod.rs"),
        include_str!("../../src/routes/api.rs"),
        include_str!("../../src/routes/reviews.rs"),
        include_str!("../../src/routes/evidence.rs"),
        include_str!("../../src/routes/notices.rs"),
        include_str!("../../src/routes/outcomes.rs"),
    ] {
        let mut rest = source;
        while let Some(at) = rest.find(".route(") {
            let call = &rest[at + ".route(".len()..];
            let mut depth = 1;
            let end = call
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '(' => 1,
                        ')' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map(|(i, _)| i)
                .expect("a closed .route( call");
            let call = &call[..end];
            rest = &rest[at + ".route(".len() + end..];
            let path = call
                .split('"')
                .nth(1)
                .expect("the route's path is a string literal");
            if !path.starts_with("/api") {
                continue;
            }
            let handlers = &call[call.find(',').expect("a handler")..];
            let mut found = 0;
            for method in ["get", "post", "put", "patch", "delete"] {
                let mut from = 0;
                while let Some(i) = handlers[from..].find(&format!("{method}(")) {
                    let i = from + i;
                    let before = handlers[..i].chars().next_back().unwrap_or(' ');
                    if !(before.is_ascii_alphanumeric() || before == '_') {
                        out.insert((method.to_uppercase(), path.to_owned()));
                        found += 1;
                    }
                    from = i + 1;
                }
            }
            assert!(found > 0, "no method found for {path}: {call}");
        }
    }
    out
}

#[tokio::test]
async fn the_router_and_the_document_have_the_same_routes() {
    let spec = spec();
    let documented = documented(&spec);
    let routed = routed();
    assert!(routed.len() >= 18, "{routed:?}");
    let missing: Vec<_> = routed.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&routed).collect();
    assert!(
        missing.is_empty(),
        "routes missing from the document: {missing:?}"
    );
    assert!(extra.is_empty(), "documented but not routed: {extra:?}");

    // What the source says is what the router does: each documented method reaches its
    // route (an unknown token gets 401 from the route, a missing route 404), and every
    // other method gets 405.
    let app = App::new().await;
    let paths: BTreeSet<&String> = documented.iter().map(|(_, p)| p).collect();
    for path in paths {
        let concrete = path
            .replace("{ws}", "1")
            .replace("{id}", "1")
            .replace("{n}", "1")
            .replace("{link}", "1")
            .replace("{eid}", "1");
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
            let request = Request::builder()
                .method(method)
                .uri(&concrete)
                .header(header::AUTHORIZATION, "Bearer prfaq_pat_unknown")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .expect("request");
            let reply = app.send(request).await;
            let expected = if !documented.contains(&(method.to_owned(), path.clone())) {
                StatusCode::METHOD_NOT_ALLOWED
            } else if path == "/api/openapi.json" {
                StatusCode::OK
            } else {
                StatusCode::UNAUTHORIZED
            };
            assert_eq!(reply.status, expected, "{method} {path}: {}", reply.text);
        }
    }
}

/// Checks `value` against an OpenAPI 3.0 schema (the parts the document uses: `$ref`,
/// `allOf`, `type`, `nullable`, `properties`, `required`, `items`, `enum`, `minimum`,
/// `maximum`); returns what does not match.
fn violations(spec: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        let target = &spec["components"]["schemas"][name];
        assert!(!target.is_null(), "unknown schema {reference}");
        return violations(spec, target, value, at, out);
    }
    if let Some(all) = schema["allOf"].as_array() {
        for part in all {
            violations(spec, part, value, at, out);
        }
    }
    if value.is_null() {
        if schema["nullable"] != json!(true) && !schema.as_object().is_some_and(|o| o.is_empty()) {
            out.push(format!("{at}: null, but the schema is not nullable"));
        }
        return;
    }
    let type_ok = match schema["type"].as_str() {
        None => true,
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some(other) => panic!("unknown type {other}"),
    };
    if !type_ok {
        out.push(format!("{at}: {value} is not of type {}", schema["type"]));
        return;
    }
    if let Some(options) = schema["enum"].as_array()
        && !options.contains(value)
    {
        out.push(format!("{at}: {value} is not one of {options:?}"));
    }
    if let (Some(min), Some(n)) = (schema["minimum"].as_f64(), value.as_f64())
        && n < min
    {
        out.push(format!("{at}: {n} is below {min}"));
    }
    if let (Some(max), Some(n)) = (schema["maximum"].as_f64(), value.as_f64())
        && n > max
    {
        out.push(format!("{at}: {n} is above {max}"));
    }
    if let Some(required) = schema["required"].as_array() {
        for key in required.iter().filter_map(Value::as_str) {
            if value.get(key).is_none() {
                out.push(format!("{at}: `{key}` is missing"));
            }
        }
    }
    if let (Some(properties), Some(object)) = (schema["properties"].as_object(), value.as_object())
    {
        for (key, sub) in properties {
            if let Some(v) = object.get(key) {
                violations(spec, sub, v, &format!("{at}.{key}"), out);
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, v) in array.iter().enumerate() {
            violations(spec, items, v, &format!("{at}[{i}]"), out);
        }
    }
}

/// Every answer checked so far, as `METHOD path status`, to show what was covered.
#[derive(Default)]
pub(crate) struct Seen(BTreeSet<String>);

impl Seen {
    /// Asserts that `reply` is an answer the document lists for `method path`, with a body
    /// that matches the listed schema.
    pub(crate) fn check(&mut self, spec: &Value, method: &str, path: &str, reply: &Reply) {
        let operation = &spec["paths"][path][method.to_lowercase()];
        assert!(!operation.is_null(), "{method} {path} is not documented");
        let status = reply.status.as_u16().to_string();
        let mut response = &operation["responses"][&status];
        assert!(
            !response.is_null(),
            "{method} {path} answered {status}, which the document does not list: {}",
            reply.text
        );
        if let Some(reference) = response["$ref"].as_str() {
            let name = reference.trim_start_matches("#/components/responses/");
            response = &spec["components"]["responses"][name];
            assert!(!response.is_null(), "unknown response {reference}");
        }
        match response["content"]["application/json"]["schema"].as_object() {
            Some(_) => {
                assert_eq!(
                    reply.header("content-type"),
                    "application/json",
                    "{method} {path} {status}"
                );
                let schema = &response["content"]["application/json"]["schema"];
                let mut out = Vec::new();
                violations(spec, schema, &reply.json(), "body", &mut out);
                assert!(
                    out.is_empty(),
                    "{method} {path} {status}: {out:#?}\n{}",
                    reply.text
                );
            }
            None => assert!(
                reply.text.is_empty(),
                "{method} {path} {status} has a body the document does not describe: {}",
                reply.text
            ),
        }
        self.0.insert(format!("{method} {path} {status}"));
    }
}

/// A request with the session cookie and a body sent exactly as given.
async fn raw(
    browser: &mut Browser,
    method: Method,
    path: &str,
    content_type: &str,
    csrf: bool,
    body: &str,
) -> Reply {
    let mut builder = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, content_type);
    if csrf {
        builder = builder.header("x-csrf-token", browser.csrf.clone());
    }
    browser.request(builder, Body::from(body.to_owned())).await
}

#[tokio::test]
async fn every_answer_is_listed_with_its_schema() {
    let spec = spec();
    let app = App::with(|c| {
        c.max_body_bytes = 64 * 1024;
        c.events_hosts = vec!["127.0.0.1".to_owned()];
        c.secrets_key = Some(prfaq_store::SecretsKey::generate().expect("key"));
    })
    .await;
    let (mut owner, mut viewer, ws, doc) = owner_and_viewer(&app).await;
    let mut seen = Seen::default();
    let big = json!({ "text": "word ".repeat(20_000) }).to_string();
    let ws_docs = format!("/api/workspaces/{ws}/documents");
    let d = format!("/api/documents/{doc}");
    const DOC: &str = "/api/documents/{id}";

    let reply = app.browser().get("/api/openapi.json").await;
    seen.check(&spec, "GET", "/api/openapi.json", &reply);

    // Reading.
    for (path, template) in [
        ("/api/me".to_owned(), "/api/me"),
        ("/api/workspaces".to_owned(), "/api/workspaces"),
        (ws_docs.clone(), "/api/workspaces/{ws}/documents"),
        (
            format!("{ws_docs}?q=quick&archived=true"),
            "/api/workspaces/{ws}/documents",
        ),
        (d.clone(), DOC),
        (format!("{d}/check"), "/api/documents/{id}/check"),
        (format!("{d}/revisions"), "/api/documents/{id}/revisions"),
        (
            format!("{d}/revisions/1"),
            "/api/documents/{id}/revisions/{n}",
        ),
        ("/api/tokens".to_owned(), "/api/tokens"),
    ] {
        let reply = owner.api(Method::GET, &path, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text);
        seen.check(&spec, "GET", template, &reply);
        let reply = app.browser().get(&path).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path}");
        seen.check(&spec, "GET", template, &reply);
    }
    for (path, template, status) in [
        (
            format!("{ws_docs}?archived=maybe"),
            "/api/workspaces/{ws}/documents",
            400,
        ),
        (
            "/api/workspaces/1/documents".to_owned(),
            "/api/workspaces/{ws}/documents",
            404,
        ),
        ("/api/documents/1".to_owned(), DOC, 404),
        ("/api/documents/%FF".to_owned(), DOC, 400),
        (
            format!("{d}/revisions/99"),
            "/api/documents/{id}/revisions/{n}",
            404,
        ),
        (format!("{d}/diff?from=1"), "/api/documents/{id}/diff", 400),
        (
            format!("{d}/diff?from=1&to=9"),
            "/api/documents/{id}/diff",
            404,
        ),
    ] {
        let reply = owner.api(Method::GET, &path, None).await;
        assert_eq!(reply.status.as_u16(), status, "{path}: {}", reply.text);
        seen.check(&spec, "GET", template, &reply);
    }

    // Checking and previewing.
    for text in [prfaq_web::EXAMPLE_DOCUMENT, "", "  \n"] {
        let reply = owner
            .api(Method::POST, "/api/check", Some(json!({ "text": text })))
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        seen.check(&spec, "POST", "/api/check", &reply);
    }
    let reply = owner
        .api(
            Method::POST,
            "/api/preview",
            Some(json!({ "text": "# Hi" })),
        )
        .await;
    seen.check(&spec, "POST", "/api/preview", &reply);
    for (path, content_type, csrf, body, status) in [
        ("/api/check", "application/json", true, "{\"text\": 12", 400),
        (
            "/api/check",
            "application/json",
            true,
            "{\"text\": \"x\", \"path\": null}",
            400,
        ),
        ("/api/check", "application/json", true, "[]", 400),
        ("/api/check", "text/plain", true, "{\"text\": \"x\"}", 415),
        (
            "/api/check",
            "application/json",
            false,
            "{\"text\": \"x\"}",
            403,
        ),
        ("/api/check", "application/json", true, big.as_str(), 413),
        ("/api/preview", "application/json", true, "{}", 400),
        (
            "/api/preview",
            "application/x-www-form-urlencoded",
            true,
            "text=x",
            415,
        ),
    ] {
        let reply = raw(&mut owner, Method::POST, path, content_type, csrf, body).await;
        assert_eq!(
            reply.status.as_u16(),
            status,
            "{path} {body:.40}: {}",
            reply.text
        );
        seen.check(&spec, "POST", path, &reply);
    }

    // Creating, saving, changing, restoring.
    let template = "/api/workspaces/{ws}/documents";
    for (as_viewer, body, status) in [
        (false, json!({ "text": "# Pantry\n\nText." }), 201),
        (false, json!({ "title": "Plan", "template": "vision" }), 201),
        (false, json!({ "text": "" }), 400),
        (false, json!({ "title": "Plan", "template": "poster" }), 400),
        (true, json!({ "title": "Plan" }), 403),
    ] {
        let browser = if as_viewer { &mut viewer } else { &mut owner };
        let reply = browser
            .api(Method::POST, &ws_docs, Some(body.clone()))
            .await;
        assert_eq!(reply.status.as_u16(), status, "{body}: {}", reply.text);
        seen.check(&spec, "POST", template, &reply);
    }
    let reply = api_save(&mut owner, &doc, 1, "# Changed\n\nOnce.").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    seen.check(&spec, "PUT", DOC, &reply);
    for (as_viewer, base, text, status) in [
        (false, 1, "# Changed\n\nTwice.", 409),
        (false, 2, "  ", 400),
        (true, 2, "# Defaced", 403),
    ] {
        let browser = if as_viewer { &mut viewer } else { &mut owner };
        let reply = api_save(browser, &doc, base, text).await;
        assert_eq!(reply.status.as_u16(), status, "{text}: {}", reply.text);
        seen.check(&spec, "PUT", DOC, &reply);
    }
    let reply = raw(&mut owner, Method::PUT, &d, "application/json", true, &big).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    seen.check(&spec, "PUT", DOC, &reply);
    for (as_viewer, body, status) in [
        (
            false,
            json!({ "title": "Renamed", "status": "in-review", "reason": "ready" }),
            200,
        ),
        (false, json!({ "status": "approved" }), 409),
        (false, json!({ "status": "declined" }), 400),
        (false, json!({ "archived": true }), 200),
        (false, json!({ "archived": false }), 200),
        (false, json!({ "status": "finished" }), 400),
        (false, json!({ "title": null }), 400),
        (true, json!({ "title": "Mine" }), 403),
    ] {
        let browser = if as_viewer { &mut viewer } else { &mut owner };
        let reply = browser.api(Method::PATCH, &d, Some(body.clone())).await;
        assert_eq!(reply.status.as_u16(), status, "{body}: {}", reply.text);
        seen.check(&spec, "PATCH", DOC, &reply);
    }
    let restore = "/api/documents/{id}/revisions/{n}/restore";
    for (as_viewer, n, body, status) in [
        (false, 1, json!({ "base_revision": 2 }), 200),
        (false, 1, json!({ "base_revision": 2 }), 409),
        (false, 9, json!({ "base_revision": 3 }), 404),
        (false, 1, json!({}), 400),
        (true, 1, json!({ "base_revision": 3 }), 403),
    ] {
        let browser = if as_viewer { &mut viewer } else { &mut owner };
        let path = format!("{d}/revisions/{n}/restore");
        let reply = browser.api(Method::POST, &path, Some(body.clone())).await;
        assert_eq!(
            reply.status.as_u16(),
            status,
            "{path} {body}: {}",
            reply.text
        );
        seen.check(&spec, "POST", restore, &reply);
    }
    let reply = owner
        .api(Method::GET, &format!("{d}/diff?from=1&to=3"), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    seen.check(&spec, "GET", "/api/documents/{id}/diff", &reply);

    // Tokens.
    let reply = owner
        .api(
            Method::POST,
            "/api/tokens",
            Some(json!({ "name": "laptop", "scope": "read" })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    seen.check(&spec, "POST", "/api/tokens", &reply);
    let secret = reply.json()["secret"].as_str().expect("secret").to_owned();
    let id = reply.json()["token"]["id"].to_string();
    for (as_viewer, body, status) in [
        (false, json!({ "name": "", "scope": "read" }), 400),
        (false, json!({ "name": "x", "scope": "admin" }), 400),
        (true, json!({ "name": "x", "scope": "write" }), 403),
    ] {
        let browser = if as_viewer { &mut viewer } else { &mut owner };
        let reply = browser
            .api(Method::POST, "/api/tokens", Some(body.clone()))
            .await;
        assert_eq!(reply.status.as_u16(), status, "{body}: {}", reply.text);
        seen.check(&spec, "POST", "/api/tokens", &reply);
    }
    // A read token: reads, and is refused writes and token management.
    let reply = bearer(&app, Method::GET, &d, &secret, None).await;
    seen.check(&spec, "GET", DOC, &reply);
    let reply = bearer(&app, Method::GET, "/api/tokens", &secret, None).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    seen.check(&spec, "GET", "/api/tokens", &reply);
    let body = json!({ "base_revision": 3, "text": "# By token" });
    let reply = bearer(&app, Method::PUT, &d, &secret, Some(body)).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    seen.check(&spec, "PUT", DOC, &reply);
    let reply = bearer(
        &app,
        Method::DELETE,
        &format!("/api/tokens/{id}"),
        &secret,
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    seen.check(&spec, "DELETE", "/api/tokens/{id}", &reply);
    // Revoking is idempotent; a token that is not the caller's is not found.
    for (token, status) in [(id.as_str(), 204), (id.as_str(), 204), ("4242", 404)] {
        let reply = owner
            .api(Method::DELETE, &format!("/api/tokens/{token}"), None)
            .await;
        assert_eq!(reply.status.as_u16(), status, "{}", reply.text);
        seen.check(&spec, "DELETE", "/api/tokens/{id}", &reply);
    }
    let reply = bearer(&app, Method::GET, &d, &secret, None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "a revoked token");
    seen.check(&spec, "GET", DOC, &reply);

    review_answers(&app, &spec, &mut owner, &mut viewer, &ws, &mut seen).await;
    evidence_answers(&spec, &mut owner, &mut viewer, &ws, &doc, &mut seen).await;
    crate::openapi_notices::notice_answers(&app, &spec, &mut owner, &mut viewer, &mut seen).await;
    crate::openapi_outcomes::outcome_answers(&app, &spec, &mut owner, &mut viewer, &doc, &mut seen)
        .await;

    // Every operation was seen answering, most of them more than one way.
    let operations: BTreeSet<String> = seen
        .0
        .iter()
        .map(|s| s.rsplit_once(' ').expect("status").0.to_owned())
        .collect();
    assert_eq!(operations.len(), documented(&spec).len(), "{:#?}", seen.0);
    assert!(seen.0.len() >= 50, "{:#?}", seen.0);
}

/// The review's operations, each answering as it succeeds and as it refuses.
async fn review_answers(
    app: &App,
    spec: &Value,
    owner: &mut Browser,
    viewer: &mut Browser,
    ws: &str,
    seen: &mut Seen,
) {
    let mut rae = invite(app, owner, ws, "Rae", "rae@example.com", "reviewer").await;
    // A document the checker finds no error in.
    let text = include_str!("../../../../examples/quick-reorder.md");
    let reply = owner
        .api(
            Method::POST,
            &format!("/api/workspaces/{ws}/documents"),
            Some(json!({ "text": text })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let doc = reply.json()["document"]["id"].to_string();
    let d = format!("/api/documents/{doc}");
    let mut call = async |who: &mut Browser,
                          method: Method,
                          path: &str,
                          template: &str,
                          body: Option<Value>,
                          status: u16| {
        let reply = who.api(method.clone(), path, body).await;
        assert_eq!(
            reply.status.as_u16(),
            status,
            "{method} {path}: {}",
            reply.text
        );
        seen.check(spec, method.as_str(), template, &reply);
        reply
    };
    let functions = format!("/api/workspaces/{ws}/review-functions");
    const FUNCTIONS: &str = "/api/workspaces/{ws}/review-functions";
    call(
        owner,
        Method::PUT,
        &functions,
        FUNCTIONS,
        Some(json!({ "name": "Finance", "required": false })),
        200,
    )
    .await;
    call(
        owner,
        Method::PUT,
        &functions,
        FUNCTIONS,
        Some(json!({ "name": " " })),
        400,
    )
    .await;
    call(
        viewer,
        Method::PUT,
        &functions,
        FUNCTIONS,
        Some(json!({ "name": "ops" })),
        403,
    )
    .await;
    call(viewer, Method::GET, &functions, FUNCTIONS, None, 200).await;
    call(
        viewer,
        Method::GET,
        "/api/workspaces/4242/review-functions",
        FUNCTIONS,
        None,
        404,
    )
    .await;

    let requests = format!("{d}/review/requests");
    const REQUESTS: &str = "/api/documents/{id}/review/requests";
    let asked = json!({ "reviewers": [{ "email": "rae@example.com", "function": "finance", "required": true }] });
    call(
        viewer,
        Method::POST,
        &requests,
        REQUESTS,
        Some(asked.clone()),
        403,
    )
    .await;
    call(
        owner,
        Method::POST,
        &requests,
        REQUESTS,
        Some(json!({ "reviewers": [] })),
        400,
    )
    .await;
    call(owner, Method::POST, &requests, REQUESTS, Some(asked), 201).await;

    let threads = format!("{d}/review/threads");
    const THREADS: &str = "/api/documents/{id}/review/threads";
    let concern = call(
        &mut rae,
        Method::POST,
        &threads,
        THREADS,
        Some(json!({ "quote": "one tap", "body": "What does it cost?", "concern": true })),
        201,
    )
    .await;
    let concern = concern.json()["id"].to_string();
    call(
        &mut rae,
        Method::POST,
        &threads,
        THREADS,
        Some(json!({ "body": "Where?" })),
        400,
    )
    .await;
    call(
        viewer,
        Method::POST,
        &threads,
        THREADS,
        Some(json!({ "quote": "one tap", "body": "x" })),
        403,
    )
    .await;
    call(
        &mut rae,
        Method::POST,
        "/api/documents/4242/review/threads",
        THREADS,
        Some(json!({ "quote": "one tap", "body": "x" })),
        404,
    )
    .await;
    let comment = call(
        &mut rae,
        Method::POST,
        &threads,
        THREADS,
        Some(json!({ "quote": "Parents who shop", "body": "Which ones?" })),
        201,
    )
    .await;
    let comment = comment.json()["id"].to_string();
    let suggestion = call(
        &mut rae,
        Method::POST,
        &threads,
        THREADS,
        Some(json!({ "quote": "nearly the same groceries", "body": "Plainer", "suggestion": "almost the same groceries" })),
        201,
    )
    .await;
    let suggestion = suggestion.json()["id"].to_string();

    const REPLIES: &str = "/api/threads/{id}/replies";
    call(
        owner,
        Method::POST,
        &format!("/api/threads/{comment}/replies"),
        REPLIES,
        Some(json!({ "body": "All of them." })),
        201,
    )
    .await;
    call(
        viewer,
        Method::POST,
        &format!("/api/threads/{comment}/replies"),
        REPLIES,
        Some(json!({ "body": "me too" })),
        403,
    )
    .await;
    call(
        owner,
        Method::POST,
        "/api/threads/4242/replies",
        REPLIES,
        Some(json!({ "body": "?" })),
        404,
    )
    .await;

    const RESOLVE: &str = "/api/threads/{id}/resolve";
    const REOPEN: &str = "/api/threads/{id}/reopen";
    call(
        owner,
        Method::POST,
        &format!("/api/threads/{comment}/resolve"),
        RESOLVE,
        Some(json!({})),
        400,
    )
    .await;
    call(
        owner,
        Method::POST,
        &format!("/api/threads/{comment}/resolve"),
        RESOLVE,
        Some(json!({ "reason": "answered" })),
        200,
    )
    .await;
    call(
        viewer,
        Method::POST,
        &format!("/api/threads/{comment}/reopen"),
        REOPEN,
        Some(json!({})),
        403,
    )
    .await;
    call(
        &mut rae,
        Method::POST,
        &format!("/api/threads/{comment}/reopen"),
        REOPEN,
        Some(json!({})),
        200,
    )
    .await;
    call(
        &mut rae,
        Method::POST,
        &format!("/api/threads/{comment}/reopen"),
        REOPEN,
        Some(json!({})),
        409,
    )
    .await;
    call(
        &mut rae,
        Method::POST,
        &format!("/api/threads/{comment}/resolve"),
        RESOLVE,
        Some(json!({})),
        200,
    )
    .await;

    const ANSWER: &str = "/api/threads/{id}/answer";
    call(
        &mut rae,
        Method::POST,
        &format!("/api/threads/{concern}/answer"),
        ANSWER,
        Some(json!({ "question": "Who pays for delivery?" })),
        403,
    )
    .await;
    call(
        owner,
        Method::POST,
        &format!("/api/threads/{comment}/answer"),
        ANSWER,
        Some(json!({ "question": "Who pays for delivery?" })),
        400,
    )
    .await;
    let answered = call(
        owner,
        Method::POST,
        &format!("/api/threads/{concern}/answer"),
        ANSWER,
        Some(json!({ "question": "how much does it cost" })),
        200,
    )
    .await;
    assert_eq!(answered.json()["resolved"], true, "{}", answered.text);

    const DECISION: &str = "/api/threads/{id}/decision";
    call(
        owner,
        Method::POST,
        &format!("/api/threads/{suggestion}/decision"),
        DECISION,
        Some(json!({ "decision": "maybe" })),
        400,
    )
    .await;
    call(
        &mut rae,
        Method::POST,
        &format!("/api/threads/{suggestion}/decision"),
        DECISION,
        Some(json!({ "decision": "accept" })),
        403,
    )
    .await;
    call(
        owner,
        Method::POST,
        &format!("/api/threads/{suggestion}/decision"),
        DECISION,
        Some(json!({ "decision": "accept", "base_revision": 9 })),
        409,
    )
    .await;
    call(
        owner,
        Method::POST,
        &format!("/api/threads/{suggestion}/decision"),
        DECISION,
        Some(json!({ "decision": "accept", "base_revision": 2 })),
        200,
    )
    .await;
    call(
        owner,
        Method::POST,
        &format!("/api/threads/{suggestion}/decision"),
        DECISION,
        Some(json!({ "decision": "reject", "reason": "no" })),
        409,
    )
    .await;

    let verdicts = format!("{d}/review/verdicts");
    const VERDICTS: &str = "/api/documents/{id}/review/verdicts";
    call(
        owner,
        Method::POST,
        &verdicts,
        VERDICTS,
        Some(json!({ "verdict": "approve" })),
        403,
    )
    .await;
    call(
        &mut rae,
        Method::POST,
        &verdicts,
        VERDICTS,
        Some(json!({ "verdict": "yes" })),
        400,
    )
    .await;
    let approved = call(
        &mut rae,
        Method::POST,
        &verdicts,
        VERDICTS,
        Some(json!({ "verdict": "approve", "body": "Go." })),
        201,
    )
    .await;
    assert_eq!(approved.json()["status"], "aligned", "{}", approved.text);

    const REVIEW: &str = "/api/documents/{id}/review";
    const STATUS: &str = "/api/documents/{id}/review/status";
    call(
        viewer,
        Method::GET,
        &format!("{d}/review"),
        REVIEW,
        None,
        200,
    )
    .await;
    call(
        viewer,
        Method::GET,
        "/api/documents/4242/review",
        REVIEW,
        None,
        404,
    )
    .await;
    let status = call(
        viewer,
        Method::GET,
        &format!("{d}/review/status"),
        STATUS,
        None,
        200,
    )
    .await;
    assert_eq!(status.json()["aligned"], true, "{}", status.text);
    call(
        viewer,
        Method::GET,
        "/api/documents/4242/review/status",
        STATUS,
        None,
        404,
    )
    .await;
    call(
        owner,
        Method::POST,
        &format!("{d}/review/status"),
        STATUS,
        Some(json!({ "status": "aligned", "reason": "x" })),
        400,
    )
    .await;
    call(
        &mut rae,
        Method::POST,
        &format!("{d}/review/status"),
        STATUS,
        Some(json!({ "status": "approved" })),
        403,
    )
    .await;
    call(
        owner,
        Method::POST,
        &format!("{d}/review/status"),
        STATUS,
        Some(json!({ "status": "approved" })),
        200,
    )
    .await;
    call(
        owner,
        Method::POST,
        &format!("{d}/review/status"),
        STATUS,
        Some(json!({ "status": "approved" })),
        409,
    )
    .await;

    const ASSUMPTIONS: &str = "/api/documents/{id}/assumptions";
    const ASSUMPTION: &str = "/api/assumptions/{id}";
    call(
        viewer,
        Method::POST,
        &format!("{d}/assumptions"),
        ASSUMPTIONS,
        Some(json!({ "text": "a", "test": "b" })),
        403,
    )
    .await;
    call(
        owner,
        Method::POST,
        &format!("{d}/assumptions"),
        ASSUMPTIONS,
        Some(json!({ "text": "a", "test": " " })),
        400,
    )
    .await;
    let assumption = call(
        owner,
        Method::POST,
        &format!("{d}/assumptions"),
        ASSUMPTIONS,
        Some(json!({ "text": "Baskets repeat", "test": "Order logs" })),
        201,
    )
    .await;
    let assumption = assumption.json()["id"].to_string();
    call(
        owner,
        Method::POST,
        &format!("/api/assumptions/{assumption}"),
        ASSUMPTION,
        Some(json!({ "state": "wobbly" })),
        400,
    )
    .await;
    call(
        viewer,
        Method::POST,
        &format!("/api/assumptions/{assumption}"),
        ASSUMPTION,
        Some(json!({ "state": "holds" })),
        403,
    )
    .await;
    call(
        owner,
        Method::POST,
        "/api/assumptions/4242",
        ASSUMPTION,
        Some(json!({ "state": "holds" })),
        404,
    )
    .await;
    call(
        &mut rae,
        Method::POST,
        &format!("/api/assumptions/{assumption}"),
        ASSUMPTION,
        Some(json!({ "state": "broken", "note": "a third repeat" })),
        200,
    )
    .await;
    let status = call(
        viewer,
        Method::GET,
        &format!("{d}/review/status"),
        STATUS,
        None,
        200,
    )
    .await;
    assert_eq!(
        status.json()["status"],
        "in-review",
        "a broken assumption reopens the review"
    );

    let waiting = call(
        &mut rae,
        Method::GET,
        "/api/review/waiting",
        "/api/review/waiting",
        None,
        200,
    )
    .await;
    assert!(waiting.json()["waiting"].is_array());
    let reply = app.browser().get("/api/review/waiting").await;
    seen.check(spec, "GET", "/api/review/waiting", &reply);
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

/// A full disk under the database: the API's writes that find no room (a save, a new
/// document, a restore, a new or revoked token) answer 507 with the error schema, and the
/// document lists 507 for each of them.
#[tokio::test]
async fn a_full_disk_is_an_answer_the_document_lists() {
    let spec = spec();
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = SqliteStore::open(&dir.path().join("prfaq.db"), &Config::default())
        .await
        .expect("open the store");
    let sqlite = Arc::new(sqlite);
    let app = App::over(sqlite.clone(), dir, |_| {});
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let mut seen = Seen::default();
    let d = format!("/api/documents/{doc}");
    const DOC: &str = "/api/documents/{id}";
    let grown = |base: i64| format!("# Plan\n\n{}", format!("Revision {base}. ").repeat(300));
    let full = |reply: &Reply| {
        assert_eq!(
            reply.status,
            StatusCode::INSUFFICIENT_STORAGE,
            "{}",
            reply.text
        );
        assert_eq!(reply.json()["error"]["code"], "storage_full");
    };

    // The owner's saves take the last pages, then new workspaces the last room in them.
    testing::limit_sqlite_pages(&sqlite, Some(1))
        .await
        .expect("cap the pages");
    let (refused, base) = save_until_refused(&mut owner, &doc, grown).await;
    full(&refused);
    seen.check(&spec, "PUT", DOC, &refused);
    fill_with_workspaces(&app, "dana@example.com").await;

    let reply = api_save(&mut owner, &doc, base, &grown(base)).await;
    full(&reply);
    seen.check(&spec, "PUT", DOC, &reply);
    // A small new document may still fit in a page with room left; new ones are made
    // until one does not.
    let mut made = 0;
    let reply = loop {
        assert!(made < 5_000, "the database never filled up");
        let reply = owner
            .api(
                Method::POST,
                &format!("/api/workspaces/{ws}/documents"),
                Some(json!({ "title": format!("Split a Bill {made}"), "template": "vision" })),
            )
            .await;
        if reply.status != StatusCode::CREATED {
            break reply;
        }
        made += 1;
    };
    full(&reply);
    seen.check(&spec, "POST", "/api/workspaces/{ws}/documents", &reply);
    let reply = owner
        .api(
            Method::POST,
            &format!("{d}/revisions/1/restore"),
            Some(json!({ "base_revision": base })),
        )
        .await;
    full(&reply);
    seen.check(
        &spec,
        "POST",
        "/api/documents/{id}/revisions/{n}/restore",
        &reply,
    );
    // Tokens are small: new ones fit until their last page is full too.
    let mut made = Vec::new();
    let refused = loop {
        assert!(made.len() < 5_000, "the database never filled up");
        let reply = owner
            .api(
                Method::POST,
                "/api/tokens",
                Some(json!({ "name": format!("desk {}", made.len()), "scope": "read" })),
            )
            .await;
        if reply.status != StatusCode::CREATED {
            break reply;
        }
        made.push(reply.json()["token"]["id"].to_string());
    };
    full(&refused);
    seen.check(&spec, "POST", "/api/tokens", &refused);
    // A revoked token's row grows by the time of revoking, until its page has no room.
    let mut refused = None;
    for id in &made {
        let reply = owner
            .api(Method::DELETE, &format!("/api/tokens/{id}"), None)
            .await;
        if reply.status != StatusCode::NO_CONTENT {
            refused = Some(reply);
            break;
        }
    }
    let refused = refused.expect("revoking never found the disk full");
    full(&refused);
    seen.check(&spec, "DELETE", "/api/tokens/{id}", &refused);
    assert_eq!(seen.0.len(), 5, "{:#?}", seen.0);
}

/// Customer evidence's operations, each answering as it succeeds and as it refuses.
async fn evidence_answers(
    spec: &Value,
    owner: &mut Browser,
    viewer: &mut Browser,
    ws: &str,
    doc: &str,
    seen: &mut Seen,
) {
    const IMPORT: &str = "/api/workspaces/{ws}/evidence/import";
    const SEARCH: &str = "/api/workspaces/{ws}/evidence/search";
    const SOURCES: &str = "/api/workspaces/{ws}/evidence/sources";
    const DELETE: &str = "/api/workspaces/{ws}/evidence/customers/delete";
    const SUGGEST: &str = "/api/documents/{id}/evidence/suggestions";
    const COVERAGE: &str = "/api/documents/{id}/evidence/coverage";
    const LINKS: &str = "/api/documents/{id}/evidence/links";
    const LINK: &str = "/api/documents/{id}/evidence/links/{link}";
    let csv = "Body,Email,Date\nReordering groceries takes forever,ann@example.com,2026-01-02\n,bo@example.com,2026-01-03\n";
    let w = format!("/api/workspaces/{ws}/evidence");
    let d = format!("/api/documents/{doc}/evidence");
    for (query, status) in [
        ("name=f.csv&preview=true", 200),
        ("name=f.csv", 200),
        ("name=f.txt", 400),
    ] {
        let reply = raw(
            owner,
            Method::POST,
            &format!("{w}/import?{query}"),
            "text/csv",
            true,
            csv,
        )
        .await;
        assert_eq!(reply.status.as_u16(), status, "{query}: {}", reply.text);
        seen.check(spec, "POST", IMPORT, &reply);
    }
    const PROGRESS: &str = "/api/workspaces/{ws}/evidence/import/progress";
    let reply = raw(
        owner,
        Method::POST,
        &format!("{w}/import?name=f.csv&upload=openapi"),
        "text/csv",
        true,
        csv,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    seen.check(spec, "POST", IMPORT, &reply);
    for (query, status) in [
        ("upload=openapi", 200),
        ("upload=nothing", 404),
        ("upload=a%2Fb", 400),
    ] {
        let reply = owner
            .api(Method::GET, &format!("{w}/import/progress?{query}"), None)
            .await;
        assert_eq!(reply.status.as_u16(), status, "{query}: {}", reply.text);
        seen.check(spec, "GET", PROGRESS, &reply);
    }
    let reply = raw(
        viewer,
        Method::POST,
        &format!("{w}/import?name=f.csv"),
        "text/csv",
        true,
        csv,
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    seen.check(spec, "POST", IMPORT, &reply);
    let reply = raw(
        owner,
        Method::POST,
        "/api/workspaces/4242/evidence/import?name=f.csv",
        "text/csv",
        true,
        csv,
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    seen.check(spec, "POST", IMPORT, &reply);
    for (path, template, status) in [
        (format!("{w}/search?q=groceries"), SEARCH, 200),
        (format!("{w}/search?q=groceries&from=soon"), SEARCH, 400),
        (format!("{w}/sources"), SOURCES, 200),
        (
            "/api/workspaces/4242/evidence/sources".to_owned(),
            SOURCES,
            404,
        ),
        (format!("{d}/suggestions"), SUGGEST, 200),
        (format!("{d}/suggestions?limit=0"), SUGGEST, 400),
        (format!("{d}/coverage"), COVERAGE, 200),
        (
            "/api/documents/4242/evidence/coverage".to_owned(),
            COVERAGE,
            404,
        ),
    ] {
        let reply = owner.api(Method::GET, &path, None).await;
        assert_eq!(reply.status.as_u16(), status, "{path}: {}", reply.text);
        seen.check(spec, "GET", template, &reply);
    }
    let hit = owner
        .api(Method::GET, &format!("{w}/search?q=groceries"), None)
        .await
        .json()["results"][0]["id"]
        .clone();
    let body =
        json!({ "claim_kind": "problem", "claim_text": "Reordering is slow", "feedback": hit });
    let reply = owner
        .api(Method::POST, &format!("{d}/links"), Some(body.clone()))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    seen.check(spec, "POST", LINKS, &reply);
    let link = reply.json()["id"].to_string();
    let reply = viewer
        .api(Method::POST, &format!("{d}/links"), Some(body))
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    seen.check(spec, "POST", LINKS, &reply);
    let reply = owner
        .api(
            Method::POST,
            &format!("{d}/links"),
            Some(json!({ "claim_kind": "x" })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    seen.check(spec, "POST", LINKS, &reply);
    let reply = owner.api(Method::GET, &format!("{d}/coverage"), None).await;
    seen.check(spec, "GET", COVERAGE, &reply);
    for (as_owner, status) in [(false, 403), (true, 204), (true, 404)] {
        let who = if as_owner { &mut *owner } else { &mut *viewer };
        let reply = who
            .api(Method::DELETE, &format!("{d}/links/{link}"), None)
            .await;
        assert_eq!(reply.status.as_u16(), status, "{}", reply.text);
        seen.check(spec, "DELETE", LINK, &reply);
    }
    const REAL_QUOTE: &str = "/api/documents/{id}/evidence/real-quote";
    let coverage = owner
        .api(Method::GET, &format!("{d}/coverage"), None)
        .await
        .json();
    let quote = coverage["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|c| c["kind"] == "customer-quote")
        .expect("a customer quote")["text"]
        .clone();
    let base = coverage["revision"].as_i64().expect("revision");
    let reply = owner
        .api(
            Method::POST,
            &format!("{d}/links"),
            Some(json!({ "claim_kind": "customer-quote", "claim_text": quote, "feedback": hit })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let link = reply.json()["id"].clone();
    let real = |base: i64| json!({ "link": link, "base_revision": base, "attribution": "anonymous", "segment": "parents" });
    for (as_owner, body, status) in [
        (false, real(base), 403),
        (
            true,
            json!({ "link": link, "base_revision": base, "attribution": "anonymous" }),
            400,
        ),
        (true, real(base - 1), 409),
        (true, real(base), 200),
    ] {
        let who = if as_owner { &mut *owner } else { &mut *viewer };
        let reply = who
            .api(Method::POST, &format!("{d}/real-quote"), Some(body))
            .await;
        assert_eq!(reply.status.as_u16(), status, "{}", reply.text);
        seen.check(spec, "POST", REAL_QUOTE, &reply);
    }
    const THEMES: &str = "/api/workspaces/{ws}/evidence/themes";
    const CHOICES: &str = "/api/workspaces/{ws}/evidence/themes/choices";
    let reply = owner.api(Method::GET, &format!("{w}/themes"), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    seen.check(spec, "GET", THEMES, &reply);
    // One comment makes no theme; a choice naming no comment is still a valid choice.
    let keys = match reply.json()["themes"][0]["keys"].clone() {
        Value::Null => json!([]),
        keys => keys,
    };
    let reply = owner
        .api(Method::GET, "/api/workspaces/4242/evidence/themes", None)
        .await;
    seen.check(spec, "GET", THEMES, &reply);
    let rename =
        json!({ "choices": [{ "choice": "rename", "theme": keys, "label": "Reordering" }] });
    for (as_owner, body, status) in [
        (true, rename.clone(), 200),
        (true, json!({ "choices": [{ "choice": "paint" }] }), 400),
        (false, rename, 403),
    ] {
        let who = if as_owner { &mut *owner } else { &mut *viewer };
        let reply = who
            .api(Method::PUT, &format!("{w}/themes/choices"), Some(body))
            .await;
        assert_eq!(reply.status.as_u16(), status, "{}", reply.text);
        seen.check(spec, "PUT", CHOICES, &reply);
    }
    for (as_owner, email, status) in [
        (false, "ann@example.com", 403),
        (true, "not an address", 400),
        (true, "ann@example.com", 200),
    ] {
        let who = if as_owner { &mut *owner } else { &mut *viewer };
        let reply = who
            .api(
                Method::POST,
                &format!("{w}/customers/delete"),
                Some(json!({ "email": email })),
            )
            .await;
        assert_eq!(reply.status.as_u16(), status, "{}", reply.text);
        seen.check(spec, "POST", DELETE, &reply);
    }
}
