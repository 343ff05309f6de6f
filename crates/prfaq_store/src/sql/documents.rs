//! Documents and their append-only revisions, on any [`Backend`]. A save is one
//! statement that checks the role and the base revision and writes (the back end
//! decides how it reaches the database: SQLite's group commit, PostgreSQL's save lane);
//! only when it writes nothing is a second query asked why. Metadata changes and
//! restores lock the document in a write transaction instead.

use crate::front_matter;
use crate::model::*;
use crate::secret::random_id;
use crate::sql::backend::{Backend, Record, Statement, Tx, sql};
use crate::sql::queries as q;
use crate::sql::reviews;
use crate::sql::workspaces::{role_in, role_of};
use crate::sql::{
    Locked, MAX_TITLE, NewRevision, require, rows, valid_body, valid_text, write_error,
};
use crate::{Result, StoreError};

/// Locks a document for writing and returns its current revision and the actor's name,
/// refusing unless `allowed(role)`.
async fn lock_document<B: Backend>(
    tx: &mut B::Tx,
    actor: UserId,
    id: DocumentId,
    allowed: fn(Role) -> bool,
) -> Result<Locked> {
    let row = tx
        .fetch_optional(sql(B::LOCK_DOCUMENT).bind(id.0).bind(actor.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    require(Some(rows::role(&row)?), allowed)?;
    Ok(Locked {
        current: row.int("current_revision")?,
        actor_name: row.text("display_name")?,
    })
}

/// The document as the actor sees it, inside a transaction.
async fn document_in(tx: &mut impl Tx, actor: UserId, id: DocumentId) -> Result<Document> {
    let row = tx
        .fetch_optional(sql(q::DOCUMENT_FOR_MEMBER).bind(id.0).bind(actor.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    rows::document(&row)
}

pub(crate) async fn create_document(
    db: &impl Backend,
    actor: UserId,
    workspace: WorkspaceId,
    new: NewDocument<'_>,
) -> Result<Document> {
    let title = valid_text(new.title, "title", MAX_TITLE)?;
    let body = valid_body(new.body, "text")?;
    reviews::check_front_matter(body, Status::Draft)?;
    let note = valid_body(new.note.trim(), "note")?;
    let id = DocumentId(random_id()?);
    let now = now_millis();
    let mut tx = db.begin_write().await?;
    require(role_in(&mut tx, actor, workspace).await?, Role::can_edit)?;
    let insert = sql(q::INSERT_DOCUMENT)
        .bind(id.0)
        .bind(workspace.0)
        .bind(title)
        .bind(actor.0)
        .bind(now)
        .bind(now);
    tx.execute(insert)
        .await
        .map_err(|error| write_error(error, "a document"))?;
    let first = sql(q::INSERT_REVISION)
        .bind(id.0)
        .bind(1_i64)
        .bind(body)
        .bind(actor.0)
        .bind(note)
        .bind(now);
    tx.execute(first).await?;
    let document = document_in(&mut tx, actor, id).await?;
    tx.commit().await?;
    Ok(document)
}

pub(crate) async fn documents(
    db: &impl Backend,
    actor: UserId,
    workspace: WorkspaceId,
    query: &DocumentQuery,
) -> Result<Vec<Document>> {
    require(role_of(db, actor, workspace).await?, |_| true)?;
    let found = db
        .fetch_all(sql(q::DOCUMENTS_OF_WORKSPACE).bind(workspace.0))
        .await?;
    // The title search runs here rather than in SQL: a workspace holds a few hundred
    // documents at most, the search text can never be read as a pattern (`%`, `_`) or
    // as SQL, and case folding is the same full Unicode folding on both databases.
    let needle = query
        .title_contains
        .as_deref()
        .map(str::trim)
        .filter(|needle| !needle.is_empty())
        .map(str::to_lowercase);
    let mut documents = Vec::with_capacity(found.len());
    for row in &found {
        let document = rows::document(row)?;
        if document.archived_at.is_some() && !query.include_archived {
            continue;
        }
        if let Some(needle) = &needle
            && !document.title.to_lowercase().contains(needle.as_str())
        {
            continue;
        }
        documents.push(document);
    }
    Ok(documents)
}

pub(crate) async fn document_access(
    db: &impl Backend,
    actor: UserId,
    id: DocumentId,
) -> Result<(Document, Role)> {
    let statement = sql(q::DOCUMENT_FOR_MEMBER).bind(id.0).bind(actor.0);
    let row = db
        .fetch_hot(statement, false)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok((rows::document(&row)?, rows::role(&row)?))
}

pub(crate) async fn document_page(
    db: &impl Backend,
    actor: UserId,
    id: DocumentId,
) -> Result<DocumentPage> {
    let statement = sql(q::DOCUMENT_PAGE).bind(id.0).bind(actor.0);
    let row = db
        .fetch_hot(statement, false)
        .await?
        .ok_or(StoreError::NotFound)?;
    let (workspace, role) = rows::workspace(&row)?;
    Ok(DocumentPage {
        document: rows::document(&row)?,
        role,
        workspace,
        latest: rows::revision(&row)?,
    })
}

/// Locks a document, checks the role, runs one metadata update and returns the
/// document as it now is.
pub(crate) async fn update_document<B: Backend>(
    db: &B,
    actor: UserId,
    id: DocumentId,
    allowed: fn(Role) -> bool,
    update: Statement<'_>,
) -> Result<Document> {
    let mut tx = db.begin_write().await?;
    lock_document::<B>(&mut tx, actor, id, allowed).await?;
    tx.execute(update).await?;
    let document = document_in(&mut tx, actor, id).await?;
    tx.commit().await?;
    Ok(document)
}

pub(crate) async fn rename_document(
    db: &impl Backend,
    actor: UserId,
    id: DocumentId,
    title: &str,
) -> Result<Document> {
    let title = valid_text(title, "title", MAX_TITLE)?;
    let update = sql(q::RENAME_DOCUMENT)
        .bind(id.0)
        .bind(title)
        .bind(now_millis());
    update_document(db, actor, id, Role::can_edit, update).await
}

pub(crate) async fn set_archived<B: Backend>(
    db: &B,
    actor: UserId,
    id: DocumentId,
    archived: bool,
) -> Result<Document> {
    let now = now_millis();
    let mut tx = db.begin_write().await?;
    lock_document::<B>(&mut tx, actor, id, Role::can_edit).await?;
    let document = document_in(&mut tx, actor, id).await?;
    if document.archived_at.is_some() == archived {
        return Ok(document);
    }
    let update = sql(q::SET_ARCHIVED)
        .bind(id.0)
        .bind(archived.then_some(now))
        .bind(now);
    tx.execute(update).await?;
    let document = document_in(&mut tx, actor, id).await?;
    tx.commit().await?;
    Ok(document)
}

/// A save's one statement: the new revision, with the document as it left it when the
/// back end read that in the same round trip; `None` when the checks refused it (the
/// caller asks why).
async fn write_revision(
    db: &impl Backend,
    actor: UserId,
    document: DocumentId,
    save: SaveRevision<'_>,
) -> Result<Option<(RevisionMeta, Option<(Document, Role)>)>> {
    let body = valid_body(save.body, "text")?;
    let note = valid_body(save.note.trim(), "note")?;
    // Only a text whose front matter names a status costs a read first: it must name the
    // status the workspace keeps. A status change in between appends a revision, so the
    // save's base check catches it.
    if front_matter::status_line(body).is_some() {
        let (current, role) = document_access(db, actor, document).await?;
        require(Some(role), Role::can_edit)?;
        reviews::check_front_matter(body, current.status)?;
    }
    let now = now_millis();
    // One statement checks the role and the base and writes, so nothing is written
    // unless all holds (SQLite groups concurrent saves into one commit; see `group`).
    let written = db
        .insert_revision(NewRevision {
            document: document.0,
            base: save.base,
            body: body.to_owned(),
            author: actor.0,
            note: note.to_owned(),
            created_at: now,
        })
        .await;
    let written = match written {
        Ok(Some(written)) => written,
        Ok(None) => return Ok(None),
        // The primary key (document, number) is the last line of defence: a save that
        // raced another past the check is stale.
        Err(error) if crate::error::is_unique_violation(&error) => return Ok(None),
        Err(error) => return Err(error.into()),
    };
    let (number, author_name) = written.saved;
    let meta = RevisionMeta {
        document,
        number,
        author: actor,
        author_name,
        note: note.to_string(),
        created_at: now,
        size: body.len() as i64,
    };
    Ok(Some((meta, written.document)))
}

pub(crate) async fn save_revision(
    db: &impl Backend,
    actor: UserId,
    document: DocumentId,
    save: SaveRevision<'_>,
) -> Result<RevisionMeta> {
    match write_revision(db, actor, document, save).await? {
        Some((meta, _)) => {
            reviews::place_threads(db, document, meta.number, save.body).await?;
            Ok(meta)
        }
        None => Err(why_not_saved(db, actor, document).await),
    }
}

/// Why a save wrote nothing: the document is unknown to the caller, their role does not
/// allow editing, or the text was edited from an older revision than the newest.
async fn why_not_saved(db: &impl Backend, actor: UserId, document: DocumentId) -> StoreError {
    let read = async {
        let row = db
            .fetch_optional(sql(q::REVISION_AND_ROLE).bind(document.0).bind(actor.0))
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok::<_, StoreError>((row.int("current_revision")?, rows::role(&row)?))
    };
    match read.await {
        Ok((_, role)) if !role.can_edit() => StoreError::Forbidden,
        Ok((current, _)) => StoreError::Stale { current },
        Err(error) => error,
    }
}

pub(crate) async fn submit_revision(
    db: &impl Backend,
    actor: UserId,
    document: DocumentId,
    save: SaveRevision<'_>,
) -> Result<Submitted> {
    let Some((revision, written)) = write_revision(db, actor, document, save).await? else {
        return stale_report(db, actor, document, save.base).await;
    };
    reviews::place_threads(db, document, revision.number, save.body).await?;
    let (document, role) = match written {
        Some(written) => written,
        None => document_access(db, actor, document).await?,
    };
    Ok(Submitted::Saved {
        revision,
        document,
        role,
    })
}

/// Why a refused save wrote nothing, with what changed since its base, in one query:
/// [`StoreError::NotFound`] or [`StoreError::Forbidden`], or the newest revision and
/// the base's text.
async fn stale_report(
    db: &impl Backend,
    actor: UserId,
    document: DocumentId,
    base: Option<i64>,
) -> Result<Submitted> {
    let statement = sql(q::STALE_REPORT)
        .bind(document.0)
        .bind(actor.0)
        .bind(base);
    let row = db
        .fetch_hot(statement, true)
        .await?
        .ok_or(StoreError::NotFound)?;
    if !rows::role(&row)?.can_edit() {
        return Err(StoreError::Forbidden);
    }
    Ok(Submitted::Stale {
        latest: rows::revision(&row)?,
        base_text: row.opt_text("base_text")?,
    })
}

pub(crate) async fn restore_revision<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    number: i64,
    base: Option<i64>,
) -> Result<RevisionMeta> {
    let mut tx = db.begin_write().await?;
    let locked = lock_document::<B>(&mut tx, actor, document, Role::can_edit).await?;
    let body = tx
        .fetch_optional(sql(q::REVISION_BODY).bind(document.0).bind(number))
        .await?
        .ok_or(StoreError::NotFound)?
        .text("body")?;
    let note = format!("Restored revision {number}");
    // An old text's front matter may name an old status: it says the current one.
    let status = document_in(&mut tx, actor, document).await?.status;
    let body = front_matter::with_status(&body, status.as_str()).unwrap_or(body);
    let save = SaveRevision {
        base,
        body: &body,
        note: &note,
    };
    let meta = append_revision(&mut tx, actor, document, locked, save).await?;
    reviews::place_in(&mut tx, document, meta.number, &body).await?;
    tx.commit().await?;
    Ok(meta)
}

/// Saves a new revision inside the caller's write transaction (editors), with the same
/// base and front matter checks as a save, and places the review threads on it; answers
/// the revision and the document's workspace. Nothing is written until the caller
/// commits, so the caller's other writes go with the revision or not at all.
pub(crate) async fn save_in<B: Backend>(
    tx: &mut B::Tx,
    actor: UserId,
    document: DocumentId,
    save: SaveRevision<'_>,
) -> Result<(RevisionMeta, WorkspaceId)> {
    let locked = lock_document::<B>(tx, actor, document, Role::can_edit).await?;
    let current = document_in(tx, actor, document).await?;
    if let Some(base) = save.base
        && base != locked.current
    {
        return Err(StoreError::Stale {
            current: locked.current,
        });
    }
    if front_matter::status_line(save.body).is_some() {
        reviews::check_front_matter(save.body, current.status)?;
    }
    let meta = append_revision(tx, actor, document, locked, save).await?;
    reviews::place_in(tx, document, meta.number, save.body).await?;
    Ok((meta, current.workspace))
}

/// Appends revision `current + 1` after checking `base`; the caller holds the
/// document's lock, so nobody else can append in between.
async fn append_revision(
    tx: &mut impl Tx,
    actor: UserId,
    document: DocumentId,
    locked: Locked,
    save: SaveRevision<'_>,
) -> Result<RevisionMeta> {
    let current = locked.current;
    if let Some(base) = save.base
        && base != current
    {
        return Err(StoreError::Stale { current });
    }
    let body = valid_body(save.body, "text")?;
    let note = valid_body(save.note.trim(), "note")?;
    let number = current + 1;
    let now = now_millis();
    let insert = sql(q::INSERT_REVISION)
        .bind(document.0)
        .bind(number)
        .bind(body)
        .bind(actor.0)
        .bind(note)
        .bind(now);
    match tx.execute(insert).await {
        Ok(_) => {}
        // The primary key (document, number) is the last line of defence: if two saves
        // ever got past the lock, the second is stale.
        Err(error) if crate::error::is_unique_violation(&error) => {
            return Err(StoreError::Stale { current: number });
        }
        Err(error) => return Err(error.into()),
    }
    Ok(RevisionMeta {
        document,
        number,
        author: actor,
        author_name: locked.actor_name,
        note: note.to_string(),
        created_at: now,
        size: body.len() as i64,
    })
}

pub(crate) async fn revisions(
    db: &impl Backend,
    actor: UserId,
    document: DocumentId,
) -> Result<Vec<RevisionMeta>> {
    let found = db
        .fetch_all(sql(q::HISTORY).bind(document.0).bind(actor.0))
        .await?;
    // Every document has revision 1, so no rows means no access.
    if found.is_empty() {
        return Err(StoreError::NotFound);
    }
    found.iter().map(rows::revision_meta).collect()
}

pub(crate) async fn revision(
    db: &impl Backend,
    actor: UserId,
    document: DocumentId,
    number: i64,
) -> Result<Revision> {
    let statement = sql(q::REVISION).bind(document.0).bind(actor.0).bind(number);
    let row = db
        .fetch_optional(statement)
        .await?
        .ok_or(StoreError::NotFound)?;
    rows::revision(&row)
}

pub(crate) async fn latest_revision(
    db: &impl Backend,
    actor: UserId,
    document: DocumentId,
) -> Result<Revision> {
    let row = db
        .fetch_optional(sql(q::LATEST_REVISION).bind(document.0).bind(actor.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    rows::revision(&row)
}
