-- Schema 8: notices. A member is told in the workspace when a review changes in a way
-- that concerns them: a review asked of them, a comment on their thread or their
-- document, their concern answered, a verdict on their document, their document aligned.
--
-- A notice is written in the same transaction as the change that causes it, only for
-- members of the document's workspace and never for the member who acted. Reading one
-- sets `read_at`; nothing else is ever updated.

CREATE TABLE notices (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
    document_id  INTEGER NOT NULL REFERENCES documents (id),
    kind         TEXT    NOT NULL CHECK (kind IN ('review-requested', 'comment-on-thread',
                     'comment-on-document', 'concern-answered', 'verdict-given',
                     'document-aligned')),
    actor_id     INTEGER NOT NULL REFERENCES users (id),
    -- The thread the notice is about, when there is one.
    thread_id    INTEGER REFERENCES review_threads (id),
    created_at   INTEGER NOT NULL,
    -- NULL until the recipient reads it.
    read_at      INTEGER
);
CREATE INDEX notices_inbox ON notices (user_id, created_at);
CREATE INDEX notices_unread ON notices (user_id) WHERE read_at IS NULL;
