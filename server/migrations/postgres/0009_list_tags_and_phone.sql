-- The caseworker list at 1,000,000 applicants (BENCHMARKS.md, "Caseworker list at 1,000,000
-- applicants on PostgreSQL"): two shapes missed p95 ≤ 20 ms because no index could start where
-- they start.
--
-- Stage + language + type: no B-tree can put "languages contains so" into its key, so the list
-- walked every applicant of the stage, newest first, and tested the JSON arrays on each entry
-- (133,334 entries for the first 1,001 Somali children among the new). Here each of an
-- applicant's languages and assignment types is a row, keyed by what the list starts from and the
-- order it reads in: (kind, code, stage, received_at, application_id). "Somali, stage new,
-- newest first" is a backward walk from the end of one key range, and the other filter is checked
-- on the arrays the entry includes, so the walk reads the index alone. The store writes the rows
-- in the same transaction as the application and moves their stage in the same transaction as
-- the applicant's (applications.rs, applicants.rs); the application's row stays the truth.
CREATE TABLE applicant_tags (
    kind             TEXT        NOT NULL CHECK (kind IN ('language', 'type')),
    code             TEXT        NOT NULL,
    stage            TEXT        NOT NULL,
    received_at      TIMESTAMPTZ NOT NULL,
    application_id   BIGINT      NOT NULL REFERENCES applications (id),
    -- The application's arrays, as in applications, so the other filter is read from the entry.
    languages        JSONB       NOT NULL,
    assignment_types JSONB       NOT NULL,
    PRIMARY KEY (kind, code, stage, received_at, application_id)
        INCLUDE (languages, assignment_types)
);
-- A stage change finds an applicant's rows by the application.
CREATE INDEX applicant_tags_application ON applicant_tags (application_id);
INSERT INTO applicant_tags
    SELECT DISTINCT 'language', code, a.stage, a.received_at, a.id, a.languages, a.assignment_types
    FROM applications a, jsonb_array_elements_text(a.languages) AS l(code);
INSERT INTO applicant_tags
    SELECT DISTINCT 'type', code, a.stage, a.received_at, a.id, a.languages, a.assignment_types
    FROM applications a, jsonb_array_elements_text(a.assignment_types) AS t(code);

-- A whole phone number, or the start of one in international form, is looked for in the phone
-- numbers (stored as E.164, '+' and digits) by this index, not by the trigram index: every
-- Swedish mobile number shares the trigrams of "+467", whose posting lists the trigram scan
-- decoded whole (16 ms for one number). Byte order ("C"), so that a prefix is one key range in
-- any database collation; stage, date and id included for the list's filter and order.
CREATE INDEX applications_phone ON applications (phone COLLATE "C")
    INCLUDE (stage, received_at, id);

-- Whether a search walks the list's order or reads the trigram index's matches and sorts them is
-- the planner's choice, from its estimate of how many rows match. For a term matching 0.5 % of
-- the applicants (a year and month of references, 5,000 of 1,000,000), the default sample's
-- histogram of search_text (100 buckets) holds either none of them or one, and ANALYZE picked one
-- or the other at random: the estimate was 100 rows (the trigram index, 12 ms) or 10,101 (a walk
-- of 600,119 entries, 190 ms), two runs out of six the latter. With 1,000 buckets it is 4,004–5,005
-- and the trigram index, in each of four ANALYZE runs.
ALTER TABLE applications ALTER COLUMN search_text SET STATISTICS 1000;
