-- A worker claims the mails it is sending until `claimed_until` (RFC 3339 text), so two workers
-- (two server processes, or one restarted mid-send) never send the same mail at once.
ALTER TABLE mail_outbox ADD COLUMN claimed_until TEXT;
