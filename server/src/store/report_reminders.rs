//! What the store takes and answers for the reminders of the monthly report (the SQL is in
//! `engine/report_reminders.rs`).

use chrono::NaiveDate;
use kp_domain::compensation::Month;
use kp_domain::monthly_report::ReportStatus;
use kp_domain::report_reminder::Reminder;

/// Who queues reminders, as the access log names it.
pub const REMINDER_SENDER: &str = "Påminnelse (automatisk)";

/// One assignment as the reminder job sees it: its days, its contact person's mail address and
/// language, its recent reports and the reminders it already had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderAssignment {
    /// The assignment's id.
    pub id: i64,
    /// Its reference (`U-2026-0007`), which the contact person's area shows.
    pub reference: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day, once ended.
    pub end: Option<NaiveDate>,
    /// The contact person's latest approved application: where their mail goes and in which
    /// language.
    pub person: ReminderRecipient,
    /// Its reports of the months asked about.
    pub reports: Vec<(Month, ReportStatus)>,
    /// The reminders it had for the months asked about.
    pub sent: Vec<(Month, Reminder)>,
}

/// Whom a reminder goes to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReminderRecipient {
    /// Their latest approved application's id (the mail hangs from it in the outbox).
    pub application_id: i64,
    /// Its reference (`KP-2026-0001`), for the access log.
    pub reference: String,
    /// The e-mail address they gave.
    pub email: String,
    /// The language they applied in.
    pub locale: kp_domain::Locale,
}

/// A reminder mail to queue, and the reminders it carries (assignment id, month, kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderMail {
    /// To whom.
    pub to: ReminderRecipient,
    /// Subject.
    pub subject: String,
    /// Body.
    pub body: String,
    /// What it reminds of.
    pub reminders: Vec<(i64, Month, Reminder)>,
}
