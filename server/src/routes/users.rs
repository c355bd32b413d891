//! Account administration (administrators only): list, create, change role, deactivate, reset a
//! password. A deactivated account's sessions end at once; nobody can lock themselves out.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kp_domain::application::normalise_email;
use serde::Deserialize;

use super::session::{check_new_password, field};
use crate::auth::{self, Admin};
use crate::error::AppError;
use crate::store::{AccountSummary, Role};
use crate::AppState;

fn parse_role(role: &str) -> Result<Role, AppError> {
    match role {
        "caseworker" => Ok(Role::Caseworker),
        "admin" => Ok(Role::Admin),
        _ => Err(AppError::Validation(vec![field("role", "invalid_choice")])),
    }
}

/// Account changes go to the access log too (an account holds a person's name and e-mail).
async fn log_account(
    state: &AppState,
    admin: &auth::CurrentUser,
    action: &str,
    id: i64,
    peer: SocketAddr,
) -> Result<(), AppError> {
    super::log_access(state, admin, action, &format!("account:{id}"), peer).await
}

/// `GET /api/users`.
pub async fn list(
    State(state): State<AppState>,
    _admin: Admin,
) -> Result<Json<Vec<AccountSummary>>, AppError> {
    Ok(Json(state.store.accounts().await?))
}

/// A new account.
#[derive(Debug, Deserialize)]
pub struct NewAccount {
    email: String,
    display_name: String,
    role: String,
    password: String,
}

/// `POST /api/users`: creates an account with a first password (to be changed by its owner).
pub async fn create(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Admin(admin): Admin,
    Json(new): Json<NewAccount>,
) -> Result<Response, AppError> {
    let email = normalise_email(&new.email)
        .ok_or_else(|| AppError::Validation(vec![field("email", "format")]))?;
    let name = new.display_name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::Validation(vec![field(
            "display_name",
            "required",
        )]));
    }
    let role = parse_role(&new.role)?;
    check_new_password(&new.password, None)?;
    if state.store.account_for_sign_in(&email).await?.is_some() {
        return Err(AppError::Conflict {
            code: "email_taken",
            message: "an account with that e-mail exists".into(),
        });
    }
    let hash = auth::hash_password(new.password).await?;
    let id = state
        .store
        .upsert_account(&email, name, &hash, role)
        .await?;
    log_account(&state, &admin, "write:account_created", id, peer).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id }))).into_response())
}

/// Changes to an account.
#[derive(Debug, Deserialize)]
pub struct AccountChange {
    role: Option<String>,
    active: Option<bool>,
    password: Option<String>,
}

/// `PATCH /api/users/{id}`: role, active, or a new password (which ends the account's sessions).
pub async fn update(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
    Json(change): Json<AccountChange>,
) -> Result<StatusCode, AppError> {
    if id == admin.id
        && (change.active == Some(false) || change.role.as_deref() == Some("caseworker"))
    {
        return Err(AppError::Conflict {
            code: "cannot_lock_out_self",
            message: "you cannot deactivate or demote your own account".into(),
        });
    }
    let role = change.role.as_deref().map(parse_role).transpose()?;
    let hash = match change.password {
        Some(password) => {
            check_new_password(&password, None)?;
            Some(auth::hash_password(password).await?)
        }
        None => None,
    };
    if !state
        .store
        .update_account(id, role, change.active, hash.as_deref())
        .await?
    {
        return Err(AppError::NotFound);
    }
    if change.active == Some(false) || hash.is_some() {
        state.store.revoke_sessions_of(id, None).await?;
    }
    let what = match (&role, change.active, &hash) {
        (Some(_), _, _) => "write:account_role",
        (_, Some(false), _) => "write:account_deactivated",
        (_, Some(true), _) => "write:account_activated",
        (_, _, Some(_)) => "write:account_password",
        _ => "write:account",
    };
    log_account(&state, &admin, what, id, peer).await?;
    Ok(StatusCode::NO_CONTENT)
}
