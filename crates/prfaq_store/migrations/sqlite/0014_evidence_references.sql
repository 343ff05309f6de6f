-- Schema 14: an item's source and customer, and an identity's customer, are of the
-- item's (the identity's) own workspace, each checked by one composite reference, as on
-- PostgreSQL (where this cut the checks of an import's rows by one an item and one an
-- identity). An item refers to (workspace, source) and (workspace, customer), an
-- identity to (workspace, customer); the source and the customer refer to the
-- workspace, so it exists as before. A composite reference needs a unique key on the
-- same columns of the table it names.
--
-- SQLite cannot change a table's references: the items, the links (the only table that
-- refers to them) and the identities are copied into new tables with the same ids, the
-- old ones dropped (children first, so no reference ever dangles) and the new ones
-- renamed, which points the links' reference at the renamed items. The full-text index
-- reads the items by id, so it stays valid as it is.
CREATE UNIQUE INDEX evidence_sources_workspace_id_id ON evidence_sources (workspace_id, id);
CREATE UNIQUE INDEX evidence_customers_workspace_id_id
    ON evidence_customers (workspace_id, id);

CREATE TABLE feedback_items_new (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL,
    source_id    INTEGER NOT NULL,
    customer_id  INTEGER,
    -- 16 bytes: the same feedback imported twice has the same key.
    content_key  BLOB    NOT NULL CHECK (length(content_key) = 16),
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
    UNIQUE (workspace_id, content_key),
    FOREIGN KEY (workspace_id, source_id) REFERENCES evidence_sources (workspace_id, id),
    FOREIGN KEY (workspace_id, customer_id) REFERENCES evidence_customers (workspace_id, id)
);
INSERT INTO feedback_items_new (id, workspace_id, source_id, customer_id, content_key, text,
    title, day, rating, score, link, external_id, line, created_at)
SELECT id, workspace_id, source_id, customer_id, content_key, text, title, day, rating,
    score, link, external_id, line, created_at FROM feedback_items;

CREATE TABLE evidence_links_new (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id),
    claim_kind   TEXT    NOT NULL
                 CHECK (claim_kind IN ('problem', 'solution', 'customer-quote', 'faq-answer')),
    claim_text   TEXT    NOT NULL,
    feedback_id  INTEGER NOT NULL REFERENCES feedback_items_new (id),
    importance   TEXT    NOT NULL
                 CHECK (importance IN ('nice-to-have', 'important', 'deal-breaker')),
    quote        TEXT    NOT NULL,
    customer_id  INTEGER REFERENCES evidence_customers (id),
    customer     TEXT,
    created_by   INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    UNIQUE (document_id, claim_kind, claim_text, feedback_id)
);
INSERT INTO evidence_links_new (id, document_id, claim_kind, claim_text, feedback_id,
    importance, quote, customer_id, customer, created_by, created_at)
SELECT id, document_id, claim_kind, claim_text, feedback_id, importance, quote, customer_id,
    customer, created_by, created_at FROM evidence_links;

-- Every identity a customer was seen with (`email:…`, `account:…`, `name:…`), one
-- customer each per workspace.
CREATE TABLE evidence_identities_new (
    workspace_id INTEGER NOT NULL,
    identity     TEXT    NOT NULL,
    customer_id  INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, identity),
    FOREIGN KEY (workspace_id, customer_id) REFERENCES evidence_customers (workspace_id, id)
);
INSERT INTO evidence_identities_new (workspace_id, identity, customer_id)
SELECT workspace_id, identity, customer_id FROM evidence_identities;

-- Dropping the items drops their triggers; no trigger runs on a DROP TABLE, so the
-- full-text index keeps every row.
DROP TABLE evidence_links;
DROP TABLE feedback_items;
DROP TABLE evidence_identities;
ALTER TABLE feedback_items_new RENAME TO feedback_items;
ALTER TABLE evidence_links_new RENAME TO evidence_links;
ALTER TABLE evidence_identities_new RENAME TO evidence_identities;
CREATE INDEX feedback_items_customer ON feedback_items (customer_id);
CREATE INDEX feedback_items_source ON feedback_items (source_id);
CREATE INDEX evidence_links_feedback ON evidence_links (feedback_id);
CREATE INDEX evidence_links_customer ON evidence_links (customer_id);
CREATE INDEX evidence_identities_customer ON evidence_identities (customer_id);

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
