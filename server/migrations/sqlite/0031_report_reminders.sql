-- Reminders of the monthly report (issue 15): which reminder (month_ended, late) went for which
-- assignment and month. A row is written in the transaction that queues its mail, and the key
-- stops a second one, so a rerun or a second process never sends a reminder twice. Gallring
-- removes the rows with their assignment.
CREATE TABLE report_reminders (
    assignment_id INTEGER NOT NULL REFERENCES assignments (id),
    month         TEXT    NOT NULL,       -- 2026-11
    kind          TEXT    NOT NULL CHECK (kind IN ('month_ended', 'late')),
    queued_at     TEXT    NOT NULL,
    PRIMARY KEY (assignment_id, month, kind)
);

-- The reminders go through the outbox as mails of their own kind. SQLite cannot change a CHECK,
-- so the outbox is rebuilt with the same columns, rows and indexes (nothing refers to it).
CREATE TABLE mail_outbox_rebuilt (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL CHECK (kind IN ('receipt', 'notice', 'report_reminder')),
    application_id  INTEGER REFERENCES applications (id),
    to_address      TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'outbox' CHECK (status IN ('outbox', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT,
    created_at      TEXT    NOT NULL,
    sent_at         TEXT,
    claimed_until   TEXT
);
INSERT INTO mail_outbox_rebuilt
       (id, kind, application_id, to_address, subject, body, status, attempts, next_attempt_at,
        last_error, created_at, sent_at, claimed_until)
SELECT id, kind, application_id, to_address, subject, body, status, attempts, next_attempt_at,
       last_error, created_at, sent_at, claimed_until
FROM mail_outbox;
DROP TABLE mail_outbox;
ALTER TABLE mail_outbox_rebuilt RENAME TO mail_outbox;
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_application ON mail_outbox (application_id);
