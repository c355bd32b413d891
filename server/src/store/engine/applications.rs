//! Applications (`applications`, `reference_counters`) as the interest form stores them, and the
//! mails each one queues (`mail_outbox`, written in the same transaction).
//!
//! Submissions go through one writer task that group-commits: it takes every application waiting
//! at that moment (up to 64) and stores them in one transaction, each in its own savepoint so one
//! failing insert does not spoil the others. One commit covers the batch; nobody is answered
//! before the commit that holds their row returns. With several server processes on PostgreSQL
//! each has its own writer; the unique idempotency key and the locked counter row keep them
//! apart (see `submit_application`).

use chrono::{DateTime, Datelike, Utc};
use kp_domain::application::ValidApplication;
use sqlx::types::Json;
use sqlx::Pool;
use tokio::sync::{mpsc, oneshot};

use super::applicant_list::write_tags;
use super::core::{Conn, Engine};
use super::{at, Db};
use crate::store::{stamp, MailMaker, Receipt, StoredMail, Submitted};

/// One application waiting for the writer.
pub(super) struct WriteJob {
    key: String,
    request_hash: String,
    application: ValidApplication,
    received_at: DateTime<Utc>,
    mails: MailMaker,
    reply: oneshot::Sender<Result<Receipt, BatchError>>,
}

impl std::fmt::Debug for WriteJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteJob").field("key", &self.key).finish()
    }
}

/// Why one job of a batch was not stored.
#[derive(Debug)]
pub(super) enum BatchError {
    /// Its idempotency key is stored already (by this process or another).
    Duplicate,
    /// Anything else (the whole batch's commit failed, or this insert did).
    Failed(sqlx::Error),
}

pub(super) async fn run_writer(writer: Pool<Db>, mut jobs: mpsc::Receiver<WriteJob>) {
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while batch.len() < 64 {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let results = write_batch(&writer, &batch).await;
        for (job, result) in batch.into_iter().zip(results) {
            job.reply.send(result).ok();
        }
    }
}

async fn write_batch(writer: &Pool<Db>, batch: &[WriteJob]) -> Vec<Result<Receipt, BatchError>> {
    let failed_all = |e: sqlx::Error| {
        let message = e.to_string();
        batch
            .iter()
            .map(|_| Err(BatchError::Failed(sqlx::Error::Protocol(message.clone()))))
            .collect::<Vec<_>>()
    };
    let mut tx = match writer.begin().await {
        Ok(tx) => tx,
        Err(e) => return failed_all(e),
    };
    let mut results = Vec::with_capacity(batch.len());
    for job in batch {
        if let Err(e) = sqlx::query("SAVEPOINT item").execute(&mut *tx).await {
            return failed_all(e);
        }
        match insert_one(&mut tx, job).await {
            Ok(receipt) => {
                if let Err(e) = sqlx::query("RELEASE SAVEPOINT item")
                    .execute(&mut *tx)
                    .await
                {
                    return failed_all(e);
                }
                results.push(Ok(receipt));
            }
            Err(e) => {
                let undone = sqlx::query("ROLLBACK TO SAVEPOINT item")
                    .execute(&mut *tx)
                    .await;
                let released = sqlx::query("RELEASE SAVEPOINT item")
                    .execute(&mut *tx)
                    .await;
                if let Err(e) = undone.and(released) {
                    return failed_all(e);
                }
                results.push(Err(match e {
                    sqlx::Error::Database(d) if d.is_unique_violation() => BatchError::Duplicate,
                    other => BatchError::Failed(other),
                }));
            }
        }
    }
    match tx.commit().await {
        Ok(()) => results,
        Err(e) => failed_all(e),
    }
}

/// The next reference number of `year`: the counter row stays locked until the transaction
/// ends, so two processes cannot take the same number, and a rolled-back insert gives its number
/// back (no gaps).
async fn next_reference(conn: &mut Conn, year: i32) -> Result<String, sqlx::Error> {
    let number: i64 = sqlx::query_scalar(
        "INSERT INTO reference_counters (year, last) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last = reference_counters.last + 1
         RETURNING last",
    )
    .bind(i64::from(year))
    .fetch_one(&mut *conn)
    .await?;
    Ok(format!("KP-{year}-{number:04}"))
}

/// What the list's search box looks in (`applications.search_text`): the reference, the names,
/// the phone number and the e-mail, in lower case. Written with the application and again by a
/// correction (`correction.rs`).
pub(super) fn search_text(
    reference: &str,
    first_name: &str,
    last_name: &str,
    phone: &str,
    email: &str,
) -> String {
    format!("{reference} {first_name} {last_name} {phone} {email}").to_lowercase()
}

async fn insert_one(conn: &mut Conn, job: &WriteJob) -> Result<Receipt, sqlx::Error> {
    let a = &job.application;
    let received_at = job.received_at;
    let receipt = Receipt {
        reference: next_reference(conn, received_at.year()).await?,
        received_at: stamp(received_at),
        email: a.email.clone(),
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO applications (
             reference, idempotency_key, request_hash, received_at, locale, first_name,
             last_name, personnummer, coordination_number, birth_date, address, postcode, town,
             phone, email, assignment_types, languages, occupation, experience, interests,
             frequency, times, driving_licence, has_car, age_groups, knows_child,
             knows_child_details, motivation, consent_version, consent_at, stage_changed_at,
             search_text, district_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                 $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $4, $4, $30, $31)
         RETURNING id",
    )
    .bind(&receipt.reference)
    .bind(&job.key)
    .bind(&job.request_hash)
    .bind(at(received_at))
    .bind(a.locale.code())
    .bind(&a.first_name)
    .bind(&a.last_name)
    .bind(a.personnummer.canonical())
    .bind(a.personnummer.is_coordination_number())
    .bind(a.personnummer.birth_date())
    .bind(&a.address)
    .bind(&a.postcode)
    .bind(&a.town)
    .bind(&a.phone)
    .bind(&a.email)
    .bind(Json(&a.assignment_types))
    .bind(Json(&a.languages))
    .bind(&a.occupation)
    .bind(&a.experience)
    .bind(&a.interests)
    .bind(a.frequency.code())
    .bind(Json(&a.times))
    .bind(a.driving_licence)
    .bind(a.has_car)
    .bind(Json(&a.age_groups))
    .bind(a.knows_child)
    .bind(&a.knows_child_details)
    .bind(&a.motivation)
    .bind(&a.consent_version)
    .bind(search_text(
        &receipt.reference,
        &a.first_name,
        &a.last_name,
        &a.phone,
        &a.email,
    ))
    .bind(a.district)
    .fetch_one(&mut *conn)
    .await?;
    write_tags(
        conn,
        id,
        "new",
        received_at,
        &a.languages,
        &a.assignment_types,
    )
    .await?;
    for mail in (job.mails)(&receipt) {
        sqlx::query(
            "INSERT INTO mail_outbox
                 (kind, application_id, to_address, subject, body, next_attempt_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(mail.kind)
        .bind(id)
        .bind(&mail.to)
        .bind(&mail.subject)
        .bind(&mail.body)
        .bind(at(received_at))
        .execute(&mut *conn)
        .await?;
    }
    Ok(receipt)
}

#[derive(sqlx::FromRow)]
struct KeyRow {
    reference: String,
    received_at: DateTime<Utc>,
    email: String,
    request_hash: String,
}

impl Engine {
    /// A second submission with the same idempotency key returns the first one's receipt, or
    /// `KeyConflict` if its content differs.
    pub(crate) async fn submit_application(
        &self,
        key: &str,
        request_hash: &str,
        application: &ValidApplication,
        received_at: DateTime<Utc>,
        mails: MailMaker,
    ) -> Result<Submitted, sqlx::Error> {
        if let Some(found) = self.replay(key, request_hash).await? {
            return Ok(found);
        }
        let (reply, answer) = oneshot::channel();
        let job = WriteJob {
            key: key.to_string(),
            request_hash: request_hash.to_string(),
            application: application.clone(),
            received_at,
            mails,
            reply,
        };
        self.jobs
            .send(job)
            .await
            .map_err(|_| sqlx::Error::PoolClosed)?;
        match answer.await.map_err(|_| sqlx::Error::PoolClosed)? {
            Ok(receipt) => Ok(Submitted::Created(receipt)),
            // Two identical requests raced past the look-up (here or on another process): the
            // loser answers as a replay.
            Err(BatchError::Duplicate) => Ok(self
                .replay(key, request_hash)
                .await?
                .unwrap_or(Submitted::KeyConflict)),
            Err(BatchError::Failed(e)) => Err(e),
        }
    }

    async fn replay(
        &self,
        key: &str,
        request_hash: &str,
    ) -> Result<Option<Submitted>, sqlx::Error> {
        let row: Option<KeyRow> = sqlx::query_as(
            "SELECT reference, received_at, email, request_hash FROM applications
             WHERE idempotency_key = $1",
        )
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| {
            if r.request_hash == request_hash {
                Submitted::Replayed(Receipt {
                    reference: r.reference,
                    received_at: stamp(r.received_at),
                    email: r.email,
                })
            } else {
                Submitted::KeyConflict
            }
        }))
    }

    pub(crate) async fn idempotency_key_used(&self, key: &str) -> Result<bool, sqlx::Error> {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM applications WHERE idempotency_key = $1")
            .bind(key)
            .fetch_one(&self.pool)
            .await
            .map(|n| n > 0)
    }

    pub(crate) async fn count_applications(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM applications")
            .fetch_one(&self.pool)
            .await
    }

    pub(crate) async fn mails_for(&self, reference: &str) -> Result<Vec<StoredMail>, sqlx::Error> {
        sqlx::query_as(
            "SELECT m.kind, m.to_address, m.subject, m.body, m.status, m.attempts, m.last_error
             FROM mail_outbox m JOIN applications a ON a.id = m.application_id
             WHERE a.reference = $1 ORDER BY m.id",
        )
        .bind(reference)
        .fetch_all(&self.pool)
        .await
    }

    pub(crate) async fn application_summary(
        &self,
        reference: &str,
    ) -> Result<Option<(String, String, String)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT first_name, motivation, locale FROM applications WHERE reference = $1",
        )
        .bind(reference)
        .fetch_optional(&self.pool)
        .await
    }

    #[cfg(feature = "test-support")]
    pub(crate) async fn backdate_application(
        &self,
        reference: &str,
        received_at: DateTime<Utc>,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("UPDATE applications SET received_at = $1 WHERE reference = $2")
            .bind(at(received_at))
            .bind(reference)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE applicant_tags SET received_at = $1
             WHERE application_id = (SELECT id FROM applications WHERE reference = $2)",
        )
        .bind(at(received_at))
        .bind(reference)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }
}
