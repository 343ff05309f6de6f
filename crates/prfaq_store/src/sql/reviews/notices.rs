//! Notices: who is told of a review change, written in the change's own transaction,
//! and each member's inbox.

use super::*;

/// The most notices one inbox read answers.
pub(crate) const MAX_NOTICES: u32 = 500;

/// Tells each of `recipients` (once each, never the actor, and only a member of the
/// document's workspace) that `kind` happened on the locked document; adds the notices
/// it wrote to `written`.
#[allow(clippy::too_many_arguments)]
pub(super) async fn notify(
    tx: &mut impl Tx,
    locked: &Locked,
    document: DocumentId,
    kind: NoticeKind,
    actor: UserId,
    thread: Option<ThreadId>,
    recipients: &[UserId],
    written: &mut Vec<NoticeId>,
) -> Result<()> {
    let mut told: Vec<UserId> = Vec::with_capacity(recipients.len());
    let now = tick();
    for &user in recipients {
        if user == actor || told.contains(&user) {
            continue;
        }
        told.push(user);
        let id = NoticeId(random_id()?);
        let insert = sql(q::INSERT_NOTICE)
            .bind(id.0)
            .bind(user.0)
            .bind(document.0)
            .bind(kind.as_str())
            .bind(actor.0)
            .bind(thread.map(|t| t.0))
            .bind(now)
            .bind(locked.workspace.0);
        if tx.execute(insert).await? > 0 {
            written.push(id);
        }
    }
    Ok(())
}

fn notice_of(row: &impl Record) -> Result<Notice> {
    Ok(Notice {
        id: NoticeId(row.int("id")?),
        kind: row.text("kind")?.parse()?,
        workspace: WorkspaceId(row.int("workspace_id")?),
        document: DocumentId(row.int("document_id")?),
        title: row.text("title")?,
        actor: UserId(row.int("actor_id")?),
        actor_name: row.text("actor_name")?,
        thread: row.opt_int("thread_id")?.map(ThreadId),
        created_at: row.int("created_at")?,
        read_at: row.opt_int("read_at")?,
    })
}

pub(crate) async fn notices(
    db: &impl Backend,
    actor: UserId,
    unread_only: bool,
    limit: u32,
) -> Result<Vec<Notice>> {
    let limit = i64::from(limit.clamp(1, MAX_NOTICES));
    let found = db
        .fetch_all(
            sql(q::NOTICES_OF_USER)
                .bind(actor.0)
                .bind(flag(unread_only))
                .bind(limit),
        )
        .await?;
    found.iter().map(notice_of).collect()
}

pub(crate) async fn unread_notices(db: &impl Backend, actor: UserId) -> Result<i64> {
    let found = db.fetch_all(sql(q::UNREAD_NOTICES).bind(actor.0)).await?;
    match found.first() {
        Some(row) => row.int("unread"),
        None => Ok(0),
    }
}

pub(crate) async fn mark_notices_read<B: Backend>(
    db: &B,
    actor: UserId,
    which: NoticeSelection,
) -> Result<u64> {
    let now = tick();
    match which {
        NoticeSelection::All => Ok(db
            .execute(sql(q::MARK_ALL_NOTICES_READ).bind(actor.0).bind(now))
            .await?),
        NoticeSelection::One(id) => {
            let mut tx = db.begin_write().await?;
            tx.fetch_optional(sql(q::NOTICE_OF_USER).bind(id.0).bind(actor.0))
                .await?
                .ok_or(StoreError::NotFound)?;
            let marked = tx
                .execute(sql(q::MARK_NOTICE_READ).bind(id.0).bind(actor.0).bind(now))
                .await?;
            tx.commit().await?;
            Ok(marked)
        }
    }
}

/// Each of `ids` whose recipient is still a member and takes email, as its mail tells
/// it; at most [`MAX_NOTICES`] are looked at.
pub(crate) async fn notice_mail(db: &impl Backend, ids: &[NoticeId]) -> Result<Vec<NoticeMail>> {
    let mut mails = Vec::with_capacity(ids.len().min(MAX_NOTICES as usize));
    for id in ids.iter().take(MAX_NOTICES as usize) {
        let Some(row) = db.fetch_optional(sql(q::NOTICE_MAIL).bind(id.0)).await? else {
            continue;
        };
        mails.push(NoticeMail {
            notice: NoticeId(row.int("id")?),
            kind: row.text("kind")?.parse()?,
            to_email: row.text("to_email")?,
            to_name: row.text("to_name")?,
            document: DocumentId(row.int("document_id")?),
            title: row.text("title")?,
            actor_name: row.text("actor_name")?,
            thread: row.opt_int("thread_id")?.map(ThreadId),
        });
    }
    Ok(mails)
}

pub(crate) async fn mail_notices(db: &impl Backend, user: UserId) -> Result<bool> {
    let row = db
        .fetch_optional(sql(q::MAIL_NOTICES_OF_USER).bind(user.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(row.int("mail_notices")? == 1)
}

pub(crate) async fn set_mail_notices(db: &impl Backend, user: UserId, on: bool) -> Result<()> {
    let changed = db
        .execute(sql(q::SET_MAIL_NOTICES).bind(user.0).bind(flag(on)))
        .await?;
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}
