//! A full disk under the database: a save is refused with 507 and a message that says
//! so (in the editor's JSON and on the pages), the author's text is theirs to keep, and
//! the first save after space returns succeeds without a restart. Reads go on meanwhile,
//! even those that would also record when a session or token was last used.

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use prfaq_store::{Config, DatabaseUrl, SqliteStore, Store, TokenScope, now_millis, testing};
use sqlx::Connection;

use crate::support::*;

on_both_databases!(reads_by_token_and_cookie_are_served_when_the_last_used_time_cannot_be_written);

fn says_the_disk_is_full(message: &str) {
    for words in [
        "disk is full",
        "this change was not saved",
        "Anything you typed is still here",
        "keep a copy",
        "once space has been freed",
    ] {
        assert!(message.contains(words), "{words:?} in {message:?}");
    }
    // The same words answer every write (a new document, a workspace, a token), not
    // only a save of the text.
    assert!(!message.contains("Keep your text"), "{message}");
    assert!(!message.contains("in a moment"), "{message}");
}

#[tokio::test]
async fn a_full_disk_answers_507_and_the_next_save_after_space_returns_succeeds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = SqliteStore::open(&dir.path().join("prfaq.db"), &Config::default())
        .await
        .expect("open the store");
    let sqlite = Arc::new(sqlite);
    let app = App::over(sqlite.clone(), dir, |_| {});
    let (mut owner, ws, doc) = owner_with_example(&app).await;
    let page = owner.get(&format!("/d/{doc}")).await;
    let text = textarea(&page.text);
    let grown = |base: i64| {
        format!(
            "{text}\n{}",
            format!("Revision {base} adds a line. ").repeat(300)
        )
    };
    testing::limit_sqlite_pages(&sqlite, Some(1))
        .await
        .expect("cap the pages");

    // The editor saves until the disk is full; the save that finds no room says so.
    let (refused, base) = save_until_refused(&mut owner, &doc, grown).await;
    assert_eq!(
        refused.status,
        StatusCode::INSUFFICIENT_STORAGE,
        "{}",
        refused.text
    );
    let body = refused.json();
    assert_eq!(body["error"]["status"], 507);
    assert_eq!(body["error"]["code"], "storage_full");
    says_the_disk_is_full(body["error"]["message"].as_str().expect("message"));

    // Other writes of the server take the last room; on SQLite the one that finds none
    // fails inside its transaction, which SQLite then rolls back by itself.
    fill_with_workspaces(&app, "dana@example.com").await;

    // While the disk is full, saves keep answering 507, in the editor and on the form
    // pages, and so does a new document.
    let reply = api_save(&mut owner, &doc, base, &grown(base)).await;
    assert_eq!(
        reply.status,
        StatusCode::INSUFFICIENT_STORAGE,
        "{}",
        reply.text
    );
    says_the_disk_is_full(reply.json()["error"]["message"].as_str().expect("message"));
    let base_text = base.to_string();
    let reply = owner
        .post_form(
            &format!("/d/{doc}/save"),
            &[
                ("text", &grown(base)),
                ("base_revision", &base_text),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::INSUFFICIENT_STORAGE,
        "{}",
        reply.text
    );
    assert!(reply.header("content-type").starts_with("text/html"));
    says_the_disk_is_full(&unescape(&reply.text));
    let reply = owner
        .post_form(
            &format!("/w/{ws}/documents"),
            &[("title", "Split a Bill"), ("start", "template")],
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::INSUFFICIENT_STORAGE,
        "{}",
        reply.text
    );
    says_the_disk_is_full(&unescape(&reply.text));

    // Space returns: the very next save succeeds, and the editor shows it.
    testing::limit_sqlite_pages(&sqlite, None)
        .await
        .expect("lift the cap");
    let kept = grown(base);
    let reply = api_save(&mut owner, &doc, base, &kept).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json()["revision"]["number"], base + 1);
    let page = owner.get(&format!("/d/{doc}")).await;
    assert_eq!(textarea(&page.text), kept);
}

/// A raw connection to the database under the app, to set up what the web cannot.
enum Raw {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

impl Raw {
    async fn execute(&mut self, sql: &'static str) {
        match self {
            Raw::Sqlite(conn) => sqlx::raw_sql(sql).execute(conn).await.map(drop),
            Raw::Postgres(conn) => sqlx::raw_sql(sql).execute(conn).await.map(drop),
        }
        .expect(sql);
    }
}

/// A full disk refuses every write, even one that rewrites a row in place (SQLite first
/// appends the page to its write-ahead log, PostgreSQL writes a new row version). Here
/// the writes that record when a session or token was last used are made to need room
/// of their own: on SQLite they add a row to a filler table of a database capped at its
/// current pages, so SQLite itself answers `SQLITE_FULL`; on PostgreSQL they answer as
/// a full disk does (SQLSTATE 53100 `disk_full`).
const SQLITE_NO_ROOM: &str = "
    CREATE TABLE room_taken (filler BLOB);
    CREATE TRIGGER session_use_needs_room AFTER UPDATE OF last_seen_at ON sessions
        BEGIN INSERT INTO room_taken VALUES (zeroblob(1000000)); END;
    CREATE TRIGGER token_use_needs_room AFTER UPDATE OF last_used_at ON api_tokens
        BEGIN INSERT INTO room_taken VALUES (zeroblob(1000000)); END;
";
const POSTGRES_NO_ROOM: &str = "
    CREATE FUNCTION no_room() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'could not extend file: No space left on device'
                USING ERRCODE = 'disk_full';
        END $$;
    CREATE TRIGGER session_use_needs_room BEFORE UPDATE OF last_seen_at ON sessions
        FOR EACH ROW EXECUTE FUNCTION no_room();
    CREATE TRIGGER token_use_needs_room BEFORE UPDATE OF last_used_at ON api_tokens
        FOR EACH ROW EXECUTE FUNCTION no_room();
";
const POSTGRES_ROOM_AGAIN: &str = "
    DROP TRIGGER session_use_needs_room ON sessions;
    DROP TRIGGER token_use_needs_room ON api_tokens;
";

/// Roughly once a minute a request signed in by a token or a session cookie also
/// records when that token or session was last used. On a full disk that write fails;
/// the read it rode on must still be served.
async fn reads_by_token_and_cookie_are_served_when_the_last_used_time_cannot_be_written(db: Db) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, sqlite, mut raw, _scratch): (Arc<dyn Store>, _, Raw, _) = match db {
        Db::Sqlite => {
            let path = dir.path().join("prfaq.db");
            let sqlite = Arc::new(
                SqliteStore::open(&path, &Config::default())
                    .await
                    .expect("open the store"),
            );
            let raw = sqlx::SqliteConnection::connect_with(
                &sqlx::sqlite::SqliteConnectOptions::new().filename(&path),
            )
            .await
            .expect("connect");
            (sqlite.clone(), Some(sqlite), Raw::Sqlite(raw), None)
        }
        Db::Postgres => {
            let Some((url, scratch)) = postgres_database().await else {
                return;
            };
            let DatabaseUrl::Postgres(pg) = &url else {
                unreachable!("a PostgreSQL URL")
            };
            let raw = sqlx::PgConnection::connect(pg.expose())
                .await
                .expect("connect");
            let store = prfaq_store::open(&url, &Config::default())
                .await
                .expect("open PostgreSQL");
            (store, None, Raw::Postgres(raw), Some(scratch))
        }
    };
    let app = App::over(store.clone(), tempfile::tempdir().expect("dir"), |_| {});
    let (mut owner, _ws, doc) = owner_with_example(&app).await;
    let text = textarea(&owner.get(&format!("/d/{doc}")).await.text);
    let (dana, _) = store.credentials("dana@example.com").await.expect("dana");
    let (_, token) = store
        .create_token(dana.id, "laptop", TokenScope::Read)
        .await
        .expect("a token");
    let token = token.expose().to_owned();
    let session = owner
        .cookies
        .get("prfaq_session")
        .expect("the session cookie")
        .clone();

    // The session was last seen an hour ago and the token never used: both are due to be
    // recorded. Then the disk fills up.
    raw.execute("UPDATE sessions SET last_seen_at = last_seen_at - 3600000")
        .await;
    match &sqlite {
        Some(sqlite) => {
            raw.execute(SQLITE_NO_ROOM).await;
            testing::limit_sqlite_pages(sqlite, Some(1))
                .await
                .expect("cap the pages");
        }
        None => raw.execute(POSTGRES_NO_ROOM).await,
    }

    // A server that has not seen this session yet (none in its memory): the token's read
    // through the API and the cookie's page both answer, with the text.
    let later = App::over(store.clone(), tempfile::tempdir().expect("dir"), |_| {});
    let reply = bearer(
        &later,
        Method::GET,
        &format!("/api/documents/{doc}"),
        &token,
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json()["text"].as_str(), Some(text.as_str()));
    let mut browser = later.browser();
    browser.cookies = owner.cookies.clone();
    let page = browser.get(&format!("/d/{doc}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(textarea(&page.text), text);

    // The times were not recorded (the writes really were refused)…
    let tokens = store.tokens(dana.id).await.expect("tokens");
    assert_eq!(tokens[0].last_used_at, None);
    let seen = store.session(&session).await.expect("the session");
    assert!(now_millis() - seen.last_seen_at >= 3_000_000, "{seen:?}");

    // …and are, once space returns.
    match &sqlite {
        Some(sqlite) => {
            testing::limit_sqlite_pages(sqlite, None)
                .await
                .expect("lift the cap");
        }
        None => raw.execute(POSTGRES_ROOM_AGAIN).await,
    }
    let reply = bearer(
        &later,
        Method::GET,
        &format!("/api/documents/{doc}"),
        &token,
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let tokens = store.tokens(dana.id).await.expect("tokens");
    assert!(tokens[0].last_used_at.is_some(), "{:?}", tokens[0]);
    let seen = store.session(&session).await.expect("the session");
    assert!(now_millis() - seen.last_seen_at < 60_000, "{seen:?}");
}
