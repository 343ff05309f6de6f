//! Heavy checks: one account sending large documents cannot make another person's
//! check wait behind all of them.

use std::fmt::Write;
use std::time::Duration;

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::App;

/// A long list: seconds of work for the checker in a test build. `tag` makes each text unique, so none is answered from
/// memory.
fn long_list(tag: usize) -> String {
    let mut text = format!("# Heavy {tag}\n\n## Press release\n\n");
    let mut i = 0;
    while text.len() < 800_000 {
        let _ = writeln!(text, "- item {i} lets customers reorder in one tap");
        i += 1;
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_account_cannot_fill_every_cpu_slot() {
    // On a busy machine Alice's checks, two at a time, take long: none may time out.
    let app = App::with(|config| config.request_timeout = Duration::from_secs(600)).await;
    let _first = app.signup("Owner", "owner@example.com").await;
    let alice = app.signup("Alice", "alice@example.com").await;
    let mut bob = app.signup("Bob", "bob@example.com").await;
    // Alice sends more large checks at once than the server has CPU slots.
    let slots = std::thread::available_parallelism().map_or(2, |n| n.get()) * 2;
    let mut heavy = Vec::new();
    for tag in 0..slots + 2 {
        let mut tab = alice.clone();
        let text = long_list(tag);
        heavy.push(tokio::spawn(async move {
            tab.api(Method::POST, "/api/check", Some(json!({ "text": text })))
                .await
                .status
        }));
    }
    // Her checks have reached the server and taken what slots she may have.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        heavy.iter().all(|h| !h.is_finished()),
        "the large checks should take longer than this"
    );
    let reply = bob
        .api(
            Method::POST,
            "/api/check",
            Some(json!({ "text": "# Quick Reorder\n\nCustomers reorder in one tap.\n" })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let done = heavy.iter().filter(|h| h.is_finished()).count();
    assert_eq!(
        done, 0,
        "Bob's small check waited until {done} of Alice's large ones were done"
    );
    for h in heavy {
        assert_eq!(h.await.expect("join"), StatusCode::OK);
    }
}
