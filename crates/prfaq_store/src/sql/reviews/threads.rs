//! Threads: comments, concerns and suggestions on a passage, their replies, resolving and
//! reopening, concern answers and suggestion decisions.

use super::*;

// ---- threads ----

pub(crate) async fn add_thread<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    new: NewThread<'_>,
) -> Result<Notified<Thread>> {
    let body = valid_comment(new.body, "comment", false)?;
    let replacement = match new.replacement {
        Some(text) => Some(valid_body(text, "suggestion")?),
        None => None,
    };
    if new.concern && replacement.is_some() {
        return Err(StoreError::Invalid(
            "a suggestion cannot also be a concern: make the concern a thread of its own"
                .to_owned(),
        ));
    }
    let mut tx = db.begin_write().await?;
    let locked = lock::<B>(&mut tx, actor, document, Role::can_review).await?;
    let revision = new.revision.unwrap_or(locked.current);
    let text = match revision_body(&mut tx, document, revision).await {
        Err(StoreError::NotFound) => {
            return Err(StoreError::Invalid(format!(
                "the document has no revision {revision}"
            )));
        }
        other => other?,
    };
    let anchor = match new.passage {
        Passage::Range { start, end } => Anchor::new(&text, start, end),
        Passage::Quote {
            quote,
            prefix,
            suffix,
        } => Anchor::locate(&text, quote, prefix, suffix),
    }
    .map_err(|error: AnchorError| {
        StoreError::Invalid(format!("passage in revision {revision}: {error}"))
    })?;
    if replacement == Some(anchor.quote.as_str()) {
        return Err(StoreError::Invalid(
            "the suggestion is the same as the passage".to_owned(),
        ));
    }
    let id = ThreadId(random_id()?);
    let now = tick();
    let insert = sql(q::INSERT_THREAD)
        .bind(id.0)
        .bind(document.0)
        .bind(revision)
        .bind(offset(anchor.start))
        .bind(offset(anchor.end))
        .bind(anchor.quote.as_str())
        .bind(anchor.prefix.as_str())
        .bind(anchor.suffix.as_str())
        .bind(flag(new.concern))
        .bind(replacement.map(str::to_owned))
        .bind(actor.0)
        .bind(now);
    tx.execute(insert).await?;
    let comment = CommentId(random_id()?);
    let insert = sql(q::INSERT_COMMENT)
        .bind(comment.0)
        .bind(id.0)
        .bind(actor.0)
        .bind(body)
        .bind(flag(new.pending))
        .bind(now);
    tx.execute(insert).await?;
    insert_placement(&mut tx, id, revision, State::Attached, &anchor).await?;
    let mut notices = Vec::new();
    if !new.pending {
        let owner = [locked.created_by];
        let kind = NoticeKind::CommentOnDocument;
        let thread = Some(id);
        notify(
            &mut tx,
            &locked,
            document,
            kind,
            actor,
            thread,
            &owner,
            &mut notices,
        )
        .await?;
    }
    if revision < locked.current {
        let newest = revision_body(&mut tx, document, locked.current).await?;
        place_in(&mut tx, document, locked.current, &newest).await?;
    }
    let thread = threads_in(&mut tx, actor, document, locked.current)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(Notified {
        value: thread,
        notices,
    })
}

/// A thread's document, author and kind, locked for writing: a thread of a document the
/// actor may not see, or someone else's unpublished thread, is `NotFound`.
pub(super) struct ThreadHead {
    document: DocumentId,
    author: UserId,
    concern: bool,
    replacement: Option<String>,
    locked: Locked,
}

pub(super) async fn lock_thread<B: Backend>(
    tx: &mut B::Tx,
    actor: UserId,
    thread: ThreadId,
    allowed: fn(Role) -> bool,
) -> Result<ThreadHead> {
    let row = tx
        .fetch_optional(sql(q::THREAD_HEAD).bind(thread.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    let document = DocumentId(row.int("document_id")?);
    let author = UserId(row.int("author_id")?);
    let unpublished = row.opt_int("unpublished")?.unwrap_or(0) == 1;
    let locked = lock::<B>(tx, actor, document, allowed).await?;
    if unpublished && author != actor {
        return Err(StoreError::NotFound);
    }
    Ok(ThreadHead {
        document,
        author,
        concern: row.int("concern")? == 1,
        replacement: row.opt_text("replacement")?,
        locked,
    })
}

pub(super) async fn newest_action(
    tx: &mut impl Tx,
    thread: ThreadId,
) -> Result<Option<ThreadAction>> {
    let row = tx
        .fetch_optional(sql(q::NEWEST_THREAD_EVENT).bind(thread.0))
        .await?;
    row.map(|r| r.text("action")?.parse()).transpose()
}

pub(crate) async fn reply<B: Backend>(
    db: &B,
    actor: UserId,
    thread: ThreadId,
    body: &str,
    pending: bool,
) -> Result<Notified<Comment>> {
    let body = valid_comment(body, "reply", false)?;
    let mut tx = db.begin_write().await?;
    let head = lock_thread::<B>(&mut tx, actor, thread, Role::can_review).await?;
    let id = CommentId(random_id()?);
    let now = tick();
    let insert = sql(q::INSERT_COMMENT)
        .bind(id.0)
        .bind(thread.0)
        .bind(actor.0)
        .bind(body)
        .bind(flag(pending))
        .bind(now);
    tx.execute(insert).await?;
    let mut notices = Vec::new();
    if !pending {
        let (locked, document) = (&head.locked, head.document);
        notify_comment(
            &mut tx,
            locked,
            document,
            thread,
            head.author,
            actor,
            &mut notices,
        )
        .await?;
    }
    tx.commit().await?;
    let value = Comment {
        id,
        thread,
        author: actor,
        author_name: head.locked.actor_name,
        body: body.to_owned(),
        pending,
        created_at: now,
    };
    Ok(Notified { value, notices })
}

/// Tells a thread's author, and the document's creator, of a comment in it.
pub(super) async fn notify_comment(
    tx: &mut impl Tx,
    locked: &Locked,
    document: DocumentId,
    thread: ThreadId,
    thread_author: UserId,
    actor: UserId,
    notices: &mut Vec<NoticeId>,
) -> Result<()> {
    let thread = Some(thread);
    let author = [thread_author];
    let kind = NoticeKind::CommentOnThread;
    notify(tx, locked, document, kind, actor, thread, &author, notices).await?;
    if locked.created_by != thread_author {
        let owner = [locked.created_by];
        let kind = NoticeKind::CommentOnDocument;
        notify(tx, locked, document, kind, actor, thread, &owner, notices).await?;
    }
    Ok(())
}

pub(super) async fn insert_event(
    tx: &mut impl Tx,
    head: &ThreadHead,
    thread: ThreadId,
    action: ThreadAction,
    reason: &str,
    revision: Option<i64>,
    actor: UserId,
) -> Result<ThreadEvent> {
    let document = head.document;
    let actor_name = head.locked.actor_name.as_str();
    let now = tick();
    let insert = sql(q::INSERT_THREAD_EVENT)
        .bind(random_id()?)
        .bind(thread.0)
        .bind(action.as_str())
        .bind(reason)
        .bind(revision)
        .bind(actor.0)
        .bind(now);
    tx.execute(insert).await?;
    Ok(ThreadEvent {
        thread,
        document,
        action,
        reason: reason.to_owned(),
        revision,
        actor,
        actor_name: actor_name.to_owned(),
        created_at: now,
    })
}

pub(crate) async fn set_thread_resolved<B: Backend>(
    db: &B,
    actor: UserId,
    thread: ThreadId,
    resolved: bool,
    reason: &str,
) -> Result<ThreadEvent> {
    let reason = valid_comment(reason, "reason", true)?;
    let mut tx = db.begin_write().await?;
    let head = lock_thread::<B>(&mut tx, actor, thread, Role::can_review).await?;
    if head.concern {
        return Err(StoreError::Invalid(
            "a concern is resolved only by an answer in the FAQ: link it to the question \
             that answers it"
                .to_owned(),
        ));
    }
    let is_resolved = newest_action(&mut tx, thread)
        .await?
        .is_some_and(|a| a != ThreadAction::Reopened);
    if is_resolved == resolved {
        let state = if resolved { "resolved" } else { "open" };
        return Err(StoreError::Conflict(format!(
            "the thread is already {state}"
        )));
    }
    if resolved && head.author != actor && reason.is_empty() {
        return Err(StoreError::Invalid(
            "resolving someone else's thread needs a reason".to_owned(),
        ));
    }
    let action = if resolved {
        ThreadAction::Resolved
    } else {
        ThreadAction::Reopened
    };
    let event = insert_event(&mut tx, &head, thread, action, reason, None, actor).await?;
    tx.commit().await?;
    Ok(event)
}

pub(crate) async fn link_concern<B: Backend>(
    db: &B,
    actor: UserId,
    thread: ThreadId,
    question: &str,
    new_question: bool,
) -> Result<Notified<ConcernLink>> {
    let question = valid_text(question, "question", MAX_QUESTION)?;
    let mut tx = db.begin_write().await?;
    let head = lock_thread::<B>(&mut tx, actor, thread, Role::can_edit).await?;
    if !head.concern {
        return Err(StoreError::Invalid(format!(
            "thread {thread} is a comment, not a concern: only a concern is answered in the FAQ"
        )));
    }
    let now = tick();
    let insert = sql(q::INSERT_CONCERN_LINK)
        .bind(random_id()?)
        .bind(thread.0)
        .bind(question)
        .bind(flag(new_question))
        .bind(actor.0)
        .bind(now);
    tx.execute(insert).await?;
    let author = [head.author];
    let kind = NoticeKind::ConcernAnswered;
    let mut notices = Vec::new();
    notify(
        &mut tx,
        &head.locked,
        head.document,
        kind,
        actor,
        Some(thread),
        &author,
        &mut notices,
    )
    .await?;
    tx.commit().await?;
    let value = ConcernLink {
        thread,
        document: head.document,
        question: question.to_owned(),
        new_question,
        actor,
        actor_name: head.locked.actor_name,
        created_at: now,
    };
    Ok(Notified { value, notices })
}

pub(crate) async fn decide_suggestion<B: Backend>(
    db: &B,
    actor: UserId,
    thread: ThreadId,
    decision: Decision<'_>,
) -> Result<ThreadEvent> {
    let mut tx = db.begin_write().await?;
    let head = lock_thread::<B>(&mut tx, actor, thread, Role::can_edit).await?;
    let Some(replacement) = head.replacement.clone() else {
        return Err(StoreError::Invalid(format!(
            "thread {thread} is not a suggestion"
        )));
    };
    let decided = tx
        .fetch_all(sql(q::THREAD_EVENTS_OF_DOCUMENT).bind(head.document.0))
        .await?
        .iter()
        .filter(|row| row.int("thread_id").ok() == Some(thread.0))
        .any(|row| {
            matches!(
                row.text("action").as_deref(),
                Ok("accepted") | Ok("rejected")
            )
        });
    if decided {
        return Err(StoreError::Conflict(
            "the suggestion was already decided".to_owned(),
        ));
    }
    let event = match decision {
        Decision::Reject { reason } => {
            let reason = valid_comment(reason, "reason", false).map_err(|_| {
                StoreError::Invalid("rejecting a suggestion needs a reason".to_owned())
            })?;
            insert_event(
                &mut tx,
                &head,
                thread,
                ThreadAction::Rejected,
                reason,
                None,
                actor,
            )
            .await?
        }
        Decision::Accept { base } => {
            let current = head.locked.current;
            if let Some(base) = base
                && base != current
            {
                return Err(StoreError::Stale { current });
            }
            let placement = newest_placements(&mut tx, head.document)
                .await?
                .remove(&thread)
                .ok_or(StoreError::NotFound)?;
            if placement.state == State::Orphaned || placement.revision != current {
                return Err(StoreError::Conflict(
                    "the suggested passage is no longer in the document; reject the \
                     suggestion or edit the text by hand"
                        .to_owned(),
                ));
            }
            let text = revision_body(&mut tx, head.document, current).await?;
            let range = placement.anchor.start..placement.anchor.end;
            let Some(_) = text.get(range.clone()) else {
                return Err(StoreError::Conflict(
                    "the suggested passage is no longer in the document".to_owned(),
                ));
            };
            let mut body = String::with_capacity(text.len() + replacement.len());
            body.push_str(&text[..range.start]);
            body.push_str(&replacement);
            body.push_str(&text[range.end..]);
            check_front_matter(&body, head.locked.status)?;
            let author_name = tx
                .fetch_one(sql(q::USER_BY_ID).bind(head.author.0))
                .await?
                .text("display_name")?;
            let note = format!("Accepted a suggestion by {author_name}");
            let number = append(&mut tx, actor, head.document, current, &body, &note).await?;
            if head.author != actor {
                let credit = sql(q::INSERT_CREDIT)
                    .bind(head.document.0)
                    .bind(number)
                    .bind(head.author.0);
                tx.execute(credit).await?;
            }
            insert_event(
                &mut tx,
                &head,
                thread,
                ThreadAction::Accepted,
                "",
                Some(number),
                actor,
            )
            .await?
        }
    };
    tx.commit().await?;
    Ok(event)
}
