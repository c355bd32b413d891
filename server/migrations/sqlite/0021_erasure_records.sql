-- Erasures (GDPR art. 17): that one was made, when, by which administrator, on which ground, for
-- which request and how many rows went with it. Nothing of the person erased: no reference, no
-- name (kp_domain::erasure).
CREATE TABLE erasure_records (
    id           INTEGER PRIMARY KEY,
    at           TEXT    NOT NULL,
    by_user_id   INTEGER NOT NULL,
    by_name      TEXT    NOT NULL,   -- the administrator's name at the time
    ground       TEXT    NOT NULL CHECK (ground IN ('no_longer_needed', 'consent_withdrawn',
                                                    'objection', 'unlawful', 'legal_obligation')),
    requested_on TEXT    NOT NULL,
    case_number  TEXT,
    events       INTEGER NOT NULL,
    mails        INTEGER NOT NULL,
    holds        INTEGER NOT NULL
);
