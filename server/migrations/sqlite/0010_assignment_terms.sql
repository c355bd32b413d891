-- An assignment's terms after its start: from a date it meets more or less often (and so is paid
-- at another level), or a special qualified assignment's monthly amounts are decided anew. The
-- first terms stay in the assignments row (frequency, special_arvode, special_omkostnad, from its
-- start_date); each change adds a row here (kp_domain::compensation::Terms). Changes only go
-- forward: each starts after the previous one and never in a month already past, so a month's
-- payment basis stays the same when produced again.
CREATE TABLE assignment_terms (
    id                INTEGER PRIMARY KEY,
    assignment_id     INTEGER NOT NULL REFERENCES assignments (id),
    from_date         TEXT    NOT NULL,
    frequency         TEXT    NOT NULL CHECK (frequency IN ('weekly', 'several_per_week', 'almost_daily')),
    special_arvode    INTEGER CHECK (special_arvode IS NULL OR special_arvode >= 0),
    special_omkostnad INTEGER CHECK (special_omkostnad IS NULL OR special_omkostnad >= 0),
    reason            TEXT    NOT NULL,
    created_at        TEXT    NOT NULL,
    created_by        INTEGER NOT NULL REFERENCES users (id),
    UNIQUE (assignment_id, from_date)
);
