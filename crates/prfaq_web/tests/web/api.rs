//! The JSON API: personal access tokens (push and pull), the check endpoint's parity
//! with `prfaq check`, and the OpenAPI document against the real routes.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::support::*;

/// Creates a token on the tokens page and returns its secret.
async fn create_token(owner: &mut Browser, name: &str, scope: &str) -> String {
    owner.get("/settings/tokens").await;
    let reply = owner
        .post_form("/settings/tokens", &[("name", name), ("scope", scope)])
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    attr_after(&reply.text, "id=\"new-token\"", "value").expect("the new token")
}

#[tokio::test]
async fn tokens_pull_and_push_and_stop_working_when_revoked() {
    let app = App::new().await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let token = create_token(&mut owner, "laptop", "write").await;
    assert!(token.starts_with("prfaq_pat_"), "{token}");
    // Shown once: the list never shows the secret again.
    let page = owner.get("/settings/tokens").await;
    assert!(page.text.contains("laptop"));
    assert!(!page.text.contains(&token));

    // pull: the workspace, its documents, the newest text.
    let reply = bearer(&app, Method::GET, "/api/workspaces", &token, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["workspaces"][0]["id"].to_string(), ws);
    let reply = bearer(
        &app,
        Method::GET,
        &format!("/api/workspaces/{ws}/documents"),
        &token,
        None,
    )
    .await;
    assert_eq!(reply.json()["documents"][0]["id"].to_string(), doc);
    let reply = bearer(
        &app,
        Method::GET,
        &format!("/api/documents/{doc}"),
        &token,
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let pulled = reply.json();
    assert_eq!(pulled["text"], prfaq_web::EXAMPLE_DOCUMENT);
    let base = pulled["document"]["current_revision"]
        .as_i64()
        .expect("revision");

    // push: a new revision on top of what was pulled; no CSRF token needed with a bearer.
    let text = prfaq_web::EXAMPLE_DOCUMENT.replace("Tacoma", "Spokane");
    let reply = bearer(
        &app,
        Method::PUT,
        &format!("/api/documents/{doc}"),
        &token,
        Some(json!({ "base_revision": base, "text": text, "note": "pushed from git" })),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json()["revision"]["number"], base + 1);
    // push of a new file.
    let reply = bearer(
        &app,
        Method::POST,
        &format!("/api/workspaces/{ws}/documents"),
        &token,
        Some(json!({ "text": "---\ntitle: From Git\n---\n\n# From Git\n\nBody.\n" })),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert_eq!(reply.json()["document"]["title"], "From Git");

    // A bearer token never signs a page in, and cannot manage tokens.
    let reply = bearer(&app, Method::GET, "/settings/tokens", &token, None).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let reply = bearer(&app, Method::GET, "/api/tokens", &token, None).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    // Revoked: every call fails.
    let page = owner.get("/settings/tokens").await;
    let id = attr_after(&page.text, "data-testid=\"token-row\"", "data-token-id").expect("row");
    let reply = owner
        .post_form(&format!("/settings/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let reply = bearer(
        &app,
        Method::GET,
        &format!("/api/documents/{doc}"),
        &token,
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(reply.header("www-authenticate").starts_with("Bearer"));
    let reply = bearer(
        &app,
        Method::GET,
        "/api/workspaces",
        "prfaq_pat_made_up",
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn read_tokens_read_but_cannot_write() {
    let app = App::new().await;
    let (mut owner, _, doc) = owner_with_example(&app).await;
    let token = create_token(&mut owner, "ci", "read").await;
    let reply = bearer(
        &app,
        Method::GET,
        &format!("/api/documents/{doc}"),
        &token,
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let reply = bearer(
        &app,
        Method::POST,
        "/api/check",
        &token,
        Some(json!({ "text": prfaq_web::EXAMPLE_DOCUMENT })),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "checking changes nothing");
    let reply = bearer(
        &app,
        Method::PUT,
        &format!("/api/documents/{doc}"),
        &token,
        Some(json!({ "base_revision": 1, "text": "changed" })),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(
        reply.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("write scope")
    );
}

#[tokio::test]
async fn tokens_through_the_json_api() {
    let app = App::new().await;
    let (mut owner, _, _) = owner_with_example(&app).await;
    owner.get("/settings/tokens").await;
    let reply = owner
        .api(
            Method::POST,
            "/api/tokens",
            Some(json!({ "name": "ci", "scope": "read" })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let body = reply.json();
    let secret = body["secret"].as_str().expect("secret").to_owned();
    let id = body["token"]["id"].to_string();
    let reply = owner.api(Method::GET, "/api/tokens", None).await;
    assert!(!reply.text.contains(&secret), "listed without the secret");
    let reply = owner
        .api(Method::DELETE, &format!("/api/tokens/{id}"), None)
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let reply = bearer(&app, Method::GET, "/api/me", &secret, None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn check_returns_exactly_what_prfaq_check_prints() {
    let app = App::new().await;
    let (mut owner, _, doc) = owner_with_example(&app).await;
    owner.get(&format!("/d/{doc}")).await;
    let text = prfaq_web::EXAMPLE_DOCUMENT.replace(
        "Parents who shop for a family",
        "Parents who leverage synergy to shop for a family",
    );
    let reply = owner
        .api(
            Method::POST,
            "/api/check",
            Some(json!({ "text": text, "path": "quick-reorder.md" })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), "application/json");
    // What `prfaq check --format json` prints: load, parse, check with the default
    // configuration, render as JSON.
    let loaded = prfaq_doc::load(text.as_bytes(), prfaq_doc::DEFAULT_MAX_BYTES).expect("load");
    let parsed = prfaq_doc::parse(&loaded);
    let diagnostics = prfaq_lint::check(&parsed, &prfaq_lint::Config::default());
    let expected = prfaq_lint::render::json(
        &[prfaq_lint::render::FileReport {
            path: "quick-reorder.md",
            doc: &parsed,
            diagnostics: &diagnostics,
        }],
        &[],
    );
    assert_eq!(reply.text, expected);
    let codes: Vec<String> = reply.json()["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_owned())
        .collect();
    assert!(
        codes.iter().any(|c| c == "PL201"),
        "the buzzword is found: {codes:?}"
    );

    // An empty text is reported like an unreadable file, not a crash.
    let reply = owner
        .api(Method::POST, "/api/check", Some(json!({ "text": "" })))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.json()["files"][0]["error"].is_string());

    // The newest revision's findings, same shape.
    let reply = owner
        .api(Method::GET, &format!("/api/documents/{doc}/check"), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.json()["files"][0]["diagnostics"].is_array());

    // Bad JSON is a clear 400, in the API's error shape.
    let csrf = owner.csrf.clone();
    let reply = owner
        .request(
            Request::post("/api/check")
                .header(header::CONTENT_TYPE, "application/json")
                .header("x-csrf-token", csrf),
            Body::from("{\"text\": 12"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["error"]["code"], "bad_request");
}

#[tokio::test]
async fn every_route_in_the_openapi_document_exists() {
    let app = App::new().await;
    let mut visitor = app.browser();
    let reply = visitor.get("/api/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    let spec: Value = reply.json();
    assert_eq!(spec["openapi"], "3.0.3");
    let paths = spec["paths"].as_object().expect("paths");
    assert!(paths.len() >= 14);
    let mut checked = 0;
    for (path, item) in paths {
        for (method, _) in item.as_object().expect("path item") {
            let concrete = path
                .replace("{ws}", "1")
                .replace("{id}", "1")
                .replace("{n}", "1");
            let method: Method = method.to_uppercase().parse().expect("method");
            // An unknown token passes the CSRF layer and reaches the route, which then
            // refuses it: 401 means the route exists, 404 or 405 that it does not.
            let request = Request::builder()
                .method(method.clone())
                .uri(&concrete)
                .header(header::AUTHORIZATION, "Bearer prfaq_pat_unknown")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .expect("request");
            let reply = app.send(request).await;
            let expected = if path == "/api/openapi.json" {
                StatusCode::OK
            } else {
                StatusCode::UNAUTHORIZED
            };
            assert_eq!(reply.status, expected, "{method} {path}: {}", reply.text);
            checked += 1;
        }
    }
    assert!(checked >= 18, "{checked}");
    // And a route that is not in the document does not exist.
    let request = Request::get("/api/nothing-here")
        .header(header::AUTHORIZATION, "Bearer prfaq_pat_unknown")
        .body(Body::empty())
        .expect("request");
    assert_eq!(app.send(request).await.status, StatusCode::NOT_FOUND);
}
