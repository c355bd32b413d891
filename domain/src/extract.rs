//! The register extract (registerutdrag, GDPR art. 15): everything the system keeps about one
//! person, found by their personnummer, and who has read or changed it. The server fills one
//! [`RegisterExtract`] (`POST /api/register-extract`, administrators only, logged); the SPA shows
//! it as a printable page and offers the same JSON as a download.
//!
//! What it holds, per application with that personnummer: the answers, every vetting step with
//! its evidence (references given among them, corrections with the old values), the mails queued
//! to them, and their assignments as contact person with plan, follow-ups, terms, ending and the
//! months paid. Not included: the child's need (a case number, birth year and support wanted: the
//! child's data, not the contact person's, art. 15(4)), and list views that showed many people at
//! once (the applicant list, the overview, a month's payment basis), which the access log records
//! by their query, not per person.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::application::ApplicationForm;
use crate::assignment::{Ending, Plan};
use crate::caseworker::{AccessEntry, TimelineEntry};
use crate::compensation::{Month, PaymentLine, Terms};
use crate::pipeline::Stage;
use crate::placement::{AssignmentRow, FollowUpEntry, HistoryEntry};

/// What the administrator sends: the personnummer as typed (any form the interest form accepts).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExtractRequest {
    /// Personnummer or samordningsnummer, as typed.
    pub personnummer: String,
}

/// Everything stored about one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterExtract {
    /// The personnummer, canonical (`YYYYMMDD-NNNC`).
    pub personnummer: String,
    /// When the extract was made (RFC 3339).
    pub produced_at: String,
    /// Who made it.
    pub produced_by: String,
    /// Every application with this personnummer, oldest first; empty when the system holds
    /// nothing about the person.
    pub applications: Vec<ExtractApplication>,
    /// Every access-log entry about them (their applications, their assignments, the needs those
    /// answer from the match on), oldest first, this extract's own entries included; each read
    /// with its purpose (the screen that read), where one was given.
    pub access_log: Vec<AccessEntry>,
}

impl RegisterExtract {
    /// Whether the system holds anything about the person.
    pub fn found(&self) -> bool {
        !self.applications.is_empty()
    }
}

/// One application and everything hanging from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractApplication {
    /// `KP-2026-0042`.
    pub reference: String,
    /// When the interest form arrived (RFC 3339).
    pub received_at: String,
    /// When they agreed to the processing (RFC 3339); the version is in `answers`.
    pub consent_at: String,
    /// Where in the vetting it is.
    pub stage: Stage,
    /// The caseworker handling it.
    pub assigned_to: Option<String>,
    /// The answers as stored now (corrections applied).
    pub answers: ApplicationForm,
    /// The district they live in by name: the one they chose, or the one their postcode lies
    /// in ([`crate::district`]).
    #[serde(default)]
    pub district: Option<crate::district::ApplicantDistrict>,
    /// Every vetting step with its evidence, references and corrections, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// Their assignments as contact person, oldest first.
    pub assignments: Vec<ExtractAssignment>,
    /// Mails queued for this application (the receipt to them, the notice to the unit).
    pub mails: Vec<ExtractMail>,
}

/// An assignment as contact person, with what it was paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractAssignment {
    /// Id, need reference, type, period, frequency today.
    pub row: AssignmentRow,
    /// Why this person was chosen.
    pub match_reason: String,
    /// The plan, once written.
    pub plan: Option<Plan>,
    /// Follow-ups held.
    pub follow_ups: Vec<FollowUpEntry>,
    /// The ending, once ended.
    pub ending: Option<Ending>,
    /// What it is paid, from the start and from each change.
    pub terms: Vec<Terms>,
    /// What happened, oldest first.
    pub history: Vec<HistoryEntry>,
    /// Each month from the start to the ending (or this month): the payment basis line.
    pub payments: Vec<ExtractPayment>,
    /// The agreements accepted, each with the exact text, oldest first.
    #[serde(default)]
    pub agreements: Vec<ExtractAcceptance>,
    /// The monthly reports written, by month.
    #[serde(default)]
    pub reports: Vec<ExtractReport>,
    /// The messages with the social services, oldest first.
    #[serde(default)]
    pub messages: Vec<crate::messages::Message>,
}

/// An accepted version of an assignment's agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractAcceptance {
    /// When (RFC 3339).
    pub at: String,
    /// How the person had signed in (`link`, `eid`).
    pub method: String,
    /// The text accepted, exactly.
    pub text: String,
}

/// A monthly report as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractReport {
    /// The month.
    pub month: Month,
    /// Where it is.
    pub status: crate::monthly_report::ReportStatus,
    /// What it says.
    pub report: crate::monthly_report::MonthlyReport,
    /// When it was first sent (RFC 3339).
    pub first_submitted_at: Option<String>,
    /// The comment it was returned with, if it was.
    pub return_comment: Option<String>,
    /// The receipts uploaded for its extra costs: name, type, size and when (the files
    /// themselves are given on request, as the caseworker opens them).
    #[serde(default)]
    pub receipts: Vec<crate::receipt::Receipt>,
}

/// One month of an assignment's payment basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractPayment {
    /// The month.
    pub month: Month,
    /// The line as payroll gets it, with the approved report's extra costs; `None` when the month
    /// is not paid or could not be computed.
    pub line: Option<PaymentLine>,
    /// Why it could not be computed (`no_price_base`, …).
    #[serde(default)]
    pub not_computed: Option<String>,
    /// Why the month is not paid in its own month's basis (no approved report, …), by the same
    /// rule the payment basis applies.
    #[serde(default)]
    pub not_paid: Option<crate::compensation::report_payment::MissingReason>,
    /// For a report approved late: the month whose payment basis pays it (the line is shown).
    #[serde(default)]
    pub paid_in: Option<Month>,
}

/// A mail in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractMail {
    /// `receipt` (to the applicant) or `notice` (to the unit).
    pub kind: String,
    /// Recipient.
    pub to_address: String,
    /// Subject.
    pub subject: String,
    /// The text.
    pub body: String,
    /// `outbox`, `sent` or `failed`.
    pub status: String,
    /// Queued at (RFC 3339).
    pub created_at: String,
    /// Sent at (RFC 3339).
    pub sent_at: Option<String>,
}

/// The months an assignment from `start` (to `end`, if ended) has been paid for by `today`: from
/// its first month to the month of its last day, or to this month while it goes on. None before
/// it starts.
pub fn paid_months(start: NaiveDate, end: Option<NaiveDate>, today: NaiveDate) -> Vec<Month> {
    let last = end.map_or(today, |end| end.min(today));
    if last < start {
        return Vec::new();
    }
    let (mut month, last) = (Month::of(start), Month::of(last));
    let mut months = vec![month];
    while month < last {
        month = month.next();
        months.push(month);
    }
    months
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn names(months: Vec<Month>) -> Vec<String> {
        months.into_iter().map(|m| m.to_string()).collect()
    }

    #[test]
    fn the_access_log_part_carries_each_reads_purpose_and_reads_entries_without_one() {
        let entry = AccessEntry {
            id: 7,
            at: "2026-11-22T09:00:00Z".into(),
            user_id: 3,
            user_name: "Anna".into(),
            action: "read".into(),
            record: "applicant:KP-2026-0042".into(),
            address: "10.0.0.1".into(),
            purpose: Some(crate::purpose::Purpose::ApplicantPage),
        };
        let json = serde_json::to_value(&entry).unwrap();
        assert_eq!(json["purpose"], "applicant_page");
        let mut older = json.clone();
        older.as_object_mut().unwrap().remove("purpose");
        let read: AccessEntry = serde_json::from_value(older).unwrap();
        assert_eq!(read.purpose, None, "an entry from before purposes");
    }

    #[test]
    fn an_assignment_is_paid_from_its_first_month_to_its_last_or_this_month() {
        let today = d(2026, 11, 22);
        assert_eq!(
            names(paid_months(d(2026, 9, 15), None, today)),
            ["2026-09", "2026-10", "2026-11"],
            "ongoing: up to this month"
        );
        assert_eq!(
            names(paid_months(d(2025, 12, 1), Some(d(2026, 2, 10)), today)),
            ["2025-12", "2026-01", "2026-02"],
            "ended: up to its last day's month, over a new year"
        );
        assert_eq!(
            names(paid_months(d(2026, 11, 1), Some(d(2027, 3, 1)), today)),
            ["2026-11"],
            "an ending ahead counts no month after this one"
        );
        assert!(
            paid_months(d(2026, 12, 1), None, today).is_empty(),
            "not started"
        );
    }
}
