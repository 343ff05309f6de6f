-- Schema 7: customer evidence. Feedback imported into a workspace from its sources
-- (support tickets, reviews, surveys), the customers who gave it (one customer however
-- many identities: an email address and an account id seen together are the same
-- customer), a full-text index over it, the passages linked to a document's claims and
-- the team's choices about themes.

CREATE TABLE evidence_sources (
    id           BIGINT  PRIMARY KEY,
    workspace_id BIGINT  NOT NULL REFERENCES workspaces (id),
    -- As typed, trimmed: zendesk, app store, nps survey, …
    name         TEXT    NOT NULL,
    -- The saved column mapping, as `text=Body,customer=Email`; empty to guess.
    mapping      TEXT    NOT NULL DEFAULT '',
    created_at   BIGINT  NOT NULL,
    UNIQUE (workspace_id, name)
);

CREATE TABLE evidence_customers (
    id           BIGINT  PRIMARY KEY,
    workspace_id BIGINT  NOT NULL REFERENCES workspaces (id),
    -- How the customer is shown: their email address, else their account, else name.
    label        TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL
);

-- Every identity a customer was seen with (`email:…`, `account:…`, `name:…`), one
-- customer each per workspace.
CREATE TABLE evidence_identities (
    workspace_id BIGINT  NOT NULL REFERENCES workspaces (id),
    identity     TEXT    NOT NULL,
    customer_id  BIGINT  NOT NULL REFERENCES evidence_customers (id),
    PRIMARY KEY (workspace_id, identity)
);
CREATE INDEX evidence_identities_customer ON evidence_identities (customer_id);

CREATE TABLE feedback_items (
    id           BIGINT  PRIMARY KEY,
    workspace_id BIGINT  NOT NULL REFERENCES workspaces (id),
    source_id    BIGINT  NOT NULL REFERENCES evidence_sources (id),
    customer_id  BIGINT  REFERENCES evidence_customers (id),
    -- 32 hex digits: the same feedback imported twice has the same key.
    content_key  TEXT    NOT NULL,
    text         TEXT    NOT NULL,
    title        TEXT,
    -- The UTC day, YYYY-MM-DD.
    day          TEXT,
    -- The rating as the export wrote it, and its number in hundredths when it is one.
    rating       TEXT,
    score        BIGINT ,
    link         TEXT,
    external_id  TEXT,
    -- The line of the file it came from (header = 1).
    line         BIGINT  NOT NULL,
    created_at   BIGINT  NOT NULL,
    UNIQUE (workspace_id, content_key)
);
CREATE INDEX feedback_items_customer ON feedback_items (customer_id);
CREATE INDEX feedback_items_source ON feedback_items (source_id);

-- The search index: a GIN index on the English text search vector of the title and
-- text; ts_rank ranks.
CREATE INDEX feedback_items_search ON feedback_items
    USING GIN (to_tsvector('english', coalesce(title, '') || ' ' || text));

-- A passage linked to a claim of a document. The claim is anchored by its kind and its
-- text; the passage's exact text and its customer are kept with the link.
CREATE TABLE evidence_links (
    id           BIGINT  PRIMARY KEY,
    document_id  BIGINT  NOT NULL REFERENCES documents (id),
    claim_kind   TEXT    NOT NULL
                 CHECK (claim_kind IN ('problem', 'solution', 'customer-quote', 'faq-answer')),
    claim_text   TEXT    NOT NULL,
    feedback_id  BIGINT  NOT NULL REFERENCES feedback_items (id),
    importance   TEXT    NOT NULL
                 CHECK (importance IN ('nice-to-have', 'important', 'deal-breaker')),
    quote        TEXT    NOT NULL,
    customer_id  BIGINT  REFERENCES evidence_customers (id),
    customer     TEXT,
    created_by   BIGINT  NOT NULL REFERENCES users (id),
    created_at   BIGINT  NOT NULL,
    UNIQUE (document_id, claim_kind, claim_text, feedback_id)
);
CREATE INDEX evidence_links_feedback ON evidence_links (feedback_id);
CREATE INDEX evidence_links_customer ON evidence_links (customer_id);

-- The team's renames, merges and splits of themes, as one JSON list per workspace.
CREATE TABLE theme_choices (
    workspace_id BIGINT  PRIMARY KEY REFERENCES workspaces (id),
    choices      TEXT    NOT NULL,
    updated_by   BIGINT  NOT NULL REFERENCES users (id),
    updated_at   BIGINT  NOT NULL
);
