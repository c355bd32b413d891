-- The vetting pipeline: who handles an applicant, and every step's evidence as an event.
ALTER TABLE applications ADD COLUMN assigned_to INTEGER REFERENCES users (id);
ALTER TABLE applications ADD COLUMN stage_changed_at TEXT;
-- Lower-case text the list's search box looks in: reference, names, phone, e-mail.
ALTER TABLE applications ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE applications SET search_text = lower(reference || ' ' || first_name || ' ' || last_name || ' ' || phone || ' ' || email);
CREATE INDEX applications_stage ON applications (stage, received_at);
CREATE INDEX applications_assigned ON applications (assigned_to, received_at);

CREATE TABLE application_events (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    at             TEXT    NOT NULL,
    user_id        INTEGER NOT NULL REFERENCES users (id),
    kind           TEXT    NOT NULL,
    payload        TEXT    NOT NULL, -- the event as JSON (kp_domain::pipeline::Event)
    stage_after    TEXT    NOT NULL
);
CREATE INDEX application_events_application ON application_events (application_id, id);

-- Every read and write of an applicant's personal data through the API. Append-only: each entry
-- carries the SHA-256 of the previous entry's hash and its own fields, so changing or deleting an
-- entry breaks the chain from there on, and `Store::verify_access_log` finds where.
CREATE TABLE access_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT    NOT NULL,
    user_id    INTEGER NOT NULL,
    user_name  TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    record     TEXT    NOT NULL,
    address    TEXT    NOT NULL,
    prev_hash  TEXT    NOT NULL,
    hash       TEXT    NOT NULL
);
CREATE INDEX access_log_user ON access_log (user_id, at);
CREATE INDEX access_log_record ON access_log (record, at);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
