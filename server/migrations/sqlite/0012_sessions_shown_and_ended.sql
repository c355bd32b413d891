-- Sessions a person can see and end ("Mina inloggningar"): a public id (never the token or its
-- hash), the browser, and when and why a session ended. Accounts: a temporary password (set by
-- an administrator, to be changed at the next sign-in) and the demo account.
ALTER TABLE sessions ADD COLUMN public_id TEXT;
UPDATE sessions SET public_id = lower(hex(randomblob(16))) WHERE public_id IS NULL;
CREATE UNIQUE INDEX sessions_public_id ON sessions (public_id);
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN ended_at TEXT;
ALTER TABLE sessions ADD COLUMN end_reason TEXT;
-- The sweep that ends idle and expired sessions reads the live ones only.
CREATE INDEX sessions_live ON sessions (revoked, last_seen_at);

ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
    CHECK (must_change_password IN (0, 1));
ALTER TABLE users ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1));
