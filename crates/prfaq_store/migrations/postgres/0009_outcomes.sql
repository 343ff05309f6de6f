-- Schema 9: outcomes. A document's product events, as the workspace imported them,
-- and the experiments its team records against the journey's steps.
--
-- An upload keeps the events in their compact form (JSON Lines of user, event and
-- time), split into chunks of at most a mebibyte, so no row is larger than that and the
-- report can be recomputed from them whenever the document changes. A document keeps
-- its newest upload only: a new one replaces the old in the same transaction.

CREATE TABLE outcome_uploads (
    id          BIGINT  PRIMARY KEY,
    document_id BIGINT  NOT NULL REFERENCES documents (id),
    file_name   TEXT    NOT NULL,
    event_count BIGINT  NOT NULL CHECK (event_count >= 0),
    byte_count  BIGINT  NOT NULL CHECK (byte_count >= 0),
    uploaded_by BIGINT  NOT NULL REFERENCES users (id),
    uploaded_at BIGINT  NOT NULL
);
CREATE INDEX outcome_uploads_of_document ON outcome_uploads (document_id, uploaded_at);

CREATE TABLE outcome_event_chunks (
    upload_id BIGINT  NOT NULL REFERENCES outcome_uploads (id),
    seq       BIGINT  NOT NULL,
    body      TEXT    NOT NULL,
    PRIMARY KEY (upload_id, seq)
);

CREATE TABLE experiments (
    id          BIGINT  PRIMARY KEY,
    document_id BIGINT  NOT NULL REFERENCES documents (id),
    -- The journey step it means to move, as the document names it.
    step        TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    hypothesis  TEXT    NOT NULL,
    -- Customers reached per quarter when entered; otherwise the funnel's count at the step.
    reach       BIGINT  CHECK (reach IS NULL OR reach >= 0),
    -- RICE impact in hundredths (25 minimal … 300 massive), confidence in percent,
    -- effort in tenths of a person-month.
    impact      BIGINT  NOT NULL CHECK (impact > 0),
    confidence  BIGINT  NOT NULL CHECK (confidence BETWEEN 0 AND 100),
    effort      BIGINT  NOT NULL CHECK (effort > 0),
    status      TEXT    NOT NULL,
    result      TEXT    NOT NULL,
    created_by  BIGINT  NOT NULL REFERENCES users (id),
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
CREATE INDEX experiments_of_document ON experiments (document_id, step);
