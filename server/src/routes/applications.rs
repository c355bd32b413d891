//! `POST /api/applications`: the interest form.
//!
//! The body is checked with the same `kp_domain::application::validate` the SPA runs. The client
//! sends an `Idempotency-Key` header it generated once per form, so a double click, a retry after
//! a timeout or a resend after a server restart stores one application and answers the same
//! reference every time.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kp_domain::application::{validate, ApplicationForm};
use sha2::{Digest, Sha256};

use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::store::Submitted;
use crate::{mail, AppState};

/// The idempotency key's shape: 16–100 letters, digits, `-` or `_`.
fn valid_key(key: &str) -> bool {
    (16..=100).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Stores a new application (201), or answers an earlier identical one's receipt (200).
pub async fn submit(
    State(state): State<AppState>,
    peer: ClientAddr,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("application/json"));
    if !is_json {
        return Err(AppError::UnsupportedMediaType);
    }
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .filter(|k| valid_key(k))
        .ok_or(AppError::BadRequest {
            code: "idempotency_key_invalid",
            message: "send an Idempotency-Key header of 16-100 letters, digits, '-' or '_'".into(),
        })?
        .to_string();
    let form: ApplicationForm =
        serde_json::from_slice(&body).map_err(|e| AppError::BadRequest {
            code: "malformed_json",
            message: format!("the body is not a valid application: {e}"),
        })?;
    if !form.website.is_empty() {
        // The hidden field only robots fill in. Nothing is stored.
        return Err(AppError::BadRequest {
            code: "rejected",
            message: "the submission was rejected".into(),
        });
    }
    let now = chrono::Utc::now();
    let application = validate(&form, crate::today_in_sweden(now)).map_err(AppError::Validation)?;
    if application.district.is_some() {
        kp_domain::district::check_chosen(application.district, &state.store.districts().await?)
            .map_err(AppError::Validation)?;
    }
    let request_hash = format!("{:x}", Sha256::digest(&body));

    // A resend of a stored submission is answered at once and never counts against the limit;
    // concurrent repeats of one submission count once (the limiter counts keys, not requests).
    let is_resend = state.store.idempotency_key_used(&key).await?;
    if !is_resend {
        state
            .submissions
            .check(peer.0, &key, now)
            .await?
            .map_err(|wait| AppError::TooManyRequests(wait.as_secs().max(1)))?;
    }
    let unit_email = state.unit_email.clone();
    let locale = application.locale;
    let outcome = state
        .store
        .submit_application(
            &key,
            &request_hash,
            &application,
            now,
            Box::new(move |receipt| {
                vec![
                    mail::receipt(locale, receipt),
                    mail::notice(&unit_email, locale, receipt),
                ]
            }),
        )
        .await?;
    // The receipt mail is queued either way (the outbox keeps it, visible); the applicant is
    // told it is e-mailed only when a mail server will really send it.
    let emailed = state.mailer.sends();
    match outcome {
        Submitted::Created(receipt) => {
            tracing::info!(reference = %receipt.reference, "application received");
            state.mailer.wake();
            Ok((StatusCode::CREATED, Json(receipt.answer(emailed))).into_response())
        }
        Submitted::Replayed(receipt) => {
            Ok((StatusCode::OK, Json(receipt.answer(emailed))).into_response())
        }
        Submitted::KeyConflict => Err(AppError::Conflict {
            code: "idempotency_key_reused",
            message: "this Idempotency-Key was used for a different submission".into(),
        }),
    }
}
