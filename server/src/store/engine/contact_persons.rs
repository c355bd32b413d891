//! The contact person's own area (`contact_sign_in_links`, `contact_sessions`,
//! `agreement_acceptances`): who may sign in (someone approved with an assignment, or any approved
//! person where the unit decides so), one-time sign-in links taken once, the area's sessions, and
//! the acceptances of an assignment's agreement with the exact text. Every sign-in and acceptance
//! is written to the access log in its own transaction.

use chrono::{DateTime, Utc};
use kp_domain::security::SecurityEvent;

use super::access_log::append_log;
use super::at;
use super::core::{Conn, Engine};
use crate::store::audit::AuditKeys;
use crate::store::{
    AcceptanceRecord, ContactEligibility, ContactPerson, LogEntry, NewContactSession,
};

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: i64,
    reference: String,
    first_name: String,
    last_name: String,
    personnummer: String,
    email: String,
    #[sqlx(try_from = "String")]
    locale: kp_domain::Locale,
}

impl PersonRow {
    fn person(self) -> ContactPerson {
        ContactPerson {
            application_id: self.id,
            reference: self.reference,
            name: format!("{} {}", self.first_name, self.last_name),
            personnummer: self.personnummer,
            email: self.email,
            locale: self.locale,
        }
    }
}

/// Approved applications `a` whose person may use the area: with an assignment (on any of their
/// applications) unless `$2` lets approved people without one in too.
const ELIGIBLE: &str =
    "SELECT a.id, a.reference, a.first_name, a.last_name, a.personnummer, a.email, a.locale
     FROM applications a
     WHERE a.stage = 'approved'
       AND ($2 OR EXISTS (SELECT 1 FROM assignments s JOIN applications b ON b.id = s.application_id
                          WHERE b.personnummer = a.personnummer))";

#[derive(sqlx::FromRow)]
struct SessionRow {
    personnummer: String,
    method: String,
    last_seen_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct AcceptanceRow {
    text_hash: String,
    accepted_at: DateTime<Utc>,
    method: String,
    text: String,
}

/// Stores a contact session for `person` and logs the sign-in, inside the caller's transaction.
async fn insert_session(
    conn: &mut Conn,
    audit: &AuditKeys,
    person: &ContactPerson,
    session: &NewContactSession<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO contact_sessions (token_hash, personnummer, method, created_at,
                                       last_seen_at, expires_at, address)
         VALUES ($1, $2, $3, $4, $4, $5, $6)",
    )
    .bind(session.token_hash)
    .bind(&person.personnummer)
    .bind(session.method)
    .bind(at(session.created))
    .bind(at(session.expires))
    .bind(session.address)
    .execute(&mut *conn)
    .await?;
    let name = person.log_name();
    let record = format!("applicant:{}", person.reference);
    append_log(
        conn,
        audit,
        &person.log_entry(
            &name,
            SecurityEvent::ContactSignedIn.action(),
            &record,
            session.address,
        ),
    )
    .await
}

impl Engine {
    /// The contact people an e-mail address belongs to (normally one; two people may share an
    /// address), each by their latest approved application.
    pub(crate) async fn contact_persons_by_email(
        &self,
        email: &str,
        who: ContactEligibility,
    ) -> Result<Vec<ContactPerson>, sqlx::Error> {
        let rows: Vec<PersonRow> = sqlx::query_as(&format!(
            "{ELIGIBLE} AND LOWER(a.email) = LOWER($1)
               AND a.id = (SELECT MAX(c.id) FROM applications c
                           WHERE c.personnummer = a.personnummer AND c.stage = 'approved')
             ORDER BY a.id"
        ))
        .bind(email)
        .bind(who.without_assignment)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(PersonRow::person).collect())
    }

    /// The contact person with `personnummer`, if they may use the area today.
    pub(crate) async fn contact_person(
        &self,
        personnummer: &str,
        who: ContactEligibility,
    ) -> Result<Option<ContactPerson>, sqlx::Error> {
        let row: Option<PersonRow> = sqlx::query_as(&format!(
            "{ELIGIBLE} AND a.personnummer = $1 ORDER BY a.id DESC LIMIT 1"
        ))
        .bind(personnummer)
        .bind(who.without_assignment)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(PersonRow::person))
    }

    /// Stores a sign-in link (by its token's hash) for `person`, with its access-log entry; sweeps
    /// links that ran out a day ago.
    pub(crate) async fn create_contact_link(
        &self,
        token_hash: &str,
        person: &ContactPerson,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
        address: &str,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("DELETE FROM contact_sign_in_links WHERE expires_at < $1")
            .bind(at(now - chrono::Duration::days(1)))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO contact_sign_in_links (token_hash, personnummer, created_at, expires_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(&person.personnummer)
        .bind(at(now))
        .bind(at(expires))
        .execute(&mut *tx)
        .await?;
        let name = person.log_name();
        let record = format!("applicant:{}", person.reference);
        append_log(
            &mut tx,
            &self.audit,
            &person.log_entry(
                &name,
                SecurityEvent::ContactLinkSent.action(),
                &record,
                address,
            ),
        )
        .await?;
        tx.commit().await
    }

    /// Takes a sign-in link once (unused and not run out at `now`) and starts the session it
    /// gives, logged, in one transaction; `None` when the link cannot sign in (then nothing is
    /// written but the link's use, if it was live: a link is never good twice).
    pub(crate) async fn sign_in_with_contact_link(
        &self,
        token_hash: &str,
        session: &NewContactSession<'_>,
        who: ContactEligibility,
    ) -> Result<Option<ContactPerson>, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let personnummer: Option<String> = sqlx::query_scalar(
            "UPDATE contact_sign_in_links SET used_at = $1
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
             RETURNING personnummer",
        )
        .bind(at(session.created))
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(personnummer) = personnummer else {
            return Ok(None);
        };
        let person: Option<PersonRow> = sqlx::query_as(&format!(
            "{ELIGIBLE} AND a.personnummer = $1 ORDER BY a.id DESC LIMIT 1"
        ))
        .bind(&personnummer)
        .bind(who.without_assignment)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(person) = person.map(PersonRow::person) else {
            tx.commit().await?;
            return Ok(None);
        };
        insert_session(&mut tx, &self.audit, &person, session).await?;
        tx.commit().await?;
        Ok(Some(person))
    }

    /// Starts a contact session for `person` (signed in with e-legitimation), logged.
    pub(crate) async fn start_contact_session(
        &self,
        person: &ContactPerson,
        session: &NewContactSession<'_>,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        insert_session(&mut tx, &self.audit, person, session).await?;
        tx.commit().await
    }

    /// The live contact session `token_hash` at `now` (not past its end, used within `idle`) and
    /// its person, if they may still use the area, with how they signed in; marks it used.
    pub(crate) async fn contact_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle: chrono::Duration,
        who: ContactEligibility,
    ) -> Result<Option<(ContactPerson, String)>, sqlx::Error> {
        let row: Option<SessionRow> = sqlx::query_as(
            "SELECT personnummer, method, last_seen_at FROM contact_sessions
             WHERE token_hash = $1 AND expires_at > $2 AND last_seen_at > $3",
        )
        .bind(token_hash)
        .bind(at(now))
        .bind(at(now - idle))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let Some(person) = self.contact_person(&row.personnummer, who).await? else {
            return Ok(None);
        };
        // A write per minute at most, not per request.
        if now - row.last_seen_at > chrono::Duration::seconds(60) {
            sqlx::query("UPDATE contact_sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(at(now))
                .bind(token_hash)
                .execute(&self.writer)
                .await?;
        }
        Ok(Some((person, row.method)))
    }

    /// Ends a contact session, logged.
    pub(crate) async fn end_contact_session(
        &self,
        token_hash: &str,
        log: &LogEntry<'_>,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("DELETE FROM contact_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await
    }

    /// Removes contact sessions past their end or idle at `now`, and links run out a day ago.
    pub(crate) async fn sweep_contact_sessions(
        &self,
        now: DateTime<Utc>,
        idle: chrono::Duration,
    ) -> Result<u64, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let ended = sqlx::query(
            "DELETE FROM contact_sessions WHERE expires_at <= $1 OR last_seen_at <= $2",
        )
        .bind(at(now))
        .bind(at(now - idle))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        sqlx::query("DELETE FROM contact_sign_in_links WHERE expires_at < $1")
            .bind(at(now - chrono::Duration::days(1)))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(ended)
    }

    /// Records that the agreement text with `hash` was accepted for an assignment, with its
    /// access-log entry; `false` when that very text was accepted already (nothing written).
    pub(crate) async fn accept_agreement(
        &self,
        assignment_id: i64,
        hash: &str,
        text: &str,
        method: &str,
        now: DateTime<Utc>,
        log: &LogEntry<'_>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let added = sqlx::query(
            "INSERT INTO agreement_acceptances (assignment_id, text_hash, text, accepted_at, method)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (assignment_id, text_hash) DO NOTHING",
        )
        .bind(assignment_id)
        .bind(hash)
        .bind(text)
        .bind(at(now))
        .bind(method)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if added {
            append_log(&mut tx, &self.audit, log).await?;
        }
        tx.commit().await?;
        Ok(added)
    }

    /// The personnummer of an assignment's contact person.
    pub(crate) async fn assignment_personnummer(
        &self,
        assignment_id: i64,
    ) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT a.personnummer FROM assignments s JOIN applications a ON a.id = s.application_id
             WHERE s.id = $1",
        )
        .bind(assignment_id)
        .fetch_optional(&self.pool)
        .await
    }

    /// An assignment's agreement acceptances, oldest first.
    pub(crate) async fn agreement_acceptances(
        &self,
        assignment_id: i64,
    ) -> Result<Vec<AcceptanceRecord>, sqlx::Error> {
        let rows: Vec<AcceptanceRow> = sqlx::query_as(
            "SELECT text_hash, accepted_at, method, text FROM agreement_acceptances
             WHERE assignment_id = $1 ORDER BY id",
        )
        .bind(assignment_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| AcceptanceRecord {
                hash: r.text_hash,
                accepted_at: r.accepted_at,
                method: r.method,
                text: r.text,
            })
            .collect())
    }
}
