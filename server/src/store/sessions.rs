//! Storage for sign-in sessions and the account flags sign-in reads (part of the storage module:
//! the only SQL for the `sessions` table). A session that ends is kept, marked with when and
//! why, and each end that is a security event is written to the access log in the same
//! transaction.

use chrono::{DateTime, Utc};
use kp_domain::security::{SecurityEvent, SessionInfo};

use super::{append_log, role_of, stamp, LogEntry, Store};

/// A session to store at sign-in.
#[derive(Debug, Clone, Copy)]
pub struct NewSession<'a> {
    /// SHA-256 of the token (the token itself is never stored).
    pub token_hash: &'a str,
    /// The id its owner sees and ends it by.
    pub public_id: &'a str,
    /// Whose.
    pub user_id: i64,
    /// Started.
    pub created: DateTime<Utc>,
    /// Ends at the latest.
    pub expires: DateTime<Utc>,
    /// The client address.
    pub address: &'a str,
    /// The browser's `User-Agent` (cut to 300 characters).
    pub user_agent: &'a str,
}

/// Why a session ended (stored as `end_reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// Its owner signed out.
    SignedOut,
    /// Its owner ended it from "Mina inloggningar".
    EndedByOwner,
    /// An administrator ended it.
    EndedByAdmin,
    /// Its owner changed their password (the other sessions end).
    PasswordChanged,
    /// An administrator deactivated the account or set a new password.
    AccountChanged,
    /// Idle too long, or past its lifetime.
    Expired,
}

impl SessionEnd {
    fn code(self) -> &'static str {
        match self {
            SessionEnd::SignedOut => "signed_out",
            SessionEnd::EndedByOwner => "ended_by_owner",
            SessionEnd::EndedByAdmin => "ended_by_admin",
            SessionEnd::PasswordChanged => "password_changed",
            SessionEnd::AccountChanged => "account_changed",
            SessionEnd::Expired => "expired",
        }
    }
}

/// The condition for a live session at `?1 = now`, `?2 = now - idle`.
const LIVE: &str = "s.revoked = 0 AND s.expires_at > ? AND s.last_seen_at > ?";

impl Store {
    /// Sets an account's own new password (no longer temporary), ends its other sessions than
    /// `keep`, and logs the change, in one transaction.
    pub async fn set_own_password(
        &self,
        id: i64,
        password_hash: &str,
        keep: &str,
        log: &LogEntry<'_>,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?")
            .bind(password_hash)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE sessions SET revoked = 1, ended_at = ?, end_reason = ?
             WHERE user_id = ? AND revoked = 0 AND token_hash != ?",
        )
        .bind(stamp(Utc::now()))
        .bind(SessionEnd::PasswordChanged.code())
        .bind(id)
        .bind(keep)
        .execute(&mut *tx)
        .await?;
        append_log(&mut tx, log).await?;
        tx.commit().await
    }

    /// Marks an account as the demo account and/or as having a temporary password.
    pub async fn mark_account(
        &self,
        id: i64,
        demo: bool,
        must_change_password: bool,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE users SET demo = ?, must_change_password = ? WHERE id = ?")
            .bind(demo)
            .bind(must_change_password)
            .bind(id)
            .execute(&self.writer)
            .await
            .map(|_| ())
    }

    /// Stores a new session and logs the sign-in, in one transaction.
    pub async fn create_session(
        &self,
        session: &NewSession<'_>,
        log: &LogEntry<'_>,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, public_id, user_id, created_at, last_seen_at,
                                   expires_at, address, user_agent)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(session.token_hash)
        .bind(session.public_id)
        .bind(session.user_id)
        .bind(stamp(session.created))
        .bind(stamp(session.created))
        .bind(stamp(session.expires))
        .bind(session.address)
        .bind(session.user_agent)
        .execute(&mut *tx)
        .await?;
        append_log(&mut tx, log).await?;
        tx.commit().await
    }

    /// The account behind a live session: not ended, not past its lifetime, not idle longer
    /// than `idle`, and the account still active.
    pub async fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle: chrono::Duration,
    ) -> Result<Option<crate::auth::CurrentUser>, sqlx::Error> {
        type Row = (i64, String, String, String, bool, bool);
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT u.id, u.email, u.display_name, u.role, u.must_change_password, u.demo
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = ? AND u.active = 1 AND {LIVE}"
        ))
        .bind(token_hash)
        .bind(stamp(now))
        .bind(stamp(now - idle))
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(
            |(id, email, display_name, role, must_change_password, demo)| {
                crate::auth::CurrentUser {
                    id,
                    email,
                    display_name,
                    role: role_of(&role),
                    session: token_hash.to_string(),
                    must_change_password,
                    demo,
                }
            },
        ))
    }

    /// Whether a session with this token exists and has not been marked as ended (it may have
    /// run out without anyone noticing yet).
    pub async fn session_unended(&self, token_hash: &str) -> Result<bool, sqlx::Error> {
        sqlx::query_scalar::<_, i64>("SELECT 1 FROM sessions WHERE token_hash = ? AND revoked = 0")
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await
            .map(|row| row.is_some())
    }

    /// Records activity on a session, at most once per `granularity` (to spare the writer).
    pub async fn touch_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        granularity: chrono::Duration,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE sessions SET last_seen_at = ?
             WHERE token_hash = ? AND revoked = 0 AND last_seen_at < ?",
        )
        .bind(stamp(now))
        .bind(token_hash)
        .bind(stamp(now - granularity))
        .execute(&self.writer)
        .await
        .map(|_| ())
    }

    /// Ends one live session, with the log entry (if any) in the same transaction; false when
    /// it had already ended.
    pub async fn end_session(
        &self,
        token_hash: &str,
        reason: SessionEnd,
        log: Option<&LogEntry<'_>>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let ended = sqlx::query(
            "UPDATE sessions SET revoked = 1, ended_at = ?, end_reason = ?
             WHERE token_hash = ? AND revoked = 0",
        )
        .bind(stamp(Utc::now()))
        .bind(reason.code())
        .bind(token_hash)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if let (true, Some(log)) = (ended, log) {
            append_log(&mut tx, log).await?;
        }
        tx.commit().await?;
        Ok(ended)
    }

    /// Ends every live session of an account except `keep`, with the log entry (if any, and if
    /// any session ended) in the same transaction; how many ended.
    pub async fn end_sessions_of(
        &self,
        user_id: i64,
        keep: Option<&str>,
        reason: SessionEnd,
        log: Option<&LogEntry<'_>>,
    ) -> Result<u64, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let ended = sqlx::query(
            "UPDATE sessions SET revoked = 1, ended_at = ?, end_reason = ?
             WHERE user_id = ? AND revoked = 0 AND token_hash != ?",
        )
        .bind(stamp(Utc::now()))
        .bind(reason.code())
        .bind(user_id)
        .bind(keep.unwrap_or(""))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if let (true, Some(log)) = (ended > 0, log) {
            append_log(&mut tx, log).await?;
        }
        tx.commit().await?;
        Ok(ended)
    }

    /// The token hash of one of `user_id`'s live sessions, by its public id.
    pub async fn session_by_public_id(
        &self,
        user_id: i64,
        public_id: &str,
    ) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT token_hash FROM sessions WHERE user_id = ? AND public_id = ? AND revoked = 0",
        )
        .bind(user_id)
        .bind(public_id)
        .fetch_optional(&self.pool)
        .await
    }

    /// An account's live sessions, most recently used first; `current` marks the one asking.
    pub async fn sessions_of(
        &self,
        user_id: i64,
        current: &str,
        now: DateTime<Utc>,
        idle: chrono::Duration,
    ) -> Result<Vec<SessionInfo>, sqlx::Error> {
        type Row = (String, String, String, String, String, bool);
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT s.public_id, s.created_at, s.last_seen_at, s.user_agent, s.address,
                    s.token_hash = ?
             FROM sessions s WHERE s.user_id = ? AND {LIVE}
             ORDER BY s.last_seen_at DESC, s.created_at DESC"
        ))
        .bind(current)
        .bind(user_id)
        .bind(stamp(now))
        .bind(stamp(now - idle))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, created_at, last_seen_at, user_agent, address, current)| SessionInfo {
                    id,
                    created_at,
                    last_seen_at,
                    user_agent,
                    address,
                    current,
                },
            )
            .collect())
    }

    /// Ends the sessions that ran out (idle longer than `idle`, or past their lifetime) at `now`
    /// — all of them, or only `token_hash` — and logs each as expired, in one transaction.
    /// How many ended.
    pub async fn expire_sessions(
        &self,
        now: DateTime<Utc>,
        idle: chrono::Duration,
        token_hash: Option<&str>,
    ) -> Result<usize, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let ended: Vec<(i64, String, String)> = sqlx::query_as(
            "UPDATE sessions SET revoked = 1, ended_at = ?1, end_reason = 'expired'
             WHERE revoked = 0 AND (expires_at <= ?1 OR last_seen_at <= ?2)
               AND (?3 IS NULL OR token_hash = ?3)
             RETURNING user_id, public_id, address",
        )
        .bind(stamp(now))
        .bind(stamp(now - idle))
        .bind(token_hash)
        .fetch_all(&mut *tx)
        .await?;
        for (user_id, _, address) in &ended {
            let name: String = sqlx::query_scalar("SELECT display_name FROM users WHERE id = ?")
                .bind(user_id)
                .fetch_one(&mut *tx)
                .await?;
            append_log(
                &mut tx,
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

    /// Moves a session's last activity back (tests of the idle timeout).
    pub async fn age_session(
        &self,
        token_hash: &str,
        last_seen: DateTime<Utc>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
            .bind(stamp(last_seen))
            .bind(token_hash)
            .execute(&self.writer)
            .await
            .map(|_| ())
    }
}
