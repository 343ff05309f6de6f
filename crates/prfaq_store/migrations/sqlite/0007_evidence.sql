-- Schema 7: customer evidence. Feedback imported into a workspace from its sources
-- (support tickets, reviews, surveys), the customers who gave it (one customer however
-- many identities: an email address and an account id seen together are the same
-- customer), a full-text index over it, the passages linked to a document's claims and
-- the team's choices about themes.

CREATE TABLE evidence_sources (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
    -- As typed, trimmed: zendesk, app store, nps survey, …
    name         TEXT    NOT NULL,
    -- The saved column mapping, as `text=Body,customer=Email`; empty to guess.
    mapping      TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    UNIQUE (workspace_id, name)
);

CREATE TABLE evidence_customers (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
    -- How the customer is shown: their email address, else their account, else name.
    label        TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
);

-- Every identity a customer was seen with (`email:…`, `account:…`, `name:…`), one
-- customer each per workspace.
CREATE TABLE evidence_identities (
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
    identity     TEXT    NOT NULL,
    customer_id  INTEGER NOT NULL REFERENCES evidence_customers (id),
    PRIMARY KEY (workspace_id, identity)
);
CREATE INDEX evidence_identities_customer ON evidence_identities (customer_id);

CREATE TABLE feedback_items (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
    source_id    INTEGER NOT NULL REFERENCES evidence_sources (id),
    customer_id  INTEGER REFERENCES evidence_customers (id),
    -- 32 hex digits: the same feedback imported twice has the same key.
    content_key  TEXT    NOT NULL,
    text         TEXT    NOT NULL,
    title        TEXT,
    -- The UTC day, YYYY-MM-DD.
    day          TEXT,
    -- The rating as the export wrote it, and its number in hundredths when it is one.
    rating       TEXT,
    score        INTEGER,
    link         TEXT,
    external_id  TEXT,
    -- The line of the file it came from (header = 1).
    line         INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (workspace_id, content_key)
);
CREATE INDEX feedback_items_customer ON feedback_items (customer_id);
CREATE INDEX feedback_items_source ON feedback_items (source_id);

-- The search index: FTS5 over the title and text, kept by triggers; bm25() ranks.
CREATE VIRTUAL TABLE feedback_fts USING fts5 (
    title, text, content = 'feedback_items', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER feedback_fts_insert AFTER INSERT ON feedback_items
BEGIN
    INSERT INTO feedback_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER feedback_fts_delete AFTER DELETE ON feedback_items
BEGIN
    INSERT INTO feedback_fts (feedback_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER feedback_fts_update AFTER UPDATE OF title, text ON feedback_items
BEGIN
    INSERT INTO feedback_fts (feedback_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO feedback_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;

-- A passage linked to a claim of a document. The claim is anchored by its kind and its
-- text; the passage's exact text and its customer are kept with the link.
CREATE TABLE evidence_links (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id),
    claim_kind   TEXT    NOT NULL
                 CHECK (claim_kind IN ('problem', 'solution', 'customer-quote', 'faq-answer')),
    claim_text   TEXT    NOT NULL,
    feedback_id  INTEGER NOT NULL REFERENCES feedback_items (id),
    importance   TEXT    NOT NULL
                 CHECK (importance IN ('nice-to-have', 'important', 'deal-breaker')),
    quote        TEXT    NOT NULL,
    customer_id  INTEGER REFERENCES evidence_customers (id),
    customer     TEXT,
    created_by   INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    UNIQUE (document_id, claim_kind, claim_text, feedback_id)
);
CREATE INDEX evidence_links_feedback ON evidence_links (feedback_id);
CREATE INDEX evidence_links_customer ON evidence_links (customer_id);

-- The team's renames, merges and splits of themes, as one JSON list per workspace.
CREATE TABLE theme_choices (
    workspace_id INTEGER PRIMARY KEY REFERENCES workspaces (id),
    choices      TEXT    NOT NULL,
    updated_by   INTEGER NOT NULL REFERENCES users (id),
    updated_at   INTEGER NOT NULL
);
