-- Limits every server process counts together (sign-in throttles, the submission limit), and the
-- scheduled jobs' next run, which the process that claims it runs (once, however many processes
-- there are). rate_events is UNLOGGED: a flood of attempts writes no WAL, and a crash empties it
-- (the limits start over, as a restart of a single process always did).
CREATE UNLOGGED TABLE rate_events (
    bucket TEXT        NOT NULL,
    key    TEXT        NOT NULL,
    tag    TEXT        NOT NULL,
    at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX rate_events_key ON rate_events (bucket, key, at);
CREATE INDEX rate_events_at ON rate_events (at);

CREATE TABLE job_runs (
    job    TEXT        PRIMARY KEY,
    due_at TIMESTAMPTZ NOT NULL
);
