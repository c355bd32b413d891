//! Erasure (GDPR art. 17): what stops erasing an applicant, the erasure itself — the same
//! removal as gallring's (`retention_removal::delete_applicant_rows`), checked again inside its
//! transaction after taking the row, with its record and access-log entry — and the records.

use chrono::{DateTime, NaiveDate, Utc};
use kp_domain::erasure::{obstacles, Erasure, ErasureFacts, ErasureRecord, Ground, Removed};
use kp_domain::retention::RuleSet;
use kp_domain::time::today_in_sweden;

use super::access_log::append_log;
use super::at;
use super::core::{Conn, Engine};
use super::retention_removal::{delete_applicant_rows, lock};
use crate::store::{stamp, ErasureOutcome, LogEntry};

#[derive(sqlx::FromRow)]
struct RecordRow {
    id: i64,
    at: DateTime<Utc>,
    by_name: String,
    #[sqlx(try_from = "String")]
    ground: Ground,
    requested_on: NaiveDate,
    case_number: Option<String>,
    events: i64,
    mails: i64,
    holds: i64,
}

fn count(n: i64) -> Result<u32, sqlx::Error> {
    u32::try_from(n).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

impl TryFrom<RecordRow> for ErasureRecord {
    type Error = sqlx::Error;

    fn try_from(r: RecordRow) -> Result<ErasureRecord, sqlx::Error> {
        Ok(ErasureRecord {
            id: r.id,
            at: stamp(r.at),
            by: r.by_name,
            ground: r.ground,
            requested_on: r.requested_on,
            case_number: r.case_number,
            removed: Removed {
                events: count(r.events)?,
                mails: count(r.mails)?,
                holds: count(r.holds)?,
            },
        })
    }
}

/// Applicant `reference`'s row id and what decides whether they may be erased.
async fn facts(
    conn: &mut Conn,
    reference: &str,
) -> Result<Option<(i64, ErasureFacts)>, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM applications WHERE reference = $1")
        .bind(reference)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(id) = id else {
        return Ok(None);
    };
    let assignments: Vec<(String, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT n.reference, s.end_date FROM assignments s JOIN needs n ON n.id = s.need_id
         WHERE s.application_id = $1 ORDER BY s.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let holds: Vec<(String, DateTime<Utc>)> = sqlx::query_as(
        "SELECT reason, placed_at FROM retention_holds
         WHERE application_id = $1 AND released_at IS NULL ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some((
        id,
        ErasureFacts {
            assignments,
            holds: holds
                .into_iter()
                .map(|(reason, placed)| (reason, today_in_sweden(placed)))
                .collect(),
        },
    )))
}

impl Engine {
    /// What decides whether applicant `reference` may be erased; `None` for no such applicant.
    pub(crate) async fn erasure_facts(
        &self,
        reference: &str,
    ) -> Result<Option<ErasureFacts>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        Ok(facts(&mut conn, reference).await?.map(|(_, f)| f))
    }

    /// Erases applicant `reference` if, on `today` under `rules`, nothing stops it (checked
    /// inside the transaction, after taking the row): removes them as gallring does, writes the
    /// erasure record and `log`'s entry, in one transaction.
    pub(crate) async fn erase_applicant(
        &self,
        reference: &str,
        erasure: &Erasure,
        rules: &RuleSet,
        today: NaiveDate,
        now: DateTime<Utc>,
        log: &LogEntry<'_>,
    ) -> Result<ErasureOutcome, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let Some((id, _)) = facts(&mut tx, reference).await? else {
            return Ok(ErasureOutcome::NotFound);
        };
        if !lock(&mut tx, "applications", id).await? {
            return Ok(ErasureOutcome::NotFound);
        }
        // Read again under the lock: an assignment or a hold added meanwhile stops it.
        let Some((_, found)) = facts(&mut tx, reference).await? else {
            return Ok(ErasureOutcome::NotFound);
        };
        let stops = obstacles(&found, rules, today);
        if !stops.is_empty() {
            return Ok(ErasureOutcome::Refused(stops));
        }
        let removed = delete_applicant_rows(&mut tx, id).await?;
        let record: RecordRow = sqlx::query_as(
            "INSERT INTO erasure_records
                 (at, by_user_id, by_name, ground, requested_on, case_number, events, mails, holds)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             RETURNING id, at, by_name, ground, requested_on, case_number, events, mails, holds",
        )
        .bind(at(now))
        .bind(log.user_id)
        .bind(log.user_name)
        .bind(erasure.ground.code())
        .bind(erasure.requested_on)
        .bind(erasure.case_number.as_deref())
        .bind(i64::from(removed.events))
        .bind(i64::from(removed.mails))
        .bind(i64::from(removed.holds))
        .fetch_one(&mut *tx)
        .await?;
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await?;
        Ok(ErasureOutcome::Erased(record.try_into()?))
    }

    /// The latest `limit` erasure records, newest first.
    pub(crate) async fn erasure_records(
        &self,
        limit: i64,
    ) -> Result<Vec<ErasureRecord>, sqlx::Error> {
        let rows: Vec<RecordRow> = sqlx::query_as(
            "SELECT id, at, by_name, ground, requested_on, case_number, events, mails, holds
             FROM erasure_records ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ErasureRecord::try_from).collect()
    }
}
