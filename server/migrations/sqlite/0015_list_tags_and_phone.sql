-- The caseworker list at 1,000,000 applicants (BENCHMARKS.md, "Caseworker list at 1,000,000
-- applicants on PostgreSQL"), the same tables and index as PostgreSQL's migration 0009.
--
-- Each of an applicant's languages and assignment types as a row, keyed by what the list starts
-- from and the order it reads in, so "Somali, stage new, newest first" is a walk of one key range
-- that checks the other filter on the arrays the entry holds. Unlike 0007's applicant_tags (dropped
-- in 0011), the key holds the stage and the date. The store writes the rows in the same
-- transaction as the application and moves their stage with the applicant's.
CREATE TABLE applicant_tags (
    kind             TEXT    NOT NULL CHECK (kind IN ('language', 'type')),
    code             TEXT    NOT NULL,
    stage            TEXT    NOT NULL,
    received_at      TEXT    NOT NULL,
    application_id   INTEGER NOT NULL REFERENCES applications (id),
    languages        TEXT    NOT NULL,
    assignment_types TEXT    NOT NULL,
    PRIMARY KEY (kind, code, stage, received_at, application_id)
) WITHOUT ROWID;
CREATE INDEX applicant_tags_application ON applicant_tags (application_id);
INSERT INTO applicant_tags
    SELECT DISTINCT 'language', j.value, a.stage, a.received_at, a.id, a.languages, a.assignment_types
    FROM applications a, json_each(a.languages) j;
INSERT INTO applicant_tags
    SELECT DISTINCT 'type', j.value, a.stage, a.received_at, a.id, a.languages, a.assignment_types
    FROM applications a, json_each(a.assignment_types) j;

-- A whole phone number, or the start of one in international form, is looked for in the phone
-- numbers (E.164) by this index; stage and date included for the list's filter and order.
CREATE INDEX applications_phone ON applications (phone, stage, received_at);
