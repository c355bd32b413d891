-- Single sign-on through the municipality's identity provider (see the SQLite migration 0017 for
-- what each column and table means).
ALTER TABLE users ADD COLUMN oidc_issuer text;
ALTER TABLE users ADD COLUMN oidc_subject text;
CREATE UNIQUE INDEX users_oidc_identity ON users (oidc_issuer, oidc_subject)
    WHERE oidc_subject IS NOT NULL;

ALTER TABLE sessions ADD COLUMN via_provider boolean NOT NULL DEFAULT FALSE;

CREATE TABLE oidc_sign_ins (
    state_hash    text PRIMARY KEY,
    nonce         text NOT NULL,
    pkce_verifier text NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX oidc_sign_ins_expiry ON oidc_sign_ins (expires_at);
