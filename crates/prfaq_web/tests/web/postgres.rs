//! A smoke test of the workspace on PostgreSQL: sign-up with the seeded example, a save,
//! a refused stale save and a stranger's 404, on a database this test creates and drops
//! (see [`crate::support::postgres_database`]). Tests that name `Db` run on both
//! databases through `on_both_databases!`.

use axum::http::{Method, StatusCode};

use crate::support::*;

#[tokio::test]
async fn the_workspace_runs_on_postgres() {
    let Some(app) = App::on(Db::Postgres, |_| {}).await else {
        return;
    };
    let store = app.store.clone();

    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let page = owner.get(&format!("/d/{doc}")).await;
    assert_eq!(textarea(&page.text), prfaq_web::EXAMPLE_DOCUMENT);
    let text = prfaq_web::EXAMPLE_DOCUMENT.replace("Tacoma", "Yakima");
    assert_eq!(
        api_save(&mut owner, &doc, 1, &text).await.status,
        StatusCode::OK
    );
    let reply = api_save(&mut owner, &doc, 1, "a stale save").await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.json()["stale"]["your_text"], "a stale save");
    let mut stranger = app.signup("Eve", "eve@example.com").await;
    assert_eq!(
        stranger.get(&format!("/d/{doc}")).await.status,
        StatusCode::NOT_FOUND
    );
    let reply = stranger
        .api(
            Method::GET,
            &format!("/api/workspaces/{ws}/documents"),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // A viewer everywhere is refused a write token, not a read token.
    let mut viewer = invite(&app, &mut owner, &ws, "Vic", "vic@example.com", "viewer").await;
    for (scope, status) in [
        ("write", StatusCode::FORBIDDEN),
        ("read", StatusCode::CREATED),
    ] {
        let body = serde_json::json!({ "name": "laptop", "scope": scope });
        let reply = viewer.api(Method::POST, "/api/tokens", Some(body)).await;
        assert_eq!(reply.status, status, "{scope}: {}", reply.text);
    }
    store.close().await;
}
