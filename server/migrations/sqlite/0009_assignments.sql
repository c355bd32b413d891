-- Assignments: a child's need (de-identified: a case number, never the name), the contact person
-- chosen for it, the plan, follow-ups and the ending. The need and the plan are stored as the
-- domain's JSON (kp_domain::need::Need, kp_domain::assignment::Plan); the columns that lists
-- filter or join on are kept beside them.
CREATE TABLE need_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE needs (
    id              INTEGER PRIMARY KEY,
    reference       TEXT    NOT NULL UNIQUE,  -- B-2026-0001
    case_reference  TEXT    NOT NULL,
    assignment_type TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'matched', 'closed')),
    payload         TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX needs_status ON needs (status, created_at);

CREATE TABLE assignments (
    id                INTEGER PRIMARY KEY,
    need_id           INTEGER NOT NULL UNIQUE REFERENCES needs (id),  -- one assignment per need
    application_id    INTEGER NOT NULL REFERENCES applications (id),
    frequency         TEXT    NOT NULL CHECK (frequency IN ('weekly', 'several_per_week', 'almost_daily')),
    start_date        TEXT    NOT NULL,
    end_date          TEXT,                  -- the last paid day, once ended
    match_reason      TEXT    NOT NULL,
    special_arvode    INTEGER CHECK (special_arvode IS NULL OR special_arvode >= 0),
    special_omkostnad INTEGER CHECK (special_omkostnad IS NULL OR special_omkostnad >= 0),
    plan              TEXT,                  -- JSON, once written
    ending            TEXT,                  -- JSON, once ended
    created_at        TEXT    NOT NULL,
    created_by        INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX assignments_application ON assignments (application_id);
CREATE INDEX assignments_dates ON assignments (start_date, end_date);

-- What happened to a need and its assignment: need_registered, matched, plan_written, follow_up,
-- ended. A follow-up's content is its payload (kp_domain::assignment::FollowUp as JSON).
CREATE TABLE assignment_events (
    id            INTEGER PRIMARY KEY,
    need_id       INTEGER NOT NULL REFERENCES needs (id),
    assignment_id INTEGER REFERENCES assignments (id),
    at            TEXT    NOT NULL,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    kind          TEXT    NOT NULL,
    summary       TEXT    NOT NULL,
    payload       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX assignment_events_need ON assignment_events (need_id, id);
CREATE INDEX assignment_events_assignment ON assignment_events (assignment_id, kind, id);
