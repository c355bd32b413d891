//! Storage for needs, assignments, plans, follow-ups and endings (part of the storage module:
//! the only SQL for these tables). Needs and plans are stored as the domain's JSON beside the
//! columns that lists use.

use chrono::{Datelike, NaiveDate, Utc};
use kp_domain::assignment::{follow_ups_due, Ending, FollowUp, FollowUpRule, Plan};
use kp_domain::compensation::{terms_on, CompensationYear, Frequency, Level, Month, Terms};
use kp_domain::matching::Candidate;
use kp_domain::need::Need;
use kp_domain::pipeline::Event;
use kp_domain::placement::{
    AssignmentDetail, AssignmentRow, FollowUpEntry, HistoryEntry, NeedDetail, NeedRow, NeedStatus,
    NewAssignment,
};

use super::{stamp, Store};

/// How long the same need sent again by the same caseworker counts as a retry, not a new need.
pub const RESEND_WINDOW_MINUTES: i64 = 10;

/// What the payment basis needs to know about one assignment active in a month.
#[derive(Debug, Clone)]
pub struct PaymentInput {
    /// Assignment id.
    pub id: i64,
    /// The contact person's reference.
    pub reference: String,
    /// The contact person's name.
    pub name: String,
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

#[derive(sqlx::FromRow)]
struct StateRecord {
    need_id: i64,
    assignment_type: String,
    start_date: String,
    end_date: Option<String>,
    plan: Option<String>,
    frequency: String,
    special_arvode: Option<i64>,
    special_omkostnad: Option<i64>,
}

/// The terms an assignment started with, from its row.
fn first_terms(
    start: NaiveDate,
    frequency: &str,
    arvode: Option<i64>,
    omkostnad: Option<i64>,
) -> Option<Terms> {
    Some(Terms {
        from: start,
        frequency: Frequency::from_code(frequency)?,
        special: arvode.zip(omkostnad),
    })
}

#[derive(sqlx::FromRow)]
struct TermsRecord {
    assignment_id: i64,
    from_date: String,
    frequency: String,
    special_arvode: Option<i64>,
    special_omkostnad: Option<i64>,
}

impl TermsRecord {
    fn terms(&self) -> Option<(i64, Terms)> {
        Some((
            self.assignment_id,
            first_terms(
                date(&self.from_date)?,
                &self.frequency,
                self.special_arvode,
                self.special_omkostnad,
            )?,
        ))
    }
}

/// The columns of a terms change ([`TermsRecord`]); callers add the condition.
const TERMS_SELECT: &str =
    "SELECT assignment_id, from_date, frequency, special_arvode, special_omkostnad
     FROM assignment_terms";

/// Why an assignment could not be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignRefusal {
    /// The need is matched or closed already (someone else was quicker).
    NeedNotOpen,
}

fn list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The follow-up dates for an assignment by its plan's rule: from the start until its end, or a
/// year ahead of today.
pub fn schedule_for(
    rule: FollowUpRule,
    start: NaiveDate,
    end: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<NaiveDate> {
    let until = end.unwrap_or_else(|| today + chrono::Duration::days(366));
    rule.schedule(start, until)
}

fn next_follow_up(
    rule: FollowUpRule,
    start: NaiveDate,
    end: Option<NaiveDate>,
    held: &[NaiveDate],
    today: NaiveDate,
) -> Option<NaiveDate> {
    if end.is_some() {
        return None;
    }
    follow_ups_due(&schedule_for(rule, start, end, today), held, today, 3660)
        .first()
        .copied()
}

#[derive(sqlx::FromRow)]
struct NeedRecord {
    id: i64,
    reference: String,
    status: String,
    payload: String,
    created_at: String,
}

impl NeedRecord {
    fn row(&self, need: &Need, today: NaiveDate) -> NeedRow {
        NeedRow {
            reference: self.reference.clone(),
            case_reference: need.case_reference.clone(),
            assignment_type: need.assignment_type.clone(),
            age_group: need.age_group(today).to_string(),
            languages: need.languages.clone(),
            area: need.area.clone(),
            status: NeedStatus::from_code(&self.status).unwrap_or(NeedStatus::Open),
            created_at: self.created_at.clone(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct AssignmentRecord {
    id: i64,
    need_reference: String,
    need_payload: String,
    person_reference: String,
    first_name: String,
    last_name: String,
    assignment_type: String,
    frequency: String,
    start_date: String,
    end_date: Option<String>,
    match_reason: String,
    special_arvode: Option<i64>,
    special_omkostnad: Option<i64>,
    plan: Option<String>,
    ending: Option<String>,
}

const ASSIGNMENT_SELECT: &str = "SELECT s.id, n.reference AS need_reference,
        n.payload AS need_payload, a.reference AS person_reference, a.first_name, a.last_name,
        n.assignment_type, s.frequency, s.start_date, s.end_date, s.match_reason,
        s.special_arvode, s.special_omkostnad, s.plan, s.ending
     FROM assignments s JOIN needs n ON n.id = s.need_id JOIN applications a ON a.id = s.application_id";

impl AssignmentRecord {
    fn plan(&self) -> Option<Plan> {
        self.plan
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
    }

    /// Every terms: the first from the row, then `changes` (this assignment's, any order).
    fn terms(&self, changes: &[(i64, Terms)]) -> Option<Vec<Terms>> {
        let mut terms = vec![first_terms(
            date(&self.start_date)?,
            &self.frequency,
            self.special_arvode,
            self.special_omkostnad,
        )?];
        terms.extend(
            changes
                .iter()
                .filter(|(id, _)| *id == self.id)
                .map(|(_, t)| *t),
        );
        terms.sort_by_key(|t| t.from);
        Some(terms)
    }

    fn row(&self, held: &[NaiveDate], terms: &[Terms], today: NaiveDate) -> Option<AssignmentRow> {
        let start = date(&self.start_date)?;
        let end = self.end_date.as_deref().and_then(date);
        let rule = self.plan().map(|p| p.follow_up_rule).unwrap_or_default();
        Some(AssignmentRow {
            id: self.id,
            need_reference: self.need_reference.clone(),
            contact_person_reference: self.person_reference.clone(),
            contact_person_name: format!("{} {}", self.first_name, self.last_name),
            assignment_type: self.assignment_type.clone(),
            frequency: terms_on(terms, today)?.frequency,
            start_date: start,
            end_date: end,
            next_follow_up: next_follow_up(rule, start, end, held, today),
        })
    }
}

impl Store {
    async fn add_history(
        conn: &mut sqlx::SqliteConnection,
        need_id: i64,
        assignment_id: Option<i64>,
        user_id: i64,
        kind: &str,
        summary: &str,
        payload: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO assignment_events (need_id, assignment_id, at, user_id, kind, summary, payload)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(need_id)
        .bind(assignment_id)
        .bind(stamp(Utc::now()))
        .bind(user_id)
        .bind(kind)
        .bind(summary)
        .bind(payload)
        .execute(conn)
        .await
        .map(|_| ())
    }

    /// Registers a need; answers its reference (`B-2026-0001`) and whether it is new. The same
    /// need sent again by the same caseworker within [`RESEND_WINDOW_MINUTES`] (a retry after a
    /// lost answer) answers the need already registered instead of a second one.
    pub async fn create_need(
        &self,
        need: &Need,
        user_id: i64,
    ) -> Result<(String, bool), sqlx::Error> {
        let now = Utc::now();
        let year = kp_domain::time::today_in_sweden(now).year();
        let payload = serde_json::to_string(need).unwrap_or_default();
        let mut tx = self.writer.begin().await?;
        let earlier: Option<String> = sqlx::query_scalar(
            "SELECT reference FROM needs WHERE created_by = ? AND payload = ? AND created_at >= ?
             ORDER BY id DESC LIMIT 1",
        )
        .bind(user_id)
        .bind(&payload)
        .bind(stamp(
            now - chrono::Duration::minutes(RESEND_WINDOW_MINUTES),
        ))
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(reference) = earlier {
            return Ok((reference, false));
        }
        let number: i64 = sqlx::query_scalar(
            "INSERT INTO need_counters (year, last) VALUES (?, 1)
             ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
        )
        .bind(year)
        .fetch_one(&mut *tx)
        .await?;
        let reference = format!("B-{year}-{number:04}");
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO needs (reference, case_reference, assignment_type, payload, created_at, created_by)
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&reference)
        .bind(&need.case_reference)
        .bind(&need.assignment_type)
        .bind(&payload)
        .bind(stamp(now))
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
        Self::add_history(
            &mut tx,
            id,
            None,
            user_id,
            "need_registered",
            &format!("Ärende {}", need.case_reference),
            "",
        )
        .await?;
        tx.commit().await?;
        Ok((reference, true))
    }

    /// Every need, open ones first, newest first within a status.
    pub async fn needs(&self, today: NaiveDate) -> Result<Vec<NeedRow>, sqlx::Error> {
        let rows: Vec<NeedRecord> = sqlx::query_as(
            "SELECT id, reference, status, payload, created_at FROM needs
             ORDER BY CASE status WHEN 'open' THEN 0 WHEN 'matched' THEN 1 ELSE 2 END, id DESC
             LIMIT 1000",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let need: Need = serde_json::from_str(&r.payload).ok()?;
                Some(r.row(&need, today))
            })
            .collect())
    }

    async fn need_record(
        &self,
        reference: &str,
    ) -> Result<Option<(NeedRecord, Need)>, sqlx::Error> {
        let record: Option<NeedRecord> = sqlx::query_as(
            "SELECT id, reference, status, payload, created_at FROM needs WHERE reference = ?",
        )
        .bind(reference)
        .fetch_optional(&self.pool)
        .await?;
        Ok(record.and_then(|r| {
            let need = serde_json::from_str(&r.payload).ok()?;
            Some((r, need))
        }))
    }

    /// A need's id, content and status.
    pub async fn need(
        &self,
        reference: &str,
    ) -> Result<Option<(i64, Need, NeedStatus)>, sqlx::Error> {
        Ok(self.need_record(reference).await?.map(|(r, need)| {
            let status = NeedStatus::from_code(&r.status).unwrap_or(NeedStatus::Open);
            (r.id, need, status)
        }))
    }

    /// History entries where `condition` (on `e`, the events) holds for `id`, oldest first.
    async fn history(&self, condition: &str, id: i64) -> Result<Vec<HistoryEntry>, sqlx::Error> {
        let rows: Vec<(String, String, String, String, Option<i64>)> = sqlx::query_as(&format!(
            "SELECT e.at, u.display_name, e.kind, e.summary, e.assignment_id FROM assignment_events e
             JOIN users u ON u.id = e.user_id WHERE {condition} ORDER BY e.id"
        ))
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(at, by, kind, summary, assignment_id)| HistoryEntry {
                at,
                by,
                kind,
                summary,
                assignment_id,
            })
            .collect())
    }

    /// One assignment's terms changes (not its first terms).
    async fn terms_changes(&self, assignment_id: i64) -> Result<Vec<(i64, Terms)>, sqlx::Error> {
        let records: Vec<TermsRecord> =
            sqlx::query_as(&format!("{TERMS_SELECT} WHERE assignment_id = ?"))
                .bind(assignment_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(records.iter().filter_map(TermsRecord::terms).collect())
    }

    /// A need with its history and assignment.
    pub async fn need_detail(
        &self,
        reference: &str,
        today: NaiveDate,
    ) -> Result<Option<NeedDetail>, sqlx::Error> {
        let Some((record, need)) = self.need_record(reference).await? else {
            return Ok(None);
        };
        let assignment_id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM assignments WHERE need_id = ?")
                .bind(record.id)
                .fetch_optional(&self.pool)
                .await?;
        let assignment = match assignment_id {
            Some(id) => self.assignment_detail(id, today).await?.map(|d| d.row),
            None => None,
        };
        Ok(Some(NeedDetail {
            row: record.row(&need, today),
            history: self.history("e.need_id = ?", record.id).await?,
            need,
            assignment,
        }))
    }

    /// Approved contact people as matching sees them: approved types from their decision, what
    /// they wrote in the form, and how many assignments they have now. Someone whose latest
    /// ending says they do not continue has left the pool.
    pub async fn candidates(&self) -> Result<Vec<Candidate>, sqlx::Error> {
        #[allow(clippy::type_complexity)]
        let rows: Vec<(String, String, String, String, String, String, String, String, String, String, bool, bool, String, i64, Option<String>)> =
            sqlx::query_as(
                "SELECT a.reference, a.first_name, a.last_name, a.languages, a.age_groups, a.times,
                        a.town, a.interests, a.experience, a.frequency, a.driving_licence, a.has_car,
                        a.assignment_types,
                        (SELECT COUNT(*) FROM assignments s WHERE s.application_id = a.id AND s.end_date IS NULL),
                        (SELECT e.payload FROM application_events e
                          WHERE e.application_id = a.id AND e.kind = 'decision' ORDER BY e.id DESC LIMIT 1)
                 FROM applications a WHERE a.stage = 'approved'
                   -- Someone whose latest assignment ended with them leaving is not offered again.
                   AND COALESCE((SELECT json_extract(s.ending, '$.contact_person_continues')
                                 FROM assignments s WHERE s.application_id = a.id AND s.ending IS NOT NULL
                                 ORDER BY s.end_date DESC, s.id DESC LIMIT 1), 1) = 1
                 ORDER BY a.id",
            )
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .into_iter()
            .map(
                |(
                    reference,
                    first,
                    last,
                    languages,
                    ages,
                    times,
                    town,
                    interests,
                    experience,
                    frequency,
                    licence,
                    car,
                    _wanted,
                    active,
                    decision,
                )| {
                    let approved_types = decision
                        .and_then(|p| serde_json::from_str::<Event>(&p).ok())
                        .map(|e| match e {
                            Event::Decision {
                                assignment_types, ..
                            } => assignment_types,
                            _ => Vec::new(),
                        })
                        .unwrap_or_default();
                    Candidate {
                        reference,
                        name: format!("{first} {last}"),
                        assignment_types: approved_types,
                        languages: list(&languages),
                        age_groups: list(&ages),
                        times: list(&times),
                        area: town,
                        interests: format!("{interests} {experience}"),
                        driving_licence: licence,
                        has_car: car,
                        frequency: Frequency::from_code(&frequency).unwrap_or(Frequency::Weekly),
                        active_assignments: u32::try_from(active).unwrap_or(0),
                    }
                },
            )
            .collect())
    }

    /// An applicant's id and the assignment types they are approved for (`None` unless approved).
    pub async fn approved_applicant(
        &self,
        reference: &str,
    ) -> Result<Option<(i64, Vec<String>)>, sqlx::Error> {
        let row: Option<(i64, Option<String>)> = sqlx::query_as(
            "SELECT a.id, (SELECT e.payload FROM application_events e
                            WHERE e.application_id = a.id AND e.kind = 'decision' ORDER BY e.id DESC LIMIT 1)
             FROM applications a WHERE a.reference = ? AND a.stage = 'approved'",
        )
        .bind(reference)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id, decision)| {
            let types = match decision.and_then(|p| serde_json::from_str::<Event>(&p).ok()) {
                Some(Event::Decision {
                    assignment_types, ..
                }) => assignment_types,
                _ => Vec::new(),
            };
            (id, types)
        }))
    }

    /// Creates the assignment for an open need and marks the need matched, in one transaction.
    pub async fn create_assignment(
        &self,
        need_id: i64,
        application_id: i64,
        new: &NewAssignment,
        user_id: i64,
        summary: &str,
    ) -> Result<Result<i64, AssignRefusal>, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let claimed =
            sqlx::query("UPDATE needs SET status = 'matched' WHERE id = ? AND status = 'open'")
                .bind(need_id)
                .execute(&mut *tx)
                .await?;
        if claimed.rows_affected() != 1 {
            return Ok(Err(AssignRefusal::NeedNotOpen));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO assignments (need_id, application_id, frequency, start_date, match_reason,
                 special_arvode, special_omkostnad, created_at, created_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(need_id)
        .bind(application_id)
        .bind(new.frequency.code())
        .bind(new.start_date.to_string())
        .bind(new.reason.trim())
        .bind(new.special_arvode)
        .bind(new.special_omkostnad)
        .bind(stamp(Utc::now()))
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
        Self::add_history(&mut tx, need_id, Some(id), user_id, "matched", summary, "").await?;
        tx.commit().await?;
        Ok(Ok(id))
    }

    async fn held_follow_ups(&self, assignment_id: i64) -> Result<Vec<FollowUpEntry>, sqlx::Error> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT e.at, u.display_name, e.payload FROM assignment_events e
             JOIN users u ON u.id = e.user_id
             WHERE e.assignment_id = ? AND e.kind = 'follow_up' ORDER BY e.id",
        )
        .bind(assignment_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(at, by, payload)| {
                Some(FollowUpEntry {
                    at,
                    by,
                    follow_up: serde_json::from_str(&payload).ok()?,
                })
            })
            .collect())
    }

    /// Every assignment, ongoing first, by start date.
    pub async fn assignments(&self, today: NaiveDate) -> Result<Vec<AssignmentRow>, sqlx::Error> {
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
        // `? IS NULL OR …`, which would keep SQLite from using the index.
        let of_person = if only.is_some() {
            "AND assignment_id IN (SELECT id FROM assignments WHERE application_id = ?)"
        } else {
            ""
        };
        let held_sql = format!(
            "SELECT assignment_id, json_extract(payload, '$.date') FROM assignment_events
             WHERE kind = 'follow_up' AND assignment_id IS NOT NULL {of_person}"
        );
        let mut held_query = sqlx::query_as::<_, (i64, String)>(&held_sql);
        let terms_sql = format!("{TERMS_SELECT} WHERE 1 = 1 {of_person}");
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
            .filter_map(TermsRecord::terms)
            .collect();
        Ok(records
            .iter()
            .filter_map(|r| {
                let dates: Vec<NaiveDate> = held
                    .iter()
                    .filter(|(id, _)| *id == r.id)
                    .filter_map(|(_, d)| date(d))
                    .collect();
                r.row(&dates, &r.terms(&changes)?, today)
            })
            .collect())
    }

    /// A contact person's assignments (ongoing first) and what happened in them, oldest first:
    /// for the applicant's page.
    pub async fn assignments_of(
        &self,
        application_id: i64,
        today: NaiveDate,
    ) -> Result<(Vec<AssignmentRow>, Vec<HistoryEntry>), sqlx::Error> {
        let records: Vec<AssignmentRecord> = sqlx::query_as(&format!(
            "{ASSIGNMENT_SELECT} WHERE s.application_id = ?
             ORDER BY s.end_date IS NOT NULL, s.start_date DESC, s.id DESC"
        ))
        .bind(application_id)
        .fetch_all(&self.pool)
        .await?;
        let rows = self.rows(&records, Some(application_id), today).await?;
        let history = self
            .history(
                "e.assignment_id IN (SELECT id FROM assignments WHERE application_id = ?)",
                application_id,
            )
            .await?;
        Ok((rows, history))
    }

    /// One assignment with its plan, schedule, follow-ups, ending and history.
    pub async fn assignment_detail(
        &self,
        id: i64,
        today: NaiveDate,
    ) -> Result<Option<AssignmentDetail>, sqlx::Error> {
        let record: Option<AssignmentRecord> =
            sqlx::query_as(&format!("{ASSIGNMENT_SELECT} WHERE s.id = ?"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        let Some(r) = record else { return Ok(None) };
        let follow_ups = self.held_follow_ups(id).await?;
        let held: Vec<NaiveDate> = follow_ups.iter().map(|f| f.follow_up.date).collect();
        let Some(terms) = r.terms(&self.terms_changes(id).await?) else {
            return Ok(None);
        };
        let Some(row) = r.row(&held, &terms, today) else {
            return Ok(None);
        };
        let Ok(need) = serde_json::from_str::<Need>(&r.need_payload) else {
            return Ok(None);
        };
        let plan = r.plan();
        let rule = plan.as_ref().map(|p| p.follow_up_rule).unwrap_or_default();
        Ok(Some(AssignmentDetail {
            schedule: schedule_for(rule, row.start_date, row.end_date, today),
            special_amounts: terms_on(&terms, today).and_then(|t| t.special),
            row,
            need,
            match_reason: r.match_reason.clone(),
            plan,
            follow_ups,
            ending: r
                .ending
                .as_deref()
                .and_then(|e| serde_json::from_str(e).ok()),
            terms,
            history: self.history("e.assignment_id = ?", id).await?,
        }))
    }

    /// What the rules need to know about an assignment.
    pub async fn assignment_state(&self, id: i64) -> Result<Option<AssignmentState>, sqlx::Error> {
        let row: Option<StateRecord> = sqlx::query_as(
            "SELECT s.need_id, n.assignment_type, s.start_date, s.end_date, s.plan, s.frequency,
                    s.special_arvode, s.special_omkostnad
             FROM assignments s JOIN needs n ON n.id = s.need_id WHERE s.id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let Some(start) = date(&r.start_date) else {
            return Ok(None);
        };
        let Some(first) = first_terms(start, &r.frequency, r.special_arvode, r.special_omkostnad)
        else {
            return Ok(None);
        };
        let mut terms = vec![first];
        terms.extend(self.terms_changes(id).await?.into_iter().map(|(_, t)| t));
        terms.sort_by_key(|t| t.from);
        Ok(Some(AssignmentState {
            need_id: r.need_id,
            assignment_type: r.assignment_type,
            start,
            ended: r.end_date.is_some(),
            plan: r.plan.as_deref().and_then(|p| serde_json::from_str(p).ok()),
            terms,
        }))
    }

    /// Writes (or rewrites) the plan of an ongoing assignment; false if it has ended meanwhile.
    pub async fn set_plan(
        &self,
        id: i64,
        need_id: i64,
        plan: &Plan,
        user_id: i64,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query("UPDATE assignments SET plan = ? WHERE id = ? AND end_date IS NULL")
            .bind(serde_json::to_string(plan).unwrap_or_default())
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
        Self::add_history(
            &mut tx,
            need_id,
            Some(id),
            user_id,
            "plan_written",
            &summary,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Records a follow-up (once, however often the same one is sent).
    pub async fn add_follow_up(
        &self,
        id: i64,
        need_id: i64,
        follow_up: &FollowUp,
        user_id: i64,
    ) -> Result<(), sqlx::Error> {
        let payload = serde_json::to_string(follow_up).unwrap_or_default();
        let mut tx = self.writer.begin().await?;
        // The same follow-up sent again (a retry after a lost answer) is recorded once.
        let already: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM assignment_events
             WHERE assignment_id = ? AND kind = 'follow_up' AND payload = ? LIMIT 1",
        )
        .bind(id)
        .bind(&payload)
        .fetch_optional(&mut *tx)
        .await?;
        if already.is_some() {
            return Ok(());
        }
        Self::add_history(
            &mut tx,
            need_id,
            Some(id),
            user_id,
            "follow_up",
            &format!("Uppföljning {}", follow_up.date),
            &payload,
        )
        .await?;
        tx.commit().await
    }

    /// Adds a change of terms to an ongoing assignment; false if it has ended meanwhile or a
    /// change from the same day or later was added meanwhile (the check ran on older terms).
    pub async fn change_terms(
        &self,
        id: i64,
        need_id: i64,
        terms: &Terms,
        reason: &str,
        user_id: i64,
        summary: &str,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let (arvode, omkostnad) = terms.special.unzip();
        let from = terms.from.to_string();
        let done = sqlx::query(
            "INSERT INTO assignment_terms (assignment_id, from_date, frequency, special_arvode,
                 special_omkostnad, reason, created_at, created_by)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
             WHERE EXISTS (SELECT 1 FROM assignments WHERE id = ?1 AND end_date IS NULL)
               AND NOT EXISTS (SELECT 1 FROM assignment_terms WHERE assignment_id = ?1 AND from_date >= ?2)",
        )
        .bind(id)
        .bind(&from)
        .bind(terms.frequency.code())
        .bind(arvode)
        .bind(omkostnad)
        .bind(reason.trim())
        .bind(stamp(Utc::now()))
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        Self::add_history(
            &mut tx,
            need_id,
            Some(id),
            user_id,
            "terms_changed",
            summary,
            &serde_json::to_string(terms).unwrap_or_default(),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Ends an ongoing assignment and closes its need; false if it had ended already.
    pub async fn end_assignment(
        &self,
        id: i64,
        need_id: i64,
        ending: &Ending,
        user_id: i64,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query(
            "UPDATE assignments SET end_date = ?, ending = ? WHERE id = ? AND end_date IS NULL",
        )
        .bind(ending.date.to_string())
        .bind(serde_json::to_string(ending).unwrap_or_default())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query("UPDATE needs SET status = 'closed' WHERE id = ?")
            .bind(need_id)
            .execute(&mut *tx)
            .await?;
        let summary = format!("Avslutat {}: {}", ending.date, ending.reason.trim());
        Self::add_history(&mut tx, need_id, Some(id), user_id, "ended", &summary, "").await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The assignments that touch `month`, with what the payment basis needs.
    pub async fn payment_inputs(&self, month: Month) -> Result<Vec<PaymentInput>, sqlx::Error> {
        let records: Vec<AssignmentRecord> = sqlx::query_as(&format!(
            "{ASSIGNMENT_SELECT} WHERE s.start_date <= ? AND (s.end_date IS NULL OR s.end_date >= ?)
             ORDER BY a.reference, s.id"
        ))
        .bind(month.last_day().to_string())
        .bind(month.first_day().to_string())
        .fetch_all(&self.pool)
        .await?;
        let changes: Vec<(i64, Terms)> = {
            let found: Vec<TermsRecord> = sqlx::query_as(&format!(
                "{TERMS_SELECT} WHERE from_date <= ? AND assignment_id IN
                     (SELECT id FROM assignments WHERE start_date <= ? AND (end_date IS NULL OR end_date >= ?))"
            ))
            .bind(month.last_day().to_string())
            .bind(month.last_day().to_string())
            .bind(month.first_day().to_string())
            .fetch_all(&self.pool)
            .await?;
            found.iter().filter_map(TermsRecord::terms).collect()
        };
        Ok(records
            .iter()
            .filter_map(|r| {
                Some(PaymentInput {
                    id: r.id,
                    reference: r.person_reference.clone(),
                    name: format!("{} {}", r.first_name, r.last_name),
                    assignment_type: r.assignment_type.clone(),
                    start: date(&r.start_date)?,
                    end: r.end_date.as_deref().and_then(date),
                    terms: r.terms(&changes)?,
                })
            })
            .collect())
    }

    /// The prisbasbelopp of a year.
    pub async fn price_base(&self, year: i32) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT kronor FROM price_base_amounts WHERE year = ?")
            .bind(year)
            .fetch_optional(&self.pool)
            .await
    }

    /// Records a year's prisbasbelopp (set each year by förordning), with its source.
    pub async fn set_price_base(
        &self,
        year: i32,
        kronor: i64,
        source: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO price_base_amounts (year, kronor, source) VALUES (?, ?, ?)
             ON CONFLICT (year) DO UPDATE SET kronor = excluded.kronor, source = excluded.source",
        )
        .bind(year)
        .bind(kronor)
        .bind(source)
        .execute(&self.writer)
        .await
        .map(|_| ())
    }

    /// Every year's prisbasbelopp and levels, newest first.
    pub async fn compensation_years(&self) -> Result<Vec<CompensationYear>, sqlx::Error> {
        let bases: Vec<(i32, i64, String)> = sqlx::query_as(
            "SELECT year, kronor, source FROM price_base_amounts ORDER BY year DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        let levels: Vec<(i32, String, String, i64, String, i64)> = sqlx::query_as(
            "SELECT year, frequency, arvode_kind, arvode_value, omkostnad_kind, omkostnad_value
             FROM compensation_levels ORDER BY year, frequency",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(bases
            .into_iter()
            .map(|(year, kronor, source)| {
                let mut levels: Vec<Level> = levels
                    .iter()
                    .filter(|l| l.0 == year)
                    .filter_map(|(_, frequency, ak, av, ok, ov)| {
                        Some(Level {
                            frequency: Frequency::from_code(frequency)?,
                            arvode: super::rate(ak, *av)?,
                            omkostnad: super::rate(ok, *ov)?,
                        })
                    })
                    .collect();
                levels.sort_by_key(|l| l.frequency);
                CompensationYear {
                    year,
                    price_base_kronor: kronor,
                    price_base_source: source,
                    levels,
                }
            })
            .collect())
    }

    /// Replaces a year's prisbasbelopp and levels in one transaction.
    pub async fn set_compensation_year(&self, data: &CompensationYear) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO price_base_amounts (year, kronor, source) VALUES (?, ?, ?)
             ON CONFLICT (year) DO UPDATE SET kronor = excluded.kronor, source = excluded.source",
        )
        .bind(data.year)
        .bind(data.price_base_kronor)
        .bind(data.price_base_source.trim())
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM compensation_levels WHERE year = ?")
            .bind(data.year)
            .execute(&mut *tx)
            .await?;
        for level in &data.levels {
            let (ak, av) = super::rate_columns(level.arvode);
            let (ok, ov) = super::rate_columns(level.omkostnad);
            sqlx::query(
                "INSERT INTO compensation_levels
                     (year, frequency, arvode_kind, arvode_value, omkostnad_kind, omkostnad_value)
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(data.year)
            .bind(level.frequency.code())
            .bind(ak)
            .bind(av)
            .bind(ok)
            .bind(ov)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await
    }

    /// The levels in force in `year` (those of the latest year up to it that has levels).
    pub async fn levels_in_force(&self, year: i32) -> Result<Vec<Level>, sqlx::Error> {
        let rows: Vec<(String, String, i64, String, i64)> = sqlx::query_as(
            "SELECT frequency, arvode_kind, arvode_value, omkostnad_kind, omkostnad_value
             FROM compensation_levels
             WHERE year = (SELECT MAX(year) FROM compensation_levels WHERE year <= ?)",
        )
        .bind(year)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(frequency, ak, av, ok, ov)| {
                Some(Level {
                    frequency: Frequency::from_code(&frequency)?,
                    arvode: super::rate(&ak, av)?,
                    omkostnad: super::rate(&ok, ov)?,
                })
            })
            .collect())
    }
}
