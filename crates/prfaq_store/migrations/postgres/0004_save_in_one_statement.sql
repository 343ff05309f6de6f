-- Schema 4: a new revision advances its document itself.
--
-- A save is then one statement (`INSERT ... SELECT` that checks the base revision and
-- the author's role, and writes the revision) instead of a transaction of five round
-- trips. A revision older than its document's newest (a restore, which writes each
-- document before its revisions) changes nothing.

CREATE FUNCTION revisions_advance_document() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE documents SET current_revision = NEW.number, updated_at = NEW.created_at
    WHERE id = NEW.document_id AND current_revision < NEW.number;
    RETURN NULL;
END;
$$;
CREATE TRIGGER revisions_advance_document AFTER INSERT ON revisions
FOR EACH ROW EXECUTE FUNCTION revisions_advance_document();
