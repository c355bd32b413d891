//! What the caseworker API answers: applicant lists, an applicant with their timeline, the
//! overview, and access-log entries.

use serde::{Deserialize, Serialize};

use crate::application::ApplicationForm;
use crate::pipeline::{Event, Stage};

/// One row of the applicant list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantRow {
    /// `KP-2026-0042`.
    pub reference: String,
    /// First and last name.
    pub name: String,
    /// Where in the pipeline.
    pub stage: Stage,
    /// When the form arrived (RFC 3339).
    pub received_at: String,
    /// The language to call in.
    pub locale: String,
    /// Languages spoken (codes).
    pub languages: Vec<String>,
    /// Assignment types of interest.
    pub assignment_types: Vec<String>,
    /// The caseworker handling it.
    pub assigned_to: Option<String>,
}

/// A page of the applicant list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantPage {
    /// Matching applicants in all, or — when `total_capped` — at least this many.
    pub total: i64,
    /// Whether counting stopped at a cap (a broad filter over many rows): show "1 000+".
    #[serde(default)]
    pub total_capped: bool,
    /// This page (from 1).
    pub page: i64,
    /// Rows per page.
    pub per_page: i64,
    /// The rows.
    pub rows: Vec<ApplicantRow>,
}

/// One step in an applicant's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// When recorded (RFC 3339).
    pub at: String,
    /// Who recorded it.
    pub by: String,
    /// The evidence.
    pub event: Event,
    /// The stage after it.
    pub stage_after: Stage,
}

/// An applicant with every answer and the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantDetail {
    /// The list row's facts.
    pub summary: ApplicantRow,
    /// The answers as stored (normalised: canonical personnummer, E.164 phone, …).
    pub answers: ApplicationForm,
    /// Every recorded step, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// The account id of the caseworker handling it (for the assignment control).
    #[serde(default)]
    pub assigned_to_id: Option<i64>,
    /// Once approved: the assignments as contact person, ongoing first.
    #[serde(default)]
    pub assignments: Vec<crate::placement::AssignmentRow>,
    /// What happened in those assignments (matched, plan, follow-ups, changes, ending), oldest
    /// first; the page merges it into the timeline.
    #[serde(default)]
    pub assignment_history: Vec<crate::placement::HistoryEntry>,
    /// The district they live in: the one they chose, or the one their postcode lies in
    /// ([`crate::district`]); `None` when neither tells.
    #[serde(default)]
    pub district: Option<crate::district::ApplicantDistrict>,
}

/// One access-log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessEntry {
    /// Sequence number.
    pub id: i64,
    /// When (RFC 3339).
    pub at: String,
    /// Who (account id).
    pub user_id: i64,
    /// Who (name at the time).
    pub user_name: String,
    /// `list`, `read`, `write`.
    pub action: String,
    /// Which record (`applicant:KP-2026-0042`, or the list query).
    pub record: String,
    /// From where (IP address).
    pub address: String,
    /// Why, as the screen that read said (`None`: no purpose given, or not a read).
    #[serde(default)]
    pub purpose: Option<crate::purpose::Purpose>,
}

/// How many applicants are in a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageCount {
    /// The stage.
    pub stage: Stage,
    /// Applicants in it.
    pub count: i64,
}

/// A booked interview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewSlot {
    /// The applicant.
    pub reference: String,
    /// Their name.
    pub name: String,
    /// When (local date and time, `2026-11-24T10:00:00`).
    pub at: String,
    /// Where.
    pub place: String,
}

/// A police extract that will soon no longer support a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpiringExtract {
    /// The applicant.
    pub reference: String,
    /// Their name.
    pub name: String,
    /// The newest extract's issue date.
    pub issued: String,
}

/// The caseworker's start screen: counts per stage and what needs doing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    /// Applicants per stage.
    pub counts: Vec<StageCount>,
    /// New for more than five working days without a call.
    pub waiting_for_contact: Vec<ApplicantRow>,
    /// Interviews booked from today to the end of the week.
    pub interviews_this_week: Vec<InterviewSlot>,
    /// Applicants in checks whose newest extract expires within 30 days (or has).
    pub extracts_expiring: Vec<ExpiringExtract>,
    /// Open applicants assigned to the signed-in caseworker.
    pub mine: Vec<ApplicantRow>,
    /// Ongoing assignments whose next follow-up is due within two weeks (or overdue).
    #[serde(default)]
    pub follow_ups_due: Vec<FollowUpDue>,
    /// A year whose prisbasbelopp is missing and needed soon
    /// ([`crate::compensation::price_base_reminder`]).
    #[serde(default)]
    pub price_base_missing: Option<i32>,
    /// Approved contact persons assigned to the signed-in caseworker with no assignment going
    /// on: people to match.
    #[serde(default)]
    pub approved_without_assignment: Vec<ApplicantRow>,
    /// Needs no contact person has been matched to yet, oldest first.
    #[serde(default)]
    pub needs_waiting: Vec<NeedWaiting>,
    /// Assignments going on (or about to start) without an implementation plan.
    #[serde(default)]
    pub assignments_without_plan: Vec<AssignmentWithoutPlan>,
}

/// A need that waits for a contact person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedWaiting {
    /// The need (`B-2026-0001`).
    pub reference: String,
    /// The kind of assignment it asks for (a code of `application::ASSIGNMENT_TYPES`).
    pub assignment_type: String,
    /// When it was registered (RFC 3339).
    pub registered_at: String,
}

/// An assignment without its implementation plan (genomförandeplan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentWithoutPlan {
    /// The assignment.
    pub assignment_id: i64,
    /// Its need (`B-2026-0001`).
    pub need_reference: String,
    /// The contact person.
    pub contact_person_name: String,
    /// Its first day.
    pub start_date: chrono::NaiveDate,
}

/// An assignment's follow-up that is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpDue {
    /// The assignment.
    pub assignment_id: i64,
    /// The contact person.
    pub contact_person_name: String,
    /// The need (`B-2026-0001`).
    pub need_reference: String,
    /// The scheduled date.
    pub date: chrono::NaiveDate,
}

/// An active account that applicants can be assigned to (`GET /api/caseworkers`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caseworker {
    /// Account id.
    pub id: i64,
    /// Name.
    pub display_name: String,
}

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Handläggare: works with applicants.
    Caseworker,
    /// Administratör: also manages accounts and settings.
    Admin,
}

impl Role {
    /// `caseworker` or `admin`, as stored and sent.
    pub fn code(self) -> &'static str {
        match self {
            Role::Caseworker => "caseworker",
            Role::Admin => "admin",
        }
    }

    /// Parses a stored or sent code.
    pub fn from_code(code: &str) -> Option<Role> {
        [Role::Caseworker, Role::Admin]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// The signed-in caseworker, as `GET /api/session` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    /// Account id.
    pub id: i64,
    /// E-mail.
    pub email: String,
    /// Name.
    pub display_name: String,
    /// What the account may do (`caseworker` or `admin` on the wire).
    pub role: Role,
    /// The password was set by an administrator (or is otherwise temporary): nothing but choosing
    /// a new one is allowed until it is changed (every other route answers 403
    /// `password_change_required`).
    #[serde(default)]
    pub must_change_password: bool,
    /// A demo account (made from `DEMO_USER`/`DEMO_PASSWORD`): the area says so on every page.
    #[serde(default)]
    pub demo: bool,
    /// The session lasts at least this long after any request (the server's idle timeout less
    /// the granularity of its activity stamp). The area warns
    /// [`crate::security::idle_warning_seconds`] before it runs out.
    #[serde(default)]
    pub idle_seconds: i64,
    /// The account has a second factor (an authenticator app).
    #[serde(default)]
    pub second_factor: bool,
    /// The account must have a second factor and has none: nothing but enrolling is allowed
    /// until it has (every other route answers 403 `second_factor_required`).
    #[serde(default)]
    pub must_enrol_second_factor: bool,
    /// Signed in through the municipality's identity provider: the password and the second
    /// factor are the provider's, not Kontaktperson's.
    #[serde(default)]
    pub via_provider: bool,
}

impl SignedIn {
    /// Whether the signed-in person is an administrator.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// An account as the administrator's list shows it (`GET /api/users`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    /// Id.
    pub id: i64,
    /// E-mail.
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// What the account may do (`caseworker` or `admin` on the wire).
    pub role: Role,
    /// Whether it can sign in.
    pub active: bool,
    /// When created.
    pub created_at: String,
    /// Its live sessions.
    #[serde(default)]
    pub active_sessions: i64,
    /// Seconds until the account's sign-in lock (many failures from anywhere) lifts; `None` when
    /// it is not locked.
    #[serde(default)]
    pub locked_for_seconds: Option<i64>,
    /// Its password was set by an administrator and must be changed at the next sign-in.
    #[serde(default)]
    pub must_change_password: bool,
    /// The demo account.
    #[serde(default)]
    pub demo: bool,
    /// It has a second factor (an authenticator app).
    #[serde(default)]
    pub second_factor: bool,
    /// It is linked to a person at the identity provider (signs in there).
    #[serde(default)]
    pub via_provider: bool,
}

/// The outbox as the caseworker area shows it (`GET /api/outbox`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    /// Whether a mail server is configured (`SMTP_URL`). Without one nothing is sent, however
    /// long the mails wait, and the screen says so instead of promising retries.
    pub mail_server: bool,
    /// The mails, newest first.
    pub mails: Vec<OutboxMail>,
}

/// One outbox mail, as the caseworker area lists it (`GET /api/outbox`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMail {
    /// Id.
    pub id: i64,
    /// `receipt` or `notice`.
    pub kind: String,
    /// The application it belongs to.
    pub reference: Option<String>,
    /// Recipient.
    pub to_address: String,
    /// Subject.
    pub subject: String,
    /// `outbox`, `sent` or `failed`.
    pub status: String,
    /// Send attempts so far.
    pub attempts: i64,
    /// The last error, if any.
    pub last_error: Option<String>,
    /// Queued at.
    pub created_at: String,
    /// Sent at.
    pub sent_at: Option<String>,
}

/// The outcome of checking the access log's hash chain (`GET /api/access-log/verify`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLogCheck {
    /// Whether every entry matches the chain.
    pub intact: bool,
    /// The id of the first entry that does not, if any.
    pub first_altered_entry: Option<i64>,
    /// How many entries the log holds.
    pub entries: i64,
    /// Why the chain is broken, when it is.
    #[serde(default)]
    pub problem: Option<ChainProblem>,
    /// The first entry signed with a key (HMAC-SHA-256); the entries before it are plain
    /// SHA-256 entries from before the key was configured, vouched for by this one.
    #[serde(default)]
    pub keyed_from: Option<i64>,
    /// Where the check began when older entries have been removed (retention).
    #[serde(default)]
    pub checkpoint: Option<LogCheckpoint>,
}

/// Why the access log's chain does not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChainProblem {
    /// An entry, or the link to the one before it, does not match: changed, removed or inserted
    /// afterwards.
    Altered,
    /// An entry was signed with a key the server does not have (neither `KP_AUDIT_KEY` nor one
    /// of `KP_AUDIT_PREVIOUS_KEYS`).
    UnknownKey,
    /// Entries without a key's signature where only signed entries may be: after a signed entry,
    /// or at the end of the log (a log rewritten with plain hashes).
    Unsigned,
    /// The checkpoint the check starts from does not match its signature, or does not lead to
    /// the first entry left.
    Checkpoint,
}

/// The access log's checkpoint: the last entry removed by retention, which the check starts
/// from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogCheckpoint {
    /// The last entry removed.
    pub last_removed_entry: i64,
    /// When that entry was written (RFC 3339).
    pub last_removed_at: String,
}
