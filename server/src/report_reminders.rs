//! Reminders of the monthly report by e-mail (issue 15): each morning the scheduled job
//! (`jobs.rs`) asks the domain which reminders fall due for each assignment
//! (`kp_domain::report_reminder::reminders_due`: the month is over, or its report is late), words
//! one mail per contact person, month and kind in the person's language, and queues it in the
//! outbox with a row per reminder and an access-log entry in one transaction. The outbox sends it
//! (and retries it) like any other mail; the rows' key stops a second one, so a rerun, a restart
//! or a second process never reminds twice.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use kp_domain::contact_area::area_path;
use kp_domain::monthly_report::{Period, ReportRules};
use kp_domain::report_reminder::{reminder_mail, reminder_months, reminders_due};

use crate::store::{ReminderMail, Store};

/// What the reminders need from the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderSettings {
    /// The municipality's report rules (the due day).
    pub rules: ReportRules,
    /// The public address the mail links to (`KP_PUBLIC_URL`, no trailing `/`).
    pub public_url: String,
}

/// Queues the reminders due on `today` (a Swedish day), `now` being the time they are queued
/// at; how many mails it queued. Safe to run again: what went before is not queued twice.
pub async fn run(
    store: &Store,
    settings: &ReminderSettings,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, sqlx::Error> {
    let [since, ..] = reminder_months(today);
    // One mail per person, month and kind, naming each assignment it is about.
    let mut mails = BTreeMap::new();
    for assignment in store.reminder_facts(since, today).await? {
        let period = Period {
            start: assignment.start,
            end: assignment.end,
        };
        let due = reminders_due(
            period,
            &assignment.reports,
            &assignment.sent,
            today,
            &settings.rules,
        );
        for (month, kind) in due {
            let key = (assignment.person.application_id, month, kind);
            mails
                .entry(key)
                .or_insert_with(|| (assignment.person.clone(), Vec::new()))
                .1
                .push((assignment.id, assignment.reference.clone()));
        }
    }
    let mut queued = 0;
    for ((_, month, kind), (to, assignments)) in mails {
        let link = format!("{}{}", settings.public_url, area_path(to.locale));
        let references: Vec<String> = assignments.iter().map(|(_, r)| r.clone()).collect();
        let (subject, body) =
            reminder_mail(kind, month, &settings.rules, to.locale, &link, &references);
        let mail = ReminderMail {
            to,
            subject,
            body,
            reminders: assignments
                .iter()
                .map(|(id, _)| (*id, month, kind))
                .collect(),
        };
        if store.queue_reminder(&mail, now).await? {
            queued += 1;
        }
    }
    Ok(queued)
}
