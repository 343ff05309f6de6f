//! A smoke test of the workspace on PostgreSQL: sign-up with the seeded example, a save,
//! a refused stale save and a stranger's 404, on a database this test creates and drops.
//! The admin URL is `PRFAQ_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`). Without a server the test is skipped with
//! a loud note, except under `CI=true`, where that is a failure.

use axum::http::{Method, StatusCode};
use prfaq_store::DatabaseUrl;
use sqlx::Connection;

use crate::support::*;

const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A database of this test's own, dropped when this goes out of scope (even when the
/// test panics).
struct Scratch {
    admin: String,
    name: String,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let (admin, name) = (self.admin.clone(), self.name.clone());
        // Drop runs inside the test's runtime, which cannot block on itself.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async move {
                let mut conn = sqlx::PgConnection::connect(&admin)
                    .await
                    .map_err(std::io::Error::other)?;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&mut conn)
                .await
                .map_err(std::io::Error::other)?;
                Ok::<(), std::io::Error>(())
            })
        })
        .join();
    }
}

fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a postgres:// URL");
    let (rest, query) = match rest.split_once('?') {
        Some((rest, query)) => (rest, format!("?{query}")),
        None => (rest, String::new()),
    };
    let authority = rest.split('/').next().unwrap_or(rest);
    format!("{scheme}://{authority}/{name}{query}")
}

#[tokio::test]
async fn the_workspace_runs_on_postgres() {
    let admin =
        std::env::var("PRFAQ_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_owned());
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    let mut conn = match sqlx::PgConnection::connect(&admin).await {
        Ok(conn) => conn,
        Err(error) => {
            assert!(!ci, "CI=true but PostgreSQL is unreachable: {error}");
            eprintln!(
                "\n!!!!! PostgreSQL is unreachable ({error}): SKIPPING the PostgreSQL smoke test.\n"
            );
            return;
        }
    };
    let name = format!("prfaq_web_test_{}", std::process::id());
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(&mut conn)
    .await
    .expect("drop a leftover database");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("CREATE DATABASE");
    conn.close().await.ok();
    let _scratch = Scratch {
        admin: admin.clone(),
        name: name.clone(),
    };
    let url = DatabaseUrl::parse(&with_database(&admin, &name)).expect("url");
    let store = prfaq_store::open(&url, &prfaq_store::Config::default())
        .await
        .expect("open PostgreSQL");
    let dir = tempfile::tempdir().expect("dir");
    let app = App::over(store.clone(), dir, |_| {});

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
