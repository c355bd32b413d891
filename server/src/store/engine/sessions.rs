//! Sign-in sessions (`sessions`). A session that ends is kept, marked with when and why, and
//! each end that is a security event is written to the access log in the same transaction.

use chrono::{DateTime, Utc};
use kp_domain::caseworker::Role;
use kp_domain::security::{SecurityEvent, SessionInfo};

use super::access_log::append_log;
use super::at;
use super::core::{Conn, Engine};
use crate::store::{stamp, LogEntry, NewSession, SessionAccount, SessionEnd};

/// The condition for a live session `s`, with `now` bound as `$n` and `now - idle` as `$n+1`.
pub(super) fn live(n: usize) -> String {
    format!(
        "s.revoked = FALSE AND s.expires_at > ${n} AND s.last_seen_at > ${}",
        n + 1
    )
}

/// Stores a new session (the caller logs the sign-in in the same transaction).
pub(super) async fn insert_session(
    conn: &mut Conn,
    session: &NewSession<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, public_id, user_id, created_at, last_seen_at,
                               expires_at, address, user_agent, via_provider)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(session.token_hash)
    .bind(session.public_id)
    .bind(session.user_id)
    .bind(at(session.created))
    .bind(at(session.created))
    .bind(at(session.expires))
    .bind(session.address)
    .bind(session.user_agent)
    .bind(session.via_provider)
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

#[derive(sqlx::FromRow)]
struct SessionAccountRow {
    id: i64,
    email: String,
    display_name: String,
    #[sqlx(try_from = "String")]
    role: Role,
    must_change_password: bool,
    demo: bool,
    second_factor: bool,
    via_provider: bool,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    public_id: String,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    user_agent: String,
    address: String,
    current: bool,
}

/// Ends every live session of `user_id` except `keep`, inside the caller's transaction; how
/// many ended.
pub(super) async fn end_live_sessions(
    conn: &mut Conn,
    user_id: i64,
    keep: Option<&str>,
    reason: SessionEnd,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE sessions SET revoked = TRUE, ended_at = $1, end_reason = $2
         WHERE user_id = $3 AND revoked = FALSE AND token_hash != $4",
    )
    .bind(at(Utc::now()))
    .bind(reason.code())
    .bind(user_id)
    .bind(keep.unwrap_or(""))
    .execute(&mut *conn)
    .await?
    .rows_affected())
}

impl Engine {
    pub(crate) async fn create_session(
        &self,
        session: &NewSession<'_>,
        log: &LogEntry<'_>,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        insert_session(&mut tx, session).await?;
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await
    }

    /// Not ended, not past its lifetime, not idle longer than `idle`, and the account active.
    pub(crate) async fn session_account(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle: chrono::Duration,
    ) -> Result<Option<SessionAccount>, sqlx::Error> {
        let row: Option<SessionAccountRow> = sqlx::query_as(&format!(
            "SELECT u.id, u.email, u.display_name, u.role, u.must_change_password, u.demo,
                    u.totp_secret IS NOT NULL AS second_factor, s.via_provider
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND u.active = TRUE AND {}",
            live(2)
        ))
        .bind(token_hash)
        .bind(at(now))
        .bind(at(now - idle))
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| SessionAccount {
            id: r.id,
            email: r.email,
            display_name: r.display_name,
            role: r.role,
            must_change_password: r.must_change_password,
            demo: r.demo,
            second_factor: r.second_factor,
            via_provider: r.via_provider,
        }))
    }

    pub(crate) async fn session_unended(&self, token_hash: &str) -> Result<bool, sqlx::Error> {
        sqlx::query_scalar::<_, String>(
            "SELECT public_id FROM sessions WHERE token_hash = $1 AND revoked = FALSE",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map(|row| row.is_some())
    }

    /// At most once per `granularity`, to spare the writer.
    pub(crate) async fn touch_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        granularity: chrono::Duration,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE sessions SET last_seen_at = $1
             WHERE token_hash = $2 AND revoked = FALSE AND last_seen_at < $3",
        )
        .bind(at(now))
        .bind(token_hash)
        .bind(at(now - granularity))
        .execute(&self.writer)
        .await
        .map(|_| ())
    }

    pub(crate) async fn end_session(
        &self,
        token_hash: &str,
        reason: SessionEnd,
        log: Option<&LogEntry<'_>>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let ended = sqlx::query(
            "UPDATE sessions SET revoked = TRUE, ended_at = $1, end_reason = $2
             WHERE token_hash = $3 AND revoked = FALSE",
        )
        .bind(at(Utc::now()))
        .bind(reason.code())
        .bind(token_hash)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if let (true, Some(log)) = (ended, log) {
            append_log(&mut tx, &self.audit, log).await?;
        }
        tx.commit().await?;
        Ok(ended)
    }

    pub(crate) async fn end_sessions_of(
        &self,
        user_id: i64,
        keep: Option<&str>,
        reason: SessionEnd,
        log: Option<&LogEntry<'_>>,
    ) -> Result<u64, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let ended = end_live_sessions(&mut tx, user_id, keep, reason).await?;
        if let (true, Some(log)) = (ended > 0, log) {
            append_log(&mut tx, &self.audit, log).await?;
        }
        tx.commit().await?;
        Ok(ended)
    }

    pub(crate) async fn session_by_public_id(
        &self,
        user_id: i64,
        public_id: &str,
    ) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT token_hash FROM sessions
             WHERE user_id = $1 AND public_id = $2 AND revoked = FALSE",
        )
        .bind(user_id)
        .bind(public_id)
        .fetch_optional(&self.pool)
        .await
    }

    /// Most recently used first; `current` marks the one asking.
    pub(crate) async fn sessions_of(
        &self,
        user_id: i64,
        current: &str,
        now: DateTime<Utc>,
        idle: chrono::Duration,
    ) -> Result<Vec<SessionInfo>, sqlx::Error> {
        let rows: Vec<SessionRow> = sqlx::query_as(&format!(
            "SELECT s.public_id, s.created_at, s.last_seen_at, s.user_agent, s.address,
                    s.token_hash = $1 AS current
             FROM sessions s WHERE s.user_id = $2 AND {}
             ORDER BY s.last_seen_at DESC, s.created_at DESC",
            live(3)
        ))
        .bind(current)
        .bind(user_id)
        .bind(at(now))
        .bind(at(now - idle))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| SessionInfo {
                id: r.public_id,
                created_at: stamp(r.created_at),
                last_seen_at: stamp(r.last_seen_at),
                user_agent: r.user_agent,
                address: r.address,
                current: r.current,
            })
            .collect())
    }

    /// Ends the sessions that ran out (idle longer than `idle`, or past their lifetime) at
    /// `now` — all of them, or only `token_hash` — and logs each as expired, in one
    /// transaction. How many ended.
    pub(crate) async fn expire_sessions(
        &self,
        now: DateTime<Utc>,
        idle: chrono::Duration,
        token_hash: Option<&str>,
    ) -> Result<usize, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let ended: Vec<(i64, String)> = sqlx::query_as(
            "UPDATE sessions SET revoked = TRUE, ended_at = $1, end_reason = 'expired'
             WHERE revoked = FALSE AND (expires_at <= $1 OR last_seen_at <= $2)
               AND ($3 IS NULL OR token_hash = $3)
             RETURNING user_id, address",
        )
        .bind(at(now))
        .bind(at(now - idle))
        .bind(token_hash)
        .fetch_all(&mut *tx)
        .await?;
        for (user_id, address) in &ended {
            let name: String = sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_one(&mut *tx)
                .await?;
            append_log(
                &mut tx,
                &self.audit,
                &LogEntry {
                    user_id: *user_id,
                    user_name: &name,
                    action: SecurityEvent::SessionExpired.action(),
                    record: &format!("account:{user_id}"),
                    address,
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(ended.len())
    }

    #[cfg(feature = "test-support")]
    pub(crate) async fn age_session(
        &self,
        token_hash: &str,
        last_seen: DateTime<Utc>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(at(last_seen))
            .bind(token_hash)
            .execute(&self.writer)
            .await
            .map(|_| ())
    }
}
