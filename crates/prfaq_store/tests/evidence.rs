//! The customer evidence contract: imports, customers, search, links and deletion on
//! request, each run against SQLite and PostgreSQL on a fresh database.

#[macro_use]
mod support;

use std::sync::Arc;

use prfaq_store::*;
use support::TestDb;

contract!(
    imports_add_nothing_twice_and_merge_customers,
    search_ranks_filters_and_reads_words_literally,
    suggestions_find_feedback_for_each_claim,
    only_members_see_feedback_and_roles_decide_writes,
    links_keep_the_passage_and_its_customer,
    deleting_a_customer_removes_their_feedback_everywhere,
    evidence_survives_backup_and_restore,
    a_bad_item_writes_nothing_of_its_batch,
    a_batch_written_by_two_transactions_keeps_the_import_promises,
    an_item_names_only_a_source_and_customer_of_its_own_workspace,
    imports_of_the_same_rows_at_once_both_end,
    a_deletion_during_an_import_of_the_same_customer_ends,
    a_revision_and_its_moved_links_are_all_or_nothing,
    theme_choices_added_at_once_are_all_kept,
    the_theme_stamp_moves_with_every_change_of_feedback_or_choices,
    a_large_import_leaves_the_planner_statistics_fresh,
    suggestions_read_the_statistics_without_changing_what_they_find,
);

const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

struct Team {
    store: Arc<dyn Store>,
    owner: User,
    editor: User,
    viewer: User,
    stranger: User,
    workspace: Workspace,
    document: Document,
}

async fn user(store: &dyn Store, email: &str) -> User {
    let name = email.split('@').next().unwrap_or("someone");
    store
        .create_user(NewUser {
            email,
            display_name: name,
            password_hash: HASH,
        })
        .await
        .expect("create user")
}

async fn team(db: &TestDb) -> Team {
    let store = db.open().await;
    let owner = user(&*store, "owner@example.com").await;
    let editor = user(&*store, "editor@example.com").await;
    let viewer = user(&*store, "viewer@example.com").await;
    let stranger = user(&*store, "stranger@example.com").await;
    let workspace = store
        .create_workspace(owner.id, "Grocery team")
        .await
        .expect("workspace");
    for (member, role) in [(&editor, Role::Editor), (&viewer, Role::Viewer)] {
        let (_, secret) = store
            .create_invitation(
                owner.id,
                workspace.id,
                &member.email,
                role,
                now_millis() + 86_400_000,
            )
            .await
            .expect("invite");
        store
            .accept_invitation(secret.expose(), member.id)
            .await
            .expect("accept");
    }
    store
        .create_workspace(stranger.id, "Elsewhere")
        .await
        .expect("workspace");
    let document = store
        .create_document(
            owner.id,
            workspace.id,
            NewDocument {
                title: "Quick Reorder",
                body: "# Quick Reorder\n\nFirst draft.\n",
                note: "created",
            },
        )
        .await
        .expect("document");
    Team {
        store,
        owner,
        editor,
        viewer,
        stranger,
        workspace,
        document,
    }
}

/// An item whose key is derived from its text and customer, as the importer's are.
fn item(line: i64, text: &str, identities: &[&str]) -> NewFeedback {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{text}|{}", identities.join(",")).as_bytes());
    NewFeedback {
        content_key: hex::encode(&digest[..16]),
        text: text.to_string(),
        title: None,
        day: None,
        rating: None,
        score: None,
        link: None,
        external_id: None,
        line,
        source: None,
        identities: identities.iter().map(|i| i.to_string()).collect(),
        customer: identities
            .first()
            .map(|i| i.split_once(':').map_or(*i, |(_, v)| v).to_string()),
    }
}

async fn import(t: &Team, source: &str, items: &[NewFeedback]) -> Imported {
    t.store
        .import_feedback(
            t.editor.id,
            t.workspace.id,
            ImportBatch {
                source,
                mapping: None,
                items,
            },
        )
        .await
        .expect("import")
}

fn query(text: &str) -> FeedbackQuery {
    FeedbackQuery {
        text: text.to_string(),
        limit: 50,
        ..FeedbackQuery::default()
    }
}

async fn search(t: &Team, query: &FeedbackQuery) -> Vec<FeedbackHit> {
    t.store
        .search_feedback(t.viewer.id, t.workspace.id, query)
        .await
        .expect("search")
}

/// Links the passage `feedback` to a claim of the team's document, as its editor.
async fn link(
    t: &Team,
    claim_kind: ClaimKind,
    claim_text: &str,
    feedback: FeedbackId,
    importance: Importance,
) -> EvidenceLink {
    t.store
        .link_evidence(
            t.editor.id,
            t.document.id,
            NewEvidenceLink {
                claim_kind,
                claim_text,
                feedback,
                importance,
            },
        )
        .await
        .expect("link")
}

async fn imports_add_nothing_twice_and_merge_customers(db: TestDb) {
    let t = team(&db).await;
    let tickets = vec![
        item(
            2,
            "Refunds take two weeks to arrive",
            &["email:dana@example.com"],
        ),
        item(
            3,
            "I wait forever for my refund",
            &["email:dana@example.com", "account:acme-17"],
        ),
        item(
            4,
            "The checkout button is hidden",
            &["email:lee@example.com"],
        ),
        item(5, "No customer on this one", &[]),
    ];
    let first = import(&t, "zendesk", &tickets).await;
    assert_eq!((first.imported, first.duplicates), (4, 0));
    let again = import(&t, "zendesk", &tickets).await;
    assert_eq!(
        (again.imported, again.duplicates),
        (0, 4),
        "re-import adds nothing"
    );

    // Another source knows the customer only by account: still the same customer.
    let mut survey = vec![item(
        2,
        "Refund speed matters most to us",
        &["account:ACME-17"],
    )];
    survey[0].identities = vec!["account:acme-17".to_string()];
    let third = import(&t, "nps survey", &survey).await;
    assert_eq!(third.imported, 1);
    let found = search(&t, &query("refund")).await;
    assert_eq!(found.len(), 3, "{found:?}");
    let customers: std::collections::HashSet<_> = found.iter().map(|h| h.customer_id).collect();
    assert_eq!(customers.len(), 1, "one customer across sources: {found:?}");
    assert!(
        found
            .iter()
            .all(|h| h.customer.as_deref() == Some("dana@example.com"))
    );

    // Two customers known apart until a row names both: they become one.
    let joins = vec![item(
        9,
        "Checkout and refunds both need work",
        &["email:lee@example.com", "account:acme-17"],
    )];
    import(&t, "zendesk", &joins).await;
    let all = search(&t, &query("checkout refund")).await;
    assert_eq!(all.len(), 1);
    let everyone: std::collections::HashSet<_> = search(&t, &query("the"))
        .await
        .into_iter()
        .chain(search(&t, &query("refund")).await)
        .chain(search(&t, &query("checkout")).await)
        .filter_map(|h| h.customer_id)
        .collect();
    assert_eq!(everyone.len(), 1, "lee and dana's account are one customer");

    let sources = t
        .store
        .evidence_sources(t.viewer.id, t.workspace.id)
        .await
        .expect("sources");
    let counts: Vec<(&str, i64)> = sources.iter().map(|s| (s.name.as_str(), s.items)).collect();
    assert_eq!(counts, [("nps survey", 1), ("zendesk", 5)]);
    t.store
        .save_source_mapping(t.editor.id, t.workspace.id, "zendesk", "text=Body")
        .await
        .expect("save mapping");
    let sources = t
        .store
        .evidence_sources(t.viewer.id, t.workspace.id)
        .await
        .expect("sources");
    assert_eq!(sources[1].mapping, "text=Body");

    // What themes read: the newest items first, a stranger nothing.
    let items = t
        .store
        .theme_items(t.viewer.id, t.workspace.id, 3)
        .await
        .expect("theme items");
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].text, "Checkout and refunds both need work");
    assert!(items.iter().all(|i| i.content_key.len() == 32));
    let all = t
        .store
        .theme_items(t.viewer.id, t.workspace.id, 100)
        .await
        .expect("theme items");
    assert_eq!(all.len(), 6);
    let stranger = t.store.theme_items(t.stranger.id, t.workspace.id, 10).await;
    assert!(matches!(stranger, Err(StoreError::NotFound)));

    // The import writes its rows without SQLite's lookup of each reference: every one
    // of them, merged customers included, still names a row that exists.
    assert_eq!(dangling_references(&db).await, 0);
}

/// References of the evidence tables to rows that do not exist: SQLite's own check of
/// the whole database, or the same joins on PostgreSQL.
async fn dangling_references(db: &TestDb) -> i64 {
    match db.kind {
        support::Db::Sqlite => number(db, "SELECT COUNT(*) FROM pragma_foreign_key_check").await,
        support::Db::Postgres => {
            number(
                db,
                "SELECT (SELECT COUNT(*) FROM feedback_items f WHERE NOT EXISTS \
                   (SELECT 1 FROM evidence_customers c WHERE c.id = f.customer_id) \
                   AND f.customer_id IS NOT NULL) \
                 + (SELECT COUNT(*) FROM feedback_items f WHERE NOT EXISTS \
                   (SELECT 1 FROM evidence_sources s WHERE s.id = f.source_id)) \
                 + (SELECT COUNT(*) FROM evidence_identities i WHERE NOT EXISTS \
                   (SELECT 1 FROM evidence_customers c WHERE c.id = i.customer_id))",
            )
            .await
        }
    }
}

async fn search_ranks_filters_and_reads_words_literally(db: TestDb) {
    let t = team(&db).await;
    let mut items = vec![
        item(
            2,
            "Delivery was late again, late late late",
            &["email:a@example.com"],
        ),
        item(3, "Late delivery once", &["email:b@example.com"]),
        item(
            4,
            "Great app, \"AND\" OR NEAR* -- '; DROP TABLE users;",
            &["email:c@example.com"],
        ),
        item(5, "Delivery fees are too high", &["email:c@example.com"]),
    ];
    items[0].day = Some("2026-01-10".to_string());
    items[1].day = Some("2026-03-02".to_string());
    items[0].score = Some(1.0);
    items[1].score = Some(4.0);
    items[0].rating = Some("1".to_string());
    items[3].source = Some("app store".to_string());
    import(&t, "zendesk", &items).await;

    let late = search(&t, &query("late delivery")).await;
    let texts: Vec<&str> = late.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(texts.len(), 2);
    assert!(texts[0].starts_with("Delivery was late"), "{texts:?}");
    assert!(late[0].score >= late[1].score);
    assert_eq!(late[0].date.as_deref(), Some("2026-01-10"));
    assert_eq!(late[0].source, "zendesk");
    assert_eq!(late[0].rating.as_deref(), Some("1"));

    let filtered = |f: fn(&mut FeedbackQuery)| {
        let mut q = query("delivery");
        f(&mut q);
        q
    };
    let only = |hits: Vec<FeedbackHit>| hits.into_iter().map(|h| h.text).collect::<Vec<_>>();
    let q = filtered(|q| q.source = Some("app store".to_string()));
    assert_eq!(only(search(&t, &q).await), ["Delivery fees are too high"]);
    let q = filtered(|q| q.from = Some("2026-02-01".to_string()));
    assert_eq!(only(search(&t, &q).await), ["Late delivery once"]);
    let q = filtered(|q| q.to = Some("2026-02-01".to_string()));
    assert_eq!(only(search(&t, &q).await).len(), 1);
    let q = filtered(|q| q.min_rating = Some(3.0));
    assert_eq!(only(search(&t, &q).await), ["Late delivery once"]);
    let q = filtered(|q| q.max_rating = Some(2.0));
    assert_eq!(only(search(&t, &q).await).len(), 1);
    let q = filtered(|q| q.customer = Some("email:c@example.com".to_string()));
    assert_eq!(only(search(&t, &q).await), ["Delivery fees are too high"]);

    for text in [
        "\"AND\"",
        "NEAR*",
        "'; DROP TABLE users;",
        "OR",
        "drop table",
        "users\" OR \"1\"=\"1",
    ] {
        let hits = search(&t, &query(text)).await;
        assert!(
            hits.iter().all(|h| h.text.starts_with("Great app")),
            "{text:?} finds the literal words only: {hits:?}"
        );
    }
    assert_eq!(search(&t, &query("drop table users")).await.len(), 1);

    // A word found only in a title counts, and a text with quotes, a backslash, a line
    // break and letters beyond ASCII comes back as it was written.
    let odd = "Le \"café\" \\ n'ouvre pas\n{\"json\": [1]} \u{1F600}";
    let mut titled = item(6, odd, &["email:d@example.com"]);
    titled.title = Some("Zebra crossing".to_string());
    import(&t, "zendesk", &[titled]).await;
    let found = search(&t, &query("zebra café")).await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].text, odd);
    assert_eq!(found[0].title.as_deref(), Some("Zebra crossing"));
    assert!(found[0].score > 0.0, "{found:?}");
    let nothing = t
        .store
        .search_feedback(t.viewer.id, t.workspace.id, &query("\"' -- ;"))
        .await;
    assert!(
        matches!(nothing, Err(StoreError::Invalid(_))),
        "{nothing:?}"
    );
    let mut bad = query("late");
    bad.from = Some("March".to_string());
    let refused = t
        .store
        .search_feedback(t.viewer.id, t.workspace.id, &bad)
        .await;
    assert!(
        matches!(&refused, Err(StoreError::Invalid(m)) if m.contains("from")),
        "{refused:?}"
    );
}

async fn suggestions_find_feedback_for_each_claim(db: TestDb) {
    let t = team(&db).await;
    import(
        &t,
        "zendesk",
        &[
            item(
                2,
                "Reordering my weekly groceries takes forever",
                &["email:a@example.com"],
            ),
            item(
                3,
                "I want to pay with a gift card",
                &["email:b@example.com"],
            ),
        ],
    )
    .await;
    let claims = vec![
        "Shoppers spend twenty minutes reordering the same groceries every week".to_string(),
        "Gift cards work at checkout".to_string(),
        "Nothing here matches zzz".to_string(),
    ];
    let found = t
        .store
        .suggest_feedback(t.viewer.id, t.workspace.id, &claims, 5)
        .await
        .expect("suggest");
    assert_eq!(found.len(), 3);
    assert!(found[0][0].text.starts_with("Reordering"), "{:?}", found[0]);
    assert!(found[1][0].text.contains("gift card"), "{:?}", found[1]);
    assert!(found[2].is_empty());
}

async fn only_members_see_feedback_and_roles_decide_writes(db: TestDb) {
    let t = team(&db).await;
    import(
        &t,
        "zendesk",
        &[item(2, "Late delivery", &["email:a@example.com"])],
    )
    .await;
    let batch = [item(3, "Other", &[])];
    let write = |actor: UserId| {
        let store = Arc::clone(&t.store);
        let items = batch.clone();
        let workspace = t.workspace.id;
        async move {
            store
                .import_feedback(
                    actor,
                    workspace,
                    ImportBatch {
                        source: "zendesk",
                        mapping: None,
                        items: &items,
                    },
                )
                .await
        }
    };
    assert!(matches!(
        write(t.viewer.id).await,
        Err(StoreError::Forbidden)
    ));
    assert!(matches!(
        write(t.stranger.id).await,
        Err(StoreError::NotFound)
    ));
    let stranger = t
        .store
        .search_feedback(t.stranger.id, t.workspace.id, &query("late"))
        .await;
    assert!(matches!(stranger, Err(StoreError::NotFound)));
    let sources = t
        .store
        .evidence_sources(t.stranger.id, t.workspace.id)
        .await;
    assert!(matches!(sources, Err(StoreError::NotFound)));
    let links = t.store.evidence_links(t.stranger.id, t.document.id).await;
    assert!(matches!(links, Err(StoreError::NotFound)));
    let delete = t
        .store
        .delete_customer_feedback(t.editor.id, t.workspace.id, "email:a@example.com")
        .await;
    assert!(matches!(delete, Err(StoreError::Forbidden)), "{delete:?}");
    let delete = t
        .store
        .delete_customer_feedback(t.stranger.id, t.workspace.id, "email:a@example.com")
        .await;
    assert!(matches!(delete, Err(StoreError::NotFound)));
    let hit = &search(&t, &query("late")).await[0];
    let new = NewEvidenceLink {
        claim_kind: ClaimKind::Problem,
        claim_text: "Deliveries are late",
        feedback: hit.id,
        importance: Importance::Important,
    };
    let viewer = t.store.link_evidence(t.viewer.id, t.document.id, new).await;
    assert!(matches!(viewer, Err(StoreError::Forbidden)));
    let stranger = t
        .store
        .link_evidence(t.stranger.id, t.document.id, new)
        .await;
    assert!(matches!(stranger, Err(StoreError::NotFound)));
    let choices = t
        .store
        .set_theme_choices(t.viewer.id, t.workspace.id, "[]")
        .await;
    assert!(matches!(choices, Err(StoreError::Forbidden)));
    t.store
        .set_theme_choices(t.editor.id, t.workspace.id, "[{\"rename\":1}]")
        .await
        .expect("editors choose themes");
    let kept = t
        .store
        .theme_choices(t.viewer.id, t.workspace.id)
        .await
        .expect("read choices")
        .expect("saved");
    assert_eq!(kept.choices, "[{\"rename\":1}]");
    assert_eq!(kept.updated_by, t.editor.id);
}

async fn links_keep_the_passage_and_its_customer(db: TestDb) {
    let t = team(&db).await;
    import(
        &t,
        "zendesk",
        &[item(
            2,
            "Late delivery ruined dinner",
            &["email:a@example.com"],
        )],
    )
    .await;
    let hit = search(&t, &query("late")).await.remove(0);
    let new = NewEvidenceLink {
        claim_kind: ClaimKind::CustomerQuote,
        claim_text: "  \"I never wait for dinner now,\" said Dana.  ",
        feedback: hit.id,
        importance: Importance::Important,
    };
    let link = t
        .store
        .link_evidence(t.editor.id, t.document.id, new)
        .await
        .expect("link");
    assert_eq!(link.quote, "Late delivery ruined dinner");
    assert_eq!(link.customer.as_deref(), Some("a@example.com"));
    assert_eq!(
        link.claim_text,
        "\"I never wait for dinner now,\" said Dana."
    );
    assert_eq!(link.source, "zendesk");
    let again = t
        .store
        .link_evidence(
            t.editor.id,
            t.document.id,
            NewEvidenceLink {
                importance: Importance::DealBreaker,
                ..new
            },
        )
        .await
        .expect("relink");
    assert_eq!(again.id, link.id, "linking again changes the importance");
    let links = t
        .store
        .evidence_links(t.viewer.id, t.document.id)
        .await
        .expect("links");
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].importance, Importance::DealBreaker);

    // Feedback of another workspace cannot be linked.
    let other = t
        .store
        .create_workspace(t.owner.id, "Second team")
        .await
        .expect("workspace");
    t.store
        .import_feedback(
            t.owner.id,
            other.id,
            ImportBatch {
                source: "zendesk",
                mapping: None,
                items: &[item(2, "Elsewhere feedback", &[])],
            },
        )
        .await
        .expect("import elsewhere");
    let elsewhere = t
        .store
        .search_feedback(t.owner.id, other.id, &query("elsewhere"))
        .await
        .expect("search")
        .remove(0);
    let crossed = t
        .store
        .link_evidence(
            t.editor.id,
            t.document.id,
            NewEvidenceLink {
                feedback: elsewhere.id,
                ..new
            },
        )
        .await;
    assert!(matches!(crossed, Err(StoreError::NotFound)), "{crossed:?}");
    assert!(search(&t, &query("elsewhere")).await.is_empty());

    t.store
        .unlink_evidence(t.editor.id, t.document.id, link.id)
        .await
        .expect("unlink");
    let gone = t
        .store
        .unlink_evidence(t.editor.id, t.document.id, link.id)
        .await;
    assert!(matches!(gone, Err(StoreError::NotFound)));
}

async fn deleting_a_customer_removes_their_feedback_everywhere(db: TestDb) {
    let t = team(&db).await;
    import(
        &t,
        "zendesk",
        &[
            item(
                2,
                "Late delivery",
                &["email:gone@example.com", "account:x1"],
            ),
            item(3, "Late again", &["email:stay@example.com"]),
        ],
    )
    .await;
    import(&t, "nps", &[item(2, "Late late late", &["account:x1"])]).await;
    for hit in search(&t, &query("late")).await {
        link(
            &t,
            ClaimKind::Problem,
            "Deliveries are late",
            hit.id,
            Importance::NiceToHave,
        )
        .await;
    }
    let deleted = t
        .store
        .delete_customer_feedback(t.owner.id, t.workspace.id, "email:gone@example.com")
        .await
        .expect("delete");
    assert_eq!(deleted, CustomerDeleted { items: 2, links: 2 });
    let left = search(&t, &query("late")).await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].customer.as_deref(), Some("stay@example.com"));
    let links = t
        .store
        .evidence_links(t.viewer.id, t.document.id)
        .await
        .expect("links");
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].customer.as_deref(), Some("stay@example.com"));
    let again = t
        .store
        .delete_customer_feedback(t.owner.id, t.workspace.id, "account:x1")
        .await
        .expect("unknown identity");
    assert_eq!(again, CustomerDeleted::default(), "the identities went too");
    // The same text imported again is a new item, not a ghost of the deleted one.
    let back = import(&t, "nps", &[item(2, "Late late late", &["account:x1"])]).await;
    assert_eq!(back.imported, 1);
}

async fn evidence_survives_backup_and_restore(db: TestDb) {
    let t = team(&db).await;
    import(
        &t,
        "zendesk",
        &[item(2, "Late delivery", &["email:a@example.com"])],
    )
    .await;
    let hit = search(&t, &query("late")).await.remove(0);
    link(
        &t,
        ClaimKind::Problem,
        "Deliveries are late",
        hit.id,
        Importance::Important,
    )
    .await;
    let file = db
        .scratch()
        .join(format!("evidence-{}.jsonl", std::process::id()));
    t.store.backup(&file).await.expect("backup");
    let Some(fresh) = TestDb::new(db.kind.other()).await else {
        return;
    };
    let restored = fresh.open().await;
    restored.restore(&file).await.expect("restore");
    let _ = std::fs::remove_file(&file);
    assert_eq!(
        restored
            .theme_stamp(t.viewer.id, t.workspace.id)
            .await
            .expect("the restored stamp"),
        theme_stamp(&t).await,
        "a restored database is the one backed up"
    );
    let found = restored
        .search_feedback(t.viewer.id, t.workspace.id, &query("delivery"))
        .await
        .expect("the index is rebuilt on restore");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, hit.id);
    let links = restored
        .evidence_links(t.viewer.id, t.document.id)
        .await
        .expect("links");
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].quote, "Late delivery");
}

async fn a_bad_item_writes_nothing_of_its_batch(db: TestDb) {
    let t = team(&db).await;
    let mut items = vec![
        item(2, "Good one", &["email:a@example.com"]),
        item(3, "Bad one", &[]),
    ];
    items[1].text = "nul \0 inside".to_string();
    let refused = t
        .store
        .import_feedback(
            t.editor.id,
            t.workspace.id,
            ImportBatch {
                source: "zendesk",
                mapping: None,
                items: &items,
            },
        )
        .await;
    assert!(
        matches!(&refused, Err(StoreError::Invalid(m)) if m.contains("line 3")),
        "{refused:?}"
    );
    assert!(
        search(&t, &query("good")).await.is_empty(),
        "nothing written"
    );
    items[1].text = "fine".to_string();
    items[1].day = Some("2026-13".to_string());
    let refused = t
        .store
        .import_feedback(
            t.editor.id,
            t.workspace.id,
            ImportBatch {
                source: "zendesk",
                mapping: None,
                items: &items,
            },
        )
        .await;
    assert!(
        matches!(&refused, Err(StoreError::Invalid(m)) if m.contains("line 3") && m.contains("date")),
        "{refused:?}"
    );
}

/// On PostgreSQL a batch's items are written by two transactions at once, split by the
/// first byte of their key: a key twice in one batch, keys of both shares, customers
/// new and known, a re-import and an import stopped half way and run again all give
/// what one transaction gave (SQLite writes the same batches in one).
async fn a_batch_written_by_two_transactions_keeps_the_import_promises(db: TestDb) {
    let t = team(&db).await;
    let identity = |n: usize| format!("email:c{}@example.com", n % 7);
    let mut items: Vec<NewFeedback> = (0..40)
        .map(|n| {
            item(
                n as i64 + 2,
                &format!("Parcel {n} arrived late"),
                &[&identity(n)],
            )
        })
        .collect();
    // The same row twice in one batch: one item, one duplicate.
    items.push(item(42, "Parcel 3 arrived late", &[&identity(3)]));
    let parities: std::collections::HashSet<bool> = items
        .iter()
        .map(|i| u8::from_str_radix(&i.content_key[..2], 16).expect("hex") % 2 == 0)
        .collect();
    assert_eq!(parities.len(), 2, "keys of both shares");
    let first = import(&t, "zendesk", &items).await;
    assert_eq!((first.imported, first.duplicates), (40, 1));
    let again = import(&t, "zendesk", &items).await;
    assert_eq!((again.imported, again.duplicates), (0, 41), "nothing twice");

    // Stopped after its first half, then run again whole: only the rest is added, and
    // customers already known (c0 to c6) stay one each.
    let more: Vec<NewFeedback> = (40..60)
        .map(|n| {
            item(
                n as i64 + 2,
                &format!("Parcel {n} arrived damaged"),
                &[&identity(n), &format!("account:a{n}")],
            )
        })
        .collect();
    let half = import(&t, "zendesk", &more[..10]).await;
    assert_eq!((half.imported, half.duplicates), (10, 0));
    let rest = import(&t, "zendesk", &more).await;
    assert_eq!((rest.imported, rest.duplicates), (10, 10));
    assert_eq!(number(&db, "SELECT COUNT(*) FROM feedback_items").await, 60);
    assert_eq!(
        number(&db, "SELECT COUNT(*) FROM evidence_customers").await,
        7
    );
    assert_eq!(
        number(&db, "SELECT COUNT(*) FROM evidence_identities").await,
        27
    );
    let found = search(&t, &query("parcel damaged")).await;
    assert_eq!(found.len(), 20, "{found:?}");
    let customers: std::collections::HashSet<_> = found.iter().map(|h| h.customer_id).collect();
    assert_eq!(customers.len(), 7, "{found:?}");
    assert_eq!(dangling_references(&db).await, 0);
}

/// The database itself refuses an item whose source or customer, or an identity whose
/// customer, belongs to another workspace (one composite reference each), and accepts
/// the same rows naming the workspace's own.
async fn an_item_names_only_a_source_and_customer_of_its_own_workspace(db: TestDb) {
    let t = team(&db).await;
    import(
        &t,
        "zendesk",
        &[item(2, "Refunds are slow", &["email:a@example.com"])],
    )
    .await;
    let other = t
        .store
        .create_workspace(t.owner.id, "Other team")
        .await
        .expect("workspace");
    let items = [item(2, "Search is broken", &["email:b@example.com"])];
    t.store
        .import_feedback(
            t.owner.id,
            other.id,
            ImportBatch {
                source: "app store",
                mapping: None,
                items: &items,
            },
        )
        .await
        .expect("import elsewhere");
    let ours = (
        number(
            &db,
            "SELECT id FROM evidence_sources WHERE name = 'zendesk'",
        )
        .await,
        number(
            &db,
            "SELECT customer_id FROM evidence_identities WHERE identity = 'email:a@example.com'",
        )
        .await,
    );
    let theirs = (
        number(
            &db,
            "SELECT id FROM evidence_sources WHERE name = 'app store'",
        )
        .await,
        number(
            &db,
            "SELECT customer_id FROM evidence_identities WHERE identity = 'email:b@example.com'",
        )
        .await,
    );
    let key = match db.kind {
        support::Db::Sqlite => "unhex('00112233445566778899aabbccddeeff')",
        support::Db::Postgres => "decode('00112233445566778899aabbccddeeff', 'hex')",
    };
    let workspace = t.workspace.id.0;
    let new_item = |id: i64, (source, customer): (i64, i64)| {
        format!(
            "INSERT INTO feedback_items (id, workspace_id, source_id, customer_id, content_key, \
             text, line, created_at) VALUES ({id}, {workspace}, {source}, {customer}, {key}, \
             'Mixed up', 2, 0)"
        )
    };
    let new_identity = |identity: &str, customer: i64| {
        format!(
            "INSERT INTO evidence_identities (workspace_id, identity, customer_id) \
             VALUES ({workspace}, '{identity}', {customer})"
        )
    };
    for (what, statement) in [
        (
            "a source of another workspace",
            new_item(901, (theirs.0, ours.1)),
        ),
        (
            "a customer of another workspace",
            new_item(902, (ours.0, theirs.1)),
        ),
        (
            "an identity of a customer of another workspace",
            new_identity("email:c@example.com", theirs.1),
        ),
    ] {
        let refused = statement_result(&db, &statement).await;
        assert!(refused.is_err(), "{what}: {refused:?}");
    }
    for statement in [
        new_item(903, ours),
        new_identity("email:c@example.com", ours.1),
    ] {
        assert_eq!(
            statement_result(&db, &statement).await.expect(&statement),
            1
        );
    }
    assert_eq!(dangling_references(&db).await, 0);
}

/// Two imports of the same rows into one workspace at once (an upload sent again while
/// the first still runs) both end, without an error, and store each row once: on
/// PostgreSQL each writes its items from two transactions, and two such imports must
/// never wait for each other in a circle that the database cannot see.
async fn imports_of_the_same_rows_at_once_both_end(db: TestDb) {
    let t = team(&db).await;
    let rounds = 8;
    for round in 0..rounds {
        let items: Vec<NewFeedback> = (0..300)
            .map(|n| {
                item(
                    n as i64 + 2,
                    &format!("Round {round}: basket {n} was slow to load"),
                    &[&format!("email:r{round}c{}@example.com", n % 40)],
                )
            })
            .collect();
        let reversed: Vec<NewFeedback> = items.iter().rev().cloned().collect();
        let both = async {
            tokio::join!(
                import(&t, "zendesk", &items),
                import(&t, "zendesk", &reversed)
            )
        };
        // A liveness bound, not a speed: a few hundred rows take well under a second.
        let (a, b) = tokio::time::timeout(std::time::Duration::from_secs(120), both)
            .await
            .unwrap_or_else(|_| panic!("round {round}: the two imports wait for each other"));
        assert_eq!(a.imported + b.imported, 300, "round {round}");
        assert_eq!(a.duplicates + b.duplicates, 300, "round {round}");
    }
    assert_eq!(
        number(&db, "SELECT COUNT(*) FROM feedback_items").await,
        300 * rounds
    );
    assert_eq!(
        number(&db, "SELECT COUNT(*) FROM evidence_customers").await,
        40 * rounds
    );
    assert_eq!(dangling_references(&db).await, 0);
}

/// Deleting a customer's feedback on request while an import of more of their rows runs:
/// both end, one after the other, and nothing is left that points at a deleted customer.
async fn a_deletion_during_an_import_of_the_same_customer_ends(db: TestDb) {
    let t = team(&db).await;
    for round in 0..6 {
        let who = format!("email:gone{round}@example.com");
        let items: Vec<NewFeedback> = (0..200)
            .map(|n| {
                item(
                    n + 2,
                    &format!("Round {round}: order {n} was cold"),
                    &[&who],
                )
            })
            .collect();
        import(&t, "zendesk", &items[..100]).await;
        let delete = async {
            t.store
                .delete_customer_feedback(t.owner.id, t.workspace.id, &who)
                .await
                .expect("delete")
        };
        let both = async { tokio::join!(import(&t, "zendesk", &items), delete) };
        // A liveness bound, not a speed: a few hundred rows take well under a second.
        let (imported, deleted) = tokio::time::timeout(std::time::Duration::from_secs(120), both)
            .await
            .unwrap_or_else(|_| {
                panic!("round {round}: the import and the deletion wait for each other")
            });
        // The deletion came first (the import then adds every row again, for a new
        // customer) or last (it removes all 200).
        assert!(
            deleted.items == 200 || (deleted.items == 100 && imported.imported == 200),
            "round {round}: {deleted:?} {imported:?}"
        );
    }
    assert_eq!(dangling_references(&db).await, 0);
}

/// What a document holds now: its newest revision's number and text, and its links as
/// (id, claim text, importance).
async fn held(t: &Team) -> (i64, String, Vec<(EvidenceLinkId, String, Importance)>) {
    let latest = t
        .store
        .latest_revision(t.viewer.id, t.document.id)
        .await
        .expect("latest");
    let links = t
        .store
        .evidence_links(t.viewer.id, t.document.id)
        .await
        .expect("links")
        .into_iter()
        .map(|l| (l.id, l.claim_text, l.importance))
        .collect();
    (latest.meta.number, latest.body, links)
}

async fn a_revision_and_its_moved_links_are_all_or_nothing(db: TestDb) {
    let t = team(&db).await;
    import(
        &t,
        "zendesk",
        &[
            item(2, "Reordering takes half an hour", &["email:a@example.com"]),
            item(
                3,
                "I redo the same cart every week",
                &["email:b@example.com"],
            ),
        ],
    )
    .await;
    let old_quote = "\"I love it,\" said Dana.";
    let new_quote = "\"Reordering takes half an hour,\" said a customer in family grocery.";
    let mut linked = Vec::new();
    for (text, importance) in [
        ("half an hour", Importance::DealBreaker),
        ("same cart", Importance::Important),
    ] {
        let hit = search(&t, &query(text)).await.remove(0);
        let link = link(&t, ClaimKind::CustomerQuote, old_quote, hit.id, importance).await;
        linked.push(link);
    }
    let body = format!("# Quick Reorder\n\n{new_quote}\n");
    let save = |base| SaveRevision {
        base: Some(base),
        body: &body,
        note: "real quote",
    };
    let moves: Vec<MovedLink<'_>> = linked
        .iter()
        .map(|l| MovedLink {
            link: l.id,
            claim_text: new_quote,
        })
        .collect();
    let before = held(&t).await;
    assert_eq!(before.0, 1);
    assert_eq!(before.2.len(), 2);

    // A stale base writes nothing.
    let stale = t
        .store
        .save_revision_moving_links(t.editor.id, t.document.id, save(0), &moves)
        .await;
    assert!(
        matches!(stale, Err(StoreError::Stale { current: 1 })),
        "{stale:?}"
    );
    assert_eq!(held(&t).await, before);

    // A link that vanished after the caller read them: the revision is not kept either,
    // and the link moved before it is back on its old text.
    let mut vanished = moves.clone();
    vanished.push(MovedLink {
        link: EvidenceLinkId(linked[0].id.0 ^ 1),
        claim_text: new_quote,
    });
    let missing = t
        .store
        .save_revision_moving_links(t.editor.id, t.document.id, save(1), &vanished)
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
    assert_eq!(held(&t).await, before);

    // A link of another document is not this document's to move.
    let other = t
        .store
        .create_document(
            t.owner.id,
            t.workspace.id,
            NewDocument {
                title: "Other",
                body: "# Other\n",
                note: "created",
            },
        )
        .await
        .expect("other document");
    let foreign = t
        .store
        .save_revision_moving_links(
            t.editor.id,
            other.id,
            SaveRevision {
                base: Some(1),
                body: "# Other\n\nMore.\n",
                note: "edit",
            },
            &moves,
        )
        .await;
    assert!(matches!(foreign, Err(StoreError::NotFound)), "{foreign:?}");
    let other_latest = t
        .store
        .latest_revision(t.viewer.id, other.id)
        .await
        .expect("latest");
    assert_eq!(other_latest.meta.number, 1);
    assert_eq!(held(&t).await, before);

    // A viewer may not, a stranger does not see the document.
    let viewer = t
        .store
        .save_revision_moving_links(t.viewer.id, t.document.id, save(1), &moves)
        .await;
    assert!(matches!(viewer, Err(StoreError::Forbidden)), "{viewer:?}");
    let stranger = t
        .store
        .save_revision_moving_links(t.stranger.id, t.document.id, save(1), &moves)
        .await;
    assert!(
        matches!(stranger, Err(StoreError::NotFound)),
        "{stranger:?}"
    );
    assert_eq!(held(&t).await, before);

    // All of it: the revision, and each link on the new text with its importance.
    let (revision, moved) = t
        .store
        .save_revision_moving_links(t.editor.id, t.document.id, save(1), &moves)
        .await
        .expect("saved with its links");
    assert_eq!(revision.number, 2);
    assert_eq!(revision.note, "real quote");
    assert_eq!(moved.len(), 2);
    for (old, new) in linked.iter().zip(&moved) {
        assert_eq!(new.claim_text, new_quote);
        assert_eq!(new.importance, old.importance);
        assert_eq!(new.feedback, old.feedback);
        assert_eq!(new.quote, old.quote);
        assert_ne!(new.id, old.id);
    }
    let (number, text, links) = held(&t).await;
    assert_eq!((number, text.as_str()), (2, body.as_str()));
    let mut now: Vec<_> = links.iter().map(|l| l.0).collect();
    let mut answered: Vec<_> = moved.iter().map(|l| l.id).collect();
    now.sort_unstable_by_key(|id| id.0);
    answered.sort_unstable_by_key(|id| id.0);
    assert_eq!(now, answered, "the old links are gone");

    // Moving links already on their text keeps them as they are.
    let again: Vec<MovedLink<'_>> = moved
        .iter()
        .map(|l| MovedLink {
            link: l.id,
            claim_text: new_quote,
        })
        .collect();
    let (revision, kept) = t
        .store
        .save_revision_moving_links(
            t.editor.id,
            t.document.id,
            SaveRevision {
                base: Some(2),
                body: &body,
                note: "again",
            },
            &again,
        )
        .await
        .expect("saved again");
    assert_eq!(revision.number, 3);
    assert_eq!(kept, moved);
}

async fn theme_choices_added_at_once_are_all_kept(db: TestDb) {
    let t = team(&db).await;
    let first = t
        .store
        .add_theme_choice(t.editor.id, t.workspace.id, r#"{"n":0}"#)
        .await
        .expect("first choice");
    assert_eq!(first.choices, r#"[{"n":0}]"#);
    assert_eq!(first.updated_by, t.editor.id);

    // Many renames at once, by two people: none is lost.
    let mut adding = tokio::task::JoinSet::new();
    for n in 1..=12 {
        let store = t.store.clone();
        let actor = if n % 2 == 0 { t.owner.id } else { t.editor.id };
        let workspace = t.workspace.id;
        adding.spawn(async move {
            store
                .add_theme_choice(actor, workspace, &format!(r#"{{"n":{n}}}"#))
                .await
        });
    }
    while let Some(done) = adding.join_next().await {
        done.expect("task").expect("choice added");
    }
    let saved = t
        .store
        .theme_choices(t.viewer.id, t.workspace.id)
        .await
        .expect("choices")
        .expect("saved");
    let choices: Vec<serde_json::Value> = serde_json::from_str(&saved.choices).expect("JSON");
    let mut numbers: Vec<i64> = choices
        .iter()
        .map(|c| c["n"].as_i64().expect("n"))
        .collect();
    assert_eq!(numbers[0], 0, "the first stays first");
    numbers.sort_unstable();
    assert_eq!(numbers, (0..=12).collect::<Vec<_>>());

    // Not JSON, a viewer or a stranger: nothing changes.
    let bad = t
        .store
        .add_theme_choice(t.editor.id, t.workspace.id, "{rename")
        .await;
    assert!(matches!(bad, Err(StoreError::Invalid(_))), "{bad:?}");
    let viewer = t
        .store
        .add_theme_choice(t.viewer.id, t.workspace.id, "{}")
        .await;
    assert!(matches!(viewer, Err(StoreError::Forbidden)), "{viewer:?}");
    let stranger = t
        .store
        .add_theme_choice(t.stranger.id, t.workspace.id, "{}")
        .await;
    assert!(
        matches!(stranger, Err(StoreError::NotFound)),
        "{stranger:?}"
    );
    let after = t
        .store
        .theme_choices(t.viewer.id, t.workspace.id)
        .await
        .expect("choices")
        .expect("saved");
    assert_eq!(after.choices, saved.choices);

    // Choices that are not a list cannot take one more.
    t.store
        .set_theme_choices(t.editor.id, t.workspace.id, "{}")
        .await
        .expect("replaced");
    let not_a_list = t
        .store
        .add_theme_choice(t.editor.id, t.workspace.id, "{}")
        .await;
    assert!(
        matches!(not_a_list, Err(StoreError::Invalid(_))),
        "{not_a_list:?}"
    );
}

async fn theme_stamp(t: &Team) -> ThemeStamp {
    t.store
        .theme_stamp(t.viewer.id, t.workspace.id)
        .await
        .expect("the themes' stamp")
}

async fn the_theme_stamp_moves_with_every_change_of_feedback_or_choices(db: TestDb) {
    let t = team(&db).await;
    let stranger = t.store.theme_stamp(t.stranger.id, t.workspace.id).await;
    assert!(
        matches!(stranger, Err(StoreError::NotFound)),
        "{stranger:?}"
    );
    let mut seen = vec![theme_stamp(&t).await];
    // Every change gives a stamp never seen before, and every member reads the same.
    let mut moved = async |what: &str| {
        let now = theme_stamp(&t).await;
        assert!(!seen.contains(&now), "{what}: {now:?} was seen in {seen:?}");
        for member in [t.owner.id, t.editor.id] {
            let theirs = t.store.theme_stamp(member, t.workspace.id).await;
            assert_eq!(theirs.expect("a member's stamp"), now, "{what}");
        }
        seen.push(now);
        now
    };

    import(
        &t,
        "zendesk",
        &[
            item(2, "Refunds are slow", &["email:dana@example.com"]),
            item(
                3,
                "The checkout hides its button",
                &["email:lee@example.com"],
            ),
            item(4, "Late delivery again", &["email:kim@example.com"]),
        ],
    )
    .await;
    let imported = moved("an import").await;

    // Reads, and writes of anything else, leave it as it is.
    t.store
        .theme_items(t.viewer.id, t.workspace.id, 100)
        .await
        .expect("items");
    t.store
        .theme_choices(t.viewer.id, t.workspace.id)
        .await
        .expect("choices");
    search(&t, &query("refunds")).await;
    t.store
        .evidence_sources(t.viewer.id, t.workspace.id)
        .await
        .expect("sources");
    t.store
        .save_source_mapping(t.editor.id, t.workspace.id, "zendesk", "text=Body")
        .await
        .expect("mapping");
    let hit = search(&t, &query("refunds")).await.remove(0);
    link(
        &t,
        ClaimKind::Problem,
        "Refunds take too long",
        hit.id,
        Importance::Important,
    )
    .await;
    let elsewhere = t
        .store
        .workspaces_of(t.stranger.id)
        .await
        .expect("the stranger's workspaces")
        .remove(0)
        .workspace;
    t.store
        .import_feedback(
            t.stranger.id,
            elsewhere.id,
            ImportBatch {
                source: "zendesk",
                mapping: None,
                items: &[item(2, "Another workspace's feedback", &[])],
            },
        )
        .await
        .expect("another workspace's import");
    let unknown = t
        .store
        .delete_customer_feedback(t.owner.id, t.workspace.id, "email:nobody@example.com")
        .await
        .expect("an identity nobody has");
    assert_eq!(unknown, CustomerDeleted::default());
    let refused = t
        .store
        .add_theme_choice(t.viewer.id, t.workspace.id, "{}")
        .await;
    assert!(matches!(refused, Err(StoreError::Forbidden)), "{refused:?}");
    let refused = t
        .store
        .add_theme_choice(t.editor.id, t.workspace.id, "{rename")
        .await;
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "{refused:?}"
    );
    assert_eq!(theme_stamp(&t).await, imported, "reads change nothing");

    // A row that names two known customers makes them one, though its item is already
    // there (the same content key): no item is added, but an item's customer changed.
    let mut joins = item(5, "Refunds are slow", &["email:dana@example.com"]);
    joins.identities = vec![
        "email:dana@example.com".to_string(),
        "email:lee@example.com".to_string(),
    ];
    assert_eq!(import(&t, "zendesk", &[joins]).await.imported, 0);
    let customers: std::collections::HashSet<_> = t
        .store
        .theme_items(t.viewer.id, t.workspace.id, 100)
        .await
        .expect("items")
        .into_iter()
        .filter(|i| i.text != "Late delivery again")
        .map(|i| i.customer_id)
        .collect();
    assert_eq!(customers.len(), 1, "dana and lee are one customer now");
    moved("a merge of customers").await;

    let deleted = t
        .store
        .delete_customer_feedback(t.owner.id, t.workspace.id, "email:kim@example.com")
        .await
        .expect("delete");
    assert_eq!(deleted.items, 1);
    moved("a customer's feedback deleted").await;

    // The same item imported again after its deletion: the items are as they were
    // before the deletion (as many, and the same texts), the stamp is not.
    import(
        &t,
        "zendesk",
        &[item(4, "Late delivery again", &["email:kim@example.com"])],
    )
    .await;
    moved("the deleted item imported again").await;

    t.store
        .add_theme_choice(t.editor.id, t.workspace.id, r#"{"rename":1}"#)
        .await
        .expect("a choice");
    moved("a choice added").await;
    // The same choices saved again, twice in the same millisecond or not: each save
    // counts.
    for _ in 0..2 {
        t.store
            .set_theme_choices(t.editor.id, t.workspace.id, r#"[{"rename":1}]"#)
            .await
            .expect("the choices replaced");
        moved("the choices saved").await;
    }
}

/// One number read straight from the database (the planner's statistics are no part of
/// the store's API).
async fn number(db: &TestDb, text: &'static str) -> i64 {
    use sqlx::Connection;
    match db.kind {
        support::Db::Sqlite => {
            let mut conn = sqlx::SqliteConnection::connect(&db.raw_url)
                .await
                .expect("connect");
            sqlx::query_scalar(text)
                .fetch_one(&mut conn)
                .await
                .expect(text)
        }
        support::Db::Postgres => {
            let mut conn = sqlx::PgConnection::connect(&db.raw_url)
                .await
                .expect("connect");
            sqlx::query_scalar(text)
                .fetch_one(&mut conn)
                .await
                .expect(text)
        }
    }
}

/// Runs `statement` on the test database `db` itself, its references checked (SQLite's
/// enforcement on): what the database alone allows.
async fn statement_result(db: &TestDb, statement: &str) -> Result<u64, sqlx::Error> {
    use sqlx::Connection;
    let text = || sqlx::AssertSqlSafe(statement.to_string());
    match db.kind {
        support::Db::Sqlite => {
            let mut conn = sqlx::SqliteConnection::connect(&db.raw_url)
                .await
                .expect("connect");
            sqlx::query("PRAGMA foreign_keys = ON")
                .execute(&mut conn)
                .await?;
            Ok(sqlx::query(text())
                .execute(&mut conn)
                .await?
                .rows_affected())
        }
        support::Db::Postgres => {
            let mut conn = sqlx::PgConnection::connect(&db.raw_url)
                .await
                .expect("connect");
            Ok(sqlx::query(text())
                .execute(&mut conn)
                .await?
                .rows_affected())
        }
    }
}

/// Runs `statement` on the PostgreSQL test database `db` itself.
async fn on_postgres(db: &TestDb, statement: &'static str) {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&db.raw_url)
        .await
        .expect("connect");
    sqlx::raw_sql(statement)
        .execute(&mut conn)
        .await
        .expect(statement);
}

/// Rows SQLite's or PostgreSQL's statistics count in the feedback items (0 when the
/// table was never analysed).
async fn counted_items(db: &TestDb) -> i64 {
    match db.kind {
        support::Db::Sqlite => {
            let analysed = number(
                db,
                "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'",
            )
            .await;
            if analysed == 0 {
                return 0;
            }
            number(
                db,
                "SELECT COALESCE(MAX(CAST(stat AS INTEGER)), 0) FROM sqlite_stat1 \
                 WHERE tbl = 'feedback_items'",
            )
            .await
        }
        support::Db::Postgres => {
            number(
                db,
                "SELECT GREATEST(reltuples, 0)::BIGINT FROM pg_class \
                 WHERE oid = 'feedback_items'::regclass",
            )
            .await
        }
    }
}

async fn a_large_import_leaves_the_planner_statistics_fresh(db: TestDb) {
    let t = team(&db).await;
    let finish = |actor: UserId, imported: u64| {
        let store = t.store.clone();
        let workspace = t.workspace.id;
        async move {
            store
                .finish_feedback_import(actor, workspace, imported)
                .await
        }
    };
    // A small import ends as it was: no statistics gathered.
    let small: Vec<NewFeedback> = (0..10)
        .map(|n| {
            let email = format!("email:small{n}@example.com");
            item(n + 2, &format!("Small comment {n}"), &[email.as_str()])
        })
        .collect();
    let done = import(&t, "zendesk", &small).await;
    finish(t.editor.id, done.imported).await.expect("finish");
    if db.kind == support::Db::Sqlite {
        assert_eq!(counted_items(&db).await, 0, "no statistics after 10 items");
    }
    // A viewer cannot end an import.
    let refused = finish(t.viewer.id, 20_000).await;
    assert!(matches!(refused, Err(StoreError::Forbidden)), "{refused:?}");

    let large: Vec<NewFeedback> = (0..10_000)
        .map(|n| {
            let email = format!("email:customer{n}@example.com");
            item(
                n + 20,
                &format!("Refunds take too long, case {n}"),
                &[email.as_str()],
            )
        })
        .collect();
    if db.kind == support::Db::Postgres {
        // Autovacuum would count them too, at a time of its own.
        on_postgres(
            &db,
            "ALTER TABLE evidence_identities SET (autovacuum_enabled = false)",
        )
        .await;
    }
    let done = import(&t, "zendesk", &large).await;
    assert_eq!(done.imported, 10_000);
    if db.kind == support::Db::Postgres {
        // The next batch finds 10,000 identities the statistics never counted and
        // counts them before it looks its own up.
        let never =
            "SELECT relpages::BIGINT FROM pg_class WHERE oid = 'evidence_identities'::regclass";
        assert_eq!(number(&db, never).await, 0, "not counted yet");
        import(&t, "zendesk", &small).await;
        assert!(number(&db, never).await > 0, "counted during the import");
    }
    finish(t.editor.id, done.imported).await.expect("finish");
    let counted = counted_items(&db).await;
    assert!(
        (10_000..=10_100).contains(&counted),
        "the statistics count the 10,010 items: {counted}"
    );
    if db.kind == support::Db::Postgres {
        // The text index has no entries left pending: merging them finds no page.
        let pending = "SELECT gin_clean_pending_list('feedback_items_search')::BIGINT";
        assert_eq!(number(&db, pending).await, 0, "entries left pending");
    }
    // The search still finds what it found before.
    let found = search(&t, &query("refunds")).await;
    assert_eq!(found.len(), 50);
}

/// Suggestions take a word the statistics show in more than twice the rarity cap's
/// items as common without counting it, and a stop word as matching nothing: what they
/// find is the same before the table is analysed (every word counted) and after.
async fn suggestions_read_the_statistics_without_changing_what_they_find(db: TestDb) {
    let t = team(&db).await;
    let mut items: Vec<NewFeedback> = (0..2_500)
        .map(|n| {
            let email = format!("email:late{n}@example.com");
            item(
                n + 2,
                &format!("Late delivery again, case {n}"),
                &[email.as_str()],
            )
        })
        .collect();
    for (n, text) in [
        "My refund never arrived after the late delivery",
        "The refund never came",
        "A refund, at last",
    ]
    .into_iter()
    .enumerate()
    {
        let email = format!("email:refund{n}@example.com");
        items.push(item(3_000 + n as i64, text, &[email.as_str()]));
    }
    import(&t, "zendesk", &items).await;
    // Its four rarest words are the refund items' (delivery, in every item, is left out).
    let claims = vec![
        "Refund never arrived at last, delivery".to_string(),
        "The and of".to_string(),
    ];
    let suggest = || async {
        t.store
            .suggest_feedback(t.viewer.id, t.workspace.id, &claims, 5)
            .await
            .expect("suggest")
    };
    let ids = |found: &[Vec<FeedbackHit>]| -> Vec<Vec<FeedbackId>> {
        found
            .iter()
            .map(|hits| hits.iter().map(|h| h.id).collect())
            .collect()
    };
    let counted = suggest().await;
    assert_eq!(counted[0].len(), 3, "{:?}", counted[0]);
    assert!(
        counted[0].iter().all(|hit| hit.text.contains("efund")),
        "{:?}",
        counted[0]
    );
    if db.kind == support::Db::Postgres {
        // English stop words only (SQLite's index has no stop words).
        assert!(counted[1].is_empty(), "stop words find nothing");
    }
    if db.kind == support::Db::Postgres {
        on_postgres(&db, "ANALYZE feedback_items").await;
        let common = "SELECT COUNT(*) FROM pg_stats st, \
            unnest(st.most_common_elems::text::text[]) AS e(lexeme) \
            WHERE st.tablename = 'feedback_items' AND st.attname = 'search_vector' \
            AND e.lexeme = 'deliveri'";
        assert_eq!(number(&db, common).await, 1, "the statistics know the word");
    }
    let known = suggest().await;
    assert_eq!(ids(&known), ids(&counted));
}
