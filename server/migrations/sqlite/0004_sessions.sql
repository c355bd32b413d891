-- Sign-in sessions, stored server-side so they can be revoked. Only the SHA-256 of the token is
-- kept: a copy of the database does not let anyone sign in.
CREATE TABLE sessions (
    token_hash   TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL,
    expires_at   TEXT    NOT NULL,
    revoked      INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
    address      TEXT    NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
