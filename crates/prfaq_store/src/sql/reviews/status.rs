//! The document's status: changed with an event, the front matter's `status:` line kept
//! in step, and alignment recorded.

use super::*;

/// Sets the document's status with an event; when the newest text's front matter names
/// a status, a new revision rewrites it, so the two never disagree. Returns the event.
pub(super) async fn set_status_in(
    tx: &mut impl Tx,
    actor: UserId,
    document: DocumentId,
    locked: &mut Locked,
    status: Status,
    reason: &str,
) -> Result<StatusEvent> {
    let now = tick();
    tx.execute(
        sql(q::SET_STATUS)
            .bind(document.0)
            .bind(status.as_str())
            .bind(now),
    )
    .await?;
    let body = revision_body(tx, document, locked.current).await?;
    let mut rewrote = false;
    if let Some(rewritten) = front_matter::with_status(&body, status.as_str()) {
        let note = format!("Status: {status}");
        locked.current = append(tx, actor, document, locked.current, &rewritten, &note).await?;
        rewrote = true;
    }
    let event = sql(q::INSERT_STATUS_EVENT)
        .bind(random_id()?)
        .bind(document.0)
        .bind(status.as_str())
        .bind(reason)
        .bind(locked.current)
        .bind(flag(rewrote))
        .bind(actor.0)
        .bind(now);
    tx.execute(event).await?;
    locked.status = status;
    Ok(StatusEvent {
        status,
        reason: reason.to_owned(),
        revision: locked.current,
        actor,
        actor_name: locked.actor_name.clone(),
        created_at: now,
    })
}

/// Refuses a save whose front matter names another status than the workspace's.
pub(crate) fn check_front_matter(body: &str, status: Status) -> Result<()> {
    match front_matter::status_line(body) {
        Some(line) if line.value != status.as_str() => Err(StoreError::Invalid(format!(
            "line {}: the front matter says `status: {}` but the document is {status}; \
             the status changes through the review, so write `status: {status}` or leave \
             the line out",
            line.line, line.value
        ))),
        _ => Ok(()),
    }
}

pub(crate) async fn change_status<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    status: Status,
    reason: &str,
) -> Result<StatusEvent> {
    let reason = valid_comment(reason, "reason", true)?;
    let mut tx = db.begin_write().await?;
    let mut locked = lock::<B>(&mut tx, actor, document, |_| true).await?;
    let decides =
        locked.role == Role::Owner || (locked.created_by == actor && locked.role.can_edit());
    if !decides {
        return Err(StoreError::Forbidden);
    }
    if status == Status::Aligned {
        return Err(StoreError::Invalid(
            "`aligned` is reached by the review itself: when every concern is answered, \
             every thread resolved and every required reviewer approved"
                .to_owned(),
        ));
    }
    if status == locked.status {
        return Err(StoreError::Conflict(format!(
            "the document is already {status}"
        )));
    }
    match status {
        Status::Aligned => {}
        Status::Approved if locked.status != Status::Aligned => {
            return Err(StoreError::Conflict(format!(
                "a document is approved only once its review is aligned, and this one is {}",
                locked.status
            )));
        }
        Status::Approved => {}
        Status::Draft | Status::InReview | Status::Declined if reason.is_empty() => {
            return Err(StoreError::Invalid(format!(
                "moving the document to {status} needs a reason"
            )));
        }
        _ => {}
    }
    let event = set_status_in(&mut tx, actor, document, &mut locked, status, reason).await?;
    tx.commit().await?;
    Ok(event)
}

pub(crate) async fn record_alignment<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    alignment: Alignment<'_>,
) -> Result<Notified<Option<StatusEvent>>> {
    let mut tx = db.begin_write().await?;
    let mut locked = lock::<B>(&mut tx, actor, document, |_| true).await?;
    // A verdict on an older revision than the newest says nothing about the newest.
    let unchanged = Notified {
        value: None,
        notices: Vec::new(),
    };
    if alignment.revision != locked.current {
        return Ok(unchanged);
    }
    let next = match (alignment.aligned, locked.status) {
        (true, Status::InReview) => Status::Aligned,
        (false, Status::Aligned) => Status::InReview,
        _ => return Ok(unchanged),
    };
    let reason = valid_comment(alignment.reason, "reason", false)?;
    let event = set_status_in(&mut tx, actor, document, &mut locked, next, reason).await?;
    let mut notices = Vec::new();
    if next == Status::Aligned {
        let mut told = vec![locked.created_by];
        if let Some(round) = round_in(&mut tx, document).await? {
            told.extend(round.reviewers.iter().map(|r| r.user));
        }
        let kind = NoticeKind::DocumentAligned;
        notify(
            &mut tx,
            &locked,
            document,
            kind,
            actor,
            None,
            &told,
            &mut notices,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Notified {
        value: Some(event),
        notices,
    })
}
