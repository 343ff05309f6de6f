//! The SQL both databases run unchanged. Parameters are `$1`, `$2`, … (PostgreSQL's
//! syntax, which SQLite also accepts); every value a user supplies is bound, never
//! spliced into the text. Statements that differ between the databases (row locks)
//! live in `sqlite.rs` and `postgres.rs`.

pub(crate) const COUNT_USERS: &str = "SELECT COUNT(*) AS users FROM users";

pub(crate) const INSERT_USER: &str = "INSERT INTO users \
    (id, email, email_key, display_name, password_hash, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6)";

pub(crate) const USER_BY_ID: &str = "SELECT id AS user_id, email, display_name, \
    created_at AS user_created_at FROM users WHERE id = $1";

pub(crate) const CREDENTIALS: &str = "SELECT id AS user_id, email, display_name, \
    created_at AS user_created_at, password_hash FROM users WHERE email_key = $1";

pub(crate) const SET_PASSWORD_HASH: &str = "UPDATE users SET password_hash = $2 WHERE id = $1";

pub(crate) const INSERT_SESSION: &str = "INSERT INTO sessions \
    (id, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)";

pub(crate) const SESSION_BY_HASH: &str = "SELECT user_id, created_at AS session_created_at, \
    expires_at, last_seen_at FROM sessions WHERE id = $1 AND expires_at > $2";

/// The session and its user in one query: every signed-in request starts with it.
pub(crate) const SESSION_USER_BY_HASH: &str = "SELECT s.user_id AS user_id, \
    s.created_at AS session_created_at, s.expires_at AS expires_at, \
    s.last_seen_at AS last_seen_at, u.email AS email, u.display_name AS display_name, \
    u.created_at AS user_created_at \
    FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND s.expires_at > $2";

pub(crate) const TOUCH_SESSION: &str = "UPDATE sessions SET last_seen_at = $2 WHERE id = $1";

pub(crate) const DELETE_SESSION: &str = "DELETE FROM sessions WHERE id = $1";

pub(crate) const DELETE_USER_SESSIONS: &str = "DELETE FROM sessions WHERE user_id = $1";

pub(crate) const PURGE_SESSIONS: &str = "DELETE FROM sessions WHERE expires_at <= $1";

pub(crate) const INSERT_SIGN_IN_FAILURE: &str = "INSERT INTO sign_in_failures \
    (id, account_key, address, attempted_at) VALUES ($1, $2, $3, $4)";

/// Failures of one account from one address, and of one address, with the newest of
/// each: the web layer slows down only the pair or the address that keeps failing.
pub(crate) const COUNT_SIGN_IN_FAILURES: &str = "SELECT \
    (SELECT COUNT(*) FROM sign_in_failures \
        WHERE account_key = $1 AND address = $2 AND attempted_at >= $3) AS pair, \
    (SELECT MAX(attempted_at) FROM sign_in_failures \
        WHERE account_key = $1 AND address = $2 AND attempted_at >= $3) AS pair_last, \
    (SELECT COUNT(*) FROM sign_in_failures WHERE address = $2 AND attempted_at >= $3) \
        AS address, \
    (SELECT MAX(attempted_at) FROM sign_in_failures WHERE address = $2 AND attempted_at >= $3) \
        AS address_last";

pub(crate) const CLEAR_SIGN_IN_FAILURES: &str =
    "DELETE FROM sign_in_failures WHERE account_key = $1 AND address = $2";

pub(crate) const PURGE_SIGN_IN_FAILURES: &str =
    "DELETE FROM sign_in_failures WHERE attempted_at < $1";

pub(crate) const INSERT_WORKSPACE: &str =
    "INSERT INTO workspaces (id, name, created_at) VALUES ($1, $2, $3)";

pub(crate) const INSERT_MEMBERSHIP: &str = "INSERT INTO memberships \
    (workspace_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) \
    ON CONFLICT (workspace_id, user_id) DO NOTHING";

/// Joins by invitation: a newcomer gets the invited role, a member is raised to it when
/// it is higher than the role they have, and never lowered.
pub(crate) const JOIN_BY_INVITATION: &str = "INSERT INTO memberships \
    (workspace_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) \
    ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role \
    WHERE (CASE excluded.role WHEN 'owner' THEN 4 WHEN 'editor' THEN 3 \
        WHEN 'reviewer' THEN 2 ELSE 1 END) \
    > (CASE memberships.role WHEN 'owner' THEN 4 WHEN 'editor' THEN 3 \
        WHEN 'reviewer' THEN 2 ELSE 1 END)";

pub(crate) const WORKSPACES_OF: &str = "SELECT w.id AS workspace_id, w.name AS workspace_name, \
    w.created_at AS workspace_created_at, m.role AS role \
    FROM memberships m JOIN workspaces w ON w.id = m.workspace_id \
    WHERE m.user_id = $1 ORDER BY w.created_at, w.id";

pub(crate) const WORKSPACE_FOR_MEMBER: &str = "SELECT w.id AS workspace_id, w.name AS workspace_name, \
    w.created_at AS workspace_created_at, m.role AS role \
    FROM workspaces w JOIN memberships m ON m.workspace_id = w.id AND m.user_id = $2 \
    WHERE w.id = $1";

pub(crate) const WORKSPACE_NAME: &str =
    "SELECT name AS workspace_name FROM workspaces WHERE id = $1";

pub(crate) const RENAME_WORKSPACE: &str = "UPDATE workspaces SET name = $2 WHERE id = $1";

pub(crate) const ROLE_OF: &str =
    "SELECT role FROM memberships WHERE workspace_id = $1 AND user_id = $2";

pub(crate) const MEMBERS: &str = "SELECT u.id AS user_id, u.email AS email, \
    u.display_name AS display_name, u.created_at AS user_created_at, m.role AS role, \
    m.created_at AS joined_at \
    FROM memberships m JOIN users u ON u.id = m.user_id \
    WHERE m.workspace_id = $1 ORDER BY m.created_at, u.id";

pub(crate) const SET_ROLE: &str =
    "UPDATE memberships SET role = $3 WHERE workspace_id = $1 AND user_id = $2";

pub(crate) const COUNT_OWNERS: &str =
    "SELECT COUNT(*) AS owners FROM memberships WHERE workspace_id = $1 AND role = 'owner'";

pub(crate) const DELETE_MEMBERSHIP: &str =
    "DELETE FROM memberships WHERE workspace_id = $1 AND user_id = $2";

pub(crate) const INSERT_INVITATION: &str = "INSERT INTO invitations \
    (id, workspace_id, email, email_key, role, token_hash, invited_by, created_at, expires_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

/// Columns read by `rows::invitation`.
pub(crate) const OPEN_INVITATIONS: &str = "SELECT i.id AS invitation_id, \
    i.workspace_id AS workspace_id, w.name AS workspace_name, i.email AS email, \
    i.role AS role, i.invited_by AS invited_by, i.created_at AS invitation_created_at, \
    i.expires_at AS expires_at, i.accepted_at AS accepted_at, i.email_key AS email_key \
    FROM invitations i JOIN workspaces w ON w.id = i.workspace_id \
    WHERE i.workspace_id = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL \
    ORDER BY i.created_at DESC, i.id";

pub(crate) const INVITATION_BY_HASH: &str = "SELECT i.id AS invitation_id, \
    i.workspace_id AS workspace_id, w.name AS workspace_name, i.email AS email, \
    i.role AS role, i.invited_by AS invited_by, i.created_at AS invitation_created_at, \
    i.expires_at AS expires_at, i.accepted_at AS accepted_at, i.email_key AS email_key \
    FROM invitations i JOIN workspaces w ON w.id = i.workspace_id \
    WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL";

pub(crate) const INVITATION_WORKSPACE: &str = "SELECT workspace_id FROM invitations WHERE id = $1";

/// Only one of two concurrent accepts can match `accepted_at IS NULL`.
pub(crate) const ACCEPT_INVITATION: &str = "UPDATE invitations \
    SET accepted_at = $2, accepted_by = $3 \
    WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL";

pub(crate) const REVOKE_INVITATION: &str = "UPDATE invitations SET revoked_at = $2 \
    WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL";

pub(crate) const INSERT_TOKEN: &str = "INSERT INTO api_tokens \
    (id, user_id, name, token_hash, scope, created_at) VALUES ($1, $2, $3, $4, $5, $6)";

pub(crate) const TOKEN_BY_HASH: &str = "SELECT id AS token_id, user_id, name, scope, \
    created_at, last_used_at, revoked_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL";

pub(crate) const TOKENS_OF: &str = "SELECT id AS token_id, user_id, name, scope, \
    created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 \
    ORDER BY created_at DESC, id";

pub(crate) const TOUCH_TOKEN: &str = "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1";

pub(crate) const REVOKE_TOKEN: &str = "UPDATE api_tokens \
    SET revoked_at = COALESCE(revoked_at, $3) WHERE id = $1 AND user_id = $2";

/// Columns read by `rows::document`.
macro_rules! document_columns {
    () => {
        "d.id AS document_id, d.workspace_id AS workspace_id, d.title AS title, \
         d.status AS status, d.archived_at AS archived_at, d.created_by AS created_by, \
         u.display_name AS created_by_name, d.created_at AS document_created_at, \
         d.updated_at AS updated_at, d.current_revision AS current_revision"
    };
}

/// A document together with the actor's role; no row when the actor is not a member of
/// its workspace, exactly as when the document does not exist.
pub(crate) const DOCUMENT_FOR_MEMBER: &str = concat!(
    "SELECT ",
    document_columns!(),
    ", m.role AS role FROM documents d \
     JOIN memberships m ON m.workspace_id = d.workspace_id AND m.user_id = $2 \
     JOIN users u ON u.id = d.created_by \
     WHERE d.id = $1"
);

pub(crate) const DOCUMENTS_OF_WORKSPACE: &str = concat!(
    "SELECT ",
    document_columns!(),
    " FROM documents d JOIN users u ON u.id = d.created_by \
     WHERE d.workspace_id = $1 ORDER BY d.updated_at DESC, d.id"
);

pub(crate) const INSERT_DOCUMENT: &str = "INSERT INTO documents \
    (id, workspace_id, title, status, created_by, created_at, updated_at, current_revision) \
    VALUES ($1, $2, $3, 'draft', $4, $5, $6, 1)";

pub(crate) const INSERT_REVISION: &str = "INSERT INTO revisions \
    (document_id, number, body, author_id, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)";

/// The insert of [`SAVE_REVISION`], without what it returns.
macro_rules! save_insert {
    () => {
        "INSERT INTO revisions (document_id, number, body, author_id, note, created_at) \
         SELECT d.id, d.current_revision + 1, $3, $4, $5, $6 FROM documents d \
         JOIN memberships m ON m.workspace_id = d.workspace_id AND m.user_id = $4 \
         WHERE d.id = $1 AND m.role IN ('owner', 'editor') \
         AND ($2 IS NULL OR d.current_revision = $2)"
    };
}

/// A save in one statement: revision `current + 1` of document `$1`, written only when
/// `$4` may edit it and `$2` (the revision the text was edited from, or NULL for "the
/// newest, whatever it is") is still the newest. It returns the new number and the
/// author's name; no row back means one of those checks failed. The insert's trigger
/// advances the document (schema 4).
pub(crate) const SAVE_REVISION: &str = concat!(
    save_insert!(),
    " RETURNING number, (SELECT display_name FROM users WHERE id = $4) AS author_name"
);

/// PostgreSQL: [`SAVE_REVISION`] and the document it advanced, in one round trip. The
/// outer select sees the tables as they were before the statement (neither the new
/// revision nor the trigger's update of the document), so the caller sets the document's
/// newest revision and change time from what was written. Columns: the number, the
/// author's name (`number`, `author_name`), [`document_columns!`], the author's `role`.
pub(crate) const SAVE_REVISION_WITH_DOCUMENT: &str = concat!(
    "WITH saved AS (",
    save_insert!(),
    " RETURNING number) \
     SELECT saved.number AS number, a.display_name AS author_name, ",
    document_columns!(),
    ", m.role AS role FROM saved \
     JOIN documents d ON d.id = $1 \
     JOIN memberships m ON m.workspace_id = d.workspace_id AND m.user_id = $4 \
     JOIN users u ON u.id = d.created_by \
     JOIN users a ON a.id = $4"
);

/// Why a save wrote nothing, and what changed, in one query: the caller's `role`, the
/// newest revision (the columns of `REVISION`) and the text of the base revision `$3`
/// (`base_text`, NULL when there is none). No row when the caller may not see the
/// document.
pub(crate) const STALE_REPORT: &str = "SELECT m.role AS role, r.document_id AS document_id, r.number AS number, \
     r.author_id AS author_id, u.display_name AS author_name, r.note AS note, \
     r.created_at AS revision_created_at, CAST(octet_length(r.body) AS BIGINT) AS size, \
     r.body AS body, \
     (SELECT b.body FROM revisions b WHERE b.document_id = d.id AND b.number = $3) \
     AS base_text \
     FROM documents d \
     JOIN memberships m ON m.workspace_id = d.workspace_id AND m.user_id = $2 \
     JOIN revisions r ON r.document_id = d.id AND r.number = d.current_revision \
     JOIN users u ON u.id = r.author_id \
     WHERE d.id = $1";

/// A document's newest revision and the caller's role, to tell why a save wrote nothing.
pub(crate) const REVISION_AND_ROLE: &str = "SELECT d.current_revision AS current_revision, \
    m.role AS role FROM documents d \
    JOIN memberships m ON m.workspace_id = d.workspace_id AND m.user_id = $2 \
    WHERE d.id = $1";

pub(crate) const RENAME_DOCUMENT: &str =
    "UPDATE documents SET title = $2, updated_at = $3 WHERE id = $1";

pub(crate) const SET_STATUS: &str =
    "UPDATE documents SET status = $2, updated_at = $3 WHERE id = $1";

pub(crate) const SET_ARCHIVED: &str =
    "UPDATE documents SET archived_at = $2, updated_at = $3 WHERE id = $1";

pub(crate) const REVISION_BODY: &str =
    "SELECT body FROM revisions WHERE document_id = $1 AND number = $2";

/// Columns read by `rows::revision_meta` (and the body, for one revision). The
/// membership join makes another workspace's history look exactly like a missing one.
pub(crate) const HISTORY: &str = "SELECT r.document_id AS document_id, r.number AS number, \
     r.author_id AS author_id, u.display_name AS author_name, r.note AS note, \
     r.created_at AS revision_created_at, CAST(octet_length(r.body) AS BIGINT) AS size \
     FROM revisions r \
     JOIN documents d ON d.id = r.document_id \
     JOIN memberships m ON m.workspace_id = d.workspace_id AND m.user_id = $2 \
     JOIN users u ON u.id = r.author_id \
     WHERE r.document_id = $1 ORDER BY r.number DESC";

pub(crate) const REVISION: &str = "SELECT r.document_id AS document_id, r.number AS number, \
     r.author_id AS author_id, u.display_name AS author_name, r.note AS note, \
     r.created_at AS revision_created_at, CAST(octet_length(r.body) AS BIGINT) AS size, \
     r.body AS body \
     FROM revisions r \
     JOIN documents d ON d.id = r.document_id \
     JOIN memberships m ON m.workspace_id = d.workspace_id AND m.user_id = $2 \
     JOIN users u ON u.id = r.author_id \
     WHERE r.document_id = $1 AND r.number = $3";

pub(crate) const LATEST_REVISION: &str = "SELECT r.document_id AS document_id, r.number AS number, \
     r.author_id AS author_id, u.display_name AS author_name, r.note AS note, \
     r.created_at AS revision_created_at, CAST(octet_length(r.body) AS BIGINT) AS size, \
     r.body AS body \
     FROM revisions r \
     JOIN documents d ON d.id = r.document_id AND r.number = d.current_revision \
     JOIN memberships m ON m.workspace_id = d.workspace_id AND m.user_id = $2 \
     JOIN users u ON u.id = r.author_id \
     WHERE r.document_id = $1";

/// The document page in one query: the document (columns of `rows::document`), the
/// workspace and the actor's role (`rows::workspace`; `workspace_id` is the
/// document's), and the newest revision (`rows::revision`; `document_id` is the
/// document's). The membership join makes a stranger's answer no row, exactly as for a
/// document that does not exist.
pub(crate) const DOCUMENT_PAGE: &str = concat!(
    "SELECT ",
    document_columns!(),
    ", w.name AS workspace_name, w.created_at AS workspace_created_at, m.role AS role, \
     r.number AS number, r.author_id AS author_id, a.display_name AS author_name, \
     r.note AS note, r.created_at AS revision_created_at, \
     CAST(octet_length(r.body) AS BIGINT) AS size, r.body AS body \
     FROM documents d \
     JOIN memberships m ON m.workspace_id = d.workspace_id AND m.user_id = $2 \
     JOIN users u ON u.id = d.created_by \
     JOIN workspaces w ON w.id = d.workspace_id \
     JOIN revisions r ON r.document_id = d.id AND r.number = d.current_revision \
     JOIN users a ON a.id = r.author_id \
     WHERE d.id = $1"
);
