//! Applicants in the vetting pipeline (`applications`, `application_events`): their state, the
//! events that move them on, whom they are assigned to, their full record and the overview.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use kp_domain::application::ApplicationForm;
use kp_domain::caseworker::{
    ApplicantDetail, ApplicantRow, AssignmentWithoutPlan, ExpiringExtract, InterviewSlot,
    NeedWaiting, Overview, StageCount, TimelineEntry,
};
use kp_domain::pipeline::{
    working_days_before, Event, Stage, CONTACT_WITHIN_WORKING_DAYS, EXTRACT_VALID_DAYS,
};
use kp_domain::Locale;
use sqlx::types::Json;

use super::access_log::append_log;
use super::applicant_list::{ListRow, LIST_COLUMNS};
use super::at;
use super::core::{json_text, Engine};
use crate::store::{stamp, LogEntry};

/// An application's answers as stored: the columns the interest form fills, read by the
/// applicant's page and by a correction.
#[derive(sqlx::FromRow)]
pub(super) struct StoredAnswers {
    pub(super) first_name: String,
    pub(super) last_name: String,
    pub(super) personnummer: String,
    pub(super) address: String,
    pub(super) postcode: String,
    pub(super) town: String,
    pub(super) district_id: Option<i64>,
    pub(super) phone: String,
    pub(super) email: String,
    pub(super) assignment_types: Json<Vec<String>>,
    pub(super) languages: Json<Vec<String>>,
    pub(super) occupation: String,
    pub(super) experience: String,
    pub(super) interests: String,
    pub(super) frequency: String,
    pub(super) times: Json<Vec<String>>,
    pub(super) driving_licence: bool,
    pub(super) has_car: bool,
    pub(super) age_groups: Json<Vec<String>>,
    pub(super) knows_child: bool,
    pub(super) knows_child_details: String,
    pub(super) motivation: String,
    pub(super) consent_version: String,
    #[sqlx(try_from = "String")]
    pub(super) locale: Locale,
}

impl StoredAnswers {
    /// The answers as the form holds them (consent was given: it is stored only then).
    pub(super) fn into_form(self) -> ApplicationForm {
        ApplicationForm {
            first_name: self.first_name,
            last_name: self.last_name,
            personnummer: self.personnummer,
            address: self.address,
            postcode: self.postcode,
            town: self.town,
            district: self
                .district_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            phone: self.phone,
            email: self.email,
            assignment_types: self.assignment_types.0,
            languages: self.languages.0,
            occupation: self.occupation,
            experience: self.experience,
            interests: self.interests,
            frequency: self.frequency,
            times: self.times.0,
            driving_licence: self.driving_licence,
            has_car: self.has_car,
            age_groups: self.age_groups.0,
            knows_child: self.knows_child,
            knows_child_details: self.knows_child_details,
            motivation: self.motivation,
            consent: true,
            consent_version: self.consent_version,
            locale: Some(self.locale),
            website: String::new(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct ApplicantRecord {
    id: i64,
    reference: String,
    #[sqlx(flatten)]
    answers: StoredAnswers,
    #[sqlx(try_from = "String")]
    stage: Stage,
    received_at: DateTime<Utc>,
    assigned: Option<String>,
    assigned_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct TimelineRow {
    at: DateTime<Utc>,
    display_name: String,
    payload: Json<Event>,
    #[sqlx(try_from = "String")]
    stage_after: Stage,
}

#[derive(sqlx::FromRow)]
struct StateRow {
    id: i64,
    #[sqlx(try_from = "String")]
    stage: Stage,
}

impl Engine {
    pub(crate) async fn applicant_state(
        &self,
        reference: &str,
    ) -> Result<Option<(i64, Stage, Vec<Event>)>, sqlx::Error> {
        let found: Option<StateRow> =
            sqlx::query_as("SELECT id, stage FROM applications WHERE reference = $1")
                .bind(reference)
                .fetch_optional(&self.pool)
                .await?;
        let Some(StateRow { id, stage }) = found else {
            return Ok(None);
        };
        let events: Vec<Json<Event>> = sqlx::query_scalar(
            "SELECT payload FROM application_events WHERE application_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(Some((id, stage, events.into_iter().map(|e| e.0).collect())))
    }

    /// Records an event and the stage it leads to, if the stage is still `expected` (so two
    /// caseworkers acting at once cannot both move the same applicant on), with its access-log
    /// entry in the same transaction. False if it changed.
    pub(crate) async fn record_event(
        &self,
        application_id: i64,
        user_id: i64,
        expected: Stage,
        event: &Event,
        stage_after: Stage,
        log: &LogEntry<'_>,
    ) -> Result<bool, sqlx::Error> {
        let now = Utc::now();
        let mut tx = self.writer.begin().await?;
        let moved = sqlx::query(
            "UPDATE applications SET stage = $1,
                 stage_changed_at = CASE WHEN stage = $1 THEN stage_changed_at ELSE $2 END
             WHERE id = $3 AND stage = $4",
        )
        .bind(stage_after.code())
        .bind(at(now))
        .bind(application_id)
        .bind(expected.code())
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() != 1 {
            return Ok(false);
        }
        // The list's tag rows follow the stage in the same transaction (applicant_list.rs).
        sqlx::query("UPDATE applicant_tags SET stage = $1 WHERE application_id = $2")
            .bind(stage_after.code())
            .bind(application_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO application_events (application_id, at, user_id, kind, payload, stage_after)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(application_id)
        .bind(at(now))
        .bind(user_id)
        .bind(event.kind())
        .bind(Json(event))
        .bind(stage_after.code())
        .execute(&mut *tx)
        .await?;
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Assigns an applicant, logged in the same transaction; false if there is no such
    /// applicant (nothing logged).
    pub(crate) async fn assign(
        &self,
        reference: &str,
        user_id: Option<i64>,
        log: &LogEntry<'_>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        let result = sqlx::query("UPDATE applications SET assigned_to = $1 WHERE reference = $2")
            .bind(user_id)
            .bind(reference)
            .execute(&mut *tx)
            .await?;
        if result.rows_affected() != 1 {
            return Ok(false);
        }
        append_log(&mut tx, &self.audit, log).await?;
        tx.commit().await?;
        Ok(true)
    }

    pub(crate) async fn applicant_detail(
        &self,
        reference: &str,
    ) -> Result<Option<ApplicantDetail>, sqlx::Error> {
        let row: Option<ApplicantRecord> = sqlx::query_as(
            "SELECT a.id, a.reference, a.first_name, a.last_name, a.personnummer, a.address,
                    a.postcode, a.town, a.district_id, a.phone, a.email, a.assignment_types, a.languages,
                    a.occupation, a.experience, a.interests, a.frequency, a.times,
                    a.driving_licence, a.has_car, a.age_groups, a.knows_child,
                    a.knows_child_details, a.motivation, a.consent_version, a.locale, a.stage,
                    a.received_at, u.display_name AS assigned, a.assigned_to AS assigned_id
             FROM applications a LEFT JOIN users u ON u.id = a.assigned_to
             WHERE a.reference = $1",
        )
        .bind(reference)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let today = kp_domain::time::today_in_sweden(Utc::now());
        let (assignments, assignment_history) = self.assignments_of(r.id, today).await?;
        let timeline: Vec<TimelineRow> = sqlx::query_as(
            "SELECT e.at, u.display_name, e.payload, e.stage_after FROM application_events e
             JOIN users u ON u.id = e.user_id WHERE e.application_id = $1 ORDER BY e.id",
        )
        .bind(r.id)
        .fetch_all(&self.pool)
        .await?;
        let district = r.answers.district_id.map(|id| id.to_string());
        let district = kp_domain::district::shown_for(
            district.as_deref().unwrap_or_default(),
            &r.answers.postcode,
            &self.districts().await?,
        );
        Ok(Some(ApplicantDetail {
            district,
            summary: ApplicantRow {
                reference: r.reference.clone(),
                name: format!("{} {}", r.answers.first_name, r.answers.last_name),
                stage: r.stage,
                received_at: stamp(r.received_at),
                locale: r.answers.locale.code().to_string(),
                languages: r.answers.languages.0.clone(),
                assignment_types: r.answers.assignment_types.0.clone(),
                assigned_to: r.assigned.clone(),
            },
            answers: r.answers.into_form(),
            timeline: timeline
                .into_iter()
                .map(|t| TimelineEntry {
                    at: stamp(t.at),
                    by: t.display_name,
                    event: t.payload.0,
                    stage_after: t.stage_after,
                })
                .collect(),
            assigned_to_id: r.assigned_id,
            assignments,
            assignment_history,
        }))
    }

    /// The overview for a caseworker on `today`.
    pub(crate) async fn overview(
        &self,
        user_id: i64,
        today: NaiveDate,
    ) -> Result<Overview, sqlx::Error> {
        let counts: Vec<(String, i64)> =
            sqlx::query_as("SELECT stage, COUNT(*) FROM applications GROUP BY stage")
                .fetch_all(&self.pool)
                .await?;
        let counts = Stage::ALL
            .into_iter()
            .map(|stage| StageCount {
                stage,
                count: counts
                    .iter()
                    .find(|(s, _)| s == stage.code())
                    .map_or(0, |(_, n)| *n),
            })
            .collect();
        // Received before the cutoff day began (UTC, as the stamps are).
        let cutoff = working_days_before(today, CONTACT_WITHIN_WORKING_DAYS)
            .and_time(chrono::NaiveTime::MIN)
            .and_utc();
        let waiting: Vec<ListRow> = sqlx::query_as(&format!(
            "SELECT {LIST_COLUMNS} FROM applications a LEFT JOIN users u ON u.id = a.assigned_to
             WHERE a.stage = 'new' AND a.received_at < $1 ORDER BY a.received_at ASC LIMIT 100"
        ))
        .bind(at(cutoff))
        .fetch_all(&self.pool)
        .await?;
        let mine: Vec<ListRow> = sqlx::query_as(&format!(
            "SELECT {LIST_COLUMNS} FROM applications a LEFT JOIN users u ON u.id = a.assigned_to
             WHERE a.assigned_to = $1
               AND a.stage NOT IN ('approved', 'not_approved', 'withdrawn')
             ORDER BY a.stage_changed_at ASC LIMIT 100"
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        // The week ends on Sunday; a booking's time is local (as the caseworker typed it).
        let days_left = 6 - i64::from(today.weekday().num_days_from_monday());
        let week_end = (today + chrono::Duration::days(days_left + 1)).to_string();
        let (booked_at, place) = (
            json_text("e.payload", "at"),
            json_text("e.payload", "place"),
        );
        let interviews: Vec<(String, String, String, String, String)> = sqlx::query_as(&format!(
            "SELECT a.reference, a.first_name, a.last_name, {booked_at}, {place}
             FROM applications a
             JOIN application_events e ON e.id = (
                 SELECT MAX(id) FROM application_events
                 WHERE application_id = a.id AND kind = 'interview_booked')
             WHERE a.stage = 'interview_booked' AND {booked_at} >= $1 AND {booked_at} < $2
             ORDER BY 4 LIMIT 100"
        ))
        .bind(today.to_string())
        .bind(&week_end)
        .fetch_all(&self.pool)
        .await?;
        let warn_from = (today - chrono::Duration::days(EXTRACT_VALID_DAYS - 30)).to_string();
        let issued = json_text("e.payload", "issued");
        let expiring: Vec<(String, String, String, String)> = sqlx::query_as(&format!(
            "SELECT a.reference, a.first_name, a.last_name, MAX({issued})
             FROM applications a JOIN application_events e
               ON e.application_id = a.id AND e.kind = 'police_extract'
             WHERE a.stage = 'checks_under_way'
             GROUP BY a.id HAVING MAX({issued}) <= $1
             ORDER BY 4 LIMIT 100"
        ))
        .bind(&warn_from)
        .fetch_all(&self.pool)
        .await?;
        let approved_idle: Vec<ListRow> = sqlx::query_as(&format!(
            "SELECT {LIST_COLUMNS} FROM applications a LEFT JOIN users u ON u.id = a.assigned_to
             WHERE a.assigned_to = $1 AND a.stage = 'approved'
               AND NOT EXISTS (SELECT 1 FROM assignments s WHERE s.application_id = a.id
                               AND (s.end_date IS NULL OR s.end_date >= $2))
             ORDER BY a.stage_changed_at ASC LIMIT 100"
        ))
        .bind(user_id)
        .bind(today)
        .fetch_all(&self.pool)
        .await?;
        let needs_waiting: Vec<(String, String, DateTime<Utc>)> = sqlx::query_as(
            "SELECT n.reference, n.assignment_type, n.created_at FROM needs n
             WHERE n.status = 'open' ORDER BY n.created_at ASC, n.id ASC LIMIT 100",
        )
        .fetch_all(&self.pool)
        .await?;
        let without_plan: Vec<(i64, String, String, String, NaiveDate)> = sqlx::query_as(
            "SELECT s.id, n.reference, a.first_name, a.last_name, s.start_date
             FROM assignments s JOIN needs n ON n.id = s.need_id
             JOIN applications a ON a.id = s.application_id
             WHERE s.plan IS NULL AND (s.end_date IS NULL OR s.end_date >= $1)
             ORDER BY s.start_date ASC, s.id ASC LIMIT 100",
        )
        .bind(today)
        .fetch_all(&self.pool)
        .await?;
        Ok(Overview {
            approved_without_assignment: approved_idle
                .into_iter()
                .map(ListRow::into_row)
                .collect::<Result<_, _>>()?,
            needs_waiting: needs_waiting
                .into_iter()
                .map(|(reference, assignment_type, at)| NeedWaiting {
                    reference,
                    assignment_type,
                    registered_at: stamp(at),
                })
                .collect(),
            assignments_without_plan: without_plan
                .into_iter()
                .map(|(id, need, first, last, start)| AssignmentWithoutPlan {
                    assignment_id: id,
                    need_reference: need,
                    contact_person_name: format!("{first} {last}"),
                    start_date: start,
                })
                .collect(),
            counts,
            waiting_for_contact: waiting
                .into_iter()
                .map(ListRow::into_row)
                .collect::<Result<_, _>>()?,
            interviews_this_week: interviews
                .into_iter()
                .map(|(reference, first, last, at, place)| InterviewSlot {
                    reference,
                    name: format!("{first} {last}"),
                    at,
                    place,
                })
                .collect(),
            extracts_expiring: expiring
                .into_iter()
                .map(|(reference, first, last, issued)| ExpiringExtract {
                    reference,
                    name: format!("{first} {last}"),
                    issued,
                })
                .collect(),
            mine: mine
                .into_iter()
                .map(ListRow::into_row)
                .collect::<Result<_, _>>()?,
            follow_ups_due: Vec::new(),
            price_base_missing: None,
        })
    }

    #[cfg(feature = "test-support")]
    pub(crate) async fn put_raw_stage(
        &self,
        reference: &str,
        code: &str,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("UPDATE applications SET stage = $1 WHERE reference = $2")
            .bind(code)
            .bind(reference)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE applicant_tags SET stage = $1
             WHERE application_id = (SELECT id FROM applications WHERE reference = $2)",
        )
        .bind(code)
        .bind(reference)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }
}
