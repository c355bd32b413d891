-- Why personal data was read: the purpose's code (kp_domain::purpose::Purpose, e.g.
-- `applicant_page`) as the screen that read sent it and the server checked it; NULL when none was
-- given (a script or another API client) and for every entry written before this migration.
-- An entry with a purpose is signed over it too (audit.rs, "v2"); one without is signed as
-- before, so the existing entries verify unchanged. No CHECK on the codes: the server refuses an
-- unknown code before anything is written, and a code changed afterwards fails the chain check.
-- (Adding a nullable column rewrites no row, so the update trigger is not involved. SQLite's
-- 0022.)
ALTER TABLE access_log ADD COLUMN purpose TEXT;
