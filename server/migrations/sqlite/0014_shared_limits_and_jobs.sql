-- Limits counted where every server process sees them (used on SQLite only when configured so;
-- one SQLite process keeps them in memory) and the scheduled jobs' next run, which the process
-- that claims it runs (once, however many processes there are).
CREATE TABLE rate_events (
    bucket TEXT NOT NULL,   -- which limit: sign_in:pair, submissions, …
    key    TEXT NOT NULL,   -- whom it counts: a client, an account, a client + account
    tag    TEXT NOT NULL,   -- which event (an attempt's id, an idempotency key)
    at     TEXT NOT NULL    -- RFC 3339
);
CREATE INDEX rate_events_key ON rate_events (bucket, key, at);
CREATE INDEX rate_events_at ON rate_events (at);

CREATE TABLE job_runs (
    job    TEXT PRIMARY KEY,
    due_at TEXT NOT NULL
);
