//! What the store takes and answers besides the domain's own types: the few shapes that only the
//! server needs (a session to store, an access-log entry, the list's filter). Plain data, no SQL.

use chrono::{DateTime, NaiveDate, Utc};
use kp_domain::assignment::Plan;
use kp_domain::caseworker::Role;
use kp_domain::compensation::Terms;

use kp_domain::api::ApplicationReceipt;

/// A stored application's receipt: what the applicant is told, less whether a confirmation is
/// e-mailed (that follows the server's configuration, not the database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// `KP-2026-0042`.
    pub reference: String,
    /// RFC 3339, UTC.
    pub received_at: String,
    /// The applicant's e-mail address.
    pub email: String,
}

impl Receipt {
    /// The receipt as the applicant gets it, saying whether a confirmation is e-mailed.
    pub fn answer(self, confirmation_emailed: bool) -> ApplicationReceipt {
        ApplicationReceipt {
            reference: self.reference,
            received_at: self.received_at,
            email: self.email,
            confirmation_emailed,
        }
    }
}

/// The outcome of a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitted {
    /// A new application was stored.
    Created(Receipt),
    /// The same submission was seen before; this is its receipt.
    Replayed(Receipt),
    /// The idempotency key was used for different content.
    KeyConflict,
}

/// A mail to queue with an application.
#[derive(Debug, Clone)]
pub struct NewMail {
    /// `receipt` (to the applicant) or `notice` (to the unit).
    pub kind: &'static str,
    /// Recipient.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// Builds an application's mails once its reference is known.
pub type MailMaker = Box<dyn Fn(&Receipt) -> Vec<NewMail> + Send + Sync>;

/// A mail due for a send attempt.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DueMail {
    /// Outbox id.
    pub id: i64,
    /// Recipient.
    pub to_address: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// Attempts so far.
    pub attempts: i64,
}

/// An active account as sign-in needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Id.
    pub id: i64,
    /// E-mail.
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// argon2id PHC string.
    pub password_hash: String,
    /// The password is temporary and must be changed at sign-in.
    pub must_change_password: bool,
    /// The demo account.
    pub demo: bool,
    /// It has a second factor.
    pub second_factor: bool,
}

/// The account behind a live session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionAccount {
    /// Account id.
    pub id: i64,
    /// E-mail.
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// The password is temporary and must be changed first.
    pub must_change_password: bool,
    /// The demo account.
    pub demo: bool,
    /// It has a second factor.
    pub second_factor: bool,
    /// The session was made through the identity provider.
    pub via_provider: bool,
}

/// A session to store at sign-in.
#[derive(Debug, Clone, Copy)]
pub struct NewSession<'a> {
    /// SHA-256 of the token (the token itself is never stored).
    pub token_hash: &'a str,
    /// The id its owner sees and ends it by.
    pub public_id: &'a str,
    /// Whose.
    pub user_id: i64,
    /// Started.
    pub created: DateTime<Utc>,
    /// Ends at the latest.
    pub expires: DateTime<Utc>,
    /// The client address.
    pub address: &'a str,
    /// The browser's `User-Agent` (cut to 300 characters).
    pub user_agent: &'a str,
    /// Made through the identity provider (no local second factor needed).
    pub via_provider: bool,
}

/// The password hash of an account without a password (created at sign-in through the identity
/// provider, or by an administrator while local sign-in is off): no password verifies against it.
pub const NO_PASSWORD: &str = "!provider";

/// An identity the provider vouched for (from a verified ID token).
#[derive(Debug, Clone, Copy)]
pub struct ProviderIdentity<'a> {
    /// The issuer (`iss`).
    pub issuer: &'a str,
    /// The person at the issuer (`sub`).
    pub subject: &'a str,
    /// The e-mail, if the token has one.
    pub email: Option<&'a str>,
    /// The provider says the e-mail is the person's (`email_verified`).
    pub email_verified: bool,
    /// A name to show for an account created at sign-in.
    pub name: &'a str,
    /// What the role claim says.
    pub claimed: kp_domain::single_sign_on::ClaimedRole,
}

/// How a sign-in through the provider ended in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderOutcome {
    /// A session was started for this account (linked, created or changed on the way, each
    /// logged with the sign-in).
    SignedIn(Account),
    /// No session; the account it concerns, if any (id, name), for the access log.
    Refused(
        kp_domain::single_sign_on::ProviderRefusal,
        Option<(i64, String)>,
    ),
}

/// Why a session ended (stored as `end_reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// Its owner signed out.
    SignedOut,
    /// Its owner ended it from "Mina inloggningar".
    EndedByOwner,
    /// An administrator ended it.
    EndedByAdmin,
    /// Its owner changed their password (the other sessions end).
    PasswordChanged,
    /// An administrator deactivated the account or set a new password.
    AccountChanged,
    /// Idle too long, or past its lifetime.
    Expired,
}

impl SessionEnd {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            SessionEnd::SignedOut => "signed_out",
            SessionEnd::EndedByOwner => "ended_by_owner",
            SessionEnd::EndedByAdmin => "ended_by_admin",
            SessionEnd::PasswordChanged => "password_changed",
            SessionEnd::AccountChanged => "account_changed",
            SessionEnd::Expired => "expired",
        }
    }
}

/// One access-log entry to append.
#[derive(Debug, Clone, Copy)]
pub struct LogEntry<'a> {
    /// Who (account id; 0 for a sign-in attempt on no known account).
    pub user_id: i64,
    /// Who, by name at the time (or the e-mail typed, for an unknown account).
    pub user_name: &'a str,
    /// What (`read`, `write:…`, `auth:…`).
    pub action: &'a str,
    /// Which record (`applicant:KP-…`, `account:7`).
    pub record: &'a str,
    /// From which client address.
    pub address: &'a str,
}

/// Which of the oldest access-log entries to prune.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PruneBound {
    /// Entries up to and including this id.
    ThroughId(i64),
    /// Entries written before this instant.
    Before(DateTime<Utc>),
}

/// What pruning the access log did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pruned {
    /// How many entries were removed.
    pub removed: u64,
    /// The last entry removed, now the checkpoint; `None` when nothing was due.
    pub through: Option<i64>,
}

/// What the applicant list is filtered, searched, sorted and paged by.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ApplicantFilter {
    /// A stage code.
    pub stage: Option<String>,
    /// An assignment type code.
    pub assignment_type: Option<String>,
    /// A language code.
    pub language: Option<String>,
    /// A caseworker's account id.
    pub assigned_to: Option<i64>,
    /// Searched in reference, names, phone and e-mail.
    #[serde(rename = "q")]
    pub query: Option<String>,
    /// `newest` (default), `oldest`, `name`, `stage`.
    pub sort: String,
    /// Page number from 1.
    pub page: i64,
    /// Rows per page (1–200, default 50).
    pub per_page: i64,
}

/// The applicant list counts its matches up to this many; past it the answer says
/// `total: 1000, total_capped: true` and the list shows "1 000+". Nobody pages through a thousand
/// applicants, they narrow the filter, and an exact count of a broad filter was the slowest part
/// of the list at 100,000 applicants (BENCHMARKS.md).
pub const LIST_COUNT_CAP: i64 = 1_000;

/// A search whose trigram lookup finds at most this many candidate rows is answered from those
/// rows (see the SQLite list's `search_plan`).
pub const SEARCH_CANDIDATE_LIMIT: i64 = 2_000;

/// How many of the rows the other filters leave a search with more candidates is tried on (see
/// `search_plan`): it is checked along the index if more than [`LIST_COUNT_CAP`] of them match.
pub const SEARCH_SCAN_BUDGET: i64 = 20_000;

/// Where the applicant list stops counting and how it chooses its way to search. The default is
/// what the API uses.
#[derive(Debug, Clone, Copy)]
pub struct ListLimits {
    /// Counting stops past this many matches.
    pub count_cap: i64,
    /// A search with at most this many trigram candidates reads those rows.
    pub search_candidates: i64,
    /// A search with more is tried on this many of the rows the other filters leave.
    pub search_scan_budget: i64,
}

impl Default for ListLimits {
    fn default() -> Self {
        ListLimits {
            count_cap: LIST_COUNT_CAP,
            search_candidates: SEARCH_CANDIDATE_LIMIT,
            search_scan_budget: SEARCH_SCAN_BUDGET,
        }
    }
}

/// How long the same need sent again by the same caseworker counts as a retry, not a new need.
pub const RESEND_WINDOW_MINUTES: i64 = 10;

/// What the payment basis needs to know about one assignment active in a month.
#[derive(Debug, Clone)]
pub struct PaymentInput {
    /// Assignment id.
    pub id: i64,
    /// The assignment's reference (`U-2026-0007`).
    pub assignment_reference: String,
    /// The contact person's reference.
    pub reference: String,
    /// The contact person's name.
    pub name: String,
    /// The contact person's personnummer (canonical), which payroll pays by.
    pub personnummer: String,
    /// Assignment type code.
    pub assignment_type: String,
    /// First day.
    pub start: NaiveDate,
    /// Last paid day, if ended.
    pub end: Option<NaiveDate>,
    /// What it is paid: from the start, then from each change, oldest first.
    pub terms: Vec<Terms>,
}

/// What the rules need to know about an assignment.
#[derive(Debug, Clone)]
pub struct AssignmentState {
    /// The need it answers.
    pub need_id: i64,
    /// Assignment type code.
    pub assignment_type: String,
    /// First day.
    pub start: NaiveDate,
    /// Whether it has ended.
    pub ended: bool,
    /// The plan, once written.
    pub plan: Option<Plan>,
    /// What it is paid: from the start, then from each change, oldest first.
    pub terms: Vec<Terms>,
}

/// Why an assignment could not be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignRefusal {
    /// The need is matched or closed already (someone else was quicker).
    NeedNotOpen,
}

/// One stored mail as tests and review read it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredMail {
    /// `receipt` or `notice`.
    pub kind: String,
    /// Recipient.
    pub to_address: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// `outbox`, `sent` or `failed`.
    pub status: String,
    /// Attempts so far.
    pub attempts: i64,
    /// The last attempt's error.
    pub last_error: Option<String>,
}

/// A sliding window's state for one key: how many events since the window's start, and the
/// oldest of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct WindowState {
    /// Events in the window.
    pub count: i64,
    /// The oldest of them.
    pub oldest: Option<DateTime<Utc>>,
}

/// One event to count in a sliding window.
#[derive(Debug, Clone, Copy)]
pub struct RateEvent<'a> {
    /// Which limit (`sign_in:pair`, `submissions`, …).
    pub bucket: &'a str,
    /// Whom it counts.
    pub key: &'a str,
    /// Which event (an attempt's id, an idempotency key).
    pub tag: &'a str,
    /// When.
    pub at: DateTime<Utc>,
}

/// An account's second factor as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondFactor {
    /// The authenticator app's secret (base32), when it has one.
    pub secret: Option<String>,
    /// The last time step a code was accepted for.
    pub last_step: Option<i64>,
    /// A secret shown for enrolment, not yet confirmed.
    pub pending: Option<String>,
    /// Recovery codes not yet used.
    pub recovery_codes_left: i64,
}

/// What became of an erasure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErasureOutcome {
    /// No such applicant (never, or erased or gallrad already).
    NotFound,
    /// Something stops it; nothing was written.
    Refused(Vec<kp_domain::erasure::Obstacle>),
    /// Erased, with this record.
    Erased(kp_domain::erasure::ErasureRecord),
}

/// A contact person as their own area knows them: someone approved (their latest approved
/// application), known by personnummer, which is what e-legitimation answers and every
/// application of theirs carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPerson {
    /// Their latest approved application.
    pub application_id: i64,
    /// Its reference (`KP-2026-0001`).
    pub reference: String,
    /// Their name.
    pub name: String,
    /// Canonical personnummer (`19811218-9876`).
    pub personnummer: String,
    /// The e-mail address they gave.
    pub email: String,
    /// The language they applied in: their mails are written in it.
    pub locale: kp_domain::Locale,
}

impl ContactPerson {
    /// Their entry in the access log: a contact person is no account, so the entry's `user_id`
    /// is their application's id negated (accounts are positive, 0 is nobody) and the name says
    /// what they are.
    pub fn log_entry<'a>(
        &'a self,
        name: &'a str,
        action: &'a str,
        record: &'a str,
        address: &'a str,
    ) -> LogEntry<'a> {
        LogEntry {
            user_id: -self.application_id,
            user_name: name,
            action,
            record,
            address,
        }
    }

    /// The name their access-log entries carry.
    pub fn log_name(&self) -> String {
        format!("{} (kontaktperson)", self.name)
    }
}

/// Who may use the contact person's area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ContactEligibility {
    /// Also approved people without an assignment yet (`KP_CONTACT_AREA_WITHOUT_ASSIGNMENT`).
    pub without_assignment: bool,
}

/// A contact session to store at sign-in.
#[derive(Debug, Clone, Copy)]
pub struct NewContactSession<'a> {
    /// SHA-256 of the cookie's token.
    pub token_hash: &'a str,
    /// `link` or `eid`.
    pub method: &'a str,
    /// Started.
    pub created: DateTime<Utc>,
    /// Ends at the latest.
    pub expires: DateTime<Utc>,
    /// The client address.
    pub address: &'a str,
}

/// One stored acceptance of an assignment's agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptanceRecord {
    /// SHA-256 (hex) of the text accepted.
    pub hash: String,
    /// When.
    pub accepted_at: DateTime<Utc>,
    /// `link` or `eid`.
    pub method: String,
    /// The text accepted, exactly.
    pub text: String,
}

/// A report a month's payment basis reads: the month's own, or one approved during the month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentReport {
    /// The assignment's id.
    pub assignment_id: i64,
    /// The month it reports.
    pub month: kp_domain::compensation::Month,
    /// Where it is.
    pub status: kp_domain::monthly_report::ReportStatus,
    /// What it says (its extra costs).
    pub report: kp_domain::monthly_report::MonthlyReport,
    /// When it was first sent.
    pub first_submitted_at: Option<DateTime<Utc>>,
    /// When it was approved or returned.
    pub reviewed_at: Option<DateTime<Utc>>,
}

/// A month's report as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRecord {
    /// Where it is.
    pub status: kp_domain::monthly_report::ReportStatus,
    /// What it says.
    pub report: kp_domain::monthly_report::MonthlyReport,
    /// When it was first sent (kept through returns).
    pub first_submitted_at: Option<DateTime<Utc>>,
    /// When it was last sent.
    pub submitted_at: Option<DateTime<Utc>>,
    /// When it was approved or returned.
    pub reviewed_at: Option<DateTime<Utc>>,
    /// By whom (their name).
    pub reviewed_by: Option<String>,
    /// The comment it was returned with.
    pub return_comment: Option<String>,
}

/// A receipt to store with a month's report (its checks done by `kp_domain::receipt`).
#[derive(Debug, Clone, Copy)]
pub struct NewReceipt<'a> {
    /// Its public id, a random token.
    pub token: &'a str,
    /// The name it is shown under, made safe.
    pub name: &'a str,
    /// Its media type, as its bytes showed.
    pub content_type: &'a str,
    /// The file.
    pub bytes: &'a [u8],
}

/// The outcome of storing a receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiptAdded {
    /// Stored (logged in the same transaction).
    Added(kp_domain::receipt::Receipt),
    /// The month's report is sent or approved: nothing stored.
    Locked,
    /// The month has as many receipts as a report may hold: nothing stored.
    Full,
}

/// The outcome of removing a receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptRemoved {
    /// Removed (logged in the same transaction).
    Removed,
    /// The month's report is sent or approved: kept.
    Locked,
    /// No such receipt in this month of this assignment.
    NotFound,
}

/// A receipt's file, to serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptFile {
    /// The name it is shown under.
    pub name: String,
    /// Its media type.
    pub content_type: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// The outcome of saving a month's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportSaved {
    /// Saved (logged in the same transaction).
    Saved,
    /// The report is sent or approved: nothing written.
    Locked,
    /// Sent with a cost whose receipt is not one of the month's (checked in the transaction
    /// that would have sent it): a `receipt_unknown` per such cost, nothing written.
    UnknownReceipts(Vec<kp_domain::api::FieldError>),
}

/// A thread with messages from its contact person no caseworker has read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadMessages {
    /// The assignment's id.
    pub assignment_id: i64,
    /// Its reference.
    pub assignment_reference: String,
    /// The contact person's name.
    pub contact_person_name: String,
    /// How many are unread.
    pub unread: u32,
    /// Whether one of them is a worry.
    pub worry: bool,
    /// When the latest came.
    pub latest_at: DateTime<Utc>,
}

/// A sent report waiting for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingReport {
    /// The assignment's id.
    pub assignment_id: i64,
    /// Its reference.
    pub assignment_reference: String,
    /// The contact person's name.
    pub contact_person_name: String,
    /// The month.
    pub month: kp_domain::compensation::Month,
    /// When it was last sent.
    pub submitted_at: DateTime<Utc>,
    /// When it was first sent.
    pub first_submitted_at: DateTime<Utc>,
}
