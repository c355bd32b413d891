//! Messages between a contact person and the social services (`contact_messages`): an
//! assignment's thread, written with its access-log entry in one transaction; reading one side's
//! thread marks the other side's messages read in the transaction that logs the read.

use chrono::{DateTime, Utc};
use kp_domain::messages::Message;
use kp_domain::purpose::Purpose;

use super::access_log::{append_log, append_read};
use super::at;
use super::core::Engine;
use crate::store::{stamp, LogEntry, UnreadMessages};

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: i64,
    from_contact_person: bool,
    author: Option<String>,
    worry: bool,
    body: String,
    sent_at: DateTime<Utc>,
    read_at: Option<DateTime<Utc>>,
}

/// An assignment's thread (`$1`), oldest first, with the caseworkers' names.
const THREAD: &str =
    "SELECT m.id, m.from_contact_person, u.display_name AS author, m.worry, m.body,
            m.sent_at, m.read_at
     FROM contact_messages m LEFT JOIN users u ON u.id = m.author_user_id
     WHERE m.assignment_id = $1 ORDER BY m.id";

fn messages(rows: Vec<MessageRow>, contact_name: &str) -> Vec<Message> {
    rows.into_iter()
        .map(|r| Message {
            id: r.id,
            author: if r.from_contact_person {
                contact_name.to_string()
            } else {
                r.author.unwrap_or_else(|| "Socialtjänsten".into())
            },
            from_contact_person: r.from_contact_person,
            worry: r.worry,
            body: r.body,
            sent_at: stamp(r.sent_at),
            read_at: r.read_at.map(stamp),
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct UnreadRow {
    assignment_id: i64,
    need_reference: String,
    first_name: String,
    last_name: String,
    unread: i64,
    worries: i64,
    latest_at: DateTime<Utc>,
}

impl Engine {
    /// Adds a message to an assignment's thread, with `log` in the same transaction; its id.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn add_message(
        &self,
        assignment_id: i64,
        from_contact_person: bool,
        author_user_id: Option<i64>,
        worry: bool,
        body: &str,
        now: DateTime<Utc>,
        log: &LogEntry<'_>,
    ) -> Result<i64, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO contact_messages (assignment_id, from_contact_person, author_user_id,
                                           worry, body, sent_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(assignment_id)
        .bind(from_contact_person)
        .bind(author_user_id)
        .bind(worry)
        .bind(body)
        .bind(at(now))
        .fetch_one(&mut *tx)
        .await?;
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// An assignment's thread, oldest first, read by the contact person (`by_contact_person`) or
    /// a caseworker: the other side's unread messages are marked read, and `log` written with the
    /// read's `purpose`, in one transaction. `contact_name` names the contact person's messages.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn read_thread(
        &self,
        assignment_id: i64,
        by_contact_person: bool,
        contact_name: &str,
        now: DateTime<Utc>,
        log: &LogEntry<'_>,
        purpose: Option<Purpose>,
    ) -> Result<Vec<Message>, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "UPDATE contact_messages SET read_at = $1
             WHERE assignment_id = $2 AND from_contact_person = $3 AND read_at IS NULL",
        )
        .bind(at(now))
        .bind(assignment_id)
        .bind(!by_contact_person)
        .execute(&mut *tx)
        .await?;
        let rows: Vec<MessageRow> = sqlx::query_as(THREAD)
            .bind(assignment_id)
            .fetch_all(&mut *tx)
            .await?;
        append_read(&mut tx, &self.audit, log, purpose).await?;
        tx.commit().await?;
        Ok(messages(rows, contact_name))
    }

    /// An assignment's thread for the register extract, oldest first (reading it marks nothing).
    pub(crate) async fn extract_messages(
        &self,
        assignment_id: i64,
        contact_name: &str,
    ) -> Result<Vec<Message>, sqlx::Error> {
        let rows: Vec<MessageRow> = sqlx::query_as(THREAD)
            .bind(assignment_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(messages(rows, contact_name))
    }

    /// Threads with messages from their contact person no caseworker has read, worries first.
    pub(crate) async fn unread_threads(&self) -> Result<Vec<UnreadMessages>, sqlx::Error> {
        let rows: Vec<UnreadRow> = sqlx::query_as(
            "SELECT m.assignment_id, n.reference AS need_reference, a.first_name, a.last_name,
                    COUNT(*) AS unread,
                    SUM(CASE WHEN m.worry THEN 1 ELSE 0 END) AS worries,
                    MAX(m.sent_at) AS latest_at
             FROM contact_messages m
             JOIN assignments s ON s.id = m.assignment_id
             JOIN needs n ON n.id = s.need_id
             JOIN applications a ON a.id = s.application_id
             WHERE m.from_contact_person = TRUE AND m.read_at IS NULL
             GROUP BY m.assignment_id, n.reference, a.first_name, a.last_name
             ORDER BY SUM(CASE WHEN m.worry THEN 1 ELSE 0 END) > 0 DESC, MAX(m.sent_at)",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| UnreadMessages {
                assignment_id: r.assignment_id,
                assignment_reference: kp_domain::placement::assignment_reference(&r.need_reference),
                contact_person_name: format!("{} {}", r.first_name, r.last_name),
                unread: u32::try_from(r.unread).unwrap_or(u32::MAX),
                worry: r.worries > 0,
                latest_at: r.latest_at,
            })
            .collect())
    }
}
