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

// ---- reviews ----

/// The newest of a workspace's settings for each function: `name`, `required`.
pub(crate) const REVIEW_FUNCTIONS: &str = "SELECT f.name AS name, f.required AS required \
    FROM review_functions f WHERE f.workspace_id = $1 AND NOT EXISTS (\
        SELECT 1 FROM review_functions g WHERE g.workspace_id = f.workspace_id \
        AND g.name = f.name AND (g.created_at > f.created_at \
            OR (g.created_at = f.created_at AND g.id > f.id))) \
    ORDER BY f.name";

pub(crate) const INSERT_REVIEW_FUNCTION: &str = "INSERT INTO review_functions \
    (id, workspace_id, name, required, set_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)";

/// A member of the document's workspace by email key: `user_id`, `role`.
pub(crate) const MEMBER_BY_EMAIL: &str = "SELECT u.id AS user_id, m.role AS role \
    FROM users u JOIN memberships m ON m.user_id = u.id \
    JOIN documents d ON d.workspace_id = m.workspace_id \
    WHERE d.id = $1 AND u.email_key = $2";

macro_rules! round_columns {
    () => {
        "r.id AS round_id, r.document_id AS document_id, r.revision AS revision, \
         r.requested_by AS requested_by, u.display_name AS requested_by_name, \
         r.created_at AS created_at"
    };
}

/// A document's newest round.
pub(crate) const NEWEST_ROUND: &str = concat!(
    "SELECT ",
    round_columns!(),
    " FROM review_rounds r JOIN users u ON u.id = r.requested_by \
     WHERE r.document_id = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT 1"
);

pub(crate) const INSERT_ROUND: &str = "INSERT INTO review_rounds \
    (id, document_id, revision, requested_by, created_at) VALUES ($1, $2, $3, $4, $5)";

pub(crate) const REVIEWERS_OF_ROUND: &str = "SELECT rr.user_id AS user_id, \
    u.display_name AS name, u.email AS email, rr.function AS function, \
    rr.required AS required, rr.added_by AS added_by, rr.created_at AS created_at \
    FROM review_reviewers rr JOIN users u ON u.id = rr.user_id \
    WHERE rr.round_id = $1 ORDER BY rr.created_at, u.display_name, rr.user_id";

pub(crate) const INSERT_REVIEWER: &str = "INSERT INTO review_reviewers \
    (round_id, user_id, function, required, added_by, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6)";

/// Whether a user was asked in a document's newest round: a row when they were.
pub(crate) const ASKED_IN_NEWEST_ROUND: &str = "SELECT rr.round_id AS round_id \
    FROM review_reviewers rr WHERE rr.user_id = $2 AND rr.round_id = (\
        SELECT r.id FROM review_rounds r WHERE r.document_id = $1 \
        ORDER BY r.created_at DESC, r.id DESC LIMIT 1)";

pub(crate) const INSERT_THREAD: &str = "INSERT INTO review_threads \
    (id, document_id, revision, anchor_start, anchor_end, quote, prefix, suffix, concern, \
     replacement, author_id, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

pub(crate) const THREADS_OF_DOCUMENT: &str = "SELECT t.id AS thread_id, \
    t.document_id AS document_id, t.revision AS revision, t.anchor_start AS anchor_start, \
    t.anchor_end AS anchor_end, t.quote AS quote, t.prefix AS prefix, t.suffix AS suffix, \
    t.concern AS concern, t.replacement AS replacement, t.author_id AS author_id, \
    u.display_name AS author_name, t.created_at AS created_at \
    FROM review_threads t JOIN users u ON u.id = t.author_id \
    WHERE t.document_id = $1 ORDER BY t.created_at, t.id";

/// A thread's document and author, and whether its opening comment is unpublished.
pub(crate) const THREAD_HEAD: &str = "SELECT t.document_id AS document_id, \
    t.author_id AS author_id, t.concern AS concern, t.replacement AS replacement, \
    (SELECT CAST(CASE WHEN c.pending = 1 AND p.comment_id IS NULL THEN 1 ELSE 0 END \
        AS BIGINT) \
        FROM review_comments c LEFT JOIN review_publications p ON p.comment_id = c.id \
        WHERE c.thread_id = t.id ORDER BY c.created_at, c.id LIMIT 1) AS unpublished \
    FROM review_threads t WHERE t.id = $1";

pub(crate) const INSERT_COMMENT: &str = "INSERT INTO review_comments \
    (id, thread_id, author_id, body, pending, created_at) VALUES ($1, $2, $3, $4, $5, $6)";

/// Every comment on a document's threads, with whether it is still unpublished.
pub(crate) const COMMENTS_OF_DOCUMENT: &str = "SELECT c.id AS comment_id, \
    c.thread_id AS thread_id, c.author_id AS author_id, u.display_name AS author_name, \
    c.body AS body, c.created_at AS created_at, \
    CAST(CASE WHEN c.pending = 1 AND p.comment_id IS NULL THEN 1 ELSE 0 END AS BIGINT) \
        AS unpublished \
    FROM review_comments c JOIN review_threads t ON t.id = c.thread_id \
    JOIN users u ON u.id = c.author_id \
    LEFT JOIN review_publications p ON p.comment_id = c.id \
    WHERE t.document_id = $1 ORDER BY c.created_at, c.id";

pub(crate) const INSERT_THREAD_EVENT: &str = "INSERT INTO review_thread_events \
    (id, thread_id, action, reason, revision, actor_id, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7)";

pub(crate) const THREAD_EVENTS_OF_DOCUMENT: &str = "SELECT e.thread_id AS thread_id, \
    e.action AS action, e.reason AS reason, e.revision AS revision, e.actor_id AS actor_id, \
    u.display_name AS actor_name, e.created_at AS created_at \
    FROM review_thread_events e JOIN review_threads t ON t.id = e.thread_id \
    JOIN users u ON u.id = e.actor_id \
    WHERE t.document_id = $1 ORDER BY e.created_at, e.id";

/// A thread's newest event: `action`, or no row.
pub(crate) const NEWEST_THREAD_EVENT: &str = "SELECT e.action AS action \
    FROM review_thread_events e WHERE e.thread_id = $1 \
    ORDER BY e.created_at DESC, e.id DESC LIMIT 1";

pub(crate) const INSERT_CONCERN_LINK: &str = "INSERT INTO review_concern_links \
    (id, thread_id, question, new_question, actor_id, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6)";

pub(crate) const CONCERN_LINKS_OF_DOCUMENT: &str = "SELECT l.thread_id AS thread_id, \
    l.question AS question, l.new_question AS new_question, l.actor_id AS actor_id, \
    u.display_name AS actor_name, l.created_at AS created_at \
    FROM review_concern_links l JOIN review_threads t ON t.id = l.thread_id \
    JOIN users u ON u.id = l.actor_id \
    WHERE t.document_id = $1 ORDER BY l.created_at, l.id";

pub(crate) const INSERT_PLACEMENT: &str = "INSERT INTO review_placements \
    (thread_id, revision, state, anchor_start, anchor_end, quote, prefix, suffix, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
    ON CONFLICT (thread_id, revision) DO NOTHING";

/// Each thread's placement on the newest revision it was placed on.
pub(crate) const NEWEST_PLACEMENTS: &str = "SELECT p.thread_id AS thread_id, \
    p.revision AS revision, p.state AS state, p.anchor_start AS anchor_start, \
    p.anchor_end AS anchor_end, p.quote AS quote, p.prefix AS prefix, p.suffix AS suffix \
    FROM review_placements p JOIN review_threads t ON t.id = p.thread_id \
    WHERE t.document_id = $1 AND p.revision = (\
        SELECT MAX(q.revision) FROM review_placements q WHERE q.thread_id = p.thread_id)";

pub(crate) const INSERT_VERDICT: &str = "INSERT INTO review_verdicts \
    (id, round_id, document_id, revision, user_id, verdict, body, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/// Publishes the verdict's author's unpublished comments on the document.
pub(crate) const PUBLISH_PENDING: &str = "INSERT INTO review_publications \
    (comment_id, verdict_id) \
    SELECT c.id, $2 FROM review_comments c JOIN review_threads t ON t.id = c.thread_id \
    WHERE t.document_id = $1 AND c.author_id = $3 AND c.pending = 1 \
    AND NOT EXISTS (SELECT 1 FROM review_publications p WHERE p.comment_id = c.id)";

pub(crate) const VERDICTS_OF_DOCUMENT: &str = "SELECT v.id AS verdict_id, \
    v.round_id AS round_id, v.revision AS revision, v.user_id AS user_id, \
    u.display_name AS user_name, v.verdict AS verdict, v.body AS body, \
    v.created_at AS created_at, \
    (SELECT COUNT(*) FROM review_publications p WHERE p.verdict_id = v.id) AS published \
    FROM review_verdicts v JOIN users u ON u.id = v.user_id \
    WHERE v.document_id = $1 ORDER BY v.created_at, v.id";

pub(crate) const INSERT_STATUS_EVENT: &str = "INSERT INTO status_events \
    (id, document_id, status, reason, revision, rewrote, actor_id, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/// The newest revision of a document whose text is more than a status change: the
/// newest not appended by a status change to rewrite the front matter (`content`).
pub(crate) const CONTENT_REVISION: &str = "SELECT MAX(r.number) AS content FROM revisions r \
    WHERE r.document_id = $1 AND NOT EXISTS (SELECT 1 FROM status_events e \
        WHERE e.document_id = r.document_id AND e.revision = r.number AND e.rewrote = 1)";

pub(crate) const STATUS_EVENTS_OF_DOCUMENT: &str = "SELECT e.status AS status, \
    e.reason AS reason, e.revision AS revision, e.actor_id AS actor_id, \
    u.display_name AS actor_name, e.created_at AS created_at \
    FROM status_events e JOIN users u ON u.id = e.actor_id \
    WHERE e.document_id = $1 ORDER BY e.created_at, e.id";

pub(crate) const INSERT_ASSUMPTION: &str = "INSERT INTO assumptions \
    (id, document_id, text, test, author_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)";

pub(crate) const ASSUMPTION_DOCUMENT: &str =
    "SELECT a.document_id AS document_id FROM assumptions a WHERE a.id = $1";

pub(crate) const INSERT_ASSUMPTION_EVENT: &str = "INSERT INTO assumption_events \
    (id, assumption_id, state, note, actor_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)";

pub(crate) const ASSUMPTIONS_OF_DOCUMENT: &str = "SELECT a.id AS assumption_id, \
    a.document_id AS document_id, a.text AS text, a.test AS test, a.author_id AS author_id, \
    u.display_name AS author_name, a.created_at AS created_at \
    FROM assumptions a JOIN users u ON u.id = a.author_id \
    WHERE a.document_id = $1 ORDER BY a.created_at, a.id";

pub(crate) const ASSUMPTION_EVENTS_OF_DOCUMENT: &str = "SELECT e.assumption_id AS assumption_id, \
    e.state AS state, e.note AS note, e.actor_id AS actor_id, u.display_name AS actor_name, \
    e.created_at AS created_at \
    FROM assumption_events e JOIN assumptions a ON a.id = e.assumption_id \
    JOIN users u ON u.id = e.actor_id \
    WHERE a.document_id = $1 ORDER BY e.created_at, e.id";

pub(crate) const INSERT_CREDIT: &str =
    "INSERT INTO revision_credits (document_id, number, user_id) VALUES ($1, $2, $3)";

pub(crate) const CREDITS_OF_DOCUMENT: &str = "SELECT c.number AS number, \
    c.user_id AS user_id, u.display_name AS name \
    FROM revision_credits c JOIN users u ON u.id = c.user_id \
    WHERE c.document_id = $1 ORDER BY c.number, u.display_name";

/// What waits on a member for a verdict: the live documents in review whose newest
/// round asked them, with the newest revision they approved and whether they gave a
/// verdict on the newest revision.
pub(crate) const WAITING_VERDICTS: &str = "SELECT d.id AS document_id, d.title AS title, \
    d.workspace_id AS workspace_id, d.current_revision AS current_revision, \
    (SELECT MAX(v.revision) FROM review_verdicts v WHERE v.document_id = d.id \
        AND v.user_id = $1 AND v.verdict = 'approve') AS approved_revision, \
    (SELECT COUNT(*) FROM review_verdicts v WHERE v.document_id = d.id \
        AND v.user_id = $1 AND v.revision >= (SELECT MAX(r.number) FROM revisions r \
            WHERE r.document_id = d.id AND NOT EXISTS (SELECT 1 FROM status_events e \
                WHERE e.document_id = r.document_id AND e.revision = r.number \
                AND e.rewrote = 1))) AS verdicts_now \
    FROM review_reviewers rr JOIN review_rounds r ON r.id = rr.round_id \
    JOIN documents d ON d.id = r.document_id \
    JOIN memberships m ON m.workspace_id = d.workspace_id AND m.user_id = $1 \
    WHERE rr.user_id = $1 AND d.archived_at IS NULL \
    AND d.status IN ('in-review', 'aligned') \
    AND r.id = (SELECT r2.id FROM review_rounds r2 WHERE r2.document_id = d.id \
        ORDER BY r2.created_at DESC, r2.id DESC LIMIT 1) \
    ORDER BY d.updated_at DESC, d.id";

/// Open published threads on the live documents a member created and may still edit,
/// by document and kind (`concern` 1 for concerns without an answer linked).
pub(crate) const WAITING_THREADS: &str = "SELECT d.id AS document_id, d.title AS title, \
    d.workspace_id AS workspace_id, t.concern AS concern, COUNT(*) AS open_count \
    FROM review_threads t JOIN documents d ON d.id = t.document_id \
    JOIN memberships m ON m.workspace_id = d.workspace_id AND m.user_id = $1 \
    WHERE d.created_by = $1 AND d.archived_at IS NULL AND m.role IN ('owner', 'editor') \
    AND NOT EXISTS (SELECT 1 FROM review_comments c WHERE c.thread_id = t.id \
        AND c.author_id = t.author_id AND c.created_at = t.created_at AND c.pending = 1 \
        AND NOT EXISTS (SELECT 1 FROM review_publications p WHERE p.comment_id = c.id)) \
    AND ((t.concern = 1 AND NOT EXISTS (\
            SELECT 1 FROM review_concern_links l WHERE l.thread_id = t.id)) \
        OR (t.concern = 0 AND COALESCE((SELECT e.action FROM review_thread_events e \
            WHERE e.thread_id = t.id ORDER BY e.created_at DESC, e.id DESC LIMIT 1), \
            'reopened') = 'reopened')) \
    GROUP BY d.id, d.title, d.workspace_id, t.concern, d.updated_at \
    ORDER BY d.updated_at DESC, d.id, t.concern";

/// Threads a member takes part in (opened or commented on) on live documents, where the
/// newest word (a published comment, or a resolve, reopen or decision) is someone
/// else's: what changed since they last spoke, by document.
pub(crate) const WAITING_REPLIES: &str = "SELECT d.id AS document_id, d.title AS title, \
    d.workspace_id AS workspace_id, COUNT(*) AS open_count \
    FROM review_threads t JOIN documents d ON d.id = t.document_id \
    JOIN memberships m ON m.workspace_id = d.workspace_id AND m.user_id = $1 \
    WHERE d.archived_at IS NULL \
    AND EXISTS (SELECT 1 FROM review_comments c WHERE c.thread_id = t.id AND c.author_id = $1) \
    AND (SELECT x.actor FROM (\
            SELECT c.author_id AS actor, c.created_at AS at FROM review_comments c \
            WHERE c.thread_id = t.id AND (c.pending = 0 OR EXISTS (\
                SELECT 1 FROM review_publications p WHERE p.comment_id = c.id)) \
            UNION ALL \
            SELECT e.actor_id AS actor, e.created_at AS at FROM review_thread_events e \
            WHERE e.thread_id = t.id) x \
        ORDER BY x.at DESC LIMIT 1) <> $1 \
    GROUP BY d.id, d.title, d.workspace_id, d.updated_at \
    ORDER BY d.updated_at DESC, d.id";

/// A document's review stamp for a member (`ReviewStamp`); no row for a non-member.
pub(crate) const REVIEW_STAMP: &str = "SELECT d.review_version AS review_version, \
     d.current_revision AS current_revision, d.updated_at AS updated_at, m.role AS role, \
     (SELECT COUNT(*) FROM review_functions f WHERE f.workspace_id = d.workspace_id) \
     AS functions FROM documents d \
     JOIN memberships m ON m.workspace_id = d.workspace_id AND m.user_id = $2 \
     WHERE d.id = $1";

// ---- outcomes (schema 9) ----

pub(crate) const OUTCOME_UPLOADS_OF_DOCUMENT: &str =
    "SELECT id FROM outcome_uploads WHERE document_id = $1";

pub(crate) const DELETE_OUTCOME_CHUNKS: &str =
    "DELETE FROM outcome_event_chunks WHERE upload_id = $1";

pub(crate) const DELETE_OUTCOME_UPLOAD: &str = "DELETE FROM outcome_uploads WHERE id = $1";

pub(crate) const INSERT_OUTCOME_UPLOAD: &str = "INSERT INTO outcome_uploads \
    (id, document_id, file_name, event_count, byte_count, uploaded_by, uploaded_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7)";

pub(crate) const INSERT_OUTCOME_CHUNK: &str =
    "INSERT INTO outcome_event_chunks (upload_id, seq, body) VALUES ($1, $2, $3)";

pub(crate) const NEWEST_OUTCOME_UPLOAD: &str = "SELECT o.id AS upload_id, \
    o.file_name AS file_name, o.event_count AS event_count, o.byte_count AS byte_count, \
    o.uploaded_by AS uploaded_by, u.display_name AS uploaded_by_name, \
    o.uploaded_at AS uploaded_at \
    FROM outcome_uploads o JOIN users u ON u.id = o.uploaded_by \
    WHERE o.document_id = $1 ORDER BY o.uploaded_at DESC, o.id DESC LIMIT 1";

pub(crate) const OUTCOME_CHUNKS: &str =
    "SELECT body FROM outcome_event_chunks WHERE upload_id = $1 ORDER BY seq";

pub(crate) const INSERT_EXPERIMENT: &str = "INSERT INTO experiments \
    (id, document_id, step, title, hypothesis, reach, impact, confidence, effort, status, \
    result, created_by, created_at, updated_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)";

pub(crate) const UPDATE_EXPERIMENT: &str = "UPDATE experiments SET step = $2, title = $3, \
    hypothesis = $4, reach = $5, impact = $6, confidence = $7, effort = $8, status = $9, \
    result = $10, updated_at = $11 WHERE id = $1";

pub(crate) const EXPERIMENT_DOCUMENT: &str = "SELECT document_id FROM experiments WHERE id = $1";

pub(crate) const EXPERIMENTS_OF_DOCUMENT: &str = "SELECT e.id AS experiment_id, \
    e.step AS step, e.title AS title, e.hypothesis AS hypothesis, e.reach AS reach, \
    e.impact AS impact, e.confidence AS confidence, e.effort AS effort, e.status AS status, \
    e.result AS result, e.created_by AS created_by, u.display_name AS created_by_name, \
    e.created_at AS created_at, e.updated_at AS updated_at \
    FROM experiments e JOIN users u ON u.id = e.created_by \
    WHERE e.document_id = $1 ORDER BY e.created_at, e.id";

/// A notice for `$2`, written only when `$2` is a member of the workspace `$8`.
pub(crate) const INSERT_NOTICE: &str = "INSERT INTO notices \
    (id, user_id, workspace_id, document_id, kind, actor_id, thread_id, created_at) \
    SELECT $1, m.user_id, m.workspace_id, $3, $4, $5, $6, $7 FROM memberships m \
    WHERE m.workspace_id = $8 AND m.user_id = $2";

/// A member's notices on the workspaces they still belong to, newest first; `$2` 1 for
/// unread ones only; at most `$3`.
pub(crate) const NOTICES_OF_USER: &str = "SELECT n.id AS id, n.kind AS kind, \
    n.workspace_id AS workspace_id, n.document_id AS document_id, d.title AS title, \
    n.actor_id AS actor_id, u.display_name AS actor_name, n.thread_id AS thread_id, \
    n.created_at AS created_at, n.read_at AS read_at \
    FROM notices n JOIN documents d ON d.id = n.document_id \
    JOIN users u ON u.id = n.actor_id \
    JOIN memberships m ON m.workspace_id = n.workspace_id AND m.user_id = n.user_id \
    WHERE n.user_id = $1 AND ($2 = 0 OR n.read_at IS NULL) \
    ORDER BY n.created_at DESC, n.id DESC LIMIT $3";

pub(crate) const UNREAD_NOTICES: &str = "SELECT COUNT(*) AS unread FROM notices n \
    JOIN memberships m ON m.workspace_id = n.workspace_id AND m.user_id = n.user_id \
    WHERE n.user_id = $1 AND n.read_at IS NULL";

pub(crate) const NOTICE_OF_USER: &str =
    "SELECT read_at FROM notices WHERE id = $1 AND user_id = $2";

pub(crate) const MARK_NOTICE_READ: &str = "UPDATE notices SET read_at = $3 \
    WHERE id = $1 AND user_id = $2 AND read_at IS NULL";

pub(crate) const MARK_ALL_NOTICES_READ: &str =
    "UPDATE notices SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL";

/// A notice as its email tells it, when its recipient is still a member of its
/// workspace and takes email about notices.
pub(crate) const NOTICE_MAIL: &str = "SELECT n.id AS id, n.kind AS kind, \
    r.email AS to_email, r.display_name AS to_name, n.document_id AS document_id, \
    d.title AS title, a.display_name AS actor_name, n.thread_id AS thread_id \
    FROM notices n JOIN users r ON r.id = n.user_id \
    JOIN users a ON a.id = n.actor_id JOIN documents d ON d.id = n.document_id \
    JOIN memberships m ON m.workspace_id = n.workspace_id AND m.user_id = n.user_id \
    WHERE n.id = $1 AND r.mail_notices = 1";

pub(crate) const MAIL_NOTICES_OF_USER: &str = "SELECT mail_notices FROM users WHERE id = $1";

pub(crate) const SET_MAIL_NOTICES: &str = "UPDATE users SET mail_notices = $2 WHERE id = $1";

// ---- a document's event source (schema 12) ----

pub(crate) const OUTCOME_SOURCE: &str = "SELECT s.shown_url AS shown_url, \
    s.sealed_url AS sealed_url, s.table_name AS table_name, s.column_map AS column_map, \
    s.set_by AS set_by, u.display_name AS set_by_name, s.set_at AS set_at, \
    s.refreshed_at AS refreshed_at, s.refreshed_by AS refreshed_by, \
    r.display_name AS refreshed_by_name, s.refresh_ok AS refresh_ok, \
    s.refresh_result AS refresh_result \
    FROM outcome_sources s JOIN users u ON u.id = s.set_by \
    LEFT JOIN users r ON r.id = s.refreshed_by \
    WHERE s.document_id = $1";

pub(crate) const UPSERT_OUTCOME_SOURCE: &str = "INSERT INTO outcome_sources \
    (document_id, shown_url, sealed_url, table_name, column_map, set_by, set_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7) \
    ON CONFLICT (document_id) DO UPDATE SET shown_url = excluded.shown_url, \
    sealed_url = excluded.sealed_url, table_name = excluded.table_name, \
    column_map = excluded.column_map, set_by = excluded.set_by, set_at = excluded.set_at, \
    refreshed_at = NULL, refreshed_by = NULL, refresh_ok = NULL, refresh_result = NULL";

pub(crate) const DELETE_OUTCOME_SOURCE: &str = "DELETE FROM outcome_sources WHERE document_id = $1";

/// Records a refresh on the source it read: a source replaced meanwhile keeps its own.
pub(crate) const RECORD_OUTCOME_REFRESH: &str = "UPDATE outcome_sources \
    SET refreshed_at = $3, refreshed_by = $4, refresh_ok = $5, refresh_result = $6 \
    WHERE document_id = $1 AND sealed_url = $2";
