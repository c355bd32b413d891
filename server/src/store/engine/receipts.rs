//! Receipts for a monthly report's extra costs (`receipts`): the file's bytes, linked to the
//! assignment, its month and the application. A receipt is added or removed only while the month's
//! report is the contact person's to change: each write first takes the month's report row (making
//! an empty draft if there is none), which on PostgreSQL locks it, so an upload or a removal and
//! the report's sending, which takes the same row, happen one after the other, never across each
//! other. Every upload, read and removal is logged in its own transaction.

use chrono::{DateTime, Utc};
use kp_domain::compensation::Month;
use kp_domain::monthly_report::MonthlyReport;
use kp_domain::purpose::Purpose;
use kp_domain::receipt::Receipt;
use sqlx::types::Json;

use super::access_log::{append_log, append_read};
use super::at;
use super::core::{Conn, Engine};
use crate::store::{stamp, LogEntry, NewReceipt, ReceiptAdded, ReceiptFile, ReceiptRemoved};

#[derive(sqlx::FromRow)]
struct ReceiptRow {
    token: String,
    #[sqlx(try_from = "String")]
    month: Month,
    name: String,
    content_type: String,
    size: i64,
    uploaded_at: DateTime<Utc>,
}

impl ReceiptRow {
    fn receipt(self) -> Receipt {
        Receipt {
            id: self.token,
            name: self.name,
            content_type: self.content_type,
            size: u64::try_from(self.size).unwrap_or_default(),
            uploaded_at: stamp(self.uploaded_at),
        }
    }
}

#[derive(sqlx::FromRow)]
struct FileRow {
    name: String,
    content_type: String,
    content: Vec<u8>,
}

/// Takes the month's report row if the report is the contact person's to change (none yet, a
/// draft, or returned), making an empty draft when there is none; `false` when it is sent or
/// approved. On PostgreSQL the row stays locked until the transaction ends.
async fn take_editable_report(
    conn: &mut Conn,
    assignment_id: i64,
    month: Month,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "INSERT INTO monthly_reports (assignment_id, month, status, report, updated_at)
         VALUES ($1, $2, 'draft', $3, $4)
         ON CONFLICT (assignment_id, month) DO UPDATE SET updated_at = monthly_reports.updated_at
         WHERE monthly_reports.status IN ('draft', 'returned')",
    )
    .bind(assignment_id)
    .bind(month.to_string())
    .bind(Json(MonthlyReport::default()))
    .bind(at(now))
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

/// The ids of a month's receipts, read inside `conn`'s transaction.
pub(super) async fn receipt_ids(
    conn: &mut Conn,
    assignment_id: i64,
    month: Month,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT token FROM receipts WHERE assignment_id = $1 AND month = $2")
        .bind(assignment_id)
        .bind(month.to_string())
        .fetch_all(&mut *conn)
        .await
}

impl Engine {
    /// Stores a receipt for `month` of an assignment, with `log` in the same transaction, if the
    /// month's report is the contact person's to change and holds fewer than `most` receipts.
    pub(crate) async fn add_receipt(
        &self,
        assignment_id: i64,
        month: Month,
        receipt: &NewReceipt<'_>,
        most: i64,
        now: DateTime<Utc>,
        log: &LogEntry<'_>,
    ) -> Result<ReceiptAdded, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        if !take_editable_report(&mut tx, assignment_id, month, now).await? {
            return Ok(ReceiptAdded::Locked);
        }
        let held: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM receipts WHERE assignment_id = $1 AND month = $2",
        )
        .bind(assignment_id)
        .bind(month.to_string())
        .fetch_one(&mut *tx)
        .await?;
        if held >= most {
            return Ok(ReceiptAdded::Full);
        }
        let size = i64::try_from(receipt.bytes.len()).unwrap_or(i64::MAX);
        sqlx::query(
            "INSERT INTO receipts (token, assignment_id, application_id, month, name,
                                   content_type, size, content, uploaded_at)
             SELECT $1, id, application_id, $2, $3, $4, $5, $6, $7 FROM assignments WHERE id = $8",
        )
        .bind(receipt.token)
        .bind(month.to_string())
        .bind(receipt.name)
        .bind(receipt.content_type)
        .bind(size)
        .bind(receipt.bytes)
        .bind(at(now))
        .bind(assignment_id)
        .execute(&mut *tx)
        .await?;
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await?;
        Ok(ReceiptAdded::Added(Receipt {
            id: receipt.token.to_string(),
            name: receipt.name.to_string(),
            content_type: receipt.content_type.to_string(),
            size: u64::try_from(size).unwrap_or_default(),
            uploaded_at: stamp(now),
        }))
    }

    /// A month's receipts (never their bytes), oldest first.
    pub(crate) async fn receipts_of(
        &self,
        assignment_id: i64,
        month: Month,
    ) -> Result<Vec<Receipt>, sqlx::Error> {
        let rows: Vec<ReceiptRow> = sqlx::query_as(
            "SELECT token, month, name, content_type, size, uploaded_at FROM receipts
             WHERE assignment_id = $1 AND month = $2 ORDER BY id",
        )
        .bind(assignment_id)
        .bind(month.to_string())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(ReceiptRow::receipt).collect())
    }

    /// Every receipt of an assignment with its month, by month and then oldest first (the
    /// register extract).
    pub(crate) async fn receipts_of_assignment(
        &self,
        assignment_id: i64,
    ) -> Result<Vec<(Month, Receipt)>, sqlx::Error> {
        let rows: Vec<ReceiptRow> = sqlx::query_as(
            "SELECT token, month, name, content_type, size, uploaded_at FROM receipts
             WHERE assignment_id = $1 ORDER BY month, id",
        )
        .bind(assignment_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|r| (r.month, r.receipt())).collect())
    }

    /// A receipt's file, if it is one of `month`'s of the assignment, read in the transaction
    /// that logs the read (with its purpose); nothing is logged when there is none.
    pub(crate) async fn receipt_file(
        &self,
        assignment_id: i64,
        month: Month,
        token: &str,
        log: &LogEntry<'_>,
        purpose: Option<Purpose>,
    ) -> Result<Option<ReceiptFile>, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let row: Option<FileRow> = sqlx::query_as(
            "SELECT name, content_type, content FROM receipts
             WHERE token = $1 AND assignment_id = $2 AND month = $3",
        )
        .bind(token)
        .bind(assignment_id)
        .bind(month.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        append_read(&mut tx, &self.audit, log, purpose).await?;
        tx.commit().await?;
        Ok(Some(ReceiptFile {
            name: row.name,
            content_type: row.content_type,
            bytes: row.content,
        }))
    }

    /// Removes a receipt of `month` of an assignment, with `log` in the same transaction, if the
    /// month's report is the contact person's to change.
    pub(crate) async fn remove_receipt(
        &self,
        assignment_id: i64,
        month: Month,
        token: &str,
        now: DateTime<Utc>,
        log: &LogEntry<'_>,
    ) -> Result<ReceiptRemoved, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let editable = take_editable_report(&mut tx, assignment_id, month, now).await?;
        let removed = if editable {
            sqlx::query(
                "DELETE FROM receipts WHERE token = $1 AND assignment_id = $2 AND month = $3",
            )
            .bind(token)
            .bind(assignment_id)
            .bind(month.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1
        } else {
            false
        };
        if removed {
            append_log(&mut tx, &self.audit, log).await?;
            tx.commit().await?;
            return Ok(ReceiptRemoved::Removed);
        }
        // Nothing removed: the transaction (and an empty draft it may have made) goes.
        if editable {
            return Ok(ReceiptRemoved::NotFound);
        }
        let exists: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM receipts
                            WHERE token = $1 AND assignment_id = $2 AND month = $3)",
        )
        .bind(token)
        .bind(assignment_id)
        .bind(month.to_string())
        .fetch_one(&mut *tx)
        .await?;
        Ok(if exists {
            ReceiptRemoved::Locked
        } else {
            ReceiptRemoved::NotFound
        })
    }
}
