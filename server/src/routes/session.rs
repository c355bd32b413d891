//! Sign-in, sign-out, who am I, and changing one's own password. Every outcome that matters to
//! security (signed in, failed, throttled, locked, signed out, password changed or not) goes to
//! the access log with the client's address, never with a password.

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kp_domain::account_forms::{PasswordChange, SignInForm};
use kp_domain::caseworker::SignedIn;
use kp_domain::security::SecurityEvent;
use kp_domain::single_sign_on::ProviderSignOut;
use serde::Deserialize;

use super::{log_security, Subject};
use crate::auth::{self, CurrentUser, SignedInAnyway};
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::store::{Account, LogEntry, NewSession, SessionEnd};
use crate::throttle::{Attempt, AttemptThrottle};
use crate::AppState;

/// What `GET /api/session` and a sign-in answer about the person.
pub(crate) fn signed_in(state: &AppState, user: &CurrentUser) -> SignedIn {
    let idle = state.idle_timeout - auth::touch_granularity(state.idle_timeout);
    SignedIn {
        id: user.id,
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        role: user.role,
        must_change_password: user.must_change_password,
        // Shown as "Demoläge" on every page: only while the server runs in demo mode.
        demo: user.demo && state.demo_mode,
        idle_seconds: idle.num_seconds(),
        second_factor: user.second_factor,
        must_enrol_second_factor: user.must_enrol,
        via_provider: user.via_provider,
    }
}

/// The e-mail typed into the sign-in form, bounded, as a throttle key.
fn account_key(email: &str) -> String {
    email.trim().to_lowercase().chars().take(254).collect()
}

/// `POST /api/session`: signs in; sets the session cookie.
///
/// The attempt is reserved in the throttle before the password is checked, so concurrent
/// guesses cannot slip past the limit; the check itself waits for a free hashing slot.
pub async fn sign_in(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    Json(form): Json<SignInForm>,
) -> Result<Response, AppError> {
    if !state.local_sign_in {
        return Err(AppError::LocalSignInOff);
    }
    let now = chrono::Utc::now();
    let key = account_key(&form.email);
    let attempt = match state
        .sign_in
        .reserve(&client.throttle_key(), &key, now)
        .await?
    {
        Ok(attempt) => attempt,
        Err(refused) => {
            if refused.first_in_a_while {
                let account = state.store.account_for_sign_in(&key).await?;
                let subject = Subject::of_sign_in(account.as_ref(), &key);
                log_security(&state, SecurityEvent::SignInThrottled, &subject, client).await?;
            }
            return Err(refused.into());
        }
    };
    let account = state.store.account_for_sign_in(&key).await?;
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    let (attempt, ok) = verify_guess(&state, &state.sign_in, attempt, form.password, hash).await?;
    let subject = Subject::of_sign_in(account.as_ref(), &key);
    let Some(account) = account.filter(|_| ok) else {
        let locked = state.sign_in.failed(attempt, now).await?;
        log_security(&state, SecurityEvent::SignInFailed, &subject, client).await?;
        if locked {
            log_security(&state, SecurityEvent::AccountLocked, &subject, client).await?;
        }
        return Err(AppError::InvalidCredentials);
    };
    state.sign_in.succeeded(attempt).await?;
    if account.second_factor {
        return super::second_factor::ask_for_code(&state, &account).await;
    }
    let start = SessionStart::new(&headers, client);
    state
        .store
        .create_session(
            &start.session(account.id),
            &subject.entry(SecurityEvent::SignedIn, &start.address),
        )
        .await?;
    Ok(start.answer(&state, &account, &[]))
}

/// A session about to start: its token and what is kept about it.
pub(crate) struct SessionStart {
    token: String,
    token_hash: String,
    public_id: String,
    created: chrono::DateTime<chrono::Utc>,
    pub(crate) address: String,
    user_agent: String,
    via_provider: bool,
}

impl SessionStart {
    /// A new token, now, from this client.
    pub(crate) fn new(headers: &HeaderMap, client: ClientAddr) -> SessionStart {
        let token = auth::new_token();
        SessionStart {
            token_hash: auth::token_hash(&token),
            token,
            public_id: auth::new_token(),
            created: chrono::Utc::now(),
            address: client.to_string(),
            user_agent: headers
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .chars()
                .take(300)
                .collect(),
            via_provider: false,
        }
    }

    /// The same, for a sign-in through the identity provider.
    pub(crate) fn via_provider(self) -> SessionStart {
        SessionStart {
            via_provider: true,
            ..self
        }
    }

    /// The session token (for the cookie).
    pub(crate) fn token(&self) -> &str {
        &self.token
    }

    /// The row to store for `user_id`.
    pub(crate) fn session(&self, user_id: i64) -> NewSession<'_> {
        NewSession {
            token_hash: &self.token_hash,
            public_id: &self.public_id,
            user_id,
            created: self.created,
            expires: self.created + auth::ABSOLUTE_LIFETIME,
            address: &self.address,
            user_agent: &self.user_agent,
            via_provider: self.via_provider,
        }
    }

    /// The answer that sets the session cookie (and any `more` cookies) and says who signed in.
    pub(crate) fn answer(self, state: &AppState, account: &Account, more: &[String]) -> Response {
        let user = CurrentUser {
            id: account.id,
            email: account.email.clone(),
            display_name: account.display_name.clone(),
            role: account.role,
            session: String::new(),
            must_change_password: account.must_change_password,
            demo: account.demo,
            second_factor: account.second_factor,
            must_enrol: !self.via_provider
                && state.must_enrol(account.role, account.demo, account.second_factor),
            via_provider: self.via_provider,
        };
        let mut response = Json(signed_in(state, &user)).into_response();
        let cookies = std::iter::once(auth::session_cookie(Some(&self.token), state.https))
            .chain(more.iter().cloned());
        for cookie in cookies {
            if let Ok(value) = header::HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
        }
        response
    }
}

/// `GET /api/session`: the signed-in caseworker, or `null` when nobody is (not an error: the
/// caseworker area asks this on every start). Counts as activity, so "stay signed in" is this.
pub async fn who_am_i(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Option<SignedIn>>, AppError> {
    who_is_signed_in(&state, &headers).await.map(Json)
}

/// What `GET /api/session` answers for a request with these headers: the same check, the same
/// activity stamp, the same expiry. The caseworker area's shell embeds it (`frontend.rs`).
pub(crate) async fn who_is_signed_in(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<SignedIn>, AppError> {
    match SignedInAnyway::from_headers(headers, state).await {
        Ok(SignedInAnyway(user)) => Ok(Some(signed_in(state, &user))),
        Err(AppError::Unauthorized) => Ok(None),
        Err(other) => Err(other),
    }
}

/// Why the caseworker area ends its session.
#[derive(Debug, Default, Deserialize)]
pub struct SignOutReason {
    /// `idle`: the area's idle timer ran out (logged as an expiry, not a sign-out).
    reason: Option<String>,
}

/// `DELETE /api/session`: signs out (the session is ended, the cookie cleared). With
/// `?reason=idle` the caseworker area says its idle timer ran out: the session ends as expired
/// and is logged as `auth:session_expired`, as the server's own sweep would a moment later.
pub async fn sign_out(
    State(state): State<AppState>,
    client: ClientAddr,
    SignedInAnyway(user): SignedInAnyway,
    Query(why): Query<SignOutReason>,
) -> Result<Response, AppError> {
    let subject = Subject::of(&user);
    let address = client.to_string();
    let (end, event) = match why.reason.as_deref() {
        Some("idle") => (SessionEnd::Expired, SecurityEvent::SessionExpired),
        _ => (SessionEnd::SignedOut, SecurityEvent::SignedOut),
    };
    state
        .store
        .end_session(&user.session, end, Some(&subject.entry(event, &address)))
        .await?;
    let mut response = signed_out_response(&state);
    // A session made through the provider: the browser goes on to end the provider's session
    // too (not after an idle timeout: the person is not there to see it).
    if let (true, None, Some(oidc)) = (user.via_provider, why.reason.as_deref(), &state.oidc) {
        if let Some(end_session_url) = oidc.end_session_url().await {
            let cookie = response.headers().get(header::SET_COOKIE).cloned();
            response = Json(ProviderSignOut { end_session_url }).into_response();
            if let Some(cookie) = cookie {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
        }
    }
    Ok(response)
}

/// 204 with the session cookie cleared.
pub(crate) fn signed_out_response(state: &AppState) -> Response {
    (
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, auth::session_cookie(None, state.https))],
    )
        .into_response()
}

/// `POST /api/account/password`: changes one's own password (a temporary one too); the other
/// sessions end. Guesses of the current password are limited like sign-ins, per account.
pub async fn change_password(
    State(state): State<AppState>,
    client: ClientAddr,
    SignedInAnyway(user): SignedInAnyway,
    Json(change): Json<PasswordChange>,
) -> Result<StatusCode, AppError> {
    let now = chrono::Utc::now();
    let subject = Subject::of(&user);
    // Keyed by the account alone: whoever holds the session, wherever from, gets the same few
    // guesses.
    let key = format!("id:{}", user.id);
    let attempt = match state.password_change.reserve("session", &key, now).await? {
        Ok(attempt) => attempt,
        Err(refused) => {
            if refused.first_in_a_while {
                log_security(
                    &state,
                    SecurityEvent::PasswordChangeThrottled,
                    &subject,
                    client,
                )
                .await?;
            }
            return Err(refused.into());
        }
    };
    let account = state
        .store
        .account_for_sign_in(&user.email)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let (attempt, ok) = verify_guess(
        &state,
        &state.password_change,
        attempt,
        change.current_password.clone(),
        Some(account.password_hash),
    )
    .await?;
    if !ok {
        state.password_change.failed(attempt, now).await?;
        log_security(
            &state,
            SecurityEvent::PasswordChangeFailed,
            &subject,
            client,
        )
        .await?;
        return Err(AppError::Validation(vec![field(
            "current_password",
            "wrong_password",
        )]));
    }
    state.password_change.succeeded(attempt).await?;
    crate::passwords::check_new(
        &change.new_password,
        Some(&change.current_password),
        &[&user.email, &user.display_name],
    )?;
    let hash = state.hasher.hash(change.new_password).await?;
    let address = client.to_string();
    state
        .store
        .set_own_password(
            user.id,
            &hash,
            &user.session,
            &subject.entry(SecurityEvent::PasswordChanged, &address),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Checks a reserved guess against `hash` (an unknown account: `None`); when the hashing queue
/// is full the attempt gives its place back and the answer is 503 `busy`.
async fn verify_guess(
    state: &AppState,
    throttle: &AttemptThrottle,
    attempt: Attempt,
    password: String,
    hash: Option<String>,
) -> Result<(Attempt, bool), AppError> {
    match state
        .hasher
        .verify(password, hash, attempt.priority())
        .await
    {
        Ok(ok) => Ok((attempt, ok)),
        Err(busy) => {
            throttle.cancel(attempt).await?;
            Err(busy.into())
        }
    }
}

pub(crate) fn field(field: &str, code: &str) -> kp_domain::api::FieldError {
    kp_domain::api::FieldError {
        field: field.into(),
        code: code.into(),
    }
}

impl Subject {
    /// The access-log entry for `event` about this subject from `address`.
    pub(crate) fn entry<'a>(&'a self, event: SecurityEvent, address: &'a str) -> LogEntry<'a> {
        LogEntry {
            user_id: self.user_id,
            user_name: &self.user_name,
            action: event.action(),
            record: &self.record,
            address,
        }
    }
}
