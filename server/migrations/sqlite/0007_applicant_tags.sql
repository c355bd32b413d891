-- Languages and assignment types as rows, so the list can filter on them through an index
-- (instead of LIKE over the JSON arrays). Triggers keep them in step with applications.
CREATE TABLE applicant_tags (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    kind           TEXT    NOT NULL CHECK (kind IN ('language', 'type')),
    code           TEXT    NOT NULL,
    PRIMARY KEY (kind, code, application_id)
) WITHOUT ROWID;
INSERT INTO applicant_tags (application_id, kind, code)
    SELECT a.id, 'language', j.value FROM applications a, json_each(a.languages) j;
INSERT INTO applicant_tags (application_id, kind, code)
    SELECT a.id, 'type', j.value FROM applications a, json_each(a.assignment_types) j;
CREATE TRIGGER applications_tags_insert AFTER INSERT ON applications BEGIN
    INSERT INTO applicant_tags (application_id, kind, code)
        SELECT new.id, 'language', value FROM json_each(new.languages);
    INSERT INTO applicant_tags (application_id, kind, code)
        SELECT new.id, 'type', value FROM json_each(new.assignment_types);
END;
