//! The workspace's themes page: feedback grouped into themes, drawn by the server, with
//! forms to rename and merge that the next computation keeps; and the themes a server
//! keeps between requests, which are always those a fresh computation gives.

use axum::http::{Method, StatusCode};
use prfaq_evidence::synth::feedback_csv;
use serde_json::{Value, json};

use crate::evidence::upload;
use crate::support::*;

on_both_databases!(
    renames_and_merges_at_the_same_time_are_all_kept,
    kept_themes_are_a_fresh_computation_and_follow_every_write,
);

/// Generated feedback with four planted themes, as a CSV export.
fn planted_csv(count: usize) -> String {
    feedback_csv(7, count, 4)
}

/// The labels of the themes on the page, in order.
fn labels(html: &str) -> Vec<String> {
    html.split("data-testid=\"theme-label\">")
        .skip(1)
        .map(|rest| unescape(&rest[..rest.find('<').expect("label end")]))
        .collect()
}

/// The value of the `name` input right after `marker`.
fn field_after(html: &str, marker: &str, name: &str) -> String {
    let at = html.find(marker).expect(marker);
    let field = format!("name=\"{name}\" value=\"");
    let start = at + html[at..].find(&field).expect("field") + field.len();
    let end = start + html[start..].find('"').expect("value end");
    unescape(&html[start..end])
}

#[tokio::test]
async fn themes_are_shown_renamed_and_merged_and_the_names_are_kept() {
    let app = App::new().await;
    let (mut owner, ws, _) = owner_with_example(&app).await;
    owner.refresh().await;
    let page = format!("/w/{ws}/evidence/themes");

    let empty = owner.get(&page).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.text.contains("data-testid=\"themes-empty\""));

    let reply = upload(&mut owner, &ws, "name=feedback.csv", &planted_csv(400)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let evidence = owner.get(&format!("/w/{ws}/evidence")).await;
    assert!(
        evidence.text.contains(&format!("href=\"{page}\"")),
        "the evidence page links to its themes"
    );

    let shown = owner.get(&page).await;
    assert_eq!(shown.status, StatusCode::OK);
    let before = labels(&shown.text);
    assert!(before.len() >= 4, "{before:?}");
    assert!(
        shown.text.contains("400 comments in"),
        "{}",
        element(&shown.text, "themes")
    );
    assert!(
        shown.text.contains("data-testid=\"theme-trend\""),
        "themes have a trend by month"
    );

    // Rename the first theme.
    let keys = field_after(&shown.text, "data-testid=\"theme-rename\"", "keys");
    let renamed = owner
        .post_form(
            &format!("{page}/rename"),
            &[("keys", keys.as_str()), ("label", "  Weekly   reorder ")],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.text);
    let after = labels(&owner.get(&page).await.text);
    assert!(after.contains(&"Weekly reorder".to_owned()), "{after:?}");
    assert_eq!(after.len(), before.len());

    // Merge the last two themes into one, named.
    let shown = owner.get(&page).await;
    let n = labels(&shown.text).len();
    let (a, b) = ((n - 2).to_string(), (n - 1).to_string());
    let (name_a, name_b) = (format!("keys-{a}"), format!("keys-{b}"));
    let keys_a = field_after(&shown.text, "id=\"themes\"", &name_a);
    let keys_b = field_after(&shown.text, "id=\"themes\"", &name_b);
    let merged = owner
        .post_form(
            &format!("{page}/merge"),
            &[
                ("merge", a.as_str()),
                ("merge", b.as_str()),
                (name_a.as_str(), keys_a.as_str()),
                (name_b.as_str(), keys_b.as_str()),
                ("label", "Merged by hand"),
            ],
        )
        .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.text);
    let after = labels(&owner.get(&page).await.text);
    assert_eq!(after.len(), n - 1, "{after:?}");
    assert!(after.contains(&"Merged by hand".to_owned()), "{after:?}");
    assert!(
        after.contains(&"Weekly reorder".to_owned()),
        "the earlier rename is kept: {after:?}"
    );

    // New feedback recomputes the themes; the team's choices hold.
    let reply = upload(&mut owner, &ws, "name=more.csv", &planted_csv(600)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let after = labels(&owner.get(&page).await.text);
    assert!(after.contains(&"Weekly reorder".to_owned()), "{after:?}");

    // Bad input is refused with the field named; nothing is saved.
    let one = owner
        .post_form(
            &format!("{page}/merge"),
            &[("merge", "0"), ("keys-0", keys.as_str())],
        )
        .await;
    assert_eq!(one.status, StatusCode::BAD_REQUEST);
    assert!(
        one.text.contains("tick at least two themes"),
        "{}",
        one.text
    );
    let bad = owner
        .post_form(
            &format!("{page}/rename"),
            &[("keys", "nope"), ("label", "X")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.text.contains("keys: `nope` is not a comment key"),
        "{}",
        bad.text
    );
    let long = "x".repeat(81);
    let bad = owner
        .post_form(
            &format!("{page}/rename"),
            &[("keys", keys.as_str()), ("label", long.as_str())],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.text.contains("label: at most 80 characters"),
        "{}",
        bad.text
    );
}

/// Two people renaming two themes at the same moment, then merging two others at the
/// same moment as a rename: every choice is kept, none overwrites another.
async fn renames_and_merges_at_the_same_time_are_all_kept(db: Db) {
    let Some(app) = App::on(db, |_| {}).await else {
        return;
    };
    let (mut owner, ws, _) = owner_with_example(&app).await;
    owner.refresh().await;
    let mut editor = invite(&app, &mut owner, &ws, "Ed", "ed@example.com", "editor").await;
    let reply = upload(&mut owner, &ws, "name=feedback.csv", &planted_csv(400)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let page = format!("/w/{ws}/evidence/themes");
    let rename = format!("{page}/rename");
    let merge = format!("{page}/merge");

    let shown = owner.get(&page).await;
    let n = labels(&shown.text).len();
    assert!(n >= 4, "{:?}", labels(&shown.text));
    let keys: Vec<String> = (0..n)
        .map(|i| field_after(&shown.text, "id=\"themes\"", &format!("keys-{i}")))
        .collect();
    let by_owner = [("keys", keys[0].as_str()), ("label", "Named by owner")];
    let by_editor = [("keys", keys[1].as_str()), ("label", "Named by editor")];
    let (a, b) = tokio::join!(
        owner.post_form(&rename, &by_owner),
        editor.post_form(&rename, &by_editor),
    );
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.text);
    assert_eq!(b.status, StatusCode::SEE_OTHER, "{}", b.text);
    let after = labels(&owner.get(&page).await.text);
    assert_eq!(after.len(), n, "{after:?}");
    for name in ["Named by owner", "Named by editor"] {
        assert!(after.contains(&name.to_owned()), "{name}: {after:?}");
    }

    let (last, before_last) = ((n - 1).to_string(), (n - 2).to_string());
    let (field_a, field_b) = (format!("keys-{before_last}"), format!("keys-{last}"));
    let merged = [
        ("merge", before_last.as_str()),
        ("merge", last.as_str()),
        (field_a.as_str(), keys[n - 2].as_str()),
        (field_b.as_str(), keys[n - 1].as_str()),
        ("label", "Merged at once"),
    ];
    let renamed = [("keys", keys[0].as_str()), ("label", "Renamed again")];
    let (a, b) = tokio::join!(
        owner.post_form(&merge, &merged),
        editor.post_form(&rename, &renamed),
    );
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.text);
    assert_eq!(b.status, StatusCode::SEE_OTHER, "{}", b.text);
    let after = labels(&owner.get(&page).await.text);
    assert_eq!(after.len(), n - 1, "{after:?}");
    for name in ["Renamed again", "Named by editor", "Merged at once"] {
        assert!(after.contains(&name.to_owned()), "{name}: {after:?}");
    }
}

/// The themes page and its forms for the owner, editor, reviewer, viewer, a stranger
/// and the anonymous, as the access matrix tries them.
pub(crate) async fn theme_page_access_by_role(browsers: &mut [&mut Browser; 6], ws: &str) {
    use StatusCode as S;
    let reply = upload(browsers[0], ws, "name=feedback.csv", &planted_csv(200)).await;
    assert_eq!(reply.status, S::OK, "{}", reply.text);
    let page = format!("/w/{ws}/evidence/themes");
    let reads = [S::OK, S::OK, S::OK, S::OK, S::NOT_FOUND, S::SEE_OTHER];
    let mut keys = String::new();
    for (who, browser) in browsers.iter_mut().enumerate() {
        let reply = browser.get(&page).await;
        assert_eq!(reply.status, reads[who], "GET {page} as #{who}");
        let forms = reply.text.contains("data-testid=\"theme-rename\"");
        assert_eq!(forms, who < 2, "rename forms shown to #{who}");
        if who == 0 {
            keys = field_after(&reply.text, "data-testid=\"theme-rename\"", "keys");
        }
    }
    let writes = [
        S::SEE_OTHER,
        S::SEE_OTHER,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::NOT_FOUND,
        S::SEE_OTHER,
    ];
    for who in (0..6).rev() {
        let label = format!("Named by #{who}");
        let reply = browsers[who]
            .post_form(
                &format!("{page}/rename"),
                &[("keys", keys.as_str()), ("label", label.as_str())],
            )
            .await;
        assert_eq!(
            reply.status, writes[who],
            "rename as #{who}: {}",
            reply.text
        );
        if who == 5 {
            assert!(
                reply.location().starts_with("/signin"),
                "{}",
                reply.location()
            );
        }
        let reply = browsers[who]
            .post_form(
                &format!("{page}/merge"),
                &[
                    ("merge", "0"),
                    ("merge", "1"),
                    ("keys-0", keys.as_str()),
                    ("keys-1", keys.as_str()),
                ],
            )
            .await;
        assert_eq!(reply.status, writes[who], "merge as #{who}: {}", reply.text);
    }
}

/// The themes as the API of the browser's server answers them.
pub(crate) async fn themes_api(browser: &mut Browser, ws: &str) -> Value {
    let reply = browser
        .api(
            Method::GET,
            &format!("/api/workspaces/{ws}/evidence/themes"),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json()
}

/// What a server that has kept nothing answers for `path`: a new one over the same
/// database, as the plain path computes it.
async fn fresh_answer(app: &App, path: &str) -> Value {
    let fresh = App::over(app.store.clone(), tempfile::tempdir().expect("dir"), |_| {});
    let mut dana = signed_in(&fresh, "dana@example.com").await;
    let reply = dana.api(Method::GET, path, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json()
}

/// The themes a server keeps answer exactly what a fresh computation gives, and every
/// write of what they are computed from shows at the next request, even a write made
/// through another server over the same database (which this one hears nothing of):
/// an import, a rename, a customer's feedback deleted. A stranger learns nothing from a
/// warm cache.
async fn kept_themes_are_a_fresh_computation_and_follow_every_write(db: Db) {
    let Some(app) = App::on(db, |_| {}).await else {
        return;
    };
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    owner.refresh().await;
    let api = format!("/api/workspaces/{ws}/evidence/themes");
    let page = format!("/w/{ws}/evidence/themes");
    // The outcome report's gap takes its evidence from the same themes: none while the
    // workspace has no feedback.
    crate::outcomes::save_document(&mut owner, &doc).await;
    let events =
        crate::outcomes::upload(&mut owner, &doc, "name=events.csv", crate::outcomes::EVENTS).await;
    assert_eq!(events.status, StatusCode::OK, "{}", events.text);
    let report = format!("/api/documents/{doc}/outcomes");
    let before = owner.api(Method::GET, &report, None).await.json();
    assert!(before["biggest_gap"].get("evidence").is_none(), "{before}");
    assert_eq!(themes_api(&mut owner, &ws).await["comments"], 0);

    let reply = upload(&mut owner, &ws, "name=feedback.csv", &planted_csv(300)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let with_feedback = owner.api(Method::GET, &report, None).await.json();
    assert!(
        with_feedback["biggest_gap"]["evidence"].is_object(),
        "{with_feedback}"
    );

    let first = themes_api(&mut owner, &ws).await;
    assert_eq!(first["comments"], 300, "{first}");
    assert_eq!(themes_api(&mut owner, &ws).await, first, "kept");
    assert_eq!(fresh_answer(&app, &api).await, first, "kept equals fresh");
    let shown = owner.get(&page).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(
        labels(&shown.text).len(),
        first["themes"].as_array().expect("themes").len()
    );

    let mut eve = app.signup("Eve Stranger", "eve@example.com").await;
    for path in [&api, &page] {
        let reply = eve.get(path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!reply.text.contains("comments"), "{path}: {}", reply.text);
    }

    // Another server over the same database imports more feedback.
    let other = App::over(app.store.clone(), tempfile::tempdir().expect("dir"), |_| {});
    let mut elsewhere = signed_in(&other, "dana@example.com").await;
    let more = feedback_csv(11, 200, 4);
    let reply = upload(&mut elsewhere, &ws, "name=more.csv", &more).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let imported = reply.json()["imported"].as_u64().expect("imported");
    assert!(imported > 0, "{}", reply.text);
    let after = themes_api(&mut owner, &ws).await;
    assert_eq!(after["comments"], 300 + imported, "{after}");
    assert_eq!(fresh_answer(&app, &api).await, after);
    let report_after = owner.api(Method::GET, &report, None).await.json();
    assert_eq!(fresh_answer(&app, &report).await, report_after);

    // A rename there shows on this server's page at once.
    let theirs = elsewhere.get(&page).await;
    let keys = field_after(&theirs.text, "data-testid=\"theme-rename\"", "keys");
    let renamed = elsewhere
        .post_form(
            &format!("{page}/rename"),
            &[
                ("keys", keys.as_str()),
                ("label", "Renamed on another server"),
            ],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.text);
    let shown = labels(&owner.get(&page).await.text);
    assert!(
        shown.contains(&"Renamed on another server".to_owned()),
        "{shown:?}"
    );
    let after_rename = themes_api(&mut owner, &ws).await;
    assert_eq!(fresh_answer(&app, &api).await, after_rename);

    // A customer's feedback deleted there is gone from the themes here.
    let email = more
        .lines()
        .nth(1)
        .and_then(|row| row.rsplit(',').nth(1))
        .expect("an email address")
        .to_owned();
    let deleted = elsewhere
        .api(
            Method::POST,
            &format!("/api/workspaces/{ws}/evidence/customers/delete"),
            Some(json!({ "email": email })),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.text);
    let items = deleted.json()["items"].as_u64().expect("items");
    assert!(items > 0, "{}", deleted.text);
    let after_delete = themes_api(&mut owner, &ws).await;
    assert_eq!(after_delete["comments"], 300 + imported - items);
    assert_eq!(fresh_answer(&app, &api).await, after_delete);
}
