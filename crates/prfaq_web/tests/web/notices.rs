//! Notifications in the workspace: the header's unread count, the inbox page, marking
//! read by form and by API (with a personal access token too), and who may do what.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{App, Browser, Db, api_save, bearer, element, invite, owner_with_example};

on_both_databases!(comments_published_with_a_verdict_notify_as_on_their_own);

const CLEAN: &str = include_str!("../../../../examples/quick-reorder.md");

/// The reviewer comments on the owner's document through the API.
async fn comment(reviewer: &mut Browser, doc: &str, body: &str) -> String {
    let reply = reviewer
        .api(
            Method::POST,
            &format!("/api/documents/{doc}/review/threads"),
            Some(json!({ "quote": "Quick Reorder", "body": body })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.json()["id"].to_string()
}

fn unread_in_header(html: &str) -> Option<String> {
    html.contains("id=\"unread-count\"")
        .then(|| element(html, "unread-count"))
}

#[tokio::test]
async fn the_owner_is_told_of_comments_and_reads_them_in_the_inbox() {
    let app = App::new().await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let mut rae = invite(&app, &mut owner, &ws, "Rae", "rae@example.com", "reviewer").await;
    let page = owner.get("/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("No notifications yet."));
    assert_eq!(unread_in_header(&page.text), None);

    let first = comment(&mut rae, &doc, "Which basket?").await;
    comment(&mut rae, &doc, "How often?").await;
    let page = owner.get(&format!("/d/{doc}")).await;
    assert_eq!(unread_in_header(&page.text).as_deref(), Some("2"));
    let inbox = owner.get("/notifications").await;
    assert_eq!(inbox.text.matches("data-testid=\"notice\"").count(), 2);
    assert!(inbox.text.contains("<strong>Rae</strong> commented on"));
    assert!(
        inbox
            .text
            .contains(&format!("href=\"/d/{doc}/review#thread-{first}\"")),
        "each notice leads to its thread"
    );
    // The review page has the thread the notice points at.
    let review = owner.get(&format!("/d/{doc}/review")).await;
    assert!(review.text.contains(&format!("id=\"thread-{first}\"")));
    // Rae is not told of her own comments.
    let hers = rae.get("/notifications").await;
    assert!(hers.text.contains("No notifications yet."));

    let listed = owner
        .api(Method::GET, "/api/notifications?unread=true", None)
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    let body: Value = listed.json();
    assert_eq!(body["unread"], 2);
    let newest = body["notices"][0]["id"].to_string();
    assert_eq!(body["notices"][1]["thread"].to_string(), first);
    assert_eq!(body["notices"][0]["kind"], "comment-on-document");

    owner.refresh().await;
    let marked = owner
        .post_form(&format!("/notifications/{newest}/read"), &[])
        .await;
    assert_eq!(marked.status, StatusCode::SEE_OTHER);
    assert_eq!(marked.location(), "/notifications");
    let page = owner.get("/notifications").await;
    assert_eq!(unread_in_header(&page.text).as_deref(), Some("1"));
    assert_eq!(page.text.matches("data-unread=\"false\"").count(), 1);
    owner.refresh().await;
    let all = owner.post_form("/notifications/read-all", &[]).await;
    assert_eq!(all.status, StatusCode::SEE_OTHER);
    let page = owner.get("/notifications").await;
    assert_eq!(unread_in_header(&page.text), None);
    assert_eq!(page.text.matches("data-unread=\"false\"").count(), 2);
}

#[tokio::test]
async fn the_api_lists_and_marks_notices_with_a_token_and_names_bad_input() {
    let app = App::new().await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let mut rae = invite(&app, &mut owner, &ws, "Rae", "rae@example.com", "reviewer").await;
    comment(&mut rae, &doc, "One").await;
    comment(&mut rae, &doc, "Two").await;
    let mut tokens = Vec::new();
    for scope in ["read", "write"] {
        let reply = owner
            .api(
                Method::POST,
                "/api/tokens",
                Some(json!({ "name": scope, "scope": scope })),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        tokens.push(reply.json()["secret"].as_str().expect("secret").to_owned());
    }
    let (read, write) = (&tokens[0], &tokens[1]);
    let list = bearer(&app, Method::GET, "/api/notifications?limit=1", read, None).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert_eq!(list.json()["notices"].as_array().map(Vec::len), Some(1));
    assert_eq!(list.json()["unread"], 2);
    let id = list.json()["notices"][0]["id"].to_string();
    let path = format!("/api/notifications/{id}/read");
    let refused = bearer(&app, Method::POST, &path, read, None).await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "a read token only reads"
    );
    let marked = bearer(&app, Method::POST, &path, write, None).await;
    assert_eq!(marked.status, StatusCode::OK, "{}", marked.text);
    assert_eq!(marked.json()["marked"], 1);
    let again = bearer(&app, Method::POST, &path, write, None).await;
    assert_eq!(again.json()["marked"], 0, "marking twice changes nothing");
    let unread = bearer(&app, Method::GET, "/api/notifications?unread=1", read, None).await;
    assert_eq!(unread.json()["notices"].as_array().map(Vec::len), Some(1));
    assert_ne!(unread.json()["notices"][0]["id"].to_string(), id);

    for (query, names) in [
        ("unread=maybe", "`unread` is `maybe`"),
        ("limit=0", "`limit` is `0`"),
        ("limit=many", "`limit` is `many`"),
        ("colour=red", "colour"),
    ] {
        let reply = owner
            .api(Method::GET, &format!("/api/notifications?{query}"), None)
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(reply.text.contains(names), "{query}: {}", reply.text);
    }
    let all = bearer(
        &app,
        Method::POST,
        "/api/notifications/read-all",
        write,
        None,
    )
    .await;
    assert_eq!(all.json()["marked"], 1);
    let none = bearer(
        &app,
        Method::GET,
        "/api/notifications?unread=true",
        read,
        None,
    )
    .await;
    assert_eq!(none.json()["unread"], 0);
}

/// The notification routes for each role of the access matrix: `browsers` are the
/// owner, editor, reviewer, viewer, a stranger and an anonymous visitor, and the owner
/// has notices from the others' comments by now. Each member reads their own inbox; only
/// the owner may mark the owner's notice.
pub(crate) async fn notice_access_by_role(browsers: &mut [&mut Browser; 6]) {
    use StatusCode as S;
    let listed = browsers[0]
        .api(Method::GET, "/api/notifications", None)
        .await;
    let id = listed.json()["notices"][0]["id"].to_string();
    assert_ne!(id, "null", "the owner has a notice: {}", listed.text);
    let one_api = [
        S::OK,
        S::NOT_FOUND,
        S::NOT_FOUND,
        S::NOT_FOUND,
        S::NOT_FOUND,
        S::UNAUTHORIZED,
    ];
    let one_form = [
        S::SEE_OTHER,
        S::NOT_FOUND,
        S::NOT_FOUND,
        S::NOT_FOUND,
        S::NOT_FOUND,
        S::SEE_OTHER,
    ];
    let all_api = [S::OK, S::OK, S::OK, S::OK, S::OK, S::UNAUTHORIZED];
    let all_form = [S::SEE_OTHER; 6];
    for who in (0..6).rev() {
        let browser = &mut *browsers[who];
        browser.refresh().await;
        let api = browser
            .api(Method::POST, &format!("/api/notifications/{id}/read"), None)
            .await;
        assert_eq!(api.status, one_api[who], "mark read (API) as #{who}");
        let form = browser
            .post_form(&format!("/notifications/{id}/read"), &[])
            .await;
        assert_eq!(form.status, one_form[who], "mark read as #{who}");
        let api = browser
            .api(Method::POST, "/api/notifications/read-all", None)
            .await;
        assert_eq!(api.status, all_api[who], "read all (API) as #{who}");
        let form = browser.post_form("/notifications/read-all", &[]).await;
        assert_eq!(form.status, all_form[who], "read all as #{who}");
        if who == 5 {
            assert!(form.location().starts_with("/signin"));
        }
    }
    // Email about notices: each member turns their own on or off.
    let own_api = [S::OK, S::OK, S::OK, S::OK, S::OK, S::UNAUTHORIZED];
    let own_form = [S::SEE_OTHER; 6];
    for who in (0..6).rev() {
        let browser = &mut *browsers[who];
        browser.refresh().await;
        let read = browser
            .api(Method::GET, "/api/notifications/email", None)
            .await;
        assert_eq!(read.status, own_api[who], "email setting (API) as #{who}");
        let body = Some(json!({ "email": false }));
        let set = browser
            .api(Method::POST, "/api/notifications/email", body)
            .await;
        assert_eq!(set.status, own_api[who], "email off (API) as #{who}");
        let form = browser
            .post_form("/notifications/email", &[("email", "on")])
            .await;
        assert_eq!(form.status, own_form[who], "email on as #{who}");
        if who == 5 {
            assert!(form.location().starts_with("/signin"));
        } else {
            let read = browser
                .api(Method::GET, "/api/notifications/email", None)
                .await;
            assert_eq!(read.json()["email"], true, "#{who}'s own setting");
        }
    }
}

#[tokio::test]
async fn each_member_turns_email_about_notices_off_for_themselves_only() {
    let app = App::new().await;
    let (mut owner, ws, _) = owner_with_example(&app).await;
    let mut rae = invite(&app, &mut owner, &ws, "Rae", "rae@example.com", "reviewer").await;
    let page = owner.get("/notifications").await;
    assert!(page.text.contains("data-email=\"on\""), "on by default");
    assert!(
        page.text.contains("it sends none now"),
        "the page says this server sends no email"
    );
    let read = owner
        .api(Method::GET, "/api/notifications/email", None)
        .await;
    assert_eq!(
        read.json(),
        json!({ "email": true, "server_sends_mail": false })
    );
    let off = owner
        .api(
            Method::POST,
            "/api/notifications/email",
            Some(json!({ "email": false })),
        )
        .await;
    assert_eq!(off.json()["email"], false, "{}", off.text);
    let page = owner.get("/notifications").await;
    assert!(page.text.contains("data-email=\"off\""));
    let hers = rae.api(Method::GET, "/api/notifications/email", None).await;
    assert_eq!(hers.json()["email"], true, "for the owner only");

    for (body, names) in [
        (json!({ "email": "no" }), "email"),
        (json!({}), "email"),
        (json!({ "email": true, "also": 1 }), "also"),
    ] {
        let reply = owner
            .api(Method::POST, "/api/notifications/email", Some(body.clone()))
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(reply.text.contains(names), "{body}: {}", reply.text);
    }
    owner.refresh().await;
    let bad = owner
        .post_form("/notifications/email", &[("email", "maybe")])
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.text.contains("`email` is `maybe`"), "{}", bad.text);
}

/// `who`'s notices, oldest first, as `kind thread-id actor-name`; the thread is `-` when
/// the notice names none.
async fn notices_of(who: &mut Browser) -> Vec<String> {
    let reply = who.api(Method::GET, "/api/notifications", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let mut said: Vec<String> = reply.json()["notices"]
        .as_array()
        .expect("notices")
        .iter()
        .map(|n| {
            let thread = match &n["thread"] {
                Value::Null => "-".to_owned(),
                id => id.to_string(),
            };
            format!(
                "{} {thread} {}",
                n["kind"].as_str().unwrap_or("?"),
                n["actor_name"].as_str().unwrap_or("?")
            )
        })
        .collect();
    said.reverse();
    said
}

/// `who` opens a thread on the title through the API, pending (until their verdict) or
/// not; answers its id.
async fn open(who: &mut Browser, doc: &str, body: &str, pending: bool) -> String {
    let reply = who
        .api(
            Method::POST,
            &format!("/api/documents/{doc}/review/threads"),
            Some(json!({ "quote": "Quick Reorder", "body": body, "pending": pending })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.json()["id"].to_string()
}

/// `who` replies in `thread` through the API, pending or not.
async fn reply_in(who: &mut Browser, thread: &str, body: &str, pending: bool) {
    let reply = who
        .api(
            Method::POST,
            &format!("/api/threads/{thread}/replies"),
            Some(json!({ "body": body, "pending": pending })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
}

async fn comments_published_with_a_verdict_notify_as_on_their_own(db: Db) {
    let Some(app) = App::on(db, |_| {}).await else {
        return;
    };
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let mut rae = invite(&app, &mut owner, &ws, "Rae", "rae@example.com", "reviewer").await;
    let mut sam = invite(&app, &mut owner, &ws, "Sam", "sam@example.com", "reviewer").await;
    let reply = api_save(&mut owner, &doc, 1, CLEAN).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    owner.refresh().await;
    let asked = owner
        .post_form(
            &format!("/d/{doc}/review/request"),
            &[
                ("email", "rae@example.com"),
                ("function", "design"),
                ("required", "1"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.text);
    let sams = open(&mut sam, &doc, "Which basket?", false).await;
    let owners = open(&mut owner, &doc, "Check the price", false).await;
    assert_eq!(
        notices_of(&mut owner).await,
        [format!("comment-on-document {sams} Sam")]
    );

    // Rae drafts: two replies in Sam's thread, one in the owner's, a thread of her own
    // with a reply in it. Nobody hears of a draft.
    rae.refresh().await;
    reply_in(&mut rae, &sams, "The weekly one", true).await;
    reply_in(&mut rae, &sams, "Or the last one", true).await;
    reply_in(&mut rae, &owners, "Agreed", true).await;
    let raes = open(&mut rae, &doc, "Is the tap count right?", true).await;
    reply_in(&mut rae, &raes, "Two taps, I think", true).await;
    assert!(notices_of(&mut sam).await.is_empty());
    assert_eq!(notices_of(&mut owner).await.len(), 1);
    let before = notices_of(&mut rae).await;
    assert_eq!(before, ["review-requested - Dana Lee"], "{before:?}");

    // Her verdict publishes them: each thread's author and the document's creator hear
    // of them as they would have on their own, once per thread, besides the verdict.
    let verdict = rae
        .api(
            Method::POST,
            &format!("/api/documents/{doc}/review/verdicts"),
            Some(json!({ "verdict": "comment", "body": "Some notes" })),
        )
        .await;
    assert_eq!(verdict.status, StatusCode::CREATED, "{}", verdict.text);
    assert_eq!(
        verdict.json()["verdict"]["published"],
        5,
        "{}",
        verdict.text
    );
    assert_eq!(
        notices_of(&mut sam).await,
        [format!("comment-on-thread {sams} Rae")]
    );
    assert_eq!(
        notices_of(&mut owner).await,
        [
            format!("comment-on-document {sams} Sam"),
            format!("comment-on-document {sams} Rae"),
            format!("comment-on-thread {owners} Rae"),
            format!("comment-on-document {raes} Rae"),
            "verdict-given - Rae".to_owned(),
        ]
    );
    assert_eq!(
        notices_of(&mut rae).await,
        before,
        "never of her own action"
    );

    // The same replies published on their own say the same.
    reply_in(&mut rae, &sams, "One more thing", false).await;
    reply_in(&mut rae, &owners, "Still agreed", false).await;
    assert_eq!(
        notices_of(&mut sam).await[1..],
        [format!("comment-on-thread {sams} Rae")]
    );
    assert_eq!(
        notices_of(&mut owner).await[5..],
        [
            format!("comment-on-document {sams} Rae"),
            format!("comment-on-thread {owners} Rae"),
        ]
    );
    // A verdict with nothing left to publish tells the creator alone.
    let again = rae
        .api(
            Method::POST,
            &format!("/api/documents/{doc}/review/verdicts"),
            Some(json!({ "verdict": "approve" })),
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
    assert_eq!(notices_of(&mut sam).await.len(), 2);
    assert_eq!(notices_of(&mut owner).await[7..], ["verdict-given - Rae"]);
}
