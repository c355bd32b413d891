//! Single sign-on through the municipality's identity provider: what the sign-in page offers,
//! the start (to the provider, with a state cookie bound to this browser) and the callback
//! (the provider's answer: checked, then the account's session). Every refusal is an access-log
//! entry and a Swedish message on the sign-in page (`/handlaggare/logga-in?fel=<code>`), never
//! an error page.

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kp_domain::security::SecurityEvent;
use kp_domain::single_sign_on::{ProviderRefusal, SignInMethods};
use serde::Deserialize;

use super::session::SessionStart;
use super::{log_security, Subject};
use crate::auth;
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::oidc::Oidc;
use crate::store::{ProviderIdentity, ProviderOutcome};
use crate::AppState;

/// How long a started sign-in may take at the provider.
const SIGN_IN_TIME: chrono::Duration = chrono::Duration::minutes(10);
/// Where a person lands after signing in.
const AREA: &str = "/handlaggare/";
/// The caseworker area's sign-in page.
const SIGN_IN_PAGE: &str = "/handlaggare/logga-in";

/// `GET /api/auth/methods`: e-mail and password, the identity provider, or both.
pub async fn methods(State(state): State<AppState>) -> Json<SignInMethods> {
    Json(SignInMethods {
        local: state.local_sign_in,
        provider: state.oidc.as_ref().map(|o| o.name().to_string()),
    })
}

/// The state cookie's name: `__Secure-` over https. It must reach the callback, a top-level
/// navigation from the provider's site, so it is `SameSite=Lax` (the session cookie is `Strict`).
fn state_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Secure-kp_oidc"
    } else {
        "kp_oidc"
    }
}

fn state_cookie(value: Option<&str>, secure: bool) -> String {
    let name = state_cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    match value {
        Some(v) => format!(
            "{name}={v}; HttpOnly; SameSite=Lax; Path=/api/auth/oidc; Max-Age={}{secure}",
            SIGN_IN_TIME.num_seconds()
        ),
        None => format!("{name}=; HttpOnly; SameSite=Lax; Path=/api/auth/oidc; Max-Age=0{secure}"),
    }
}

/// A 303 to `to` with `cookies` set.
fn see_other(to: &str, cookies: &[String]) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(to) {
        headers.insert(header::LOCATION, location);
    }
    for cookie in cookies {
        if let Ok(value) = HeaderValue::from_str(cookie) {
            headers.append(header::SET_COOKIE, value);
        }
    }
    response
}

fn configured(state: &AppState) -> Result<&Oidc, AppError> {
    state.oidc.as_deref().ok_or(AppError::NotFound)
}

/// Back to the sign-in page with `why`, logged about `subject` (or about nobody known).
///
/// A refusal without a started sign-in behind it (a forged or replayed answer, too many starts)
/// costs an attacker nothing, so those are logged for at most as many per address as sign-ins
/// may be started; past that they are refused unlogged.
async fn refuse(
    state: &AppState,
    why: ProviderRefusal,
    subject: Option<Subject>,
    client: ClientAddr,
) -> Result<Response, AppError> {
    let free = matches!(
        why,
        ProviderRefusal::UnknownAttempt | ProviderRefusal::TooMany
    );
    let log = !free
        || state
            .provider_refusals
            .check(client.0, &auth::new_token(), chrono::Utc::now())
            .await?
            .is_ok();
    if log {
        let subject = subject.unwrap_or_else(|| Subject {
            user_id: 0,
            user_name: "(okänd)".into(),
            record: "account:unknown".into(),
        });
        log_security(
            state,
            SecurityEvent::ProviderSignInRefused(why),
            &subject,
            client,
        )
        .await?;
    }
    Ok(see_other(
        &format!("{SIGN_IN_PAGE}?fel={}", why.code()),
        &[state_cookie(None, state.https)],
    ))
}

/// `GET /api/auth/oidc/start`: stores the sign-in's nonce and PKCE verifier under its state,
/// gives the browser the state in a cookie, and sends it to the provider.
pub async fn start(
    State(state): State<AppState>,
    client: ClientAddr,
) -> Result<Response, AppError> {
    let oidc = configured(&state)?;
    let now = chrono::Utc::now();
    // Counted before the provider is asked: a script cannot make us ask it (or log its
    // failures) more often than this either.
    if state
        .provider_starts
        .check(client.0, &auth::new_token(), now)
        .await?
        .is_err()
    {
        return refuse(&state, ProviderRefusal::TooMany, None, client).await;
    }
    let started = match oidc.start().await {
        Ok(started) => started,
        Err(why) => return refuse(&state, why, None, client).await,
    };
    state
        .store
        .begin_provider_sign_in(
            &auth::token_hash(&started.state),
            &started.nonce,
            &started.pkce_verifier,
            now + SIGN_IN_TIME,
        )
        .await?;
    Ok(see_other(
        &started.url,
        &[state_cookie(Some(&started.state), state.https)],
    ))
}

/// The provider's answer, as it sends it back.
#[derive(Debug, Default, Deserialize)]
pub struct Callback {
    pub(crate) code: Option<String>,
    pub(crate) state: Option<String>,
    pub(crate) error: Option<String>,
}

/// `GET /api/auth/oidc/callback`: the provider's answer. The state must be this browser's (its
/// cookie) and a started sign-in's, taken once; then the code is traded for tokens, the ID
/// token verified, and the account found, linked or created and signed in.
pub async fn callback(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    Query(answer): Query<Callback>,
) -> Result<Response, AppError> {
    let oidc = configured(&state)?;
    let kept = auth::cookie(&headers, state_cookie_name(state.https));
    // Compared as hashes: the comparison takes as long whatever the values share.
    let ours = match (&answer.state, &kept) {
        (Some(sent), Some(kept)) if auth::token_hash(sent) == auth::token_hash(kept) => {
            Some(auth::token_hash(sent))
        }
        _ => None,
    };
    let started = match &ours {
        Some(hash) => {
            state
                .store
                .take_provider_sign_in(hash, chrono::Utc::now())
                .await?
        }
        None => None,
    };
    // Not this browser's, not started, already used or too old — whatever else it says.
    let Some((nonce, verifier)) = started else {
        return refuse(&state, ProviderRefusal::UnknownAttempt, None, client).await;
    };
    if let Some(error) = &answer.error {
        let why = match error.as_str() {
            "access_denied" | "login_required" | "interaction_required" => {
                ProviderRefusal::Cancelled
            }
            _ => ProviderRefusal::ProviderFailed,
        };
        return refuse(&state, why, None, client).await;
    }
    let Some(code) = answer
        .code
        .as_deref()
        .filter(|c| !c.is_empty() && c.len() <= 2048)
    else {
        return refuse(&state, ProviderRefusal::ProviderFailed, None, client).await;
    };
    let person = match oidc.finish(code, &nonce, &verifier).await {
        Ok(person) => person,
        Err(why) => return refuse(&state, why, None, client).await,
    };
    let start = SessionStart::new(&headers, client).via_provider();
    let who = ProviderIdentity {
        issuer: &person.issuer,
        subject: &person.subject,
        email: person.email.as_deref(),
        email_verified: person.email_verified,
        name: &person.name,
        claimed: person.claimed,
    };
    match state
        .store
        .sign_in_via_provider(&who, &start.session(0))
        .await?
    {
        ProviderOutcome::SignedIn(_) => Ok(see_other(
            AREA,
            &[
                auth::session_cookie(Some(start.token()), state.https),
                state_cookie(None, state.https),
            ],
        )),
        ProviderOutcome::Refused(why, account) => {
            let subject = match account {
                Some((id, name)) => Subject::account(id, &name),
                None => Subject {
                    user_id: 0,
                    user_name: person.email.clone().unwrap_or_else(|| person.name.clone()),
                    record: format!("account:unknown oidc {}", person.subject),
                },
            };
            refuse(&state, why, Some(subject), client).await
        }
    }
}
