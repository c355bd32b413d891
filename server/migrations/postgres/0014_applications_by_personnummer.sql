-- The register extract (GDPR art. 15) finds a person's applications by their personnummer (as
-- stored: canonical YYYYMMDD-NNNC); without this it read every application. SQLite's 0020.
CREATE INDEX applications_personnummer ON applications (personnummer);
