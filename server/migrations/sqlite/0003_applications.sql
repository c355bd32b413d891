-- Interest forms (intresseanmälningar). One row per application; the idempotency key makes a
-- resend of the same submission return the same row instead of creating another.
CREATE TABLE applications (
    id                   INTEGER PRIMARY KEY,
    reference            TEXT    NOT NULL UNIQUE,
    idempotency_key      TEXT    NOT NULL UNIQUE,
    request_hash         TEXT    NOT NULL,
    received_at          TEXT    NOT NULL,
    locale               TEXT    NOT NULL,
    first_name           TEXT    NOT NULL,
    last_name            TEXT    NOT NULL,
    personnummer         TEXT    NOT NULL,
    coordination_number  INTEGER NOT NULL,
    birth_date           TEXT    NOT NULL,
    address              TEXT    NOT NULL,
    postcode             TEXT    NOT NULL,
    town                 TEXT    NOT NULL,
    phone                TEXT    NOT NULL,
    email                TEXT    NOT NULL,
    assignment_types     TEXT    NOT NULL, -- JSON array of codes
    languages            TEXT    NOT NULL, -- JSON array of codes
    occupation           TEXT    NOT NULL,
    experience           TEXT    NOT NULL,
    interests            TEXT    NOT NULL,
    frequency            TEXT    NOT NULL,
    times                TEXT    NOT NULL, -- JSON array
    driving_licence      INTEGER NOT NULL,
    has_car              INTEGER NOT NULL,
    age_groups           TEXT    NOT NULL, -- JSON array
    knows_child          INTEGER NOT NULL,
    knows_child_details  TEXT    NOT NULL,
    motivation           TEXT    NOT NULL,
    consent_version      TEXT    NOT NULL,
    consent_at           TEXT    NOT NULL,
    stage                TEXT    NOT NULL DEFAULT 'new'
);
CREATE INDEX applications_received ON applications (received_at);

-- Per-year counters for human-readable references (KP-2026-0042).
CREATE TABLE reference_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

-- Mail waits here until sent. Without SMTP configured it stays here ('outbox'), visible to
-- caseworkers, so nothing is silently dropped.
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL CHECK (kind IN ('receipt', 'notice')),
    application_id  INTEGER REFERENCES applications (id),
    to_address      TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'outbox' CHECK (status IN ('outbox', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT,
    created_at      TEXT    NOT NULL,
    sent_at         TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
