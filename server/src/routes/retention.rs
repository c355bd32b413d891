//! Retention (gallring) for administrators: the rules with their decisions, the preview of what
//! the next 30 days remove, holds, and the gallring records. Every change is logged with it, in
//! one transaction; reading the holds and the preview (which name applicants) is logged too.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{Months, NaiveDate};
use kp_domain::api::FieldError;
use kp_domain::retention::report::{validate_hold, HoldForm, Preview, RetentionOverview};
use kp_domain::retention::{preview_until, validate_rule, Category, RuleForm};
use serde::Deserialize;

use super::{log_read, Actor};
use crate::auth::Admin;
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::purpose::ReadPurpose;
use crate::AppState;

/// How many gallring records the screen shows.
const RECORDS_SHOWN: i64 = 200;

/// `GET /api/retention`: every rule, the holds and the latest gallring records.
pub async fn overview(
    State(state): State<AppState>,
    client: ClientAddr,
    Admin(admin): Admin,
    purpose: ReadPurpose,
) -> Result<Json<RetentionOverview>, AppError> {
    let rules = crate::retention::rule_set(&state.store).await?;
    let holds = state.store.retention_holds().await?;
    let records = state.store.gallring_records(RECORDS_SHOWN).await?;
    log_read(&state, &admin, "list", "retention", client, purpose).await?;
    Ok(Json(RetentionOverview {
        rules: rules.rules().to_vec(),
        holds,
        records,
    }))
}

/// How far ahead the preview may look.
const PREVIEW_YEARS_AT_MOST: u32 = 10;

/// The preview's last day, if not 30 days ahead.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PreviewQuery {
    /// `YYYY-MM-DD`, from today to ten years ahead.
    until: Option<String>,
}

/// The preview's last day: 30 days ahead, or `until` when it is a day from today to ten years on.
fn last_day(today: NaiveDate, until: Option<&str>) -> Result<NaiveDate, AppError> {
    let Some(until) = until.map(str::trim).filter(|u| !u.is_empty()) else {
        return Ok(preview_until(today));
    };
    let latest = today + Months::new(12 * PREVIEW_YEARS_AT_MOST);
    until
        .parse::<NaiveDate>()
        .ok()
        .filter(|day| *day >= today && *day <= latest)
        .ok_or_else(|| AppError::BadRequest {
            code: "invalid_until",
            message: format!("until must be a date (YYYY-MM-DD) from {today} to {latest}"),
        })
}

/// `GET /api/retention/preview[?until=YYYY-MM-DD]`: what the rules remove from today to 30 days
/// ahead, or to `until`.
pub async fn preview(
    State(state): State<AppState>,
    client: ClientAddr,
    Admin(admin): Admin,
    purpose: ReadPurpose,
    Query(query): Query<PreviewQuery>,
) -> Result<Json<Preview>, AppError> {
    let today = crate::today_in_sweden(chrono::Utc::now());
    let until = last_day(today, query.until.as_deref())?;
    let preview = crate::retention::preview(&state.store, today, until).await?;
    log_read(&state, &admin, "list", "retention:preview", client, purpose).await?;
    Ok(Json(preview))
}

/// `PUT /api/retention/rules/{category}`: a new period and the decision it rests on.
pub async fn set_rule(
    State(state): State<AppState>,
    client: ClientAddr,
    Admin(admin): Admin,
    Path(category): Path<String>,
    Json(form): Json<RuleForm>,
) -> Result<StatusCode, AppError> {
    let category = Category::from_code(&category).ok_or(AppError::NotFound)?;
    let rule = validate_rule(category, &form).map_err(AppError::Validation)?;
    let actor = Actor::new(&admin, client);
    let record = format!("retention_rule:{} {}", category.code(), rule.amount);
    state
        .store
        .set_retention_rule(
            category,
            rule.amount,
            &rule.decision,
            &actor.entry("write:retention_rule", &record),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/retention/holds`: stops gallring of an applicant (and their assignments) until
/// released. 201 with the hold's id; 422 `reference: unknown` for no such applicant.
pub async fn place_hold(
    State(state): State<AppState>,
    client: ClientAddr,
    Admin(admin): Admin,
    Json(form): Json<HoldForm>,
) -> Result<Response, AppError> {
    let (reference, reason) = validate_hold(&form).map_err(AppError::Validation)?;
    let actor = Actor::new(&admin, client);
    let record = format!("applicant:{reference}");
    let placed = state
        .store
        .place_hold(
            &reference,
            &reason,
            &actor.entry("write:hold_placed", &record),
        )
        .await?;
    match placed {
        Some(id) => {
            Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id }))).into_response())
        }
        None => Err(AppError::Validation(vec![FieldError {
            field: "reference".into(),
            code: "unknown".into(),
        }])),
    }
}

/// `POST /api/retention/holds/{id}/release`: gallring applies again from the next run. 409
/// `already_released` for a hold no longer in force.
pub async fn release_hold(
    State(state): State<AppState>,
    client: ClientAddr,
    Admin(admin): Admin,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let (reference, in_force) = state
        .store
        .hold_subject(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let actor = Actor::new(&admin, client);
    let record = format!("applicant:{reference}");
    if !in_force
        || !state
            .store
            .release_hold(id, &actor.entry("write:hold_released", &record))
            .await?
    {
        return Err(AppError::Conflict {
            code: "already_released",
            message: "the hold was released already".into(),
        });
    }
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_looks_thirty_days_ahead_or_to_a_day_within_ten_years() {
        let today: NaiveDate = "2026-05-10".parse().unwrap();
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(last_day(today, None).unwrap(), day("2026-06-09"));
        assert_eq!(last_day(today, Some(" ")).unwrap(), day("2026-06-09"));
        assert_eq!(last_day(today, Some("2026-05-10")).unwrap(), today);
        assert_eq!(
            last_day(today, Some("2036-05-10")).unwrap(),
            day("2036-05-10")
        );
        for wrong in ["2026-05-09", "2036-05-11", "i morgon", "2026-02-30"] {
            assert!(last_day(today, Some(wrong)).is_err(), "{wrong}");
        }
    }
}
