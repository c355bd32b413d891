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
//!   `POST /api/assignments/{id}/reports/{month}/review` ([`Review`]) → 204; 409 `not_submitted`;
//!   `GET /api/reports/overdue` → `Vec<OverdueReport>` (months past their due day without a sent
//!   report, by [`overdue_months`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::compensation::Month;
use crate::monthly_report::{
    month_state, report_months, MonthState, MonthlyReport, ReportRules, ReportStatus,
};

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
    /// The receipts uploaded for the month's extra costs, oldest first (their bytes are fetched
    /// one by one: [`crate::receipt`]).
    #[serde(default)]
    pub receipts: Vec<crate::receipt::Receipt>,
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

/// A month past its due day without a sent report (none, or only a draft), as the caseworker's
/// overview lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueReport {
    /// The assignment's id.
    pub assignment_id: i64,
    /// Its reference.
    pub assignment_reference: String,
    /// The contact person's name.
    pub contact_person_name: String,
    /// The month.
    pub month: Month,
    /// The day it was due.
    pub due: NaiveDate,
    /// Whether it is still paid if it is sent today (the late-report rule).
    pub payable: bool,
}

/// The months of an assignment from `start` to `end` (its last day, once ended) that are overdue on
/// `today` ([`MonthState::Overdue`]: past the due day and not sent), oldest first. `reports` are the
/// assignment's stored reports: month, status and the day each was first sent.
pub fn overdue_months(
    start: NaiveDate,
    end: Option<NaiveDate>,
    reports: &[(Month, ReportStatus, Option<NaiveDate>)],
    today: NaiveDate,
    rules: &ReportRules,
) -> Vec<Month> {
    report_months(start, end, today)
        .into_iter()
        .filter(|month| {
            let report = reports
                .iter()
                .find(|(m, _, _)| m == month)
                .map(|(_, status, first)| (*status, *first));
            month_state(*month, report, today, rules) == MonthState::Overdue
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn month(text: &str) -> Month {
        Month::parse(text).unwrap()
    }

    #[test]
    fn a_month_is_overdue_after_its_due_day_until_a_report_is_sent() {
        let rules = ReportRules::default(); // due by the 5th
        let start = d(2026, 9, 15);
        let none: &[(Month, ReportStatus, Option<NaiveDate>)] = &[];
        // On 5 November October is not yet late; September is.
        assert_eq!(
            overdue_months(start, None, none, d(2026, 11, 5), &rules),
            [month("2026-09")]
        );
        assert_eq!(
            overdue_months(start, None, none, d(2026, 11, 6), &rules),
            [month("2026-09"), month("2026-10")]
        );
        // A draft is not sent; a sent, returned or approved report is no longer overdue.
        let reports = [
            (month("2026-09"), ReportStatus::Draft, None),
            (
                month("2026-10"),
                ReportStatus::Submitted,
                Some(d(2026, 11, 7)),
            ),
        ];
        assert_eq!(
            overdue_months(start, None, &reports, d(2026, 11, 6), &rules),
            [month("2026-09")]
        );
        for status in [ReportStatus::Returned, ReportStatus::Approved] {
            let reports = [(month("2026-09"), status, Some(d(2026, 10, 2)))];
            assert_eq!(
                overdue_months(
                    start,
                    Some(d(2026, 9, 30)),
                    &reports,
                    d(2026, 12, 1),
                    &rules
                ),
                Vec::<Month>::new(),
                "{status:?}"
            );
        }
    }

    #[test]
    fn an_ended_assignment_owes_no_month_after_its_last_day() {
        let rules = ReportRules::default();
        let none: &[(Month, ReportStatus, Option<NaiveDate>)] = &[];
        assert_eq!(
            overdue_months(
                d(2026, 9, 1),
                Some(d(2026, 10, 10)),
                none,
                d(2027, 1, 20),
                &rules
            ),
            [month("2026-09"), month("2026-10")]
        );
    }
}
