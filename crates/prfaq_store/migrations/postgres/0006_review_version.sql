-- Schema 6: a review's version, so a reader can tell in one indexed row whether
-- anything in a document's review changed since it last read it whole.
--
-- Every row added to a review table counts once in its document's `review_version`
-- (triggers, so no write can forget it). The workspace's review functions are counted
-- by the reader, being shared by every document of the workspace.

ALTER TABLE documents ADD COLUMN review_version BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION review_rounds_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = NEW.document_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER review_rounds_count AFTER INSERT ON review_rounds
FOR EACH ROW EXECUTE FUNCTION review_rounds_count();
CREATE FUNCTION review_reviewers_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = (SELECT document_id FROM review_rounds WHERE id = NEW.round_id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER review_reviewers_count AFTER INSERT ON review_reviewers
FOR EACH ROW EXECUTE FUNCTION review_reviewers_count();
CREATE FUNCTION review_threads_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = NEW.document_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER review_threads_count AFTER INSERT ON review_threads
FOR EACH ROW EXECUTE FUNCTION review_threads_count();
CREATE FUNCTION review_comments_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = (SELECT document_id FROM review_threads WHERE id = NEW.thread_id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER review_comments_count AFTER INSERT ON review_comments
FOR EACH ROW EXECUTE FUNCTION review_comments_count();
CREATE FUNCTION review_verdicts_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = NEW.document_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER review_verdicts_count AFTER INSERT ON review_verdicts
FOR EACH ROW EXECUTE FUNCTION review_verdicts_count();
CREATE FUNCTION review_publications_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = (SELECT t.document_id FROM review_comments c JOIN review_threads t ON t.id = c.thread_id WHERE c.id = NEW.comment_id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER review_publications_count AFTER INSERT ON review_publications
FOR EACH ROW EXECUTE FUNCTION review_publications_count();
CREATE FUNCTION review_thread_events_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = (SELECT document_id FROM review_threads WHERE id = NEW.thread_id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER review_thread_events_count AFTER INSERT ON review_thread_events
FOR EACH ROW EXECUTE FUNCTION review_thread_events_count();
CREATE FUNCTION review_concern_links_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = (SELECT document_id FROM review_threads WHERE id = NEW.thread_id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER review_concern_links_count AFTER INSERT ON review_concern_links
FOR EACH ROW EXECUTE FUNCTION review_concern_links_count();
CREATE FUNCTION review_placements_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = (SELECT document_id FROM review_threads WHERE id = NEW.thread_id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER review_placements_count AFTER INSERT ON review_placements
FOR EACH ROW EXECUTE FUNCTION review_placements_count();
CREATE FUNCTION status_events_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = NEW.document_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER status_events_count AFTER INSERT ON status_events
FOR EACH ROW EXECUTE FUNCTION status_events_count();
CREATE FUNCTION assumptions_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = NEW.document_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER assumptions_count AFTER INSERT ON assumptions
FOR EACH ROW EXECUTE FUNCTION assumptions_count();
CREATE FUNCTION assumption_events_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = (SELECT document_id FROM assumptions WHERE id = NEW.assumption_id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER assumption_events_count AFTER INSERT ON assumption_events
FOR EACH ROW EXECUTE FUNCTION assumption_events_count();
CREATE FUNCTION revision_credits_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE documents SET review_version = review_version + 1
    WHERE id = NEW.document_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER revision_credits_count AFTER INSERT ON revision_credits
FOR EACH ROW EXECUTE FUNCTION revision_credits_count();
