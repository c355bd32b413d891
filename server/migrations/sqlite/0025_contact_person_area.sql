-- The contact person's own area (issue 15): one-time sign-in links, the area's sessions (apart
-- from the caseworkers' `sessions`: a contact person is not an account and a contact session is
-- never a caseworker's), and the acceptances of an assignment's agreement with the exact text.
-- A contact person is known by personnummer (canonical, `19811218-9876`): what e-legitimation
-- answers, and what every application of theirs carries.

CREATE TABLE contact_sign_in_links (
    token_hash   TEXT    PRIMARY KEY,           -- SHA-256 of the link's token; the token is never stored
    personnummer TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    expires_at   TEXT    NOT NULL,
    used_at      TEXT                           -- set once, when the link signs in
);
CREATE INDEX contact_sign_in_links_expiry ON contact_sign_in_links (expires_at);

CREATE TABLE contact_sessions (
    token_hash   TEXT    PRIMARY KEY,           -- SHA-256 of the cookie's token
    personnummer TEXT    NOT NULL,
    method       TEXT    NOT NULL CHECK (method IN ('link', 'eid')),
    created_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL,
    expires_at   TEXT    NOT NULL,              -- the absolute end; idleness is counted from last_seen_at
    address      TEXT    NOT NULL
);
CREATE INDEX contact_sessions_person ON contact_sessions (personnummer);

CREATE TABLE agreement_acceptances (
    id            INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES assignments (id),
    text_hash     TEXT    NOT NULL,             -- SHA-256 (hex) of the text below
    text          TEXT    NOT NULL,             -- the exact agreement accepted (Agreement::canonical_text)
    accepted_at   TEXT    NOT NULL,
    method        TEXT    NOT NULL CHECK (method IN ('link', 'eid')),
    UNIQUE (assignment_id, text_hash)
);
