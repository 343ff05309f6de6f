-- Schema 3: failed sign-in attempts, counted per account and per client address so
-- that guessing passwords is rate-limited across restarts and server processes.

CREATE TABLE sign_in_failures (
    id           INTEGER PRIMARY KEY,
    -- The lower-cased email address that was tried, whether or not an account has it.
    account_key  TEXT    NOT NULL,
    address      TEXT    NOT NULL,
    attempted_at INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_account ON sign_in_failures (account_key, attempted_at);
CREATE INDEX sign_in_failures_address ON sign_in_failures (address, attempted_at);
