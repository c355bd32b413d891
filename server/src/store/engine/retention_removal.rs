//! Gallring itself: what the rules need to know about each applicant and ended assignment, the
//! removal of one record with everything that hangs from it (one transaction each, re-checked
//! inside it), the bulk removal of old sessions, counted attempts and sent mails, and making the
//! freed space go.
//!
//! What hangs from an applicant: `application_events`, `applicant_tags`, `mail_outbox`, released
//! `retention_holds`, and the search index (SQLite's `applicant_search`, by its delete trigger;
//! PostgreSQL's trigram index, with the row). The idempotency key is a column of the row. The
//! submission limit's `rate_events` (tagged with the key) are gone after 25 hours, long before
//! any rule's period. An assignment takes its `assignment_events`, `assignment_terms` and need
//! with it. The access log keeps its entries about them (`applicant:KP-…`): the log has a rule
//! of its own.

use chrono::{DateTime, NaiveDate, Utc};
use kp_domain::pipeline::Stage;
use kp_domain::retention::{
    applicant_due, assignment_due, standing, ApplicantFacts, Category, RuleSet, Standing,
};
use kp_domain::time::today_in_sweden;

use super::access_log::append_log;
use super::core::{Conn, Engine};
use super::{at, ENGINE};
use crate::retention::REMOVER;
use crate::store::{Dialect, EndedAssignment, LogEntry, RetentionCandidate};

#[derive(sqlx::FromRow)]
struct FactsRow {
    id: i64,
    reference: String,
    #[sqlx(try_from = "String")]
    stage: Stage,
    received_at: DateTime<Utc>,
    stage_changed_at: Option<DateTime<Utc>>,
    last_event: Option<DateTime<Utc>>,
    held: bool,
    assignments: i64,
    ongoing: i64,
    last_end: Option<NaiveDate>,
    last_assignment_event: Option<DateTime<Utc>>,
    assignments_last_active: Option<NaiveDate>,
}

impl FactsRow {
    fn candidate(self) -> RetentionCandidate {
        let day = |t: DateTime<Utc>| today_in_sweden(t);
        let last = [
            Some(self.received_at),
            self.stage_changed_at,
            self.last_event,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(self.received_at);
        RetentionCandidate {
            id: self.id,
            reference: self.reference,
            held: self.held,
            facts: ApplicantFacts {
                approved: self.stage == Stage::Approved,
                last_activity: day(last),
                assignments: u32::try_from(self.assignments).unwrap_or(u32::MAX),
                ongoing: u32::try_from(self.ongoing).unwrap_or(u32::MAX),
                last_assignment_end: self.last_end,
                last_assignment_activity: [
                    self.last_end,
                    self.last_assignment_event.map(day),
                    self.assignments_last_active,
                ]
                .into_iter()
                .flatten()
                .max(),
            },
        }
    }
}

/// The applicants received before `$1` (and, with `$2` set, only applicant `$3`).
const FACTS: &str = "SELECT a.id, a.reference, a.stage, a.received_at, a.stage_changed_at,
        (SELECT MAX(e.at) FROM application_events e WHERE e.application_id = a.id) AS last_event,
        EXISTS (SELECT 1 FROM retention_holds h
                WHERE h.application_id = a.id AND h.released_at IS NULL) AS held,
        (SELECT COUNT(*) FROM assignments s WHERE s.application_id = a.id) AS assignments,
        (SELECT COUNT(*) FROM assignments s
         WHERE s.application_id = a.id AND s.end_date IS NULL) AS ongoing,
        (SELECT MAX(s.end_date) FROM assignments s WHERE s.application_id = a.id) AS last_end,
        (SELECT MAX(v.at) FROM assignment_events v JOIN assignments s ON s.id = v.assignment_id
         WHERE s.application_id = a.id) AS last_assignment_event,
        a.assignments_last_active
    FROM applications a
    WHERE a.received_at < $1 AND ($2 IS NULL OR a.id = $3)
    ORDER BY a.id";

async fn facts(
    conn: &mut Conn,
    received_before: DateTime<Utc>,
    id: Option<i64>,
) -> Result<Vec<RetentionCandidate>, sqlx::Error> {
    let rows: Vec<FactsRow> = sqlx::query_as(FACTS)
        .bind(at(received_before))
        .bind(id)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().map(FactsRow::candidate).collect())
}

#[derive(sqlx::FromRow)]
struct EndedRow {
    id: i64,
    need_id: i64,
    need_reference: String,
    end_date: NaiveDate,
    held: bool,
}

/// The assignments that ended on or before `$1` (and, with `$2` set, only assignment `$3`).
const ENDED: &str = "SELECT s.id, s.need_id, n.reference AS need_reference, s.end_date,
        EXISTS (SELECT 1 FROM retention_holds h
                WHERE h.application_id = s.application_id AND h.released_at IS NULL) AS held
    FROM assignments s JOIN needs n ON n.id = s.need_id
    WHERE s.end_date IS NOT NULL AND s.end_date <= $1 AND ($2 IS NULL OR s.id = $3)
    ORDER BY s.id";

async fn ended(
    conn: &mut Conn,
    ended_by: NaiveDate,
    id: Option<i64>,
) -> Result<Vec<EndedRow>, sqlx::Error> {
    sqlx::query_as(ENDED)
        .bind(ended_by)
        .bind(id)
        .bind(id)
        .fetch_all(&mut *conn)
        .await
}

/// Takes the row lock on PostgreSQL, so nothing is added to the record while it goes (SQLite's
/// one writer already serialises).
pub(super) async fn lock(conn: &mut Conn, table: &str, id: i64) -> Result<bool, sqlx::Error> {
    let sql = match ENGINE {
        Dialect::Sqlite => format!("SELECT id FROM {table} WHERE id = $1"),
        Dialect::Postgres => format!("SELECT id FROM {table} WHERE id = $1 FOR UPDATE"),
    };
    let found: Option<i64> = sqlx::query_scalar(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(found.is_some())
}

async fn delete_where(conn: &mut Conn, sql: &str, id: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(sql)
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected())
}

/// Deletes applicant `id`'s row and every row that hangs from it (the module's list) inside
/// `conn`'s transaction; how many events, mails and holds went with it. Gallring and erasure
/// both remove an applicant through this, so they cannot differ in what they leave behind.
pub(super) async fn delete_applicant_rows(
    conn: &mut Conn,
    id: i64,
) -> Result<kp_domain::erasure::Removed, sqlx::Error> {
    let mut counts = [0u32; 3];
    for (count, sql) in counts.iter_mut().zip([
        "DELETE FROM application_events WHERE application_id = $1",
        "DELETE FROM mail_outbox WHERE application_id = $1",
        "DELETE FROM retention_holds WHERE application_id = $1",
    ]) {
        *count = u32::try_from(delete_where(conn, sql, id).await?).unwrap_or(u32::MAX);
    }
    delete_where(
        conn,
        "DELETE FROM applicant_tags WHERE application_id = $1",
        id,
    )
    .await?;
    // The contact person's sign-in links and sessions go with their last application.
    for table in ["contact_sessions", "contact_sign_in_links"] {
        delete_where(
            conn,
            &format!(
                "DELETE FROM {table} WHERE personnummer =
                     (SELECT personnummer FROM applications WHERE id = $1)
                   AND NOT EXISTS (SELECT 1 FROM applications b
                                   WHERE b.personnummer = {table}.personnummer AND b.id <> $1)"
            ),
            id,
        )
        .await?;
    }
    // Receipts hang from assignments, which go first; any left would name the application.
    delete_where(conn, "DELETE FROM receipts WHERE application_id = $1", id).await?;
    delete_where(conn, "DELETE FROM applications WHERE id = $1", id).await?;
    let [events, mails, holds] = counts;
    Ok(kp_domain::erasure::Removed {
        events,
        mails,
        holds,
    })
}

/// Adds one to the gallring record and notes the removal in the access log.
async fn count_and_log(
    conn: &mut Conn,
    engine: &Engine,
    record_id: i64,
    record: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE retention_records SET removed = removed + 1 WHERE id = $1")
        .bind(record_id)
        .execute(&mut *conn)
        .await?;
    append_log(
        conn,
        &engine.audit,
        &LogEntry {
            user_id: 0,
            user_name: REMOVER,
            action: "write:retention_removed",
            record,
            address: "server",
        },
    )
    .await
}

impl Engine {
    /// What the rules need to know about every applicant received before `received_before`
    /// (no one received later can be due: their last activity is no earlier than their arrival).
    pub(crate) async fn retention_candidates(
        &self,
        received_before: DateTime<Utc>,
    ) -> Result<Vec<RetentionCandidate>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        facts(&mut conn, received_before, None).await
    }

    /// The assignments that ended on or before `ended_by`.
    pub(crate) async fn ended_assignments(
        &self,
        ended_by: NaiveDate,
    ) -> Result<Vec<EndedAssignment>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        Ok(ended(&mut conn, ended_by, None)
            .await?
            .into_iter()
            .map(|r| EndedAssignment {
                id: r.id,
                need_reference: r.need_reference,
                last_day: r.end_date,
                held: r.held,
            })
            .collect())
    }

    /// Removes applicant `id` with everything that hangs from it, if on `as_of` it is still due
    /// under `category` and not held (checked again inside the transaction, after taking the
    /// row); adds one to gallring record `record_id` and logs the removal, in the same
    /// transaction. False when it no longer was due (someone acted on it meanwhile).
    pub(crate) async fn remove_applicant(
        &self,
        id: i64,
        category: Category,
        rules: &RuleSet,
        as_of: NaiveDate,
        record_id: i64,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        if !lock(&mut tx, "applications", id).await? {
            return Ok(false);
        }
        let far = DateTime::parse_from_rfc3339("9999-12-31T00:00:00Z")
            .expect("a valid instant")
            .with_timezone(&Utc);
        let Some(found) = facts(&mut tx, far, Some(id)).await?.pop() else {
            return Ok(false);
        };
        let due = applicant_due(rules, &found.facts);
        let still_due = matches!(due, Some((c, day)) if c == category
            && standing(day, found.held, as_of) == Standing::Due);
        // An assignment names its contact person: the person goes after the last of them.
        if !still_due || found.facts.assignments > 0 {
            return Ok(false);
        }
        delete_applicant_rows(&mut tx, id).await?;
        count_and_log(
            &mut tx,
            self,
            record_id,
            &format!("applicant:{}", found.reference),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Removes ended assignment `id` with its events, changes of terms and need, if on `as_of`
    /// it is still due and its contact person not held (checked again inside the transaction);
    /// counts and logs it as [`Engine::remove_applicant`] does.
    pub(crate) async fn remove_assignment(
        &self,
        id: i64,
        rules: &RuleSet,
        as_of: NaiveDate,
        record_id: i64,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        if !lock(&mut tx, "assignments", id).await? {
            return Ok(false);
        }
        let Some(found) = ended(&mut tx, as_of, Some(id)).await?.pop() else {
            return Ok(false);
        };
        let due = assignment_due(rules, found.end_date);
        if standing(due, found.held, as_of) != Standing::Due {
            return Ok(false);
        }
        // The contact person's own period keeps counting from this assignment's last activity.
        let last_event: Option<DateTime<Utc>> =
            sqlx::query_scalar("SELECT MAX(at) FROM assignment_events WHERE assignment_id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        let last_active = last_event
            .map(today_in_sweden)
            .map_or(found.end_date, |day| day.max(found.end_date));
        sqlx::query(
            "UPDATE applications SET assignments_last_active = $1
             WHERE id = (SELECT application_id FROM assignments WHERE id = $2)
               AND (assignments_last_active IS NULL OR assignments_last_active < $1)",
        )
        .bind(last_active)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM assignment_events WHERE assignment_id = $1 OR need_id = $2")
            .bind(id)
            .bind(found.need_id)
            .execute(&mut *tx)
            .await?;
        delete_where(
            &mut tx,
            "DELETE FROM assignment_terms WHERE assignment_id = $1",
            id,
        )
        .await?;
        for table in [
            "agreement_acceptances",
            "receipts",
            "monthly_reports",
            "report_reminders",
            "contact_messages",
        ] {
            delete_where(
                &mut tx,
                &format!("DELETE FROM {table} WHERE assignment_id = $1"),
                id,
            )
            .await?;
        }
        delete_where(&mut tx, "DELETE FROM assignments WHERE id = $1", id).await?;
        delete_where(&mut tx, "DELETE FROM needs WHERE id = $1", found.need_id).await?;
        count_and_log(&mut tx, self, record_id, &format!("assignment:{id}")).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// How many records of a counted category (sessions, attempts, sent mails, access-log
    /// entries) date from before `before`.
    pub(crate) async fn count_old(
        &self,
        category: Category,
        before: DateTime<Utc>,
    ) -> Result<i64, sqlx::Error> {
        let Some(condition) = old_condition(category) else {
            return Ok(0);
        };
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {condition}"))
            .bind(at(before))
            .fetch_one(&self.pool)
            .await
    }

    /// Removes the records of a counted category from before `before` in one transaction, with
    /// gallring record `record_id` counting them; how many.
    pub(crate) async fn remove_old(
        &self,
        category: Category,
        before: DateTime<Utc>,
        record_id: i64,
    ) -> Result<u64, sqlx::Error> {
        // The access log leaves only through its checkpointed prune (access_log.rs).
        let Some(condition) = old_condition(category).filter(|_| category != Category::AccessLog)
        else {
            return Ok(0);
        };
        let mut tx = self.writer.begin().await?;
        let removed = sqlx::query(&format!("DELETE FROM {condition}"))
            .bind(at(before))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query("UPDATE retention_records SET removed = $1 WHERE id = $2")
            .bind(i64::try_from(removed).unwrap_or(i64::MAX))
            .bind(record_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(removed)
    }

    /// Makes the space of removed rows go. SQLite zeroes deleted content as it goes
    /// (`secure_delete`, set on every connection) and the search index takes entries out in place
    /// (FTS5 `secure-delete`, migration 0019); what is left is the write-ahead log, which still
    /// holds the pages as they were before: a checkpoint copies the zeroed pages into the file
    /// and truncates the log. When a quarter of the file is free pages, a VACUUM first gives
    /// them back to the disk (BENCHMARKS.md, "Gallring"). PostgreSQL: VACUUM marks the dead rows' space free in the tables
    /// removed from (the bytes stay until reused; see README, "Retention").
    pub(crate) async fn reclaim_space(&self) -> Result<String, sqlx::Error> {
        match ENGINE {
            Dialect::Sqlite => {
                let mut writer = self.writer.acquire().await?;
                let free: i64 = sqlx::query_scalar("PRAGMA freelist_count")
                    .fetch_one(&mut *writer)
                    .await?;
                let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
                    .fetch_one(&mut *writer)
                    .await?;
                // The freed pages are zeroed already; a quarter of the file free is worth giving
                // back to the disk (VACUUM rewrites the file, holding the writer meanwhile).
                let vacuumed = free * 4 > pages;
                if vacuumed {
                    sqlx::query("VACUUM").execute(&mut *writer).await?;
                }
                let (busy, log, copied): (i64, i64, i64) =
                    sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                        .fetch_one(&mut *writer)
                        .await?;
                let checkpoint = if busy == 0 {
                    "write-ahead log checkpointed and truncated".to_string()
                } else {
                    format!("checkpoint incomplete (a reader was busy): {copied} of {log} pages")
                };
                Ok(if vacuumed {
                    format!("{checkpoint}; vacuumed ({free} of {pages} pages were free)")
                } else {
                    format!("{checkpoint}; {free} of {pages} pages free, zeroed")
                })
            }
            Dialect::Postgres => {
                sqlx::raw_sql(
                    "VACUUM (ANALYZE) applications, application_events, applicant_tags, \
                     mail_outbox, retention_holds, assignments, assignment_events, \
                     assignment_terms, needs, sessions",
                )
                .execute(&self.pool)
                .await?;
                Ok("tables vacuumed".to_string())
            }
        }
    }
}

/// The table and condition of a counted category's old records (`$1`: the instant before which
/// they are due); `None` for the categories removed one record at a time.
fn old_condition(category: Category) -> Option<&'static str> {
    match category {
        Category::Sessions => Some(
            "sessions WHERE (revoked = TRUE OR ended_at IS NOT NULL)
               AND COALESCE(ended_at, last_seen_at) < $1",
        ),
        Category::SignInThrottles => Some("rate_events WHERE at < $1"),
        Category::SentMails => Some(
            "mail_outbox WHERE status IN ('sent', 'failed')
               AND COALESCE(sent_at, next_attempt_at) < $1",
        ),
        Category::AccessLog => Some("access_log WHERE at < $1"),
        Category::Applications | Category::ContactPersons | Category::EndedAssignments => None,
    }
}

#[cfg(feature = "test-support")]
impl Engine {
    /// Every row of every table (the search index's and the engine's own included) as text,
    /// with its table's name: what a test searches for a removed person.
    pub(crate) async fn rows_as_text(&self) -> Result<Vec<(String, String)>, sqlx::Error> {
        let tables: Vec<String> = match ENGINE {
            Dialect::Sqlite => sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
            ),
            Dialect::Postgres => sqlx::query_scalar(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
            ),
        }
        .fetch_all(&self.pool)
        .await?;
        let mut rows = Vec::new();
        for table in tables {
            let select = match ENGINE {
                Dialect::Sqlite => {
                    let columns: Vec<String> =
                        sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
                            .bind(&table)
                            .fetch_all(&self.pool)
                            .await?;
                    let quoted: Vec<String> = columns
                        .iter()
                        .map(|c| format!("coalesce(quote(\"{c}\"), '')"))
                        .collect();
                    format!("SELECT {} FROM \"{table}\"", quoted.join(" || '|' || "))
                }
                Dialect::Postgres => format!("SELECT CAST(t AS text) FROM \"{table}\" t"),
            };
            let found: Vec<String> = sqlx::query_scalar(&select).fetch_all(&self.pool).await?;
            rows.extend(found.into_iter().map(|row| (table.clone(), row)));
        }
        Ok(rows)
    }
}

#[cfg(feature = "test-support")]
impl Engine {
    /// Moves everything an applicant's record holds about time `days` back: their arrival,
    /// consent and stage change, their events, tag rows and mails.
    pub(crate) async fn age_applicant(
        &self,
        reference: &str,
        days: i64,
    ) -> Result<(), sqlx::Error> {
        let shift = |column: &str| match ENGINE {
            Dialect::Sqlite => {
                format!("{column} = strftime('%Y-%m-%dT%H:%M:%SZ', {column}, '-' || $1 || ' days')")
            }
            Dialect::Postgres => format!("{column} = {column} - make_interval(days => $1::int)"),
        };
        let of = "(SELECT id FROM applications WHERE reference = $2)";
        let statements = [
            format!(
                "UPDATE applications SET {}, {}, {} WHERE reference = $2",
                shift("received_at"),
                shift("stage_changed_at"),
                shift("consent_at")
            ),
            format!(
                "UPDATE application_events SET {} WHERE application_id = {of}",
                shift("at")
            ),
            format!(
                "UPDATE applicant_tags SET {} WHERE application_id = {of}",
                shift("received_at")
            ),
            format!(
                "UPDATE mail_outbox SET {}, {}, {} WHERE application_id = {of}",
                shift("created_at"),
                shift("next_attempt_at"),
                shift("sent_at")
            ),
        ];
        let mut tx = self.writer.begin().await?;
        for sql in statements {
            sqlx::query(&sql)
                .bind(days)
                .bind(reference)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await
    }
}
