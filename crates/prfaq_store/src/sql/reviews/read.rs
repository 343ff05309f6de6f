//! Reading a review whole, and what waits on a member.

use super::*;

// ---- reading ----

/// Every thread the actor may see, placed on revision `current` (from the stored
/// placements; a thread not yet placed there is placed now, in memory).
pub(super) async fn threads_in(
    tx: &mut impl Tx,
    actor: UserId,
    document: DocumentId,
    current: i64,
) -> Result<Vec<Thread>> {
    let found = tx
        .fetch_all(sql(q::THREADS_OF_DOCUMENT).bind(document.0))
        .await?;
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let mut placements = newest_placements(tx, document).await?;
    let mut newest_text: Option<String> = None;
    let mut threads = Vec::with_capacity(found.len());
    let mut index: HashMap<ThreadId, usize> = HashMap::with_capacity(found.len());
    for row in &found {
        let id = ThreadId(row.int("thread_id")?);
        let anchor = anchor_of(row)?;
        let placement = match placements.remove(&id) {
            Some(placed) if placed.revision == current => placed,
            last => {
                let from = last.map_or_else(|| anchor.clone(), |p| p.anchor);
                if newest_text.is_none() {
                    newest_text = Some(revision_body(tx, document, current).await?);
                }
                let text = newest_text.as_deref().unwrap_or_default();
                let placed = reattach(&from, text);
                ThreadPlacement {
                    revision: current,
                    state: placed.state,
                    anchor: placed.anchor(&from, text),
                }
            }
        };
        index.insert(id, threads.len());
        threads.push(Thread {
            id,
            document,
            revision: row.int("revision")?,
            anchor,
            concern: row.int("concern")? == 1,
            replacement: row.opt_text("replacement")?,
            author: UserId(row.int("author_id")?),
            author_name: row.text("author_name")?,
            created_at: row.int("created_at")?,
            comments: Vec::new(),
            events: Vec::new(),
            links: Vec::new(),
            placement,
        });
    }
    for row in &tx
        .fetch_all(sql(q::COMMENTS_OF_DOCUMENT).bind(document.0))
        .await?
    {
        let author = UserId(row.int("author_id")?);
        let pending = row.int("unpublished")? == 1;
        // Someone else's unpublished comment is not there yet.
        if pending && author != actor {
            continue;
        }
        let thread = ThreadId(row.int("thread_id")?);
        if let Some(&i) = index.get(&thread) {
            threads[i].comments.push(Comment {
                id: CommentId(row.int("comment_id")?),
                thread,
                author,
                author_name: row.text("author_name")?,
                body: row.text("body")?,
                pending,
                created_at: row.int("created_at")?,
            });
        }
    }
    for row in &tx
        .fetch_all(sql(q::THREAD_EVENTS_OF_DOCUMENT).bind(document.0))
        .await?
    {
        let thread = ThreadId(row.int("thread_id")?);
        if let Some(&i) = index.get(&thread) {
            threads[i].events.push(ThreadEvent {
                thread,
                document,
                action: row.text("action")?.parse()?,
                reason: row.text("reason")?,
                revision: row.opt_int("revision")?,
                actor: UserId(row.int("actor_id")?),
                actor_name: row.text("actor_name")?,
                created_at: row.int("created_at")?,
            });
        }
    }
    for row in &tx
        .fetch_all(sql(q::CONCERN_LINKS_OF_DOCUMENT).bind(document.0))
        .await?
    {
        let thread = ThreadId(row.int("thread_id")?);
        if let Some(&i) = index.get(&thread) {
            threads[i].links.push(ConcernLink {
                thread,
                document,
                question: row.text("question")?,
                new_question: row.int("new_question")? == 1,
                actor: UserId(row.int("actor_id")?),
                actor_name: row.text("actor_name")?,
                created_at: row.int("created_at")?,
            });
        }
    }
    // A thread whose opening comment the actor may not see is someone else's draft.
    threads.retain(|t| {
        t.comments
            .first()
            .is_some_and(|c| c.created_at == t.created_at)
    });
    Ok(threads)
}

pub(crate) async fn review(
    db: &impl Backend,
    actor: UserId,
    document: DocumentId,
) -> Result<Review> {
    let mut tx = db.begin_snapshot().await?;
    let stamp = stamp_in(&mut tx, actor, document).await?;
    let row = tx
        .fetch_optional(sql(q::DOCUMENT_FOR_MEMBER).bind(document.0).bind(actor.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    let doc = rows::document(&row)?;
    let role = rows::role(&row)?;
    let round = round_in(&mut tx, document).await?;
    let threads = threads_in(&mut tx, actor, document, doc.current_revision).await?;
    let mut verdicts = Vec::new();
    for row in &tx
        .fetch_all(sql(q::VERDICTS_OF_DOCUMENT).bind(document.0))
        .await?
    {
        verdicts.push(VerdictRecord {
            id: VerdictId(row.int("verdict_id")?),
            round: RoundId(row.int("round_id")?),
            revision: row.int("revision")?,
            user: UserId(row.int("user_id")?),
            user_name: row.text("user_name")?,
            verdict: row.text("verdict")?.parse()?,
            body: row.text("body")?,
            created_at: row.int("created_at")?,
            published: row.int("published")?,
        });
    }
    let mut status_history = Vec::new();
    for row in &tx
        .fetch_all(sql(q::STATUS_EVENTS_OF_DOCUMENT).bind(document.0))
        .await?
    {
        status_history.push(StatusEvent {
            status: row.text("status")?.parse()?,
            reason: row.text("reason")?,
            revision: row.int("revision")?,
            actor: UserId(row.int("actor_id")?),
            actor_name: row.text("actor_name")?,
            created_at: row.int("created_at")?,
        });
    }
    let assumptions = assumptions_in(&mut tx, document).await?;
    let functions = functions_in(&mut tx, doc.workspace).await?;
    let required_functions = functions
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name.clone())
        .collect();
    let mut credits = Vec::new();
    for row in &tx
        .fetch_all(sql(q::CREDITS_OF_DOCUMENT).bind(document.0))
        .await?
    {
        credits.push(Credit {
            revision: row.int("number")?,
            user: UserId(row.int("user_id")?),
            name: row.text("name")?,
        });
    }
    let content_revision = tx
        .fetch_one(sql(q::CONTENT_REVISION).bind(document.0))
        .await?
        .opt_int("content")?
        .unwrap_or(doc.current_revision);
    tx.rollback().await?;
    Ok(Review {
        stamp,
        content_revision,
        document: doc,
        role,
        round,
        threads,
        verdicts,
        status_history,
        assumptions,
        required_functions,
        functions,
        credits,
    })
}

fn stamp_of(row: &impl Record) -> Result<ReviewStamp> {
    Ok(ReviewStamp {
        review_version: row.int("review_version")?,
        current_revision: row.int("current_revision")?,
        updated_at: row.int("updated_at")?,
        role: Some(rows::role(row)?),
        functions: row.int("functions")?,
    })
}

async fn stamp_in(tx: &mut impl Tx, actor: UserId, document: DocumentId) -> Result<ReviewStamp> {
    let row = tx
        .fetch_optional(sql(q::REVIEW_STAMP).bind(document.0).bind(actor.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    stamp_of(&row)
}

pub(crate) async fn review_stamp(
    db: &impl Backend,
    actor: UserId,
    document: DocumentId,
) -> Result<ReviewStamp> {
    let row = db
        .fetch_optional(sql(q::REVIEW_STAMP).bind(document.0).bind(actor.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    stamp_of(&row)
}

pub(crate) async fn waiting_on(db: &impl Backend, actor: UserId) -> Result<Vec<Waiting>> {
    let mut waiting = Vec::new();
    for row in &db.fetch_all(sql(q::WAITING_VERDICTS).bind(actor.0)).await? {
        if row.int("verdicts_now")? > 0 {
            continue;
        }
        let approved = row.opt_int("approved_revision")?;
        waiting.push(Waiting {
            document: DocumentId(row.int("document_id")?),
            title: row.text("title")?,
            workspace: WorkspaceId(row.int("workspace_id")?),
            kind: if approved.is_some() {
                "stale-approval"
            } else {
                "verdict"
            }
            .to_owned(),
            count: 1,
            since_revision: approved,
        });
    }
    for row in &db.fetch_all(sql(q::WAITING_THREADS).bind(actor.0)).await? {
        waiting.push(Waiting {
            document: DocumentId(row.int("document_id")?),
            title: row.text("title")?,
            workspace: WorkspaceId(row.int("workspace_id")?),
            kind: if row.int("concern")? == 1 {
                "concerns"
            } else {
                "threads"
            }
            .to_owned(),
            count: row.int("open_count")?,
            since_revision: None,
        });
    }
    for row in &db.fetch_all(sql(q::WAITING_REPLIES).bind(actor.0)).await? {
        waiting.push(Waiting {
            document: DocumentId(row.int("document_id")?),
            title: row.text("title")?,
            workspace: WorkspaceId(row.int("workspace_id")?),
            kind: "replies".to_owned(),
            count: row.int("open_count")?,
            since_revision: None,
        });
    }
    Ok(waiting)
}
