-- Single sign-on through the municipality's identity provider (OpenID Connect).
--
-- users.oidc_issuer + oidc_subject: the provider identity (`iss`, `sub`) an account is linked to,
-- at its first sign-in through the provider; afterwards the person is found by it, never by
-- e-mail again. One identity, one account.
ALTER TABLE users ADD COLUMN oidc_issuer TEXT;
ALTER TABLE users ADD COLUMN oidc_subject TEXT;
CREATE UNIQUE INDEX users_oidc_identity ON users (oidc_issuer, oidc_subject)
    WHERE oidc_subject IS NOT NULL;

-- A session made through the provider: it needs no local second factor (the provider's own
-- sign-in is the strong one), and its sign-out also ends the provider's session.
ALTER TABLE sessions ADD COLUMN via_provider INTEGER NOT NULL DEFAULT 0
    CHECK (via_provider IN (0, 1));

-- A sign-in started at the provider and not yet finished: the SHA-256 of its `state` (the
-- browser holds the state in a cookie and the provider sends it back), the `nonce` the ID token
-- must carry and the PKCE verifier. Taken (deleted) when the provider's answer comes back, so an
-- answer works once; kept in the database so that any server process can finish it.
CREATE TABLE oidc_sign_ins (
    state_hash    TEXT PRIMARY KEY,
    nonce         TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX oidc_sign_ins_expiry ON oidc_sign_ins (expires_at);
