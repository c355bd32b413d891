//! The mail outbox (`mail_outbox`): mails wait here until a worker sends them. A worker claims
//! the mails it sends for a lease, so with several server processes (or a worker that dies
//! mid-send) each mail is sent by one worker at a time; on PostgreSQL the claim also skips rows
//! another worker is claiming at that instant (`FOR UPDATE SKIP LOCKED`).

use chrono::{DateTime, Utc};
use kp_domain::caseworker::OutboxMail;

use super::core::Engine;
use super::{at, ENGINE};
use crate::store::{stamp, Dialect, DueMail};

#[derive(sqlx::FromRow)]
struct OutboxRow {
    id: i64,
    kind: String,
    reference: Option<String>,
    to_address: String,
    subject: String,
    status: String,
    attempts: i64,
    last_error: Option<String>,
    created_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
}

/// A mail no worker holds: waiting, due, and not claimed (or its claim ran out), at `$1`.
const CLAIMABLE: &str = "status = 'outbox' AND next_attempt_at <= $1
     AND (claimed_until IS NULL OR claimed_until <= $1)";

impl Engine {
    pub(crate) async fn claim_due_mails(
        &self,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: i64,
    ) -> Result<Vec<DueMail>, sqlx::Error> {
        let skip_locked = match ENGINE {
            Dialect::Sqlite => "",
            Dialect::Postgres => "FOR UPDATE SKIP LOCKED",
        };
        let mut mails: Vec<DueMail> = sqlx::query_as(&format!(
            "UPDATE mail_outbox SET claimed_until = $2
             WHERE id IN (SELECT id FROM mail_outbox WHERE {CLAIMABLE}
                          ORDER BY id LIMIT $3 {skip_locked})
               AND {CLAIMABLE}
             RETURNING id, to_address, subject, body, attempts"
        ))
        .bind(at(now))
        .bind(at(now + lease))
        .bind(limit)
        .fetch_all(&self.writer)
        .await?;
        mails.sort_by_key(|m| m.id);
        Ok(mails)
    }

    pub(crate) async fn mail_sent(&self, id: i64, sent: DateTime<Utc>) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE mail_outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1,
                 claimed_until = NULL
             WHERE id = $2",
        )
        .bind(at(sent))
        .bind(id)
        .execute(&self.writer)
        .await
        .map(|_| ())
    }

    pub(crate) async fn mail_attempt_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> Result<(), sqlx::Error> {
        let (status, next) = match retry_at {
            Some(when) => ("outbox", when),
            None => ("failed", Utc::now()),
        };
        sqlx::query(
            "UPDATE mail_outbox SET status = $1, attempts = attempts + 1, last_error = $2,
                 next_attempt_at = $3, claimed_until = NULL
             WHERE id = $4",
        )
        .bind(status)
        .bind(error.chars().take(500).collect::<String>())
        .bind(at(next))
        .bind(id)
        .execute(&self.writer)
        .await
        .map(|_| ())
    }

    pub(crate) async fn outbox(&self, limit: i64) -> Result<Vec<OutboxMail>, sqlx::Error> {
        let rows: Vec<OutboxRow> = sqlx::query_as(
            "SELECT m.id, m.kind, a.reference, m.to_address, m.subject, m.status, m.attempts,
                    m.last_error, m.created_at, m.sent_at
             FROM mail_outbox m LEFT JOIN applications a ON a.id = m.application_id
             ORDER BY m.id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| OutboxMail {
                id: r.id,
                kind: r.kind,
                reference: r.reference,
                to_address: r.to_address,
                subject: r.subject,
                status: r.status,
                attempts: r.attempts,
                last_error: r.last_error,
                created_at: stamp(r.created_at),
                sent_at: r.sent_at.map(stamp),
            })
            .collect())
    }
}
