//! The access log (`access_log`): every read and write of personal data and every security
//! event, each entry chained to the one before by its hash, so an altered entry shows.

use chrono::{DateTime, Utc};
use kp_domain::caseworker::{AccessEntry, AccessLogCheck};
use kp_domain::security::{AccessKind, SECURITY_PREFIX};

use super::core::{Conn, Engine};
use super::{at, ENGINE};
use crate::store::{access_hash, stamp, whole_seconds, Dialect, LogEntry};

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
}

/// The chain's start: the "previous hash" of the first entry.
fn genesis() -> String {
    "0".repeat(64)
}

/// Appends `entry` to the access log inside the caller's transaction, chained to the previous
/// entry, so a change and its log entry commit together or not at all. The chain has one order:
/// on SQLite the one writer connection gives it; on PostgreSQL a transaction-scoped advisory
/// lock does, across every server process, until the caller's commit.
pub(super) async fn append_log(conn: &mut Conn, entry: &LogEntry<'_>) -> Result<(), sqlx::Error> {
    if ENGINE == Dialect::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(7411)")
            .execute(&mut *conn)
            .await?;
    }
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
    let hash = access_hash(
        &prev,
        &stamp(now),
        user_id,
        user_name,
        action,
        record,
        address,
    );
    sqlx::query(
        "INSERT INTO access_log (at, user_id, user_name, action, record, address, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(at(now))
    .bind(user_id)
    .bind(user_name)
    .bind(action)
    .bind(record)
    .bind(address)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

impl Engine {
    pub(crate) async fn log_access(&self, entry: &LogEntry<'_>) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        append_log(&mut tx, entry).await?;
        tx.commit().await
    }

    /// Recomputes the chain: how many entries it holds, and the first that does not match.
    pub(crate) async fn verify_access_log(&self) -> Result<AccessLogCheck, sqlx::Error> {
        let rows: Vec<LogRow> = sqlx::query_as(
            "SELECT id, at, user_id, user_name, action, record, address, prev_hash, hash
             FROM access_log ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        let entries = rows.len() as i64;
        let outcome = |first_altered_entry: Option<i64>| AccessLogCheck {
            intact: first_altered_entry.is_none(),
            first_altered_entry,
            entries,
        };
        let mut expected_prev = genesis();
        for r in rows {
            let recomputed = access_hash(
                &r.prev_hash,
                &stamp(r.at),
                r.user_id,
                &r.user_name,
                &r.action,
                &r.record,
                &r.address,
            );
            if r.prev_hash != expected_prev || r.hash != recomputed {
                return Ok(outcome(Some(r.id)));
            }
            expected_prev = r.hash;
        }
        Ok(outcome(None))
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
            "SELECT id, at, user_id, user_name, action, record, address, prev_hash, hash
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
}
