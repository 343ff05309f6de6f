-- Schema 5: reviews. A review round asks members (each for a function, required or
-- not) to review a revision; threads anchor comments, concerns and suggestions to a
-- passage; verdicts, status changes and assumptions are logged with who and when.
--
-- Every table here is append-only like revisions (triggers refuse updates and
-- deletes): a thread's state, a concern's answer, an assumption's state and a
-- document's status history are the newest of their events. The documents table is
-- rebuilt so that its status may also be `aligned`.


ALTER TABLE documents DROP CONSTRAINT documents_status_check;
ALTER TABLE documents ADD CONSTRAINT documents_status_check
    CHECK (status IN ('draft', 'in-review', 'aligned', 'approved', 'declined'));

CREATE FUNCTION refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;


CREATE TABLE review_functions (
    id           BIGINT  PRIMARY KEY,
    workspace_id BIGINT  NOT NULL REFERENCES workspaces (id),
    -- Lower-case, as typed by the team: engineering, finance, customer support, …
    name         TEXT    NOT NULL,
    -- 1 when every review in the workspace needs an approval from this function.
    required     BIGINT  NOT NULL CHECK (required IN (0, 1)),
    set_by       BIGINT  NOT NULL REFERENCES users (id),
    created_at   BIGINT  NOT NULL
);

CREATE TABLE review_rounds (
    id           BIGINT  PRIMARY KEY,
    document_id  BIGINT  NOT NULL REFERENCES documents (id),
    -- The revision the review was asked for.
    revision     BIGINT  NOT NULL,
    requested_by BIGINT  NOT NULL REFERENCES users (id),
    created_at   BIGINT  NOT NULL
);

CREATE TABLE review_reviewers (
    round_id    BIGINT  NOT NULL REFERENCES review_rounds (id),
    user_id     BIGINT  NOT NULL REFERENCES users (id),
    function    TEXT    NOT NULL,
    required    BIGINT  NOT NULL CHECK (required IN (0, 1)),
    added_by    BIGINT  NOT NULL REFERENCES users (id),
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (round_id, user_id)
);

CREATE TABLE review_threads (
    id           BIGINT  PRIMARY KEY,
    document_id  BIGINT  NOT NULL REFERENCES documents (id),
    -- The revision the passage was quoted from, and the passage as it stood there.
    revision     BIGINT  NOT NULL,
    anchor_start BIGINT  NOT NULL,
    anchor_end   BIGINT  NOT NULL,
    quote        TEXT    NOT NULL,
    prefix       TEXT    NOT NULL,
    suffix       TEXT    NOT NULL,
    -- 1 for a concern: a question the FAQ must answer.
    concern      BIGINT  NOT NULL CHECK (concern IN (0, 1)),
    -- A suggestion's replacement for the passage; NULL for a comment.
    replacement  TEXT,
    author_id    BIGINT  NOT NULL REFERENCES users (id),
    created_at   BIGINT  NOT NULL
);

CREATE TABLE review_comments (
    id          BIGINT  PRIMARY KEY,
    thread_id   BIGINT  NOT NULL REFERENCES review_threads (id),
    author_id   BIGINT  NOT NULL REFERENCES users (id),
    body        TEXT    NOT NULL,
    -- 1 while only its author sees it; a verdict publishes it (review_publications).
    pending     BIGINT  NOT NULL CHECK (pending IN (0, 1)),
    created_at  BIGINT  NOT NULL
);

CREATE TABLE review_verdicts (
    id          BIGINT  PRIMARY KEY,
    round_id    BIGINT  NOT NULL REFERENCES review_rounds (id),
    document_id BIGINT  NOT NULL REFERENCES documents (id),
    -- The revision the verdict is about; a newer revision makes an approval stale.
    revision    BIGINT  NOT NULL,
    user_id     BIGINT  NOT NULL REFERENCES users (id),
    verdict     TEXT    NOT NULL CHECK (verdict IN ('approve', 'request-changes', 'comment')),
    body        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE review_publications (
    comment_id  BIGINT  PRIMARY KEY REFERENCES review_comments (id),
    verdict_id  BIGINT  NOT NULL REFERENCES review_verdicts (id)
);

CREATE TABLE review_thread_events (
    id          BIGINT  PRIMARY KEY,
    thread_id   BIGINT  NOT NULL REFERENCES review_threads (id),
    -- accepted and rejected decide a suggestion, and resolve its thread.
    action      TEXT    NOT NULL
                CHECK (action IN ('resolved', 'reopened', 'accepted', 'rejected')),
    reason      TEXT    NOT NULL,
    -- The revision an accepted suggestion made.
    revision    BIGINT ,
    actor_id    BIGINT  NOT NULL REFERENCES users (id),
    created_at  BIGINT  NOT NULL
);

CREATE TABLE review_concern_links (
    id           BIGINT  PRIMARY KEY,
    thread_id    BIGINT  NOT NULL REFERENCES review_threads (id),
    -- The FAQ question that answers the concern, by its text.
    question     TEXT    NOT NULL,
    -- 1 when the concern was turned into a question the next revision must add.
    new_question BIGINT  NOT NULL CHECK (new_question IN (0, 1)),
    actor_id     BIGINT  NOT NULL REFERENCES users (id),
    created_at   BIGINT  NOT NULL
);

CREATE TABLE review_placements (
    thread_id    BIGINT  NOT NULL REFERENCES review_threads (id),
    revision     BIGINT  NOT NULL,
    state        TEXT    NOT NULL
                 CHECK (state IN ('attached', 'moved', 'changed', 'orphaned')),
    -- Where the passage stands in that revision; an orphaned thread keeps the last one.
    anchor_start BIGINT  NOT NULL,
    anchor_end   BIGINT  NOT NULL,
    quote        TEXT    NOT NULL,
    prefix       TEXT    NOT NULL,
    suffix       TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (thread_id, revision)
);

CREATE TABLE status_events (
    id          BIGINT  PRIMARY KEY,
    document_id BIGINT  NOT NULL REFERENCES documents (id),
    status      TEXT    NOT NULL
                CHECK (status IN ('draft', 'in-review', 'aligned', 'approved', 'declined')),
    reason      TEXT    NOT NULL,
    revision    BIGINT  NOT NULL,
    -- 1 when the change appended `revision` to rewrite the front matter's status line:
    -- a revision that changes nothing a reviewer approved.
    rewrote     BIGINT  NOT NULL CHECK (rewrote IN (0, 1)),
    actor_id    BIGINT  NOT NULL REFERENCES users (id),
    created_at  BIGINT  NOT NULL
);

CREATE TABLE assumptions (
    id          BIGINT  PRIMARY KEY,
    document_id BIGINT  NOT NULL REFERENCES documents (id),
    text        TEXT    NOT NULL,
    -- How the assumption will be tested.
    test        TEXT    NOT NULL,
    author_id   BIGINT  NOT NULL REFERENCES users (id),
    created_at  BIGINT  NOT NULL
);

CREATE TABLE assumption_events (
    id            BIGINT  PRIMARY KEY,
    assumption_id BIGINT  NOT NULL REFERENCES assumptions (id),
    state         TEXT    NOT NULL CHECK (state IN ('untested', 'holds', 'broken')),
    note          TEXT    NOT NULL,
    actor_id      BIGINT  NOT NULL REFERENCES users (id),
    created_at    BIGINT  NOT NULL
);

CREATE TABLE revision_credits (
    document_id BIGINT  NOT NULL,
    number      BIGINT  NOT NULL,
    -- Someone besides the author whose work the revision holds (an accepted suggestion).
    user_id     BIGINT  NOT NULL REFERENCES users (id),
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

CREATE TRIGGER review_functions_append_only BEFORE UPDATE OR DELETE ON review_functions
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER review_rounds_append_only BEFORE UPDATE OR DELETE ON review_rounds
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER review_reviewers_append_only BEFORE UPDATE OR DELETE ON review_reviewers
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER review_threads_append_only BEFORE UPDATE OR DELETE ON review_threads
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER review_comments_append_only BEFORE UPDATE OR DELETE ON review_comments
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER review_verdicts_append_only BEFORE UPDATE OR DELETE ON review_verdicts
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER review_publications_append_only BEFORE UPDATE OR DELETE ON review_publications
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER review_thread_events_append_only BEFORE UPDATE OR DELETE ON review_thread_events
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER review_concern_links_append_only BEFORE UPDATE OR DELETE ON review_concern_links
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER review_placements_append_only BEFORE UPDATE OR DELETE ON review_placements
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER status_events_append_only BEFORE UPDATE OR DELETE ON status_events
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER assumptions_append_only BEFORE UPDATE OR DELETE ON assumptions
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER assumption_events_append_only BEFORE UPDATE OR DELETE ON assumption_events
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER revision_credits_append_only BEFORE UPDATE OR DELETE ON revision_credits
FOR EACH ROW EXECUTE FUNCTION refuse_change();
