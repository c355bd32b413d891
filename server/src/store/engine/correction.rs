//! Rectification (GDPR art. 16, `kp_domain::correction`): an applicant's details and answers
//! corrected in `applications`, with everything derived from them kept in step — the search text
//! (and through it SQLite's FTS5 trigram index; PostgreSQL's trigram index and
//! `applications_phone` follow their columns), the list's `applicant_tags` — and the old values
//! kept as a `correction` event in `application_events`, all with the access-log entry in one
//! transaction.

use chrono::{DateTime, Utc};
use kp_domain::application::ApplicationForm;
use kp_domain::correction::{value_of, CORRECTABLE};
use kp_domain::pipeline::{Event, Stage};
use sqlx::types::Json;

use super::applicant_list::write_tags;
use super::applicants::StoredAnswers;
use super::applications::search_text;
use super::core::Engine;
use super::{at, ENGINE};
use crate::store::{Dialect, LogEntry};

#[derive(sqlx::FromRow)]
struct AnswersRow {
    id: i64,
    #[sqlx(try_from = "String")]
    stage: Stage,
    received_at: DateTime<Utc>,
    #[sqlx(flatten)]
    answers: StoredAnswers,
}

const ANSWERS_SELECT: &str = "SELECT id, stage, received_at, first_name, last_name, personnummer,
        address, postcode, town, district_id, phone, email, assignment_types, languages, occupation,
        experience, interests, frequency, times, driving_licence, has_car, age_groups,
        knows_child, knows_child_details, motivation, consent_version, locale
     FROM applications WHERE reference = $1";

/// Whether two answers agree on every field a correction may change.
fn same_correctable(a: &ApplicationForm, b: &ApplicationForm) -> bool {
    CORRECTABLE
        .iter()
        .all(|field| value_of(a, field) == value_of(b, field))
}

impl Engine {
    /// An applicant's answers as stored (what a correction starts from).
    pub(crate) async fn applicant_answers(
        &self,
        reference: &str,
    ) -> Result<Option<ApplicationForm>, sqlx::Error> {
        let row: Option<AnswersRow> = sqlx::query_as(ANSWERS_SELECT)
            .bind(reference)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.answers.into_form()))
    }

    /// Stores `after` as the applicant's answers if they still are `before` (on every
    /// correctable field), with the correction `event` in their timeline and `log` in the access
    /// log, in one transaction. False, and nothing written, if the applicant is gone or someone
    /// changed their answers since `before` was read.
    pub(crate) async fn correct_applicant(
        &self,
        reference: &str,
        before: &ApplicationForm,
        after: &ApplicationForm,
        event: &Event,
        user_id: i64,
        log: &LogEntry<'_>,
    ) -> Result<bool, sqlx::Error> {
        let now = Utc::now();
        let mut tx = self.writer.begin().await?;
        // PostgreSQL: hold the row until commit, so a step or another correction waits for this
        // one. SQLite has one writer at a time already.
        let lock = match ENGINE {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE",
        };
        let current: Option<AnswersRow> = sqlx::query_as(&format!("{ANSWERS_SELECT}{lock}"))
            .bind(reference)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(current) = current else {
            return Ok(false);
        };
        if !same_correctable(&current.answers.into_form(), before) {
            return Ok(false);
        }
        let a = after;
        sqlx::query(
            "UPDATE applications SET first_name = $1, last_name = $2, address = $3,
                 postcode = $4, town = $5, phone = $6, email = $7, assignment_types = $8,
                 languages = $9, occupation = $10, experience = $11, interests = $12,
                 frequency = $13, times = $14, driving_licence = $15, has_car = $16,
                 age_groups = $17, knows_child = $18, knows_child_details = $19,
                 motivation = $20, search_text = $21, district_id = $23
             WHERE id = $22",
        )
        .bind(&a.first_name)
        .bind(&a.last_name)
        .bind(&a.address)
        .bind(&a.postcode)
        .bind(&a.town)
        .bind(&a.phone)
        .bind(&a.email)
        .bind(Json(&a.assignment_types))
        .bind(Json(&a.languages))
        .bind(&a.occupation)
        .bind(&a.experience)
        .bind(&a.interests)
        .bind(&a.frequency)
        .bind(Json(&a.times))
        .bind(a.driving_licence)
        .bind(a.has_car)
        .bind(Json(&a.age_groups))
        .bind(a.knows_child)
        .bind(&a.knows_child_details)
        .bind(&a.motivation)
        .bind(search_text(
            reference,
            &a.first_name,
            &a.last_name,
            &a.phone,
            &a.email,
        ))
        .bind(current.id)
        .bind(
            kp_domain::district::parse_choice(&a.district)
                .ok()
                .flatten(),
        )
        .execute(&mut *tx)
        .await?;
        // The list's tag rows repeat the languages and types: written anew from the corrected
        // arrays, with the stage and date they had.
        sqlx::query("DELETE FROM applicant_tags WHERE application_id = $1")
            .bind(current.id)
            .execute(&mut *tx)
            .await?;
        write_tags(
            &mut tx,
            current.id,
            current.stage.code(),
            current.received_at,
            &a.languages,
            &a.assignment_types,
        )
        .await?;
        sqlx::query(
            "INSERT INTO application_events (application_id, at, user_id, kind, payload, stage_after)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(current.id)
        .bind(at(now))
        .bind(user_id)
        .bind(event.kind())
        .bind(Json(event))
        .bind(current.stage.code())
        .execute(&mut *tx)
        .await?;
        self.log_in(&mut tx, log).await?;
        tx.commit().await?;
        Ok(true)
    }
}
