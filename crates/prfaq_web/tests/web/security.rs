//! Issue 8's promises as a security reviewer would check them: access by role and for
//! strangers, CSRF, body limits, inert Markdown, security headers, and logs without
//! secrets.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::support::*;

#[tokio::test]
async fn state_changing_requests_without_the_csrf_token_are_refused() {
    let app = App::new().await;
    let (mut owner, _, doc) = owner_with_example(&app).await;
    owner.get(&format!("/d/{doc}")).await;
    let text = prfaq_web::EXAMPLE_DOCUMENT.replace("Tacoma", "Seattle");

    // A form without the token, and one with another token.
    let reply = owner
        .post_form_raw(
            &format!("/d/{doc}/save"),
            &[("text", &text), ("base_revision", "1")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.text.contains("Reload the page"), "{}", reply.text);
    let reply = owner
        .post_form_raw(
            &format!("/d/{doc}/save"),
            &[
                ("csrf", &"0".repeat(64)),
                ("text", &text),
                ("base_revision", "1"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    // JSON without the header.
    let reply = owner
        .request(
            Request::put(format!("/api/documents/{doc}"))
                .header(header::CONTENT_TYPE, "application/json"),
            Body::from(json!({ "base_revision": 1, "text": text }).to_string()),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.json()["error"]["code"], "csrf");

    // A cross-site request is refused even with the right token.
    let csrf = owner.csrf.clone();
    let reply = owner
        .request(
            Request::put(format!("/api/documents/{doc}"))
                .header(header::CONTENT_TYPE, "application/json")
                .header("x-csrf-token", csrf)
                .header("sec-fetch-site", "cross-site")
                .header(header::ORIGIN, "https://evil.example")
                .header(header::HOST, "localhost"),
            Body::from(json!({ "base_revision": 1, "text": text }).to_string()),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    // Signing out needs the token too, and a first visit with no cookie cannot sign in.
    assert_eq!(
        owner.post_form_raw("/signout", &[]).await.status,
        StatusCode::FORBIDDEN
    );
    let mut fresh = app.browser();
    let reply = fresh
        .post_form_raw(
            "/signin",
            &[("email", "dana@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    // Nothing above was saved.
    let reply = owner
        .api(Method::GET, &format!("/api/documents/{doc}"), None)
        .await;
    assert_eq!(reply.json()["document"]["current_revision"], 1);
    // With the token it works.
    assert_eq!(
        api_save(&mut owner, &doc, 1, &text).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn bodies_over_the_limit_get_413_with_a_clear_message() {
    let app = App::with(|c| c.max_body_bytes = 64 * 1024).await;
    let (mut owner, _, doc) = owner_with_example(&app).await;
    owner.get(&format!("/d/{doc}")).await;
    let big = "word ".repeat(20_000);

    // Declared length over the limit: refused before the body is read.
    let body = json!({ "base_revision": 1, "text": big }).to_string();
    let csrf = owner.csrf.clone();
    let reply = owner
        .request(
            Request::put(format!("/api/documents/{doc}"))
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::CONTENT_LENGTH, body.len())
                .header("x-csrf-token", csrf.clone()),
            Body::from(body.clone()),
        )
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    let error = reply.json();
    assert_eq!(error["error"]["code"], "payload_too_large");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("64 KiB"),
        "{error}"
    );

    // No declared length: cut off while reading, same answer.
    let reply = owner
        .request(
            Request::put(format!("/api/documents/{doc}"))
                .header(header::CONTENT_TYPE, "application/json")
                .header("x-csrf-token", csrf),
            Body::new(Chunked(
                body.into_bytes().chunks(8192).map(|c| c.to_vec()).collect(),
            )),
        )
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        reply.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("64 KiB")
    );

    // A page form: an HTML page that says the same.
    let reply = owner
        .post_form(
            &format!("/d/{doc}/save"),
            &[("text", &big), ("base_revision", "1")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        reply.text.contains("larger than this server accepts"),
        "{}",
        reply.text
    );
    assert!(reply.header("content-type").starts_with("text/html"));
}

/// A body that arrives in chunks and does not say how long it is.
struct Chunked(std::collections::VecDeque<Vec<u8>>);

impl axum::body::HttpBody for Chunked {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Self::Data>, Self::Error>>> {
        std::task::Poll::Ready(
            self.0
                .pop_front()
                .map(|chunk| Ok(hyper::body::Frame::data(axum::body::Bytes::from(chunk)))),
        )
    }
}

#[tokio::test]
async fn a_viewer_reads_but_cannot_edit() {
    let app = App::new().await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let mut viewer = invite(&app, &mut owner, &ws, "Vic", "vic@example.com", "viewer").await;
    let page = viewer.get(&format!("/d/{doc}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("id=\"read-only\""));
    assert!(
        !page.text.contains("id=\"editor-form\""),
        "no edit form for a viewer"
    );
    assert!(!page.text.contains("data-testid=\"editor\""));
    assert!(!page.text.contains("data-testid=\"save\""));
    assert!(page.text.contains("id=\"findings\""), "findings are shown");

    let text = prfaq_web::EXAMPLE_DOCUMENT.replace("Tacoma", "Boise");
    let reply = api_save(&mut viewer, &doc, 1, &text).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.text);
    assert_eq!(reply.json()["error"]["code"], "forbidden");
    let reply = viewer
        .post_form(
            &format!("/d/{doc}/save"),
            &[("text", &text), ("base_revision", "1")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = viewer
        .post_form(&format!("/d/{doc}/rename"), &[("title", "Mine")])
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(
        viewer.get(&format!("/w/{ws}/new")).await.status,
        StatusCode::FORBIDDEN
    );
    let reply = owner
        .api(Method::GET, &format!("/api/documents/{doc}"), None)
        .await;
    assert_eq!(reply.json()["document"]["current_revision"], 1);
}

#[tokio::test]
async fn a_stranger_gets_404_for_everything_of_another_workspace() {
    let app = App::with(|c| {
        c.events_hosts = vec!["127.0.0.1".to_owned()];
        c.secrets_key = Some(prfaq_store::SecretsKey::generate().expect("key"));
    })
    .await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    // The document keeps an event source, which a stranger must not learn of either.
    let source = json!({ "url": "postgres://ann:s3cret@127.0.0.1:1/shop", "table": "events" });
    let reply = owner
        .api(
            Method::PUT,
            &format!("/api/documents/{doc}/outcomes/source"),
            Some(source.clone()),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let thread = owner
        .api(
            Method::POST,
            &format!("/api/documents/{doc}/review/threads"),
            Some(json!({ "quote": "Quick Reorder", "body": "Which one?", "concern": true })),
        )
        .await
        .json()["id"]
        .to_string();
    let assumption = owner
        .api(
            Method::POST,
            &format!("/api/documents/{doc}/assumptions"),
            Some(json!({ "text": "Baskets repeat", "test": "Order logs" })),
        )
        .await
        .json()["id"]
        .to_string();
    let mut stranger = app.signup("Eve", "eve@example.com").await;
    let missing = "4503599627370495";
    for path in [
        format!("/d/{doc}"),
        format!("/d/{doc}/history"),
        format!("/d/{doc}/diff?from=1&to=1"),
        format!("/d/{doc}/r/1"),
        format!("/d/{doc}/download"),
        format!("/w/{ws}"),
        format!("/w/{ws}/members"),
        format!("/w/{ws}/new"),
    ] {
        let reply = stranger.get(&path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            !reply.text.contains("Quick Reorder"),
            "{path} leaks the title"
        );
        // The answer is the same as for something that does not exist.
        let other = stranger
            .get(&path.replace(&doc, missing).replace(&ws, missing))
            .await;
        assert_eq!(other.status, StatusCode::NOT_FOUND);
        assert_eq!(other.text, reply.text, "{path}");
    }
    for (method, path, body) in [
        (
            Method::GET,
            format!("/api/documents/{doc}/outcomes/source"),
            None,
        ),
        (
            Method::PUT,
            format!("/api/documents/{doc}/outcomes/source"),
            Some(source.clone()),
        ),
        (
            Method::DELETE,
            format!("/api/documents/{doc}/outcomes/source"),
            None,
        ),
        (
            Method::POST,
            format!("/api/documents/{doc}/outcomes/source/refresh"),
            None,
        ),
        (Method::GET, format!("/api/documents/{doc}"), None),
        (Method::GET, format!("/api/documents/{doc}/revisions"), None),
        (Method::GET, format!("/api/documents/{doc}/check"), None),
        (Method::GET, format!("/api/workspaces/{ws}/documents"), None),
        (
            Method::PUT,
            format!("/api/documents/{doc}"),
            Some(json!({ "base_revision": 1, "text": "x" })),
        ),
        (
            Method::PATCH,
            format!("/api/documents/{doc}"),
            Some(json!({ "title": "x" })),
        ),
        (Method::GET, format!("/api/documents/{doc}/review"), None),
        (
            Method::GET,
            format!("/api/documents/{doc}/review/status"),
            None,
        ),
        (
            Method::GET,
            format!("/api/workspaces/{ws}/review-functions"),
            None,
        ),
        (
            Method::PUT,
            format!("/api/workspaces/{ws}/review-functions"),
            Some(json!({ "name": "ops" })),
        ),
        (
            Method::POST,
            format!("/api/documents/{doc}/review/status"),
            Some(json!({ "status": "declined", "reason": "x" })),
        ),
        (
            Method::POST,
            format!("/api/documents/{doc}/review/requests"),
            Some(json!({ "reviewers": [{ "email": "eve@example.com", "function": "design" }] })),
        ),
        (
            Method::POST,
            format!("/api/documents/{doc}/review/threads"),
            Some(json!({ "quote": "Quick Reorder", "body": "x" })),
        ),
        (
            Method::POST,
            format!("/api/documents/{doc}/review/verdicts"),
            Some(json!({ "verdict": "approve" })),
        ),
        (
            Method::POST,
            format!("/api/documents/{doc}/assumptions"),
            Some(json!({ "text": "a", "test": "b" })),
        ),
        (
            Method::POST,
            format!("/api/assumptions/{assumption}"),
            Some(json!({ "state": "broken" })),
        ),
        (
            Method::POST,
            format!("/api/threads/{thread}/replies"),
            Some(json!({ "body": "x" })),
        ),
        (
            Method::POST,
            format!("/api/threads/{thread}/resolve"),
            Some(json!({ "reason": "x" })),
        ),
        (
            Method::POST,
            format!("/api/threads/{thread}/reopen"),
            Some(json!({})),
        ),
        (
            Method::POST,
            format!("/api/threads/{thread}/answer"),
            Some(json!({ "question": "x" })),
        ),
        (
            Method::POST,
            format!("/api/threads/{thread}/decision"),
            Some(json!({ "decision": "reject", "reason": "x" })),
        ),
    ] {
        let reply = stranger.api(method.clone(), &path, body).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{method} {path}: {}",
            reply.text
        );
        assert!(!reply.text.contains("Quick Reorder"));
        assert!(
            !reply.text.contains("shop"),
            "{method} {path}: {}",
            reply.text
        );
    }
    // The stranger's form posts to the outcomes page reach nothing either.
    for path in [
        format!("/d/{doc}/outcomes/source"),
        format!("/d/{doc}/outcomes/source/remove"),
        format!("/d/{doc}/outcomes/source/refresh"),
    ] {
        stranger.refresh().await;
        let reply = stranger
            .post_form(
                &path,
                &[("url", "postgres://eve@127.0.0.1:1/x"), ("table", "t")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
    }
    let kept = owner
        .api(
            Method::GET,
            &format!("/api/documents/{doc}/outcomes/source"),
            None,
        )
        .await;
    assert_eq!(kept.json()["table"], "events", "{}", kept.text);
    // Stranger's saves and renames wrote nothing.
    let page = stranger.get("/").await;
    assert!(!page.text.contains("Quick Reorder"));
}

#[tokio::test]
async fn access_by_role_for_every_document_route() {
    // The events route reaches its server only where the operator allows it.
    let app = App::with(|c| {
        c.events_hosts = vec!["127.0.0.1".to_owned()];
        c.secrets_key = Some(prfaq_store::SecretsKey::generate().expect("key"));
    })
    .await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let mut editor = invite(&app, &mut owner, &ws, "Ed", "ed@example.com", "editor").await;
    let mut reviewer = invite(&app, &mut owner, &ws, "Rae", "rae@example.com", "reviewer").await;
    let mut viewer = invite(&app, &mut owner, &ws, "Vic", "vic@example.com", "viewer").await;
    let mut stranger = app.signup("Eve", "eve@example.com").await;
    let mut anonymous = app.browser();
    anonymous.refresh().await;

    use StatusCode as S;
    // (route, owner, editor, reviewer, viewer, stranger, anonymous)
    type Row = (&'static str, [S; 6]);
    let reads: [Row; 13] = [
        (
            "GET /d/{doc}",
            [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::SEE_OTHER],
        ),
        (
            "GET /d/{doc}/review",
            [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::SEE_OTHER],
        ),
        (
            "GET /review",
            [S::OK, S::OK, S::OK, S::OK, S::OK, S::SEE_OTHER],
        ),
        (
            "GET /notifications",
            [S::OK, S::OK, S::OK, S::OK, S::OK, S::SEE_OTHER],
        ),
        (
            "GET /api/notifications",
            [S::OK, S::OK, S::OK, S::OK, S::OK, S::UNAUTHORIZED],
        ),
        (
            "GET /d/{doc}/history",
            [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::SEE_OTHER],
        ),
        (
            "GET /d/{doc}/diff",
            [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::SEE_OTHER],
        ),
        (
            "GET /w/{ws}/members",
            [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::SEE_OTHER],
        ),
        (
            "GET /api/documents/{doc}",
            [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::UNAUTHORIZED],
        ),
        (
            "GET /api/documents/{doc}/revisions",
            [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::UNAUTHORIZED],
        ),
        (
            "GET /api/documents/{doc}/review",
            [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::UNAUTHORIZED],
        ),
        (
            "GET /api/documents/{doc}/review/status",
            [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::UNAUTHORIZED],
        ),
        (
            "GET /api/workspaces/{ws}/review-functions",
            [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::UNAUTHORIZED],
        ),
    ];
    let browsers: [&mut Browser; 6] = [
        &mut owner,
        &mut editor,
        &mut reviewer,
        &mut viewer,
        &mut stranger,
        &mut anonymous,
    ];
    let mut browsers = browsers;
    for (route, expected) in reads {
        let path = route[4..].replace("{doc}", &doc).replace("{ws}", &ws);
        for (who, browser) in browsers.iter_mut().enumerate() {
            let reply = if path.starts_with("/api/") {
                browser.api(Method::GET, &path, None).await
            } else {
                browser.get(&path).await
            };
            assert_eq!(reply.status, expected[who], "{route} as #{who}");
        }
    }
    // Writes, each tried by everyone from the least to the most privileged.
    // The status is decided by the workspace's owner (or the document's creator).
    let expected_status = [
        S::SEE_OTHER,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::SEE_OTHER,
    ];
    for who in (0..6).rev() {
        browsers[who].refresh().await;
        let reply = browsers[who]
            .post_form(
                &format!("/d/{doc}/status"),
                &[("status", "in-review"), ("reason", "ready to read")],
            )
            .await;
        assert_eq!(reply.status, expected_status[who], "status as #{who}");
        if who == 5 {
            assert!(reply.location().starts_with("/signin"));
        }
    }
    let save_expected = [
        S::OK,
        S::OK,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    // The owner's status change rewrote the front matter's status in revision 2.
    let mut base = 2;
    for who in (0..6).rev() {
        let example = prfaq_web::EXAMPLE_DOCUMENT.replace("status: draft", "status: in-review");
        let text = format!("{example}\nEdit {who}\n");
        let reply = api_save(&mut *browsers[who], &doc, base, &text).await;
        assert_eq!(
            reply.status, save_expected[who],
            "save as #{who}: {}",
            reply.text
        );
        if reply.status == S::OK {
            base += 1;
        }
    }
    review_access_by_role(&mut browsers, &doc, &ws).await;
    crate::evidence::evidence_access_by_role(&mut browsers, &doc, &ws).await;
    crate::themes::theme_page_access_by_role(&mut browsers, &ws).await;
    crate::notices::notice_access_by_role(&mut browsers).await;
    crate::outcomes::outcomes_access_by_role(&mut browsers, &doc).await;
    let invite_expected = [
        S::OK,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::SEE_OTHER,
    ];
    for who in (0..6).rev() {
        browsers[who].refresh().await;
        let reply = browsers[who]
            .post_form(
                &format!("/w/{ws}/invitations"),
                &[("email", "new@example.com"), ("role", "owner")],
            )
            .await;
        assert_eq!(reply.status, invite_expected[who], "invite as #{who}");
    }
}

#[tokio::test]
async fn markdown_payloads_render_inert() {
    let app = App::new().await;
    let (mut owner, ws, _) = owner_with_example(&app).await;
    let payload = r#"# Payloads

<script>alert('script')</script>

<img src=x onerror="alert('img')">

<svg onload="alert('svg')"><circle r="4"/></svg>

<!-- <script>alert('comment')</script> -->

[javascript link](javascript:alert('link')) and [spaced](  JaVaScRiPt:alert(1)) and [data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

![data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)

![remote image](https://tracker.example/pixel.png)

<a href="javascript:alert('raw')">raw link</a> <iframe src="https://evil.example"></iframe>

Inline <b onmouseover="alert('b')">bold</b> and <style>body{display:none}</style>.
"#;
    owner.get(&format!("/w/{ws}/new")).await;
    let reply = owner
        .api(
            Method::POST,
            &format!("/api/workspaces/{ws}/documents"),
            Some(json!({ "title": "<script>alert('title')</script>", "text": payload })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let doc = reply.json()["document"]["id"].to_string();
    let page = owner.get(&format!("/d/{doc}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let preview = element(&page.text, "preview");
    assert_inert(&preview);
    assert!(
        !preview.contains("<img"),
        "no image loads from anywhere: {preview}"
    );
    assert!(
        preview.contains("&lt;script&gt;"),
        "raw HTML is shown as text: {preview}"
    );
    assert!(
        preview.contains("&lt;!--"),
        "comments are shown as text: {preview}"
    );
    assert!(preview.contains("javascript link"), "the link's text stays");
    // The whole page: no script but the one file; the title and text are escaped.
    assert_eq!(page.text.matches("<script").count(), 1, "only app.js");
    assert!(page.text.contains("<script src=\"/assets/app.js"));
    assert!(!page.text.contains("<script>alert"));
    assert!(!page.text.contains("<img src=x"));
    // The live preview the editor fetches is the same safe HTML.
    let reply = owner
        .api(
            Method::POST,
            "/api/preview",
            Some(json!({ "text": payload })),
        )
        .await;
    let html = reply.json()["html"].as_str().unwrap_or("").to_owned();
    assert_inert(&html);
}

/// Every tag in `html` is a harmless formatting tag with no event handler and no
/// script or data URL. Escaped text (`&lt;script&gt;`) is not a tag and may say anything.
fn assert_inert(html: &str) {
    const ALLOWED: &[&str] = &[
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "a",
        "em",
        "strong",
        "code",
        "pre",
        "ul",
        "ol",
        "li",
        "blockquote",
        "hr",
        "br",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "del",
        "input",
        "img",
    ];
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = start + rest[start..].find('>').expect("a closed tag");
        let tag = &rest[start + 1..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(ALLOWED.contains(&name.as_str()), "tag <{tag}> in {html}");
        let lower = tag.to_ascii_lowercase();
        assert!(!lower.contains(" on"), "event handler in <{tag}>");
        assert!(!lower.contains("javascript:"), "script URL in <{tag}>");
        assert!(!lower.contains("data:"), "data URL in <{tag}>");
        assert!(!lower.contains("style="), "inline style in <{tag}>");
        if name == "input" {
            assert!(
                lower.contains("type=\"checkbox\"") && lower.contains("disabled"),
                "<{tag}>"
            );
        }
        rest = &rest[end + 1..];
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = App::new().await;
    let (mut owner, _, doc) = owner_with_example(&app).await;
    let mut anonymous = app.browser();
    let replies = vec![
        owner.get(&format!("/d/{doc}")).await,
        owner.get("/nowhere").await,
        owner
            .api(Method::GET, &format!("/api/documents/{doc}"), None)
            .await,
        owner.api(Method::GET, "/api/documents/1", None).await,
        anonymous.get("/assets/app.js").await,
        anonymous.get("/signin").await,
        anonymous.post_form_raw("/signin", &[]).await,
        anonymous.api(Method::GET, "/api/openapi.json", None).await,
    ];
    for reply in replies {
        let csp = reply.header("content-security-policy");
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("default-src 'none'"), "{csp}");
        assert_eq!(reply.header("x-content-type-options"), "nosniff");
        assert_eq!(reply.header("x-frame-options"), "DENY");
        assert_eq!(reply.header("referrer-policy"), "same-origin");
    }
    let page = owner.get(&format!("/d/{doc}")).await;
    assert_eq!(
        page.header("cache-control"),
        "no-store",
        "private pages are not cached"
    );
    assert!(
        !page.text.contains(" style=\""),
        "no inline styles, so the CSP needs none"
    );
    assert!(!page.text.contains(" onclick="), "no inline handlers");
}

#[tokio::test]
async fn logs_never_hold_passwords_tokens_or_cookies() {
    // A global subscriber: a thread-local one misses events when other tests running in
    // parallel have already cached the callsites' interest. Setting a global one
    // rebuilds that cache. Other tests' lines land in the buffer too, which is fine.
    let buffer = Arc::new(Mutex::new(Vec::<u8>::new()));
    let writer = {
        let buffer = buffer.clone();
        move || LogWriter(buffer.clone())
    };
    let subscriber = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("the only global subscriber");

    let app = App::new().await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let mut viewer = invite(&app, &mut owner, &ws, "Vic", "vic@example.com", "viewer").await;
    viewer.get("/").await;
    owner.get("/settings/tokens").await;
    let reply = owner
        .post_form(
            "/settings/tokens",
            &[("name", "laptop"), ("scope", "write")],
        )
        .await;
    let token = attr_after(&reply.text, "id=\"new-token\"", "value").expect("token");
    bearer(
        &app,
        Method::GET,
        &format!("/api/documents/{doc}"),
        &token,
        None,
    )
    .await;
    let mut failing = app.browser();
    failing.get("/signin").await;
    failing
        .post_form(
            "/signin",
            &[
                ("email", "dana@example.com"),
                ("password", "a wrong password"),
            ],
        )
        .await;

    let log = String::from_utf8_lossy(&buffer.lock().expect("log").clone()).into_owned();
    assert!(log.contains("request"), "requests are logged: {log}");
    for secret in [
        PASSWORD.to_owned(),
        "a wrong password".to_owned(),
        token.clone(),
        owner.cookies["prfaq_session"].clone(),
        owner.csrf.clone(),
    ] {
        assert!(!log.contains(&secret), "the log holds a secret");
    }
    assert!(
        log.contains("/invite/{secret}"),
        "the route pattern is logged: {log}"
    );
    assert_eq!(
        log.matches("/invite/").count(),
        log.matches("/invite/{secret}").count(),
        "invitation secrets stay out of the log"
    );
}

#[derive(Clone)]
struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut buffer) = self.0.lock() {
            buffer.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every review write, tried by every role: members who may review comment, viewers
/// only read, strangers get 404 and the signed-out 401; only members asked in the
/// newest round give verdicts; only editors answer concerns and decide suggestions;
/// only the owner decides the status and the workspace's functions.
async fn review_access_by_role(browsers: &mut [&mut Browser; 6], doc: &str, ws: &str) {
    use StatusCode as S;
    let owner_api = async |browsers: &mut [&mut Browser; 6], path: String, body: Value| {
        let reply = browsers[0].api(Method::POST, &path, Some(body)).await;
        assert!(reply.status.is_success(), "{path}: {}", reply.text);
        reply.json()["id"].to_string()
    };
    let d = format!("/api/documents/{doc}");
    // The reviewer is the one member asked.
    owner_api(
        browsers,
        format!("{d}/review/requests"),
        json!({ "reviewers": [{ "email": "rae@example.com", "function": "design", "required": true }] }),
    )
    .await;
    let mut threads = Vec::new();
    for _ in 0..6 {
        threads.push(
            owner_api(
                browsers,
                format!("{d}/review/threads"),
                json!({ "quote": "Quick Reorder", "body": "Which?", "concern": false }),
            )
            .await,
        );
    }
    let concern = owner_api(
        browsers,
        format!("{d}/review/threads"),
        json!({ "quote": "Quick Reorder", "body": "Who pays?", "concern": true }),
    )
    .await;
    let assumption = owner_api(
        browsers,
        format!("{d}/assumptions"),
        json!({ "text": "Baskets repeat", "test": "Order logs" }),
    )
    .await;
    let created = [
        S::CREATED,
        S::CREATED,
        S::CREATED,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    let ok = [
        S::OK,
        S::OK,
        S::OK,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    let editors = [
        S::OK,
        S::OK,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    let owner_only = [
        S::OK,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    let asked = [
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::CREATED,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    let requests = [
        S::CREATED,
        S::CREATED,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    for who in (0..6).rev() {
        let thread = &threads[who];
        let rows: Vec<(String, Value, [S; 6])> = vec![
            (
                format!("{d}/review/threads"),
                json!({ "quote": "Quick Reorder", "body": "Hm." }),
                created,
            ),
            (
                format!("/api/threads/{thread}/replies"),
                json!({ "body": "Yes." }),
                created,
            ),
            (
                format!("/api/threads/{thread}/resolve"),
                json!({ "reason": "done" }),
                ok,
            ),
            (
                format!("/api/threads/{concern}/answer"),
                json!({ "question": "Who pays?" }),
                editors,
            ),
            (
                format!("{d}/review/verdicts"),
                json!({ "verdict": "comment" }),
                asked,
            ),
            (
                format!("{d}/review/requests"),
                json!({ "reviewers": [{ "email": "rae@example.com", "function": "design", "required": true }] }),
                requests,
            ),
            (
                format!("{d}/assumptions"),
                json!({ "text": "a", "test": "b" }),
                created,
            ),
            (
                format!("/api/assumptions/{assumption}"),
                json!({ "state": "holds" }),
                ok,
            ),
            (
                format!("/api/workspaces/{ws}/review-functions"),
                json!({ "name": "ops", "required": false }),
                owner_only,
            ),
        ];
        for (path, body, expected) in rows {
            let method = if path.ends_with("review-functions") {
                Method::PUT
            } else {
                Method::POST
            };
            let reply = browsers[who].api(method, &path, Some(body)).await;
            assert_eq!(
                reply.status, expected[who],
                "{path} as #{who}: {}",
                reply.text
            );
        }
    }
    // The same actions through the review page's forms: a redirect back where the API
    // succeeds, the same refusals where it refuses, and the sign-in page for the anonymous.
    // A form route, its fields, and the answer for each of the six.
    type FormRow<'a> = (String, Vec<(&'a str, &'a str)>, [S; 6]);
    let mut page_threads = Vec::new();
    for _ in 0..6 {
        page_threads.push(
            owner_api(
                browsers,
                format!("{d}/review/threads"),
                json!({ "quote": "Quick Reorder", "body": "Which one?", "concern": false }),
            )
            .await,
        );
    }
    let page = |api: [S; 6]| {
        api.map(|s| {
            if s.is_success() || s == S::UNAUTHORIZED {
                S::SEE_OTHER
            } else {
                s
            }
        })
    };
    for who in (0..6).rev() {
        browsers[who].refresh().await;
        let thread = &page_threads[who];
        let rows: Vec<FormRow> = vec![
            (
                format!("/d/{doc}/review/threads"),
                vec![("quote", "Quick Reorder"), ("body", "Hm.")],
                page(created),
            ),
            (
                format!("/t/{thread}/reply"),
                vec![("body", "Yes."), ("doc", doc)],
                page(created),
            ),
            (
                format!("/t/{thread}/resolve"),
                vec![("reason", "done")],
                page(ok),
            ),
            (
                format!("/t/{concern}/answer"),
                vec![("question", "Who pays?")],
                page(editors),
            ),
            (
                format!("/d/{doc}/review/verdict"),
                vec![("verdict", "comment")],
                page(asked),
            ),
            (
                format!("/d/{doc}/review/request"),
                vec![
                    ("email", "rae@example.com"),
                    ("function", "design"),
                    ("required", "on"),
                ],
                page(requests),
            ),
            (
                format!("/d/{doc}/review/assumptions"),
                vec![("text", "a"), ("test", "b")],
                page(created),
            ),
            (
                format!("/assumptions/{assumption}"),
                vec![("state", "holds")],
                page(ok),
            ),
        ];
        for (path, fields, expected) in rows {
            let reply = browsers[who].post_form(&path, &fields).await;
            assert_eq!(
                reply.status, expected[who],
                "{path} as #{who}: {}",
                reply.text
            );
        }
    }
    // Only the owner decides the status; nobody sets `aligned` by hand.
    let status = format!("{d}/review/status");
    expect_statuses(
        browsers,
        (0..6).rev(),
        Method::POST,
        &status,
        Some(json!({ "status": "declined", "reason": "no" })),
        &owner_only,
        "status",
    )
    .await;
}
