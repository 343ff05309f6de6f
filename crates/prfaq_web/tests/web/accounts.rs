//! Sign-up, the seeded example, sign-in, sign-out, session expiry and rate limits (the
//! findings of the outside probe are proven in `probe.rs`).

use std::time::Duration;

use axum::http::StatusCode;

use crate::support::*;

#[tokio::test]
async fn first_signup_owns_a_workspace_seeded_with_the_example() {
    let app = App::new().await;
    let mut visitor = app.browser();
    // An empty database sends everyone to sign-up.
    let reply = visitor.get("/").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/signup");
    let reply = visitor.get("/signup").await;
    assert!(reply.text.contains("id=\"first-run\""), "{}", reply.text);
    for field in [
        "signup-name",
        "signup-email",
        "signup-password",
        "signup-submit",
    ] {
        assert!(
            reply.text.contains(&format!("data-testid=\"{field}\"")),
            "{field}"
        );
    }

    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let list = owner.get(&format!("/w/{ws}")).await;
    assert!(list.text.contains("Quick Reorder"), "{}", list.text);
    assert!(list.text.contains("data-testid=\"document-row\""));

    // The example opens in the editor with the checker's findings, as on the CLI.
    let page = owner.get(&format!("/d/{doc}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("data-testid=\"editor\""));
    assert!(page.text.contains("data-testid=\"save\""));
    assert!(page.text.contains("data-testid=\"note\""));
    assert_eq!(
        textarea(&page.text),
        prfaq_web::EXAMPLE_DOCUMENT,
        "the editor holds the example text exactly"
    );
    let expected = expected_findings(prfaq_web::EXAMPLE_DOCUMENT);
    assert_eq!(
        page.text.matches("data-testid=\"finding\"").count(),
        expected,
        "the page lists what prfaq check finds"
    );
}

fn expected_findings(text: &str) -> usize {
    let doc = prfaq_doc::parse(text);
    prfaq_lint::check(&doc, &prfaq_lint::Config::default()).len()
}

#[tokio::test]
async fn later_signups_get_an_empty_workspace_of_their_own() {
    let app = App::new().await;
    owner_with_example(&app).await;
    let mut other = app.signup("Sam Roe", "sam@example.com").await;
    let reply = other.get("/").await;
    let ws = workspace_of(reply.location());
    let list = other.get(&format!("/w/{ws}")).await;
    assert!(list.text.contains("id=\"no-documents\""), "{}", list.text);
    assert!(!list.text.contains("Quick Reorder"));
}

#[tokio::test]
async fn signup_is_refused_when_closed_without_an_invitation() {
    let app = App::with(|c| c.open_signup = false).await;
    owner_with_example(&app).await;
    let mut stranger = app.browser();
    stranger.get("/signup").await;
    let reply = stranger
        .post_form(
            "/signup",
            &[
                ("name", "Eve"),
                ("email", "eve@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.text.contains("by invitation only"));
}

#[tokio::test]
async fn short_passwords_are_explained() {
    let app = App::new().await;
    owner_with_example(&app).await;
    let mut again = app.browser();
    again.get("/signup").await;
    let reply = again
        .post_form(
            "/signup",
            &[
                ("name", "Kim"),
                ("email", "kim@example.com"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.text.contains("at least 10 characters"));
}

#[tokio::test]
async fn session_cookie_is_http_only_same_site_and_hashed_in_the_store() {
    let app = App::new().await;
    let mut visitor = app.browser();
    visitor.get("/signup").await;
    let reply = visitor
        .post_form(
            "/signup",
            &[
                ("name", "Dana"),
                ("email", "dana@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    let cookie = reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("prfaq_session="))
        .expect("a session cookie")
        .to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Max-Age="), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain http on loopback in tests: {cookie}"
    );
    let secret = visitor.cookies["prfaq_session"].clone();
    // The store finds the session by the secret, and keeps only its hash: a backup of
    // the database does not contain the cookie's value.
    assert!(app.store.session(&secret).await.is_ok());
    let dir = tempfile::tempdir().expect("dir");
    let backup = dir.path().join("backup.jsonl");
    app.store.backup(&backup).await.expect("backup");
    let dump = std::fs::read_to_string(&backup).expect("read backup");
    assert!(
        !dump.contains(&secret),
        "the session secret is stored hashed"
    );
    assert!(!dump.contains(PASSWORD), "the password is stored hashed");
}

#[tokio::test]
async fn secure_cookies_use_the_host_prefix() {
    let app = App::with(|c| c.secure_cookies = true).await;
    let mut visitor = app.browser();
    let reply = visitor.get("/signup").await;
    let cookie = reply.header("set-cookie").to_owned();
    assert!(cookie.starts_with("__Host-prfaq_csrf="), "{cookie}");
    assert!(cookie.contains("; Secure"), "{cookie}");
    let reply = visitor
        .post_form(
            "/signup",
            &[
                ("name", "Dana"),
                ("email", "dana@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    assert!(visitor.cookies.contains_key("__Host-prfaq_session"));
}

#[tokio::test]
async fn sign_in_and_sign_out() {
    let app = App::new().await;
    let (mut owner, ws, _) = owner_with_example(&app).await;
    let old_session = owner.cookies["prfaq_session"].clone();
    let reply = owner.post_form("/signout", &[]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(
        !owner.cookies.contains_key("prfaq_session"),
        "cookie cleared"
    );
    // The server forgot the session: replaying the old cookie signs nobody in.
    assert!(app.store.session(&old_session).await.is_err());
    owner
        .cookies
        .insert("prfaq_session".into(), old_session.clone());
    let reply = owner.get(&format!("/w/{ws}")).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(
        reply.location().starts_with("/signin?next="),
        "{}",
        reply.location()
    );
    owner.cookies.remove("prfaq_session");

    let mut browser = app.browser();
    let page = browser.get(&format!("/signin?next=/w/{ws}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let reply = browser
        .post_form(
            "/signin",
            &[
                ("email", "dana@example.com"),
                ("password", "wrong password!"),
                ("next", &format!("/w/{ws}")),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(reply.text.contains("do not match"));
    let reply = browser
        .post_form(
            "/signin",
            &[
                ("email", "Dana@Example.com"),
                ("password", PASSWORD),
                ("next", &format!("/w/{ws}")),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    assert_eq!(reply.location(), format!("/w/{ws}"));
    let list = browser.get(&format!("/w/{ws}")).await;
    assert_eq!(list.status, StatusCode::OK);
}

#[tokio::test]
async fn sign_in_never_redirects_to_another_site() {
    let app = App::new().await;
    owner_with_example(&app).await;
    let mut browser = app.browser();
    browser.get("/signin").await;
    let reply = browser
        .post_form(
            "/signin",
            &[
                ("email", "dana@example.com"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/");
}

#[tokio::test]
async fn sessions_expire() {
    let app = App::with(|c| c.session_ttl = Duration::from_millis(1200)).await;
    let (mut owner, ws, _) = owner_with_example(&app).await;
    assert_eq!(owner.get(&format!("/w/{ws}")).await.status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let reply = owner.get(&format!("/w/{ws}")).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(reply.location().starts_with("/signin"));
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_address() {
    let app = App::with(|c| {
        c.sign_in_address_limit = 3;
        c.sign_in_delay = Duration::from_secs(600);
    })
    .await;
    owner_with_example(&app).await;
    let mut browser = app.browser();
    browser.get("/signin").await;
    for n in 0..3 {
        let email = format!("nobody{n}@example.com");
        let reply = browser
            .post_form(
                "/signin",
                &[("email", &email), ("password", "guess guess guess")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let reply = browser
        .post_form(
            "/signin",
            &[("email", "dana@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
}
