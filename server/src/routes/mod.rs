//! The JSON API. One module per area; this file is the one list of `/api` routes.

mod applications;
mod health;
mod pages;

use axum::routing::{get, post};
use axum::Router;

use crate::error::AppError;
use crate::AppState;

/// Every `/api` route.
pub fn api_router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/pages/{locale}/{page}", get(pages::page))
        .route("/applications", post(applications::submit))
        .fallback(|| async { AppError::NotFound })
}
