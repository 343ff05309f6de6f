//! A full disk under the database: a save is refused with 507 and a message that says
//! so (in the editor's JSON and on the pages), the author's text is theirs to keep, and
//! the first save after space returns succeeds without a restart.

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use prfaq_store::{Config, SqliteStore, StoreError, testing};
use serde_json::json;

use crate::support::*;

/// The editor's save, as `app.js` sends it.
async fn save(owner: &mut Browser, doc: &str, base: i64, text: &str) -> Reply {
    owner
        .api(
            Method::PUT,
            &format!("/api/documents/{doc}"),
            Some(json!({ "base_revision": base, "text": text, "note": "" })),
        )
        .await
}

fn says_the_disk_is_full(message: &str) {
    for words in [
        "disk is full",
        "not saved",
        "Keep your text",
        "once space has been freed",
    ] {
        assert!(message.contains(words), "{words:?} in {message:?}");
    }
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
    let mut base = 1;
    let refused = loop {
        assert!(base < 100, "the database never filled up");
        let reply = save(&mut owner, &doc, base, &grown(base)).await;
        if reply.status != StatusCode::OK {
            break reply;
        }
        base = reply.json()["revision"]["number"].as_i64().expect("number");
    };
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
    let (dana, _) = app
        .store
        .credentials("dana@example.com")
        .await
        .expect("the owner");
    let mut n = 0;
    loop {
        assert!(n < 5_000, "the database never filled up");
        let name = format!("{n:05} {}", "w".repeat(100));
        match app.store.create_workspace(dana.id, &name).await {
            Ok(_) => n += 1,
            Err(StoreError::StorageFull(_)) => break,
            Err(other) => panic!("{other:?}"),
        }
    }

    // While the disk is full, saves keep answering 507, in the editor and on the form
    // pages, and so does a new document.
    let reply = save(&mut owner, &doc, base, &grown(base)).await;
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
    let reply = save(&mut owner, &doc, base, &kept).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json()["revision"]["number"], base + 1);
    let page = owner.get(&format!("/d/{doc}")).await;
    assert_eq!(textarea(&page.text), kept);
}
