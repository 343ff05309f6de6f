//! Where each thread stands on each revision: placements stored as revisions are added.

use super::*;

pub(super) async fn insert_placement(
    tx: &mut impl Tx,
    thread: ThreadId,
    revision: i64,
    state: State,
    anchor: &Anchor,
) -> Result<()> {
    let insert = sql(q::INSERT_PLACEMENT)
        .bind(thread.0)
        .bind(revision)
        .bind(state_str(state))
        .bind(offset(anchor.start))
        .bind(offset(anchor.end))
        .bind(anchor.quote.as_str())
        .bind(anchor.prefix.as_str())
        .bind(anchor.suffix.as_str())
        .bind(tick());
    tx.execute(insert).await?;
    Ok(())
}

/// Each thread's newest placement, by thread.
pub(super) async fn newest_placements(
    tx: &mut impl Tx,
    document: DocumentId,
) -> Result<HashMap<ThreadId, ThreadPlacement>> {
    let found = tx
        .fetch_all(sql(q::NEWEST_PLACEMENTS).bind(document.0))
        .await?;
    let mut placements = HashMap::with_capacity(found.len());
    for row in &found {
        placements.insert(
            ThreadId(row.int("thread_id")?),
            ThreadPlacement {
                revision: row.int("revision")?,
                state: state_of(&row.text("state")?)?,
                anchor: anchor_of(row)?,
            },
        );
    }
    Ok(placements)
}

/// Places every thread of the document that is not yet placed on revision `number`
/// (whose text is `body`), from where it last stood.
pub(crate) async fn place_in(
    tx: &mut impl Tx,
    document: DocumentId,
    number: i64,
    body: &str,
) -> Result<usize> {
    let mut placed = 0;
    for (thread, last) in newest_placements(tx, document).await? {
        if last.revision >= number {
            continue;
        }
        let placement = reattach(&last.anchor, body);
        let anchor = placement.anchor(&last.anchor, body);
        insert_placement(tx, thread, number, placement.state, &anchor).await?;
        placed += 1;
    }
    Ok(placed)
}

/// Places the document's threads on its new revision `number`, after a save. A document
/// without threads to place costs one indexed read on the reading pool, so saves of
/// documents nobody commented on never wait for the writer twice; the placing itself is
/// a transaction of its own.
pub(crate) async fn place_threads(
    db: &impl Backend,
    document: DocumentId,
    number: i64,
    body: &str,
) -> Result<usize> {
    let placed = db
        .fetch_all(sql(q::NEWEST_PLACEMENTS).bind(document.0))
        .await?;
    let mut behind = false;
    for row in &placed {
        behind |= row.int("revision")? < number;
    }
    if !behind {
        return Ok(0);
    }
    let mut tx = db.begin_write().await?;
    let placed = place_in(&mut tx, document, number, body).await?;
    tx.commit().await?;
    Ok(placed)
}
