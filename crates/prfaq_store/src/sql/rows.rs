//! The model's types from result rows, read by column name. The names are the ones
//! the statements in `queries.rs` give their columns; where a query joins two tables
//! whose columns share a name, the query gives each an alias (`user_created_at`,
//! `document_created_at`, `revision_created_at`, …), so every mapper reads one fixed
//! set of names whichever query the row came from.

use crate::Result;
use crate::model::*;
use crate::sql::backend::Record;

/// A role from its column `role`.
pub(crate) fn role(row: &impl Record) -> Result<Role> {
    row.text("role")?.parse()
}

/// `user_id`, `email`, `display_name`, `user_created_at`.
pub(crate) fn user(row: &impl Record) -> Result<User> {
    Ok(User {
        id: UserId(row.int("user_id")?),
        email: row.text("email")?,
        display_name: row.text("display_name")?,
        created_at: row.int("user_created_at")?,
    })
}

/// `user_id`, `session_created_at`, `expires_at`, `last_seen_at`.
pub(crate) fn session(row: &impl Record) -> Result<Session> {
    Ok(Session {
        user: UserId(row.int("user_id")?),
        created_at: row.int("session_created_at")?,
        expires_at: row.int("expires_at")?,
        last_seen_at: row.int("last_seen_at")?,
    })
}

/// `workspace_id`, `workspace_name`, `workspace_created_at` and the actor's `role`.
pub(crate) fn workspace(row: &impl Record) -> Result<(Workspace, Role)> {
    Ok((
        Workspace {
            id: WorkspaceId(row.int("workspace_id")?),
            name: row.text("workspace_name")?,
            created_at: row.int("workspace_created_at")?,
        },
        role(row)?,
    ))
}

/// An invitation and the invitee's `email_key`: `invitation_id`, `workspace_id`,
/// `workspace_name`, `email`, `role`, `invited_by`, `invitation_created_at`,
/// `expires_at`, `accepted_at`, `email_key`.
pub(crate) fn invitation(row: &impl Record) -> Result<(Invitation, String)> {
    Ok((
        Invitation {
            id: InvitationId(row.int("invitation_id")?),
            workspace: WorkspaceId(row.int("workspace_id")?),
            workspace_name: row.text("workspace_name")?,
            email: row.text("email")?,
            role: role(row)?,
            invited_by: UserId(row.int("invited_by")?),
            created_at: row.int("invitation_created_at")?,
            expires_at: row.int("expires_at")?,
            accepted_at: row.opt_int("accepted_at")?,
        },
        row.text("email_key")?,
    ))
}

/// `token_id`, `user_id`, `name`, `scope`, `created_at`, `last_used_at`, `revoked_at`.
pub(crate) fn token(row: &impl Record) -> Result<ApiToken> {
    Ok(ApiToken {
        id: TokenId(row.int("token_id")?),
        user: UserId(row.int("user_id")?),
        name: row.text("name")?,
        scope: row.text("scope")?.parse()?,
        created_at: row.int("created_at")?,
        last_used_at: row.opt_int("last_used_at")?,
        revoked_at: row.opt_int("revoked_at")?,
    })
}

/// The columns of `queries::document_columns!`.
pub(crate) fn document(row: &impl Record) -> Result<Document> {
    Ok(Document {
        id: DocumentId(row.int("document_id")?),
        workspace: WorkspaceId(row.int("workspace_id")?),
        title: row.text("title")?,
        status: row.text("status")?.parse()?,
        archived_at: row.opt_int("archived_at")?,
        created_by: UserId(row.int("created_by")?),
        created_by_name: row.text("created_by_name")?,
        created_at: row.int("document_created_at")?,
        updated_at: row.int("updated_at")?,
        current_revision: row.int("current_revision")?,
    })
}

/// `document_id`, `number`, `author_id`, `author_name`, `note`,
/// `revision_created_at`, `size`.
pub(crate) fn revision_meta(row: &impl Record) -> Result<RevisionMeta> {
    Ok(RevisionMeta {
        document: DocumentId(row.int("document_id")?),
        number: row.int("number")?,
        author: UserId(row.int("author_id")?),
        author_name: row.text("author_name")?,
        note: row.text("note")?,
        created_at: row.int("revision_created_at")?,
        size: row.int("size")?,
    })
}

/// The columns of [`revision_meta`] and the revision's `body`.
pub(crate) fn revision(row: &impl Record) -> Result<Revision> {
    Ok(Revision {
        meta: revision_meta(row)?,
        body: row.text("body")?,
    })
}
