//! Account administration (administrators only): list, create, change role, deactivate, reset a
//! password, lift a sign-in lock. A password an administrator sets is temporary: its owner must
//! choose a new one at the next sign-in. A deactivated account's sessions end at once; nobody
//! can lock themselves out.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kp_domain::account_forms::{AccountChange, NewAccount};
use kp_domain::application::normalise_email;

use super::session::field;
use super::{log_security, Actor, Subject};
use crate::auth::Admin;
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::store::{AccountSummary, Role};
use crate::AppState;

/// `GET /api/users`: with each account's live sessions and sign-in lock.
pub async fn list(
    State(state): State<AppState>,
    _admin: Admin,
) -> Result<Json<Vec<AccountSummary>>, AppError> {
    let mut accounts = state
        .store
        .accounts(chrono::Utc::now(), state.idle_timeout)
        .await?;
    let now = chrono::Utc::now();
    for account in &mut accounts {
        account.locked_for_seconds = state
            .sign_in
            .account_locked(&account.email.to_lowercase(), now)
            .await?
            .map(|wait| wait.as_secs().max(1) as i64);
    }
    Ok(Json(accounts))
}

/// `POST /api/users/{id}/unlock`: lifts the lock that many failed sign-ins from many addresses
/// put on an account.
pub async fn unlock(
    State(state): State<AppState>,
    client: ClientAddr,
    Admin(admin): Admin,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let email = state
        .store
        .account_email(id)
        .await?
        .ok_or(AppError::NotFound)?;
    state.sign_in.unlock_account(&email.to_lowercase()).await?;
    log_security(
        &state,
        kp_domain::security::SecurityEvent::AccountUnlocked,
        &Subject::admin_on(&admin, id),
        client,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/users`: creates an account with a first password (to be changed by its owner), or,
/// while local sign-in is off, without one (for the identity provider to link).
pub async fn create(
    State(state): State<AppState>,
    client: ClientAddr,
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
    let role = new.role;
    let password = match (state.local_sign_in, new.password) {
        (true, Some(password)) => {
            crate::passwords::check_new(&password, None, &[&email, name])?;
            Some(password)
        }
        (true, None) => return Err(AppError::Validation(vec![field("password", "required")])),
        (false, _) => None,
    };
    if state.store.account_for_sign_in(&email).await?.is_some() {
        return Err(AppError::Conflict {
            code: "email_taken",
            message: "an account with that e-mail exists".into(),
        });
    }
    let hash = match &password {
        Some(password) => state.hasher.hash(password.clone()).await?,
        None => crate::store::NO_PASSWORD.to_string(),
    };
    // Account changes go to the access log too (an account holds a person's name and e-mail),
    // in the change's transaction; the store adds the new account's id to the record.
    let actor = Actor::new(&admin, client);
    let id = state
        .store
        .create_account(
            &email,
            name,
            &hash,
            role,
            password.is_some(),
            &actor.entry("write:account_created", "account:"),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id }))).into_response())
}

/// `PATCH /api/users/{id}`: role, active, or a new password (which ends the account's sessions).
pub async fn update(
    State(state): State<AppState>,
    client: ClientAddr,
    Admin(admin): Admin,
    Path(id): Path<i64>,
    Json(change): Json<AccountChange>,
) -> Result<StatusCode, AppError> {
    if id == admin.id && (change.active == Some(false) || change.role == Some(Role::Caseworker)) {
        return Err(AppError::Conflict {
            code: "cannot_lock_out_self",
            message: "you cannot deactivate or demote your own account".into(),
        });
    }
    let role = change.role;
    let hash = match change.password {
        Some(_) if !state.local_sign_in => return Err(AppError::LocalSignInOff),
        Some(password) => {
            let email = state.store.account_email(id).await?.unwrap_or_default();
            crate::passwords::check_new(&password, None, &[&email])?;
            Some(state.hasher.hash(password).await?)
        }
        None => None,
    };
    let what = match (&role, change.active, &hash) {
        (Some(_), _, _) => "write:account_role",
        (_, Some(false), _) => "write:account_deactivated",
        (_, Some(true), _) => "write:account_activated",
        (_, _, Some(_)) => "write:account_password",
        _ => "write:account",
    };
    // A deactivation or a new password ends the account's sessions, in the same transaction as
    // the change and its access-log entry.
    let actor = Actor::new(&admin, client);
    let record = format!("account:{id}");
    if !state
        .store
        .change_account(
            id,
            role,
            change.active,
            hash.as_deref(),
            &actor.entry(what, &record),
        )
        .await?
    {
        return Err(AppError::NotFound);
    }
    Ok(StatusCode::NO_CONTENT)
}
