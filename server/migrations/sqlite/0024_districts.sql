-- Districts (områden) the municipality names, with the postcodes each covers (issue 16: a need
-- asked for "Centrum" while applications held only the postal town, so matching never agreed on
-- an area). (The same migration is SQLite 0024 and PostgreSQL 0018.)
--
-- postcodes: a JSON array of {"first": 83130, "last": 83149}, as kp_domain::district reads it.
-- A district is never deleted: retiring it sets retired_at, so the needs and applications that
-- name it still show its name. The rules (a name used once, a postcode in one active district
-- only) are kp_domain::district::validate_district's, checked in the writing transaction.
CREATE TABLE districts (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    postcodes  TEXT    NOT NULL DEFAULT '[]',
    created_at TEXT    NOT NULL,
    retired_at TEXT
);

-- The district an applicant chose in the form (none: their postcode may tell it).
ALTER TABLE applications ADD COLUMN district_id INTEGER REFERENCES districts (id);
