//! `GET /api/health`: is the service up, and does the database answer?

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::Json;
use kp_domain::api::Health;

use crate::error::AppError;
use crate::AppState;

/// 200 with `{"status":"ok","database":"ok"}` when a query succeeds, 503 otherwise.
pub async fn health(State(state): State<AppState>) -> Result<impl IntoResponse, AppError> {
    state
        .store
        .ping()
        .await
        .map_err(|e| AppError::Unavailable(format!("database: {e}")))?;
    Ok((
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(Health {
            status: "ok".into(),
            database: "ok".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }),
    ))
}
