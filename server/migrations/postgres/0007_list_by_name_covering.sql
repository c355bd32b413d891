-- The caseworker list sorted by name without a stage filter, at 1,000,000 applicants
-- (BENCHMARKS.md, "Caseworker list at 1,000,000 applicants on PostgreSQL"). The list now picks a
-- page's ids from the applicants alone and reads only those rows; for that to be an index-only
-- scan, the name index must carry every column the query mentions, as applications_list_by_stage_name
-- (0004) does for a stage sorted by name: the plain names (lower(last_name) counts as mentioning
-- last_name) and what the filters read. Page 500 sorted by name read 25,000 table rows through
-- applications_name (p95 39 ms); it now reads 25,000 index entries.
--
-- It replaces applications_name, whose key it repeats: every index costs every insert.
DROP INDEX applications_name;
CREATE INDEX applications_list_by_name ON applications
    (lower(last_name), lower(first_name), id)
    INCLUDE (last_name, first_name, assignment_types, languages, search_text);
