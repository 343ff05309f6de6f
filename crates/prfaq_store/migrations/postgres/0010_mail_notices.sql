-- Schema 10: email about notices. When the server is configured to send mail, a member
-- is also told of each notice by email unless they turned it off for themselves
-- (1 on, the default; 0 off). The notice in the workspace stays the record either way.

ALTER TABLE users ADD COLUMN mail_notices BIGINT NOT NULL DEFAULT 1 CHECK (mail_notices IN (0, 1));
