-- Reminders of the monthly report (issue 15). As SQLite's 0031, in typed columns: which reminder
-- went for which assignment and month, written with its mail, the key stopping a second one.
CREATE TABLE report_reminders (
    assignment_id BIGINT      NOT NULL REFERENCES assignments (id),
    month         text        NOT NULL,       -- 2026-11
    kind          text        NOT NULL CHECK (kind IN ('month_ended', 'late')),
    queued_at     timestamptz NOT NULL,
    PRIMARY KEY (assignment_id, month, kind)
);

-- The reminders go through the outbox as mails of their own kind.
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check
    CHECK (kind IN ('receipt', 'notice', 'report_reminder'));
