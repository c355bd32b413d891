//! The second factor: the code step of signing in, setting up an authenticator app from "Mitt
//! konto" (or straight after the password when the account must have one), and an
//! administrator's reset. Every wrong code, refusal, enrolment, reset and used recovery code is a
//! security event in the access log.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use kp_domain::second_factor::{
    CodeForm, CodeNeeded, RecoveryCodes, SecondFactorSetup, SecondFactorStatus, SignInAnswer,
    TypedCode, CODE_STEP_MINUTES, CODE_TRIES_PER_SIGN_IN,
};
use kp_domain::security::SecurityEvent;

use super::session::{field, SessionStart};
use super::{log_security, Subject};
use crate::auth::{self, Admin, SignedInAnyway};
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::store::Account;
use crate::throttle::Attempt;
use crate::{totp, AppState};

/// The code step's cookie: over https with the `__Host-` prefix, like the session's.
fn challenge_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-kp_code_step"
    } else {
        "kp_code_step"
    }
}

fn challenge_cookie(token: Option<&str>, secure: bool) -> String {
    let name = challenge_cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    match token {
        Some(token) => format!(
            "{name}={token}; HttpOnly; SameSite=Strict; Path=/api/session; Max-Age={}{secure}",
            CODE_STEP_MINUTES * 60
        ),
        None => format!("{name}=; HttpOnly; SameSite=Strict; Path=/api/session; Max-Age=0{secure}"),
    }
}

/// After a correct password for an account with a second factor: a challenge, not a session.
pub(crate) async fn ask_for_code(
    state: &AppState,
    account: &Account,
) -> Result<Response, AppError> {
    let token = totp::new_challenge_token();
    let now = Utc::now();
    state
        .store
        .create_challenge(
            &auth::token_hash(&token),
            account.id,
            now,
            now + chrono::Duration::minutes(CODE_STEP_MINUTES),
        )
        .await?;
    Ok((
        [(
            header::SET_COOKIE,
            challenge_cookie(Some(&token), state.https),
        )],
        Json(SignInAnswer::CodeNeeded(CodeNeeded {
            second_factor_required: true,
            expires_in_seconds: CODE_STEP_MINUTES * 60,
        })),
    )
        .into_response())
}

/// What a typed code turned out to be.
enum Checked {
    Right { recovery: bool },
    Wrong,
}

/// Checks `typed` against the account's second factor, using the code's step or the recovery
/// code up (so neither works twice).
async fn check_code(
    state: &AppState,
    user_id: i64,
    typed: &TypedCode,
    now: DateTime<Utc>,
) -> Result<Checked, AppError> {
    let Some(secret) = state
        .store
        .second_factor(user_id)
        .await?
        .and_then(|f| f.secret)
    else {
        return Ok(Checked::Wrong);
    };
    let right = match typed {
        TypedCode::Totp(code) => match totp::matching_step(&secret, code, now) {
            Some(step) => state.store.use_code_step(user_id, step).await?,
            None => false,
        },
        TypedCode::Recovery(code) => {
            let hash = totp::recovery_hash(code);
            return Ok(
                match state.store.use_recovery_code(user_id, &hash, now).await? {
                    true => Checked::Right { recovery: true },
                    false => Checked::Wrong,
                },
            );
        }
        TypedCode::Malformed => false,
    };
    Ok(if right {
        Checked::Right { recovery: false }
    } else {
        Checked::Wrong
    })
}

/// Reserves a code check in the second factor's throttle; a refusal is logged (once in a while)
/// and answered 429.
async fn reserve(
    state: &AppState,
    client_key: &str,
    account_key: &str,
    subject: &Subject,
    client: ClientAddr,
) -> Result<Attempt, AppError> {
    match state
        .second_factor
        .reserve(client_key, account_key, Utc::now())
        .await?
    {
        Ok(attempt) => Ok(attempt),
        Err(refused) => {
            if refused.first_in_a_while {
                log_security(state, SecurityEvent::SecondFactorThrottled, subject, client).await?;
            }
            Err(refused.into())
        }
    }
}

/// The code field's own mistake (not a guess: nothing is counted).
fn malformed() -> AppError {
    AppError::Validation(vec![field("code", "code_format")])
}

/// `POST /api/session/code`: the code from the app (or a recovery code) after the password.
/// Right: the session starts in the challenge's place. Wrong: counted per account (like
/// sign-ins) and per challenge; the fifth wrong code ends the challenge, and the person starts
/// again with the password.
pub async fn sign_in_with_code(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    Json(form): Json<CodeForm>,
) -> Result<Response, AppError> {
    let now = Utc::now();
    let token = auth::cookie(&headers, challenge_cookie_name(state.https))
        .filter(|t| !t.is_empty())
        .ok_or(AppError::SignInAgain)?;
    let challenge = auth::token_hash(&token);
    let (user_id, _) = state
        .store
        .challenge(&challenge, now)
        .await?
        .ok_or(AppError::SignInAgain)?;
    let account = match state.store.account_email(user_id).await? {
        Some(email) => state.store.account_for_sign_in(&email).await?,
        None => None,
    }
    .ok_or(AppError::SignInAgain)?;
    let typed = TypedCode::read(&form.code);
    if typed == TypedCode::Malformed {
        return Err(malformed());
    }
    let subject = Subject::account(account.id, &account.display_name);
    let key = format!("id:{}", account.id);
    let attempt = reserve(&state, &client.throttle_key(), &key, &subject, client).await?;
    let address = client.to_string();
    let recovery = match check_code(&state, account.id, &typed, now).await? {
        Checked::Right { recovery } => recovery,
        Checked::Wrong => {
            state.second_factor.failed(attempt, now).await?;
            let open = state
                .store
                .challenge_failed(
                    &challenge,
                    CODE_TRIES_PER_SIGN_IN,
                    &subject.entry(SecurityEvent::SecondFactorFailed, &address),
                )
                .await?;
            if !open {
                return Ok((
                    [(header::SET_COOKIE, challenge_cookie(None, state.https))],
                    AppError::SignInAgain,
                )
                    .into_response());
            }
            return Err(AppError::Validation(vec![field("code", "wrong_code")]));
        }
    };
    state.second_factor.succeeded(attempt).await?;
    let start = SessionStart::new(&headers, client);
    let mut logs = vec![subject.entry(SecurityEvent::SignedIn, &start.address)];
    if recovery {
        logs.insert(
            0,
            subject.entry(SecurityEvent::RecoveryCodeUsed, &start.address),
        );
    }
    if !state
        .store
        .complete_challenge(&challenge, &start.session(account.id), &logs)
        .await?
    {
        return Err(AppError::SignInAgain);
    }
    Ok(start.answer(&state, &account, &[challenge_cookie(None, state.https)]))
}

/// `GET /api/account/second-factor`: whether one has a second factor, must have one, and how
/// many recovery codes are left.
pub async fn status(
    State(state): State<AppState>,
    SignedInAnyway(user): SignedInAnyway,
) -> Result<Json<SecondFactorStatus>, AppError> {
    let stored = state.store.second_factor(user.id).await?;
    Ok(Json(SecondFactorStatus {
        enabled: user.second_factor,
        required: state.second_factor_required(user.role, user.demo),
        recovery_codes_left: stored.map_or(0, |f| f.recovery_codes_left),
    }))
}

/// `POST /api/account/second-factor`: a new secret for an app, kept until confirmed (the one in
/// use, if any, stays in use until then).
pub async fn begin(
    State(state): State<AppState>,
    SignedInAnyway(user): SignedInAnyway,
) -> Result<Json<SecondFactorSetup>, AppError> {
    if user.must_change_password {
        return Err(AppError::PasswordChangeRequired);
    }
    let secret = totp::new_secret();
    state
        .store
        .set_pending_second_factor(user.id, &secret)
        .await?;
    Ok(Json(totp::setup(&secret, &user.email)?))
}

/// `POST /api/account/second-factor/confirm`: a code from the app proves it holds the new secret;
/// the second factor is then on, and ten recovery codes are answered, once.
pub async fn confirm(
    State(state): State<AppState>,
    client: ClientAddr,
    SignedInAnyway(user): SignedInAnyway,
    Json(form): Json<CodeForm>,
) -> Result<Json<RecoveryCodes>, AppError> {
    if user.must_change_password {
        return Err(AppError::PasswordChangeRequired);
    }
    let now = Utc::now();
    let TypedCode::Totp(code) = TypedCode::read(&form.code) else {
        return Err(malformed());
    };
    let pending = state
        .store
        .second_factor(user.id)
        .await?
        .and_then(|f| f.pending)
        .ok_or_else(|| AppError::Conflict {
            code: "no_second_factor_setup",
            message: "start setting up the second factor first".into(),
        })?;
    let subject = Subject::of(&user);
    let key = format!("id:{}", user.id);
    let attempt = reserve(&state, "session", &key, &subject, client).await?;
    let Some(step) = totp::matching_step(&pending, &code, now) else {
        state.second_factor.failed(attempt, now).await?;
        log_security(&state, SecurityEvent::SecondFactorFailed, &subject, client).await?;
        return Err(AppError::Validation(vec![field("code", "wrong_code")]));
    };
    state.second_factor.succeeded(attempt).await?;
    let (codes, hashes) = totp::new_recovery_codes();
    let address = client.to_string();
    let switched = state
        .store
        .enable_second_factor(
            user.id,
            &pending,
            step,
            &hashes,
            &subject.entry(SecurityEvent::SecondFactorEnabled, &address),
        )
        .await?;
    if !switched {
        return Err(AppError::Conflict {
            code: "no_second_factor_setup",
            message: "the setup changed meanwhile; start again".into(),
        });
    }
    Ok(Json(RecoveryCodes { codes }))
}

/// `DELETE /api/users/{id}/second-factor`: an administrator removes a person's second factor (a
/// lost phone); their sessions end, and if they must have one they set up a new one at their
/// next sign-in.
pub async fn reset(
    State(state): State<AppState>,
    client: ClientAddr,
    Admin(admin): Admin,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let address = client.to_string();
    let subject = Subject::admin_on(&admin, id);
    if !state
        .store
        .reset_second_factor(
            id,
            &subject.entry(SecurityEvent::SecondFactorReset, &address),
        )
        .await?
    {
        return Err(AppError::NotFound);
    }
    Ok(StatusCode::NO_CONTENT)
}
