//! Passages linked to a document's claims, deleting a customer's feedback on request,
//! the team's theme choices, and what themes read: the items and the stamp of what they
//! are computed from (schema 13's counts, raised by every write of either).

use crate::model::*;
use crate::secret::random_id;
use crate::sql::backend::{Backend, Record, Tx, sql};
use crate::sql::documents;
use crate::sql::evidence::workspace_role;
use crate::sql::{require, rows, valid_body};
use crate::{Result, StoreError};

/// The longest claim text a link is anchored to, in characters.
const MAX_CLAIM: usize = 20_000;
/// The most theme choices text, in bytes.
const MAX_CHOICES: usize = 1024 * 1024;

const LINK_COLUMNS: &str = "l.id AS id, l.document_id AS document_id, \
    l.claim_kind AS claim_kind, l.claim_text AS claim_text, l.feedback_id AS feedback_id, \
    l.importance AS importance, l.quote AS quote, l.customer AS customer, \
    l.customer_id AS customer_id, s.name AS source, l.created_by AS created_by, \
    l.created_at AS created_at";

fn link_of(row: &impl Record) -> Result<EvidenceLink> {
    Ok(EvidenceLink {
        id: EvidenceLinkId(row.int("id")?),
        document: DocumentId(row.int("document_id")?),
        claim_kind: row.text("claim_kind")?.parse()?,
        claim_text: row.text("claim_text")?,
        feedback: FeedbackId(row.int("feedback_id")?),
        importance: row.text("importance")?.parse()?,
        quote: row.text("quote")?,
        customer: row.opt_text("customer")?,
        customer_id: row.opt_int("customer_id")?.map(CustomerId),
        source: row.text("source")?,
        created_by: UserId(row.int("created_by")?),
        created_at: row.int("created_at")?,
    })
}

/// The document's workspace and the actor's role in it; strangers get `NotFound`.
async fn document_role<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    allowed: fn(Role) -> bool,
) -> Result<WorkspaceId> {
    let row = db
        .fetch_optional(
            sql(
                "SELECT d.workspace_id AS workspace_id, m.role AS role FROM documents d \
                 JOIN memberships m ON m.workspace_id = d.workspace_id AND m.user_id = $2 \
                 WHERE d.id = $1",
            )
            .bind(document.0)
            .bind(actor.0),
        )
        .await?
        .ok_or(StoreError::NotFound)?;
    require(Some(rows::role(&row)?), allowed)?;
    Ok(WorkspaceId(row.int("workspace_id")?))
}

/// The passages linked to a document's claims (members), oldest first.
pub(crate) async fn links<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
) -> Result<Vec<EvidenceLink>> {
    document_role(db, actor, document, |_| true).await?;
    let text = format!(
        "SELECT {LINK_COLUMNS} FROM evidence_links l \
         JOIN feedback_items f ON f.id = l.feedback_id \
         JOIN evidence_sources s ON s.id = f.source_id \
         WHERE l.document_id = $1 ORDER BY l.created_at, l.id"
    );
    let rows = db
        .fetch_all(sql(sqlx::AssertSqlSafe(text)).bind(document.0))
        .await?;
    rows.iter().map(link_of).collect()
}

/// A claim's text, trimmed and checked, as links are anchored to it.
fn claim_anchor(text: &str) -> Result<&str> {
    let claim = valid_body(text.trim(), "claim")?;
    if claim.is_empty() {
        return Err(StoreError::Invalid("the claim is empty".to_string()));
    }
    if claim.chars().count() > MAX_CLAIM {
        return Err(StoreError::Invalid(format!(
            "the claim is longer than {MAX_CLAIM} characters"
        )));
    }
    Ok(claim)
}

/// Links a passage of the document's workspace to one of its claims (editors),
/// keeping the passage's text and customer as they are now. Linking the same passage
/// to the same claim again changes its importance.
pub(crate) async fn link<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    new: NewEvidenceLink<'_>,
) -> Result<EvidenceLink> {
    let workspace = document_role(db, actor, document, Role::can_edit).await?;
    claim_anchor(new.claim_text)?;
    let mut tx = db.begin_write().await?;
    let link = link_in(&mut tx, actor, workspace, document, new).await?;
    tx.commit().await?;
    Ok(link)
}

/// [`link`] inside the caller's transaction, the role already checked.
async fn link_in(
    tx: &mut impl Tx,
    actor: UserId,
    workspace: WorkspaceId,
    document: DocumentId,
    new: NewEvidenceLink<'_>,
) -> Result<EvidenceLink> {
    let claim = claim_anchor(new.claim_text)?;
    let item = tx
        .fetch_optional(
            sql(
                "SELECT f.text AS text, f.customer_id AS customer_id, c.label AS label \
                 FROM feedback_items f LEFT JOIN evidence_customers c ON c.id = f.customer_id \
                 WHERE f.id = $1 AND f.workspace_id = $2",
            )
            .bind(new.feedback.0)
            .bind(workspace.0),
        )
        .await?
        .ok_or(StoreError::NotFound)?;
    let existing = tx
        .fetch_optional(
            sql(
                "SELECT id FROM evidence_links WHERE document_id = $1 AND claim_kind = $2 \
                 AND claim_text = $3 AND feedback_id = $4",
            )
            .bind(document.0)
            .bind(new.claim_kind.as_str())
            .bind(claim)
            .bind(new.feedback.0),
        )
        .await?;
    let id = match existing {
        Some(row) => {
            let id = row.int("id")?;
            tx.execute(
                sql("UPDATE evidence_links SET importance = $1 WHERE id = $2")
                    .bind(new.importance.as_str())
                    .bind(id),
            )
            .await?;
            id
        }
        None => {
            let id = random_id()?;
            tx.execute(
                sql(
                    "INSERT INTO evidence_links (id, document_id, claim_kind, claim_text, \
                     feedback_id, importance, quote, customer_id, customer, created_by, \
                     created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(id)
                .bind(document.0)
                .bind(new.claim_kind.as_str())
                .bind(claim)
                .bind(new.feedback.0)
                .bind(new.importance.as_str())
                .bind(item.text("text")?)
                .bind(item.opt_int("customer_id")?)
                .bind(item.opt_text("label")?)
                .bind(actor.0)
                .bind(now_millis()),
            )
            .await?;
            id
        }
    };
    link_by_id(tx, id, document)
        .await?
        .ok_or(StoreError::NotFound)
}

/// One link of the document, read inside a transaction.
async fn link_by_id(
    tx: &mut impl Tx,
    id: i64,
    document: DocumentId,
) -> Result<Option<EvidenceLink>> {
    let text = format!(
        "SELECT {LINK_COLUMNS} FROM evidence_links l \
         JOIN feedback_items f ON f.id = l.feedback_id \
         JOIN evidence_sources s ON s.id = f.source_id \
         WHERE l.id = $1 AND l.document_id = $2"
    );
    let row = tx
        .fetch_optional(sql(sqlx::AssertSqlSafe(text)).bind(id).bind(document.0))
        .await?;
    row.as_ref().map(link_of).transpose()
}

/// Saves a revision and moves links to their claims' new text in one transaction
/// (editors): the revision with the same checks as a save, then each link made again
/// on its new text and the old one removed. Any failure rolls everything back.
pub(crate) async fn save_moving_links<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    save: SaveRevision<'_>,
    moves: &[MovedLink<'_>],
) -> Result<(RevisionMeta, Vec<EvidenceLink>)> {
    for moved in moves {
        claim_anchor(moved.claim_text)?;
    }
    let mut tx = db.begin_write().await?;
    let (meta, workspace) = documents::save_in::<B>(&mut tx, actor, document, save).await?;
    let mut links = Vec::with_capacity(moves.len());
    for moved in moves {
        let old = link_by_id(&mut tx, moved.link.0, document)
            .await?
            .ok_or(StoreError::NotFound)?;
        if old.claim_text == claim_anchor(moved.claim_text)? {
            links.push(old);
            continue;
        }
        let new = NewEvidenceLink {
            claim_kind: old.claim_kind,
            claim_text: moved.claim_text,
            feedback: old.feedback,
            importance: old.importance,
        };
        let relinked = link_in(&mut tx, actor, workspace, document, new).await?;
        tx.execute(
            sql("DELETE FROM evidence_links WHERE id = $1 AND document_id = $2")
                .bind(old.id.0)
                .bind(document.0),
        )
        .await?;
        links.push(relinked);
    }
    tx.commit().await?;
    Ok((meta, links))
}

/// Removes a link (editors of its document's workspace).
pub(crate) async fn unlink<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    link: EvidenceLinkId,
) -> Result<()> {
    document_role(db, actor, document, Role::can_edit).await?;
    let removed = db
        .execute(
            sql("DELETE FROM evidence_links WHERE id = $1 AND document_id = $2")
                .bind(link.0)
                .bind(document.0),
        )
        .await?;
    if removed == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Deletes everything a customer said (owners): the customer found by any identity
/// (`email:…`), every item of theirs, every link to those items or naming them, and
/// the customer with all their identities. An identity no customer has removes nothing.
pub(crate) async fn delete_customer<B: Backend>(
    db: &B,
    actor: UserId,
    workspace: WorkspaceId,
    identity: &str,
) -> Result<CustomerDeleted> {
    workspace_role(db, actor, workspace, Role::can_manage).await?;
    let mut tx = db.begin_write().await?;
    // First, before any row of the feedback: the workspace's row is then held as an
    // import's batch holds it, so a deletion waits for the batch (and the batch for it)
    // instead of each holding rows the other needs.
    feedback_changed(&mut tx, workspace).await?;
    let found = tx
        .fetch_optional(
            sql("SELECT customer_id FROM evidence_identities \
                 WHERE workspace_id = $1 AND identity = $2")
            .bind(workspace.0)
            .bind(identity),
        )
        .await?;
    let Some(row) = found else {
        return Ok(CustomerDeleted::default());
    };
    let customer = row.int("customer_id")?;
    let links = tx
        .execute(
            sql(
                "DELETE FROM evidence_links WHERE customer_id = $1 OR feedback_id IN \
                 (SELECT id FROM feedback_items WHERE customer_id = $1)",
            )
            .bind(customer),
        )
        .await?;
    let items = tx
        .execute(sql("DELETE FROM feedback_items WHERE customer_id = $1").bind(customer))
        .await?;
    tx.execute(sql("DELETE FROM evidence_identities WHERE customer_id = $1").bind(customer))
        .await?;
    tx.execute(sql("DELETE FROM evidence_customers WHERE id = $1").bind(customer))
        .await?;
    tx.commit().await?;
    Ok(CustomerDeleted { items, links })
}

/// The team's theme choices (members), if any were saved.
pub(crate) async fn theme_choices<B: Backend>(
    db: &B,
    actor: UserId,
    workspace: WorkspaceId,
) -> Result<Option<ThemeChoices>> {
    workspace_role(db, actor, workspace, |_| true).await?;
    let row = db
        .fetch_optional(
            sql("SELECT choices, updated_by, updated_at FROM theme_choices \
                 WHERE workspace_id = $1")
            .bind(workspace.0),
        )
        .await?;
    row.map(|row| {
        Ok(ThemeChoices {
            choices: row.text("choices")?,
            updated_by: UserId(row.int("updated_by")?),
            updated_at: row.int("updated_at")?,
        })
    })
    .transpose()
}

/// Replaces the team's theme choices (editors).
pub(crate) async fn set_theme_choices<B: Backend>(
    db: &B,
    actor: UserId,
    workspace: WorkspaceId,
    choices: &str,
) -> Result<ThemeChoices> {
    workspace_role(db, actor, workspace, Role::can_edit).await?;
    let choices = valid_body(choices, "theme choices")?;
    let mut tx = db.begin_write().await?;
    // The same lock as `add_theme_choice`, so a replacement and an addition take turns.
    tx.fetch_optional(sql(B::LOCK_WORKSPACE).bind(workspace.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    let saved = write_choices(&mut tx, actor, workspace, choices).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Adds one choice at the end of the team's theme choices (editors). The workspace's
/// row is locked for the read and the write, so choices added at the same time are all
/// kept.
pub(crate) async fn add_theme_choice<B: Backend>(
    db: &B,
    actor: UserId,
    workspace: WorkspaceId,
    choice: &str,
) -> Result<ThemeChoices> {
    workspace_role(db, actor, workspace, Role::can_edit).await?;
    let choice: serde_json::Value = serde_json::from_str(valid_body(choice, "theme choice")?)
        .map_err(|e| StoreError::Invalid(format!("the theme choice is not JSON: {e}")))?;
    let mut tx = db.begin_write().await?;
    tx.fetch_optional(sql(B::LOCK_WORKSPACE).bind(workspace.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    let saved = tx
        .fetch_optional(
            sql("SELECT choices FROM theme_choices WHERE workspace_id = $1").bind(workspace.0),
        )
        .await?;
    let mut choices: Vec<serde_json::Value> = match saved {
        Some(row) => serde_json::from_str(&row.text("choices")?).map_err(|e| {
            StoreError::Invalid(format!("the saved theme choices are not a JSON array: {e}"))
        })?,
        None => Vec::new(),
    };
    choices.push(choice);
    let text = serde_json::to_string(&choices)
        .map_err(|e| StoreError::Invalid(format!("the theme choices: {e}")))?;
    let saved = write_choices(&mut tx, actor, workspace, &text).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Replaces the saved choices inside the caller's transaction.
async fn write_choices(
    tx: &mut impl Tx,
    actor: UserId,
    workspace: WorkspaceId,
    choices: &str,
) -> Result<ThemeChoices> {
    if choices.len() > MAX_CHOICES {
        return Err(StoreError::Invalid(
            "the theme choices are longer than 1 MiB".to_string(),
        ));
    }
    let now = now_millis();
    tx.execute(sql("DELETE FROM theme_choices WHERE workspace_id = $1").bind(workspace.0))
        .await?;
    tx.execute(
        sql(
            "UPDATE workspaces SET theme_choices_version = theme_choices_version + 1 \
             WHERE id = $1",
        )
        .bind(workspace.0),
    )
    .await?;
    tx.execute(
        sql(
            "INSERT INTO theme_choices (workspace_id, choices, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(workspace.0)
        .bind(choices)
        .bind(actor.0)
        .bind(now),
    )
    .await?;
    Ok(ThemeChoices {
        choices: choices.to_string(),
        updated_by: actor,
        updated_at: now,
    })
}

/// Counts one change of the workspace's feedback (items added or deleted, or moved to
/// another customer) in its `feedback_version`, inside the writer's transaction, so the
/// themes computed from the feedback before are never taken for the themes after. Once
/// a transaction, at its end: on PostgreSQL the workspace's row stays locked until the
/// commit, and writes of the same workspace's feedback take turns only for that moment.
pub(crate) async fn feedback_changed(tx: &mut impl Tx, workspace: WorkspaceId) -> Result<()> {
    tx.execute(
        sql("UPDATE workspaces SET feedback_version = feedback_version + 1 WHERE id = $1")
            .bind(workspace.0),
    )
    .await?;
    Ok(())
}

/// What the workspace's themes are computed from (members): [`ThemeStamp`], with the
/// membership checked in the same indexed read, as [`theme_items`] checks it.
pub(crate) async fn theme_stamp<B: Backend>(
    db: &B,
    actor: UserId,
    workspace: WorkspaceId,
) -> Result<ThemeStamp> {
    let row = db
        .fetch_optional(
            sql(
                "SELECT m.role AS role, w.feedback_version AS feedback_version, \
                 w.theme_choices_version AS theme_choices_version FROM workspaces w \
                 JOIN memberships m ON m.workspace_id = w.id AND m.user_id = $2 \
                 WHERE w.id = $1",
            )
            .bind(workspace.0)
            .bind(actor.0),
        )
        .await?;
    let role = row.as_ref().map(rows::role).transpose()?;
    require(role, |_| true)?;
    let row = row.ok_or(StoreError::NotFound)?;
    Ok(ThemeStamp {
        feedback_version: row.int("feedback_version")?,
        choices_version: row.int("theme_choices_version")?,
    })
}

/// The newest `limit` items of a workspace (members), for its themes.
pub(crate) async fn theme_items<B: Backend>(
    db: &B,
    actor: UserId,
    workspace: WorkspaceId,
    limit: u32,
) -> Result<Vec<ThemeItem>> {
    workspace_role(db, actor, workspace, |_| true).await?;
    let text = format!(
        "SELECT id, {} AS content_key, text, title, customer_id, day FROM feedback_items \
         WHERE workspace_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
        key_as_hex(B::KIND)
    );
    let rows = db
        .fetch_all(
            sql(sqlx::AssertSqlSafe(text))
                .bind(workspace.0)
                .bind(i64::from(limit)),
        )
        .await?;
    rows.iter()
        .map(|row| {
            let text = row.text("text")?;
            let text = match row.opt_text("title")? {
                Some(title) if !title.is_empty() && title != text => format!("{title}. {text}"),
                _ => text,
            };
            Ok(ThemeItem {
                id: FeedbackId(row.int("id")?),
                content_key: row.text("content_key")?,
                text,
                customer_id: row.opt_int("customer_id")?.map(CustomerId),
                day: row.opt_text("day")?,
            })
        })
        .collect()
}

/// The content key's 16 bytes as the 32 lowercase hex digits the store hands out.
fn key_as_hex(kind: crate::model::Backend) -> &'static str {
    match kind {
        crate::model::Backend::Sqlite => "lower(hex(content_key))",
        crate::model::Backend::Postgres => "encode(content_key, 'hex')",
    }
}
