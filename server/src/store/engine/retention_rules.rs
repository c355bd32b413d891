//! Retention's own tables: the rules administrators change (`retention_rules`), the holds that
//! stop gallring of an applicant (`retention_holds`) and the gallring records (`retention_records`).
//! A change of a rule and a hold placed or released commit with their access-log entry.

use chrono::{DateTime, NaiveDate, Utc};
use kp_domain::retention::report::{GallringRecord, Hold, StartedBy};
use kp_domain::retention::{Category, RetentionRule, Unit};

use super::access_log::append_log;
use super::at;
use super::core::Engine;
use crate::store::{stamp, LogEntry};

#[derive(sqlx::FromRow)]
struct RuleRow {
    #[sqlx(try_from = "String")]
    category: Category,
    amount: i64,
    decision: String,
    changed_at: DateTime<Utc>,
    changed_by: String,
}

#[derive(sqlx::FromRow)]
struct HoldRow {
    id: i64,
    reference: String,
    reason: String,
    placed_at: DateTime<Utc>,
    placed_by: String,
    released_at: Option<DateTime<Utc>>,
    released_by: Option<String>,
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    id: i64,
    at: DateTime<Utc>,
    as_of: NaiveDate,
    #[sqlx(try_from = "String")]
    category: Category,
    removed: i64,
    amount: i64,
    #[sqlx(try_from = "String")]
    unit: Unit,
    decision: String,
    #[sqlx(try_from = "String")]
    started_by: StartedBy,
}

/// A stored period as the domain has it (the column is 64-bit on both engines).
fn amount_of(amount: i64) -> Result<u32, sqlx::Error> {
    u32::try_from(amount).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

impl Engine {
    /// The rules administrators have changed (the other categories have their default).
    pub(crate) async fn retention_rules(&self) -> Result<Vec<RetentionRule>, sqlx::Error> {
        let rows: Vec<RuleRow> = sqlx::query_as(
            "SELECT category, amount, decision, changed_at, changed_by FROM retention_rules",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(RetentionRule {
                    category: r.category,
                    amount: amount_of(r.amount)?,
                    decision: r.decision,
                    changed_at: Some(stamp(r.changed_at)),
                    changed_by: Some(r.changed_by),
                })
            })
            .collect()
    }

    /// Sets a category's rule, by `log`'s user, and logs it in the same transaction.
    pub(crate) async fn set_retention_rule(
        &self,
        category: Category,
        amount: u32,
        decision: &str,
        log: &LogEntry<'_>,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO retention_rules (category, amount, decision, changed_at, changed_by)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (category) DO UPDATE SET amount = excluded.amount,
                 decision = excluded.decision, changed_at = excluded.changed_at,
                 changed_by = excluded.changed_by",
        )
        .bind(category.code())
        .bind(i64::from(amount))
        .bind(decision)
        .bind(at(Utc::now()))
        .bind(log.user_name)
        .execute(&mut *tx)
        .await?;
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await
    }

    /// Every hold, those in force first, then by when they were placed, newest first.
    pub(crate) async fn retention_holds(&self) -> Result<Vec<Hold>, sqlx::Error> {
        let rows: Vec<HoldRow> = sqlx::query_as(
            "SELECT h.id, a.reference, h.reason, h.placed_at, h.placed_by, h.released_at,
                    h.released_by
             FROM retention_holds h JOIN applications a ON a.id = h.application_id
             ORDER BY CASE WHEN h.released_at IS NULL THEN 0 ELSE 1 END, h.placed_at DESC, h.id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| Hold {
                id: r.id,
                reference: r.reference,
                reason: r.reason,
                placed_at: stamp(r.placed_at),
                placed_by: r.placed_by,
                released_at: r.released_at.map(stamp),
                released_by: r.released_by,
            })
            .collect())
    }

    /// Places a hold on the applicant `reference` (by `log`'s user, logged in the same
    /// transaction): its id, or `None` when there is no such applicant.
    pub(crate) async fn place_hold(
        &self,
        reference: &str,
        reason: &str,
        log: &LogEntry<'_>,
    ) -> Result<Option<i64>, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO retention_holds (application_id, reason, placed_at, placed_by)
             SELECT id, $1, $2, $3 FROM applications WHERE reference = $4
             RETURNING id",
        )
        .bind(reason)
        .bind(at(Utc::now()))
        .bind(log.user_name)
        .bind(reference)
        .fetch_optional(&mut *tx)
        .await?;
        if id.is_some() {
            append_log(&mut tx, &self.audit, log).await?;
            tx.commit().await?;
        }
        Ok(id)
    }

    /// The applicant a hold is on, and whether it is still in force.
    pub(crate) async fn hold_subject(
        &self,
        id: i64,
    ) -> Result<Option<(String, bool)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT a.reference, h.released_at IS NULL
             FROM retention_holds h JOIN applications a ON a.id = h.application_id
             WHERE h.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
    }

    /// Releases a hold in force (by `log`'s user, logged in the same transaction); false when it
    /// was no longer in force.
    pub(crate) async fn release_hold(
        &self,
        id: i64,
        log: &LogEntry<'_>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let released = sqlx::query(
            "UPDATE retention_holds SET released_at = $1, released_by = $2
             WHERE id = $3 AND released_at IS NULL",
        )
        .bind(at(Utc::now()))
        .bind(log.user_name)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if released {
            append_log(&mut tx, &self.audit, log).await?;
            tx.commit().await?;
        }
        Ok(released)
    }

    /// Starts the gallring record of one category's removals in a run, counting `removed` so far
    /// (each later removal adds one in its own transaction).
    pub(crate) async fn begin_gallring_record(
        &self,
        rule: &RetentionRule,
        as_of: NaiveDate,
        started_by: StartedBy,
        removed: i64,
    ) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(
            "INSERT INTO retention_records
                 (at, as_of, category, removed, amount, unit, decision, started_by)
             VALUES ($1, $2, $3, $8, $4, $5, $6, $7)
             RETURNING id",
        )
        .bind(at(Utc::now()))
        .bind(as_of)
        .bind(rule.category.code())
        .bind(i64::from(rule.amount))
        .bind(rule.category.unit().code())
        .bind(&rule.decision)
        .bind(started_by.code())
        .bind(removed)
        .fetch_one(&self.writer)
        .await
    }

    /// Removes a gallring record whose removals all came to nothing (someone acted on the
    /// records meanwhile), so that the records list only what was removed.
    pub(crate) async fn discard_empty_gallring_record(&self, id: i64) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM retention_records WHERE id = $1 AND removed = 0")
            .bind(id)
            .execute(&self.writer)
            .await
            .map(|_| ())
    }

    /// The latest gallring records, newest first.
    pub(crate) async fn gallring_records(
        &self,
        limit: i64,
    ) -> Result<Vec<GallringRecord>, sqlx::Error> {
        let rows: Vec<RecordRow> = sqlx::query_as(
            "SELECT id, at, as_of, category, removed, amount, unit, decision, started_by
             FROM retention_records ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(GallringRecord {
                    id: r.id,
                    at: stamp(r.at),
                    as_of: r.as_of,
                    category: r.category,
                    removed: r.removed,
                    amount: amount_of(r.amount)?,
                    unit: r.unit,
                    decision: r.decision,
                    started_by: r.started_by,
                })
            })
            .collect()
    }
}
