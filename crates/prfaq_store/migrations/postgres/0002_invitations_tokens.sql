-- Schema 2: invitations into a workspace and personal access tokens.
--
-- Both keep only the SHA-256 of their secret: the link or token is shown once.

CREATE TABLE invitations (
    id           BIGINT PRIMARY KEY,
    workspace_id BIGINT  NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    email        TEXT    NOT NULL,
    email_key    TEXT    NOT NULL,
    role         TEXT    NOT NULL CHECK (role IN ('owner', 'editor', 'reviewer', 'viewer')),
    token_hash   TEXT    NOT NULL UNIQUE,
    invited_by   BIGINT  NOT NULL REFERENCES users (id),
    created_at   BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL,
    accepted_at  BIGINT,
    accepted_by  BIGINT  REFERENCES users (id),
    revoked_at   BIGINT
);
CREATE INDEX invitations_workspace ON invitations (workspace_id);

CREATE TABLE api_tokens (
    id           BIGINT PRIMARY KEY,
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    scope        TEXT    NOT NULL CHECK (scope IN ('read', 'write')),
    created_at   BIGINT  NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
