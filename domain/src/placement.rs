//! Wire types for the assignments API: needs, matches, assignments with their plan, follow-ups
//! and ending, and the monthly payment basis. The rules behind them live in [`crate::need`],
//! [`crate::matching`], [`crate::assignment`] and [`crate::compensation`].
//!
//! Routes (all for signed-in caseworkers; every call that shows or changes a need, an assignment
//! or a contact person is written to the access log):
//! - `GET /api/needs` → `Vec<NeedRow>`; `POST /api/needs` (`NeedForm`) → 201 `Created` (200 with
//!   the first need's reference when the same caseworker sends the same need again within minutes)
//! - `GET /api/needs/{reference}` → `NeedDetail`
//! - `GET /api/needs/{reference}/matches` → `Vec<Ranked>` (approved people, best first)
//! - `POST /api/needs/{reference}/assignment` (`NewAssignment`) → 201 `Created`
//! - `GET /api/assignments` → `Vec<AssignmentRow>`; `GET /api/assignments/{id}` → `AssignmentDetail`
//! - `PUT /api/assignments/{id}/plan` (`Plan`) → 204
//! - `POST /api/assignments/{id}/follow-ups` (`FollowUp`) → 204 (the same follow-up sent again is
//!   recorded once)
//! - `POST /api/assignments/{id}/ending` (`Ending`) → 204
//! - `POST /api/assignments/{id}/terms` (`TermsChange`) → 204: meets more or less often, or new
//!   amounts for a special qualified assignment, from a date
//! - `GET /api/payment-basis?month=2026-11` → `PaymentBasis`; `GET /api/payment-basis.csv?month=…`
//!   → the CSV for payroll

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::assignment::{Ending, FollowUp, Plan};
use crate::compensation::report_payment::MissingReason;
use crate::compensation::{Frequency, Month, PaymentLine, Terms};
use crate::need::Need;

/// An assignment's reference, as caseworkers and payroll read it: `U-2026-0007` for the
/// assignment that answers need `B-2026-0007` (a need has at most one assignment, so the pair
/// shares its number and one finds the other). Like `KP-…` and `B-…`, never the database id.
pub fn assignment_reference(need_reference: &str) -> String {
    let number = need_reference.strip_prefix("B-").unwrap_or(need_reference);
    format!("U-{number}")
}

/// Where a need is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NeedStatus {
    /// Waiting for a contact person.
    Open,
    /// A contact person is assigned.
    Matched,
    /// The assignment has ended.
    Closed,
}

impl NeedStatus {
    /// The stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            NeedStatus::Open => "open",
            NeedStatus::Matched => "matched",
            NeedStatus::Closed => "closed",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<NeedStatus> {
        [NeedStatus::Open, NeedStatus::Matched, NeedStatus::Closed]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// What a create call answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Created {
    /// The new record's reference (`B-2026-0001` for a need, the id for an assignment).
    pub reference: String,
}

/// One need in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedRow {
    /// `B-2026-0001`.
    pub reference: String,
    /// The case in the main case system.
    pub case_reference: String,
    /// Assignment type code.
    pub assignment_type: String,
    /// The child's age group this year.
    pub age_group: String,
    /// Language codes.
    pub languages: Vec<String>,
    /// Part of the municipality.
    pub area: String,
    /// Open, matched or closed.
    pub status: NeedStatus,
    /// When registered (RFC 3339).
    pub created_at: String,
}

/// One recorded thing in a need's or an assignment's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub by: String,
    /// `need_registered`, `matched`, `plan_written`, `follow_up`, `terms_changed`, `ended`.
    pub kind: String,
    /// A one-line summary (e.g. the match reason, the ending reason).
    pub summary: String,
    /// The assignment it belongs to (none for the need's registration).
    #[serde(default)]
    pub assignment_id: Option<i64>,
    /// That assignment's reference ([`assignment_reference`]).
    #[serde(default)]
    pub assignment_reference: Option<String>,
}

/// A need with its history and, once matched, its assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedDetail {
    /// The list row.
    pub row: NeedRow,
    /// Everything registered.
    pub need: Need,
    /// The assignment made for it, if any.
    pub assignment: Option<AssignmentRow>,
    /// What happened, oldest first.
    pub history: Vec<HistoryEntry>,
}

/// Choosing a contact person for a need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAssignment {
    /// The approved applicant's reference.
    pub applicant_reference: String,
    /// Why this person (required).
    pub reason: String,
    /// The first day.
    pub start_date: NaiveDate,
    /// Meeting frequency (decides the level).
    pub frequency: Frequency,
    /// For a special qualified assignment: the arvode decided for this case, kronor per month.
    #[serde(default)]
    pub special_arvode: Option<i64>,
    /// For a special qualified assignment: the omkostnad decided, kronor per month.
    #[serde(default)]
    pub special_omkostnad: Option<i64>,
}

/// One assignment in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentRow {
    /// Id.
    pub id: i64,
    /// The need's reference.
    pub need_reference: String,
    /// The contact person's (applicant's) reference.
    pub contact_person_reference: String,
    /// The contact person's name.
    pub contact_person_name: String,
    /// Assignment type code.
    pub assignment_type: String,
    /// How often they meet under the terms in force today (the next terms, before the start).
    pub frequency: Frequency,
    /// First day.
    pub start_date: NaiveDate,
    /// Last day, once ended.
    pub end_date: Option<NaiveDate>,
    /// The next follow-up not yet held, if any.
    pub next_follow_up: Option<NaiveDate>,
}

impl AssignmentRow {
    /// Its reference (`U-2026-0007`), from its need's.
    pub fn reference(&self) -> String {
        assignment_reference(&self.need_reference)
    }
}

/// A follow-up as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpEntry {
    /// When recorded (RFC 3339).
    pub at: String,
    /// Who recorded it.
    pub by: String,
    /// The follow-up.
    pub follow_up: FollowUp,
}

/// An assignment with everything recorded about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentDetail {
    /// The list row.
    pub row: AssignmentRow,
    /// The need it answers.
    pub need: Need,
    /// Why this person was chosen.
    pub match_reason: String,
    /// The plan, once written.
    pub plan: Option<Plan>,
    /// Follow-up dates by the plan's [`crate::assignment::FollowUpRule`] (3, then every 6
    /// months until a plan says otherwise), up to the ending or a year ahead.
    pub schedule: Vec<NaiveDate>,
    /// Follow-ups held.
    pub follow_ups: Vec<FollowUpEntry>,
    /// The ending, once ended.
    pub ending: Option<Ending>,
    /// Monthly amounts decided for a special qualified assignment (arvode, omkostnad), as in
    /// force today.
    pub special_amounts: Option<(i64, i64)>,
    /// What it is paid, from the start and from each change, oldest first.
    #[serde(default)]
    pub terms: Vec<Terms>,
    /// What happened, oldest first.
    pub history: Vec<HistoryEntry>,
}

/// The payment basis for one month: the months paid (only with an approved report, by
/// [`crate::compensation::report_payment`]) and the months not paid, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentBasis {
    /// The month.
    pub month: Month,
    /// One line per assignment active in the month whose report is approved, and one per
    /// earlier month approved late (its `report_month` set).
    pub lines: Vec<PaymentLine>,
    /// Sum of arvode.
    pub total_arvode: i64,
    /// Sum of omkostnad.
    pub total_omkostnad: i64,
    /// Sum of the approved extra costs, in öre.
    #[serde(default)]
    pub total_extra_costs_ore: i64,
    /// The assignments active in the month that it does not pay, and why.
    #[serde(default)]
    pub missing: Vec<MissingReport>,
    /// How many months back a report first sent late is paid (the municipality's rule).
    #[serde(default)]
    pub late_months: u32,
}

/// An assignment's month the payment basis does not pay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingReport {
    /// The contact person's reference.
    pub contact_person_reference: String,
    /// The contact person's name.
    pub contact_person_name: String,
    /// The assignment's id (for the link to it).
    pub assignment_id: String,
    /// The assignment's reference (`U-2026-0007`).
    pub assignment_reference: String,
    /// The month not paid.
    pub month: Month,
    /// Why.
    pub reason: MissingReason,
    /// For a report approved late: the month whose payment basis pays it.
    #[serde(default)]
    pub paid_in: Option<Month>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_assignment_shares_its_needs_number() {
        assert_eq!(assignment_reference("B-2026-0007"), "U-2026-0007");
        assert_eq!(assignment_reference("B-2027-1234"), "U-2027-1234");
    }
}
