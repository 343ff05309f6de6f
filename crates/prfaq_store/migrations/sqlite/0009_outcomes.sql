-- Schema 9: outcomes. A document's product events, as the workspace imported them,
-- and the experiments its team records against the journey's steps.
--
-- An upload keeps the events in their compact form (JSON Lines of user, event and
-- time), split into chunks of at most a mebibyte, so no row is larger than that and the
-- report can be recomputed from them whenever the document changes. A document keeps
-- its newest upload only: a new one replaces the old in the same transaction.

CREATE TABLE outcome_uploads (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id),
    file_name   TEXT    NOT NULL,
    event_count INTEGER NOT NULL CHECK (event_count >= 0),
    byte_count  INTEGER NOT NULL CHECK (byte_count >= 0),
    uploaded_by INTEGER NOT NULL REFERENCES users (id),
    uploaded_at INTEGER NOT NULL
);
CREATE INDEX outcome_uploads_of_document ON outcome_uploads (document_id, uploaded_at);

CREATE TABLE outcome_event_chunks (
    upload_id INTEGER NOT NULL REFERENCES outcome_uploads (id),
    seq       INTEGER NOT NULL,
    body      TEXT    NOT NULL,
    PRIMARY KEY (upload_id, seq)
);

CREATE TABLE experiments (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id),
    -- The journey step it means to move, as the document names it.
    step        TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    hypothesis  TEXT    NOT NULL,
    -- Customers reached per quarter when entered; otherwise the funnel's count at the step.
    reach       INTEGER CHECK (reach IS NULL OR reach >= 0),
    -- RICE impact in hundredths (25 minimal … 300 massive), confidence in percent,
    -- effort in tenths of a person-month.
    impact      INTEGER NOT NULL CHECK (impact > 0),
    confidence  INTEGER NOT NULL CHECK (confidence BETWEEN 0 AND 100),
    effort      INTEGER NOT NULL CHECK (effort > 0),
    status      TEXT    NOT NULL,
    result      TEXT    NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX experiments_of_document ON experiments (document_id, step);
