//! The register extract (GDPR art. 15, `kp_domain::extract`): everything stored about the
//! person with a personnummer, gathered from the tables that hold it (`applications`,
//! `application_events`, `assignments` and their events and terms, `mail_outbox`), and the
//! access-log entries about them. Producing it is logged in the transaction that reads those
//! entries, so the extract holds its own entry and no extract goes unlogged.
//!
//! The payment lines are computed by the caller (the payment basis is the domain's maths over
//! the terms and the year's levels, not stored).

use chrono::{DateTime, NaiveDate, Utc};
use kp_domain::caseworker::AccessEntry;
use kp_domain::extract::{
    ExtractAcceptance, ExtractApplication, ExtractAssignment, ExtractMail, RegisterExtract,
};
use kp_domain::purpose::Purpose;
use sqlx::QueryBuilder;

use super::access_log::{append_log, append_read};
use super::core::{Conn, Engine};
use super::{at, Db};
use crate::store::{stamp, LogEntry};

/// The access-log action of producing an extract.
pub(crate) const EXTRACT_ACTION: &str = "read:register_extract";

/// The record of an extract that found nobody. The personnummer asked about is not logged, in
/// clear or hashed: the system holds nothing about that person, and a hash of a personnummer is
/// no protection (there are only some 40 million, and each can be tried in an instant). The entry
/// still says who looked someone up, and when.
pub(crate) const NO_MATCH_RECORD: &str = "register-extract:no-match";

#[derive(sqlx::FromRow)]
struct FoundRow {
    id: i64,
    reference: String,
    consent_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct MailRow {
    kind: String,
    to_address: String,
    subject: String,
    body: String,
    status: String,
    created_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct MatchedRow {
    need_reference: String,
    created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    at: DateTime<Utc>,
    user_id: i64,
    user_name: String,
    action: String,
    record: String,
    address: String,
    purpose: Option<String>,
}

/// Which access-log records are about the person: their applications and assignments whole, and
/// the needs their assignments answer from the moment they were matched (before it, a need's
/// entries are about the child alone).
#[derive(Default)]
struct Records {
    whole: Vec<String>,
    from: Vec<(String, DateTime<Utc>)>,
}

/// The access-log entries about `records`, oldest first.
async fn entries_about(
    conn: &mut Conn,
    records: &Records,
) -> Result<Vec<AccessEntry>, sqlx::Error> {
    if records.whole.is_empty() && records.from.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = QueryBuilder::<Db>::new(
        "SELECT id, at, user_id, user_name, action, record, address, purpose
         FROM access_log WHERE FALSE",
    );
    if !records.whole.is_empty() {
        query.push(" OR record IN (");
        let mut list = query.separated(", ");
        for record in &records.whole {
            list.push_bind(record.clone());
        }
        query.push(")");
    }
    for (record, since) in &records.from {
        query
            .push(" OR (record = ")
            .push_bind(record.clone())
            .push(" AND at >= ")
            .push_bind(at(*since))
            .push(")");
    }
    query.push(" ORDER BY id");
    let rows: Vec<EntryRow> = query.build_query_as().fetch_all(&mut *conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| AccessEntry {
            id: r.id,
            at: stamp(r.at),
            user_id: r.user_id,
            user_name: r.user_name,
            action: r.action,
            record: r.record,
            address: r.address,
            purpose: r.purpose.as_deref().and_then(Purpose::from_code),
        })
        .collect())
}

impl Engine {
    /// Writes `entry` to the access log inside `conn`'s transaction.
    pub(super) async fn log_in(
        &self,
        conn: &mut Conn,
        entry: &LogEntry<'_>,
    ) -> Result<(), sqlx::Error> {
        append_log(conn, &self.audit, entry).await
    }

    /// Everything stored about the person with `personnummer` (canonical), and every access-log
    /// entry about them, as produced at `now` by `user_name` (account `user_id`, from `address`).
    /// Logged before it answers: one entry per application found (`applicant:KP-…`), or one
    /// [`NO_MATCH_RECORD`] entry. The payments are left for the caller to fill.
    pub(crate) async fn register_extract(
        &self,
        personnummer: &str,
        user_id: i64,
        user_name: &str,
        address: &str,
        today: NaiveDate,
    ) -> Result<RegisterExtract, sqlx::Error> {
        self.register_extract_for(personnummer, user_id, user_name, address, today, None)
            .await
    }

    /// [`Engine::register_extract`], its entries recording `purpose` (as the reader gave it).
    pub(crate) async fn register_extract_for(
        &self,
        personnummer: &str,
        user_id: i64,
        user_name: &str,
        address: &str,
        today: NaiveDate,
        purpose: Option<Purpose>,
    ) -> Result<RegisterExtract, sqlx::Error> {
        let produced_at = Utc::now();
        let found: Vec<FoundRow> = sqlx::query_as(
            "SELECT id, reference, consent_at FROM applications
             WHERE personnummer = $1 ORDER BY received_at, id",
        )
        .bind(personnummer)
        .fetch_all(&self.pool)
        .await?;
        let mut applications = Vec::with_capacity(found.len());
        let mut records = Records::default();
        for application in found {
            // Gone between the two reads (an erasure): it is not in the extract.
            let Some(detail) = self.applicant_detail(&application.reference).await? else {
                continue;
            };
            records
                .whole
                .push(format!("applicant:{}", application.reference));
            let mut assignments = Vec::with_capacity(detail.assignments.len());
            for row in &detail.assignments {
                let Some(a) = self.assignment_detail(row.id, today).await? else {
                    continue;
                };
                records.whole.push(format!("assignment:{}", a.row.id));
                records.whole.push(format!("agreement:{}", a.row.id));
                records.whole.push(format!("reports:{}", a.row.id));
                records.whole.push(format!("messages:{}", a.row.id));
                let reports = self.extract_reports(a.row.id).await?;
                records.whole.extend(
                    reports
                        .iter()
                        .map(|r| format!("report:{}:{}", a.row.id, r.month)),
                );
                assignments.push(ExtractAssignment {
                    agreements: self
                        .agreement_acceptances(a.row.id)
                        .await?
                        .into_iter()
                        .map(|r| ExtractAcceptance {
                            at: stamp(r.accepted_at),
                            method: r.method,
                            text: r.text,
                        })
                        .collect(),
                    messages: self
                        .extract_messages(a.row.id, &a.row.contact_person_name)
                        .await?,
                    reports,
                    row: a.row,
                    match_reason: a.match_reason,
                    plan: a.plan,
                    follow_ups: a.follow_ups,
                    ending: a.ending,
                    terms: a.terms,
                    history: a.history,
                    payments: Vec::new(),
                });
            }
            assignments.sort_by_key(|a| (a.row.start_date, a.row.id));
            let matched: Vec<MatchedRow> = sqlx::query_as(
                "SELECT n.reference AS need_reference, s.created_at
                 FROM assignments s JOIN needs n ON n.id = s.need_id
                 WHERE s.application_id = $1",
            )
            .bind(application.id)
            .fetch_all(&self.pool)
            .await?;
            records.from.extend(
                matched
                    .into_iter()
                    .map(|m| (format!("need:{}", m.need_reference), m.created_at)),
            );
            let mails: Vec<MailRow> = sqlx::query_as(
                "SELECT kind, to_address, subject, body, status, created_at, sent_at
                 FROM mail_outbox WHERE application_id = $1 ORDER BY id",
            )
            .bind(application.id)
            .fetch_all(&self.pool)
            .await?;
            applications.push(ExtractApplication {
                district: detail.district,
                reference: application.reference,
                received_at: detail.summary.received_at,
                consent_at: stamp(application.consent_at),
                stage: detail.summary.stage,
                assigned_to: detail.summary.assigned_to,
                answers: detail.answers,
                timeline: detail.timeline,
                assignments,
                mails: mails
                    .into_iter()
                    .map(|m| ExtractMail {
                        kind: m.kind,
                        to_address: m.to_address,
                        subject: m.subject,
                        body: m.body,
                        status: m.status,
                        created_at: stamp(m.created_at),
                        sent_at: m.sent_at.map(stamp),
                    })
                    .collect(),
            });
        }

        // The extract's own entries, then every entry about the person, in one transaction: the
        // answer holds the entry that records it.
        let mut tx = self.writer.begin().await?;
        let logged: Vec<String> = if applications.is_empty() {
            vec![NO_MATCH_RECORD.to_string()]
        } else {
            applications
                .iter()
                .map(|a| format!("applicant:{}", a.reference))
                .collect()
        };
        for record in &logged {
            let entry = LogEntry {
                user_id,
                user_name,
                action: EXTRACT_ACTION,
                record,
                address,
            };
            append_read(&mut tx, &self.audit, &entry, purpose).await?;
        }
        let access_log = entries_about(&mut tx, &records).await?;
        tx.commit().await?;
        Ok(RegisterExtract {
            personnummer: personnummer.to_string(),
            produced_at: stamp(produced_at),
            produced_by: user_name.to_string(),
            applications,
            access_log,
        })
    }
}
