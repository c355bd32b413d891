-- The caseworker list reads every column its filters look at from one of these indexes, so a
-- filter on stage, assignment type, language or a broad search walks index entries instead of
-- table rows, and a page's ids come from the index alone (BENCHMARKS.md, "Caseworker list at
-- 100,000 applicants"). Types and languages are matched inside the stored JSON arrays
-- (`instr(languages, '"sv"') > 0`); applicant_tags is still kept, but the list no longer reads it.
--
-- By stage, newest first (also the order of "sort by stage": stage, then newest first).
CREATE INDEX applications_list_by_stage ON applications
    (stage, received_at DESC, id DESC, assignment_types, languages, search_text);
-- Without a stage, newest or oldest first.
CREATE INDEX applications_list_by_received ON applications
    (received_at, id, assignment_types, languages, search_text);
-- Both are leading parts of applications_list_by_received, and every index costs every insert.
DROP INDEX applications_received;
DROP INDEX applications_received_id;
