-- "Stage filter, sorted by name": without this index SQLite read all of the stage's rows (20,000
-- of 100,000) and sorted them by name for every page (BENCHMARKS.md, "Caseworker list at 100,000
-- applicants"). The key is the list's ORDER BY for names after the stage, with the same collation
-- and the id as the tie-break, so a page is the next 50 index entries. Like the indexes of 0008
-- it also holds every other column a list filter reads (types, languages, the search text), so
-- those filters and a broad search check index entries instead of table rows.
CREATE INDEX applications_list_by_stage_name ON applications
    (stage, last_name COLLATE NOCASE, first_name COLLATE NOCASE, id,
     assignment_types, languages, search_text);
-- applicant_tags has not been read since 0008 (the list matches codes inside the stored JSON
-- arrays); its trigger on applications was the only thing that still wrote it.
DROP TRIGGER applications_tags_insert;
DROP TABLE applicant_tags;
