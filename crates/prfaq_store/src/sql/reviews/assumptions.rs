//! The assumptions a document's bet rests on, each with its state's history.

use super::*;

// ---- assumptions ----

pub(crate) async fn add_assumption<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    text: &str,
    test: &str,
) -> Result<Assumption> {
    let text = valid_comment(text, "assumption", false)?;
    let test = valid_comment(test, "test", false)?;
    let mut tx = db.begin_write().await?;
    let locked = lock::<B>(&mut tx, actor, document, Role::can_review).await?;
    let id = AssumptionId(random_id()?);
    let now = tick();
    let insert = sql(q::INSERT_ASSUMPTION)
        .bind(id.0)
        .bind(document.0)
        .bind(text)
        .bind(test)
        .bind(actor.0)
        .bind(now);
    tx.execute(insert).await?;
    tx.commit().await?;
    Ok(Assumption {
        id,
        document,
        text: text.to_owned(),
        test: test.to_owned(),
        author: actor,
        author_name: locked.actor_name,
        created_at: now,
        state: AssumptionState::Untested,
        events: Vec::new(),
    })
}

pub(crate) async fn set_assumption_state<B: Backend>(
    db: &B,
    actor: UserId,
    assumption: AssumptionId,
    state: AssumptionState,
    note: &str,
) -> Result<Assumption> {
    let note = valid_comment(note, "note", true)?;
    let mut tx = db.begin_write().await?;
    let document = tx
        .fetch_optional(sql(q::ASSUMPTION_DOCUMENT).bind(assumption.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    let document = DocumentId(document.int("document_id")?);
    let mut locked = lock::<B>(&mut tx, actor, document, Role::can_review).await?;
    let insert = sql(q::INSERT_ASSUMPTION_EVENT)
        .bind(random_id()?)
        .bind(assumption.0)
        .bind(state.as_str())
        .bind(note)
        .bind(actor.0)
        .bind(tick());
    tx.execute(insert).await?;
    if state == AssumptionState::Broken
        && matches!(locked.status, Status::Aligned | Status::Approved)
    {
        let reason = format!("An assumption broke: {}", note_or_default(note));
        set_status_in(
            &mut tx,
            actor,
            document,
            &mut locked,
            Status::InReview,
            &reason,
        )
        .await?;
    }
    let found = assumptions_in(&mut tx, document).await?;
    tx.commit().await?;
    found
        .into_iter()
        .find(|a| a.id == assumption)
        .ok_or(StoreError::NotFound)
}

pub(super) fn note_or_default(note: &str) -> &str {
    if note.is_empty() {
        "no note given"
    } else {
        note
    }
}

pub(super) async fn assumptions_in(
    tx: &mut impl Tx,
    document: DocumentId,
) -> Result<Vec<Assumption>> {
    let found = tx
        .fetch_all(sql(q::ASSUMPTIONS_OF_DOCUMENT).bind(document.0))
        .await?;
    let mut assumptions = Vec::with_capacity(found.len());
    for row in &found {
        assumptions.push(Assumption {
            id: AssumptionId(row.int("assumption_id")?),
            document,
            text: row.text("text")?,
            test: row.text("test")?,
            author: UserId(row.int("author_id")?),
            author_name: row.text("author_name")?,
            created_at: row.int("created_at")?,
            state: AssumptionState::Untested,
            events: Vec::new(),
        });
    }
    let events = tx
        .fetch_all(sql(q::ASSUMPTION_EVENTS_OF_DOCUMENT).bind(document.0))
        .await?;
    for row in &events {
        let id = AssumptionId(row.int("assumption_id")?);
        if let Some(assumption) = assumptions.iter_mut().find(|a| a.id == id) {
            let event = AssumptionEvent {
                state: row.text("state")?.parse()?,
                note: row.text("note")?,
                actor: UserId(row.int("actor_id")?),
                actor_name: row.text("actor_name")?,
                created_at: row.int("created_at")?,
            };
            assumption.state = event.state;
            assumption.events.push(event);
        }
    }
    Ok(assumptions)
}
