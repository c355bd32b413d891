//! "Mina inloggningar": one's own live sessions, ending one or all of them; and an
//! administrator ending another account's sessions. Each end is a security event in the access
//! log, written in the same transaction as the end itself.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kp_domain::security::{SecurityEvent, SessionInfo};

use super::session::signed_out_response;
use super::Subject;
use crate::auth::{Admin, SignedInAnyway};
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::store::SessionEnd;
use crate::AppState;

/// `GET /api/account/sessions`: one's live sessions, the current one marked.
pub async fn mine(
    State(state): State<AppState>,
    SignedInAnyway(user): SignedInAnyway,
) -> Result<Json<Vec<SessionInfo>>, AppError> {
    let sessions = state
        .store
        .sessions_of(
            user.id,
            &user.session,
            chrono::Utc::now(),
            state.idle_timeout,
        )
        .await?;
    Ok(Json(sessions))
}

/// `DELETE /api/account/sessions`: "logga ut överallt", this session included.
pub async fn end_all_mine(
    State(state): State<AppState>,
    client: ClientAddr,
    SignedInAnyway(user): SignedInAnyway,
) -> Result<Response, AppError> {
    let subject = Subject::of(&user);
    let address = client.to_string();
    state
        .store
        .end_sessions_of(
            user.id,
            None,
            SessionEnd::EndedByOwner,
            Some(&subject.entry(SecurityEvent::SessionsEnded, &address)),
        )
        .await?;
    Ok(signed_out_response(&state))
}

/// `DELETE /api/account/sessions/{id}`: ends one of one's own sessions (404 for anyone else's);
/// ending the current one signs out.
pub async fn end_one_of_mine(
    State(state): State<AppState>,
    client: ClientAddr,
    SignedInAnyway(user): SignedInAnyway,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let token_hash = state
        .store
        .session_by_public_id(user.id, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let subject = Subject::of(&user);
    let address = client.to_string();
    state
        .store
        .end_session(
            &token_hash,
            SessionEnd::EndedByOwner,
            Some(&subject.entry(SecurityEvent::SessionsEnded, &address)),
        )
        .await?;
    if token_hash == user.session {
        return Ok(signed_out_response(&state));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `DELETE /api/users/{id}/sessions`: an administrator ends every session of an account.
pub async fn end_all_of_account(
    State(state): State<AppState>,
    client: ClientAddr,
    Admin(admin): Admin,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    if state.store.account_email(id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let subject = Subject::admin_on(&admin, id);
    let address = client.to_string();
    state
        .store
        .end_sessions_of(
            id,
            None,
            SessionEnd::EndedByAdmin,
            Some(&subject.entry(SecurityEvent::SessionsEndedByAdmin, &address)),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
