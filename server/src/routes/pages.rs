//! `GET /api/pages/{locale}/{page}`: a public page's text (public, cacheable for a short while).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use kp_domain::Locale;

use crate::error::AppError;
use crate::AppState;

/// The page's title, description, rendered text and the locale's menu.
pub async fn page(
    State(state): State<AppState>,
    Path((locale, page)): Path<(String, String)>,
) -> Result<impl IntoResponse, AppError> {
    let locale = Locale::from_code(&locale).ok_or(AppError::NotFound)?;
    let content = state
        .page_content(locale, &page)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Json(content),
    ))
}
