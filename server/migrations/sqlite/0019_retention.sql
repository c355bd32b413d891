-- Retention (gallring): the rules an administrator keeps (one per category, with the decision it
-- rests on), holds that stop gallring of an applicant and their assignments, and the gallring
-- records, which say what a run removed without naming anyone (kp_domain::retention).

-- A category's rule once an administrator has changed it; a category without a row has the
-- domain's default (kp_domain::retention::Category::default_rule). The unit is the category's.
CREATE TABLE retention_rules (
    category   TEXT    PRIMARY KEY,
    amount     INTEGER NOT NULL CHECK (amount > 0),
    decision   TEXT    NOT NULL,
    changed_at TEXT    NOT NULL,
    changed_by TEXT    NOT NULL   -- the administrator's name at the time
);

-- A hold on an applicant (a complaint, a JO case, an appeal): while released_at is NULL nothing
-- of theirs is removed. Released holds are kept until the applicant is removed, with them.
CREATE TABLE retention_holds (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    reason         TEXT    NOT NULL,
    placed_at      TEXT    NOT NULL,
    placed_by      TEXT    NOT NULL,
    released_at    TEXT,
    released_by    TEXT
);
CREATE INDEX retention_holds_application ON retention_holds (application_id, released_at);

-- What one run removed of one category, by which rule. No reference, no name: counts only.
CREATE TABLE retention_records (
    id         INTEGER PRIMARY KEY,
    at         TEXT    NOT NULL,
    as_of      TEXT    NOT NULL,
    category   TEXT    NOT NULL,
    removed    INTEGER NOT NULL DEFAULT 0,
    amount     INTEGER NOT NULL,
    unit       TEXT    NOT NULL CHECK (unit IN ('days', 'months', 'years')),
    decision   TEXT    NOT NULL,
    started_by TEXT    NOT NULL CHECK (started_by IN ('schedule', 'command'))
);
CREATE INDEX retention_records_at ON retention_records (at);

-- Removing an applicant removes their mails; without this each removal read the whole outbox.
CREATE INDEX mail_outbox_application ON mail_outbox (application_id);

-- The search index forgets a removed applicant at once: FTS5 takes the rowid out of each
-- trigram's list in place instead of adding a delete marker that leaves the old entries in the
-- file until segments merge (SQLite 3.44 or newer; sqlx bundles 3.46).
INSERT INTO applicant_search (applicant_search, rank) VALUES ('secure-delete', 1);

-- The latest day any removed assignment of this contact person was active (its last day or its
-- latest event): an ended assignment is removed after its own period, and the person's period
-- still counts from it afterwards.
ALTER TABLE applications ADD COLUMN assignments_last_active TEXT;
