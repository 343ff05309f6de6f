-- Schema 5: reviews. A review round asks members (each for a function, required or
-- not) to review a revision; threads anchor comments, concerns and suggestions to a
-- passage; verdicts, status changes and assumptions are logged with who and when.
--
-- Every table here is append-only like revisions (triggers refuse updates and
-- deletes): a thread's state, a concern's answer, an assumption's state and a
-- document's status history are the newest of their events. The documents table is
-- rebuilt so that its status may also be `aligned`.


-- SQLite cannot change a CHECK constraint: documents and revisions (the only table that
-- refers to documents) are copied into new tables, the old ones dropped (children
-- first, so no reference ever dangles) and the new ones renamed, which points
-- revisions' reference at the renamed documents. The triggers of schemas 1 and 4 go
-- with the old revisions table and are made again, unchanged.
CREATE TABLE documents_new (
    id               INTEGER PRIMARY KEY,
    workspace_id     INTEGER NOT NULL REFERENCES workspaces (id),
    title            TEXT    NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'in-review', 'aligned', 'approved', 'declined')),
    -- NULL while the document is live.
    archived_at      INTEGER,
    created_by       INTEGER NOT NULL REFERENCES users (id),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    -- The number of the newest revision; saves compare their base against it.
    current_revision INTEGER NOT NULL CHECK (current_revision >= 1)
);
INSERT INTO documents_new (id, workspace_id, title, status, archived_at, created_by,
    created_at, updated_at, current_revision)
SELECT id, workspace_id, title, status, archived_at, created_by, created_at, updated_at,
    current_revision FROM documents;
CREATE TABLE revisions_new (
    document_id INTEGER NOT NULL REFERENCES documents_new (id),
    number      INTEGER NOT NULL CHECK (number >= 1),
    body        TEXT    NOT NULL,
    author_id   INTEGER NOT NULL REFERENCES users (id),
    note        TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    -- Two saves can never both become revision n of one document.
    PRIMARY KEY (document_id, number)
);
INSERT INTO revisions_new (document_id, number, body, author_id, note, created_at)
SELECT document_id, number, body, author_id, note, created_at FROM revisions;
DROP TABLE revisions;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;
ALTER TABLE revisions_new RENAME TO revisions;
CREATE INDEX documents_workspace ON documents (workspace_id, updated_at);

CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only');
END;
CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only');
END;
CREATE TRIGGER revisions_advance_document AFTER INSERT ON revisions
BEGIN
    UPDATE documents SET current_revision = NEW.number, updated_at = NEW.created_at
    WHERE id = NEW.document_id AND current_revision < NEW.number;
END;


CREATE TABLE review_functions (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
    -- Lower-case, as typed by the team: engineering, finance, customer support, …
    name         TEXT    NOT NULL,
    -- 1 when every review in the workspace needs an approval from this function.
    required     INTEGER NOT NULL CHECK (required IN (0, 1)),
    set_by       INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL
);

CREATE TABLE review_rounds (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id),
    -- The revision the review was asked for.
    revision     INTEGER NOT NULL,
    requested_by INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL
);

CREATE TABLE review_reviewers (
    round_id    INTEGER NOT NULL REFERENCES review_rounds (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    function    TEXT    NOT NULL,
    required    INTEGER NOT NULL CHECK (required IN (0, 1)),
    added_by    INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (round_id, user_id)
);

CREATE TABLE review_threads (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id),
    -- The revision the passage was quoted from, and the passage as it stood there.
    revision     INTEGER NOT NULL,
    anchor_start INTEGER NOT NULL,
    anchor_end   INTEGER NOT NULL,
    quote        TEXT    NOT NULL,
    prefix       TEXT    NOT NULL,
    suffix       TEXT    NOT NULL,
    -- 1 for a concern: a question the FAQ must answer.
    concern      INTEGER NOT NULL CHECK (concern IN (0, 1)),
    -- A suggestion's replacement for the passage; NULL for a comment.
    replacement  TEXT,
    author_id    INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL
);

CREATE TABLE review_comments (
    id          INTEGER PRIMARY KEY,
    thread_id   INTEGER NOT NULL REFERENCES review_threads (id),
    author_id   INTEGER NOT NULL REFERENCES users (id),
    body        TEXT    NOT NULL,
    -- 1 while only its author sees it; a verdict publishes it (review_publications).
    pending     INTEGER NOT NULL CHECK (pending IN (0, 1)),
    created_at  INTEGER NOT NULL
);

CREATE TABLE review_verdicts (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES review_rounds (id),
    document_id INTEGER NOT NULL REFERENCES documents (id),
    -- The revision the verdict is about; a newer revision makes an approval stale.
    revision    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    verdict     TEXT    NOT NULL CHECK (verdict IN ('approve', 'request-changes', 'comment')),
    body        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE review_publications (
    comment_id  INTEGER PRIMARY KEY REFERENCES review_comments (id),
    verdict_id  INTEGER NOT NULL REFERENCES review_verdicts (id)
);

CREATE TABLE review_thread_events (
    id          INTEGER PRIMARY KEY,
    thread_id   INTEGER NOT NULL REFERENCES review_threads (id),
    -- accepted and rejected decide a suggestion, and resolve its thread.
    action      TEXT    NOT NULL
                CHECK (action IN ('resolved', 'reopened', 'accepted', 'rejected')),
    reason      TEXT    NOT NULL,
    -- The revision an accepted suggestion made.
    revision    INTEGER,
    actor_id    INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL
);

CREATE TABLE review_concern_links (
    id           INTEGER PRIMARY KEY,
    thread_id    INTEGER NOT NULL REFERENCES review_threads (id),
    -- The FAQ question that answers the concern, by its text.
    question     TEXT    NOT NULL,
    -- 1 when the concern was turned into a question the next revision must add.
    new_question INTEGER NOT NULL CHECK (new_question IN (0, 1)),
    actor_id     INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL
);

CREATE TABLE review_placements (
    thread_id    INTEGER NOT NULL REFERENCES review_threads (id),
    revision     INTEGER NOT NULL,
    state        TEXT    NOT NULL
                 CHECK (state IN ('attached', 'moved', 'changed', 'orphaned')),
    -- Where the passage stands in that revision; an orphaned thread keeps the last one.
    anchor_start INTEGER NOT NULL,
    anchor_end   INTEGER NOT NULL,
    quote        TEXT    NOT NULL,
    prefix       TEXT    NOT NULL,
    suffix       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (thread_id, revision)
);

CREATE TABLE status_events (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id),
    status      TEXT    NOT NULL
                CHECK (status IN ('draft', 'in-review', 'aligned', 'approved', 'declined')),
    reason      TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    -- 1 when the change appended `revision` to rewrite the front matter's status line:
    -- a revision that changes nothing a reviewer approved.
    rewrote     INTEGER NOT NULL CHECK (rewrote IN (0, 1)),
    actor_id    INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL
);

CREATE TABLE assumptions (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id),
    text        TEXT    NOT NULL,
    -- How the assumption will be tested.
    test        TEXT    NOT NULL,
    author_id   INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL
);

CREATE TABLE assumption_events (
    id            INTEGER PRIMARY KEY,
    assumption_id INTEGER NOT NULL REFERENCES assumptions (id),
    state         TEXT    NOT NULL CHECK (state IN ('untested', 'holds', 'broken')),
    note          TEXT    NOT NULL,
    actor_id      INTEGER NOT NULL REFERENCES users (id),
    created_at    INTEGER NOT NULL
);

CREATE TABLE revision_credits (
    document_id INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    -- Someone besides the author whose work the revision holds (an accepted suggestion).
    user_id     INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (document_id, number, user_id),
    FOREIGN KEY (document_id, number) REFERENCES revisions (document_id, number)
);

CREATE INDEX review_functions_workspace ON review_functions (workspace_id, created_at);
CREATE INDEX review_rounds_document ON review_rounds (document_id, created_at);
CREATE INDEX review_reviewers_user ON review_reviewers (user_id);
CREATE INDEX review_threads_document ON review_threads (document_id, created_at);
CREATE INDEX review_comments_thread ON review_comments (thread_id, created_at);
CREATE INDEX review_verdicts_document ON review_verdicts (document_id, created_at);
CREATE INDEX review_publications_verdict ON review_publications (verdict_id);
CREATE INDEX review_thread_events_thread ON review_thread_events (thread_id, created_at);
CREATE INDEX review_concern_links_thread ON review_concern_links (thread_id, created_at);
CREATE INDEX status_events_document ON status_events (document_id, created_at);
CREATE INDEX assumptions_document ON assumptions (document_id, created_at);
CREATE INDEX assumption_events_assumption ON assumption_events (assumption_id, created_at);

CREATE TRIGGER review_functions_no_update BEFORE UPDATE ON review_functions
BEGIN
    SELECT RAISE(ABORT, 'review_functions is append-only');
END;
CREATE TRIGGER review_functions_no_delete BEFORE DELETE ON review_functions
BEGIN
    SELECT RAISE(ABORT, 'review_functions is append-only');
END;
CREATE TRIGGER review_rounds_no_update BEFORE UPDATE ON review_rounds
BEGIN
    SELECT RAISE(ABORT, 'review_rounds is append-only');
END;
CREATE TRIGGER review_rounds_no_delete BEFORE DELETE ON review_rounds
BEGIN
    SELECT RAISE(ABORT, 'review_rounds is append-only');
END;
CREATE TRIGGER review_reviewers_no_update BEFORE UPDATE ON review_reviewers
BEGIN
    SELECT RAISE(ABORT, 'review_reviewers is append-only');
END;
CREATE TRIGGER review_reviewers_no_delete BEFORE DELETE ON review_reviewers
BEGIN
    SELECT RAISE(ABORT, 'review_reviewers is append-only');
END;
CREATE TRIGGER review_threads_no_update BEFORE UPDATE ON review_threads
BEGIN
    SELECT RAISE(ABORT, 'review_threads is append-only');
END;
CREATE TRIGGER review_threads_no_delete BEFORE DELETE ON review_threads
BEGIN
    SELECT RAISE(ABORT, 'review_threads is append-only');
END;
CREATE TRIGGER review_comments_no_update BEFORE UPDATE ON review_comments
BEGIN
    SELECT RAISE(ABORT, 'review_comments is append-only');
END;
CREATE TRIGGER review_comments_no_delete BEFORE DELETE ON review_comments
BEGIN
    SELECT RAISE(ABORT, 'review_comments is append-only');
END;
CREATE TRIGGER review_verdicts_no_update BEFORE UPDATE ON review_verdicts
BEGIN
    SELECT RAISE(ABORT, 'review_verdicts is append-only');
END;
CREATE TRIGGER review_verdicts_no_delete BEFORE DELETE ON review_verdicts
BEGIN
    SELECT RAISE(ABORT, 'review_verdicts is append-only');
END;
CREATE TRIGGER review_publications_no_update BEFORE UPDATE ON review_publications
BEGIN
    SELECT RAISE(ABORT, 'review_publications is append-only');
END;
CREATE TRIGGER review_publications_no_delete BEFORE DELETE ON review_publications
BEGIN
    SELECT RAISE(ABORT, 'review_publications is append-only');
END;
CREATE TRIGGER review_thread_events_no_update BEFORE UPDATE ON review_thread_events
BEGIN
    SELECT RAISE(ABORT, 'review_thread_events is append-only');
END;
CREATE TRIGGER review_thread_events_no_delete BEFORE DELETE ON review_thread_events
BEGIN
    SELECT RAISE(ABORT, 'review_thread_events is append-only');
END;
CREATE TRIGGER review_concern_links_no_update BEFORE UPDATE ON review_concern_links
BEGIN
    SELECT RAISE(ABORT, 'review_concern_links is append-only');
END;
CREATE TRIGGER review_concern_links_no_delete BEFORE DELETE ON review_concern_links
BEGIN
    SELECT RAISE(ABORT, 'review_concern_links is append-only');
END;
CREATE TRIGGER review_placements_no_update BEFORE UPDATE ON review_placements
BEGIN
    SELECT RAISE(ABORT, 'review_placements is append-only');
END;
CREATE TRIGGER review_placements_no_delete BEFORE DELETE ON review_placements
BEGIN
    SELECT RAISE(ABORT, 'review_placements is append-only');
END;
CREATE TRIGGER status_events_no_update BEFORE UPDATE ON status_events
BEGIN
    SELECT RAISE(ABORT, 'status_events is append-only');
END;
CREATE TRIGGER status_events_no_delete BEFORE DELETE ON status_events
BEGIN
    SELECT RAISE(ABORT, 'status_events is append-only');
END;
CREATE TRIGGER assumptions_no_update BEFORE UPDATE ON assumptions
BEGIN
    SELECT RAISE(ABORT, 'assumptions is append-only');
END;
CREATE TRIGGER assumptions_no_delete BEFORE DELETE ON assumptions
BEGIN
    SELECT RAISE(ABORT, 'assumptions is append-only');
END;
CREATE TRIGGER assumption_events_no_update BEFORE UPDATE ON assumption_events
BEGIN
    SELECT RAISE(ABORT, 'assumption_events is append-only');
END;
CREATE TRIGGER assumption_events_no_delete BEFORE DELETE ON assumption_events
BEGIN
    SELECT RAISE(ABORT, 'assumption_events is append-only');
END;
CREATE TRIGGER revision_credits_no_update BEFORE UPDATE ON revision_credits
BEGIN
    SELECT RAISE(ABORT, 'revision_credits is append-only');
END;
CREATE TRIGGER revision_credits_no_delete BEFORE DELETE ON revision_credits
BEGIN
    SELECT RAISE(ABORT, 'revision_credits is append-only');
END;
