//! Single sign-on (`oidc_sign_ins`, `users.oidc_*`, `sessions.via_provider`): a sign-in started
//! at the provider and taken once when its answer comes back, and the account a verified
//! identity signs in — linked, created or given the claim's role on the way
//! ([`kp_domain::single_sign_on::decide`]), with the session and every log entry in one
//! transaction.

use chrono::{DateTime, Utc};
use kp_domain::caseworker::Role;
use kp_domain::security::SecurityEvent;
use kp_domain::single_sign_on::{decide, KnownAccount, ProviderDecision};

use super::access_log::append_log;
use super::at;
use super::core::{Conn, Engine};
use super::sessions::insert_session;
use crate::store::{Account, LogEntry, NewSession, ProviderIdentity, ProviderOutcome, NO_PASSWORD};

#[derive(sqlx::FromRow)]
struct KnownRow {
    id: i64,
    #[sqlx(try_from = "String")]
    role: Role,
    active: bool,
    linked: bool,
    display_name: String,
}

impl KnownRow {
    fn known(&self) -> KnownAccount {
        KnownAccount {
            id: self.id,
            role: self.role,
            active: self.active,
            linked: self.linked,
        }
    }
}

#[derive(sqlx::FromRow)]
struct SignedInRow {
    id: i64,
    email: String,
    display_name: String,
    #[sqlx(try_from = "String")]
    role: Role,
    must_change_password: bool,
    demo: bool,
    second_factor: bool,
}

const KNOWN: &str = "SELECT id, role, active, oidc_subject IS NOT NULL AS linked, display_name
                     FROM users";

impl Engine {
    /// Stores a started sign-in; sweeps the ones that ran out.
    pub(crate) async fn begin_provider_sign_in(
        &self,
        state_hash: &str,
        nonce: &str,
        pkce_verifier: &str,
        expires: DateTime<Utc>,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("DELETE FROM oidc_sign_ins WHERE expires_at < $1")
            .bind(at(Utc::now()))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO oidc_sign_ins (state_hash, nonce, pkce_verifier, expires_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(state_hash)
        .bind(nonce)
        .bind(pkce_verifier)
        .bind(at(expires))
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    /// Takes a started sign-in by its state's hash: (nonce, PKCE verifier) once, if it has not
    /// run out at `now`.
    pub(crate) async fn take_provider_sign_in(
        &self,
        state_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(String, String)>, sqlx::Error> {
        let row: Option<(String, String, DateTime<Utc>)> = sqlx::query_as(
            "DELETE FROM oidc_sign_ins WHERE state_hash = $1
             RETURNING nonce, pkce_verifier, expires_at",
        )
        .bind(state_hash)
        .fetch_optional(&self.writer)
        .await?;
        Ok(row
            .filter(|(_, _, expires)| *expires > now)
            .map(|(nonce, verifier, _)| (nonce, verifier)))
    }

    /// Finds, links or creates the account of `who`, changes its role to the claim's, and
    /// starts `session` for it, all logged, in one transaction; or says why not.
    pub(crate) async fn sign_in_via_provider(
        &self,
        who: &ProviderIdentity<'_>,
        session: &NewSession<'_>,
    ) -> Result<ProviderOutcome, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let by_identity: Option<KnownRow> = sqlx::query_as(&format!(
            "{KNOWN} WHERE oidc_issuer = $1 AND oidc_subject = $2"
        ))
        .bind(who.issuer)
        .bind(who.subject)
        .fetch_optional(&mut *tx)
        .await?;
        let by_email: Option<KnownRow> = match (&by_identity, who.email) {
            (None, Some(email)) => {
                sqlx::query_as(&format!("{KNOWN} WHERE email = $1"))
                    .bind(email)
                    .fetch_optional(&mut *tx)
                    .await?
            }
            _ => None,
        };
        let verified = by_email.as_ref().filter(|_| who.email_verified);
        let decision = decide(
            by_identity.as_ref().map(KnownRow::known),
            verified.map(KnownRow::known),
            who.email.is_some(),
            by_email.is_some(),
            who.claimed,
        );
        let concerned = by_identity
            .as_ref()
            .or(verified)
            .map(|r| (r.id, r.display_name.clone()));
        let mut events = Vec::new();
        let id = match decision {
            ProviderDecision::Refuse(why) => return Ok(ProviderOutcome::Refused(why, concerned)),
            ProviderDecision::SignIn { id, link, new_role } => {
                if link {
                    link_identity(&mut tx, id, who).await?;
                    events.push(SecurityEvent::AccountLinkedToProvider);
                }
                if let Some(role) = new_role {
                    sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
                        .bind(role.code())
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    events.push(SecurityEvent::RoleChangedByProvider);
                }
                id
            }
            ProviderDecision::Create(role) => {
                let id = create_account(&mut tx, who, role).await?;
                events.push(SecurityEvent::AccountCreatedByProvider);
                id
            }
        };
        let account: SignedInRow = sqlx::query_as(
            "SELECT id, email, display_name, role, must_change_password, demo,
                    totp_secret IS NOT NULL AS second_factor
             FROM users WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        insert_session(
            &mut tx,
            &NewSession {
                user_id: id,
                ..*session
            },
        )
        .await?;
        events.push(SecurityEvent::SignedInWithProvider);
        let record = format!("account:{id}");
        for event in events {
            let entry = LogEntry {
                user_id: id,
                user_name: &account.display_name,
                action: event.action(),
                record: &record,
                address: session.address,
            };
            append_log(&mut tx, &self.audit, &entry).await?;
        }
        tx.commit().await?;
        Ok(ProviderOutcome::SignedIn(Account {
            id: account.id,
            email: account.email,
            display_name: account.display_name,
            role: account.role,
            password_hash: NO_PASSWORD.into(),
            must_change_password: account.must_change_password,
            demo: account.demo,
            second_factor: account.second_factor,
        }))
    }
}

async fn link_identity(
    conn: &mut Conn,
    id: i64,
    who: &ProviderIdentity<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET oidc_issuer = $1, oidc_subject = $2 WHERE id = $3")
        .bind(who.issuer)
        .bind(who.subject)
        .bind(id)
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

async fn create_account(
    conn: &mut Conn,
    who: &ProviderIdentity<'_>,
    role: Role,
) -> Result<i64, sqlx::Error> {
    // `decide` creates only for an identity with an e-mail.
    let email = who.email.unwrap_or_default();
    sqlx::query_scalar(
        "INSERT INTO users (email, display_name, password_hash, role, active, created_at,
                            oidc_issuer, oidc_subject)
         VALUES ($1, $2, $3, $4, TRUE, $5, $6, $7)
         RETURNING id",
    )
    .bind(email)
    .bind(who.name)
    .bind(NO_PASSWORD)
    .bind(role.code())
    .bind(at(Utc::now()))
    .bind(who.issuer)
    .bind(who.subject)
    .fetch_one(&mut *conn)
    .await
}
