//! Accounts (`users`): sign-in, the administrator's list and changes, and whom an applicant can
//! be assigned to.

use chrono::{DateTime, Utc};
use kp_domain::caseworker::{AccountSummary, Caseworker, Role};

use super::access_log::append_log;
use super::at;
use super::core::{Conn, Engine};
use super::sessions::end_live_sessions;
use crate::store::{stamp, Account, LogEntry, SessionEnd};

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    email: String,
    display_name: String,
    #[sqlx(try_from = "String")]
    role: Role,
    password_hash: String,
    must_change_password: bool,
    demo: bool,
    second_factor: bool,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    email: String,
    display_name: String,
    #[sqlx(try_from = "String")]
    role: Role,
    active: bool,
    created_at: DateTime<Utc>,
    active_sessions: i64,
    must_change_password: bool,
    demo: bool,
    second_factor: bool,
    via_provider: bool,
}

/// Creates the account, or brings an existing one with that e-mail to this password, role and
/// active state, inside the caller's transaction.
async fn upsert_account_in(
    conn: &mut Conn,
    email: &str,
    display_name: &str,
    password_hash: &str,
    role: Role,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO users (email, display_name, password_hash, role, active, created_at)
             VALUES ($1, $2, $3, $4, TRUE, $5)
             ON CONFLICT (email) DO UPDATE SET
                 password_hash = excluded.password_hash,
                 role = excluded.role,
                 active = TRUE
             RETURNING id",
    )
    .bind(email)
    .bind(display_name)
    .bind(password_hash)
    .bind(role.code())
    .bind(at(Utc::now()))
    .fetch_one(&mut *conn)
    .await
}

/// Changes an account's role, active state or password hash (then temporary), inside the
/// caller's transaction; false if there is no such account.
async fn update_account_in(
    conn: &mut Conn,
    id: i64,
    role: Option<Role>,
    active: Option<bool>,
    password_hash: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE users SET role = COALESCE($1, role), active = COALESCE($2, active),
             password_hash = COALESCE($3, password_hash),
             must_change_password = CASE WHEN $4 IS NULL THEN must_change_password ELSE TRUE END
         WHERE id = $5",
    )
    .bind(role.map(Role::code))
    .bind(active)
    .bind(password_hash)
    .bind(password_hash)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

impl Engine {
    pub(crate) async fn upsert_account(
        &self,
        email: &str,
        display_name: &str,
        password_hash: &str,
        role: Role,
    ) -> Result<i64, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let id = upsert_account_in(&mut tx, email, display_name, password_hash, role).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// An administrator's new account (`must_change_password` for a temporary password), with
    /// its access-log entry (whose `record` is followed by the new id: `account:` →
    /// `account:7`), in one transaction.
    pub(crate) async fn create_account(
        &self,
        email: &str,
        display_name: &str,
        password_hash: &str,
        role: Role,
        must_change_password: bool,
        log: &LogEntry<'_>,
    ) -> Result<i64, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let id = upsert_account_in(&mut tx, email, display_name, password_hash, role).await?;
        sqlx::query("UPDATE users SET demo = FALSE, must_change_password = $1 WHERE id = $2")
            .bind(must_change_password)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let record = format!("{}{id}", log.record);
        append_log(
            &mut tx,
            &self.audit,
            &LogEntry {
                record: &record,
                ..*log
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// An administrator's change to an account, as [`Engine::update_account`]; a deactivation
    /// or a new password also ends the account's sessions. Logged in the same transaction;
    /// false (nothing changed, nothing logged) if there is no such account.
    pub(crate) async fn change_account(
        &self,
        id: i64,
        role: Option<Role>,
        active: Option<bool>,
        password_hash: Option<&str>,
        log: &LogEntry<'_>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        if !update_account_in(&mut tx, id, role, active, password_hash).await? {
            return Ok(false);
        }
        if active == Some(false) || password_hash.is_some() {
            end_live_sessions(&mut tx, id, None, SessionEnd::AccountChanged).await?;
        }
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await?;
        Ok(true)
    }

    pub(crate) async fn account_email(&self, id: i64) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
    }

    pub(crate) async fn active_role(&self, email: &str) -> Result<Option<Role>, sqlx::Error> {
        Ok(self.account_for_sign_in(email).await?.map(|a| a.role))
    }

    pub(crate) async fn account_for_sign_in(
        &self,
        email: &str,
    ) -> Result<Option<Account>, sqlx::Error> {
        let row: Option<AccountRow> = sqlx::query_as(
            "SELECT id, email, display_name, role, password_hash, must_change_password, demo,
                    totp_secret IS NOT NULL AS second_factor
             FROM users WHERE email = $1 AND active = TRUE",
        )
        .bind(email)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| Account {
            id: r.id,
            email: r.email,
            display_name: r.display_name,
            role: r.role,
            password_hash: r.password_hash,
            must_change_password: r.must_change_password,
            demo: r.demo,
            second_factor: r.second_factor,
        }))
    }

    /// Every account, with its live sessions. The sign-in lock is the throttle's; the route
    /// fills it in.
    pub(crate) async fn accounts(
        &self,
        now: DateTime<Utc>,
        idle: chrono::Duration,
    ) -> Result<Vec<AccountSummary>, sqlx::Error> {
        let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
            "SELECT u.id, u.email, u.display_name, u.role, u.active, u.created_at,
                    (SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id AND {})
                        AS active_sessions,
                    u.must_change_password, u.demo, u.totp_secret IS NOT NULL AS second_factor,
                    u.oidc_subject IS NOT NULL AS via_provider
             FROM users u ORDER BY u.display_name",
            super::sessions::live(1)
        ))
        .bind(at(now))
        .bind(at(now - idle))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| AccountSummary {
                id: r.id,
                email: r.email,
                display_name: r.display_name,
                role: r.role,
                active: r.active,
                created_at: stamp(r.created_at),
                active_sessions: r.active_sessions,
                locked_for_seconds: None,
                must_change_password: r.must_change_password,
                demo: r.demo,
                second_factor: r.second_factor,
                via_provider: r.via_provider,
            })
            .collect())
    }

    /// A password an administrator sets is temporary: its owner must change it.
    pub(crate) async fn update_account(
        &self,
        id: i64,
        role: Option<Role>,
        active: Option<bool>,
        password_hash: Option<&str>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let changed = update_account_in(&mut tx, id, role, active, password_hash).await?;
        tx.commit().await?;
        Ok(changed)
    }

    pub(crate) async fn caseworkers(&self) -> Result<Vec<Caseworker>, sqlx::Error> {
        let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT id, display_name FROM users WHERE active = TRUE ORDER BY {}, id",
            super::core::nocase("display_name")
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, display_name)| Caseworker { id, display_name })
            .collect())
    }

    pub(crate) async fn set_own_password(
        &self,
        id: i64,
        password_hash: &str,
        keep: &str,
        log: &LogEntry<'_>,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "UPDATE users SET password_hash = $1, must_change_password = FALSE WHERE id = $2",
        )
        .bind(password_hash)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE sessions SET revoked = TRUE, ended_at = $1, end_reason = $2
             WHERE user_id = $3 AND revoked = FALSE AND token_hash != $4",
        )
        .bind(at(Utc::now()))
        .bind(SessionEnd::PasswordChanged.code())
        .bind(id)
        .bind(keep)
        .execute(&mut *tx)
        .await?;
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await
    }

    pub(crate) async fn mark_account(
        &self,
        id: i64,
        demo: bool,
        must_change_password: bool,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE users SET demo = $1, must_change_password = $2 WHERE id = $3")
            .bind(demo)
            .bind(must_change_password)
            .bind(id)
            .execute(&self.writer)
            .await
            .map(|_| ())
    }
}
