//! Districts (områden, [`kp_domain::district`]): the active ones' names for the interest form
//! (public), every district with its postcodes for the caseworker area, and adding, changing and
//! retiring one (administrators; each write commits with its access-log entry).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use kp_domain::district::{
    form_choices, validate_district, District, DistrictChoice, DistrictForm,
};
use serde::Serialize;

use super::Actor;
use crate::auth::{Admin, CurrentUser};
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::AppState;

/// A district's id, as a write answers it.
#[derive(Debug, Serialize)]
pub struct Saved {
    /// The district's id.
    pub id: i64,
}

/// `GET /api/districts`: the active districts' ids and names, for the interest form's question
/// (no postcodes: the form does not need them). Empty when the municipality names none.
pub async fn public(State(state): State<AppState>) -> Result<Json<Vec<DistrictChoice>>, AppError> {
    Ok(Json(form_choices(state.store.districts().await?)))
}

/// `GET /api/districts/all`: every district with its postcodes, retired ones too (a need or an
/// applicant may still name one).
pub async fn all(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<Vec<District>>, AppError> {
    Ok(Json(state.store.districts().await?))
}

/// `POST /api/districts`: adds a district (201 with its id; 422 with a code per field).
pub async fn add(
    State(state): State<AppState>,
    client: ClientAddr,
    Admin(admin): Admin,
    Json(form): Json<DistrictForm>,
) -> Result<(StatusCode, Json<Saved>), AppError> {
    let stored = state.store.districts().await?;
    let district = validate_district(&form, &stored, None).map_err(AppError::Validation)?;
    let actor = Actor::new(&admin, client);
    // The store adds the new district's id to the record.
    let id = state
        .store
        .save_district(None, &district, &actor.entry("write:district", "district:"))
        .await?
        .map_err(AppError::Validation)?;
    Ok((StatusCode::CREATED, Json(Saved { id })))
}

/// `PUT /api/districts/{id}`: renames an active district or changes its postcodes (204; 404
/// for no such active district; 422 with a code per field).
pub async fn change(
    State(state): State<AppState>,
    client: ClientAddr,
    Admin(admin): Admin,
    Path(id): Path<i64>,
    Json(form): Json<DistrictForm>,
) -> Result<StatusCode, AppError> {
    let stored = state.store.districts().await?;
    if !stored.iter().any(|d| d.id == id && d.active) {
        return Err(AppError::NotFound);
    }
    let district = validate_district(&form, &stored, Some(id)).map_err(AppError::Validation)?;
    let actor = Actor::new(&admin, client);
    let saved = state
        .store
        .save_district(
            Some(id),
            &district,
            &actor.entry("write:district", "district:"),
        )
        .await?;
    match saved {
        Ok(_) => Ok(StatusCode::NO_CONTENT),
        Err(errors) if errors.iter().any(|e| e.field == "id") => Err(AppError::NotFound),
        Err(errors) => Err(AppError::Validation(errors)),
    }
}

/// `POST /api/districts/{id}/retire`: the district is no longer offered and its postcodes tell
/// no one's district; needs and applications that name it keep showing it (204; 404 for no such
/// district; 409 `already_retired`).
pub async fn retire(
    State(state): State<AppState>,
    client: ClientAddr,
    Admin(admin): Admin,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let stored = state.store.districts().await?;
    let Some(found) = stored.iter().find(|d| d.id == id) else {
        return Err(AppError::NotFound);
    };
    let actor = Actor::new(&admin, client);
    let record = format!("district:{id}");
    if !found.active
        || !state
            .store
            .retire_district(id, &actor.entry("write:district_retired", &record))
            .await?
    {
        return Err(AppError::Conflict {
            code: "already_retired",
            message: "the district was retired already".into(),
        });
    }
    Ok(StatusCode::NO_CONTENT)
}
