-- Schema 11: customer evidence imported and searched faster. The content key becomes
-- its 16 bytes instead of 32 hex digits (a smaller unique index); the English text
-- search vector of the title and text is stored with each item, computed once when
-- it is written, so that ranking a search's matches reads it instead of parsing each
-- matched text again; the GIN index moves onto that column.
ALTER TABLE feedback_items
    ALTER COLUMN content_key TYPE BYTEA USING decode(content_key, 'hex');
ALTER TABLE feedback_items
    ADD CONSTRAINT feedback_items_content_key_length CHECK (length(content_key) = 16);
DROP INDEX feedback_items_search;
ALTER TABLE feedback_items ADD COLUMN search_vector TSVECTOR
    GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED;
CREATE INDEX feedback_items_search ON feedback_items USING GIN (search_vector);
