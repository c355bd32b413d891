-- The access log's chain becomes keyed, and can be pruned from its oldest end.
--
-- key_id: the id (a fingerprint, not the key) of the HMAC-SHA-256 key that signed the entry; ''
-- for the plain SHA-256 entries written before this migration, which stay verifiable as they
-- were. The store signs with KP_AUDIT_KEY, which is never stored in the database; at its first
-- start with a key it writes an entry signed with it right after the last plain one, so that
-- the plain part cannot be rewritten either without breaking a signed entry.
ALTER TABLE access_log ADD COLUMN key_id TEXT NOT NULL DEFAULT '';

-- The checkpoint: the last entry removed by pruning (its id, time and hash), signed with the
-- key, so that verification starts from it. One row at most, and it only moves forward.
CREATE TABLE access_log_checkpoint (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_id   INTEGER NOT NULL,
    last_at   TEXT    NOT NULL,
    last_hash TEXT    NOT NULL,
    key_id    TEXT    NOT NULL,
    mac       TEXT    NOT NULL,
    made_at   TEXT    NOT NULL
);
CREATE TRIGGER access_log_checkpoint_forward BEFORE UPDATE ON access_log_checkpoint
WHEN NEW.last_id < OLD.last_id
BEGIN SELECT RAISE(ABORT, 'the access log checkpoint only moves forward'); END;
CREATE TRIGGER access_log_checkpoint_kept BEFORE DELETE ON access_log_checkpoint
BEGIN SELECT RAISE(ABORT, 'the access log checkpoint only moves forward'); END;

-- Deleting stays refused, except for the entries a checkpoint already covers: pruning stores
-- the checkpoint first and then removes exactly the entries up to it, in one transaction.
DROP TRIGGER access_log_no_delete;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
WHEN OLD.id > coalesce((SELECT last_id FROM access_log_checkpoint), 0)
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
