//! The access log (`access_log`): every read and write of personal data and every security
//! event, each entry chained to the one before by its hash, so an altered entry shows.

use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use kp_domain::caseworker::{AccessEntry, AccessLogCheck, ChainProblem, LogCheckpoint};
use kp_domain::purpose::Purpose;
use kp_domain::security::{AccessKind, SecurityEvent, SECURITY_PREFIX};

use super::core::{Conn, Engine};
use super::{at, ENGINE};
use crate::store::audit::{AuditKeys, EntryFields};
use crate::store::{access_hash, stamp, whole_seconds, Dialect, LogEntry, PruneBound, Pruned};

#[derive(sqlx::FromRow)]
struct LogRow {
    id: i64,
    at: DateTime<Utc>,
    user_id: i64,
    user_name: String,
    action: String,
    record: String,
    address: String,
    prev_hash: String,
    hash: String,
    key_id: String,
    /// A purpose's code; NULL when none was given (and for every entry from before purposes).
    purpose: Option<String>,
}

/// The columns of a [`LogRow`].
const LOG_COLUMNS: &str =
    "id, at, user_id, user_name, action, record, address, prev_hash, hash, key_id, purpose";

#[derive(sqlx::FromRow)]
struct CheckpointRow {
    last_id: i64,
    last_at: DateTime<Utc>,
    last_hash: String,
    key_id: String,
    mac: String,
}

/// The chain's start: the "previous hash" of the first entry.
fn genesis() -> String {
    "0".repeat(64)
}

/// The one order of the chain: on SQLite the one writer connection gives it; on PostgreSQL a
/// transaction-scoped advisory lock does, across every server process, until the caller's
/// commit. Taking it twice in one transaction is harmless.
async fn lock_chain(conn: &mut Conn) -> Result<(), sqlx::Error> {
    if ENGINE == Dialect::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(7411)")
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Appends `log` with its record completed by `suffix` (`need:` + `B-2026-0001`), for a write
/// whose record only the store knows (a reference or id it has just made).
pub(super) async fn append_log_about(
    conn: &mut Conn,
    keys: &AuditKeys,
    log: &LogEntry<'_>,
    suffix: &str,
) -> Result<(), sqlx::Error> {
    let record = format!("{}{suffix}", log.record);
    append_log(
        conn,
        keys,
        &LogEntry {
            record: &record,
            ..*log
        },
    )
    .await
}

/// Appends `entry` to the access log inside the caller's transaction, chained to the previous
/// entry and signed with the store's key (HMAC-SHA-256), so a change and its log entry commit
/// together or not at all. No purpose: see [`append_read`] for a read that has one.
pub(super) async fn append_log(
    conn: &mut Conn,
    keys: &AuditKeys,
    entry: &LogEntry<'_>,
) -> Result<(), sqlx::Error> {
    append_read(conn, keys, entry, None).await
}

/// [`append_log`] with why the data was read, when the reader said; the purpose is signed with
/// the entry.
pub(super) async fn append_read(
    conn: &mut Conn,
    keys: &AuditKeys,
    entry: &LogEntry<'_>,
    purpose: Option<Purpose>,
) -> Result<(), sqlx::Error> {
    lock_chain(conn).await?;
    let now = whole_seconds(Utc::now());
    let prev: Option<String> =
        sqlx::query_scalar("SELECT hash FROM access_log ORDER BY id DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    let prev = prev.unwrap_or_else(genesis);
    let LogEntry {
        user_id,
        user_name,
        action,
        record,
        address,
    } = *entry;
    let purpose = purpose.map(Purpose::code);
    let hash = keys.sign_entry(&EntryFields {
        prev: &prev,
        at: &stamp(now),
        user_id,
        user_name,
        action,
        record,
        address,
        purpose,
    });
    sqlx::query(
        "INSERT INTO access_log
             (at, user_id, user_name, action, record, address, prev_hash, hash, key_id, purpose)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(at(now))
    .bind(user_id)
    .bind(user_name)
    .bind(action)
    .bind(record)
    .bind(address)
    .bind(&prev)
    .bind(&hash)
    .bind(keys.signing_id())
    .bind(purpose)
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

/// Who writes the access log's own entries (the key's first use): the server itself.
const SERVER: &str = "Kontaktperson (servern)";

/// The check as it goes: entries seen, the first break, where the signed part starts.
#[derive(Default)]
struct Walk {
    entries: i64,
    broken: Option<(i64, ChainProblem)>,
    keyed_from: Option<i64>,
    /// The first of the plain (unsigned) entries since the last signed one.
    unsigned_since: Option<i64>,
}

impl Walk {
    fn break_at(&mut self, id: i64, problem: ChainProblem) {
        self.broken.get_or_insert((id, problem));
    }
}

impl Engine {
    pub(crate) async fn log_access(&self, entry: &LogEntry<'_>) -> Result<(), sqlx::Error> {
        self.log_read(entry, None).await
    }

    pub(crate) async fn log_read(
        &self,
        entry: &LogEntry<'_>,
        purpose: Option<Purpose>,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        append_read(&mut tx, &self.audit, entry, purpose).await?;
        tx.commit().await
    }

    /// At start-up: when the log's last entry was not signed with the current key (plain
    /// SHA-256 entries from before keys, or another key), writes an entry signed with it, so
    /// that what came before is pinned by a signature at once, not only at the next event. An
    /// empty log needs none.
    pub(crate) async fn seal_access_log(&self) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        lock_chain(&mut tx).await?;
        let last: Option<String> =
            sqlx::query_scalar("SELECT key_id FROM access_log ORDER BY id DESC LIMIT 1")
                .fetch_optional(&mut *tx)
                .await?;
        let due = last.is_some_and(|key| key != self.audit.signing_id());
        if due {
            let record = format!("access-log:key:{}", self.audit.signing_id());
            let entry = LogEntry {
                user_id: 0,
                user_name: SERVER,
                action: SecurityEvent::AccessLogKeyed.action(),
                record: &record,
                address: "",
            };
            append_log(&mut tx, &self.audit, &entry).await?;
        }
        tx.commit().await?;
        Ok(due)
    }

    /// Recomputes the chain from the checkpoint (or the start), streaming the entries in id
    /// order rather than loading them: how many the log holds, and the first that does not
    /// match. Plain SHA-256 entries count only before the first signed one (they are what was
    /// written before keys existed); a signed entry needs a key the store has; and the log must
    /// not end in plain entries. The checkpoint and the entries are read in one snapshot.
    pub(crate) async fn verify_access_log(&self) -> Result<AccessLogCheck, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        if ENGINE == Dialect::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(&mut *tx)
                .await?;
        }
        let checkpoint: Option<CheckpointRow> = sqlx::query_as(
            "SELECT last_id, last_at, last_hash, key_id, mac FROM access_log_checkpoint",
        )
        .fetch_optional(&mut *tx)
        .await?;
        let mut walk = Walk::default();
        let (mut expected_prev, after) = match &checkpoint {
            None => (genesis(), 0),
            Some(c) => (c.last_hash.clone(), c.last_id),
        };
        let checkpoint_signed = checkpoint.as_ref().is_none_or(|c| {
            self.audit
                .checkpoint_signature(&c.key_id, c.last_id, &stamp(c.last_at), &c.last_hash)
                .is_some_and(|mac| mac == c.mac)
        });
        let all = format!("SELECT {LOG_COLUMNS} FROM access_log ORDER BY id");
        let mut rows = sqlx::query_as::<_, LogRow>(&all).fetch(&mut *tx);
        while let Some(r) = rows.try_next().await? {
            walk.entries += 1;
            if walk.broken.is_some() {
                continue;
            }
            if !checkpoint_signed {
                walk.break_at(r.id, ChainProblem::Checkpoint);
                continue;
            }
            let fields = EntryFields {
                prev: &r.prev_hash,
                at: &stamp(r.at),
                user_id: r.user_id,
                user_name: &r.user_name,
                action: &r.action,
                record: &r.record,
                address: &r.address,
                purpose: r.purpose.as_deref(),
            };
            let recomputed = if r.key_id.is_empty() {
                if walk.keyed_from.is_some() {
                    walk.break_at(r.id, ChainProblem::Unsigned);
                    continue;
                }
                // Plain entries are from before purposes; their hash could not vouch for one.
                if r.purpose.is_some() {
                    walk.break_at(r.id, ChainProblem::Altered);
                    continue;
                }
                walk.unsigned_since.get_or_insert(r.id);
                access_hash(
                    fields.prev,
                    fields.at,
                    fields.user_id,
                    fields.user_name,
                    fields.action,
                    fields.record,
                    fields.address,
                )
            } else {
                let Some(signature) = self.audit.entry_signature(&r.key_id, &fields) else {
                    walk.break_at(r.id, ChainProblem::UnknownKey);
                    continue;
                };
                walk.keyed_from.get_or_insert(r.id);
                walk.unsigned_since = None;
                signature
            };
            let first_after_checkpoint = walk.entries == 1 && checkpoint.is_some();
            if r.id <= after || r.prev_hash != expected_prev {
                let problem = if first_after_checkpoint {
                    ChainProblem::Checkpoint
                } else {
                    ChainProblem::Altered
                };
                walk.break_at(r.id, problem);
                continue;
            }
            if r.hash != recomputed {
                walk.break_at(r.id, ChainProblem::Altered);
                continue;
            }
            expected_prev = r.hash;
        }
        drop(rows);
        tx.commit().await?;
        if let Some(c) = &checkpoint {
            // A checkpoint with nothing after it: even the pruning's own entry is gone.
            if !checkpoint_signed || walk.entries == 0 {
                walk.break_at(c.last_id, ChainProblem::Checkpoint);
            }
        }
        // A log that ends in plain entries was rewritten without the key: since the first start
        // with a key, every log's last entry is signed.
        if let Some(first) = walk.unsigned_since {
            walk.break_at(first, ChainProblem::Unsigned);
        }
        Ok(AccessLogCheck {
            intact: walk.broken.is_none(),
            first_altered_entry: walk.broken.map(|(id, _)| id),
            problem: walk.broken.map(|(_, problem)| problem),
            entries: walk.entries,
            keyed_from: walk.keyed_from,
            checkpoint: checkpoint.map(|c| LogCheckpoint {
                last_removed_entry: c.last_id,
                last_removed_at: stamp(c.last_at),
            }),
        })
    }

    /// Removes the oldest entries up to `bound` and moves the checkpoint to the last one
    /// removed (its id, time and hash, signed with the key), so verification starts there. The
    /// pruning is itself an entry (`auth:access_log_pruned`, by `user_id`, `user_name` from
    /// `address`), appended before the removal, so the newest entry is never removed. The
    /// delete guard lets through only entries the checkpoint covers. Nothing is removed, and
    /// nothing logged, when no entry is within `bound`.
    pub(crate) async fn prune_access_log(
        &self,
        bound: PruneBound,
        user_id: i64,
        user_name: &str,
        address: &str,
    ) -> Result<Pruned, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        lock_chain(&mut tx).await?;
        let (through_id, before) = match bound {
            PruneBound::ThroughId(id) => (Some(id), None),
            PruneBound::Before(t) => (None, Some(t)),
        };
        let last: Option<(i64, DateTime<Utc>, String)> = sqlx::query_as(
            "SELECT id, at, hash FROM access_log
             WHERE ($1 IS NULL OR id <= $2) AND ($3 IS NULL OR at < $4)
             ORDER BY id DESC LIMIT 1",
        )
        .bind(through_id)
        .bind(through_id)
        .bind(before.map(at))
        .bind(before.map(at))
        .fetch_optional(&mut *tx)
        .await?;
        let Some((last_id, last_at, last_hash)) = last else {
            return Ok(Pruned {
                removed: 0,
                through: None,
            });
        };
        let record = format!("access-log:through:{last_id}");
        append_log(
            &mut tx,
            &self.audit,
            &LogEntry {
                user_id,
                user_name,
                action: SecurityEvent::AccessLogPruned.action(),
                record: &record,
                address,
            },
        )
        .await?;
        let mac = self
            .audit
            .sign_checkpoint(last_id, &stamp(last_at), &last_hash);
        sqlx::query(
            "INSERT INTO access_log_checkpoint (id, last_id, last_at, last_hash, key_id, mac, made_at)
             VALUES (1, $1, $2, $3, $4, $5, $6)
             ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id,
                 last_at = excluded.last_at, last_hash = excluded.last_hash,
                 key_id = excluded.key_id, mac = excluded.mac, made_at = excluded.made_at",
        )
        .bind(last_id)
        .bind(at(last_at))
        .bind(&last_hash)
        .bind(self.audit.signing_id())
        .bind(&mac)
        .bind(at(Utc::now()))
        .execute(&mut *tx)
        .await?;
        let removed = sqlx::query("DELETE FROM access_log WHERE id <= $1")
            .bind(last_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(Pruned {
            removed,
            through: Some(last_id),
        })
    }

    /// Entries, newest first, filtered by user, record (substring), period and kind (security
    /// events, or reads and writes of personal data).
    pub(crate) async fn access_log(
        &self,
        user_id: Option<i64>,
        record: Option<&str>,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        limit: i64,
        kind: AccessKind,
    ) -> Result<Vec<AccessEntry>, sqlx::Error> {
        let security = match kind {
            AccessKind::All => None,
            AccessKind::Security => Some(true),
            AccessKind::PersonalData => Some(false),
        };
        let contains = match ENGINE {
            Dialect::Sqlite => "instr(record, $4) > 0",
            Dialect::Postgres => "strpos(record, $4) > 0",
        };
        let rows: Vec<LogRow> = sqlx::query_as(&format!(
            "SELECT {LOG_COLUMNS}
             FROM access_log
             WHERE ($1 IS NULL OR user_id = $2) AND ($3 IS NULL OR {contains})
               AND ($5 IS NULL OR at >= $6) AND ($7 IS NULL OR at < $8)
               AND ($9 IS NULL OR (substr(action, 1, length($10)) = $11) = $12)
             ORDER BY id DESC LIMIT $13"
        ))
        .bind(user_id)
        .bind(user_id)
        .bind(record)
        .bind(record)
        .bind(from.map(at))
        .bind(from.map(at))
        .bind(to.map(at))
        .bind(to.map(at))
        .bind(security)
        .bind(SECURITY_PREFIX)
        .bind(SECURITY_PREFIX)
        .bind(security)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| AccessEntry {
                id: r.id,
                at: stamp(r.at),
                user_id: r.user_id,
                user_name: r.user_name,
                action: r.action,
                record: r.record,
                address: r.address,
                // A code this version does not know can only have been written around the store;
                // the chain check names that entry.
                purpose: r.purpose.as_deref().and_then(Purpose::from_code),
            })
            .collect())
    }

    #[cfg(feature = "test-support")]
    pub(crate) async fn tamper_with_access_log(
        &self,
        id: i64,
        remove_guard: bool,
    ) -> Result<(), sqlx::Error> {
        if remove_guard {
            let drop = match ENGINE {
                Dialect::Sqlite => "DROP TRIGGER IF EXISTS access_log_no_update",
                Dialect::Postgres => "DROP TRIGGER IF EXISTS access_log_no_update ON access_log",
            };
            sqlx::query(drop).execute(&self.writer).await?;
        }
        sqlx::query("UPDATE access_log SET record = 'applicant:KP-0000-0000' WHERE id = $1")
            .bind(id)
            .execute(&self.writer)
            .await
            .map(|_| ())
    }

    /// What someone with write access to the database but not the key can do best: drop the
    /// update guard, change entry `id`'s record and recompute the plain SHA-256 chain from there
    /// through entry `through`, keeping each entry's key id or (`as_unsigned`) marking the
    /// entries as plain.
    #[cfg(feature = "test-support")]
    pub(crate) async fn rechain_access_log(
        &self,
        id: i64,
        through: i64,
        as_unsigned: bool,
    ) -> Result<(), sqlx::Error> {
        self.tamper_with_access_log(id, true).await?;
        let mut tx = self.writer.begin().await?;
        let mut prev: String = sqlx::query_scalar(
            "SELECT coalesce((SELECT hash FROM access_log WHERE id < $1 ORDER BY id DESC LIMIT 1),
                             (SELECT last_hash FROM access_log_checkpoint), $2)",
        )
        .bind(id)
        .bind(genesis())
        .fetch_one(&mut *tx)
        .await?;
        let rows: Vec<LogRow> = sqlx::query_as(&format!(
            "SELECT {LOG_COLUMNS} FROM access_log WHERE id >= $1 AND id <= $2 ORDER BY id"
        ))
        .bind(id)
        .bind(through)
        .fetch_all(&mut *tx)
        .await?;
        for r in rows {
            let hash = access_hash(
                &prev,
                &stamp(r.at),
                r.user_id,
                &r.user_name,
                &r.action,
                &r.record,
                &r.address,
            );
            let key_id = if as_unsigned { "" } else { r.key_id.as_str() };
            sqlx::query(
                "UPDATE access_log SET prev_hash = $1, hash = $2, key_id = $3 WHERE id = $4",
            )
            .bind(&prev)
            .bind(&hash)
            .bind(key_id)
            .bind(r.id)
            .execute(&mut *tx)
            .await?;
            prev = hash;
        }
        tx.commit().await
    }

    /// Sets entry `id`'s purpose code (`None`: NULL), first dropping the append-only guard, as
    /// someone with write access to the database but not the key could.
    #[cfg(feature = "test-support")]
    pub(crate) async fn tamper_with_access_log_purpose(
        &self,
        id: i64,
        purpose: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        let drop = match ENGINE {
            Dialect::Sqlite => "DROP TRIGGER IF EXISTS access_log_no_update",
            Dialect::Postgres => "DROP TRIGGER IF EXISTS access_log_no_update ON access_log",
        };
        sqlx::query(drop).execute(&self.writer).await?;
        sqlx::query("UPDATE access_log SET purpose = $1 WHERE id = $2")
            .bind(purpose)
            .bind(id)
            .execute(&self.writer)
            .await
            .map(|_| ())
    }

    /// Changes the checkpoint's hash (its row may be updated forward, so no guard is in the way).
    #[cfg(feature = "test-support")]
    pub(crate) async fn tamper_with_access_log_checkpoint(&self) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE access_log_checkpoint SET last_hash = $1")
            .bind("f".repeat(64))
            .execute(&self.writer)
            .await
            .map(|_| ())
    }

    /// Deletes one access-log entry (refused unless the checkpoint covers it).
    #[cfg(feature = "test-support")]
    pub(crate) async fn delete_access_log_entry(&self, id: i64) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM access_log WHERE id = $1")
            .bind(id)
            .execute(&self.writer)
            .await
            .map(|_| ())
    }

    /// Makes every append of `action` to the access log fail from now on (a trigger), so a test
    /// can show that the change it belonged to did not happen either.
    #[cfg(feature = "test-support")]
    pub(crate) async fn refuse_access_log_appends(&self, action: &str) -> Result<(), sqlx::Error> {
        let trigger = match ENGINE {
            Dialect::Sqlite => {
                "CREATE TRIGGER IF NOT EXISTS test_refuse_append BEFORE INSERT ON access_log
                 WHEN NEW.action IN (SELECT action FROM test_refused_appends)
                 BEGIN SELECT RAISE(ABORT, 'the test refuses this append'); END"
            }
            Dialect::Postgres => {
                "CREATE OR REPLACE FUNCTION test_refuse_append() RETURNS trigger LANGUAGE plpgsql
                 AS $$ BEGIN
                     IF NEW.action IN (SELECT action FROM test_refused_appends) THEN
                         RAISE EXCEPTION 'the test refuses this append';
                     END IF;
                     RETURN NEW;
                 END; $$;
                 CREATE OR REPLACE TRIGGER test_refuse_append BEFORE INSERT ON access_log
                 FOR EACH ROW EXECUTE FUNCTION test_refuse_append()"
            }
        };
        sqlx::query("CREATE TABLE IF NOT EXISTS test_refused_appends (action TEXT PRIMARY KEY)")
            .execute(&self.writer)
            .await?;
        sqlx::query("INSERT INTO test_refused_appends (action) VALUES ($1) ON CONFLICT DO NOTHING")
            .bind(action)
            .execute(&self.writer)
            .await?;
        sqlx::raw_sql(trigger).execute(&self.writer).await?;
        Ok(())
    }
}
