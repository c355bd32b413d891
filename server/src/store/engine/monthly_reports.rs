//! The contact person's monthly reports (`monthly_reports`): a draft saved and sent by the
//! contact person only while it is theirs to change (a draft, or returned), reviewed once by a
//! caseworker (approved, then locked, or returned with a comment). Each state change is a
//! conditional write, so two tabs or two processes cannot both change one report, and each is
//! logged in its own transaction.

use chrono::{DateTime, Utc};
use kp_domain::compensation::Month;
use kp_domain::monthly_report::{MonthlyReport, ReportStatus};
use sqlx::types::Json;

use super::access_log::append_log;
use super::at;
use super::core::Engine;
use crate::store::{stamp, LogEntry, PaymentReport, ReportRecord, WaitingReport};
use kp_domain::extract::ExtractReport;
// The receipts a sent report's costs name are checked in its transaction.
use super::receipts::receipt_ids;
use crate::store::ReportSaved;

#[derive(sqlx::FromRow)]
struct ReportRow {
    #[sqlx(try_from = "String")]
    status: ReportStatus,
    report: Json<MonthlyReport>,
    first_submitted_at: Option<DateTime<Utc>>,
    submitted_at: Option<DateTime<Utc>>,
    reviewed_at: Option<DateTime<Utc>>,
    reviewed_by: Option<String>,
    return_comment: Option<String>,
}

#[derive(sqlx::FromRow)]
struct MonthRow {
    #[sqlx(try_from = "String")]
    month: Month,
    #[sqlx(try_from = "String")]
    status: ReportStatus,
    first_submitted_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct AnyMonthRow {
    assignment_id: i64,
    #[sqlx(try_from = "String")]
    month: Month,
    #[sqlx(try_from = "String")]
    status: ReportStatus,
    first_submitted_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct ExtractRow {
    #[sqlx(try_from = "String")]
    month: Month,
    #[sqlx(try_from = "String")]
    status: ReportStatus,
    report: Json<MonthlyReport>,
    first_submitted_at: Option<DateTime<Utc>>,
    return_comment: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PaymentRow {
    assignment_id: i64,
    #[sqlx(try_from = "String")]
    month: Month,
    #[sqlx(try_from = "String")]
    status: ReportStatus,
    report: Json<MonthlyReport>,
    first_submitted_at: Option<DateTime<Utc>>,
    reviewed_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct WaitingRow {
    assignment_id: i64,
    need_reference: String,
    first_name: String,
    last_name: String,
    #[sqlx(try_from = "String")]
    month: Month,
    submitted_at: DateTime<Utc>,
    first_submitted_at: DateTime<Utc>,
}

impl Engine {
    /// An assignment's report for `month`, if one was saved.
    pub(crate) async fn monthly_report(
        &self,
        assignment_id: i64,
        month: Month,
    ) -> Result<Option<ReportRecord>, sqlx::Error> {
        let row: Option<ReportRow> = sqlx::query_as(
            "SELECT r.status, r.report, r.first_submitted_at, r.submitted_at, r.reviewed_at,
                    u.display_name AS reviewed_by, r.return_comment
             FROM monthly_reports r LEFT JOIN users u ON u.id = r.reviewed_by
             WHERE r.assignment_id = $1 AND r.month = $2",
        )
        .bind(assignment_id)
        .bind(month.to_string())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| ReportRecord {
            status: r.status,
            report: r.report.0,
            first_submitted_at: r.first_submitted_at,
            submitted_at: r.submitted_at,
            reviewed_at: r.reviewed_at,
            reviewed_by: r.reviewed_by,
            return_comment: r.return_comment,
        }))
    }

    /// Every month an assignment has a report for: its status and first sending.
    pub(crate) async fn report_statuses(
        &self,
        assignment_id: i64,
    ) -> Result<Vec<(Month, ReportStatus, Option<DateTime<Utc>>)>, sqlx::Error> {
        let rows: Vec<MonthRow> = sqlx::query_as(
            "SELECT month, status, first_submitted_at FROM monthly_reports
             WHERE assignment_id = $1 ORDER BY month",
        )
        .bind(assignment_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.month, r.status, r.first_submitted_at))
            .collect())
    }

    /// Every assignment's reports: assignment, month, status and first sending (for the overdue
    /// months, which the domain finds).
    pub(crate) async fn all_report_statuses(
        &self,
    ) -> Result<Vec<(i64, Month, ReportStatus, Option<DateTime<Utc>>)>, sqlx::Error> {
        let rows: Vec<AnyMonthRow> = sqlx::query_as(
            "SELECT assignment_id, month, status, first_submitted_at FROM monthly_reports
             ORDER BY assignment_id, month",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.assignment_id, r.month, r.status, r.first_submitted_at))
            .collect())
    }

    /// Saves the contact person's report for `month` — as a draft, or sent (`submit`) — if it is
    /// theirs to change (none yet, a draft, or returned), with `log` in the same transaction;
    /// `Locked` when it is sent or approved (nothing written). A report is sent only if each of
    /// its costs' receipts is one of the month's, checked after its row is taken (locked on
    /// PostgreSQL, as an upload or a removal of a receipt takes it), so no receipt goes between
    /// the check and the sending.
    pub(crate) async fn save_monthly_report(
        &self,
        assignment_id: i64,
        month: Month,
        report: &MonthlyReport,
        submit: bool,
        now: DateTime<Utc>,
        log: &LogEntry<'_>,
    ) -> Result<ReportSaved, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let status = if submit {
            ReportStatus::Submitted
        } else {
            ReportStatus::Draft
        };
        // A returned report saved as a draft stays returned (its comment still shown) until sent.
        let written = sqlx::query(
            "INSERT INTO monthly_reports (assignment_id, month, status, report, updated_at,
                                          first_submitted_at, submitted_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)
             ON CONFLICT (assignment_id, month) DO UPDATE SET
                 report = excluded.report,
                 updated_at = excluded.updated_at,
                 status = CASE WHEN $7 THEN 'submitted' ELSE monthly_reports.status END,
                 first_submitted_at = CASE WHEN $7
                     THEN COALESCE(monthly_reports.first_submitted_at, excluded.updated_at)
                     ELSE monthly_reports.first_submitted_at END,
                 submitted_at = CASE WHEN $7 THEN excluded.updated_at
                     ELSE monthly_reports.submitted_at END
             WHERE monthly_reports.status IN ('draft', 'returned')",
        )
        .bind(assignment_id)
        .bind(month.to_string())
        .bind(status.code())
        .bind(Json(report))
        .bind(at(now))
        .bind(submit.then(|| at(now)))
        .bind(submit)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !written {
            return Ok(ReportSaved::Locked);
        }
        if submit && report.costs.iter().any(|c| c.receipt.is_some()) {
            let known = receipt_ids(&mut tx, assignment_id, month).await?;
            let unknown = kp_domain::receipt::unknown_receipts(report, &known);
            if !unknown.is_empty() {
                return Ok(ReportSaved::UnknownReceipts(unknown));
            }
        }
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await?;
        Ok(ReportSaved::Saved)
    }

    /// Approves or returns a sent report, with `log` in the same transaction; `false` when it is
    /// not sent (a draft, returned, or approved already: nothing written).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn review_monthly_report(
        &self,
        assignment_id: i64,
        month: Month,
        approve: bool,
        comment: Option<&str>,
        user_id: i64,
        now: DateTime<Utc>,
        log: &LogEntry<'_>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let status = if approve {
            ReportStatus::Approved
        } else {
            ReportStatus::Returned
        };
        let reviewed = sqlx::query(
            "UPDATE monthly_reports
             SET status = $1, return_comment = $2, reviewed_at = $3, reviewed_by = $4
             WHERE assignment_id = $5 AND month = $6 AND status = 'submitted'",
        )
        .bind(status.code())
        .bind(comment)
        .bind(at(now))
        .bind(user_id)
        .bind(assignment_id)
        .bind(month.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if reviewed {
            append_log(&mut tx, &self.audit, log).await?;
        }
        tx.commit().await?;
        Ok(reviewed)
    }

    /// An assignment's reports as the register extract shows them, by month.
    pub(crate) async fn extract_reports(
        &self,
        assignment_id: i64,
    ) -> Result<Vec<ExtractReport>, sqlx::Error> {
        let rows: Vec<ExtractRow> = sqlx::query_as(
            "SELECT month, status, report, first_submitted_at, return_comment
             FROM monthly_reports WHERE assignment_id = $1 ORDER BY month",
        )
        .bind(assignment_id)
        .fetch_all(&self.pool)
        .await?;
        let receipts = self.receipts_of_assignment(assignment_id).await?;
        Ok(rows
            .into_iter()
            .map(|r| ExtractReport {
                receipts: receipts
                    .iter()
                    .filter(|(month, _)| *month == r.month)
                    .map(|(_, receipt)| receipt.clone())
                    .collect(),
                month: r.month,
                status: r.status,
                report: r.report.0,
                first_submitted_at: r.first_submitted_at.map(stamp),
                return_comment: r.return_comment,
            })
            .collect())
    }

    /// The reports `month`'s payment basis reads: every report of `month`, and every report
    /// approved from `from` until before `until` (the month's bounds in Swedish time), whatever
    /// month it reports.
    pub(crate) async fn payment_reports(
        &self,
        month: Month,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<PaymentReport>, sqlx::Error> {
        let rows: Vec<PaymentRow> = sqlx::query_as(
            "SELECT assignment_id, month, status, report, first_submitted_at, reviewed_at
             FROM monthly_reports
             WHERE month = $1
                OR (status = 'approved' AND reviewed_at >= $2 AND reviewed_at < $3)
             ORDER BY assignment_id, month",
        )
        .bind(month.to_string())
        .bind(at(from))
        .bind(at(until))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| PaymentReport {
                assignment_id: r.assignment_id,
                month: r.month,
                status: r.status,
                report: r.report.0,
                first_submitted_at: r.first_submitted_at,
                reviewed_at: r.reviewed_at,
            })
            .collect())
    }

    /// Sent reports waiting for review, oldest sending first.
    pub(crate) async fn reports_waiting(&self) -> Result<Vec<WaitingReport>, sqlx::Error> {
        let rows: Vec<WaitingRow> = sqlx::query_as(
            "SELECT r.assignment_id, n.reference AS need_reference, a.first_name, a.last_name,
                    r.month, r.submitted_at, r.first_submitted_at
             FROM monthly_reports r
             JOIN assignments s ON s.id = r.assignment_id
             JOIN needs n ON n.id = s.need_id
             JOIN applications a ON a.id = s.application_id
             WHERE r.status = 'submitted'
             ORDER BY r.submitted_at, r.id
             LIMIT 500",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| WaitingReport {
                assignment_id: r.assignment_id,
                assignment_reference: kp_domain::placement::assignment_reference(&r.need_reference),
                contact_person_name: format!("{} {}", r.first_name, r.last_name),
                month: r.month,
                submitted_at: r.submitted_at,
                first_submitted_at: r.first_submitted_at,
            })
            .collect())
    }
}
