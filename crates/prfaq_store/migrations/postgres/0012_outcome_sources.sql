-- Schema 12: a document's stored PostgreSQL event source. The team sets the server,
-- table and column map once; each refresh then reads the events from it into the
-- document's upload (schema 9), and the time and result of the last refresh are kept.
--
-- The address may hold a password, so it is kept twice: shown_url with the password
-- replaced by ***, which is what every member is shown, and sealed_url, the whole
-- address sealed (ChaCha20-Poly1305, the document's id bound in) with the server's
-- secrets key, which is not in the database: a copy of the database or a backup holds
-- no password.
CREATE TABLE outcome_sources (
    document_id    BIGINT  PRIMARY KEY REFERENCES documents (id),
    shown_url      TEXT    NOT NULL,
    sealed_url     TEXT    NOT NULL,
    table_name     TEXT    NOT NULL,
    -- user_id=…,event=…,timestamp=… as given; empty for the default columns.
    column_map     TEXT    NOT NULL,
    set_by         BIGINT  NOT NULL REFERENCES users (id),
    set_at         BIGINT  NOT NULL,
    -- NULL until the first refresh; refresh_ok is 1 or 0.
    refreshed_at   BIGINT,
    refreshed_by   BIGINT  REFERENCES users (id),
    refresh_ok     BIGINT  CHECK (refresh_ok IS NULL OR refresh_ok IN (0, 1)),
    refresh_result TEXT
);
