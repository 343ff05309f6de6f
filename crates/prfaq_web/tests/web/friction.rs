//! What a new user tripped over: roles named without their article, an empty text that
//! the editor called fine, error pages that forgot who was signed in, write tokens
//! offered to people who cannot write, and `null` where the API document says a string.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::{
    App, attr_after, bearer, element, invite, owner_and_viewer, owner_with_example, textarea,
};

/// The account with this email address.
async fn user_id(app: &App, email: &str) -> prfaq_store::UserId {
    app.store.credentials(email).await.expect("an account").0.id
}

/// The invitation page, the members page, the document list and the editor say
/// "a viewer", "an editor", "an owner", never "makes you viewer".
#[tokio::test]
async fn roles_are_named_with_their_article() {
    let app = App::new().await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;

    for (email, role, said) in [
        (
            "vic@example.com",
            "viewer",
            "makes you a viewer of the workspace",
        ),
        (
            "eve@example.com",
            "editor",
            "makes you an editor of the workspace",
        ),
        (
            "oli@example.com",
            "owner",
            "makes you an owner of the workspace",
        ),
    ] {
        owner.get(&format!("/w/{ws}/members")).await;
        let reply = owner
            .post_form(
                &format!("/w/{ws}/invitations"),
                &[("email", email), ("role", role)],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        let link = attr_after(&reply.text, "id=\"invite-link\"", "value").expect("a link");
        let secret = link.rsplit('/').next().expect("secret").to_owned();
        let page = app.browser().get(&format!("/invite/{secret}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains(said), "{role}: {}", page.text);
    }

    let members = owner.get(&format!("/w/{ws}/members")).await;
    let open = element(&members.text, "invitations");
    for said in [
        "vic@example.com as a viewer,",
        "eve@example.com as an editor,",
        "oli@example.com as an owner,",
    ] {
        assert!(open.contains(said), "{said}: {open}");
    }

    let list = owner.get(&format!("/w/{ws}")).await;
    assert_eq!(element(&list.text, "your-role"), "You are an owner here.");
    let editor = owner.get(&format!("/d/{doc}")).await;
    assert_eq!(element(&editor.text, "your-role"), "an owner");

    let mut reviewer = invite(&app, &mut owner, &ws, "Rae", "rae@example.com", "reviewer").await;
    let editor = reviewer.get(&format!("/d/{doc}")).await;
    assert_eq!(element(&editor.text, "your-role"), "a reviewer");
    // A page refused for the role names it the same way.
    let reply = reviewer.get(&format!("/w/{ws}/new")).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let message = element(&reply.text, "error-message");
    assert!(
        message.starts_with("You are a reviewer in this workspace"),
        "{message}"
    );
}

/// A 403 or 404 page shows the signed-in header (name and "Sign out"), as every other
/// page does; a visitor who is not signed in still sees "Sign in".
#[tokio::test]
async fn error_pages_show_who_is_signed_in() {
    let app = App::new().await;
    let (_owner, mut viewer, _, doc) = owner_and_viewer(&app).await;

    // The viewer opens the editor (read-only) and sends the plain save form by hand.
    viewer.get(&format!("/d/{doc}")).await;
    let reply = viewer
        .post_form(
            &format!("/d/{doc}/save"),
            &[("base_revision", "1"), ("text", "defaced"), ("note", "")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(
        reply.text.contains("id=\"error-message\""),
        "{}",
        reply.text
    );
    assert_eq!(element(&reply.text, "current-user"), "Vic Viewer");
    assert!(reply.text.contains("id=\"signout\""), "{}", reply.text);
    assert!(!reply.text.contains("id=\"nav-signin\""), "{}", reply.text);
    // Its sign-out form carries the session's token, so it works.
    let token = attr_after(&reply.text, "id=\"signout-form\"", "value").expect("token");
    assert_eq!(token, viewer.csrf, "the page's token is the session's");
    let out = viewer.post_form("/signout", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER, "{}", out.text);

    // A 404 for a signed-in stranger names them too.
    let mut stranger = app.signup("Stan Stranger", "stan@example.org").await;
    let reply = stranger.get(&format!("/d/{doc}")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(element(&reply.text, "current-user"), "Stan Stranger");

    // Nobody signed in: the ordinary header.
    let reply = app.browser().get("/no/such/page").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.text.contains("id=\"nav-signin\""), "{}", reply.text);
    assert!(
        !reply.text.contains("id=\"current-user\""),
        "{}",
        reply.text
    );
}

/// An empty or blank text is what `prfaq check` calls it, `the file is empty`, in the
/// same JSON shape; the editor shows that sentence instead of "No findings".
#[tokio::test]
async fn an_empty_text_is_reported_as_empty_as_prfaq_check_does() {
    let app = App::new().await;
    let (mut owner, _, doc) = owner_with_example(&app).await;
    let expected = prfaq_doc::load(b"", prfaq_doc::DEFAULT_MAX_BYTES)
        .expect_err("empty")
        .to_string();
    assert_eq!(expected, "the file is empty");
    for text in ["", "  \n\t \r\n"] {
        let reply = owner
            .api(Method::POST, "/api/check", Some(json!({ "text": text })))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        let file = &reply.json()["files"][0];
        assert_eq!(file["error"], json!(expected), "{text:?}: {}", reply.text);
        assert_eq!(file["diagnostics"], json!([]));
    }
    // The editor's page has the place the script writes it into, hidden while the text
    // can be checked.
    let page = owner.get(&format!("/d/{doc}")).await;
    assert!(!textarea(&page.text).is_empty());
    assert!(
        page.text
            .contains("<p class=\"alert\" id=\"check-error\" data-testid=\"check-error\" hidden>"),
        "{}",
        page.text
    );
}

/// Someone who is a viewer in every workspace is not offered a write token (the page
/// says why) and is refused one with the same words, on the page and through the API.
/// A reviewer (who may change a review status) and an owner are offered both scopes.
#[tokio::test]
async fn write_tokens_are_offered_only_to_roles_that_can_write() {
    let app = App::new().await;
    let (mut owner, mut viewer, ws, doc) = owner_and_viewer(&app).await;

    let page = viewer.get("/settings/tokens").await;
    assert_eq!(page.status, StatusCode::OK);
    let scopes = element(&page.text, "token-scope");
    assert!(!scopes.contains("value=\"write\""), "{scopes}");
    assert!(scopes.contains("value=\"read\" selected"), "{scopes}");
    let why = element(&page.text, "write-unavailable");
    assert!(
        why.starts_with("You are a viewer in every workspace"),
        "{why}"
    );

    let reply = viewer
        .post_form(
            "/settings/tokens",
            &[("name", "laptop"), ("scope", "write")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.text);
    assert!(
        element(&reply.text, "error-message").starts_with("You are a viewer in every workspace"),
        "{}",
        reply.text
    );
    viewer.refresh().await;
    let reply = viewer
        .api(
            Method::POST,
            "/api/tokens",
            Some(json!({ "name": "laptop", "scope": "write" })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.text);
    assert!(
        reply.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("Create a read token"),
        "{}",
        reply.text
    );
    assert!(
        app.store
            .tokens(user_id(&app, "vic@example.com").await)
            .await
            .expect("tokens")
            .is_empty()
    );

    // A read token is still theirs to make, and it reads.
    let reply = viewer
        .api(
            Method::POST,
            "/api/tokens",
            Some(json!({ "name": "laptop", "scope": "read" })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let secret = reply.json()["secret"].as_str().expect("secret").to_owned();
    let read = bearer(
        &app,
        Method::GET,
        &format!("/api/documents/{doc}"),
        &secret,
        None,
    )
    .await;
    assert_eq!(read.status, StatusCode::OK);

    // Promoted, the same person is offered the write scope.
    owner.get(&format!("/w/{ws}/members")).await;
    let vic = user_id(&app, "vic@example.com").await;
    let reply = owner
        .post_form(
            &format!("/w/{ws}/members/{vic}/role"),
            &[("role", "reviewer")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    let page = viewer.get("/settings/tokens").await;
    assert!(element(&page.text, "token-scope").contains("value=\"write\""));
    assert!(!page.text.contains("id=\"write-unavailable\""));
    let reply = viewer
        .post_form(
            "/settings/tokens",
            &[("name", "review"), ("scope", "write")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);

    let page = owner.get("/settings/tokens").await;
    assert!(element(&page.text, "token-scope").contains("value=\"write\" selected"));
}

/// An optional field sent as `null` is refused with a 400 that names it, as the OpenAPI
/// document (where no request field is nullable) says; leaving it out still works.
#[tokio::test]
async fn null_is_refused_where_the_document_says_a_string() {
    let app = App::new().await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let cases = [
        (
            Method::POST,
            "/api/check".to_owned(),
            json!({ "text": "# Hi", "path": null }),
            "path",
        ),
        (
            Method::POST,
            format!("/api/workspaces/{ws}/documents"),
            json!({ "title": null, "text": "# Hi" }),
            "title",
        ),
        (
            Method::POST,
            format!("/api/workspaces/{ws}/documents"),
            json!({ "title": "Hi", "template": null }),
            "template",
        ),
        (
            Method::PATCH,
            format!("/api/documents/{doc}"),
            json!({ "title": null }),
            "title",
        ),
        (
            Method::PATCH,
            format!("/api/documents/{doc}"),
            json!({ "status": null }),
            "status",
        ),
        (
            Method::PATCH,
            format!("/api/documents/{doc}"),
            json!({ "archived": null }),
            "archived",
        ),
    ];
    for (method, path, body, field) in cases {
        let reply = owner.api(method.clone(), &path, Some(body.clone())).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{method} {path} {body}: {}",
            reply.text
        );
        let message = reply.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        assert!(
            message.contains(field) && message.contains("null"),
            "{body}: {message}"
        );
    }
    // A body that is not an object is refused, even where every field is optional.
    for (method, path) in [
        (Method::PATCH, format!("/api/documents/{doc}")),
        (Method::POST, format!("/api/workspaces/{ws}/documents")),
    ] {
        let reply = owner.api(method.clone(), &path, Some(json!([]))).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{method} {path}: {}",
            reply.text
        );
        let message = reply.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        assert!(message.contains("must be an object"), "{message}");
    }
    // Left out, the same fields are fine.
    let reply = owner
        .api(Method::POST, "/api/check", Some(json!({ "text": "# Hi" })))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["files"][0]["path"], "document.md");
    let reply = owner
        .api(
            Method::PATCH,
            &format!("/api/documents/{doc}"),
            Some(json!({})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
}

/// Found by schemathesis: what the OpenAPI document allows for a title is accepted and
/// what it forbids is refused. A text without a heading becomes `Untitled` instead of a
/// 400 the document could not describe; a heading too long for a title is cut to fit; a
/// title's length and characters are judged as sent.
#[tokio::test]
async fn titles_follow_the_documented_rules() {
    let app = App::new().await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let create = format!("/api/workspaces/{ws}/documents");
    let long = "Long ".repeat(60);
    for (body, title) in [
        (
            json!({ "text": "No heading, only a paragraph." }),
            "Untitled".to_owned(),
        ),
        (json!({ "template": "vision" }), "Untitled".to_owned()),
        (
            json!({ "text": format!("# {long}\n\nText.") }),
            long.trim()
                .chars()
                .take(200)
                .collect::<String>()
                .trim()
                .to_owned(),
        ),
        (
            json!({ "title": "  Padded  ", "text": "# Other" }),
            "Padded".to_owned(),
        ),
    ] {
        let reply = owner.api(Method::POST, &create, Some(body.clone())).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{body}: {}", reply.text);
        assert_eq!(reply.json()["document"]["title"], json!(title), "{body}");
    }
    let padded = format!(" {} ", "x".repeat(199));
    for title in ["", "   ", "\tTabbed", "Line\nbreak", padded.as_str()] {
        for (method, path) in [
            (Method::POST, create.clone()),
            (Method::PATCH, format!("/api/documents/{doc}")),
        ] {
            let body = json!({ "title": title, "text": "# Hi" });
            let reply = owner.api(method.clone(), &path, Some(body)).await;
            assert_eq!(
                reply.status,
                StatusCode::BAD_REQUEST,
                "{method} {path} {title:?}: {}",
                reply.text
            );
        }
    }
    let padded = format!(" {} ", "x".repeat(99));
    for name in ["", "\tTabbed", padded.as_str()] {
        let body = json!({ "name": name, "scope": "read" });
        let reply = owner.api(Method::POST, "/api/tokens", Some(body)).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{name:?}: {}",
            reply.text
        );
    }
}

/// The invitation link the owner gets for `email`, posted with `host` as the request's
/// Host header.
async fn invitation_link(app: &App, host: &str, email: &str) -> String {
    let (mut owner, ws, _) = owner_with_example(app).await;
    owner.headers.push(("host", host.to_owned()));
    owner.get(&format!("/w/{ws}/members")).await;
    let reply = owner
        .post_form(
            &format!("/w/{ws}/invitations"),
            &[("email", email), ("role", "reviewer")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    attr_after(&reply.text, "id=\"invite-link\"", "value").expect("an invitation link")
}

#[tokio::test]
async fn invitation_links_start_with_the_public_url_when_the_server_was_given_one() {
    // Given `--public-url`: the link starts with it, whatever Host the request named.
    let given = App::with(|c| {
        c.public_url = "https://prfaq.example.com".to_owned();
        c.public_url_given = true;
    })
    .await;
    let link = invitation_link(&given, "evil.example", "rae@example.com").await;
    assert!(
        link.starts_with("https://prfaq.example.com/invite/"),
        "{link}"
    );
    assert!(!link.contains("evil"), "{link}");
    let secret = link.rsplit('/').next().expect("secret");
    let page = given.browser().get(&format!("/invite/{secret}")).await;
    assert_eq!(page.status, StatusCode::OK, "the link works");

    // Without it the link follows the address the browser used, as the members page
    // always did (the public URL made from the listening address may not be reachable).
    let derived = App::with(|c| c.public_url = "http://127.0.0.1:7878".to_owned()).await;
    let link = invitation_link(&derived, "prfaq.internal:8080", "rae@example.com").await;
    assert!(
        link.starts_with("http://prfaq.internal:8080/invite/"),
        "{link}"
    );
    // A Host header that is no host name is not copied into the link.
    let link = invitation_link(&derived, "evil.example/<x>", "rae@example.com").await;
    assert!(link.starts_with("http://localhost/invite/"), "{link}");
}
