//! Findings of the outside probe of December 2026, each proven through the router on
//! SQLite and on PostgreSQL: invite-only sign-up, open redirects after sign-in, sign-in
//! throttling that locks nobody out (and the trusted proxy), sign-up enumeration and
//! rate, common passwords, invitations to a higher role, forms that are not UTF-8, and
//! bearer headers that skipped the CSRF check.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use prfaq_store::{Role, StoreError, TokenScope, now_millis};

use crate::support::*;

on_both_databases!(
    invite_only_signup_needs_a_valid_unused_invitation_for_that_email,
    sign_in_follows_only_same_site_paths,
    wrong_passwords_from_one_address_never_lock_out_another,
    forwarded_addresses_count_only_behind_a_trusted_proxy,
    signup_answers_the_same_whether_or_not_the_email_has_an_account,
    signups_are_limited_per_address,
    common_blank_and_email_passwords_are_refused,
    accepting_an_invitation_of_a_higher_role_raises_the_role,
    form_posts_that_are_not_utf8_are_refused,
    a_bearer_header_never_skips_the_csrf_check_of_a_cookie,
);

/// The number of accounts.
async fn accounts(app: &App) -> i64 {
    app.store.user_count().await.expect("count")
}

/// Posts the sign-up form from a fresh browser.
async fn sign_up_with(
    app: &App,
    browser: &mut Browser,
    email: &str,
    password: &str,
    invite: &str,
) -> Reply {
    if browser.csrf.is_empty() {
        browser.get("/signup").await;
    }
    let _ = app;
    browser
        .post_form(
            "/signup",
            &[
                ("name", "Someone"),
                ("email", email),
                ("password", password),
                ("invite", invite),
            ],
        )
        .await
}

/// The secret of a new invitation of `email` as `role` into `ws`, made by `owner`.
async fn invitation(owner: &mut Browser, ws: &str, email: &str, role: &str) -> String {
    owner.get(&format!("/w/{ws}/members")).await;
    let reply = owner
        .post_form(
            &format!("/w/{ws}/invitations"),
            &[("email", email), ("role", role)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let link = attr_after(&reply.text, "id=\"invite-link\"", "value").expect("invitation link");
    link.rsplit('/').next().expect("secret").to_owned()
}

/// Finding 3: on an invite-only server, any non-empty `invite` made an account.
async fn invite_only_signup_needs_a_valid_unused_invitation_for_that_email(db: Db) {
    let Some(app) = App::on(db, |c| c.open_signup = false).await else {
        return;
    };
    let (mut owner, ws, _) = owner_with_example(&app).await;
    let mut eve = app.browser();
    for invite in [
        "zzz",
        "0000000000000000000000000000000000000000000000000000000000000000",
    ] {
        let reply = sign_up_with(&app, &mut eve, "eve@example.com", PASSWORD, invite).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "invite={invite}");
        assert!(reply.text.contains("cannot be used"), "{}", reply.text);
        assert!(!eve.cookies.contains_key("prfaq_session"));
    }
    assert_eq!(
        accounts(&app).await,
        1,
        "no account for a made-up invitation"
    );

    // A real invitation, but for someone else.
    let secret = invitation(&mut owner, &ws, "vic@example.com", "viewer").await;
    let reply = sign_up_with(&app, &mut eve, "eve@example.com", PASSWORD, &secret).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(
        reply.text.contains("another email address"),
        "{}",
        reply.text
    );
    assert_eq!(accounts(&app).await, 1);

    // The invited address joins the invited workspace and is signed in.
    let mut vic = app.browser();
    let reply = sign_up_with(&app, &mut vic, "Vic@Example.com", PASSWORD, &secret).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    assert_eq!(reply.location(), format!("/w/{ws}"));
    assert!(vic.cookies.contains_key("prfaq_session"));
    assert_eq!(accounts(&app).await, 2);

    // A spent link makes no second account, even for another address it never named.
    let mut again = app.browser();
    let reply = sign_up_with(&app, &mut again, "vic2@example.com", PASSWORD, &secret).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.text.contains("cannot be used"), "{}", reply.text);

    // An expired link neither.
    let dana = app
        .store
        .credentials("dana@example.com")
        .await
        .expect("owner")
        .0;
    let (_, short) = app
        .store
        .create_invitation(
            dana.id,
            ws.parse().expect("id"),
            "late@example.com",
            Role::Viewer,
            now_millis() + 50,
        )
        .await
        .expect("invite");
    tokio::time::sleep(Duration::from_millis(120)).await;
    let reply = sign_up_with(
        &app,
        &mut again,
        "late@example.com",
        PASSWORD,
        short.expose(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(accounts(&app).await, 2);
}

/// Finding 4: `next=/%09/evil.example` sent a signed-in browser to another site, and a
/// `next` with CR, LF, DEL or NUL answered 500.
async fn sign_in_follows_only_same_site_paths(db: Db) {
    let Some(app) = App::on(db, |_| {}).await else {
        return;
    };
    owner_with_example(&app).await;
    let mut signed_in = app.browser();
    signed_in.get("/signin").await;
    let reply = signed_in
        .post_form(
            "/signin",
            &[("email", "dana@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let refused = [
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\nSet-Cookie: a=b",
        "/\u{7f}",
        "/\0",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/ /evil.example",
        " /w",
        "https://evil.example/",
        "javascript:alert(1)",
        "evil.example",
        "/../evil.example",
        "/..//evil.example",
        "/./w",
        "/w/../../x",
        "/%2F%2Fevil.example",
        "/%5Cevil.example",
        "/%2e%2e/x",
        "/w/caf\u{e9}",
        "",
    ];
    for next in refused {
        let reply = signed_in
            .get(&format!("/signin?next={}", encode(next)))
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "GET next={next:?}");
        assert_eq!(reply.location(), "/", "GET next={next:?}");
        let mut browser = app.browser();
        browser.get("/signin").await;
        let reply = browser
            .post_form(
                "/signin",
                &[
                    ("email", "dana@example.com"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "POST next={next:?}");
        assert_eq!(reply.location(), "/", "POST next={next:?}");
    }
    for next in ["/", "/w/12", "/d/5/history?x=1", "/rules#PR101", "/?q=a"] {
        let reply = signed_in
            .get(&format!("/signin?next={}", encode(next)))
            .await;
        assert_eq!(reply.location(), next, "a same-site path is followed");
    }
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Posts a sign-in from `browser`.
async fn sign_in(browser: &mut Browser, email: &str, password: &str) -> Reply {
    if browser.csrf.is_empty() {
        browser.get("/signin").await;
    }
    browser
        .post_form("/signin", &[("email", email), ("password", password)])
        .await
}

/// Finding 5: five wrong passwords from anywhere locked the account, even against the
/// right password from its owner's address.
async fn wrong_passwords_from_one_address_never_lock_out_another(db: Db) {
    // A long first wait, so that no assertion depends on how fast the test runs.
    let Some(app) = App::on(db, |c| c.sign_in_delay = Duration::from_secs(600)).await else {
        return;
    };
    owner_with_example(&app).await;
    let mut stranger = app.browser_at("203.0.113.66:40000");
    for _ in 0..5 {
        let reply = sign_in(&mut stranger, "dana@example.com", "guess guess guess").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    // The guessing pair waits, and is told how long, even with the right password.
    let reply = sign_in(&mut stranger, "dana@example.com", "guess again, guess").await;
    assert_eq!(
        reply.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        reply.text
    );
    assert!(reply.text.contains("Too many failed sign-ins"));
    let retry: u64 = reply.header("retry-after").parse().expect("Retry-After");
    assert!((1..=600).contains(&retry), "{retry}");
    let reply = sign_in(&mut stranger, "dana@example.com", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);

    // Dana, from her own address, signs in at once.
    let mut dana = app.browser_at("198.51.100.7:50000");
    let reply = sign_in(&mut dana, "dana@example.com", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    // And her success does not forgive the stranger's failures.
    let reply = sign_in(&mut stranger, "dana@example.com", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    // Someone else signing in from the stranger's address is not slowed down by it.
    app.signup("Sam Roe", "sam@example.com").await;
    let mut sam = app.browser_at("203.0.113.66:40001");
    let reply = sign_in(&mut sam, "sam@example.com", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
}

/// Finding 5, behind a proxy: thirty failures from one address refused everyone, and
/// behind a reverse proxy everyone has one address.
async fn forwarded_addresses_count_only_behind_a_trusted_proxy(db: Db) {
    let Some(app) = App::on(db, |c| {
        c.sign_in_address_limit = 3;
        c.sign_in_delay = Duration::from_secs(600);
        c.trust_proxy = vec!["127.0.0.1".parse().expect("ip")];
    })
    .await
    else {
        return;
    };
    owner_with_example(&app).await;
    let through_proxy = |client: &str| {
        let mut browser = app.browser_at("127.0.0.1:33000");
        browser
            .headers
            .push(("x-forwarded-for", format!("192.0.2.200, {client}")));
        browser
    };
    let mut guesser = through_proxy("203.0.113.66");
    for n in 0..3 {
        let reply = sign_in(
            &mut guesser,
            &format!("nobody{n}@example.com"),
            "guess guess",
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let reply = sign_in(&mut guesser, "dana@example.com", PASSWORD).await;
    assert_eq!(
        reply.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        reply.text
    );
    // Another client of the same proxy is another address.
    let mut dana = through_proxy("198.51.100.7");
    let reply = sign_in(&mut dana, "dana@example.com", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);

    // From a peer that is not the trusted proxy the header is ignored: a guesser cannot
    // dodge the limit by making up a new address for every try.
    for n in 0..3 {
        let mut spoofer = app.browser_at("192.0.2.9:1234");
        spoofer
            .headers
            .push(("x-forwarded-for", format!("10.9.9.{n}")));
        let reply = sign_in(
            &mut spoofer,
            &format!("nobody{n}@example.com"),
            "guess guess",
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let mut spoofer = app.browser_at("192.0.2.9:1234");
    spoofer
        .headers
        .push(("forwarded", "for=10.9.9.77".to_owned()));
    let reply = sign_in(&mut spoofer, "dana@example.com", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
}

/// Finding 7: sign-up told whether an email address had an account.
async fn signup_answers_the_same_whether_or_not_the_email_has_an_account(db: Db) {
    let Some(app) = App::on(db, |_| {}).await else {
        return;
    };
    owner_with_example(&app).await;
    let mut taken = app.browser();
    let on_taken = sign_up_with(
        &app,
        &mut taken,
        "DANA@example.com",
        "a different passphrase",
        "",
    )
    .await;
    let mut fresh = app.browser();
    let on_fresh = sign_up_with(
        &app,
        &mut fresh,
        "kim@example.com",
        "a different passphrase",
        "",
    )
    .await;
    for (reply, browser) in [(&on_taken, &taken), (&on_fresh, &fresh)] {
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
        assert_eq!(reply.location(), "/signin?signed_up=1");
        assert!(!browser.cookies.contains_key("prfaq_session"));
    }
    assert_eq!(on_taken.text, on_fresh.text);
    let cookies = |reply: &Reply| reply.headers.get_all(header::SET_COOKIE).iter().count();
    assert_eq!(cookies(&on_taken), cookies(&on_fresh));
    let taken_page = taken.get("/signin?signed_up=1").await;
    let fresh_page = fresh.get("/signin?signed_up=1").await;
    assert_eq!(
        element(&taken_page.text, "signin-note"),
        element(&fresh_page.text, "signin-note")
    );

    // The new account signs in with its password; the existing one kept its own.
    assert_eq!(
        sign_in(&mut fresh, "kim@example.com", "a different passphrase")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        sign_in(&mut taken, "dana@example.com", "a different passphrase")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&mut taken, "dana@example.com", PASSWORD)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

/// Finding 7: thirty accounts from one address in under a second.
async fn signups_are_limited_per_address(db: Db) {
    let Some(app) = App::on(db, |c| c.signup_address_limit = 3).await else {
        return;
    };
    owner_with_example(&app).await;
    for n in 0..2 {
        let mut browser = app.browser_at("203.0.113.5:1000");
        let reply = sign_up_with(
            &app,
            &mut browser,
            &format!("bot{n}@example.com"),
            PASSWORD,
            "",
        )
        .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    }
    // The owner's sign-up came from `local`; this address has made two.
    let mut browser = app.browser_at("203.0.113.5:1000");
    let reply = sign_up_with(&app, &mut browser, "bot2@example.com", PASSWORD, "").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let reply = sign_up_with(&app, &mut browser, "bot3@example.com", PASSWORD, "").await;
    assert_eq!(
        reply.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        reply.text
    );
    assert!(reply.text.contains("Too many accounts"), "{}", reply.text);
    assert!(
        reply
            .header("retry-after")
            .parse::<u64>()
            .expect("Retry-After")
            > 0
    );
    assert!(matches!(
        app.store.credentials("bot3@example.com").await,
        Err(StoreError::NotFound)
    ));
    let mut elsewhere = app.browser_at("198.51.100.8:1000");
    let reply = sign_up_with(&app, &mut elsewhere, "kim@example.com", PASSWORD, "").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
}

/// Finding 7: passwords were checked for length only (ten spaces passed).
async fn common_blank_and_email_passwords_are_refused(db: Db) {
    let Some(app) = App::on(db, |_| {}).await else {
        return;
    };
    owner_with_example(&app).await;
    let mut browser = app.browser();
    for (password, says) in [
        ("          ", "more than spaces"),
        ("\t \t \t \t \t \t", "more than spaces"),
        ("1234567890", "most common"),
        ("QWERTYUIOP", "most common"),
        ("password123", "most common"),
        ("zzzzzzzzzzzz", "most common"),
        ("Kim@Example.com", "other than your email address"),
        ("short", "at least 10 characters"),
    ] {
        let reply = sign_up_with(&app, &mut browser, "kim@example.com", password, "").await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{password:?}");
        let error = element(&reply.text, "signup-error");
        assert!(error.contains(says), "{password:?}: {error}");
    }
    assert_eq!(accounts(&app).await, 1);
}

/// Finding 7: a viewer who accepted an owner invitation stayed a viewer, and the link
/// was spent without a word.
async fn accepting_an_invitation_of_a_higher_role_raises_the_role(db: Db) {
    let Some(app) = App::on(db, |_| {}).await else {
        return;
    };
    let (mut owner, ws, _) = owner_with_example(&app).await;
    let mut vic = invite(&app, &mut owner, &ws, "Vic", "vic@example.com", "viewer").await;
    let mut ed = invite(&app, &mut owner, &ws, "Ed", "ed@example.com", "editor").await;
    let role = |email: &'static str| {
        let store = app.store.clone();
        let ws = ws.clone();
        async move {
            let user = store.credentials(email).await.expect("user").0;
            store
                .role_of(user.id, ws.parse().expect("id"))
                .await
                .expect("role")
        }
    };
    let higher = invitation(&mut owner, &ws, "vic@example.com", "owner").await;
    vic.get(&format!("/invite/{higher}")).await;
    let reply = vic.post_form(&format!("/invite/{higher}"), &[]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    assert_eq!(reply.location(), format!("/w/{ws}"));
    assert_eq!(role("vic@example.com").await, Some(Role::Owner));
    let members = vic.get(&format!("/w/{ws}/members")).await;
    assert!(
        members.text.contains("id=\"invite-email\""),
        "the new owner manages members"
    );
    // A lower role never lowers anyone.
    let lower = invitation(&mut owner, &ws, "ed@example.com", "viewer").await;
    ed.get(&format!("/invite/{lower}")).await;
    let reply = ed.post_form(&format!("/invite/{lower}"), &[]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    assert_eq!(role("ed@example.com").await, Some(Role::Editor));
}

/// Finding 7: form posts whose bytes are not UTF-8 were silently changed to U+FFFD.
async fn form_posts_that_are_not_utf8_are_refused(db: Db) {
    let Some(app) = App::on(db, |_| {}).await else {
        return;
    };
    let (mut owner, _, doc) = owner_with_example(&app).await;
    let page = owner.get(&format!("/d/{doc}")).await;
    let before = element(&page.text, "doc-title");
    for body in [
        format!("csrf={}&title=Caf%E9", owner.csrf).into_bytes(),
        [
            format!("csrf={}&title=Caf", owner.csrf).as_bytes(),
            &[0xe9u8, 0xff][..],
        ]
        .concat(),
    ] {
        let reply = owner
            .request(
                Request::post(format!("/d/{doc}/rename"))
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
                Body::from(body),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text);
        assert!(
            reply.text.contains("`title`") && reply.text.contains("UTF-8"),
            "{}",
            reply.text
        );
    }
    let page = owner.get(&format!("/d/{doc}")).await;
    assert_eq!(
        element(&page.text, "doc-title"),
        before,
        "the title is unchanged"
    );
    // Text that is UTF-8 still goes through, whatever its script.
    let reply = owner
        .post_form(&format!("/d/{doc}/rename"), &[("title", "Café Reorder")])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);

    let mut visitor = app.browser();
    visitor.get("/signup").await;
    let body = format!(
        "csrf={}&name=%C3%28&email=kim%40example.com&password=correct+horse+battery+staple",
        visitor.csrf
    );
    let reply = visitor
        .request(
            Request::post("/signup")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
            Body::from(body),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.text.contains("`name`"), "{}", reply.text);
    assert_eq!(accounts(&app).await, 1);
}

/// Finding 7: `POST /signout` with any `Authorization: Bearer` header skipped the CSRF
/// check and ended the cookie's session.
async fn a_bearer_header_never_skips_the_csrf_check_of_a_cookie(db: Db) {
    let Some(app) = App::on(db, |_| {}).await else {
        return;
    };
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let session = owner.cookies["prfaq_session"].clone();
    let dana = app
        .store
        .credentials("dana@example.com")
        .await
        .expect("owner")
        .0;
    let (_, token) = app
        .store
        .create_token(dana.id, "laptop", TokenScope::Write)
        .await
        .expect("token");
    for bearer in [
        "Bearer x",
        "Bearer not-a-token",
        &format!("Bearer {}", token.expose()),
    ] {
        // What another site's page could send along with the cookie: no CSRF token.
        let reply = owner
            .request(
                Request::post("/signout")
                    .header(header::AUTHORIZATION, bearer)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
                Body::empty(),
            )
            .await;
        assert_ne!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
        owner
            .cookies
            .insert("prfaq_session".into(), session.clone());
        assert!(
            app.store.session(&session).await.is_ok(),
            "{bearer}: the session survives"
        );
        assert_eq!(
            owner.get(&format!("/w/{ws}")).await.status,
            StatusCode::OK,
            "{bearer}: still signed in"
        );
    }
    // A made-up token is refused; it never lets the cookie act without the CSRF token.
    let reply = owner
        .request(
            Request::builder()
                .method(Method::PUT)
                .uri(format!("/api/documents/{doc}"))
                .header(header::AUTHORIZATION, "Bearer made-up")
                .header(header::CONTENT_TYPE, "application/json"),
            Body::from(
                serde_json::json!({ "base_revision": 1, "text": "defaced", "note": "" })
                    .to_string(),
            ),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.text);
    // The real token still works on its own, without cookies or CSRF token.
    let reply = bearer(
        &app,
        Method::GET,
        &format!("/api/documents/{doc}"),
        token.expose(),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_ne!(reply.json()["text"], "defaced");
    // And signing out with the CSRF token still works.
    let reply = owner.post_form("/signout", &[]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(app.store.session(&session).await.is_err());
}
