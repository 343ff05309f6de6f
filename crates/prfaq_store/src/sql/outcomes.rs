//! Outcomes on any [`Backend`]: a document's imported events, kept as compact JSON Lines
//! in bounded chunks, and the experiments its team records.
//!
//! Every write locks the document first (which checks the actor's membership and role:
//! a stranger gets [`StoreError::NotFound`], a viewer or reviewer
//! [`StoreError::Forbidden`]); every read checks membership in the same snapshot it
//! reads from.

use crate::model::*;
use crate::secret::random_id;
use crate::sql::backend::{Backend, Record, Tx, sql};
use crate::sql::queries as q;
use crate::sql::{MAX_TITLE, require, rows, tick, valid_body, valid_text};
use crate::{Result, StoreError};

/// The longest hypothesis or result, in characters.
const MAX_NOTE: usize = 20_000;
/// The longest file name kept, in characters.
const MAX_FILE_NAME: usize = 255;

/// Locks `document` for a write that `allowed` roles may make; answers the actor's name.
async fn lock<B: Backend>(
    tx: &mut B::Tx,
    actor: UserId,
    document: DocumentId,
    allowed: fn(Role) -> bool,
) -> Result<String> {
    let row = tx
        .fetch_optional(sql(B::LOCK_DOCUMENT).bind(document.0).bind(actor.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    require(Some(rows::role(&row)?), allowed)?;
    row.text("display_name")
}

/// Checks that `actor` is a member of `document`'s workspace, in `tx`'s snapshot.
async fn member(tx: &mut impl Tx, actor: UserId, document: DocumentId) -> Result<()> {
    tx.fetch_optional(sql(q::DOCUMENT_FOR_MEMBER).bind(document.0).bind(actor.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(())
}

fn check_upload(upload: &NewOutcomeUpload<'_>) -> Result<(String, i64)> {
    let name = upload.file_name.trim();
    let name: String = if name.is_empty() {
        "events".to_owned()
    } else {
        name.chars()
            .filter(|c| !c.is_control())
            .take(MAX_FILE_NAME)
            .collect()
    };
    if upload.event_count < 0 {
        return Err(StoreError::Invalid("the event count is negative".into()));
    }
    let mut bytes: i64 = 0;
    for (index, chunk) in upload.chunks.iter().enumerate() {
        if chunk.len() > MAX_OUTCOME_CHUNK {
            return Err(StoreError::Invalid(format!(
                "chunk {} of the events is larger than {MAX_OUTCOME_CHUNK} bytes",
                index + 1
            )));
        }
        valid_body(chunk, "events")?;
        bytes += chunk.len() as i64;
    }
    if bytes > MAX_OUTCOME_BYTES {
        return Err(StoreError::Invalid(format!(
            "the events take {bytes} bytes, more than the {MAX_OUTCOME_BYTES} a document keeps"
        )));
    }
    Ok((name, bytes))
}

/// Stores `upload` as the document's events, replacing the ones before it, all in one
/// transaction: a failure leaves the previous events as they were.
pub(crate) async fn save_outcome_events<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    upload: NewOutcomeUpload<'_>,
) -> Result<OutcomeUpload> {
    let (file_name, byte_count) = check_upload(&upload)?;
    let mut tx = db.begin_write().await?;
    let actor_name = lock::<B>(&mut tx, actor, document, Role::can_edit).await?;
    let old = tx
        .fetch_all(sql(q::OUTCOME_UPLOADS_OF_DOCUMENT).bind(document.0))
        .await?;
    for row in &old {
        let id = row.int("id")?;
        tx.execute(sql(q::DELETE_OUTCOME_CHUNKS).bind(id)).await?;
        tx.execute(sql(q::DELETE_OUTCOME_UPLOAD).bind(id)).await?;
    }
    let id = OutcomeUploadId(random_id()?);
    let now = tick();
    let insert = sql(q::INSERT_OUTCOME_UPLOAD)
        .bind(id.0)
        .bind(document.0)
        .bind(file_name.as_str())
        .bind(upload.event_count)
        .bind(byte_count)
        .bind(actor.0)
        .bind(now);
    tx.execute(insert).await?;
    for (seq, chunk) in upload.chunks.iter().enumerate() {
        let insert = sql(q::INSERT_OUTCOME_CHUNK)
            .bind(id.0)
            .bind(seq as i64)
            .bind(chunk.as_str());
        tx.execute(insert).await?;
    }
    tx.commit().await?;
    Ok(OutcomeUpload {
        id,
        document,
        file_name,
        event_count: upload.event_count,
        byte_count,
        uploaded_by: actor,
        uploaded_by_name: actor_name,
        uploaded_at: now,
    })
}

async fn newest_upload(tx: &mut impl Tx, document: DocumentId) -> Result<Option<OutcomeUpload>> {
    let Some(row) = tx
        .fetch_optional(sql(q::NEWEST_OUTCOME_UPLOAD).bind(document.0))
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(OutcomeUpload {
        id: OutcomeUploadId(row.int("upload_id")?),
        document,
        file_name: row.text("file_name")?,
        event_count: row.int("event_count")?,
        byte_count: row.int("byte_count")?,
        uploaded_by: UserId(row.int("uploaded_by")?),
        uploaded_by_name: row.text("uploaded_by_name")?,
        uploaded_at: row.int("uploaded_at")?,
    }))
}

/// The document's newest upload, without its events.
pub(crate) async fn outcome_upload(
    db: &impl Backend,
    actor: UserId,
    document: DocumentId,
) -> Result<Option<OutcomeUpload>> {
    let mut tx = db.begin_snapshot().await?;
    member(&mut tx, actor, document).await?;
    let found = newest_upload(&mut tx, document).await?;
    tx.rollback().await?;
    Ok(found)
}

/// The document's newest upload with its events' chunks in order, from one snapshot.
pub(crate) async fn outcome_events(
    db: &impl Backend,
    actor: UserId,
    document: DocumentId,
) -> Result<Option<(OutcomeUpload, Vec<String>)>> {
    let mut tx = db.begin_snapshot().await?;
    member(&mut tx, actor, document).await?;
    let Some(upload) = newest_upload(&mut tx, document).await? else {
        tx.rollback().await?;
        return Ok(None);
    };
    let found = tx
        .fetch_all(sql(q::OUTCOME_CHUNKS).bind(upload.id.0))
        .await?;
    let mut chunks = Vec::with_capacity(found.len());
    for row in &found {
        chunks.push(row.text("body")?);
    }
    tx.rollback().await?;
    Ok(Some((upload, chunks)))
}

/// An experiment's fields, trimmed and checked; every error names its field.
struct Checked<'a> {
    step: &'a str,
    title: &'a str,
    hypothesis: &'a str,
    result: &'a str,
}

fn check_experiment<'a>(new: &NewExperiment<'a>) -> Result<Checked<'a>> {
    let step = valid_text(new.step, "journey step", MAX_TITLE)?;
    let title = valid_text(new.title, "experiment title", MAX_TITLE)?;
    let hypothesis = valid_body(new.hypothesis.trim(), "hypothesis")?;
    let result = valid_body(new.result.trim(), "result")?;
    for (text, what) in [(hypothesis, "hypothesis"), (result, "result")] {
        if text.chars().count() > MAX_NOTE {
            return Err(StoreError::Invalid(format!(
                "the {what} is longer than {MAX_NOTE} characters"
            )));
        }
    }
    if let Some(reach) = new.reach
        && reach < 0
    {
        return Err(StoreError::Invalid("the reach is negative".into()));
    }
    if !(1..=1_000).contains(&new.impact) {
        return Err(StoreError::Invalid(
            "the impact must be above 0 and at most 10 (in hundredths: 1 to 1000)".into(),
        ));
    }
    if !(0..=100).contains(&new.confidence) {
        return Err(StoreError::Invalid(
            "the confidence must be a percentage from 0 to 100".into(),
        ));
    }
    if !(1..=10_000).contains(&new.effort) {
        return Err(StoreError::Invalid(
            "the effort must be above 0 and at most 1000 person-months".into(),
        ));
    }
    Ok(Checked {
        step,
        title,
        hypothesis,
        result,
    })
}

/// Records an experiment for `document`.
pub(crate) async fn add_experiment<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    new: NewExperiment<'_>,
) -> Result<Experiment> {
    let checked = check_experiment(&new)?;
    let mut tx = db.begin_write().await?;
    lock::<B>(&mut tx, actor, document, Role::can_edit).await?;
    let id = ExperimentId(random_id()?);
    let insert = sql(q::INSERT_EXPERIMENT)
        .bind(id.0)
        .bind(document.0)
        .bind(checked.step)
        .bind(checked.title)
        .bind(checked.hypothesis)
        .bind(new.reach)
        .bind(new.impact)
        .bind(new.confidence)
        .bind(new.effort)
        .bind(new.status.as_str())
        .bind(checked.result)
        .bind(actor.0)
        .bind(tick());
    tx.execute(insert).await?;
    let found = experiments_in(&mut tx, document).await?;
    tx.commit().await?;
    found
        .into_iter()
        .find(|e| e.id == id)
        .ok_or(StoreError::NotFound)
}

/// Changes an experiment: its status and result as it runs, or any field entered wrong.
pub(crate) async fn update_experiment<B: Backend>(
    db: &B,
    actor: UserId,
    experiment: ExperimentId,
    new: NewExperiment<'_>,
) -> Result<Experiment> {
    let checked = check_experiment(&new)?;
    let mut tx = db.begin_write().await?;
    let document = tx
        .fetch_optional(sql(q::EXPERIMENT_DOCUMENT).bind(experiment.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    let document = DocumentId(document.int("document_id")?);
    lock::<B>(&mut tx, actor, document, Role::can_edit).await?;
    let update = sql(q::UPDATE_EXPERIMENT)
        .bind(experiment.0)
        .bind(checked.step)
        .bind(checked.title)
        .bind(checked.hypothesis)
        .bind(new.reach)
        .bind(new.impact)
        .bind(new.confidence)
        .bind(new.effort)
        .bind(new.status.as_str())
        .bind(checked.result)
        .bind(tick());
    tx.execute(update).await?;
    let found = experiments_in(&mut tx, document).await?;
    tx.commit().await?;
    found
        .into_iter()
        .find(|e| e.id == experiment)
        .ok_or(StoreError::NotFound)
}

/// Every experiment of `document`, oldest first.
pub(crate) async fn experiments(
    db: &impl Backend,
    actor: UserId,
    document: DocumentId,
) -> Result<Vec<Experiment>> {
    let mut tx = db.begin_snapshot().await?;
    member(&mut tx, actor, document).await?;
    let found = experiments_in(&mut tx, document).await?;
    tx.rollback().await?;
    Ok(found)
}

async fn experiments_in(tx: &mut impl Tx, document: DocumentId) -> Result<Vec<Experiment>> {
    let found = tx
        .fetch_all(sql(q::EXPERIMENTS_OF_DOCUMENT).bind(document.0))
        .await?;
    let mut experiments = Vec::with_capacity(found.len());
    for row in &found {
        experiments.push(Experiment {
            id: ExperimentId(row.int("experiment_id")?),
            document,
            step: row.text("step")?,
            title: row.text("title")?,
            hypothesis: row.text("hypothesis")?,
            reach: row.opt_int("reach")?,
            impact: row.int("impact")?,
            confidence: row.int("confidence")?,
            effort: row.int("effort")?,
            status: row.text("status")?.parse()?,
            result: row.text("result")?,
            created_by: UserId(row.int("created_by")?),
            created_by_name: row.text("created_by_name")?,
            created_at: row.int("created_at")?,
            updated_at: row.int("updated_at")?,
        });
    }
    Ok(experiments)
}

/// The longest table name or column map kept, in characters.
const MAX_SOURCE_FIELD: usize = 500;

fn source_from(row: &impl Record, document: DocumentId) -> Result<(OutcomeSource, String)> {
    let last_refresh = match row.opt_int("refreshed_at")? {
        Some(at) => Some(OutcomeRefresh {
            at,
            by: row.opt_int("refreshed_by")?.map(UserId),
            by_name: row.opt_text("refreshed_by_name")?,
            ok: row.opt_int("refresh_ok")? == Some(1),
            result: row.opt_text("refresh_result")?.unwrap_or_default(),
        }),
        None => None,
    };
    let source = OutcomeSource {
        document,
        url: row.text("shown_url")?,
        table: row.text("table_name")?,
        map: row.text("column_map")?,
        set_by: UserId(row.int("set_by")?),
        set_by_name: row.text("set_by_name")?,
        set_at: row.int("set_at")?,
        last_refresh,
    };
    Ok((source, row.text("sealed_url")?))
}

/// The actor's role in `document`'s workspace, in `tx`'s snapshot; a stranger is
/// [`StoreError::NotFound`].
async fn role_in(tx: &mut impl Tx, actor: UserId, document: DocumentId) -> Result<Role> {
    let row = tx
        .fetch_optional(sql(q::DOCUMENT_FOR_MEMBER).bind(document.0).bind(actor.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    rows::role(&row)
}

/// The document's event source as every member sees it (no password), or none.
pub(crate) async fn outcome_source(
    db: &impl Backend,
    actor: UserId,
    document: DocumentId,
) -> Result<Option<OutcomeSource>> {
    let mut tx = db.begin_snapshot().await?;
    member(&mut tx, actor, document).await?;
    let row = tx
        .fetch_optional(sql(q::OUTCOME_SOURCE).bind(document.0))
        .await?;
    tx.rollback().await?;
    row.map(|row| source_from(&row, document).map(|(source, _)| source))
        .transpose()
}

/// The document's event source with its sealed address, for a refresh: editors and
/// owners only.
pub(crate) async fn outcome_source_sealed(
    db: &impl Backend,
    actor: UserId,
    document: DocumentId,
) -> Result<Option<(OutcomeSource, String)>> {
    let mut tx = db.begin_snapshot().await?;
    let role = role_in(&mut tx, actor, document).await?;
    require(Some(role), Role::can_edit)?;
    let row = tx
        .fetch_optional(sql(q::OUTCOME_SOURCE).bind(document.0))
        .await?;
    tx.rollback().await?;
    row.map(|row| source_from(&row, document)).transpose()
}

/// Sets (or replaces) the document's event source; a replaced source's last refresh
/// is forgotten with it. Editors and owners only; every field is checked and named.
pub(crate) async fn set_outcome_source<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    new: NewOutcomeSource<'_>,
) -> Result<OutcomeSource> {
    let shown_url = valid_text(new.shown_url, "event source's address", MAX_SOURCE_FIELD)?;
    let sealed_url = new.sealed_url.trim();
    if sealed_url.is_empty() || !sealed_url.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(StoreError::Invalid(
            "the event source's address is not sealed".into(),
        ));
    }
    let table = valid_text(new.table, "event source's table", MAX_SOURCE_FIELD)?;
    let map = new.map.trim();
    if map.chars().count() > MAX_SOURCE_FIELD || map.chars().any(char::is_control) {
        return Err(StoreError::Invalid(format!(
            "the event source's column map is longer than {MAX_SOURCE_FIELD} characters \
             or holds a control character"
        )));
    }
    let mut tx = db.begin_write().await?;
    lock::<B>(&mut tx, actor, document, Role::can_edit).await?;
    let upsert = sql(q::UPSERT_OUTCOME_SOURCE)
        .bind(document.0)
        .bind(shown_url)
        .bind(sealed_url)
        .bind(table)
        .bind(map)
        .bind(actor.0)
        .bind(tick());
    tx.execute(upsert).await?;
    let row = tx
        .fetch_optional(sql(q::OUTCOME_SOURCE).bind(document.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    let (source, _) = source_from(&row, document)?;
    tx.commit().await?;
    Ok(source)
}

/// Removes the document's event source; the events it imported stay. Answers whether
/// there was one. Editors and owners only.
pub(crate) async fn delete_outcome_source<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
) -> Result<bool> {
    let mut tx = db.begin_write().await?;
    lock::<B>(&mut tx, actor, document, Role::can_edit).await?;
    let removed = tx
        .execute(sql(q::DELETE_OUTCOME_SOURCE).bind(document.0))
        .await?;
    tx.commit().await?;
    Ok(removed > 0)
}

/// Records a refresh's time and result on the source whose sealed address it read;
/// answers the source as it is now (none when it was removed meanwhile).
pub(crate) async fn record_outcome_refresh<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    sealed_url: &str,
    ok: bool,
    result: &str,
) -> Result<Option<OutcomeSource>> {
    let result: String = result
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .take(MAX_NOTE)
        .collect();
    let mut tx = db.begin_write().await?;
    lock::<B>(&mut tx, actor, document, Role::can_edit).await?;
    let update = sql(q::RECORD_OUTCOME_REFRESH)
        .bind(document.0)
        .bind(sealed_url)
        .bind(tick())
        .bind(actor.0)
        .bind(i64::from(ok))
        .bind(result.as_str());
    tx.execute(update).await?;
    let row = tx
        .fetch_optional(sql(q::OUTCOME_SOURCE).bind(document.0))
        .await?;
    let source = row
        .map(|row| source_from(&row, document).map(|(source, _)| source))
        .transpose()?;
    tx.commit().await?;
    Ok(source)
}
