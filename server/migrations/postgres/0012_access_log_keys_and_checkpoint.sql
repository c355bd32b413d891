-- The access log's chain becomes keyed, and can be pruned from its oldest end (SQLite's 0018).
--
-- key_id: the id (a fingerprint, not the key) of the HMAC-SHA-256 key that signed the entry; ''
-- for the plain SHA-256 entries written before this migration, which stay verifiable as they
-- were. The store signs with KP_AUDIT_KEY, which is never stored in the database; at its first
-- start with a key it writes an entry signed with it right after the last plain one, so that
-- the plain part cannot be rewritten either without breaking a signed entry. (Adding a column
-- with a constant default rewrites no row, so the update trigger is not involved.)
ALTER TABLE access_log ADD COLUMN key_id TEXT NOT NULL DEFAULT '';

-- The checkpoint: the last entry removed by pruning (its id, time and hash), signed with the
-- key, so that verification starts from it. One row at most, and it only moves forward.
CREATE TABLE access_log_checkpoint (
    id        SMALLINT    PRIMARY KEY CHECK (id = 1),
    last_id   BIGINT      NOT NULL,
    last_at   TIMESTAMPTZ NOT NULL,
    last_hash TEXT        NOT NULL,
    key_id    TEXT        NOT NULL,
    mac       TEXT        NOT NULL,
    made_at   TIMESTAMPTZ NOT NULL
);
CREATE FUNCTION access_log_checkpoint_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.last_id >= OLD.last_id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the access log checkpoint only moves forward';
END;
$$;
CREATE TRIGGER access_log_checkpoint_forward BEFORE UPDATE OR DELETE ON access_log_checkpoint
    FOR EACH ROW EXECUTE FUNCTION access_log_checkpoint_forward();
CREATE TRIGGER access_log_checkpoint_no_truncate BEFORE TRUNCATE ON access_log_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION access_log_checkpoint_forward();

-- Deleting stays refused, except for the entries a checkpoint already covers: pruning stores
-- the checkpoint first and then removes exactly the entries up to it, in one transaction.
-- UPDATE and TRUNCATE stay refused by 0005's function.
CREATE FUNCTION access_log_delete_checkpointed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.id <= coalesce((SELECT last_id FROM access_log_checkpoint), 0) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the access log is append-only';
END;
$$;
DROP TRIGGER access_log_no_delete ON access_log;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION access_log_delete_checkpointed();
