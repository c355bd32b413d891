//! What the store answers about records that retention (gallring) looks at (the SQL is in
//! `engine/retention_removal.rs` and `engine/retention_rules.rs`).

use chrono::NaiveDate;
use kp_domain::retention::ApplicantFacts;

/// One applicant as the retention rules see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionCandidate {
    /// The application's row id.
    pub id: i64,
    /// `KP-2026-0042`.
    pub reference: String,
    /// Whether a hold in force stops gallring of them.
    pub held: bool,
    /// Their dates and assignments.
    pub facts: ApplicantFacts,
}

/// One ended assignment as the retention rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndedAssignment {
    /// The assignment's id.
    pub id: i64,
    /// Its need's reference (`B-2026-0007`).
    pub need_reference: String,
    /// Its last paid day.
    pub last_day: NaiveDate,
    /// Whether a hold on its contact person stops gallring of it.
    pub held: bool,
}
