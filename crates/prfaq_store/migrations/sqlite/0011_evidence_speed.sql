-- Schema 11: customer evidence imported faster. The content key becomes its 16 bytes
-- (a BLOB) instead of 32 hex digits, which makes the unique index a large import
-- writes into at random a third smaller; and the full-text index is filled by the
-- import, one statement per batch, instead of a trigger per row (deletes and edits
-- still keep it by triggers).
--
-- SQLite cannot change a column's type: the items and the links (the only table that
-- refers to them) are copied into new tables with the same ids, the old ones dropped
-- (children first, so no reference ever dangles) and the new ones renamed, which
-- points the links' reference at the renamed items. The full-text index reads the
-- items by id, so it stays valid as it is.
CREATE TABLE feedback_items_new (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
    source_id    INTEGER NOT NULL REFERENCES evidence_sources (id),
    customer_id  INTEGER REFERENCES evidence_customers (id),
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
    UNIQUE (workspace_id, content_key)
);
INSERT INTO feedback_items_new (id, workspace_id, source_id, customer_id, content_key, text,
    title, day, rating, score, link, external_id, line, created_at)
SELECT id, workspace_id, source_id, customer_id, unhex(content_key), text, title, day,
    rating, score, link, external_id, line, created_at FROM feedback_items;

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

-- Dropping the items drops their triggers; no trigger runs on a DROP TABLE, so the
-- full-text index keeps every row.
DROP TABLE evidence_links;
DROP TABLE feedback_items;
ALTER TABLE feedback_items_new RENAME TO feedback_items;
ALTER TABLE evidence_links_new RENAME TO evidence_links;
CREATE INDEX feedback_items_customer ON feedback_items (customer_id);
CREATE INDEX feedback_items_source ON feedback_items (source_id);
CREATE INDEX evidence_links_feedback ON evidence_links (feedback_id);
CREATE INDEX evidence_links_customer ON evidence_links (customer_id);

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
