-- Schema 14: an item's source and customer, and an identity's customer, are of the
-- item's (the identity's) own workspace, each checked by one composite reference.
--
-- An item referred to its workspace, its source and its customer separately, and an
-- identity to its workspace and its customer: PostgreSQL checks each reference by a
-- query a row, five or six for an imported item with a new customer, about a third of
-- the import's work in the database. Now an item refers to (workspace, source) and
-- (workspace, customer), and an identity to (workspace, customer); the source and the
-- customer refer to the workspace, so it exists as before, with one check fewer for an
-- item and for an identity. The rule is also stronger than before: a source or a
-- customer of another workspace can no longer be named. A composite reference needs a
-- unique key on the same columns of the table it names.
ALTER TABLE evidence_sources
    ADD CONSTRAINT evidence_sources_workspace_id_id_key UNIQUE (workspace_id, id);
ALTER TABLE evidence_customers
    ADD CONSTRAINT evidence_customers_workspace_id_id_key UNIQUE (workspace_id, id);

ALTER TABLE feedback_items
    DROP CONSTRAINT feedback_items_workspace_id_fkey,
    DROP CONSTRAINT feedback_items_source_id_fkey,
    DROP CONSTRAINT feedback_items_customer_id_fkey,
    ADD CONSTRAINT feedback_items_source_fkey FOREIGN KEY (workspace_id, source_id)
        REFERENCES evidence_sources (workspace_id, id),
    ADD CONSTRAINT feedback_items_customer_fkey FOREIGN KEY (workspace_id, customer_id)
        REFERENCES evidence_customers (workspace_id, id);

ALTER TABLE evidence_identities
    DROP CONSTRAINT evidence_identities_workspace_id_fkey,
    DROP CONSTRAINT evidence_identities_customer_id_fkey,
    ADD CONSTRAINT evidence_identities_customer_fkey FOREIGN KEY (workspace_id, customer_id)
        REFERENCES evidence_customers (workspace_id, id);
