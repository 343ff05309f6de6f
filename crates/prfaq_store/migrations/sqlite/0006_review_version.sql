-- Schema 6: a review's version, so a reader can tell in one indexed row whether
-- anything in a document's review changed since it last read it whole.
--
-- Every row added to a review table counts once in its document's `review_version`
-- (triggers, so no write can forget it). The workspace's review functions are counted
-- by the reader, being shared by every document of the workspace.

ALTER TABLE documents ADD COLUMN review_version INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER review_rounds_count AFTER INSERT ON review_rounds
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = NEW.document_id;
END;
CREATE TRIGGER review_reviewers_count AFTER INSERT ON review_reviewers
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = (SELECT document_id FROM review_rounds WHERE id = NEW.round_id);
END;
CREATE TRIGGER review_threads_count AFTER INSERT ON review_threads
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = NEW.document_id;
END;
CREATE TRIGGER review_comments_count AFTER INSERT ON review_comments
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = (SELECT document_id FROM review_threads WHERE id = NEW.thread_id);
END;
CREATE TRIGGER review_verdicts_count AFTER INSERT ON review_verdicts
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = NEW.document_id;
END;
CREATE TRIGGER review_publications_count AFTER INSERT ON review_publications
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = (SELECT t.document_id FROM review_comments c JOIN review_threads t ON t.id = c.thread_id WHERE c.id = NEW.comment_id);
END;
CREATE TRIGGER review_thread_events_count AFTER INSERT ON review_thread_events
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = (SELECT document_id FROM review_threads WHERE id = NEW.thread_id);
END;
CREATE TRIGGER review_concern_links_count AFTER INSERT ON review_concern_links
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = (SELECT document_id FROM review_threads WHERE id = NEW.thread_id);
END;
CREATE TRIGGER review_placements_count AFTER INSERT ON review_placements
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = (SELECT document_id FROM review_threads WHERE id = NEW.thread_id);
END;
CREATE TRIGGER status_events_count AFTER INSERT ON status_events
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = NEW.document_id;
END;
CREATE TRIGGER assumptions_count AFTER INSERT ON assumptions
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = NEW.document_id;
END;
CREATE TRIGGER assumption_events_count AFTER INSERT ON assumption_events
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = (SELECT document_id FROM assumptions WHERE id = NEW.assumption_id);
END;
CREATE TRIGGER revision_credits_count AFTER INSERT ON revision_credits
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = NEW.document_id;
END;
