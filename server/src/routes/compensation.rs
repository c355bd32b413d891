//! The compensation tables: every year's prisbasbelopp and levels. Caseworkers read them;
//! administrators change a year. The public compensation page and the payment basis read the
//! same rows, so a change shows there at once.

use axum::extract::{Path, State};
use axum::Json;
use kp_domain::api::FieldError;
use kp_domain::compensation::{skr, validate_year, CompensationYear, SavedYear};

use super::Actor;
use crate::auth::{Admin, CurrentUser};
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::AppState;

/// `GET /api/compensation`: every year, newest first.
pub async fn years(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<Vec<CompensationYear>>, AppError> {
    Ok(Json(state.store.compensation_years().await?))
}

/// `PUT /api/compensation/{year}`: replaces that year's prisbasbelopp and levels, with an
/// access-log entry (`write:compensation`, `compensation:<year>`) in the same transaction: the
/// amounts decide what every contact person is paid. The answer names each level outside SKR's
/// recommendation (`warnings`, code `outside_skr_band`): saved all the same, since the
/// recommendation is guidance and the municipality decides.
pub async fn set_year(
    State(state): State<AppState>,
    client: ClientAddr,
    Admin(admin): Admin,
    Path(year): Path<i32>,
    Json(data): Json<CompensationYear>,
) -> Result<Json<SavedYear>, AppError> {
    if data.year != year {
        return Err(AppError::Validation(vec![FieldError {
            field: "year".into(),
            code: "mismatch".into(),
        }]));
    }
    validate_year(&data).map_err(AppError::Validation)?;
    let actor = Actor::new(&admin, client);
    let record = format!("compensation:{year}");
    state
        .store
        .set_compensation_year(&data, &actor.entry("write:compensation", &record))
        .await?;
    tracing::info!(year, "compensation levels changed");
    Ok(Json(SavedYear {
        warnings: skr::warnings(&data),
    }))
}
