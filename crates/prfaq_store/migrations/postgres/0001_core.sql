-- Schema 1: accounts, sessions, workspaces and documents with their revisions.
--
-- Every id is a random integer chosen by the application (never a counter, so an id
-- says nothing about how many rows exist), every time is Unix epoch milliseconds, and
-- every column is an integer or text, so that a backup loads into either database.
-- Released migrations are never edited: a change is a new file.

CREATE TABLE users (
    id            BIGINT PRIMARY KEY,
    email         TEXT    NOT NULL,
    -- The address lower-cased by the application; uniqueness is case-insensitive.
    email_key     TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    -- A PHC string (argon2); the web layer hashes, the store only keeps it.
    password_hash TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie's token, hex; the token itself is never stored.
    id           TEXT    PRIMARY KEY,
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL,
    last_seen_at BIGINT  NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE workspaces (
    id         BIGINT PRIMARY KEY,
    name       TEXT    NOT NULL,
    created_at BIGINT  NOT NULL
);

CREATE TABLE memberships (
    workspace_id BIGINT  NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         TEXT    NOT NULL CHECK (role IN ('owner', 'editor', 'reviewer', 'viewer')),
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE documents (
    id               BIGINT PRIMARY KEY,
    workspace_id     BIGINT  NOT NULL REFERENCES workspaces (id),
    title            TEXT    NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'in-review', 'approved', 'declined')),
    -- NULL while the document is live.
    archived_at      BIGINT,
    created_by       BIGINT  NOT NULL REFERENCES users (id),
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    -- The number of the newest revision; saves compare their base against it.
    current_revision BIGINT  NOT NULL CHECK (current_revision >= 1)
);
CREATE INDEX documents_workspace ON documents (workspace_id, updated_at);

CREATE TABLE revisions (
    document_id BIGINT  NOT NULL REFERENCES documents (id),
    number      BIGINT  NOT NULL CHECK (number >= 1),
    body        TEXT    NOT NULL,
    author_id   BIGINT  NOT NULL REFERENCES users (id),
    note        TEXT    NOT NULL DEFAULT '',
    created_at  BIGINT  NOT NULL,
    -- Two saves can never both become revision n of one document.
    PRIMARY KEY (document_id, number)
);

-- History is append-only: the database itself refuses to change or remove a revision.
CREATE FUNCTION revisions_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'revisions are append-only';
END;
$$;
CREATE TRIGGER revisions_append_only BEFORE UPDATE OR DELETE ON revisions
FOR EACH ROW EXECUTE FUNCTION revisions_append_only();
