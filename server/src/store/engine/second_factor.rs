//! Second factors (`users.totp_*`, `recovery_codes`) and the code step of signing in
//! (`sign_in_challenges`). Every change that matters to security is logged in its transaction;
//! "used once" (a code's time step, a recovery code, a challenge) is a conditional write, so two
//! requests at once — on one process or two — cannot both use it.

use chrono::{DateTime, Utc};

use super::access_log::append_log;
use super::at;
use super::core::Engine;
use crate::store::{LogEntry, NewSession, SecondFactor, SessionEnd};

impl Engine {
    pub(crate) async fn second_factor(
        &self,
        user_id: i64,
    ) -> Result<Option<SecondFactor>, sqlx::Error> {
        let row: Option<(Option<String>, Option<i64>, Option<String>)> = sqlx::query_as(
            "SELECT totp_secret, totp_last_step, totp_pending_secret FROM users WHERE id = $1",
        )
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some((secret, last_step, pending)) = row else {
            return Ok(None);
        };
        let left: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(Some(SecondFactor {
            secret,
            last_step,
            pending,
            recovery_codes_left: left,
        }))
    }

    pub(crate) async fn set_pending_second_factor(
        &self,
        user_id: i64,
        secret: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE users SET totp_pending_secret = $1 WHERE id = $2")
            .bind(secret)
            .bind(user_id)
            .execute(&self.writer)
            .await
            .map(|_| ())
    }

    /// Switches the pending secret on, if it is still `secret`, with `step` as its first used
    /// step; replaces the recovery codes; logs. False if the pending secret changed meanwhile.
    pub(crate) async fn enable_second_factor(
        &self,
        user_id: i64,
        secret: &str,
        step: i64,
        recovery_hashes: &[String],
        log: &LogEntry<'_>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let switched = sqlx::query(
            "UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL,
                              totp_last_step = $1, totp_enabled_at = $2
             WHERE id = $3 AND totp_pending_secret = $4",
        )
        .bind(step)
        .bind(at(Utc::now()))
        .bind(user_id)
        .bind(secret)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !switched {
            return Ok(false);
        }
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        for hash in recovery_hashes {
            sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                .bind(user_id)
                .bind(hash)
                .execute(&mut *tx)
                .await?;
        }
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Takes time step `step` of the account's code: true once, for a step later than any used.
    pub(crate) async fn use_code_step(&self, user_id: i64, step: i64) -> Result<bool, sqlx::Error> {
        Ok(sqlx::query(
            "UPDATE users SET totp_last_step = $1
             WHERE id = $2 AND totp_secret IS NOT NULL
               AND (totp_last_step IS NULL OR totp_last_step < $1)",
        )
        .bind(step)
        .bind(user_id)
        .execute(&self.writer)
        .await?
        .rows_affected()
            == 1)
    }

    /// Uses one recovery code: true once.
    pub(crate) async fn use_recovery_code(
        &self,
        user_id: i64,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, sqlx::Error> {
        Ok(sqlx::query(
            "UPDATE recovery_codes SET used_at = $1
             WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(at(now))
        .bind(user_id)
        .bind(code_hash)
        .execute(&self.writer)
        .await?
        .rows_affected()
            == 1)
    }

    /// Removes an account's second factor and recovery codes, ends its sessions, and logs it;
    /// false if there is no such account.
    pub(crate) async fn reset_second_factor(
        &self,
        user_id: i64,
        log: &LogEntry<'_>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let found = sqlx::query(
            "UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL,
                              totp_last_step = NULL, totp_enabled_at = NULL
             WHERE id = $1",
        )
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !found {
            return Ok(false);
        }
        for statement in [
            "DELETE FROM recovery_codes WHERE user_id = $1",
            "DELETE FROM sign_in_challenges WHERE user_id = $1",
        ] {
            sqlx::query(statement)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "UPDATE sessions SET revoked = TRUE, ended_at = $1, end_reason = $2
             WHERE user_id = $3 AND revoked = FALSE",
        )
        .bind(at(Utc::now()))
        .bind(SessionEnd::EndedByAdmin.code())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Stores the code step's challenge after a correct password (and forgets ones that ran out).
    pub(crate) async fn create_challenge(
        &self,
        token_hash: &str,
        user_id: i64,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("DELETE FROM sign_in_challenges WHERE expires_at <= $1")
            .bind(at(now))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sign_in_challenges (token_hash, user_id, created_at, expires_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(at(now))
        .bind(at(expires))
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    /// The account waiting for its code behind a live challenge, with its wrong codes so far.
    pub(crate) async fn challenge(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(i64, i64)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT user_id, failures FROM sign_in_challenges
             WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(at(now))
        .fetch_optional(&self.pool)
        .await
    }

    /// Counts a wrong code against the challenge, ending it at `max` wrong codes, and logs it;
    /// whether the challenge is still open.
    pub(crate) async fn challenge_failed(
        &self,
        token_hash: &str,
        max: i64,
        log: &LogEntry<'_>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("UPDATE sign_in_challenges SET failures = failures + 1 WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        let ended =
            sqlx::query("DELETE FROM sign_in_challenges WHERE token_hash = $1 AND failures >= $2")
                .bind(token_hash)
                .bind(max)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await?;
        Ok(!ended)
    }

    /// Ends the challenge and starts the session in its place, logged, in one transaction; false
    /// (and nothing stored) when the challenge was already used or ran out.
    pub(crate) async fn complete_challenge(
        &self,
        token_hash: &str,
        session: &NewSession<'_>,
        logs: &[LogEntry<'_>],
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let taken =
            sqlx::query("DELETE FROM sign_in_challenges WHERE token_hash = $1 AND expires_at > $2")
                .bind(token_hash)
                .bind(at(session.created))
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
        if !taken {
            return Ok(false);
        }
        super::sessions::insert_session(&mut tx, session).await?;
        for log in logs {
            append_log(&mut tx, &self.audit, log).await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}
