//! The caches behind the document page, the review page and the check endpoint never
//! change what anyone sees: a page rendered for one user is never another user's page, a
//! stranger still gets 404 once the revision is cached, a save or a comment shows up at
//! once, and a remembered check answers only for the exact text.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn a_cached_page_never_crosses_users() {
    let app = App::new().await;
    let (mut owner, mut viewer, _, doc) = owner_and_viewer(&app).await;
    let mut stranger = app.signup("Eve Stranger", "eve@example.com").await;
    let path = format!("/d/{doc}");

    // The owner's visit renders and caches the revision.
    let mine = owner.get(&path).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.text.contains("id=\"editor-form\""));
    assert!(
        mine.text
            .contains("you are <span id=\"your-role\">an owner</span>")
    );
    assert!(mine.text.contains(&owner.csrf));

    // The viewer gets their own page over the same cached revision.
    let theirs = viewer.get(&path).await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(theirs.text.contains("id=\"read-only\""));
    assert!(!theirs.text.contains("id=\"editor-form\""));
    assert!(
        theirs
            .text
            .contains("you are <span id=\"your-role\">a viewer</span>")
    );
    assert!(theirs.text.contains("Vic Viewer"));
    assert!(
        !theirs.text.contains(&owner.csrf),
        "never another user's CSRF token"
    );
    assert!(theirs.text.contains(&viewer.csrf));

    // A warm cache tells a stranger and a signed-out visitor nothing.
    for _ in 0..2 {
        let reply = stranger.get(&path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert!(!reply.text.contains("Quick Reorder"), "{}", reply.text);
        let reply = stranger
            .api(Method::GET, &format!("/api/documents/{doc}/check"), None)
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
    }
    let reply = app.browser().get(&path).await;
    assert_ne!(reply.status, StatusCode::OK);
    assert!(!reply.text.contains("editor-root"));
}

#[tokio::test]
async fn a_cached_page_reflects_a_new_save() {
    let app = App::new().await;
    let (mut owner, _ws, doc) = owner_with_example(&app).await;
    let path = format!("/d/{doc}");
    let before = owner.get(&path).await;
    assert!(before.text.contains("data-testid=\"revision-number\">1<"));
    // Read it twice so the second answer comes from the cache.
    assert_eq!(owner.get(&path).await.text, before.text);

    let text = format!(
        "{}\nA brand-new closing sentence about Boise.\n",
        prfaq_web::EXAMPLE_DOCUMENT
    );
    let reply = api_save(&mut owner, &doc, 1, &text).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);

    let after = owner.get(&path).await;
    assert!(after.text.contains("data-testid=\"revision-number\">2<"));
    assert!(
        after
            .text
            .contains("A brand-new closing sentence about Boise.")
    );
    assert!(!before.text.contains("Boise"));
    // The findings on the page are those of the new text, as the API reports them.
    let reply = owner
        .api(Method::GET, &format!("/api/documents/{doc}/check"), None)
        .await;
    let fresh = owner
        .api(Method::POST, "/api/check", Some(json!({ "text": text })))
        .await;
    assert_eq!(
        reply.json()["files"][0]["diagnostics"],
        fresh.json()["files"][0]["diagnostics"]
    );
}

#[tokio::test]
async fn a_remembered_check_answers_only_for_the_same_text() {
    let app = App::new().await;
    let (mut owner, _ws, _doc) = owner_with_example(&app).await;
    let text = prfaq_web::EXAMPLE_DOCUMENT;
    let first = owner
        .api(Method::POST, "/api/check", Some(json!({ "text": text })))
        .await;
    let again = owner
        .api(Method::POST, "/api/check", Some(json!({ "text": text })))
        .await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.text, again.text);
    // A different path is named in the answer; an empty text is an error, not a hit.
    let other = owner
        .api(
            Method::POST,
            "/api/check",
            Some(json!({ "text": text, "path": "x.md" })),
        )
        .await;
    assert_eq!(other.json()["files"][0]["path"], "x.md");
    let empty = owner
        .api(Method::POST, "/api/check", Some(json!({ "text": "  \n" })))
        .await;
    assert!(
        empty.json()["files"][0]["error"].is_string(),
        "{}",
        empty.text
    );
    assert_ne!(empty.text, first.text);
}

#[tokio::test]
async fn a_kept_review_page_shows_every_change_at_once_and_only_to_its_member() {
    let app = App::new().await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let mut rae = invite(&app, &mut owner, &ws, "Rae", "rae@example.com", "reviewer").await;
    let mut eve = app.signup("Eve", "eve@example.com").await;
    let review = format!("/d/{doc}/review");
    let first = owner.get(&review).await;
    assert!(first.text.contains("No comments yet."));
    // Read again: kept, and the same page.
    assert_eq!(owner.get(&review).await.text, first.text);

    // Another member comments: the owner's next view shows it.
    let reply = rae
        .post_form(
            &format!("{review}/threads"),
            &[
                ("quote", "Quick Reorder"),
                ("body", "Is the name final?"),
                ("kind", "comment"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    let page = owner.get(&review).await;
    assert!(page.text.contains("Is the name final?"), "{}", page.text);
    assert!(page.text.contains(&owner.csrf));
    // The reviewer's own page is theirs: their token, never the owner's.
    let theirs = rae.get(&review).await;
    assert!(theirs.text.contains("Is the name final?"));
    assert!(theirs.text.contains(&rae.csrf));
    assert!(
        !theirs.text.contains(&owner.csrf),
        "never another member's token"
    );

    // A reply, then a resolution, each shows up on the next view.
    let thread = page
        .text
        .split("data-thread=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a thread id")
        .to_owned();
    let reply = owner
        .post_form(
            &format!("/t/{thread}/reply"),
            &[("body", "Yes, marketing signed it off."), ("doc", &doc)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    assert!(
        rae.get(&review)
            .await
            .text
            .contains("marketing signed it off")
    );
    let reply = rae
        .post_form(&format!("/t/{thread}/resolve"), &[("reason", "")])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    let page = owner.get(&review).await;
    assert!(
        page.text.contains("data-resolved=\"true\""),
        "{}",
        page.text
    );

    // A role change moves the stamp too: a viewer's page has no reply forms.
    let rae_id = app
        .store
        .credentials("rae@example.com")
        .await
        .expect("an account")
        .0
        .id;
    let reply = owner
        .post_form(
            &format!("/w/{ws}/members/{rae_id}/role"),
            &[("role", "viewer")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    let theirs = rae.get(&review).await;
    assert!(theirs.text.contains("Is the name final?"));
    assert!(
        !theirs.text.contains("data-testid=\"reply-body\""),
        "{}",
        theirs.text
    );

    // A warm cache tells a stranger nothing.
    assert_eq!(eve.get(&review).await.status, StatusCode::NOT_FOUND);
}
