-- A second factor for local accounts: an authenticator app's secret (RFC 6238), the last time
-- step a code was accepted for (so a code works once), a secret being set up but not yet
-- confirmed, and ten single-use recovery codes (their SHA-256 only). After a correct password an
-- account with a second factor gets a short-lived challenge, not a session, until its code is
-- right.
ALTER TABLE users ADD COLUMN totp_secret TEXT;          -- base32; NULL: no second factor
ALTER TABLE users ADD COLUMN totp_pending_secret TEXT;  -- shown for enrolment, not yet confirmed
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;    -- unix time / 30 of the last code used
ALTER TABLE users ADD COLUMN totp_enabled_at TEXT;      -- RFC 3339

CREATE TABLE recovery_codes (
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,     -- SHA-256 (hex) of the code without dashes
    used_at   TEXT,              -- RFC 3339; NULL: still usable
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE sign_in_challenges (
    token_hash TEXT PRIMARY KEY,  -- SHA-256 of the challenge cookie's token
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    failures   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sign_in_challenges_expiry ON sign_in_challenges (expires_at);
