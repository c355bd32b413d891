//! Needs (`needs`, `need_counters`), the history of needs and assignments
//! (`assignment_events`), and whom a need can be matched with: the approved contact people and
//! the assignment that answers a need.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use kp_domain::compensation::Frequency;
use kp_domain::district::applicant_district;
use kp_domain::matching::Candidate;
use kp_domain::need::Need;
use kp_domain::pipeline::Event;
use kp_domain::placement::{HistoryEntry, NeedDetail, NeedRow, NeedStatus, NewAssignment};
use sqlx::types::Json;

use super::access_log::{append_log, append_log_about};
use super::at;
use super::core::{json_bool, Conn, Engine};
use crate::store::{stamp, AssignRefusal, LogEntry, RESEND_WINDOW_MINUTES};

#[derive(sqlx::FromRow)]
struct NeedRecord {
    id: i64,
    reference: String,
    #[sqlx(try_from = "String")]
    status: NeedStatus,
    payload: Json<Need>,
    created_at: DateTime<Utc>,
}

impl NeedRecord {
    fn row(&self, today: NaiveDate) -> NeedRow {
        let need = &self.payload.0;
        NeedRow {
            reference: self.reference.clone(),
            case_reference: need.case_reference.clone(),
            assignment_type: need.assignment_type.clone(),
            age_group: need.age_group(today).to_string(),
            languages: need.languages.clone(),
            area: need.area.clone(),
            status: self.status,
            created_at: stamp(self.created_at),
        }
    }
}

#[derive(sqlx::FromRow)]
struct HistoryRow {
    at: DateTime<Utc>,
    display_name: String,
    kind: String,
    summary: String,
    assignment_id: Option<i64>,
    need_reference: String,
}

#[derive(sqlx::FromRow)]
struct CandidateRow {
    reference: String,
    first_name: String,
    last_name: String,
    languages: Json<Vec<String>>,
    age_groups: Json<Vec<String>>,
    times: Json<Vec<String>>,
    town: String,
    postcode: String,
    district_id: Option<i64>,
    interests: String,
    experience: String,
    #[sqlx(try_from = "String")]
    frequency: Frequency,
    driving_licence: bool,
    has_car: bool,
    active: i64,
    decision: Option<Json<Event>>,
}

/// The assignment types the latest decision approved (none without an approving decision).
fn approved_types(decision: Option<Json<Event>>) -> Vec<String> {
    decision.map_or_else(Vec::new, |d| d.0.approved_types().to_vec())
}

/// The latest decision's payload for applicant `a`.
const LATEST_DECISION: &str = "(SELECT e.payload FROM application_events e
    WHERE e.application_id = a.id AND e.kind = 'decision' ORDER BY e.id DESC LIMIT 1)";

/// Writes one history entry inside the caller's transaction. `payload` is the event's JSON
/// (`null` for an entry that has none).
pub(super) async fn add_history(
    conn: &mut Conn,
    need_id: i64,
    assignment_id: Option<i64>,
    user_id: i64,
    kind: &str,
    summary: &str,
    payload: serde_json::Value,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO assignment_events (need_id, assignment_id, at, user_id, kind, summary, payload)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(need_id)
    .bind(assignment_id)
    .bind(at(Utc::now()))
    .bind(user_id)
    .bind(kind)
    .bind(summary)
    .bind(Json(payload))
    .execute(conn)
    .await
    .map(|_| ())
}

impl Engine {
    /// Registers a need; answers its reference (`B-2026-0001`) and whether it is new. The same
    /// need sent again by the same caseworker within [`RESEND_WINDOW_MINUTES`] (a retry after a
    /// lost answer) answers the need already registered instead of a second one. Either way
    /// `log` is written in the same transaction, its `record` followed by the need's reference
    /// (`need:` → `need:B-2026-0001`), which only the store knows.
    pub(crate) async fn create_need(
        &self,
        need: &Need,
        user_id: i64,
        log: &LogEntry<'_>,
    ) -> Result<(String, bool), sqlx::Error> {
        let now = Utc::now();
        let year = kp_domain::time::today_in_sweden(now).year();
        let mut tx = self.writer.begin().await?;
        let earlier: Option<String> = sqlx::query_scalar(
            "SELECT reference FROM needs WHERE created_by = $1 AND payload = $2 AND created_at >= $3
             ORDER BY id DESC LIMIT 1",
        )
        .bind(user_id)
        .bind(Json(need))
        .bind(at(now - chrono::Duration::minutes(RESEND_WINDOW_MINUTES)))
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(reference) = earlier {
            append_log_about(&mut tx, &self.audit, log, &reference).await?;
            tx.commit().await?;
            return Ok((reference, false));
        }
        let number: i64 = sqlx::query_scalar(
            "INSERT INTO need_counters (year, last) VALUES ($1, 1)
             ON CONFLICT (year) DO UPDATE SET last = need_counters.last + 1 RETURNING last",
        )
        .bind(i64::from(year))
        .fetch_one(&mut *tx)
        .await?;
        let reference = format!("B-{year}-{number:04}");
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO needs (reference, case_reference, assignment_type, payload, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&reference)
        .bind(&need.case_reference)
        .bind(&need.assignment_type)
        .bind(Json(need))
        .bind(at(now))
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
        add_history(
            &mut tx,
            id,
            None,
            user_id,
            "need_registered",
            &format!("Ärende {}", need.case_reference),
            serde_json::Value::Null,
        )
        .await?;
        append_log_about(&mut tx, &self.audit, log, &reference).await?;
        tx.commit().await?;
        Ok((reference, true))
    }

    /// Every need, open ones first, newest first within a status.
    pub(crate) async fn needs(&self, today: NaiveDate) -> Result<Vec<NeedRow>, sqlx::Error> {
        let rows: Vec<NeedRecord> = sqlx::query_as(
            "SELECT id, reference, status, payload, created_at FROM needs
             ORDER BY CASE status WHEN 'open' THEN 0 WHEN 'matched' THEN 1 ELSE 2 END, id DESC
             LIMIT 1000",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| r.row(today)).collect())
    }

    async fn need_record(&self, reference: &str) -> Result<Option<NeedRecord>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, reference, status, payload, created_at FROM needs WHERE reference = $1",
        )
        .bind(reference)
        .fetch_optional(&self.pool)
        .await
    }

    /// The open needs (no contact person yet) with what they ask for, oldest first.
    pub(crate) async fn open_needs(&self) -> Result<Vec<(String, Need)>, sqlx::Error> {
        let rows: Vec<NeedRecord> = sqlx::query_as(
            "SELECT id, reference, status, payload, created_at FROM needs
             WHERE status = 'open' ORDER BY created_at, id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.reference, r.payload.0))
            .collect())
    }

    pub(crate) async fn need(
        &self,
        reference: &str,
    ) -> Result<Option<(i64, Need, NeedStatus)>, sqlx::Error> {
        Ok(self
            .need_record(reference)
            .await?
            .map(|r| (r.id, r.payload.0, r.status)))
    }

    /// History entries where `condition` (on `e`, the events; `$1` is `id`) holds, oldest first.
    pub(super) async fn history(
        &self,
        condition: &str,
        id: i64,
    ) -> Result<Vec<HistoryEntry>, sqlx::Error> {
        let rows: Vec<HistoryRow> = sqlx::query_as(&format!(
            "SELECT e.at, u.display_name, e.kind, e.summary, e.assignment_id,
                    n.reference AS need_reference
             FROM assignment_events e JOIN users u ON u.id = e.user_id
             JOIN needs n ON n.id = e.need_id
             WHERE {condition} ORDER BY e.id"
        ))
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| HistoryEntry {
                at: stamp(r.at),
                by: r.display_name,
                kind: r.kind,
                summary: r.summary,
                assignment_reference: r
                    .assignment_id
                    .map(|_| kp_domain::placement::assignment_reference(&r.need_reference)),
                assignment_id: r.assignment_id,
            })
            .collect())
    }

    pub(crate) async fn need_detail(
        &self,
        reference: &str,
        today: NaiveDate,
    ) -> Result<Option<NeedDetail>, sqlx::Error> {
        let Some(record) = self.need_record(reference).await? else {
            return Ok(None);
        };
        let assignment_id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM assignments WHERE need_id = $1")
                .bind(record.id)
                .fetch_optional(&self.pool)
                .await?;
        let assignment = match assignment_id {
            Some(id) => self.assignment_detail(id, today).await?.map(|d| d.row),
            None => None,
        };
        Ok(Some(NeedDetail {
            row: record.row(today),
            history: self.history("e.need_id = $1", record.id).await?,
            need: record.payload.0,
            assignment,
        }))
    }

    /// Approved contact people as matching sees them: approved types from their decision, what
    /// they wrote in the form, their district (chosen, or told by their postcode), and how many
    /// assignments they have now. Someone whose latest
    /// ending says they do not continue has left the pool.
    pub(crate) async fn candidates(&self) -> Result<Vec<Candidate>, sqlx::Error> {
        let continues = json_bool("s.ending", "contact_person_continues");
        let rows: Vec<CandidateRow> = sqlx::query_as(&format!(
            "SELECT a.reference, a.first_name, a.last_name, a.languages, a.age_groups, a.times,
                    a.town, a.postcode, a.district_id, a.interests, a.experience, a.frequency, a.driving_licence, a.has_car,
                    (SELECT COUNT(*) FROM assignments s
                     WHERE s.application_id = a.id AND s.end_date IS NULL) AS active,
                    {LATEST_DECISION} AS decision
             FROM applications a WHERE a.stage = 'approved'
               AND COALESCE((SELECT {continues} FROM assignments s
                             WHERE s.application_id = a.id AND s.ending IS NOT NULL
                             ORDER BY s.end_date DESC, s.id DESC LIMIT 1), TRUE) = TRUE
             ORDER BY a.id"
        ))
        .fetch_all(&self.pool)
        .await?;
        let districts = self.districts().await?;
        Ok(rows
            .into_iter()
            .map(|r| Candidate {
                district: applicant_district(r.district_id, &r.postcode, &districts)
                    .map(|(id, _)| id),
                reference: r.reference,
                name: format!("{} {}", r.first_name, r.last_name),
                assignment_types: approved_types(r.decision),
                languages: r.languages.0,
                age_groups: r.age_groups.0,
                times: r.times.0,
                area: r.town,
                interests: format!("{} {}", r.interests, r.experience),
                driving_licence: r.driving_licence,
                has_car: r.has_car,
                frequency: r.frequency,
                active_assignments: u32::try_from(r.active).unwrap_or(u32::MAX),
            })
            .collect())
    }

    /// An applicant's id and the assignment types they are approved for (`None` unless approved).
    pub(crate) async fn approved_applicant(
        &self,
        reference: &str,
    ) -> Result<Option<(i64, Vec<String>)>, sqlx::Error> {
        let row: Option<(i64, Option<Json<Event>>)> = sqlx::query_as(&format!(
            "SELECT a.id, {LATEST_DECISION}
             FROM applications a WHERE a.reference = $1 AND a.stage = 'approved'"
        ))
        .bind(reference)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id, decision)| (id, approved_types(decision))))
    }

    /// Creates the assignment for an open need and marks the need matched, with its access-log
    /// entry, in one transaction.
    pub(crate) async fn create_assignment(
        &self,
        need_id: i64,
        application_id: i64,
        new: &NewAssignment,
        user_id: i64,
        summary: &str,
        log: &LogEntry<'_>,
    ) -> Result<Result<i64, AssignRefusal>, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let claimed =
            sqlx::query("UPDATE needs SET status = 'matched' WHERE id = $1 AND status = 'open'")
                .bind(need_id)
                .execute(&mut *tx)
                .await?;
        if claimed.rows_affected() != 1 {
            return Ok(Err(AssignRefusal::NeedNotOpen));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO assignments (need_id, application_id, frequency, start_date, match_reason,
                 special_arvode, special_omkostnad, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(need_id)
        .bind(application_id)
        .bind(new.frequency.code())
        .bind(new.start_date)
        .bind(new.reason.trim())
        .bind(new.special_arvode)
        .bind(new.special_omkostnad)
        .bind(at(Utc::now()))
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
        add_history(
            &mut tx,
            need_id,
            Some(id),
            user_id,
            "matched",
            summary,
            serde_json::Value::Null,
        )
        .await?;
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await?;
        Ok(Ok(id))
    }
}
