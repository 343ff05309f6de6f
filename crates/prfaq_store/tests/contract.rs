//! The storage contract: every test here runs once against SQLite and once against
//! PostgreSQL (`sqlite::name` and `postgres::name`), each on a fresh database, through
//! the public `Store` trait. Tests of the schema itself (append-only triggers, the
//! backup's table list, upgrades from schema 1) also use raw SQL, which is fine: they
//! are part of the crate that owns the SQL.

#[macro_use]
mod support;

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use prfaq_store::*;
use sha2::{Digest, Sha256};
use sqlx::Connection;
use support::{Db, TestDb};

#[path = "contract/outcomes.rs"]
mod outcomes;

contract!(
    accounts_are_unique_by_email_ignoring_case,
    sessions_expire_and_end_on_sign_out,
    tokens_are_stored_hashed_scoped_and_revocable,
    sign_in_failures_are_counted_per_account_and_address,
    strangers_cannot_tell_a_document_exists,
    the_page_queries_answer_as_the_single_ones,
    roles_decide_who_may_do_what,
    invitations_admit_only_the_invited_address_once,
    a_workspace_keeps_an_owner,
    documents_list_rename_status_archive,
    revisions_save_list_get_restore,
    a_stale_save_writes_nothing,
    a_submitted_save_answers_as_the_reads_after_it,
    saves_and_reads_recover_from_lost_connections,
    a_full_disk_refuses_writes_until_space_is_freed,
    fifty_concurrent_writers_lose_nothing,
    sql_metacharacters_are_literal_text,
    revisions_are_append_only_in_the_database,
    backup_restore_round_trips_every_table,
    restore_is_all_or_nothing_into_an_empty_database,
    backups_are_consistent_while_saves_go_on,
    backup_covers_every_table_and_column,
    upgrade_from_schema_1_keeps_data,
    upgrade_to_schema_11_converts_feedback,
    a_newer_schema_is_refused,
    debug_output_never_shows_secrets,
    a_review_runs_from_request_to_approval,
    reviews_check_roles_and_input,
    pending_comments_wait_for_their_verdict,
    threads_follow_their_passage_across_revisions,
    suggestions_become_credited_revisions_or_are_rejected_with_a_reason,
    assumptions_are_logged_and_a_broken_one_reopens_the_review,
    front_matter_status_never_disagrees_with_the_workspace,
    review_tables_are_append_only_in_the_database,
    waiting_on_lists_what_each_member_owes,
    the_review_stamp_moves_with_every_change_of_the_review,
);

const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
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

fn in_a_day() -> Millis {
    now_millis() + 86_400_000
}

/// An owner's workspace with an editor, a reviewer and a viewer (all joined through
/// invitations), one document, and a stranger with a workspace of their own.
struct Team {
    store: Arc<dyn Store>,
    owner: User,
    editor: User,
    reviewer: User,
    viewer: User,
    stranger: User,
    workspace: Workspace,
    strangers_workspace: Workspace,
    document: Document,
}

async fn team(db: &TestDb) -> Team {
    let store = db.open().await;
    let owner = user(&*store, "owner@example.com").await;
    let editor = user(&*store, "editor@example.com").await;
    let reviewer = user(&*store, "reviewer@example.com").await;
    let viewer = user(&*store, "viewer@example.com").await;
    let stranger = user(&*store, "stranger@example.com").await;
    let workspace = store
        .create_workspace(owner.id, "Grocery team")
        .await
        .expect("workspace");
    for (member, role) in [
        (&editor, Role::Editor),
        (&reviewer, Role::Reviewer),
        (&viewer, Role::Viewer),
    ] {
        let (_, secret) = store
            .create_invitation(owner.id, workspace.id, &member.email, role, in_a_day())
            .await
            .expect("invite");
        let joined = store
            .accept_invitation(secret.expose(), member.id)
            .await
            .expect("accept");
        assert_eq!(joined.role, role);
    }
    let strangers_workspace = store
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
        reviewer,
        viewer,
        stranger,
        workspace,
        strangers_workspace,
        document,
    }
}

fn is_not_found<T: std::fmt::Debug>(result: &Result<T>) -> bool {
    matches!(result, Err(StoreError::NotFound))
}

async fn accounts_are_unique_by_email_ignoring_case(db: TestDb) {
    let store = db.open().await;
    assert_eq!(store.user_count().await.expect("count"), 0);
    let dana = user(&*store, "Dana.Lee@Example.com").await;
    assert_eq!(dana.email, "Dana.Lee@Example.com");
    assert_eq!(store.user_count().await.expect("count"), 1);

    let again = store
        .create_user(NewUser {
            email: "dana.lee@EXAMPLE.COM",
            display_name: "Other Dana",
            password_hash: HASH,
        })
        .await;
    assert!(matches!(again, Err(StoreError::Duplicate(_))), "{again:?}");

    let (found, hash) = store
        .credentials("  DANA.LEE@example.com ")
        .await
        .expect("credentials");
    assert_eq!(found, dana);
    assert_eq!(hash.as_str(), HASH);
    assert!(!format!("{hash:?}").contains("argon2"));
    assert!(is_not_found(&store.credentials("nobody@example.com").await));
    assert_eq!(store.user(dana.id).await.expect("user"), dana);
    assert!(is_not_found(&store.user(UserId(12345)).await));

    store
        .set_password_hash(dana.id, "$argon2id$new")
        .await
        .expect("set hash");
    let (_, hash) = store
        .credentials("dana.lee@example.com")
        .await
        .expect("credentials");
    assert_eq!(hash.as_str(), "$argon2id$new");
    assert!(is_not_found(
        &store.set_password_hash(UserId(777), "$x").await
    ));

    for (email, name) in [("not an email", "X"), ("x@example.com", "   ")] {
        let refused = store
            .create_user(NewUser {
                email,
                display_name: name,
                password_hash: HASH,
            })
            .await;
        assert!(
            matches!(refused, Err(StoreError::Invalid(_))),
            "{refused:?}"
        );
    }
}

async fn sessions_expire_and_end_on_sign_out(db: TestDb) {
    let store = db.open().await;
    let dana = user(&*store, "dana@example.com").await;
    let live = store
        .create_session(dana.id, in_a_day())
        .await
        .expect("session");
    let session = store.session(live.expose()).await.expect("live session");
    assert_eq!(session.user, dana.id);
    assert!(session.expires_at > now_millis());

    let expired = store
        .create_session(dana.id, now_millis() - 1)
        .await
        .expect("session");
    assert!(is_not_found(&store.session(expired.expose()).await));
    let short = store
        .create_session(dana.id, now_millis() + 150)
        .await
        .expect("session");
    assert!(store.session(short.expose()).await.is_ok());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(is_not_found(&store.session(short.expose()).await));

    // Only the hash is stored: presenting the hash itself is not a session.
    assert!(is_not_found(
        &store.session(&sha256_hex(live.expose())).await
    ));
    assert!(is_not_found(&store.session("").await));

    assert_eq!(store.purge_expired_sessions().await.expect("purge"), 2);
    assert!(store.session(live.expose()).await.is_ok());

    store.delete_session(live.expose()).await.expect("sign out");
    assert!(is_not_found(&store.session(live.expose()).await));
    store
        .delete_session(live.expose())
        .await
        .expect("signing out twice is fine");

    let a = store.create_session(dana.id, in_a_day()).await.expect("a");
    let b = store.create_session(dana.id, in_a_day()).await.expect("b");
    assert_eq!(
        store.delete_user_sessions(dana.id).await.expect("end all"),
        2
    );
    assert!(is_not_found(&store.session(a.expose()).await));
    assert!(is_not_found(&store.session(b.expose()).await));
    assert!(is_not_found(
        &store.create_session(UserId(4242), in_a_day()).await
    ));
}

async fn tokens_are_stored_hashed_scoped_and_revocable(db: TestDb) {
    let store = db.open().await;
    let dana = user(&*store, "dana@example.com").await;
    let lee = user(&*store, "lee@example.com").await;
    let (laptop, secret) = store
        .create_token(dana.id, "laptop", TokenScope::Write)
        .await
        .expect("token");
    let (ci, _ci_secret) = store
        .create_token(dana.id, "CI", TokenScope::Read)
        .await
        .expect("token");
    assert!(secret.expose().starts_with("prfaq_pat_"));
    assert!(!format!("{secret:?}").contains(secret.expose()));

    let found = store.token(secret.expose()).await.expect("lookup");
    assert_eq!(found.id, laptop.id);
    assert_eq!(found.user, dana.id);
    assert_eq!(found.scope, TokenScope::Write);
    assert!(found.last_used_at.is_some());
    // The stored value does not authenticate; neither does a near miss.
    assert!(is_not_found(
        &store.token(&sha256_hex(secret.expose())).await
    ));
    let near = format!("{}0", &secret.expose()[..secret.expose().len() - 1]);
    if near != secret.expose() {
        assert!(is_not_found(&store.token(&near).await));
    }

    let listed = store.tokens(dana.id).await.expect("list");
    let ids: HashSet<TokenId> = listed.iter().map(|token| token.id).collect();
    assert_eq!(ids, HashSet::from([laptop.id, ci.id]));
    assert!(store.tokens(lee.id).await.expect("list").is_empty());

    // Someone else's token cannot be revoked, or even confirmed to exist.
    assert!(is_not_found(&store.revoke_token(lee.id, laptop.id).await));
    store
        .revoke_token(dana.id, laptop.id)
        .await
        .expect("revoke");
    assert!(is_not_found(&store.token(secret.expose()).await));
    let listed = store.tokens(dana.id).await.expect("list");
    let revoked = listed
        .iter()
        .find(|token| token.id == laptop.id)
        .expect("still listed");
    assert!(revoked.revoked_at.is_some());
    store
        .revoke_token(dana.id, laptop.id)
        .await
        .expect("revoking twice is fine");
    assert!(matches!(
        store.create_token(dana.id, "  ", TokenScope::Read).await,
        Err(StoreError::Invalid(_))
    ));
}

async fn sign_in_failures_are_counted_per_account_and_address(db: TestDb) {
    let store = db.open().await;
    let start = now_millis();
    for _ in 0..3 {
        store
            .record_sign_in_failure("Dana@Example.com", "10.0.0.1")
            .await
            .expect("record");
    }
    for _ in 0..2 {
        store
            .record_sign_in_failure("lee@example.com", "10.0.0.1")
            .await
            .expect("record");
    }
    store
        .record_sign_in_failure("dana@example.com", "10.0.0.2")
        .await
        .expect("record");
    let counts = store
        .sign_in_failures("dana@example.com", "10.0.0.1", start - 1)
        .await
        .expect("count");
    assert_eq!((counts.pair, counts.address), (3, 5));
    let (pair_last, address_last) = (
        counts.pair_last.expect("newest of the pair"),
        counts.address_last.expect("newest of the address"),
    );
    assert!(start <= pair_last && pair_last <= address_last && address_last <= now_millis());
    let other = store
        .sign_in_failures("dana@example.com", "10.0.0.2", start - 1)
        .await
        .expect("count");
    assert_eq!((other.pair, other.address), (1, 1));
    let later = store
        .sign_in_failures("dana@example.com", "10.0.0.1", now_millis() + 1000)
        .await
        .expect("count");
    assert_eq!(later, SignInFailures::default());

    // A sign-in from one address forgets that pair only.
    store
        .clear_sign_in_failures("DANA@example.com", "10.0.0.1")
        .await
        .expect("clear");
    let counts = store
        .sign_in_failures("dana@example.com", "10.0.0.1", start - 1)
        .await
        .expect("count");
    assert_eq!((counts.pair, counts.pair_last), (0, None));
    assert_eq!(counts.address, 2);
    let other = store
        .sign_in_failures("dana@example.com", "10.0.0.2", start - 1)
        .await
        .expect("count");
    assert_eq!(other.pair, 1);
    assert_eq!(
        store
            .purge_sign_in_failures(now_millis() + 1)
            .await
            .expect("purge"),
        3
    );
}

async fn strangers_cannot_tell_a_document_exists(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let stranger = t.stranger.id;
    let doc = t.document.id;
    let missing = DocumentId(doc.0 ^ 1);

    // Each probe, on the real document and on one that does not exist: same answer.
    for id in [doc, missing] {
        let save = SaveRevision {
            base: Some(1),
            body: "mine now",
            note: "",
        };
        let answers: Vec<(&str, Result<()>)> = vec![
            ("document", s.document(stranger, id).await.map(drop)),
            ("revisions", s.revisions(stranger, id).await.map(drop)),
            ("revision", s.revision(stranger, id, 1).await.map(drop)),
            ("latest", s.latest_revision(stranger, id).await.map(drop)),
            ("save", s.save_revision(stranger, id, save).await.map(drop)),
            (
                "submit",
                s.submit_revision(stranger, id, save).await.map(drop),
            ),
            (
                "restore",
                s.restore_revision(stranger, id, 1, None).await.map(drop),
            ),
            (
                "rename",
                s.rename_document(stranger, id, "x").await.map(drop),
            ),
            (
                "status",
                s.change_status(stranger, id, Status::Declined, "no")
                    .await
                    .map(drop),
            ),
            (
                "archive",
                s.set_archived(stranger, id, true).await.map(drop),
            ),
        ];
        for (what, answer) in answers {
            assert!(is_not_found(&answer), "{what} on {id:?}: {answer:?}");
        }
    }
    let ws = t.workspace.id;
    assert!(is_not_found(
        &s.documents(stranger, ws, &DocumentQuery::default()).await
    ));
    assert!(is_not_found(&s.workspace(stranger, ws).await));
    assert!(is_not_found(&s.members(stranger, ws).await));
    assert!(is_not_found(&s.invitations(stranger, ws).await));
    assert!(is_not_found(
        &s.create_document(
            stranger,
            ws,
            NewDocument {
                title: "Planted",
                body: "",
                note: ""
            }
        )
        .await
    ));
    assert_eq!(s.role_of(stranger, ws).await.expect("role"), None);

    // Nothing the stranger tried changed anything.
    let after = s.document(t.owner.id, doc).await.expect("owner sees it");
    assert_eq!(after, t.document);
    assert_eq!(
        s.revisions(t.owner.id, doc).await.expect("history").len(),
        1
    );

    // And the stranger's own workspace does not show the team's document.
    let theirs = s
        .documents(
            stranger,
            t.strangers_workspace.id,
            &DocumentQuery::default(),
        )
        .await
        .expect("own list");
    assert!(theirs.is_empty());
    let memberships = s.workspaces_of(stranger).await.expect("workspaces");
    assert_eq!(memberships.len(), 1);
    assert_eq!(memberships[0].workspace, t.strangers_workspace);
    // Ids that are not ids are missing documents too.
    assert!(matches!(
        "x'1".parse::<DocumentId>(),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        "-3".parse::<DocumentId>(),
        Err(StoreError::NotFound)
    ));
}

/// `session_user` and `document_page` fold several reads into one query each; they must
/// answer exactly as the reads they replace, and check access the same way.
async fn the_page_queries_answer_as_the_single_ones(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let live = s
        .create_session(t.viewer.id, in_a_day())
        .await
        .expect("session");
    let (session, user) = s.session_user(live.expose()).await.expect("session user");
    assert_eq!(session, s.session(live.expose()).await.expect("session"));
    assert_eq!(user, t.viewer);
    let expired = s
        .create_session(t.viewer.id, now_millis() - 1)
        .await
        .expect("session");
    assert!(is_not_found(&s.session_user(expired.expose()).await));
    s.delete_session(live.expose()).await.expect("sign out");
    assert!(is_not_found(&s.session_user(live.expose()).await));
    assert!(is_not_found(&s.session_user("no such secret").await));

    let doc = t.document.id;
    let save = SaveRevision {
        base: Some(1),
        body: "# Quick Reorder\n\nSecond draft.\n",
        note: "second",
    };
    s.save_revision(t.editor.id, doc, save).await.expect("save");
    for (member, role) in [
        (&t.owner, Role::Owner),
        (&t.editor, Role::Editor),
        (&t.reviewer, Role::Reviewer),
        (&t.viewer, Role::Viewer),
    ] {
        let page = s.document_page(member.id, doc).await.expect("page");
        assert_eq!(page.role, role);
        assert_eq!(
            page.document,
            s.document(member.id, doc).await.expect("doc")
        );
        assert_eq!(page.workspace, t.workspace);
        assert_eq!(
            page.latest,
            s.latest_revision(member.id, doc).await.expect("latest")
        );
        assert_eq!(page.latest.meta.number, 2);
        assert_eq!(page.latest.meta.author, t.editor.id);
        let (document, access_role) = s.document_access(member.id, doc).await.expect("access");
        assert_eq!((&document, access_role), (&page.document, role));
    }
    assert!(is_not_found(&s.document_access(t.stranger.id, doc).await));
    assert!(is_not_found(
        &s.document_access(t.owner.id, DocumentId(doc.0 ^ 1)).await
    ));
    assert!(is_not_found(&s.document_page(t.stranger.id, doc).await));
    assert!(is_not_found(
        &s.document_page(t.owner.id, DocumentId(doc.0 ^ 1)).await
    ));
}

async fn roles_decide_who_may_do_what(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    let ws = t.workspace.id;
    // (who, may read, may review, may edit, may manage)
    let table = [
        (&t.owner, Role::Owner, true, true, true),
        (&t.editor, Role::Editor, true, true, false),
        (&t.reviewer, Role::Reviewer, true, false, false),
        (&t.viewer, Role::Viewer, false, false, false),
    ];
    for (who, role, may_review, may_edit, may_manage) in table {
        let id = who.id;
        assert_eq!(s.role_of(id, ws).await.expect("role"), Some(role));
        // Every member reads.
        assert!(s.document(id, doc).await.is_ok(), "{role} reads");
        assert!(s.latest_revision(id, doc).await.is_ok(), "{role} reads");
        assert!(s.revisions(id, doc).await.is_ok(), "{role} reads");
        assert!(s.members(id, ws).await.is_ok(), "{role} sees members");
        let listed = s
            .documents(id, ws, &DocumentQuery::default())
            .await
            .expect("list");
        assert_eq!(listed.len(), 1, "{role} lists");

        let expect = |allowed: bool, result: Result<()>, what: &str| {
            if allowed {
                assert!(result.is_ok(), "{role} may {what}: {result:?}");
            } else {
                assert!(
                    matches!(result, Err(StoreError::Forbidden)),
                    "{role} may not {what}: {result:?}"
                );
            }
        };
        // Commenting is reviewing; deciding the status is the owner's (or the creator's).
        let thread = thread_on(quote("First draft."), "Why draft?", false);
        let commented = s.add_thread(id, doc, thread).await.map(drop);
        expect(may_review, commented, "comment");
        let status = s
            .change_status(id, doc, Status::Declined, "not now")
            .await
            .map(drop);
        expect(may_manage, status, "decide the status");
        if may_manage {
            s.change_status(id, doc, Status::Draft, "again")
                .await
                .expect("back to draft");
        }
        let save = SaveRevision {
            base: None,
            body: "edited",
            note: "",
        };
        let saved = s.save_revision(id, doc, save).await.map(drop);
        expect(may_edit, saved, "save");
        // A stale base does not tell a member who may not edit what changed.
        let stale = SaveRevision {
            base: Some(0),
            ..save
        };
        let submitted = s.submit_revision(id, doc, stale).await.map(drop);
        expect(may_edit, submitted, "submit");
        let renamed = s.rename_document(id, doc, "Quick Reorder").await.map(drop);
        expect(may_edit, renamed, "rename");
        let archived = s.set_archived(id, doc, false).await.map(drop);
        expect(may_edit, archived, "archive");
        let restored = s.restore_revision(id, doc, 1, None).await.map(drop);
        expect(may_edit, restored, "restore");
        let created = s
            .create_document(
                id,
                ws,
                NewDocument {
                    title: "Another",
                    body: "",
                    note: "",
                },
            )
            .await
            .map(drop);
        expect(may_edit, created, "create documents");
        if may_edit {
            // Keep the list at one document for the next role's check.
            let extra = s
                .documents(id, ws, &DocumentQuery::default())
                .await
                .expect("list")
                .into_iter()
                .find(|d| d.title == "Another")
                .expect("created");
            s.set_archived(id, extra.id, true).await.expect("archive");
        }
        let invited = s
            .create_invitation(id, ws, "new@example.com", Role::Viewer, in_a_day())
            .await
            .map(drop);
        expect(may_manage, invited, "invite");
        let listed = s.invitations(id, ws).await.map(drop);
        expect(may_manage, listed, "list invitations");
        let renamed = s.rename_workspace(id, ws, "Grocery team").await.map(drop);
        expect(may_manage, renamed, "rename the workspace");
        if !may_manage {
            let demote = s.set_role(id, ws, t.owner.id, Role::Viewer).await;
            assert!(matches!(demote, Err(StoreError::Forbidden)), "{demote:?}");
            let remove = s.remove_member(id, ws, t.owner.id).await;
            assert!(matches!(remove, Err(StoreError::Forbidden)), "{remove:?}");
        }
    }
    // A member may leave on their own; afterwards they are a stranger.
    s.remove_member(t.viewer.id, ws, t.viewer.id)
        .await
        .expect("leave");
    assert!(is_not_found(&s.document(t.viewer.id, doc).await));
    // The owner promotes and removes.
    s.set_role(t.owner.id, ws, t.reviewer.id, Role::Editor)
        .await
        .expect("promote");
    assert_eq!(
        s.role_of(t.reviewer.id, ws).await.expect("role"),
        Some(Role::Editor)
    );
    s.remove_member(t.owner.id, ws, t.editor.id)
        .await
        .expect("remove");
    assert!(is_not_found(&s.latest_revision(t.editor.id, doc).await));
    assert!(is_not_found(
        &s.set_role(t.owner.id, ws, t.stranger.id, Role::Owner).await
    ));
}

async fn invitations_admit_only_the_invited_address_once(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let ws = t.workspace.id;
    let newcomer = user(s, "New.Comer@example.com").await;
    let (invitation, secret) = s
        .create_invitation(
            t.owner.id,
            ws,
            "new.comer@EXAMPLE.com",
            Role::Editor,
            in_a_day(),
        )
        .await
        .expect("invite");
    assert_eq!(invitation.workspace_name, "Grocery team");
    let shown = s.invitation(secret.expose()).await.expect("accept page");
    assert_eq!(shown, invitation);
    let open = s.invitations(t.owner.id, ws).await.expect("open");
    assert_eq!(open, vec![invitation.clone()]);

    // A forwarded link does not admit someone else.
    let refused = s.accept_invitation(secret.expose(), t.stranger.id).await;
    assert!(matches!(refused, Err(StoreError::Forbidden)), "{refused:?}");
    assert_eq!(s.role_of(t.stranger.id, ws).await.expect("role"), None);

    let joined = s
        .accept_invitation(secret.expose(), newcomer.id)
        .await
        .expect("accept");
    assert_eq!(joined.workspace.id, ws);
    assert_eq!(joined.role, Role::Editor);
    assert!(is_not_found(
        &s.accept_invitation(secret.expose(), newcomer.id).await
    ));
    assert!(is_not_found(&s.invitation(secret.expose()).await));
    assert!(
        s.invitations(t.owner.id, ws)
            .await
            .expect("open")
            .is_empty()
    );

    // Expired links say so; revoked links are gone.
    let (_, short) = s
        .create_invitation(
            t.owner.id,
            ws,
            "late@example.com",
            Role::Viewer,
            now_millis() + 100,
        )
        .await
        .expect("invite");
    tokio::time::sleep(Duration::from_millis(250)).await;
    let late = user(s, "late@example.com").await;
    assert!(matches!(
        s.invitation(short.expose()).await,
        Err(StoreError::Expired)
    ));
    assert!(matches!(
        s.accept_invitation(short.expose(), late.id).await,
        Err(StoreError::Expired)
    ));
    let (revoked, link) = s
        .create_invitation(t.owner.id, ws, "late@example.com", Role::Viewer, in_a_day())
        .await
        .expect("invite");
    assert!(matches!(
        s.revoke_invitation(t.editor.id, revoked.id).await,
        Err(StoreError::Forbidden)
    ));
    assert!(is_not_found(
        &s.revoke_invitation(t.stranger.id, revoked.id).await
    ));
    s.revoke_invitation(t.owner.id, revoked.id)
        .await
        .expect("revoke");
    assert!(is_not_found(
        &s.accept_invitation(link.expose(), late.id).await
    ));
    assert_eq!(s.role_of(late.id, ws).await.expect("role"), None);
    assert!(matches!(
        s.create_invitation(
            t.owner.id,
            ws,
            "x@example.com",
            Role::Viewer,
            now_millis() - 1
        )
        .await,
        Err(StoreError::Invalid(_))
    ));

    // Someone already in the workspace is raised to a higher invited role, and keeps a
    // higher role of their own.
    let (_, again) = s
        .create_invitation(t.owner.id, ws, &t.viewer.email, Role::Editor, in_a_day())
        .await
        .expect("invite");
    let raised = s
        .accept_invitation(again.expose(), t.viewer.id)
        .await
        .expect("accept");
    assert_eq!(raised.role, Role::Editor);
    assert_eq!(
        s.role_of(t.viewer.id, ws).await.expect("role"),
        Some(Role::Editor)
    );
    let (_, lower) = s
        .create_invitation(t.owner.id, ws, &t.editor.email, Role::Viewer, in_a_day())
        .await
        .expect("invite");
    let kept = s
        .accept_invitation(lower.expose(), t.editor.id)
        .await
        .expect("accept");
    assert_eq!(kept.role, Role::Editor);
    assert_eq!(
        s.role_of(t.editor.id, ws).await.expect("role"),
        Some(Role::Editor)
    );
}

async fn a_workspace_keeps_an_owner(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let ws = t.workspace.id;
    let owner = t.owner.id;
    let demote = s.set_role(owner, ws, owner, Role::Editor).await;
    assert!(matches!(demote, Err(StoreError::Conflict(_))), "{demote:?}");
    let leave = s.remove_member(owner, ws, owner).await;
    assert!(matches!(leave, Err(StoreError::Conflict(_))), "{leave:?}");
    assert_eq!(s.role_of(owner, ws).await.expect("role"), Some(Role::Owner));

    s.set_role(owner, ws, t.editor.id, Role::Owner)
        .await
        .expect("second owner");
    s.set_role(owner, ws, owner, Role::Editor)
        .await
        .expect("now the first may step down");
    let back = s.set_role(t.editor.id, ws, t.editor.id, Role::Viewer).await;
    assert!(matches!(back, Err(StoreError::Conflict(_))), "{back:?}");
}

async fn documents_list_rename_status_archive(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let (ws, owner) = (t.workspace.id, t.owner.id);
    let doc = &t.document;
    assert_eq!(doc.title, "Quick Reorder");
    assert_eq!(doc.status, Status::Draft);
    assert_eq!(doc.current_revision, 1);
    assert_eq!(doc.created_by, owner);
    assert_eq!(doc.created_by_name, "owner");
    assert_eq!(doc.archived_at, None);
    assert_eq!(doc.workspace, ws);

    tokio::time::sleep(Duration::from_millis(5)).await;
    let second = s
        .create_document(
            t.editor.id,
            ws,
            NewDocument {
                title: "  Split a Bill  ",
                body: "# Split a Bill\n",
                note: "",
            },
        )
        .await
        .expect("create");
    assert_eq!(second.title, "Split a Bill");
    let listed = s
        .documents(owner, ws, &DocumentQuery::default())
        .await
        .expect("list");
    let titles: Vec<&str> = listed.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Split a Bill", "Quick Reorder"],
        "newest change first"
    );
    assert_eq!(listed[0].created_by_name, "editor");

    tokio::time::sleep(Duration::from_millis(5)).await;
    let renamed = s
        .rename_document(owner, doc.id, "Quick Reorder 2")
        .await
        .expect("rename");
    assert_eq!(renamed.title, "Quick Reorder 2");
    assert!(renamed.updated_at > doc.updated_at);
    assert!(matches!(
        s.rename_document(owner, doc.id, " \t ").await,
        Err(StoreError::Invalid(_))
    ));
    for (status, reason) in [
        (Status::InReview, "ready for eyes"),
        (Status::Declined, "not this quarter"),
        (Status::Draft, "one more try"),
    ] {
        let changed = s
            .change_status(owner, doc.id, status, reason)
            .await
            .expect("status");
        assert_eq!(changed.status, status);
        assert_eq!(s.document(owner, doc.id).await.expect("get").status, status);
    }

    let archived = s.set_archived(owner, doc.id, true).await.expect("archive");
    let when = archived.archived_at.expect("archived");
    let again = s.set_archived(owner, doc.id, true).await.expect("again");
    assert_eq!(
        again.archived_at,
        Some(when),
        "archiving twice keeps the first time"
    );
    let live = s
        .documents(owner, ws, &DocumentQuery::default())
        .await
        .expect("list");
    assert_eq!(live.len(), 1);
    let all = s
        .documents(
            owner,
            ws,
            &DocumentQuery {
                include_archived: true,
                ..DocumentQuery::default()
            },
        )
        .await
        .expect("list");
    assert_eq!(all.len(), 2);
    // Archived documents stay readable by id.
    assert_eq!(
        s.document(t.viewer.id, doc.id)
            .await
            .expect("get")
            .archived_at,
        Some(when)
    );
    let back = s
        .set_archived(owner, doc.id, false)
        .await
        .expect("unarchive");
    assert_eq!(back.archived_at, None);
}

async fn revisions_save_list_get_restore(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    let editor = t.editor.id;
    let first = s.latest_revision(editor, doc).await.expect("latest");
    assert_eq!(first.meta.number, 1);
    assert_eq!(first.body, "# Quick Reorder\n\nFirst draft.\n");
    assert_eq!(first.meta.note, "created");
    assert_eq!(first.meta.author, t.owner.id);

    let body2 = "# Quick Reorder\n\nSecond draft, with ünïcödé.\n";
    let saved = s
        .save_revision(
            editor,
            doc,
            SaveRevision {
                base: Some(1),
                body: body2,
                note: " tightened ",
            },
        )
        .await
        .expect("save");
    assert_eq!(saved.number, 2);
    assert_eq!(saved.author_name, "editor");
    assert_eq!(saved.note, "tightened");
    assert_eq!(saved.size, body2.len() as i64);
    let document = s.document(editor, doc).await.expect("document");
    assert_eq!(document.current_revision, 2);
    assert!(document.updated_at >= saved.created_at);

    let restored = s
        .restore_revision(editor, doc, 1, Some(2))
        .await
        .expect("restore");
    assert_eq!(restored.number, 3);
    assert_eq!(restored.note, "Restored revision 1");
    let latest = s.latest_revision(editor, doc).await.expect("latest");
    assert_eq!(latest.body, first.body);
    assert_eq!(latest.meta, restored);

    let history = s.revisions(t.viewer.id, doc).await.expect("history");
    let numbers: Vec<i64> = history.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [3, 2, 1], "newest first");
    assert_eq!(history[1], saved);
    assert_eq!(history[2].size, first.body.len() as i64);
    let two = s.revision(t.viewer.id, doc, 2).await.expect("revision 2");
    assert_eq!(two.body, body2);
    assert_eq!(two.meta, saved);
    assert!(is_not_found(&s.revision(editor, doc, 4).await));
    assert!(is_not_found(&s.revision(editor, doc, 0).await));
    assert!(is_not_found(
        &s.restore_revision(editor, doc, 9, None).await
    ));

    // No base: appended without the check (used by `prfaq push --force`).
    let forced = s
        .save_revision(
            editor,
            doc,
            SaveRevision {
                base: None,
                body: "forced",
                note: "",
            },
        )
        .await
        .expect("save");
    assert_eq!(forced.number, 4);
    // An empty text is a legitimate revision.
    let empty = s
        .save_revision(
            editor,
            doc,
            SaveRevision {
                base: Some(4),
                body: "",
                note: "",
            },
        )
        .await
        .expect("save");
    assert_eq!(
        s.revision(editor, doc, empty.number)
            .await
            .expect("get")
            .body,
        ""
    );
}

async fn a_stale_save_writes_nothing(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    let mine = SaveRevision {
        base: Some(1),
        body: "Dana's edit",
        note: "dana",
    };
    s.save_revision(t.owner.id, doc, mine)
        .await
        .expect("first save");
    let before = s.document(t.owner.id, doc).await.expect("document");
    let history_before = s.revisions(t.owner.id, doc).await.expect("history");

    for base in [Some(1), Some(0), Some(3), Some(-5)] {
        let theirs = SaveRevision {
            base,
            body: "Lee's edit, based on an old revision",
            note: "lee",
        };
        let refused = s.save_revision(t.editor.id, doc, theirs).await;
        assert!(
            matches!(refused, Err(StoreError::Stale { current: 2 })),
            "{base:?}: {refused:?}"
        );
        let restore = s.restore_revision(t.editor.id, doc, 1, base).await;
        assert!(
            matches!(restore, Err(StoreError::Stale { current: 2 })),
            "{restore:?}"
        );
        // Submitted, the same save answers with what changed since its base.
        match s.submit_revision(t.editor.id, doc, theirs).await {
            Ok(Submitted::Stale { latest, base_text }) => {
                assert_eq!(latest.meta.number, 2, "{base:?}");
                assert_eq!(latest.body, "Dana's edit");
                assert_eq!(latest.meta.author_name, t.owner.display_name);
                let original =
                    (base == Some(1)).then(|| "# Quick Reorder\n\nFirst draft.\n".to_owned());
                assert_eq!(base_text, original, "{base:?}");
            }
            other => panic!("{base:?}: {other:?}"),
        }
    }
    assert_eq!(s.document(t.owner.id, doc).await.expect("document"), before);
    assert_eq!(
        s.revisions(t.owner.id, doc).await.expect("history"),
        history_before
    );
    let latest = s.latest_revision(t.owner.id, doc).await.expect("latest");
    assert_eq!(latest.body, "Dana's edit");
    assert!(is_not_found(&s.revision(t.owner.id, doc, 3).await));
}

async fn a_submitted_save_answers_as_the_reads_after_it(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    for (number, (who, base, role)) in (2..).zip([
        (&t.owner, Some(1), Role::Owner),
        (&t.editor, Some(2), Role::Editor),
        (&t.editor, None, Role::Editor),
    ]) {
        let save = SaveRevision {
            base,
            body: "A new paragraph.",
            note: "submitted",
        };
        let submitted = s.submit_revision(who.id, doc, save).await.expect("submit");
        let Submitted::Saved {
            revision,
            document,
            role: saved_role,
        } = submitted
        else {
            panic!("{base:?}: {submitted:?}");
        };
        // What the save answered is what reading afterwards finds.
        assert_eq!(saved_role, role);
        assert_eq!(
            (document, saved_role),
            s.document_access(who.id, doc).await.expect("access")
        );
        let history = s.revisions(who.id, doc).await.expect("history");
        assert_eq!(revision, history[0]);
        assert_eq!(revision.author_name, who.display_name);
        assert_eq!(revision.number, number);
    }
}

async fn saves_and_reads_recover_from_lost_connections(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    // Open every connection the store keeps, then cut them all from the server's side
    // (a database restart does the same). SQLite has no server to lose.
    let tasks: Vec<_> = (0..32)
        .map(|i| {
            let store = Arc::clone(&t.store);
            let owner = t.owner.id;
            tokio::spawn(async move {
                let save = SaveRevision {
                    base: None,
                    body: &format!("warm {i}"),
                    note: "",
                };
                store.submit_revision(owner, doc, save).await.expect("save");
                store.document_page(owner, doc).await.expect("page");
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("task");
    }
    if db.kind == Db::Postgres {
        let mut raw = Raw::connect(&db).await;
        raw.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .await
        .expect("terminate");
    }
    // A statement that was on a cut connection fails (it may or may not have been
    // written, so it is not retried); each connection is opened anew after that, so
    // saves and reads work again within as many attempts as the store has connections.
    let before = s.revisions(t.owner.id, doc).await;
    let mut acknowledged = Vec::new();
    let mut failures = 0;
    for attempt in 0..64 {
        let body = format!("after the cut {attempt}");
        let save = SaveRevision {
            base: None,
            body: &body,
            note: "",
        };
        match s.submit_revision(t.owner.id, doc, save).await {
            Ok(Submitted::Saved { revision, .. }) => acknowledged.push((revision.number, body)),
            Ok(stale) => panic!("no base, never stale: {stale:?}"),
            Err(_) => failures += 1,
        }
        if s.document_page(t.owner.id, doc).await.is_err() {
            failures += 1;
        }
    }
    // Every connection the store holds: the pool's, the save lane's (twice as many) and
    // the read lane's (half as many, at least one), as `sql/postgres.rs` opens them.
    let max = Config::default().max_connections as usize;
    let kept = max + 2 * max + (max / 2).max(1);
    assert!(failures <= kept, "{failures} failures (before: {before:?})");
    assert!(acknowledged.len() >= 64 - kept, "{}", acknowledged.len());
    // The pool's connections were cut too: each fails one statement, then reconnects.
    for (number, body) in acknowledged {
        let mut stored = s.revision(t.owner.id, doc, number).await;
        for _ in 0..kept {
            if stored.is_ok() {
                break;
            }
            stored = s.revision(t.owner.id, doc, number).await;
        }
        assert_eq!(stored.expect("stored").body, body);
    }
}

/// A database whose disk can be filled and freed while its store runs. SQLite: the
/// store's writer is capped at the pages it already uses (`PRAGMA max_page_count`, set
/// through the test hook, since SQLite keeps it per connection). PostgreSQL cannot be
/// given a small disk from a test: triggers refuse every new revision and workspace with
/// the error a full disk raises (SQLSTATE 53100 `disk_full`), in the middle of the
/// transaction that writes it.
enum Disk {
    Sqlite(Arc<SqliteStore>),
    Postgres(Raw),
}

impl Disk {
    async fn open(db: &TestDb) -> (Arc<dyn Store>, Disk) {
        match &db.url {
            DatabaseUrl::Sqlite(path) => {
                let store = SqliteStore::open(path, &Config::default())
                    .await
                    .expect("the store opens");
                let store = Arc::new(store);
                (store.clone(), Disk::Sqlite(store))
            }
            DatabaseUrl::Postgres(_) => (db.open().await, Disk::Postgres(Raw::connect(db).await)),
        }
    }

    async fn fill(&mut self) {
        match self {
            Disk::Sqlite(store) => {
                let cap = testing::limit_sqlite_pages(store, Some(1))
                    .await
                    .expect("cap the pages");
                assert!(cap > 1, "the cap is the pages in use: {cap}");
            }
            Disk::Postgres(raw) => {
                raw.execute(
                    "CREATE FUNCTION disk_is_full() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' \
                     USING ERRCODE = 'disk_full'; END $$; \
                     CREATE TRIGGER disk_is_full BEFORE INSERT ON revisions \
                     FOR EACH ROW EXECUTE FUNCTION disk_is_full(); \
                     CREATE TRIGGER disk_is_full BEFORE INSERT ON workspaces \
                     FOR EACH ROW EXECUTE FUNCTION disk_is_full();",
                )
                .await
                .expect("fill the disk");
            }
        }
    }

    async fn free(&mut self) {
        match self {
            Disk::Sqlite(store) => {
                testing::limit_sqlite_pages(store, None)
                    .await
                    .expect("lift the cap");
            }
            Disk::Postgres(raw) => {
                raw.execute(
                    "DROP TRIGGER disk_is_full ON revisions; \
                     DROP TRIGGER disk_is_full ON workspaces",
                )
                .await
                .expect("free the disk");
            }
        }
    }
}

/// A text large enough to need pages of its own in any database.
fn page_filling_text(label: &str) -> String {
    format!(
        "# {label}\n\n{}\n",
        format!("{label}: a line of the draft. ").repeat(400)
    )
}

fn is_full<T: std::fmt::Debug>(result: &Result<T>) -> bool {
    matches!(result, Err(StoreError::StorageFull(_)))
}

async fn a_full_disk_refuses_writes_until_space_is_freed(db: TestDb) {
    let (store, mut disk) = Disk::open(&db).await;
    let s = &*store;
    let owner = user(s, "owner@example.com").await;
    let workspace = s
        .create_workspace(owner.id, "Grocery team")
        .await
        .expect("workspace");
    let first = page_filling_text("First draft");
    let doc = s
        .create_document(
            owner.id,
            workspace.id,
            NewDocument {
                title: "Quick Reorder",
                body: &first,
                note: "created",
            },
        )
        .await
        .expect("document")
        .id;
    let mut acknowledged = vec![(1, first)];
    let mut base = 1;
    disk.fill().await;
    // Saves go on until the disk is full; the first that finds no room says so.
    let refused = loop {
        assert!(acknowledged.len() < 100, "the database never filled up");
        let body = page_filling_text(&format!("Revision {}", base + 1));
        let save = SaveRevision {
            base: Some(base),
            body: &body,
            note: "",
        };
        match s.save_revision(owner.id, doc, save).await {
            Ok(meta) => {
                base = meta.number;
                acknowledged.push((meta.number, body));
            }
            Err(error) => break error,
        }
    };
    assert!(matches!(refused, StoreError::StorageFull(_)), "{refused:?}");
    assert!(refused.to_string().contains("disk is full"), "{refused}");
    // Small writes fill what room is left in the pages. On SQLite the one that finds
    // none fails inside its transaction, and SQLite rolls that whole transaction back
    // itself, which a full disk at commit does too.
    let mut workspaces = 1;
    let refused = loop {
        assert!(workspaces < 5_000, "the database never filled up");
        let name = format!("{workspaces:05} {}", "w".repeat(100));
        match s.create_workspace(owner.id, &name).await {
            Ok(_) => workspaces += 1,
            Err(error) => break error,
        }
    };
    assert!(matches!(refused, StoreError::StorageFull(_)), "{refused:?}");

    // While it is full, every write is refused as a full disk, again and again (never as
    // a writer stuck in a failed transaction): a save, a new document, a restore, a new
    // workspace, and saves that arrive together and are committed as one.
    for attempt in 0..3 {
        let body = page_filling_text(&format!("Refused {attempt}"));
        let save = SaveRevision {
            base: Some(base),
            body: &body,
            note: "",
        };
        let submitted = s.submit_revision(owner.id, doc, save).await;
        assert!(is_full(&submitted), "{attempt}: {submitted:?}");
        let new = NewDocument {
            title: "Refused",
            body: &body,
            note: "",
        };
        let created = s.create_document(owner.id, workspace.id, new).await;
        assert!(is_full(&created), "{attempt}: {created:?}");
        let restored = s.restore_revision(owner.id, doc, 1, Some(base)).await;
        assert!(is_full(&restored), "{attempt}: {restored:?}");
        let name = format!("Refused {attempt} {}", "w".repeat(100));
        let workspace = s.create_workspace(owner.id, &name).await;
        assert!(is_full(&workspace), "{attempt}: {workspace:?}");
    }
    let together: Vec<_> = (0..8)
        .map(|i| {
            let store = Arc::clone(&store);
            let owner = owner.id;
            tokio::spawn(async move {
                let body = page_filling_text(&format!("Together {i}"));
                let save = SaveRevision {
                    base: Some(base),
                    body: &body,
                    note: "",
                };
                store.save_revision(owner, doc, save).await
            })
        })
        .collect();
    for task in together {
        let saved = task.await.expect("task");
        assert!(is_full(&saved), "{saved:?}");
    }

    // Space returns: the very next save and the very next new document succeed, without
    // a restart.
    disk.free().await;
    let body = page_filling_text("Saved after space was freed");
    let save = SaveRevision {
        base: Some(base),
        body: &body,
        note: "after",
    };
    let saved = s
        .save_revision(owner.id, doc, save)
        .await
        .expect("the first save after space returns");
    assert_eq!(saved.number, base + 1);
    acknowledged.push((saved.number, body));
    let new = NewDocument {
        title: "Written after space was freed",
        body: "# Later\n",
        note: "",
    };
    let created = s
        .create_document(owner.id, workspace.id, new)
        .await
        .expect("the first new document after space returns");
    assert_eq!(
        s.latest_revision(owner.id, created.id)
            .await
            .expect("its text")
            .body,
        "# Later\n"
    );

    // Nothing acknowledged was lost, nothing refused was written, and the file is sound.
    let history = s.revisions(owner.id, doc).await.expect("history");
    assert_eq!(history.len(), acknowledged.len());
    for (number, body) in &acknowledged {
        let stored = s.revision(owner.id, doc, *number).await.expect("revision");
        assert_eq!(&stored.body, body, "revision {number}");
    }
    let documents = s
        .documents(owner.id, workspace.id, &DocumentQuery::default())
        .await
        .expect("documents");
    assert_eq!(documents.len(), 2, "{documents:?}");
    let all = s.workspaces_of(owner.id).await.expect("workspaces");
    assert_eq!(
        all.len(),
        workspaces,
        "the refused workspaces were not written"
    );
    if db.kind == Db::Sqlite {
        let mut raw = Raw::connect(&db).await;
        let check = raw
            .strings(
                "SELECT integrity_check FROM pragma_integrity_check WHERE $1 = $1",
                "",
            )
            .await;
        assert_eq!(check, ["ok"]);
    }
}

async fn fifty_concurrent_writers_lose_nothing(db: TestDb) {
    let t = team(&db).await;
    let doc = t.document.id;
    let writers = 50;
    let barrier = Arc::new(tokio::sync::Barrier::new(writers));
    let mut tasks = Vec::new();
    for writer in 0..writers {
        let store = Arc::clone(&t.store);
        let barrier = Arc::clone(&barrier);
        let author = if writer % 2 == 0 {
            t.owner.id
        } else {
            t.editor.id
        };
        tasks.push(tokio::spawn(async move {
            let body = format!("text of writer {writer}");
            let mut base = 1;
            // (base, revision it became) for the acknowledged save; every refusal.
            let mut refusals = Vec::new();
            barrier.wait().await;
            loop {
                let save = SaveRevision {
                    base: Some(base),
                    body: &body,
                    note: "",
                };
                match store.save_revision(author, doc, save).await {
                    Ok(meta) => return (writer, base, meta.number, refusals),
                    Err(StoreError::Stale { current }) => {
                        assert!(current > base, "stale carries a newer revision");
                        refusals.push((base, current));
                        base = current;
                    }
                    Err(other) => panic!("writer {writer}: unexpected {other:?}"),
                }
            }
        }));
    }
    let mut acknowledged = Vec::new();
    let mut first_round_winners = 0;
    for task in tasks {
        let (writer, base, number, refusals) = task.await.expect("writer finished");
        assert_eq!(
            number,
            base + 1,
            "a save becomes the revision after its base"
        );
        if base == 1 {
            first_round_winners += 1;
        }
        acknowledged.push((writer, base, number));
        assert!(refusals.iter().all(|(b, c)| c > b));
    }
    assert_eq!(
        first_round_winners, 1,
        "exactly one of 50 saves on base 1 wins"
    );
    let bases: HashSet<i64> = acknowledged.iter().map(|a| a.1).collect();
    assert_eq!(bases.len(), writers, "exactly one winner per base");

    let s = &*t.store;
    let history = s.revisions(t.owner.id, doc).await.expect("history");
    assert_eq!(
        history.len(),
        writers + 1,
        "revisions = acknowledged saves + the first"
    );
    let numbers: Vec<i64> = history.iter().rev().map(|r| r.number).collect();
    assert_eq!(numbers, (1..=writers as i64 + 1).collect::<Vec<_>>());
    // Every acknowledged save is stored with its own text, under its number.
    for (writer, _, number) in &acknowledged {
        let revision = s.revision(t.owner.id, doc, *number).await.expect("stored");
        assert_eq!(revision.body, format!("text of writer {writer}"));
    }
    let document = s.document(t.owner.id, doc).await.expect("document");
    assert_eq!(document.current_revision, writers as i64 + 1);
}

async fn sql_metacharacters_are_literal_text(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let (ws, owner) = (t.workspace.id, t.owner.id);
    let titles = [
        "'; DROP TABLE documents; --",
        "100% sure",
        "snake_case plans",
        "O'Brien's \"quoted\" idea",
        "back\\slash and $1 and ? and :name",
        "Über ideas",
    ];
    for title in titles {
        let created = s
            .create_document(
                owner,
                ws,
                NewDocument {
                    title,
                    body: title,
                    note: title,
                },
            )
            .await
            .expect("create");
        assert_eq!(created.title, title);
        let latest = s.latest_revision(owner, created.id).await.expect("latest");
        assert_eq!(latest.body, title);
        assert_eq!(latest.meta.note, title);
    }
    let search = |text: &str| {
        let query = DocumentQuery {
            title_contains: Some(text.to_string()),
            include_archived: false,
        };
        async move {
            let mut found: Vec<String> = s
                .documents(owner, ws, &query)
                .await
                .expect("search")
                .into_iter()
                .map(|d| d.title)
                .collect();
            found.sort();
            found
        }
    };
    assert_eq!(search("%").await, ["100% sure"]);
    assert_eq!(search("_").await, ["snake_case plans"]);
    assert_eq!(search("'; DROP").await, ["'; DROP TABLE documents; --"]);
    assert_eq!(
        search("'").await,
        ["'; DROP TABLE documents; --", "O'Brien's \"quoted\" idea"]
    );
    assert_eq!(search("\\").await, ["back\\slash and $1 and ? and :name"]);
    assert_eq!(search("$1").await, ["back\\slash and $1 and ? and :name"]);
    assert_eq!(search("QUICK").await, ["Quick Reorder"]);
    assert_eq!(search("über").await, ["Über ideas"]);
    assert!(search("%%").await.is_empty());
    assert!(search("s_ake").await.is_empty());
    assert_eq!(
        search("   ").await.len(),
        titles.len() + 1,
        "blank search = all"
    );
    // The table is still there, with every document in it.
    let all = s
        .documents(owner, ws, &DocumentQuery::default())
        .await
        .expect("list");
    assert_eq!(all.len(), titles.len() + 1);
    // The same text works as an email address, a workspace name and a token name.
    let odd = "o'brien+%_@example.com";
    let created = user(s, odd).await;
    assert_eq!(s.credentials(odd).await.expect("credentials").0, created);
    assert!(is_not_found(&s.credentials("o'brien+__@example.com").await));
    let named = s
        .create_workspace(created.id, "'; DROP TABLE workspaces; --")
        .await
        .expect("workspace");
    assert_eq!(
        s.workspace(created.id, named.id).await.expect("get").name,
        "'; DROP TABLE workspaces; --"
    );
}

/// A raw connection to the test database, for tests of the schema itself.
enum Raw {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

impl Raw {
    async fn connect(db: &TestDb) -> Raw {
        match db.kind {
            Db::Sqlite => Raw::Sqlite(
                sqlx::SqliteConnection::connect(&db.raw_url)
                    .await
                    .expect("connect"),
            ),
            Db::Postgres => Raw::Postgres(
                sqlx::PgConnection::connect(&db.raw_url)
                    .await
                    .expect("connect"),
            ),
        }
    }

    async fn execute(&mut self, sql: &str) -> Result<u64, sqlx::Error> {
        let sql = sqlx::AssertSqlSafe(sql.to_string());
        match self {
            Raw::Sqlite(conn) => sqlx::raw_sql(sql)
                .execute(conn)
                .await
                .map(|done| done.rows_affected()),
            Raw::Postgres(conn) => sqlx::raw_sql(sql)
                .execute(conn)
                .await
                .map(|done| done.rows_affected()),
        }
    }

    async fn strings(&mut self, sql: &'static str, bind: &str) -> Vec<String> {
        match self {
            Raw::Sqlite(conn) => sqlx::query_scalar(sql)
                .bind(bind)
                .fetch_all(conn)
                .await
                .expect("query"),
            Raw::Postgres(conn) => sqlx::query_scalar(sql)
                .bind(bind)
                .fetch_all(conn)
                .await
                .expect("query"),
        }
    }

    /// The tables (but the migrator's own) and their columns, in column order.
    async fn schema(&mut self, kind: Db) -> BTreeMap<String, Vec<String>> {
        let (tables_sql, columns_sql): (&'static str, &'static str) = match kind {
            Db::Sqlite => (
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE $1",
                "SELECT name FROM pragma_table_info($1) ORDER BY cid",
            ),
            Db::Postgres => (
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = 'public' AND table_name NOT LIKE $1",
                // A generated column (the stored search vector) is derived from the
                // others and computed again when a backup is restored.
                "SELECT column_name::text FROM information_schema.columns \
                 WHERE table_schema = 'public' AND table_name = $1 \
                 AND is_generated = 'NEVER' ORDER BY ordinal_position",
            ),
        };
        let mut schema = BTreeMap::new();
        for table in self.strings(tables_sql, "\\_sqlx%").await {
            // The FTS5 index and its shadow tables are derived from feedback_items,
            // and rebuilt from them when a backup is restored.
            if table.starts_with("sqlite_")
                || table.starts_with("_sqlx")
                || table.starts_with("feedback_fts")
            {
                continue;
            }
            let columns = self.strings(columns_sql, &table).await;
            schema.insert(table, columns);
        }
        schema
    }
}

async fn revisions_are_append_only_in_the_database(db: TestDb) {
    let t = team(&db).await;
    let doc = t.document.id;
    let mut raw = Raw::connect(&db).await;
    let update = raw
        .execute(&format!(
            "UPDATE revisions SET body = 'gone' WHERE document_id = {}",
            doc.0
        ))
        .await;
    assert!(update.is_err(), "a revision cannot be changed: {update:?}");
    let delete = raw
        .execute(&format!(
            "DELETE FROM revisions WHERE document_id = {}",
            doc.0
        ))
        .await;
    assert!(delete.is_err(), "a revision cannot be deleted: {delete:?}");
    let duplicate = raw
        .execute(&format!(
            "INSERT INTO revisions (document_id, number, body, author_id, note, created_at) \
             VALUES ({}, 1, 'again', {}, '', 0)",
            doc.0, t.owner.id.0
        ))
        .await;
    assert!(duplicate.is_err(), "two revisions cannot share a number");
    let latest = t
        .store
        .latest_revision(t.owner.id, doc)
        .await
        .expect("latest");
    assert_eq!(latest.body, "# Quick Reorder\n\nFirst draft.\n");
}

/// Fills every table with rows, including the optional columns.
async fn populate(s: &dyn Store) -> (Populated, Vec<String>) {
    let dana = user(s, "dana@example.com").await;
    let lee = user(s, "lee@example.com").await;
    let ws = s
        .create_workspace(dana.id, "Team")
        .await
        .expect("workspace");
    let (_, link) = s
        .create_invitation(dana.id, ws.id, "lee@example.com", Role::Editor, in_a_day())
        .await
        .expect("invite");
    s.accept_invitation(link.expose(), lee.id)
        .await
        .expect("accept");
    let (_, open_link) = s
        .create_invitation(
            dana.id,
            ws.id,
            "later@example.com",
            Role::Viewer,
            in_a_day(),
        )
        .await
        .expect("invite");
    let (revoked, _) = s
        .create_invitation(dana.id, ws.id, "no@example.com", Role::Viewer, in_a_day())
        .await
        .expect("invite");
    s.revoke_invitation(dana.id, revoked.id)
        .await
        .expect("revoke");
    let session = s
        .create_session(dana.id, in_a_day())
        .await
        .expect("session");
    let (_, token) = s
        .create_token(lee.id, "laptop", TokenScope::Write)
        .await
        .expect("token");
    s.token(token.expose()).await.expect("used once");
    let (old, _) = s
        .create_token(lee.id, "old", TokenScope::Read)
        .await
        .expect("token");
    s.revoke_token(lee.id, old.id).await.expect("revoke");
    s.record_sign_in_failure("dana@example.com", "10.1.2.3")
        .await
        .expect("failure");
    let doc = s
        .create_document(
            dana.id,
            ws.id,
            NewDocument {
                title: "Quick Reorder — “quotes” & ünïcödé '; --",
                body: "# Quick Reorder\n\nLine one.\r\nLine two\t🙂 \u{7f}?\n",
                note: "created",
            },
        )
        .await
        .expect("document");
    s.save_revision(
        lee.id,
        doc.id,
        SaveRevision {
            base: Some(1),
            body: "second",
            note: "lee's note",
        },
    )
    .await
    .expect("save");
    populate_review(s, &dana, &lee, doc.id).await;
    populate_evidence(s, &dana, doc.id).await;
    outcomes::populate_outcomes(s, &lee, doc.id).await;
    let archived = s
        .create_document(
            lee.id,
            ws.id,
            NewDocument {
                title: "Old idea",
                body: "",
                note: "",
            },
        )
        .await
        .expect("document");
    s.set_archived(lee.id, archived.id, true)
        .await
        .expect("archive");
    let secrets = vec![
        session.expose().to_string(),
        token.expose().to_string(),
        open_link.expose().to_string(),
    ];
    (
        Populated {
            dana,
            lee,
            doc: doc.id,
            session: session.expose().to_string(),
            token: token.expose().to_string(),
            link: open_link.expose().to_string(),
        },
        secrets,
    )
}

struct Populated {
    dana: User,
    lee: User,
    doc: DocumentId,
    session: String,
    token: String,
    link: String,
}

/// The table lines of a backup file: everything but the header with its time stamp.
fn tables_of(text: &str) -> Vec<String> {
    text.lines().skip(1).map(str::to_string).collect()
}

async fn backup_restore_round_trips_every_table(db: TestDb) {
    let store = db.open().await;
    let (team, secrets) = populate(&*store).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("backup.jsonl");
    let summary = store.backup(&file).await.expect("backup");
    assert_eq!(summary.schema_version, testing::LATEST_SCHEMA);
    let tables: Vec<&str> = summary.tables.iter().map(|(t, _)| t.as_str()).collect();
    let expected: Vec<&str> = testing::backup_tables().iter().map(|(t, _)| *t).collect();
    assert_eq!(tables, expected);
    assert!(
        summary.tables.iter().all(|(_, rows)| *rows > 0),
        "populate fills every table: {summary:?}"
    );
    let text = std::fs::read_to_string(&file).expect("read backup");
    for secret in &secrets {
        assert!(
            !text.contains(secret.as_str()),
            "a secret leaked into the backup"
        );
        assert!(
            text.contains(&sha256_hex(secret)),
            "the hash is what is kept"
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "only the owner may read a backup");
    }

    // Into a fresh database of the same kind, and of the other kind when it is there.
    let mut targets = vec![TestDb::new(db.kind).await.expect("same kind")];
    if let Some(other) = TestDb::new(db.kind.other()).await {
        targets.push(other);
    }
    for target in targets {
        let restored = target.open().await;
        let loaded = restored.restore(&file).await.expect("restore");
        assert_eq!(loaded.tables, summary.tables);
        let again = dir.path().join(format!("again-{:?}.jsonl", target.kind));
        restored.backup(&again).await.expect("backup again");
        let text_again = std::fs::read_to_string(&again).expect("read");
        assert_eq!(
            tables_of(&text_again),
            tables_of(&text),
            "{:?} → {:?}: every row of every table comes back",
            db.kind,
            target.kind
        );
        // And the data works, not just compares.
        let session = restored.session(&team.session).await.expect("session");
        assert_eq!(session.user, team.dana.id);
        let token = restored.token(&team.token).await.expect("token");
        assert_eq!(token.user, team.lee.id);
        let invitation = restored.invitation(&team.link).await.expect("invitation");
        assert_eq!(invitation.email, "later@example.com");
        let (user, _) = restored
            .credentials("DANA@example.com")
            .await
            .expect("user");
        assert_eq!(user, team.dana);
        let original = store
            .latest_revision(team.dana.id, team.doc)
            .await
            .expect("a");
        let copy = restored
            .latest_revision(team.dana.id, team.doc)
            .await
            .expect("b");
        assert_eq!(copy, original);
        assert_eq!(
            restored
                .revision(team.lee.id, team.doc, 1)
                .await
                .expect("r1"),
            store.revision(team.lee.id, team.doc, 1).await.expect("r1")
        );
        let review = restored
            .review(team.lee.id, team.doc)
            .await
            .expect("review");
        assert_eq!(
            review,
            store.review(team.lee.id, team.doc).await.expect("review")
        );
        assert_eq!(review.threads.len(), 3);
        assert_eq!(review.credits.len(), 1);
        let next = restored
            .save_revision(
                team.lee.id,
                team.doc,
                SaveRevision {
                    // Revision 3 is the accepted suggestion of `populate_review`.
                    base: Some(3),
                    body: "after restore",
                    note: "",
                },
            )
            .await
            .expect("save after restore");
        assert_eq!(next.number, 4);
        restored.close().await;
    }
}

async fn restore_is_all_or_nothing_into_an_empty_database(db: TestDb) {
    let store = db.open().await;
    populate(&*store).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("backup.jsonl");
    store.backup(&file).await.expect("backup");

    // Not into a database that has data.
    let refused = store.restore(&file).await;
    assert!(
        matches!(refused, Err(StoreError::Conflict(_))),
        "{refused:?}"
    );

    let target = TestDb::new(db.kind).await.expect("same kind");
    let empty = target.open().await;
    // A file whose users are missing breaks references halfway: nothing stays.
    let text = std::fs::read_to_string(&file).expect("read");
    let mut broken = Vec::new();
    let mut skipping = false;
    for line in text.lines() {
        if line.starts_with("{\"table\":") {
            skipping = line.starts_with("{\"table\":\"users\"");
        }
        if !skipping {
            broken.push(line);
        }
    }
    let broken_file = dir.path().join("broken.jsonl");
    std::fs::write(&broken_file, broken.join("\n") + "\n").expect("write");
    assert!(empty.restore(&broken_file).await.is_err());
    // A file cut short is refused before anything is written.
    let cut_file = dir.path().join("cut.jsonl");
    let lines: Vec<&str> = text.lines().collect();
    let half = lines[..lines.len() / 2].join("\n") + "\n";
    std::fs::write(&cut_file, half).expect("write");
    let cut = empty.restore(&cut_file).await;
    assert!(matches!(cut, Err(StoreError::Backup { .. })), "{cut:?}");

    let check = dir.path().join("check.jsonl");
    let summary = empty.backup(&check).await.expect("backup");
    assert!(
        summary.tables.iter().all(|(_, rows)| *rows == 0),
        "a failed restore leaves nothing: {summary:?}"
    );
    assert_eq!(empty.user_count().await.expect("count"), 0);
    // The good file still loads afterwards.
    empty.restore(&file).await.expect("restore");
    assert_eq!(empty.user_count().await.expect("count"), 2);
}

async fn backups_are_consistent_while_saves_go_on(db: TestDb) {
    let t = team(&db).await;
    let stop = Arc::new(AtomicBool::new(false));
    let saved = Arc::new(AtomicUsize::new(0));
    let mut writers = Vec::new();
    for writer in 0..4 {
        let store = Arc::clone(&t.store);
        let stop = Arc::clone(&stop);
        let saved = Arc::clone(&saved);
        let (owner, workspace) = (t.owner.id, t.workspace.id);
        writers.push(tokio::spawn(async move {
            let doc = store
                .create_document(
                    owner,
                    workspace,
                    NewDocument {
                        title: &format!("Busy {writer}"),
                        body: "",
                        note: "",
                    },
                )
                .await
                .expect("document");
            let mut saves = 0;
            while !stop.load(Ordering::SeqCst) {
                let save = SaveRevision {
                    base: None,
                    body: "more words",
                    note: "",
                };
                store
                    .save_revision(owner, doc.id, save)
                    .await
                    .expect("save");
                saves += 1;
                saved.fetch_add(1, Ordering::SeqCst);
            }
            saves
        }));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    for n in 0..8 {
        // Let the writers get going (and keep going) between backups.
        let target = (n + 1) * 20;
        while saved.load(Ordering::SeqCst) < target {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let file = dir.path().join(format!("busy-{n}.jsonl"));
        t.store.backup(&file).await.expect("backup while saving");
        files.push(file);
    }
    stop.store(true, Ordering::SeqCst);
    for writer in writers {
        writer.await.expect("writer");
    }
    // Each backup is one snapshot: every document's revision count matches the
    // current revision it records, so the restored copy has no gaps and no extras.
    for file in files {
        let target = TestDb::new(db.kind).await.expect("same kind");
        let restored = target.open().await;
        restored.restore(&file).await.expect("restore");
        let documents = restored
            .documents(
                t.owner.id,
                t.workspace.id,
                &DocumentQuery {
                    include_archived: true,
                    ..DocumentQuery::default()
                },
            )
            .await
            .expect("list");
        for document in documents {
            let history = restored
                .revisions(t.owner.id, document.id)
                .await
                .expect("history");
            assert_eq!(
                history.len() as i64,
                document.current_revision,
                "{}: {file:?}",
                document.title
            );
        }
        restored.close().await;
    }
}

async fn backup_covers_every_table_and_column(db: TestDb) {
    let store = db.open().await;
    store.close().await;
    let mut raw = Raw::connect(&db).await;
    let live = raw.schema(db.kind).await;
    let covered: BTreeMap<String, Vec<String>> = testing::backup_tables()
        .into_iter()
        .map(|(table, columns)| {
            (
                table.to_string(),
                columns.into_iter().map(str::to_string).collect(),
            )
        })
        .collect();
    assert_eq!(
        covered, live,
        "a migration added a table or column that backups do not cover"
    );
}

/// Rows as schema 1 stored them, written with the SQL of schema 1. This text is frozen:
/// it is what an old database holds, whatever later migrations do.
const SCHEMA_1_DATA: &str = "
    INSERT INTO users (id, email, email_key, display_name, password_hash, created_at)
        VALUES (11, 'Dana@Example.com', 'dana@example.com', 'Dana', '$argon2id$old', 1700000000000);
    INSERT INTO users (id, email, email_key, display_name, password_hash, created_at)
        VALUES (12, 'lee@example.com', 'lee@example.com', 'Lee', '$argon2id$old2', 1700000000001);
    INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at)
        VALUES ('ab12', 11, 1700000000000, 4102444800000, 1700000000000);
    INSERT INTO workspaces (id, name, created_at) VALUES (21, 'Old team', 1700000000000);
    INSERT INTO memberships (workspace_id, user_id, role, created_at)
        VALUES (21, 11, 'owner', 1700000000000);
    INSERT INTO memberships (workspace_id, user_id, role, created_at)
        VALUES (21, 12, 'viewer', 1700000000000);
    INSERT INTO documents (id, workspace_id, title, status, archived_at, created_by,
                           created_at, updated_at, current_revision)
        VALUES (31, 21, 'Old plan', 'in-review', NULL, 11, 1700000000000, 1700000000002, 2);
    INSERT INTO revisions (document_id, number, body, author_id, note, created_at)
        VALUES (31, 1, 'first words', 11, 'created', 1700000000000);
    INSERT INTO revisions (document_id, number, body, author_id, note, created_at)
        VALUES (31, 2, 'second words', 11, '', 1700000000002);
";

/// Customer evidence as schema 10 stored it (the content key as 32 hex digits, the
/// full-text index kept by an insert trigger), with the SQL of schema 10. Frozen.
const SCHEMA_10_EVIDENCE: &str = "
    INSERT INTO users (id, email, email_key, display_name, password_hash, created_at)
        VALUES (11, 'dana@example.com', 'dana@example.com', 'Dana', '$argon2id$old', 1700000000000);
    INSERT INTO workspaces (id, name, created_at) VALUES (21, 'Old team', 1700000000000);
    INSERT INTO memberships (workspace_id, user_id, role, created_at)
        VALUES (21, 11, 'owner', 1700000000000);
    INSERT INTO documents (id, workspace_id, title, status, archived_at, created_by,
                           created_at, updated_at, current_revision)
        VALUES (31, 21, 'Old plan', 'draft', NULL, 11, 1700000000000, 1700000000000, 1);
    INSERT INTO revisions (document_id, number, body, author_id, note, created_at)
        VALUES (31, 1, 'first words', 11, 'created', 1700000000000);
    INSERT INTO evidence_sources (id, workspace_id, name, mapping, created_at)
        VALUES (41, 21, 'zendesk', '', 1700000000000);
    INSERT INTO evidence_customers (id, workspace_id, label, created_at)
        VALUES (51, 21, 'a@example.com', 1700000000000);
    INSERT INTO evidence_identities (workspace_id, identity, customer_id)
        VALUES (21, 'email:a@example.com', 51);
    INSERT INTO feedback_items (id, workspace_id, source_id, customer_id, content_key, text,
                                title, day, rating, score, link, external_id, line, created_at)
        VALUES (61, 21, 41, 51, '00112233445566778899aabbccddeeff', 'The delivery was late again',
                NULL, '2026-01-10', '1', 100, NULL, NULL, 2, 1700000000000);
    INSERT INTO evidence_links (id, document_id, claim_kind, claim_text, feedback_id, importance,
                                quote, customer_id, customer, created_by, created_at)
        VALUES (71, 31, 'problem', 'Deliveries are late', 61, 'important',
                'The delivery was late again', 51, 'a@example.com', 11, 1700000000000);
";

async fn upgrade_to_schema_11_converts_feedback(db: TestDb) {
    testing::migrate_to(&db.url, 10).await.expect("schema 10");
    let mut raw = Raw::connect(&db).await;
    raw.execute(SCHEMA_10_EVIDENCE)
        .await
        .expect("schema 10 data");

    let store = db.open().await;
    let (dana, ws) = (UserId(11), WorkspaceId(21));
    let items = store.theme_items(dana, ws, 10).await.expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].content_key, "00112233445566778899aabbccddeeff");
    let query = FeedbackQuery {
        text: "late delivery".to_string(),
        limit: 10,
        ..FeedbackQuery::default()
    };
    let hits = store
        .search_feedback(dana, ws, &query)
        .await
        .expect("search");
    assert_eq!(hits.len(), 1, "the full-text index kept the row: {hits:?}");
    assert_eq!(hits[0].customer.as_deref(), Some("a@example.com"));
    let links = store
        .evidence_links(dana, DocumentId(31))
        .await
        .expect("links");
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].feedback, FeedbackId(61));

    // The converted key still makes a re-import a duplicate; a new key is a new item.
    let again = NewFeedback {
        content_key: "00112233445566778899AABBCCDDEEFF".to_string(),
        text: "The delivery was late again".to_string(),
        title: None,
        day: None,
        rating: None,
        score: None,
        link: None,
        external_id: None,
        line: 2,
        source: None,
        identities: vec!["email:a@example.com".to_string()],
        customer: Some("a@example.com".to_string()),
    };
    let fresh = NewFeedback {
        content_key: "ffeeddccbbaa99887766554433221100".to_string(),
        text: "Late delivery, cold soup".to_string(),
        line: 3,
        ..again.clone()
    };
    let imported = store
        .import_feedback(
            dana,
            ws,
            ImportBatch {
                source: "zendesk",
                mapping: None,
                items: &[again, fresh],
            },
        )
        .await
        .expect("import");
    assert_eq!((imported.imported, imported.duplicates), (1, 1));
    let hits = store
        .search_feedback(dana, ws, &query)
        .await
        .expect("search");
    assert_eq!(hits.len(), 2, "{hits:?}");

    // Deleting the customer removes the item, its link and its index entry.
    store
        .delete_customer_feedback(dana, ws, "email:a@example.com")
        .await
        .expect("delete");
    assert!(
        store
            .search_feedback(dana, ws, &query)
            .await
            .expect("search")
            .is_empty()
    );
    assert!(
        store
            .evidence_links(dana, DocumentId(31))
            .await
            .expect("links")
            .is_empty()
    );
    store.close().await;
}

async fn upgrade_from_schema_1_keeps_data(db: TestDb) {
    testing::migrate_to(&db.url, 1).await.expect("schema 1");
    let mut raw = Raw::connect(&db).await;
    let before = raw.schema(db.kind).await;
    assert!(before.contains_key("documents"));
    assert!(
        !before.contains_key("api_tokens"),
        "only schema 1 is applied"
    );
    raw.execute(SCHEMA_1_DATA).await.expect("schema 1 data");

    let store = db.open().await;
    let (dana, hash) = store.credentials("dana@example.com").await.expect("user");
    assert_eq!(dana.id, UserId(11));
    assert_eq!(dana.email, "Dana@Example.com");
    assert_eq!(hash.as_str(), "$argon2id$old");
    let doc = store
        .document(dana.id, DocumentId(31))
        .await
        .expect("document");
    assert_eq!(doc.title, "Old plan");
    assert_eq!(doc.status, Status::InReview);
    assert_eq!(doc.current_revision, 2);
    let history = store.revisions(UserId(12), doc.id).await.expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(
        store
            .revision(UserId(12), doc.id, 1)
            .await
            .expect("r1")
            .body,
        "first words"
    );
    assert_eq!(
        store
            .role_of(UserId(12), WorkspaceId(21))
            .await
            .expect("role"),
        Some(Role::Viewer)
    );
    // Old data works with the new code, and the new tables are there.
    let saved = store
        .save_revision(
            dana.id,
            doc.id,
            SaveRevision {
                base: Some(2),
                body: "third words",
                note: "",
            },
        )
        .await
        .expect("save");
    assert_eq!(saved.number, 3);
    let (_, token) = store
        .create_token(dana.id, "new", TokenScope::Read)
        .await
        .expect("token");
    assert!(store.token(token.expose()).await.is_ok());
    store.close().await;
    let after = raw.schema(db.kind).await;
    // Every table and column of schema 1 is kept, in order; later schemas may add
    // columns after them (schema 6: documents.review_version).
    for (table, columns) in &before {
        let now = after.get(table).map(|c| &c[..columns.len().min(c.len())]);
        assert_eq!(now, Some(&columns[..]), "schema 1 table `{table}` kept");
    }
    // Opening again applies nothing and changes nothing.
    let again = db.open().await;
    assert_eq!(
        again
            .revisions(dana.id, doc.id)
            .await
            .expect("history")
            .len(),
        3
    );
}

async fn a_newer_schema_is_refused(db: TestDb) {
    db.open().await.close().await;
    let mut raw = Raw::connect(&db).await;
    let sql = match db.kind {
        Db::Sqlite => {
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (999, 'from the future', TRUE, X'00', 0)"
        }
        Db::Postgres => {
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (999, 'from the future', TRUE, '\\x00'::bytea, 0)"
        }
    };
    raw.execute(sql).await.expect("pretend a newer prfaq ran");
    let refused = prfaq_store::open(&db.url, &Config::default()).await;
    assert!(
        matches!(
            refused,
            Err(StoreError::SchemaTooNew {
                found: 999,
                known: testing::LATEST_SCHEMA
            })
        ),
        "{:?}",
        refused.err()
    );
}

async fn debug_output_never_shows_secrets(db: TestDb) {
    let store = db.open().await;
    let dana = user(&*store, "dana@example.com").await;
    let session = store.create_session(dana.id, in_a_day()).await.expect("s");
    let (token, secret) = store
        .create_token(dana.id, "t", TokenScope::Read)
        .await
        .expect("t");
    let (user, hash) = store.credentials("dana@example.com").await.expect("c");
    let shown = format!("{store:?} {session:?} {secret:?} {token:?} {user:?} {hash:?}");
    for hidden in [session.expose(), secret.expose(), HASH] {
        assert!(!shown.contains(hidden), "{shown}");
    }
    if db.kind == Db::Postgres {
        // Trust authentication ignores the password, so the store opens with one in
        // the URL, and neither the store nor the URL may show it.
        let (scheme, rest) = db.raw_url.split_once("://").expect("a URL");
        let (user, host) = match rest.rsplit_once('@') {
            Some((user_info, host)) => (user_info.split(':').next().unwrap_or("postgres"), host),
            None => ("postgres", rest),
        };
        let with_password = format!("{scheme}://{user}:Sw0rdf1sh@{host}");
        let url = DatabaseUrl::parse(&with_password).expect("url");
        let opened = prfaq_store::open(&url, &Config::default())
            .await
            .expect("open");
        let shown = format!("{opened:?} {url:?} {url}");
        assert!(!shown.contains("Sw0rdf1sh"), "{shown}");
        assert!(shown.contains("***"), "{shown}");
        opened.close().await;
        // A server that is not there: the error does not show the password either.
        let nowhere =
            DatabaseUrl::parse("postgres://postgres:Sw0rdf1sh@127.0.0.1:1/none").expect("url");
        let config = Config {
            acquire_timeout: Duration::from_secs(2),
            ..Config::default()
        };
        let error = prfaq_store::open(&nowhere, &config)
            .await
            .expect_err("nothing listens on port 1");
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("Sw0rdf1sh"), "{shown}");
    }
}

// ---- reviews ----

/// Fills every review table: a required function, a round, a thread with a pending
/// reply published by a verdict, a resolved comment, a concern with its answer, an
/// accepted suggestion (a credited revision), placements, status events and an
/// assumption with an event.
async fn populate_review(s: &dyn Store, dana: &User, lee: &User, doc: DocumentId) {
    let ws = s.document(dana.id, doc).await.expect("document").workspace;
    s.set_review_function(dana.id, ws, "Finance", true)
        .await
        .expect("function");
    s.request_review(
        dana.id,
        doc,
        &[NewReviewer {
            email: &lee.email,
            function: "engineering",
            required: false,
        }],
    )
    .await
    .expect("request");
    let text = s.latest_revision(dana.id, doc).await.expect("latest").body;
    assert_eq!(text, "second");
    let concern = s
        .add_thread(
            lee.id,
            doc,
            thread_on(Passage::Range { start: 0, end: 6 }, "Who pays?", true),
        )
        .await
        .expect("concern");
    s.link_concern(dana.id, concern.id, "Who pays for it?", true)
        .await
        .expect("link");
    let comment = s
        .add_thread(
            lee.id,
            doc,
            thread_on(Passage::Range { start: 0, end: 3 }, "Hm.", false),
        )
        .await
        .expect("comment");
    s.reply(lee.id, comment.id, "Later.", true)
        .await
        .expect("reply");
    s.set_thread_resolved(lee.id, comment.id, true, "")
        .await
        .expect("resolve");
    let suggestion = s
        .add_thread(
            lee.id,
            doc,
            NewThread {
                replacement: Some("Second"),
                ..thread_on(Passage::Range { start: 0, end: 6 }, "Capital.", false)
            },
        )
        .await
        .expect("suggestion");
    s.decide_suggestion(dana.id, suggestion.id, Decision::Accept { base: None })
        .await
        .expect("accept");
    s.submit_verdict(lee.id, doc, Verdict::Comment, "see threads")
        .await
        .expect("verdict");
    let assumption = s
        .add_assumption(dana.id, doc, "Shoppers reorder weekly", "Order logs")
        .await
        .expect("assumption");
    s.set_assumption_state(dana.id, assumption.id, AssumptionState::Holds, "logs agree")
        .await
        .expect("state");
}

fn thread_on<'a>(passage: Passage<'a>, body: &'a str, concern: bool) -> NewThread<'a> {
    NewThread {
        revision: None,
        passage,
        body,
        concern,
        replacement: None,
        pending: false,
    }
}

fn quote<'a>(quote: &'a str) -> Passage<'a> {
    Passage::Quote {
        quote,
        prefix: "",
        suffix: "",
    }
}

const REVIEWED: &str = "# Quick Reorder\n\nShoppers reorder their usual basket in one tap.\n\n\
## FAQ\n\n### Who pays for delivery?\n\nThe shopper, as today.\n";

async fn reviewed_team(db: &TestDb) -> (Team, i64) {
    let t = team(db).await;
    let saved = t
        .store
        .save_revision(
            t.owner.id,
            t.document.id,
            SaveRevision {
                base: Some(1),
                body: REVIEWED,
                note: "full draft",
            },
        )
        .await
        .expect("save");
    (t, saved.number)
}

async fn a_review_runs_from_request_to_approval(db: TestDb) {
    let (t, rev) = reviewed_team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    let functions = s
        .set_review_function(t.owner.id, t.workspace.id, "  Customer   Support ", true)
        .await
        .expect("function");
    assert!(
        functions
            .iter()
            .any(|f| f.name == "customer support" && f.required && f.built_in)
    );
    let functions = s
        .set_review_function(t.owner.id, t.workspace.id, "Security", false)
        .await
        .expect("added");
    assert!(
        functions
            .iter()
            .any(|f| f.name == "security" && !f.built_in)
    );
    assert_eq!(
        s.review_functions(t.viewer.id, t.workspace.id)
            .await
            .expect("list"),
        functions
    );

    let round = s
        .request_review(
            t.owner.id,
            doc,
            &[
                NewReviewer {
                    email: "REVIEWER@example.com",
                    function: "engineering",
                    required: true,
                },
                NewReviewer {
                    email: &t.editor.email,
                    function: "customer support",
                    required: false,
                },
            ],
        )
        .await
        .expect("request");
    assert_eq!(round.revision, rev);
    assert_eq!(round.reviewers.len(), 2);
    let support = round
        .reviewers
        .iter()
        .find(|r| r.user == t.editor.id)
        .expect("editor asked");
    assert!(
        support.required,
        "a required function makes its reviewer required"
    );
    let review = s.review(t.viewer.id, doc).await.expect("review");
    assert_eq!(review.document.status, Status::InReview);
    assert_eq!(review.status_history.len(), 1);
    assert_eq!(review.status_history[0].actor, t.owner.id);
    assert_eq!(review.required_functions, ["customer support"]);

    let concern = s
        .add_thread(
            t.reviewer.id,
            doc,
            thread_on(
                quote("one tap"),
                "What if the usual basket is out of stock?",
                true,
            ),
        )
        .await
        .expect("concern");
    assert_eq!(concern.anchor.quote, "one tap");
    assert_eq!(
        &REVIEWED[concern.anchor.start..concern.anchor.end],
        "one tap"
    );
    assert_eq!(concern.placement.state, AnchorState::Attached);
    assert!(matches!(
        s.set_thread_resolved(t.reviewer.id, concern.id, true, "fine")
            .await,
        Err(StoreError::Invalid(_))
    ));
    let link = s
        .link_concern(
            t.owner.id,
            concern.id,
            "What if an item is out of stock?",
            true,
        )
        .await
        .expect("link");
    assert!(link.new_question);

    let comment = s
        .add_thread(
            t.editor.id,
            doc,
            thread_on(quote("Shoppers"), "Which shoppers?", false),
        )
        .await
        .expect("comment");
    assert!(matches!(
        s.set_thread_resolved(t.owner.id, comment.id, true, " ").await,
        Err(StoreError::Invalid(message)) if message.contains("reason")
    ));
    s.set_thread_resolved(t.owner.id, comment.id, true, "answered in the FAQ")
        .await
        .expect("resolve with a reason");
    assert!(matches!(
        s.set_thread_resolved(t.editor.id, comment.id, true, "")
            .await,
        Err(StoreError::Conflict(_))
    ));
    s.set_thread_resolved(t.editor.id, comment.id, false, "not quite")
        .await
        .expect("reopen");
    s.set_thread_resolved(t.editor.id, comment.id, true, "")
        .await
        .expect("the author resolves without a reason");
    let reply = s
        .reply(t.owner.id, comment.id, "All of them.", false)
        .await
        .expect("reply");
    assert_eq!(reply.author_name, "owner");

    // Verdicts: only members asked; the verdict is on the newest revision.
    assert!(matches!(
        s.submit_verdict(t.viewer.id, doc, Verdict::Approve, "")
            .await,
        Err(StoreError::Forbidden)
    ));
    assert!(matches!(
        s.submit_verdict(t.owner.id, doc, Verdict::Approve, "")
            .await,
        Err(StoreError::Forbidden)
    ));
    let approval = s
        .submit_verdict(t.reviewer.id, doc, Verdict::Approve, "ship it")
        .await
        .expect("verdict");
    assert_eq!(approval.revision, rev);
    s.submit_verdict(t.editor.id, doc, Verdict::RequestChanges, "answer stock")
        .await
        .expect("verdict");

    let review = s.review(t.owner.id, doc).await.expect("review");
    let thread = review
        .threads
        .iter()
        .find(|th| th.id == comment.id)
        .expect("thread");
    assert!(thread.resolved());
    let actions: Vec<ThreadAction> = thread.events.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [
            ThreadAction::Resolved,
            ThreadAction::Reopened,
            ThreadAction::Resolved
        ]
    );
    assert_eq!(thread.comments.len(), 2);
    assert_eq!(thread.events[0].reason, "answered in the FAQ");
    let concern = review
        .threads
        .iter()
        .find(|th| th.id == concern.id)
        .expect("concern");
    assert_eq!(
        concern.answer().map(|l| l.question.as_str()),
        Some("What if an item is out of stock?")
    );
    assert_eq!(review.verdicts.len(), 2);
    assert_eq!(
        review.verdict_of(t.reviewer.id).map(|v| v.verdict),
        Some(Verdict::Approve)
    );

    // Status: approved only from aligned; aligned only by the rule; owners decide.
    assert!(matches!(
        s.change_status(t.owner.id, doc, Status::Approved, "").await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        s.change_status(t.owner.id, doc, Status::Aligned, "because")
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        s.change_status(t.reviewer.id, doc, Status::Declined, "no")
            .await,
        Err(StoreError::Forbidden)
    ));
    assert!(matches!(
        s.change_status(t.owner.id, doc, Status::Declined, "  ")
            .await,
        Err(StoreError::Invalid(_))
    ));
    let stale = Alignment {
        aligned: true,
        revision: rev - 1,
        reason: "old",
    };
    assert_eq!(
        s.record_alignment(t.reviewer.id, doc, stale)
            .await
            .expect("moot")
            .value,
        None
    );
    let aligned = s
        .record_alignment(
            t.reviewer.id,
            doc,
            Alignment {
                aligned: true,
                revision: rev,
                reason: "every concern answered",
            },
        )
        .await
        .expect("align")
        .value
        .expect("a change");
    assert_eq!(aligned.status, Status::Aligned);
    let approved = s
        .change_status(t.owner.id, doc, Status::Approved, "")
        .await
        .expect("approve");
    assert_eq!(approved.status, Status::Approved);
    let history: Vec<Status> = s
        .review(t.viewer.id, doc)
        .await
        .expect("review")
        .status_history
        .iter()
        .map(|e| e.status)
        .collect();
    assert_eq!(
        history,
        [Status::InReview, Status::Aligned, Status::Approved]
    );
    assert_eq!(
        s.document(t.owner.id, doc).await.expect("get").status,
        Status::Approved
    );
    let declined = s
        .change_status(t.owner.id, doc, Status::Declined, "the bet changed")
        .await
        .expect("decline");
    assert_eq!(declined.reason, "the bet changed");
}

async fn reviews_check_roles_and_input(db: TestDb) {
    let (t, _) = reviewed_team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    let asked = |email: &'static str, function: &'static str| NewReviewer {
        email,
        function,
        required: false,
    };
    for (reviewers, needle) in [
        (vec![], "at least one"),
        (vec![asked("viewer@example.com", "design")], "viewer"),
        (
            vec![asked("stranger@example.com", "design")],
            "not a member",
        ),
        (
            vec![asked("reviewer@example.com", "astrology")],
            "astrology",
        ),
        (vec![asked("not an address", "design")], "email"),
        (
            vec![
                asked("reviewer@example.com", "design"),
                asked("Reviewer@example.com", "legal"),
            ],
            "twice",
        ),
    ] {
        match s.request_review(t.owner.id, doc, &reviewers).await {
            Err(StoreError::Invalid(message)) => {
                assert!(message.contains(needle), "{message:?} names {needle}")
            }
            other => panic!("{reviewers:?}: {other:?}"),
        }
    }
    let one = [asked("reviewer@example.com", "design")];
    assert!(matches!(
        s.request_review(t.reviewer.id, doc, &one).await,
        Err(StoreError::Forbidden)
    ));
    assert!(is_not_found(
        &s.request_review(t.stranger.id, doc, &one).await
    ));
    assert!(is_not_found(&s.review(t.stranger.id, doc).await));
    assert!(matches!(
        s.set_review_function(t.editor.id, t.workspace.id, "ops", true)
            .await,
        Err(StoreError::Forbidden)
    ));
    assert!(is_not_found(
        &s.review_functions(t.stranger.id, t.workspace.id).await
    ));
    s.request_review(t.owner.id, doc, &one)
        .await
        .expect("request");

    // Comments: viewers read only, strangers learn nothing, passages must exist.
    let on_tap = thread_on(quote("one tap"), "Why one?", false);
    assert!(matches!(
        s.add_thread(t.viewer.id, doc, on_tap).await,
        Err(StoreError::Forbidden)
    ));
    assert!(is_not_found(
        &s.add_thread(t.stranger.id, doc, on_tap).await
    ));
    for (new, needle) in [
        (
            thread_on(quote("two taps"), "x", false),
            "not in the document",
        ),
        (thread_on(quote("   "), "x", false), "empty"),
        (
            thread_on(
                Passage::Range {
                    start: 5,
                    end: 4000,
                },
                "x",
                false,
            ),
            "outside",
        ),
        (thread_on(quote("one tap"), "  ", false), "comment is empty"),
        (
            NewThread {
                revision: Some(9),
                ..on_tap
            },
            "no revision 9",
        ),
        (
            NewThread {
                replacement: Some("two taps"),
                ..thread_on(quote("one tap"), "x", true)
            },
            "concern",
        ),
    ] {
        match s.add_thread(t.reviewer.id, doc, new).await {
            Err(StoreError::Invalid(message)) => {
                assert!(message.contains(needle), "{message:?} names {needle}")
            }
            other => panic!("{new:?}: {other:?}"),
        }
    }
    let thread = s
        .add_thread(t.reviewer.id, doc, on_tap)
        .await
        .expect("thread");
    assert!(matches!(
        s.reply(t.viewer.id, thread.id, "me too", false).await,
        Err(StoreError::Forbidden)
    ));
    assert!(is_not_found(
        &s.reply(t.stranger.id, thread.id, "me too", false).await
    ));
    assert!(is_not_found(
        &s.reply(t.owner.id, ThreadId(12345), "me too", false).await
    ));
    assert!(matches!(
        s.link_concern(t.owner.id, thread.id, "Why one tap?", false)
            .await,
        Err(StoreError::Invalid(message)) if message.contains("not a concern")
    ));
    assert!(matches!(
        s.decide_suggestion(t.owner.id, thread.id, Decision::Accept { base: None })
            .await,
        Err(StoreError::Invalid(message)) if message.contains("not a suggestion")
    ));
    let concern = s
        .add_thread(
            t.reviewer.id,
            doc,
            thread_on(quote("one tap"), "Stock?", true),
        )
        .await
        .expect("concern");
    assert!(matches!(
        s.link_concern(t.reviewer.id, concern.id, "Stock?", false)
            .await,
        Err(StoreError::Forbidden)
    ));
    assert!(matches!(
        s.link_concern(t.owner.id, concern.id, " ", false).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        s.add_assumption(t.viewer.id, doc, "a", "b").await,
        Err(StoreError::Forbidden)
    ));
    assert!(matches!(
        s.add_assumption(t.owner.id, doc, "a", " ").await,
        Err(StoreError::Invalid(message)) if message.contains("test")
    ));
}

async fn pending_comments_wait_for_their_verdict(db: TestDb) {
    let (t, _) = reviewed_team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    s.request_review(
        t.owner.id,
        doc,
        &[NewReviewer {
            email: &t.reviewer.email,
            function: "finance",
            required: true,
        }],
    )
    .await
    .expect("request");
    let draft = s
        .add_thread(
            t.reviewer.id,
            doc,
            NewThread {
                pending: true,
                ..thread_on(quote("one tap"), "Too bold?", false)
            },
        )
        .await
        .expect("pending thread");
    assert!(draft.pending());
    s.reply(t.reviewer.id, draft.id, "Or fine.", true)
        .await
        .expect("pending reply");
    assert!(
        s.review(t.owner.id, doc)
            .await
            .expect("review")
            .threads
            .is_empty()
    );
    assert!(is_not_found(
        &s.reply(t.owner.id, draft.id, "I cannot see it", false)
            .await
    ));
    let own = s.review(t.reviewer.id, doc).await.expect("review");
    assert_eq!(own.threads.len(), 1);
    assert_eq!(own.threads[0].comments.len(), 2);
    let verdict = s
        .submit_verdict(t.reviewer.id, doc, Verdict::RequestChanges, "two notes")
        .await
        .expect("verdict");
    assert_eq!(verdict.published, 2);
    let seen = s.review(t.owner.id, doc).await.expect("review");
    assert_eq!(seen.threads.len(), 1);
    assert!(!seen.threads[0].pending());
    assert!(seen.threads[0].comments.iter().all(|c| !c.pending));
    let again = s
        .submit_verdict(t.reviewer.id, doc, Verdict::Comment, "")
        .await
        .expect("verdict");
    assert_eq!(again.published, 0, "published once");
}

async fn threads_follow_their_passage_across_revisions(db: TestDb) {
    let (t, rev) = reviewed_team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    let on = |text| thread_on(quote(text), "note", false);
    let tap = s
        .add_thread(t.owner.id, doc, on("one tap"))
        .await
        .expect("t");
    let pays = s
        .add_thread(t.owner.id, doc, on("The shopper, as today."))
        .await
        .expect("t");
    let heading = s
        .add_thread(t.owner.id, doc, on("Quick Reorder"))
        .await
        .expect("t");
    let moved = format!("{REVIEWED}\nA new closing line.\n").replacen(
        "# Quick Reorder\n\n",
        "# Quick Reorder\n\nA new opening sentence.\n\n",
        1,
    );
    let moved = moved.replace("The shopper, as today.\n", "");
    let next = s
        .save_revision(
            t.owner.id,
            doc,
            SaveRevision {
                base: Some(rev),
                body: &moved,
                note: "",
            },
        )
        .await
        .expect("save");
    let review = s.review(t.owner.id, doc).await.expect("review");
    let placed = |id: ThreadId| {
        review
            .threads
            .iter()
            .find(|th| th.id == id)
            .expect("thread")
            .placement
            .clone()
    };
    assert_eq!(placed(heading.id).state, AnchorState::Attached);
    let tap_now = placed(tap.id);
    assert_eq!(tap_now.state, AnchorState::Moved);
    assert_eq!(tap_now.revision, next.number);
    assert_eq!(&moved[tap_now.anchor.start..tap_now.anchor.end], "one tap");
    let gone = placed(pays.id);
    assert_eq!(gone.state, AnchorState::Orphaned);
    assert_eq!(
        gone.anchor.quote, "The shopper, as today.",
        "keeps its text"
    );
    let original = review
        .threads
        .iter()
        .find(|th| th.id == pays.id)
        .expect("t");
    assert_eq!(original.revision, rev, "and the revision it was made on");

    // A comment made on an older revision is placed on the newest at once; a restore
    // places every thread again.
    let late = s
        .add_thread(
            t.reviewer.id,
            doc,
            NewThread {
                revision: Some(rev),
                ..on("The shopper, as today.")
            },
        )
        .await
        .expect("late");
    assert_eq!(late.revision, rev);
    assert_eq!(late.placement.revision, next.number);
    assert_eq!(late.placement.state, AnchorState::Orphaned);
    let restored = s
        .restore_revision(t.owner.id, doc, rev, Some(next.number))
        .await
        .expect("restore");
    let review = s.review(t.owner.id, doc).await.expect("review");
    for thread in &review.threads {
        assert_eq!(thread.placement.revision, restored.number);
        assert_ne!(thread.placement.state, AnchorState::Orphaned, "{thread:?}");
    }
    let mut raw = Raw::connect(&db).await;
    let stored = raw
        .strings(
            "SELECT state FROM review_placements WHERE thread_id IN \
             (SELECT id FROM review_threads WHERE quote = $1) ORDER BY revision, state",
            "The shopper, as today.",
        )
        .await;
    // Two threads on that passage: placed on revision 2 (both made there), orphaned on
    // revision 3, back in place on the restored text.
    assert_eq!(
        stored,
        [
            "attached", "attached", "orphaned", "orphaned", "attached", "attached"
        ],
        "each revision's placement is stored"
    );
}

async fn suggestions_become_credited_revisions_or_are_rejected_with_a_reason(db: TestDb) {
    let (t, rev) = reviewed_team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    let suggest = |passage, replacement| NewThread {
        replacement: Some(replacement),
        ..thread_on(quote(passage), "Plainer?", false)
    };
    let tap = s
        .add_thread(t.reviewer.id, doc, suggest("in one tap", "with one tap"))
        .await
        .expect("suggestion");
    let pays = s
        .add_thread(t.reviewer.id, doc, suggest("as today", "as they do today"))
        .await
        .expect("suggestion");
    assert!(matches!(
        s.add_thread(t.reviewer.id, doc, suggest("one tap", "one tap"))
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        s.decide_suggestion(t.reviewer.id, tap.id, Decision::Accept { base: None })
            .await,
        Err(StoreError::Forbidden)
    ));
    assert!(matches!(
        s.decide_suggestion(t.owner.id, tap.id, Decision::Accept { base: Some(rev - 1) })
            .await,
        Err(StoreError::Stale { current }) if current == rev
    ));
    let accepted = s
        .decide_suggestion(t.owner.id, tap.id, Decision::Accept { base: Some(rev) })
        .await
        .expect("accept");
    let number = accepted.revision.expect("a revision");
    assert_eq!(number, rev + 1);
    let latest = s.latest_revision(t.owner.id, doc).await.expect("latest");
    assert_eq!(latest.body, REVIEWED.replace("in one tap", "with one tap"));
    assert_eq!(latest.meta.author, t.owner.id);
    assert_eq!(latest.meta.note, "Accepted a suggestion by reviewer");
    assert!(matches!(
        s.decide_suggestion(t.owner.id, tap.id, Decision::Reject { reason: "no" })
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        s.decide_suggestion(t.owner.id, pays.id, Decision::Reject { reason: " " })
            .await,
        Err(StoreError::Invalid(message)) if message.contains("reason")
    ));
    let rejected = s
        .decide_suggestion(
            t.owner.id,
            pays.id,
            Decision::Reject {
                reason: "shorter is better",
            },
        )
        .await
        .expect("reject");
    assert_eq!(rejected.action, ThreadAction::Rejected);
    let review = s.review(t.viewer.id, doc).await.expect("review");
    assert_eq!(
        review.credits,
        [Credit {
            revision: number,
            user: t.reviewer.id,
            name: "reviewer".to_owned(),
        }]
    );
    for thread in &review.threads {
        assert!(thread.resolved());
        assert!(!thread.open_suggestion());
    }
    let pays_now = review
        .threads
        .iter()
        .find(|th| th.id == pays.id)
        .expect("t");
    assert_eq!(
        pays_now.placement.state,
        AnchorState::Moved,
        "two bytes later"
    );
    assert_eq!(pays_now.placement.revision, number);
    let range = pays_now.placement.anchor.start..pays_now.placement.anchor.end;
    assert_eq!(
        &REVIEWED.replace("in one tap", "with one tap")[range],
        "as today"
    );

    // A suggestion whose passage is gone cannot be applied.
    let gone = s
        .add_thread(
            t.reviewer.id,
            doc,
            suggest("Shoppers reorder", "People reorder"),
        )
        .await
        .expect("suggestion");
    let cut = latest
        .body
        .replace("Shoppers reorder their usual basket with one tap.\n\n", "");
    s.save_revision(
        t.owner.id,
        doc,
        SaveRevision {
            base: Some(number),
            body: &cut,
            note: "",
        },
    )
    .await
    .expect("save");
    assert!(matches!(
        s.decide_suggestion(t.owner.id, gone.id, Decision::Accept { base: None })
            .await,
        Err(StoreError::Conflict(_))
    ));
}

async fn assumptions_are_logged_and_a_broken_one_reopens_the_review(db: TestDb) {
    let (t, rev) = reviewed_team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    s.request_review(
        t.owner.id,
        doc,
        &[NewReviewer {
            email: &t.reviewer.email,
            function: "leadership",
            required: true,
        }],
    )
    .await
    .expect("request");
    let assumption = s
        .add_assumption(
            t.reviewer.id,
            doc,
            "Most baskets repeat week to week",
            "Compare last quarter's orders",
        )
        .await
        .expect("add");
    assert_eq!(assumption.state, AssumptionState::Untested);
    s.record_alignment(
        t.owner.id,
        doc,
        Alignment {
            aligned: true,
            revision: rev,
            reason: "all answered",
        },
    )
    .await
    .expect("align");
    let held = s
        .set_assumption_state(t.owner.id, assumption.id, AssumptionState::Holds, "")
        .await
        .expect("holds");
    assert_eq!(held.state, AssumptionState::Holds);
    assert_eq!(
        s.document(t.owner.id, doc).await.expect("doc").status,
        Status::Aligned
    );
    let broken = s
        .set_assumption_state(
            t.reviewer.id,
            assumption.id,
            AssumptionState::Broken,
            "only a third repeat",
        )
        .await
        .expect("broken");
    assert_eq!(broken.state, AssumptionState::Broken);
    assert_eq!(broken.events.len(), 2);
    let review = s.review(t.viewer.id, doc).await.expect("review");
    assert_eq!(review.document.status, Status::InReview);
    let last = review.status_history.last().expect("event");
    assert!(last.reason.contains("only a third repeat"), "{last:?}");
    assert_eq!(last.actor, t.reviewer.id);
    assert!(matches!(
        s.set_assumption_state(t.viewer.id, assumption.id, AssumptionState::Holds, "")
            .await,
        Err(StoreError::Forbidden)
    ));
    assert!(is_not_found(
        &s.set_assumption_state(t.stranger.id, assumption.id, AssumptionState::Holds, "")
            .await
    ));
}

async fn front_matter_status_never_disagrees_with_the_workspace(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let with =
        |status: &str| format!("---\ntitle: Quick Reorder\nstatus: {status}\n---\n{REVIEWED}");
    assert!(matches!(
        s.create_document(
            t.owner.id,
            t.workspace.id,
            NewDocument {
                title: "Wrong",
                body: &with("approved"),
                note: "",
            },
        )
        .await,
        Err(StoreError::Invalid(message)) if message.contains("line 3")
    ));
    let doc = s
        .create_document(
            t.owner.id,
            t.workspace.id,
            NewDocument {
                title: "Right",
                body: &with("draft"),
                note: "",
            },
        )
        .await
        .expect("create");
    let refused = s
        .save_revision(
            t.owner.id,
            doc.id,
            SaveRevision {
                base: Some(1),
                body: &with("approved"),
                note: "",
            },
        )
        .await;
    assert!(
        matches!(&refused, Err(StoreError::Invalid(m)) if m.contains("line 3") && m.contains("draft")),
        "{refused:?}"
    );
    s.request_review(
        t.owner.id,
        doc.id,
        &[NewReviewer {
            email: &t.reviewer.email,
            function: "design",
            required: false,
        }],
    )
    .await
    .expect("request");
    let latest = s.latest_revision(t.owner.id, doc.id).await.expect("latest");
    assert_eq!(
        latest.meta.number, 2,
        "the status line is rewritten in a revision"
    );
    assert_eq!(latest.body, with("in-review"));
    assert_eq!(latest.meta.note, "Status: in-review");
    let review = s.review(t.owner.id, doc.id).await.expect("review");
    assert_eq!(review.status_history[0].revision, 2);
    // Restoring revision 1 keeps the workspace's status in the front matter.
    let restored = s
        .restore_revision(t.owner.id, doc.id, 1, Some(2))
        .await
        .expect("restore");
    let text = s
        .revision(t.owner.id, doc.id, restored.number)
        .await
        .expect("revision")
        .body;
    assert_eq!(text, with("in-review"));
    // A text without a status line is left alone.
    s.save_revision(
        t.owner.id,
        doc.id,
        SaveRevision {
            base: Some(restored.number),
            body: REVIEWED,
            note: "",
        },
    )
    .await
    .expect("save");
    s.change_status(t.owner.id, doc.id, Status::Declined, "not now")
        .await
        .expect("decline");
    assert_eq!(
        s.latest_revision(t.owner.id, doc.id).await.expect("l").body,
        REVIEWED
    );
}

async fn review_tables_are_append_only_in_the_database(db: TestDb) {
    let store = db.open().await;
    populate(&*store).await;
    store.close().await;
    let mut raw = Raw::connect(&db).await;
    for table in [
        "review_functions",
        "review_rounds",
        "review_reviewers",
        "review_threads",
        "review_comments",
        "review_verdicts",
        "review_publications",
        "review_thread_events",
        "review_concern_links",
        "review_placements",
        "status_events",
        "assumptions",
        "assumption_events",
        "revision_credits",
    ] {
        let delete = raw.execute(&format!("DELETE FROM {table}")).await;
        assert!(
            delete.is_err(),
            "{table} rows cannot be deleted: {delete:?}"
        );
        let column = testing::backup_tables()
            .into_iter()
            .find(|(name, _)| *name == table)
            .map(|(_, columns)| columns[columns.len() - 1])
            .expect("a backed-up table");
        let update = raw
            .execute(&format!("UPDATE {table} SET {column} = {column}"))
            .await;
        assert!(
            update.is_err(),
            "{table} rows cannot be changed: {update:?}"
        );
    }
}

async fn waiting_on_lists_what_each_member_owes(db: TestDb) {
    let (t, rev) = reviewed_team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    assert!(
        s.waiting_on(t.reviewer.id)
            .await
            .expect("waiting")
            .is_empty()
    );
    s.request_review(
        t.owner.id,
        doc,
        &[NewReviewer {
            email: &t.reviewer.email,
            function: "design",
            required: true,
        }],
    )
    .await
    .expect("request");
    let waiting = s.waiting_on(t.reviewer.id).await.expect("waiting");
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        (waiting[0].document, waiting[0].kind.as_str()),
        (doc, "verdict")
    );
    s.add_thread(
        t.reviewer.id,
        doc,
        thread_on(quote("one tap"), "Stock?", true),
    )
    .await
    .expect("concern");
    s.add_thread(
        t.reviewer.id,
        doc,
        thread_on(quote("Shoppers"), "Who?", false),
    )
    .await
    .expect("comment");
    s.add_thread(
        t.reviewer.id,
        doc,
        NewThread {
            pending: true,
            ..thread_on(quote("Shoppers"), "Hidden until the verdict", false)
        },
    )
    .await
    .expect("pending");
    let owner: Vec<(String, i64)> = s
        .waiting_on(t.owner.id)
        .await
        .expect("waiting")
        .into_iter()
        .map(|w| (w.kind, w.count))
        .collect();
    assert_eq!(
        owner,
        [("threads".to_owned(), 1), ("concerns".to_owned(), 1)]
    );
    s.submit_verdict(t.reviewer.id, doc, Verdict::Approve, "")
        .await
        .expect("approve");
    assert!(
        s.waiting_on(t.reviewer.id)
            .await
            .expect("waiting")
            .is_empty()
    );
    s.save_revision(
        t.owner.id,
        doc,
        SaveRevision {
            base: Some(rev),
            body: &format!("{REVIEWED}\nMore.\n"),
            note: "",
        },
    )
    .await
    .expect("save");
    let waiting = s.waiting_on(t.reviewer.id).await.expect("waiting");
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].kind, "stale-approval");
    assert_eq!(waiting[0].since_revision, Some(rev));
    assert!(
        s.waiting_on(t.stranger.id)
            .await
            .expect("waiting")
            .is_empty()
    );
    assert!(s.waiting_on(t.viewer.id).await.expect("waiting").is_empty());

    // The members of a thread hear when someone else has the last word in it.
    let threads = s.review(t.owner.id, doc).await.expect("review").threads;
    let who = threads
        .iter()
        .find(|th| !th.concern)
        .expect("the comment")
        .id;
    let replies = |waiting: Vec<Waiting>| -> Vec<i64> {
        waiting
            .into_iter()
            .filter(|w| w.kind == "replies")
            .map(|w| w.count)
            .collect()
    };
    assert!(replies(s.waiting_on(t.reviewer.id).await.expect("w")).is_empty());
    s.reply(t.owner.id, who, "Parents of two or more.", false)
        .await
        .expect("reply");
    assert_eq!(replies(s.waiting_on(t.reviewer.id).await.expect("w")), [1]);
    assert!(replies(s.waiting_on(t.owner.id).await.expect("w")).is_empty());
    s.set_thread_resolved(t.reviewer.id, who, true, "")
        .await
        .expect("resolve");
    assert!(replies(s.waiting_on(t.reviewer.id).await.expect("w")).is_empty());
    assert_eq!(replies(s.waiting_on(t.owner.id).await.expect("w")), [1]);
    assert!(replies(s.waiting_on(t.stranger.id).await.expect("w")).is_empty());
}

/// A reader keeps a review while its stamp stays the same, so every change anyone could
/// see on the review page must move the stamp, and a read must not.
async fn the_review_stamp_moves_with_every_change_of_the_review(db: TestDb) {
    let (t, rev) = reviewed_team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    assert!(matches!(
        s.review_stamp(t.stranger.id, doc).await,
        Err(StoreError::NotFound)
    ));
    let mut seen = vec![s.review_stamp(t.owner.id, doc).await.expect("stamp")];
    let review = s.review(t.owner.id, doc).await.expect("review");
    assert_eq!(
        review.stamp, seen[0],
        "the review carries the stamp it was read at"
    );
    assert_eq!(
        s.review_stamp(t.owner.id, doc).await.expect("stamp"),
        seen[0]
    );
    let mut moved = |what: &str, now: ReviewStamp| {
        assert!(!seen.contains(&now), "{what} left the stamp as it was");
        seen.push(now);
    };
    s.request_review(
        t.owner.id,
        doc,
        &[NewReviewer {
            email: &t.reviewer.email,
            function: "design",
            required: true,
        }],
    )
    .await
    .expect("request");
    moved(
        "a request",
        s.review_stamp(t.owner.id, doc).await.expect("stamp"),
    );
    let thread = s
        .add_thread(
            t.reviewer.id,
            doc,
            thread_on(quote("one tap"), "Stock?", false),
        )
        .await
        .expect("thread");
    moved(
        "a thread",
        s.review_stamp(t.owner.id, doc).await.expect("stamp"),
    );
    s.reply(t.owner.id, thread.id, "Checked nightly.", false)
        .await
        .expect("reply");
    moved(
        "a reply",
        s.review_stamp(t.owner.id, doc).await.expect("stamp"),
    );
    s.set_thread_resolved(t.owner.id, thread.id, true, "answered")
        .await
        .expect("resolve");
    moved(
        "a resolution",
        s.review_stamp(t.owner.id, doc).await.expect("stamp"),
    );
    s.add_assumption(t.owner.id, doc, "Shoppers reorder weekly", "the orders log")
        .await
        .expect("assumption");
    moved(
        "an assumption",
        s.review_stamp(t.owner.id, doc).await.expect("stamp"),
    );
    s.set_review_function(t.owner.id, t.workspace.id, "legal", true)
        .await
        .expect("function");
    moved(
        "a required function",
        s.review_stamp(t.owner.id, doc).await.expect("stamp"),
    );
    let body = format!("{REVIEWED}\nA new paragraph.\n");
    s.save_revision(
        t.editor.id,
        doc,
        SaveRevision {
            base: Some(rev),
            body: &body,
            note: "more",
        },
    )
    .await
    .expect("save");
    moved(
        "a revision",
        s.review_stamp(t.owner.id, doc).await.expect("stamp"),
    );
    s.submit_verdict(t.reviewer.id, doc, Verdict::Approve, "")
        .await
        .expect("verdict");
    moved(
        "a verdict",
        s.review_stamp(t.owner.id, doc).await.expect("stamp"),
    );
    s.rename_document(t.owner.id, doc, "Quick Reorder, again")
        .await
        .expect("rename");
    moved(
        "a new title",
        s.review_stamp(t.owner.id, doc).await.expect("stamp"),
    );
    let now = s.review_stamp(t.owner.id, doc).await.expect("stamp");
    let review = s.review(t.owner.id, doc).await.expect("review");
    assert_eq!(review.stamp, now);
    assert_eq!(
        review.functions,
        s.review_functions(t.owner.id, t.workspace.id)
            .await
            .expect("functions")
    );
    // Another member's stamp differs by role only.
    let viewer = s.review_stamp(t.viewer.id, doc).await.expect("stamp");
    assert_eq!(viewer.role, Some(Role::Viewer));
    assert_eq!(
        ReviewStamp {
            role: now.role,
            ..viewer
        },
        now
    );
}

/// Feedback with a customer, a link to a claim and theme choices, for the backup tests.
async fn populate_evidence(s: &dyn Store, dana: &User, doc: DocumentId) {
    let ws = s.document(dana.id, doc).await.expect("document").workspace;
    let item = NewFeedback {
        content_key: "0123456789abcdef0123456789abcdef".to_string(),
        text: "Reordering takes forever".to_string(),
        title: Some("Slow".to_string()),
        day: Some("2026-02-03".to_string()),
        rating: Some("2".to_string()),
        score: Some(2.0),
        link: Some("https://example.com/t/1".to_string()),
        external_id: Some("1".to_string()),
        line: 2,
        source: None,
        identities: vec!["email:sam@example.com".to_string()],
        customer: Some("sam@example.com".to_string()),
    };
    s.import_feedback(
        dana.id,
        ws,
        ImportBatch {
            source: "zendesk",
            mapping: Some("text=Body"),
            items: &[item],
        },
    )
    .await
    .expect("import");
    let query = FeedbackQuery {
        text: "reordering".to_string(),
        limit: 5,
        ..FeedbackQuery::default()
    };
    let hit = s
        .search_feedback(dana.id, ws, &query)
        .await
        .expect("search");
    s.link_evidence(
        dana.id,
        doc,
        NewEvidenceLink {
            claim_kind: ClaimKind::Problem,
            claim_text: "Reordering is slow",
            feedback: hit[0].id,
            importance: Importance::DealBreaker,
        },
    )
    .await
    .expect("link");
    s.set_theme_choices(dana.id, ws, "[]")
        .await
        .expect("theme choices");
}
