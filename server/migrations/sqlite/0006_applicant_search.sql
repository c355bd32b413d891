-- Substring search over reference, names, phone and e-mail without scanning every row: an FTS5
-- trigram index over applications.search_text (LIKE '%…%' on it uses the index for three or
-- more characters), kept in step by triggers.
CREATE VIRTUAL TABLE applicant_search USING fts5(
    search_text, content = 'applications', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER applications_search_insert AFTER INSERT ON applications BEGIN
    INSERT INTO applicant_search (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER applications_search_update AFTER UPDATE OF search_text ON applications BEGIN
    INSERT INTO applicant_search (applicant_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    INSERT INTO applicant_search (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER applications_search_delete AFTER DELETE ON applications BEGIN
    INSERT INTO applicant_search (applicant_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
END;
INSERT INTO applicant_search (applicant_search) VALUES ('rebuild');

-- Sorting the list by name.
CREATE INDEX applications_name ON applications (last_name COLLATE NOCASE, first_name COLLATE NOCASE, id);
CREATE INDEX applications_received_id ON applications (received_at, id);
