//! The review's pages through the router: request, comment on a passage, answer a
//! concern in the FAQ, accept a suggestion, resolve, give a verdict, reach aligned and
//! approve; assumptions; what waits on each member; and who may do what.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::*;

const CLEAN: &str = include_str!("../../../../examples/quick-reorder.md");

/// The `data-thread` ids on a review page, in order.
fn thread_ids(page: &str) -> Vec<String> {
    page.split("data-thread=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap_or(0)].to_owned())
        .collect()
}

#[tokio::test]
async fn a_review_on_the_pages_ends_aligned_and_approved() {
    let app = App::new().await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let mut rae = invite(&app, &mut owner, &ws, "Rae", "rae@example.com", "reviewer").await;
    let mut vic = invite(&app, &mut owner, &ws, "Vic", "vic@example.com", "viewer").await;
    let mut eve = app.signup("Eve", "eve@example.com").await;
    let reply = api_save(&mut owner, &doc, 1, CLEAN).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let review = format!("/d/{doc}/review");

    let page = owner.get(&review).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("No review was asked for yet."));
    assert!(page.text.contains("data-testid=\"review-doc\""));
    assert_eq!(eve.get(&review).await.status, StatusCode::NOT_FOUND);
    let viewer_page = vic.get(&review).await;
    assert_eq!(viewer_page.status, StatusCode::OK);
    assert!(
        !viewer_page.text.contains("id=\"comment-form\""),
        "viewers read"
    );
    // The editor links to the review; the bare status dropdown is gone.
    let editor = owner.get(&format!("/d/{doc}")).await;
    assert!(editor.text.contains("id=\"review-link\""));
    assert!(!editor.text.contains("status-select"));

    let reply = owner
        .post_form(
            &format!("{review}/request"),
            &[
                ("email", "rae@example.com"),
                ("function", "finance"),
                ("required", "1"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    assert_eq!(reply.location(), review);
    rae.refresh().await;
    let waiting = rae.get("/review").await;
    assert!(
        waiting.text.contains("data-kind=\"verdict\""),
        "{}",
        waiting.text
    );

    let threads = format!("{review}/threads");
    let concern = [
        ("quote", "in one tap"),
        ("prefix", "restock the week's groceries "),
        ("suffix", ""),
        ("body", "What does it cost?"),
        ("kind", "concern"),
    ];
    assert_eq!(
        vic.post_form(&threads, &concern).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        eve.post_form(&threads, &concern).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        rae.post_form(&threads, &concern).await.status,
        StatusCode::SEE_OTHER
    );
    let reply = rae
        .post_form(
            &threads,
            &[
                ("quote", "not in the text"),
                ("body", "x"),
                ("kind", "comment"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.text.contains("not in the document"), "{}", reply.text);
    for fields in [
        [
            ("quote", "Sunday evening"),
            ("body", "Lovely."),
            ("kind", "comment"),
            ("suggestion", ""),
        ],
        [
            ("quote", "nearly the same groceries"),
            ("body", "Plainer."),
            ("kind", "suggestion"),
            ("suggestion", "almost the same groceries"),
        ],
    ] {
        let reply = rae.post_form(&threads, &fields).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    }
    let page = owner.get(&review).await;
    let ids = thread_ids(&page.text);
    assert_eq!(ids.len(), 3, "{}", page.text);
    let (concern, comment, suggestion) = (&ids[0], &ids[1], &ids[2]);
    assert!(
        page.text
            .contains("No question linked — open: no question linked")
    );

    // The concern is answered by a question the FAQ answers: in the revision newest now.
    let linked_on = owner
        .get(&review)
        .await
        .text
        .split(" · revision ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .expect("the newest revision")
        .to_owned();
    let reply = owner
        .post_form(
            &format!("/t/{concern}/answer"),
            &[("question", "How much does it cost?")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), review);
    rae.refresh().await;
    let reply = rae.post_form(&format!("/t/{suggestion}/accept"), &[]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "only editors accept");
    let reply = owner
        .post_form(&format!("/t/{suggestion}/accept"), &[])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    let reply = owner
        .post_form(&format!("/t/{comment}/resolve"), &[("reason", "")])
        .await;
    assert_eq!(
        reply.status,
        StatusCode::BAD_REQUEST,
        "someone else's needs a reason"
    );
    let reply = owner
        .post_form(
            &format!("/t/{comment}/reply"),
            &[("body", "Thanks!"), ("doc", &doc)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    rae.refresh().await;
    let waiting = rae.get("/review").await;
    assert!(
        waiting.text.contains("data-kind=\"replies\""),
        "{}",
        waiting.text
    );
    let reply = owner
        .post_form(
            &format!("/t/{comment}/resolve"),
            &[("reason", "kept as is")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let page = owner.get(&review).await;
    assert!(
        page.text.contains(&format!(
            "Answered by “How much does it cost?” <span data-testid=\"answered-in\">in \
             <a href=\"/d/{doc}/r/{linked_on}\">revision {linked_on}</a></span> — resolved"
        )),
        "{}",
        page.text
    );
    assert!(page.text.contains("accepted as revision"), "{}", page.text);
    assert!(page.text.contains("Revision 4 also by Rae") || page.text.contains("also by Rae"));
    assert!(page.text.contains("1 missing approval"), "{}", page.text);
    // Only members asked give verdicts.
    let reply = owner
        .post_form(&format!("{review}/verdict"), &[("verdict", "approve")])
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    rae.refresh().await;
    let reply = rae
        .post_form(
            &format!("{review}/verdict"),
            &[("verdict", "approve"), ("body", "Go.")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let page = owner.get(&review).await;
    assert!(page.text.contains("data-aligned=\"true\""), "{}", page.text);
    assert!(
        page.text
            .contains("id=\"review-status\" data-testid=\"review-status\">aligned<")
    );
    let reply = owner
        .post_form(&format!("/d/{doc}/status"), &[("status", "approved")])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let page = owner.get(&review).await;
    assert!(page.text.contains(">approved<"), "{}", page.text);
    let history = page
        .text
        .split_once("<ol id=\"status-history\"")
        .map_or("", |(_, rest)| rest);
    let order: Vec<&str> = ["in-review", "aligned", "approved"]
        .into_iter()
        .filter(|s| history.contains(&format!("<strong>{s}</strong>")))
        .collect();
    assert_eq!(order, ["in-review", "aligned", "approved"], "{history}");
    // The front matter says the same as the workspace.
    let text = owner
        .api(Method::GET, &format!("/api/documents/{doc}"), None)
        .await;
    assert!(
        text.json()["text"]
            .as_str()
            .unwrap_or("")
            .contains("status: approved")
    );

    // A broken assumption reopens the review.
    let reply = owner
        .post_form(
            &format!("{review}/assumptions"),
            &[
                ("text", "Baskets repeat week to week"),
                ("test", "Last quarter's orders"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let assumption = owner
        .api(Method::GET, &format!("/api/documents/{doc}/review"), None)
        .await
        .json()["review"]["assumptions"][0]["id"]
        .to_string();
    let reply = rae
        .post_form(
            &format!("/assumptions/{assumption}"),
            &[("state", "broken"), ("note", "only a third repeat")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let page = owner.get(&review).await;
    assert!(page.text.contains(">in-review<"), "{}", page.text);
    assert!(
        page.text
            .contains("An assumption broke: only a third repeat")
    );
    let _ = json!({});
}

#[tokio::test]
async fn an_edit_after_an_approval_makes_it_stale_with_the_changes_since() {
    let app = App::new().await;
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let mut rae = invite(&app, &mut owner, &ws, "Rae", "rae@example.com", "reviewer").await;
    assert_eq!(
        api_save(&mut owner, &doc, 1, CLEAN).await.status,
        StatusCode::OK
    );
    let review = format!("/d/{doc}/review");
    owner
        .post_form(
            &format!("{review}/request"),
            &[
                ("email", "rae@example.com"),
                ("function", "design"),
                ("required", "1"),
            ],
        )
        .await;
    rae.refresh().await;
    rae.post_form(&format!("{review}/verdict"), &[("verdict", "approve")])
        .await;
    let page = owner.get(&review).await;
    assert!(page.text.contains("data-aligned=\"true\""), "{}", page.text);
    let latest = owner
        .api(Method::GET, &format!("/api/documents/{doc}"), None)
        .await
        .json();
    let number = latest["revision"]["number"].as_i64().expect("number");
    let edited = latest["text"]
        .as_str()
        .expect("text")
        .replace("25 minutes", "30 minutes");
    assert_eq!(
        api_save(&mut owner, &doc, number, &edited).await.status,
        StatusCode::OK
    );
    let page = owner.get(&review).await;
    assert!(page.text.contains("data-aligned=\"false\""));
    assert!(page.text.contains("1 stale approval"), "{}", page.text);
    assert!(
        page.text.contains(&format!("/d/{doc}/diff?from=")),
        "the changes since"
    );
    let waiting = rae.get("/review").await;
    assert!(
        waiting.text.contains("data-kind=\"stale-approval\""),
        "{}",
        waiting.text
    );
    assert!(
        owner
            .get("/review")
            .await
            .text
            .contains("Nothing waits on you.")
    );
}

/// A concern linked to a question the FAQ does not have yet is answered in the revision
/// that adds it, and stays answered there while later revisions keep the answer.
#[tokio::test]
async fn a_resolved_concern_names_the_revision_that_answered_it() {
    let app = App::new().await;
    let (mut owner, _ws, doc) = owner_with_example(&app).await;
    let reply = api_save(&mut owner, &doc, 1, CLEAN).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let review = format!("/d/{doc}/review");
    let reply = owner
        .post_form(
            &format!("{review}/threads"),
            &[
                ("quote", "in one tap"),
                ("body", "What without a signal?"),
                ("kind", "concern"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    let page = owner.get(&review).await;
    let concern = thread_ids(&page.text).pop().expect("the concern");
    let reply = owner
        .post_form(
            &format!("/t/{concern}/answer"),
            &[("question", "Does it work offline?"), ("new_question", "1")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    let page = owner.get(&review).await;
    assert!(
        page.text.contains("open: the question is not in the FAQ"),
        "{}",
        page.text
    );
    assert!(!page.text.contains("data-testid=\"answered-in\""));

    let answered = CLEAN.replace(
        "# User journey",
        "### Does it work offline?\n\nYes: the basket waits on the phone and is sent when the \
         signal returns.\n\n# User journey",
    );
    let reply = api_save(&mut owner, &doc, 2, &answered).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let later = answered.replace("in one tap", "in a single tap");
    let reply = api_save(&mut owner, &doc, 3, &later).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let page = owner.get(&review).await;
    assert!(
        page.text.contains(&format!(
            "<span data-testid=\"answered-in\">in <a href=\"/d/{doc}/r/3\">revision 3</a></span> — resolved"
        )),
        "{}",
        page.text
    );
}
