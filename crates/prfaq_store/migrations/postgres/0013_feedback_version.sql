-- Schema 13: what a workspace's themes are computed from, counted, so a reader can tell
-- in one indexed row whether they changed since it last computed them.
--
-- `feedback_version` counts the writes that change the workspace's feedback: each import
-- batch, each deletion of a customer's feedback (and a merge of customers, which an
-- import makes). `theme_choices_version` counts the saves of the team's theme choices.
-- Each is raised in the writer's own transaction, once a transaction rather than by a
-- trigger for each row, so an import of 50,000 rows writes the workspace's row once.
-- Neither ever goes down, so a count once seen names one state of the workspace.

ALTER TABLE workspaces ADD COLUMN feedback_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE workspaces ADD COLUMN theme_choices_version BIGINT NOT NULL DEFAULT 0;
