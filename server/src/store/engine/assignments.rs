//! Assignments (`assignments`, `assignment_terms`): who answers which need, from when, on which
//! terms; their plans, follow-ups and endings, and what the payment basis reads. The history is
//! written through `needs::add_history` in the same transaction as each change.

use chrono::{NaiveDate, Utc};
use kp_domain::assignment::{assignment_schedule, next_follow_up, Ending, FollowUp, Plan};
use kp_domain::compensation::{terms_on, Frequency, Month, Terms};
use kp_domain::need::Need;
use kp_domain::placement::{AssignmentDetail, AssignmentRow, FollowUpEntry, HistoryEntry};
use sqlx::types::Json;

use super::access_log::append_log;
use super::at;
use super::core::{json_date, Engine};
use super::needs::add_history;
use crate::store::{stamp, AssignmentState, LogEntry, PaymentInput};

#[derive(sqlx::FromRow)]
struct TermsRecord {
    assignment_id: i64,
    from_date: NaiveDate,
    #[sqlx(try_from = "String")]
    frequency: Frequency,
    special_arvode: Option<i64>,
    special_omkostnad: Option<i64>,
}

impl TermsRecord {
    fn terms(&self) -> (i64, Terms) {
        (
            self.assignment_id,
            Terms {
                from: self.from_date,
                frequency: self.frequency,
                special: self.special_arvode.zip(self.special_omkostnad),
            },
        )
    }
}

/// The columns of a terms change ([`TermsRecord`]); callers add the condition.
const TERMS_SELECT: &str =
    "SELECT assignment_id, from_date, frequency, special_arvode, special_omkostnad
     FROM assignment_terms";

#[derive(sqlx::FromRow)]
struct AssignmentRecord {
    id: i64,
    need_id: i64,
    need_reference: String,
    need_payload: Json<Need>,
    person_reference: String,
    person_personnummer: String,
    first_name: String,
    last_name: String,
    assignment_type: String,
    #[sqlx(try_from = "String")]
    frequency: Frequency,
    start_date: NaiveDate,
    end_date: Option<NaiveDate>,
    match_reason: String,
    special_arvode: Option<i64>,
    special_omkostnad: Option<i64>,
    plan: Option<Json<Plan>>,
    ending: Option<Json<Ending>>,
}

const ASSIGNMENT_SELECT: &str = "SELECT s.id, s.need_id, n.reference AS need_reference,
        n.payload AS need_payload, a.reference AS person_reference,
        a.personnummer AS person_personnummer, a.first_name, a.last_name,
        n.assignment_type, s.frequency, s.start_date, s.end_date, s.match_reason,
        s.special_arvode, s.special_omkostnad, s.plan, s.ending
     FROM assignments s JOIN needs n ON n.id = s.need_id JOIN applications a ON a.id = s.application_id";

impl AssignmentRecord {
    fn plan(&self) -> Option<Plan> {
        self.plan.as_ref().map(|p| p.0.clone())
    }

    /// The terms it started with, from its own row.
    fn first_terms(&self) -> Terms {
        Terms {
            from: self.start_date,
            frequency: self.frequency,
            special: self.special_arvode.zip(self.special_omkostnad),
        }
    }

    /// Every terms: the first from the row, then `changes` (this assignment's, any order).
    fn terms(&self, changes: &[(i64, Terms)]) -> Vec<Terms> {
        let mut terms = vec![self.first_terms()];
        terms.extend(
            changes
                .iter()
                .filter(|(id, _)| *id == self.id)
                .map(|(_, t)| *t),
        );
        terms.sort_by_key(|t| t.from);
        terms
    }

    fn row(&self, held: &[NaiveDate], terms: &[Terms], today: NaiveDate) -> AssignmentRow {
        let first = self.first_terms();
        let rule = self.plan().map(|p| p.follow_up_rule).unwrap_or_default();
        AssignmentRow {
            id: self.id,
            need_reference: self.need_reference.clone(),
            contact_person_reference: self.person_reference.clone(),
            contact_person_name: format!("{} {}", self.first_name, self.last_name),
            assignment_type: self.assignment_type.clone(),
            frequency: terms_on(terms, today).unwrap_or(&first).frequency,
            start_date: self.start_date,
            end_date: self.end_date,
            next_follow_up: next_follow_up(rule, self.start_date, self.end_date, held, today),
        }
    }
}

#[derive(sqlx::FromRow)]
struct FollowUpRow {
    at: chrono::DateTime<Utc>,
    display_name: String,
    payload: Json<FollowUp>,
}

impl Engine {
    async fn held_follow_ups(&self, assignment_id: i64) -> Result<Vec<FollowUpEntry>, sqlx::Error> {
        let rows: Vec<FollowUpRow> = sqlx::query_as(
            "SELECT e.at, u.display_name, e.payload FROM assignment_events e
             JOIN users u ON u.id = e.user_id
             WHERE e.assignment_id = $1 AND e.kind = 'follow_up' ORDER BY e.id",
        )
        .bind(assignment_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| FollowUpEntry {
                at: stamp(r.at),
                by: r.display_name,
                follow_up: r.payload.0,
            })
            .collect())
    }

    /// Every assignment, ongoing first, by start date.
    pub(crate) async fn assignments(
        &self,
        today: NaiveDate,
    ) -> Result<Vec<AssignmentRow>, sqlx::Error> {
        let records: Vec<AssignmentRecord> = sqlx::query_as(&format!(
            "{ASSIGNMENT_SELECT} ORDER BY s.end_date IS NOT NULL, s.start_date DESC, s.id DESC LIMIT 1000"
        ))
        .fetch_all(&self.pool)
        .await?;
        self.rows(&records, None, today).await
    }

    /// List rows for `records`; `only` narrows the follow-ups and terms read to one contact
    /// person's (an application id).
    async fn rows(
        &self,
        records: &[AssignmentRecord],
        only: Option<i64>,
        today: NaiveDate,
    ) -> Result<Vec<AssignmentRow>, sqlx::Error> {
        // One contact person's, or everyone's: the condition is left out rather than made
        // `$1 IS NULL OR …`, which would keep SQLite from using the index.
        let of_person = if only.is_some() {
            "AND assignment_id IN (SELECT id FROM assignments WHERE application_id = $1)"
        } else {
            ""
        };
        let held_sql = format!(
            "SELECT assignment_id, {} FROM assignment_events
             WHERE kind = 'follow_up' AND assignment_id IS NOT NULL {of_person}",
            json_date("payload", "date")
        );
        let mut held_query = sqlx::query_as::<_, (i64, NaiveDate)>(&held_sql);
        let terms_sql = format!("{TERMS_SELECT} WHERE TRUE {of_person}");
        let mut terms_query = sqlx::query_as::<_, TermsRecord>(&terms_sql);
        if let Some(id) = only {
            held_query = held_query.bind(id);
            terms_query = terms_query.bind(id);
        }
        let held = held_query.fetch_all(&self.pool).await?;
        let changes: Vec<(i64, Terms)> = terms_query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(TermsRecord::terms)
            .collect();
        Ok(records
            .iter()
            .map(|r| {
                let dates: Vec<NaiveDate> = held
                    .iter()
                    .filter(|(id, _)| *id == r.id)
                    .map(|(_, d)| *d)
                    .collect();
                r.row(&dates, &r.terms(&changes), today)
            })
            .collect())
    }

    /// A contact person's assignments (ongoing first) and what happened in them, oldest first:
    /// for the applicant's page.
    pub(crate) async fn assignments_of(
        &self,
        application_id: i64,
        today: NaiveDate,
    ) -> Result<(Vec<AssignmentRow>, Vec<HistoryEntry>), sqlx::Error> {
        let records: Vec<AssignmentRecord> = sqlx::query_as(&format!(
            "{ASSIGNMENT_SELECT} WHERE s.application_id = $1
             ORDER BY s.end_date IS NOT NULL, s.start_date DESC, s.id DESC"
        ))
        .bind(application_id)
        .fetch_all(&self.pool)
        .await?;
        let rows = self.rows(&records, Some(application_id), today).await?;
        let history = self
            .history(
                "e.assignment_id IN (SELECT id FROM assignments WHERE application_id = $1)",
                application_id,
            )
            .await?;
        Ok((rows, history))
    }

    /// A contact person's own assignments, over all their applications (by personnummer),
    /// ongoing first: for their own area.
    pub(crate) async fn assignments_of_person(
        &self,
        personnummer: &str,
        today: NaiveDate,
    ) -> Result<Vec<AssignmentRow>, sqlx::Error> {
        let applications: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM applications WHERE personnummer = $1")
                .bind(personnummer)
                .fetch_all(&self.pool)
                .await?;
        let mut rows = Vec::new();
        for id in applications {
            let records: Vec<AssignmentRecord> =
                sqlx::query_as(&format!("{ASSIGNMENT_SELECT} WHERE s.application_id = $1"))
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await?;
            rows.extend(self.rows(&records, Some(id), today).await?);
        }
        rows.sort_by(|a, b| {
            (
                a.end_date.is_some(),
                std::cmp::Reverse(a.start_date),
                std::cmp::Reverse(a.id),
            )
                .cmp(&(
                    b.end_date.is_some(),
                    std::cmp::Reverse(b.start_date),
                    std::cmp::Reverse(b.id),
                ))
        });
        Ok(rows)
    }

    async fn assignment_record(&self, id: i64) -> Result<Option<AssignmentRecord>, sqlx::Error> {
        sqlx::query_as(&format!("{ASSIGNMENT_SELECT} WHERE s.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
    }

    /// One assignment's terms changes (not its first terms).
    async fn terms_changes(&self, assignment_id: i64) -> Result<Vec<(i64, Terms)>, sqlx::Error> {
        let records: Vec<TermsRecord> =
            sqlx::query_as(&format!("{TERMS_SELECT} WHERE assignment_id = $1"))
                .bind(assignment_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(records.iter().map(TermsRecord::terms).collect())
    }

    /// One assignment with its plan, schedule, follow-ups, ending and history.
    pub(crate) async fn assignment_detail(
        &self,
        id: i64,
        today: NaiveDate,
    ) -> Result<Option<AssignmentDetail>, sqlx::Error> {
        let Some(r) = self.assignment_record(id).await? else {
            return Ok(None);
        };
        let follow_ups = self.held_follow_ups(id).await?;
        let held: Vec<NaiveDate> = follow_ups.iter().map(|f| f.follow_up.date).collect();
        let terms = r.terms(&self.terms_changes(id).await?);
        let row = r.row(&held, &terms, today);
        let plan = r.plan();
        let rule = plan.as_ref().map(|p| p.follow_up_rule).unwrap_or_default();
        Ok(Some(AssignmentDetail {
            schedule: assignment_schedule(rule, row.start_date, row.end_date, today),
            special_amounts: terms_on(&terms, today).and_then(|t| t.special),
            row,
            need: r.need_payload.0.clone(),
            match_reason: r.match_reason.clone(),
            plan,
            follow_ups,
            ending: r.ending.as_ref().map(|e| e.0.clone()),
            terms,
            history: self.history("e.assignment_id = $1", id).await?,
        }))
    }

    /// What the rules need to know about an assignment.
    pub(crate) async fn assignment_state(
        &self,
        id: i64,
    ) -> Result<Option<AssignmentState>, sqlx::Error> {
        let Some(r) = self.assignment_record(id).await? else {
            return Ok(None);
        };
        Ok(Some(AssignmentState {
            need_id: r.need_id,
            assignment_type: r.assignment_type.clone(),
            start: r.start_date,
            ended: r.end_date.is_some(),
            plan: r.plan(),
            terms: r.terms(&self.terms_changes(id).await?),
        }))
    }

    /// Writes (or rewrites) the plan of an ongoing assignment, logged in the same transaction;
    /// false if it has ended meanwhile.
    pub(crate) async fn set_plan(
        &self,
        id: i64,
        need_id: i64,
        plan: &Plan,
        user_id: i64,
        log: &LogEntry<'_>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let done =
            sqlx::query("UPDATE assignments SET plan = $1 WHERE id = $2 AND end_date IS NULL")
                .bind(Json(plan))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        let rule = plan.follow_up_rule;
        let summary = format!(
            "{} mål; uppföljning efter {} månader, sedan var {}:e månad",
            plan.goals.len(),
            rule.first_after_months,
            rule.every_months
        );
        add_history(
            &mut tx,
            need_id,
            Some(id),
            user_id,
            "plan_written",
            &summary,
            serde_json::Value::Null,
        )
        .await?;
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Records a follow-up (once, however often the same one is sent), logged in the same
    /// transaction (each time it is sent).
    pub(crate) async fn add_follow_up(
        &self,
        id: i64,
        need_id: i64,
        follow_up: &FollowUp,
        user_id: i64,
        log: &LogEntry<'_>,
    ) -> Result<(), sqlx::Error> {
        let payload =
            serde_json::to_value(follow_up).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        let mut tx = self.writer.begin().await?;
        // The same follow-up sent again (a retry after a lost answer) is recorded once.
        let already: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM assignment_events
             WHERE assignment_id = $1 AND kind = 'follow_up' AND payload = $2 LIMIT 1",
        )
        .bind(id)
        .bind(Json(&payload))
        .fetch_optional(&mut *tx)
        .await?;
        if already.is_none() {
            add_history(
                &mut tx,
                need_id,
                Some(id),
                user_id,
                "follow_up",
                &format!("Uppföljning {}", follow_up.date),
                payload,
            )
            .await?;
        }
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await
    }

    /// Adds a change of terms to an ongoing assignment; false if it has ended meanwhile or a
    /// change from the same day or later was added meanwhile (the check ran on older terms).
    /// (The terms, their reason, the history's line and the log entry are one change.)
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn change_terms(
        &self,
        id: i64,
        need_id: i64,
        terms: &Terms,
        reason: &str,
        user_id: i64,
        summary: &str,
        log: &LogEntry<'_>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let (arvode, omkostnad) = terms.special.unzip();
        let done = sqlx::query(
            "INSERT INTO assignment_terms (assignment_id, from_date, frequency, special_arvode,
                 special_omkostnad, reason, created_at, created_by)
             SELECT $1, $2, $3, $4, $5, $6, $7, $8
             WHERE EXISTS (SELECT 1 FROM assignments WHERE id = $1 AND end_date IS NULL)
               AND NOT EXISTS (SELECT 1 FROM assignment_terms WHERE assignment_id = $1 AND from_date >= $2)",
        )
        .bind(id)
        .bind(terms.from)
        .bind(terms.frequency.code())
        .bind(arvode)
        .bind(omkostnad)
        .bind(reason.trim())
        .bind(at(Utc::now()))
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        let payload = serde_json::to_value(terms).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        add_history(
            &mut tx,
            need_id,
            Some(id),
            user_id,
            "terms_changed",
            summary,
            payload,
        )
        .await?;
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Ends an ongoing assignment and closes its need, logged in the same transaction; false if
    /// it had ended already.
    pub(crate) async fn end_assignment(
        &self,
        id: i64,
        need_id: i64,
        ending: &Ending,
        user_id: i64,
        log: &LogEntry<'_>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query(
            "UPDATE assignments SET end_date = $1, ending = $2 WHERE id = $3 AND end_date IS NULL",
        )
        .bind(ending.date)
        .bind(Json(ending))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query("UPDATE needs SET status = 'closed' WHERE id = $1")
            .bind(need_id)
            .execute(&mut *tx)
            .await?;
        let summary = format!("Avslutat {}: {}", ending.date, ending.reason.trim());
        add_history(
            &mut tx,
            need_id,
            Some(id),
            user_id,
            "ended",
            &summary,
            serde_json::Value::Null,
        )
        .await?;
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The assignments that touch `month`, with what the payment basis needs.
    pub(crate) async fn payment_inputs(
        &self,
        month: Month,
    ) -> Result<Vec<PaymentInput>, sqlx::Error> {
        let records: Vec<AssignmentRecord> = sqlx::query_as(&format!(
            "{ASSIGNMENT_SELECT} WHERE s.start_date <= $1 AND (s.end_date IS NULL OR s.end_date >= $2)
             ORDER BY a.reference, s.id"
        ))
        .bind(month.last_day())
        .bind(month.first_day())
        .fetch_all(&self.pool)
        .await?;
        let found: Vec<TermsRecord> = sqlx::query_as(&format!(
            "{TERMS_SELECT} WHERE from_date <= $1 AND assignment_id IN
                 (SELECT id FROM assignments WHERE start_date <= $1 AND (end_date IS NULL OR end_date >= $2))"
        ))
        .bind(month.last_day())
        .bind(month.first_day())
        .fetch_all(&self.pool)
        .await?;
        let changes: Vec<(i64, Terms)> = found.iter().map(TermsRecord::terms).collect();
        Ok(records
            .iter()
            .map(|r| PaymentInput {
                id: r.id,
                assignment_reference: kp_domain::placement::assignment_reference(&r.need_reference),
                reference: r.person_reference.clone(),
                personnummer: r.person_personnummer.clone(),
                name: format!("{} {}", r.first_name, r.last_name),
                assignment_type: r.assignment_type.clone(),
                start: r.start_date,
                end: r.end_date,
                terms: r.terms(&changes),
            })
            .collect())
    }
}
