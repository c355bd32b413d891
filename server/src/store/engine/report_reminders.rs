//! Reminders of the monthly report (`report_reminders`): the facts the reminder job needs (the
//! assignments that may have a month to report, their contact person's address, their recent
//! reports and reminders), and queueing one reminder mail in the outbox with its rows and its
//! access-log entry in one transaction. The rows' key (assignment, month, kind) stops a second
//! reminder, so a rerun or a second process queues nothing twice; a row is not written for a
//! report that is sent or approved by then.

use chrono::{DateTime, NaiveDate, Utc};
use kp_domain::compensation::Month;
use kp_domain::monthly_report::ReportStatus;
use kp_domain::report_reminder::Reminder;

use super::access_log::append_log;
use super::at;
use super::core::Engine;
use crate::store::{
    LogEntry, ReminderAssignment, ReminderMail, ReminderRecipient, REMINDER_SENDER,
};

#[derive(sqlx::FromRow)]
struct AssignmentRow {
    id: i64,
    need_reference: String,
    start_date: NaiveDate,
    end_date: Option<NaiveDate>,
    application_id: i64,
    reference: String,
    email: String,
    #[sqlx(try_from = "String")]
    locale: kp_domain::Locale,
}

#[derive(sqlx::FromRow)]
struct ReportRow {
    assignment_id: i64,
    #[sqlx(try_from = "String")]
    month: Month,
    #[sqlx(try_from = "String")]
    status: ReportStatus,
}

#[derive(sqlx::FromRow)]
struct SentRow {
    assignment_id: i64,
    #[sqlx(try_from = "String")]
    month: Month,
    #[sqlx(try_from = "String")]
    kind: Reminder,
}

impl Engine {
    /// The assignments that cover a day from `since`'s first day to `today`, whose contact person
    /// has an approved application (the latest gives the address and the language), with their
    /// reports and reminders of `since` and later months.
    pub(crate) async fn reminder_facts(
        &self,
        since: Month,
        today: NaiveDate,
    ) -> Result<Vec<ReminderAssignment>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        let rows: Vec<AssignmentRow> = sqlx::query_as(
            "SELECT s.id, n.reference AS need_reference, s.start_date, s.end_date,
                    p.id AS application_id, p.reference, p.email, p.locale
             FROM assignments s
             JOIN needs n ON n.id = s.need_id
             JOIN applications b ON b.id = s.application_id
             JOIN applications p ON p.id = (SELECT MAX(c.id) FROM applications c
                                            WHERE c.personnummer = b.personnummer
                                              AND c.stage = 'approved')
             WHERE s.start_date <= $1 AND (s.end_date IS NULL OR s.end_date >= $2)
             ORDER BY s.id",
        )
        .bind(today)
        .bind(since.first_day())
        .fetch_all(&mut *conn)
        .await?;
        let reports: Vec<ReportRow> = sqlx::query_as(
            "SELECT assignment_id, month, status FROM monthly_reports WHERE month >= $1",
        )
        .bind(since.to_string())
        .fetch_all(&mut *conn)
        .await?;
        let sent: Vec<SentRow> = sqlx::query_as(
            "SELECT assignment_id, month, kind FROM report_reminders WHERE month >= $1",
        )
        .bind(since.to_string())
        .fetch_all(&mut *conn)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| ReminderAssignment {
                id: r.id,
                reference: kp_domain::placement::assignment_reference(&r.need_reference),
                start: r.start_date,
                end: r.end_date,
                person: ReminderRecipient {
                    application_id: r.application_id,
                    reference: r.reference,
                    email: r.email,
                    locale: r.locale,
                },
                reports: reports
                    .iter()
                    .filter(|p| p.assignment_id == r.id)
                    .map(|p| (p.month, p.status))
                    .collect(),
                sent: sent
                    .iter()
                    .filter(|s| s.assignment_id == r.id)
                    .map(|s| (s.month, s.kind))
                    .collect(),
            })
            .collect())
    }

    /// Queues `mail` with a row for each of its reminders and its access-log entry, in one
    /// transaction; `false` (nothing written) when every one of them was already queued or its
    /// report is sent or approved by now.
    pub(crate) async fn queue_reminder(
        &self,
        mail: &ReminderMail,
        now: DateTime<Utc>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let mut written = 0;
        for (assignment_id, month, kind) in &mail.reminders {
            written += sqlx::query(
                "INSERT INTO report_reminders (assignment_id, month, kind, queued_at)
                 SELECT $1, $2, $3, $4
                 WHERE NOT EXISTS (SELECT 1 FROM monthly_reports
                                   WHERE assignment_id = $1 AND month = $2
                                     AND status IN ('submitted', 'approved'))
                 ON CONFLICT DO NOTHING",
            )
            .bind(assignment_id)
            .bind(month.to_string())
            .bind(kind.code())
            .bind(at(now))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        if written == 0 {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO mail_outbox
                 (kind, application_id, to_address, subject, body, next_attempt_at, created_at)
             VALUES ('report_reminder', $1, $2, $3, $4, $5, $5)",
        )
        .bind(mail.to.application_id)
        .bind(&mail.to.email)
        .bind(&mail.subject)
        .bind(&mail.body)
        .bind(at(now))
        .execute(&mut *tx)
        .await?;
        let record = format!("applicant:{}", mail.to.reference);
        append_log(
            &mut tx,
            &self.audit,
            &LogEntry {
                user_id: 0,
                user_name: REMINDER_SENDER,
                action: "write:report_reminder",
                record: &record,
                address: "server",
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}
