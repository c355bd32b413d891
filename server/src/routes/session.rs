//! Sign-in, sign-out, who am I, and changing one's own password.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use crate::auth::{self, CurrentUser};
use crate::error::AppError;
use crate::AppState;

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct SignIn {
    email: String,
    password: String,
}

/// `POST /api/session`: signs in; sets the session cookie.
pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Json(form): Json<SignIn>,
) -> Result<Response, AppError> {
    let now = Instant::now();
    let account_key = format!("account:{}", form.email.trim().to_lowercase());
    let address_key = format!("address:{}", peer.ip());
    let throttle = &state.sign_in_failures;
    let wait = throttle
        .accounts
        .locked(&account_key, now)
        .max(throttle.addresses.locked(&address_key, now));
    if let Some(wait) = wait {
        return Err(AppError::TooManyRequests(wait.as_secs().max(1)));
    }
    let account = state.store.account_for_sign_in(form.email.trim()).await?;
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    let ok = auth::verify_password(form.password, hash, &state.dummy_hash).await;
    let Some(account) = account.filter(|_| ok) else {
        throttle.accounts.record(&account_key, now);
        throttle.addresses.record(&address_key, now);
        return Err(AppError::InvalidCredentials);
    };
    throttle.accounts.clear(&account_key);
    let token = auth::new_token();
    let created = chrono::Utc::now();
    state
        .store
        .create_session(
            &auth::token_hash(&token),
            account.id,
            created,
            created + auth::ABSOLUTE_LIFETIME,
            &peer.ip().to_string(),
        )
        .await?;
    let user = CurrentUser {
        id: account.id,
        email: account.email,
        display_name: account.display_name,
        role: account.role,
        session: String::new(),
    };
    Ok((
        [(
            header::SET_COOKIE,
            auth::session_cookie(Some(&token), state.https),
        )],
        Json(user),
    )
        .into_response())
}

/// `GET /api/session`: the signed-in caseworker, or `null` when nobody is (not an error: the
/// caseworker area asks this on every start).
pub async fn who_am_i(
    user: Result<CurrentUser, AppError>,
) -> Result<Json<Option<CurrentUser>>, AppError> {
    match user {
        Ok(user) => Ok(Json(Some(user))),
        Err(AppError::Unauthorized) => Ok(Json(None)),
        Err(other) => Err(other),
    }
}

/// `DELETE /api/session`: signs out (the session is revoked, the cookie cleared).
pub async fn sign_out(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, AppError> {
    state.store.revoke_session(&user.session).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, auth::session_cookie(None, state.https))],
    )
        .into_response())
}

/// A password change.
#[derive(Debug, Deserialize)]
pub struct PasswordChange {
    current_password: String,
    new_password: String,
}

/// `POST /api/account/password`: changes one's own password; other sessions end.
pub async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(change): Json<PasswordChange>,
) -> Result<StatusCode, AppError> {
    let account = state
        .store
        .account_for_sign_in(&user.email)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let ok = auth::verify_password(
        change.current_password.clone(),
        Some(account.password_hash),
        &state.dummy_hash,
    )
    .await;
    if !ok {
        return Err(AppError::Validation(vec![field(
            "current_password",
            "wrong_password",
        )]));
    }
    check_new_password(&change.new_password, Some(&change.current_password))?;
    let hash = auth::hash_password(change.new_password).await?;
    state.store.set_password(user.id, &hash).await?;
    state
        .store
        .revoke_sessions_of(user.id, Some(&user.session))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) fn field(field: &str, code: &str) -> kp_domain::api::FieldError {
    kp_domain::api::FieldError {
        field: field.into(),
        code: code.into(),
    }
}

/// A new password must be at least 12 characters and differ from the old one.
pub(crate) fn check_new_password(new: &str, old: Option<&str>) -> Result<(), AppError> {
    if new.chars().count() < auth::MIN_PASSWORD_CHARS {
        return Err(AppError::Validation(vec![field(
            "new_password",
            "too_short",
        )]));
    }
    if new.chars().count() > 1000 {
        return Err(AppError::Validation(vec![field(
            "new_password",
            "too_long",
        )]));
    }
    if old == Some(new) {
        return Err(AppError::Validation(vec![field(
            "new_password",
            "unchanged",
        )]));
    }
    Ok(())
}
