//! Wire types of the monthly reports API (issue 15): what the contact person's area and the
//! caseworker's review queue send and receive. The rules are in [`crate::monthly_report`].
//!
//! Routes (each read and write in the access log):
//! - contact person: `GET /api/contact/assignments/{id}/reports` → `Vec<ReportMonth>`;
//!   `GET …/reports/{month}` → [`StoredReport`] (an empty draft if none); `PUT …/reports/{month}`
//!   ([`MonthlyReport`]) → 204 (the draft); `POST …/reports/{month}/submit` ([`SubmitReport`]) →
//!   204. 409 `report_locked` for a report sent and not returned, or approved; 422 per field.
//! - caseworker: `GET /api/reports` → `Vec<ReviewRow>` (sent, waiting for review);
//!   `GET /api/assignments/{id}/reports/{month}` → [`StoredReport`];
//!   `POST /api/assignments/{id}/reports/{month}/review` ([`Review`]) → 204; 409 `not_submitted`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::compensation::Month;
use crate::monthly_report::{MonthState, MonthlyReport, ReportStatus};

/// One month an assignment reports, as the contact person's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportMonth {
    /// The month.
    pub month: Month,
    /// Where it is.
    pub state: MonthState,
    /// The last day to send it on time.
    pub due: NaiveDate,
}

/// A month's report as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredReport {
    /// The assignment's reference (`U-2026-0007`).
    pub assignment_reference: String,
    /// The month.
    pub month: Month,
    /// Where it is (`draft` for one not yet written).
    pub status: ReportStatus,
    /// What it says.
    pub report: MonthlyReport,
    /// When it was first sent (RFC 3339): the day the late-report rule counts from.
    pub first_submitted_at: Option<String>,
    /// When it was last sent.
    pub submitted_at: Option<String>,
    /// The caseworker's comment when it was returned.
    pub return_comment: Option<String>,
    /// When it was approved or returned.
    pub reviewed_at: Option<String>,
    /// By whom.
    pub reviewed_by: Option<String>,
    /// The last day to send it on time.
    pub due: NaiveDate,
    /// Whether, sent when it was first sent (or today, if not yet), it is paid.
    pub payable: bool,
}

/// Sending a report: the report as it reads, and the declaration that it is true ("försäkran").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitReport {
    /// The report.
    pub report: MonthlyReport,
    /// "Jag försäkrar att uppgifterna är riktiga."
    pub declaration: bool,
}

/// A caseworker's review of a sent report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Review {
    /// Approved: locked, and paid within the late-report rule.
    Approve,
    /// Returned to the contact person with a comment, to change and send again.
    Return {
        /// What to change.
        comment: String,
    },
}

/// A sent report waiting for review, as the queue lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRow {
    /// The assignment's id.
    pub assignment_id: i64,
    /// Its reference.
    pub assignment_reference: String,
    /// The contact person's name.
    pub contact_person_name: String,
    /// The month.
    pub month: Month,
    /// When it was sent (RFC 3339).
    pub submitted_at: String,
    /// Whether it was first sent after its due day.
    pub late: bool,
    /// Whether it is paid if approved (the late-report rule).
    pub payable: bool,
}
