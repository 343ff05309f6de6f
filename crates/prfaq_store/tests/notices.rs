//! Notices on both databases: who is told of which review change, never the actor and
//! never someone outside the workspace; the inbox, its unread count and marking read;
//! the notices each write answers, and email about them only for members who take it.

#[macro_use]
mod support;

use std::sync::Arc;

use prfaq_store::*;
use sqlx::Connection;
use support::{Db, TestDb};

contract!(
    review_changes_notify_the_members_they_concern,
    notices_are_read_one_at_a_time_or_all_by_their_recipient_only,
    a_member_who_left_is_not_notified,
    writes_answer_the_notices_they_wrote,
    notice_mail_is_for_members_who_take_email,
);

const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
const BODY: &str = "# Quick Reorder\n\nShoppers reorder their usual basket in one tap.\n\n\
## FAQ\n\n### Who pays for delivery?\n\nThe shopper, as today.\n";

struct Team {
    store: Arc<dyn Store>,
    owner: User,
    editor: User,
    reviewer: User,
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
    let reviewer = user(&*store, "reviewer@example.com").await;
    let viewer = user(&*store, "viewer@example.com").await;
    let stranger = user(&*store, "stranger@example.com").await;
    let workspace = store
        .create_workspace(owner.id, "Grocery team")
        .await
        .expect("workspace");
    store
        .create_workspace(stranger.id, "Elsewhere")
        .await
        .expect("workspace");
    for (member, role) in [
        (&editor, Role::Editor),
        (&reviewer, Role::Reviewer),
        (&viewer, Role::Viewer),
    ] {
        let expires = now_millis() + 86_400_000;
        let (_, secret) = store
            .create_invitation(owner.id, workspace.id, &member.email, role, expires)
            .await
            .expect("invite");
        store
            .accept_invitation(secret.expose(), member.id)
            .await
            .expect("accept");
    }
    let document = store
        .create_document(
            owner.id,
            workspace.id,
            NewDocument {
                title: "Quick Reorder",
                body: BODY,
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
        document,
    }
}

fn on(quote: &'static str, body: &'static str, concern: bool) -> NewThread<'static> {
    NewThread {
        revision: None,
        passage: Passage::Quote {
            quote,
            prefix: "",
            suffix: "",
        },
        body,
        concern,
        replacement: None,
        pending: false,
    }
}

/// The actor's notices, newest first, as (kind, actor, thread).
async fn inbox(t: &Team, who: &User) -> Vec<(NoticeKind, UserId, Option<ThreadId>)> {
    t.store
        .notices(who.id, false, 100)
        .await
        .expect("notices")
        .into_iter()
        .map(|n| (n.kind, n.actor, n.thread))
        .collect()
}

async fn review_changes_notify_the_members_they_concern(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    let ask = |email: &'static str, function: &'static str| NewReviewer {
        email,
        function,
        required: true,
    };
    s.request_review(
        t.owner.id,
        doc,
        &[
            ask("reviewer@example.com", "design"),
            ask("owner@example.com", "leadership"),
        ],
    )
    .await
    .expect("request");
    use NoticeKind::*;
    assert_eq!(
        inbox(&t, &t.reviewer).await,
        [(ReviewRequested, t.owner.id, None)]
    );
    assert!(inbox(&t, &t.owner).await.is_empty(), "never the actor");

    let concern = s
        .add_thread(
            t.reviewer.id,
            doc,
            on("one tap", "What if it is out of stock?", true),
        )
        .await
        .expect("concern");
    let hidden = NewThread {
        pending: true,
        ..on("Shoppers", "Not yet published", false)
    };
    let hidden = s
        .add_thread(t.reviewer.id, doc, hidden)
        .await
        .expect("pending")
        .into_inner();
    assert_eq!(
        inbox(&t, &t.owner).await,
        [(CommentOnDocument, t.reviewer.id, Some(concern.id))],
        "a pending comment tells nobody until its verdict"
    );

    s.reply(t.editor.id, concern.id, "We substitute.", false)
        .await
        .expect("reply");
    assert_eq!(
        inbox(&t, &t.reviewer).await[0],
        (CommentOnThread, t.editor.id, Some(concern.id))
    );
    assert_eq!(
        inbox(&t, &t.owner).await[0],
        (CommentOnDocument, t.editor.id, Some(concern.id))
    );
    s.reply(t.reviewer.id, concern.id, "Say so in the FAQ.", false)
        .await
        .expect("own thread");
    assert_eq!(
        inbox(&t, &t.reviewer).await.len(),
        2,
        "not for my own reply"
    );
    assert!(
        inbox(&t, &t.editor).await.is_empty(),
        "the editor only took part"
    );

    s.link_concern(
        t.owner.id,
        concern.id,
        "What if an item is out of stock?",
        true,
    )
    .await
    .expect("link");
    assert_eq!(
        inbox(&t, &t.reviewer).await[0],
        (ConcernAnswered, t.owner.id, Some(concern.id))
    );

    s.submit_verdict(t.reviewer.id, doc, Verdict::Approve, "Good")
        .await
        .expect("verdict");
    assert_eq!(
        inbox(&t, &t.owner).await[..2],
        [
            (VerdictGiven, t.reviewer.id, None),
            (CommentOnDocument, t.reviewer.id, Some(hidden.id)),
        ],
        "the pending thread the verdict published tells as it would have on its own"
    );
    let current = s
        .latest_revision(t.owner.id, doc)
        .await
        .expect("latest")
        .meta
        .number;
    let aligned = Alignment {
        aligned: true,
        revision: current,
        reason: "every concern answered",
    };
    s.record_alignment(t.reviewer.id, doc, aligned)
        .await
        .expect("aligned")
        .value
        .expect("a change");
    assert_eq!(
        inbox(&t, &t.owner).await[0],
        (DocumentAligned, t.reviewer.id, None)
    );
    assert_ne!(inbox(&t, &t.reviewer).await[0].0, DocumentAligned);

    let notice = &s.notices(t.owner.id, false, 1).await.expect("one")[0];
    assert_eq!(
        (notice.document, notice.workspace, notice.title.as_str()),
        (doc, t.workspace.id, "Quick Reorder")
    );
    assert_eq!(notice.actor_name, "reviewer");
    assert_eq!(notice.read_at, None);
    for quiet in [&t.viewer, &t.stranger] {
        assert!(inbox(&t, quiet).await.is_empty(), "{}", quiet.email);
        assert_eq!(s.unread_notices(quiet.id).await.expect("count"), 0);
    }
}

async fn notices_are_read_one_at_a_time_or_all_by_their_recipient_only(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    for body in ["One", "Two", "Three"] {
        s.add_thread(t.reviewer.id, doc, on("one tap", body, false))
            .await
            .expect("comment");
    }
    assert_eq!(s.unread_notices(t.owner.id).await.expect("count"), 3);
    let all = s.notices(t.owner.id, false, 100).await.expect("all");
    assert_eq!(all.len(), 3);
    assert!(
        all.windows(2).all(|w| w[0].created_at > w[1].created_at),
        "newest first"
    );
    assert_eq!(s.notices(t.owner.id, false, 2).await.expect("two").len(), 2);

    let first = all[0].id;
    for other in [&t.reviewer, &t.stranger] {
        let refused = s
            .mark_notices_read(other.id, NoticeSelection::One(first))
            .await;
        assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
    }
    let missing = s
        .mark_notices_read(t.owner.id, NoticeSelection::One(NoticeId(1)))
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
    assert_eq!(s.unread_notices(t.owner.id).await.expect("count"), 3);

    let one = NoticeSelection::One(first);
    assert_eq!(s.mark_notices_read(t.owner.id, one).await.expect("read"), 1);
    assert_eq!(
        s.mark_notices_read(t.owner.id, one).await.expect("again"),
        0
    );
    assert_eq!(s.unread_notices(t.owner.id).await.expect("count"), 2);
    let unread = s.notices(t.owner.id, true, 100).await.expect("unread");
    assert_eq!(unread.len(), 2);
    assert!(unread.iter().all(|n| n.id != first && n.read_at.is_none()));
    let read = s.notices(t.owner.id, false, 100).await.expect("all");
    assert!(read[0].read_at.is_some());

    let everyone = NoticeSelection::All;
    assert_eq!(
        s.mark_notices_read(t.owner.id, everyone)
            .await
            .expect("all"),
        2
    );
    assert_eq!(s.unread_notices(t.owner.id).await.expect("count"), 0);
    assert!(
        s.notices(t.owner.id, true, 100)
            .await
            .expect("none")
            .is_empty()
    );
    assert_eq!(
        s.mark_notices_read(t.owner.id, everyone)
            .await
            .expect("none"),
        0
    );
}

async fn a_member_who_left_is_not_notified(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let theirs = s
        .create_document(
            t.editor.id,
            t.workspace.id,
            NewDocument {
                title: "Editor's draft",
                body: BODY,
                note: "",
            },
        )
        .await
        .expect("document");
    s.add_thread(t.reviewer.id, theirs.id, on("one tap", "Before", false))
        .await
        .expect("comment");
    assert_eq!(s.unread_notices(t.editor.id).await.expect("count"), 1);
    s.remove_member(t.owner.id, t.workspace.id, t.editor.id)
        .await
        .expect("remove");
    assert_eq!(
        s.unread_notices(t.editor.id).await.expect("count"),
        0,
        "a former member's inbox no longer shows the workspace"
    );
    s.add_thread(t.reviewer.id, theirs.id, on("one tap", "After", false))
        .await
        .expect("comment");
    let stored = stored_notices(&db, t.editor.id).await;
    assert_eq!(stored, 1, "nothing was written for the one who left");
}

/// Notices stored for `user`, read with SQL of the test's own.
async fn stored_notices(db: &TestDb, user: UserId) -> i64 {
    let sql = "SELECT COUNT(*) FROM notices WHERE user_id = $1";
    match db.kind {
        Db::Sqlite => {
            let mut conn = sqlx::SqliteConnection::connect(&db.raw_url)
                .await
                .expect("connect");
            sqlx::query_scalar(sql)
                .bind(user.0)
                .fetch_one(&mut conn)
                .await
                .expect("count")
        }
        Db::Postgres => {
            let mut conn = sqlx::PgConnection::connect(&db.raw_url)
                .await
                .expect("connect");
            sqlx::query_scalar(sql)
                .bind(user.0)
                .fetch_one(&mut conn)
                .await
                .expect("count")
        }
    }
}

/// The ids of the user's notices, newest first.
async fn inbox_ids(t: &Team, who: &User) -> Vec<NoticeId> {
    let notices = t.store.notices(who.id, false, 100).await.expect("notices");
    notices.into_iter().map(|n| n.id).collect()
}

async fn writes_answer_the_notices_they_wrote(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    let asked = NewReviewer {
        email: "reviewer@example.com",
        function: "design",
        required: true,
    };
    let round = s
        .request_review(t.owner.id, doc, &[asked])
        .await
        .expect("request");
    assert_eq!(round.notices, inbox_ids(&t, &t.reviewer).await);
    assert_eq!(round.notices.len(), 1);

    let pending = NewThread {
        pending: true,
        ..on("Shoppers", "Later", false)
    };
    let quiet = s
        .add_thread(t.reviewer.id, doc, pending)
        .await
        .expect("pending");
    assert!(quiet.notices.is_empty(), "a pending comment tells nobody");
    let thread = s
        .add_thread(t.reviewer.id, doc, on("one tap", "Why one?", true))
        .await
        .expect("thread");
    assert_eq!(thread.notices, inbox_ids(&t, &t.owner).await[..1]);

    let reply = s
        .reply(t.editor.id, thread.id, "Because.", false)
        .await
        .expect("reply");
    let told = [
        inbox_ids(&t, &t.reviewer).await[0],
        inbox_ids(&t, &t.owner).await[0],
    ];
    assert_eq!(reply.notices, told, "the thread's author, then the creator");
    let own = s
        .reply(t.reviewer.id, thread.id, "Thanks.", false)
        .await
        .expect("own");
    assert_eq!(
        own.notices,
        inbox_ids(&t, &t.owner).await[..1],
        "not the actor"
    );

    let link = s
        .link_concern(t.owner.id, thread.id, "Why one tap?", true)
        .await
        .expect("link");
    assert_eq!(link.notices, inbox_ids(&t, &t.reviewer).await[..1]);
    let verdict = s
        .submit_verdict(t.reviewer.id, doc, Verdict::Approve, "")
        .await
        .expect("verdict");
    let inbox = inbox_ids(&t, &t.owner).await;
    assert_eq!(
        verdict.notices,
        [inbox[1], inbox[0]],
        "the pending thread it published, then the verdict"
    );
    let current = s
        .latest_revision(t.owner.id, doc)
        .await
        .expect("latest")
        .meta
        .number;
    let aligned = Alignment {
        aligned: true,
        revision: current,
        reason: "done",
    };
    let changed = s
        .record_alignment(t.owner.id, doc, aligned)
        .await
        .expect("aligned");
    assert!(changed.is_some());
    assert_eq!(
        changed.notices,
        inbox_ids(&t, &t.reviewer).await[..1],
        "the reviewer; the owner acted"
    );
    let again = s
        .record_alignment(t.owner.id, doc, aligned)
        .await
        .expect("moot");
    assert_eq!((again.value, again.notices), (None, vec![]));
}

async fn notice_mail_is_for_members_who_take_email(db: TestDb) {
    let t = team(&db).await;
    let s = &*t.store;
    let doc = t.document.id;
    assert!(
        s.mail_notices(t.owner.id).await.expect("default"),
        "on by default"
    );
    let first = s
        .add_thread(t.reviewer.id, doc, on("one tap", "Why one?", false))
        .await
        .expect("thread");
    let mails = s.notice_mail(&first.notices).await.expect("mail");
    assert_eq!(
        mails,
        [NoticeMail {
            notice: first.notices[0],
            kind: NoticeKind::CommentOnDocument,
            to_email: "owner@example.com".to_owned(),
            to_name: "owner".to_owned(),
            document: doc,
            title: "Quick Reorder".to_owned(),
            actor_name: "reviewer".to_owned(),
            thread: Some(first.id),
        }]
    );

    s.set_mail_notices(t.owner.id, false).await.expect("off");
    assert!(!s.mail_notices(t.owner.id).await.expect("read"));
    assert!(
        s.mail_notices(t.reviewer.id).await.expect("theirs"),
        "for themselves only"
    );
    assert!(
        s.notice_mail(&first.notices)
            .await
            .expect("mail")
            .is_empty(),
        "no email for a member who turned it off"
    );
    let second = s
        .reply(t.editor.id, first.id, "Because.", false)
        .await
        .expect("reply");
    assert_eq!(second.notices.len(), 2, "the workspace notices stay");
    let mails = s.notice_mail(&second.notices).await.expect("mail");
    let to: Vec<&str> = mails.iter().map(|m| m.to_email.as_str()).collect();
    assert_eq!(to, ["reviewer@example.com"]);
    s.set_mail_notices(t.owner.id, true).await.expect("on");
    assert_eq!(s.notice_mail(&second.notices).await.expect("mail").len(), 2);

    s.remove_member(t.owner.id, t.workspace.id, t.reviewer.id)
        .await
        .expect("remove");
    let to: Vec<String> = s
        .notice_mail(&second.notices)
        .await
        .expect("mail")
        .into_iter()
        .map(|m| m.to_email)
        .collect();
    assert_eq!(to, ["owner@example.com"], "not for one who left");
    assert!(
        s.notice_mail(&[NoticeId(1)])
            .await
            .expect("none")
            .is_empty()
    );
    let missing = s.set_mail_notices(UserId(1), false).await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
}
