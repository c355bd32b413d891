-- Receipts for the extra costs of a contact person's monthly report (issue 15): the file's bytes
-- in the database, so a backup holds them and gallring removes them with their assignment
-- (engine/retention_removal.rs) and erasure with their application. `token` is the receipt's
-- public id, a random token (never the row number); `name` is the display name the domain made
-- safe (kp_domain::receipt::display_name); `content_type` is what the file's first bytes showed.
CREATE TABLE receipts (
    id             INTEGER PRIMARY KEY,
    token          TEXT    NOT NULL UNIQUE,
    assignment_id  INTEGER NOT NULL REFERENCES assignments (id),
    application_id INTEGER NOT NULL REFERENCES applications (id),
    month          TEXT    NOT NULL,       -- 2026-11
    name           TEXT    NOT NULL,
    content_type   TEXT    NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    size           INTEGER NOT NULL CHECK (size > 0),
    content        BLOB    NOT NULL,
    uploaded_at    TEXT    NOT NULL
);
CREATE INDEX receipts_report ON receipts (assignment_id, month, id);
CREATE INDEX receipts_application ON receipts (application_id);
