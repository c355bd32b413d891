-- The contact person's monthly reports (issue 15): one per assignment and month, a draft until
-- sent, then approved (locked) or returned with a comment. `report` is the JSON of
-- kp_domain::monthly_report::MonthlyReport. `first_submitted_at` is kept through returns: the
-- late-report rule counts from the first sending.
CREATE TABLE monthly_reports (
    id                 INTEGER PRIMARY KEY,
    assignment_id      INTEGER NOT NULL REFERENCES assignments (id),
    month              TEXT    NOT NULL,       -- 2026-11
    status             TEXT    NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved')),
    report             TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    first_submitted_at TEXT,
    submitted_at       TEXT,
    reviewed_at        TEXT,
    reviewed_by        INTEGER REFERENCES users (id),
    return_comment     TEXT,
    UNIQUE (assignment_id, month)
);
CREATE INDEX monthly_reports_status ON monthly_reports (status, submitted_at);
