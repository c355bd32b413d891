//! The caseworker's view of applicants: the list, one applicant, recording pipeline steps,
//! assignment. Every call that shows or changes an applicant's personal data is written to the
//! access log (who, when, which record, what action, from where) before it answers.

use axum::extract::{Path, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use kp_domain::account_forms::AssigneeChange;
use kp_domain::api::FieldError;
use kp_domain::caseworker::{ApplicantDetail, ApplicantPage};
use kp_domain::pipeline::{apply, Event};

use super::{log_read as log, Actor};
use crate::auth::CurrentUser;
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::purpose::ReadPurpose;
use crate::store::ApplicantFilter;
use crate::AppState;

/// `GET /api/applicants?stage=&assignment_type=&language=&assigned_to=&q=&sort=&page=&per_page=`.
pub async fn list(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    purpose: ReadPurpose,
    RawQuery(raw): RawQuery,
    Query(mut filter): Query<ApplicantFilter>,
) -> Result<Json<ApplicantPage>, AppError> {
    if filter.per_page == 0 {
        filter.per_page = 50;
    }
    let record = format!("applicants?{}", raw.unwrap_or_default());
    log(&state, &user, "list", &record, peer, purpose).await?;
    Ok(Json(state.store.list_applicants(&filter).await?))
}

/// `GET /api/applicants/{reference}`: every answer and the timeline.
pub async fn detail(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    purpose: ReadPurpose,
    Path(reference): Path<String>,
) -> Result<Json<ApplicantDetail>, AppError> {
    let detail = state
        .store
        .applicant_detail(&reference)
        .await?
        .ok_or(AppError::NotFound)?;
    log(
        &state,
        &user,
        "read",
        &format!("applicant:{reference}"),
        peer,
        purpose,
    )
    .await?;
    Ok(Json(detail))
}

/// `POST /api/applicants/{reference}/events`: records a step; the pipeline rules decide whether it
/// fits and where it leads. A refusal answers 422 with the rule's code on the field `event`.
pub async fn record_event(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    Path(reference): Path<String>,
    Json(event): Json<Event>,
) -> Result<StatusCode, AppError> {
    let (id, stage, history) = state
        .store
        .applicant_state(&reference)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = crate::today_in_sweden(chrono::Utc::now());
    let next = apply(stage, &history, &event, today).map_err(|refusal| {
        AppError::Validation(vec![FieldError {
            field: "event".into(),
            code: refusal.code().into(),
        }])
    })?;
    let actor = Actor::new(&user, peer);
    let (action, record) = (
        format!("write:{}", event.kind()),
        format!("applicant:{reference}"),
    );
    if !state
        .store
        .record_event(
            id,
            user.id,
            stage,
            &event,
            next,
            &actor.entry(&action, &record),
        )
        .await?
    {
        return Err(AppError::Conflict {
            code: "stage_changed",
            message: "someone else moved this applicant on; reload and try again".into(),
        });
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/applicants/{reference}/assignee`.
pub async fn assign(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    Path(reference): Path<String>,
    Json(assignee): Json<AssigneeChange>,
) -> Result<StatusCode, AppError> {
    if let Some(id) = assignee.user_id {
        if !state.store.caseworkers().await?.iter().any(|c| c.id == id) {
            return Err(AppError::Validation(vec![FieldError {
                field: "user_id".into(),
                code: "unknown_caseworker".into(),
            }]));
        }
    }
    let actor = Actor::new(&user, peer);
    let record = format!("applicant:{reference}");
    if !state
        .store
        .assign(
            &reference,
            assignee.user_id,
            &actor.entry("write:assign", &record),
        )
        .await?
    {
        return Err(AppError::NotFound);
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/caseworkers`: active accounts, for assigning and filtering (names only).
pub async fn caseworkers(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<Vec<kp_domain::caseworker::Caseworker>>, AppError> {
    Ok(Json(state.store.caseworkers().await?))
}

/// `GET /api/overview`: counts per stage and what needs doing (logged: it shows names).
pub async fn overview(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    purpose: ReadPurpose,
) -> Result<Json<kp_domain::caseworker::Overview>, AppError> {
    let today = crate::today_in_sweden(chrono::Utc::now());
    let mut overview = state.store.overview(user.id, today).await?;
    let horizon = today + chrono::Duration::days(14);
    overview.follow_ups_due = state
        .store
        .assignments(today)
        .await?
        .into_iter()
        .filter_map(|a| {
            let date = a.next_follow_up.filter(|d| *d <= horizon)?;
            Some(kp_domain::caseworker::FollowUpDue {
                assignment_id: a.id,
                contact_person_name: a.contact_person_name,
                need_reference: a.need_reference,
                date,
            })
        })
        .collect();
    overview.follow_ups_due.sort_by_key(|f| f.date);
    let known: Vec<i32> = state
        .store
        .compensation_years()
        .await?
        .iter()
        .map(|y| y.year)
        .collect();
    overview.price_base_missing = kp_domain::compensation::price_base_reminder(today, &known);
    log(&state, &user, "list", "overview", peer, purpose).await?;
    Ok(Json(overview))
}

/// `GET /api/outbox`: the mails, sent and waiting, with any errors, and whether a mail server is
/// configured to send them at all.
pub async fn outbox(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    purpose: ReadPurpose,
) -> Result<Json<kp_domain::caseworker::Outbox>, AppError> {
    let mails = state.store.outbox(500).await?;
    log(&state, &user, "list", "outbox", peer, purpose).await?;
    Ok(Json(kp_domain::caseworker::Outbox {
        mail_server: state.mailer.sends(),
        mails,
    }))
}
