//! Sign-in, sessions, roles and cross-site protection for the caseworker area.
//!
//! - Passwords: argon2id (PHC strings), hashed and verified on the blocking pool, never on the
//!   async threads.
//! - Sessions: a random 256-bit token in an `HttpOnly`, `SameSite=Strict` cookie (`Secure` when the
//!   public address is https); the database keeps only its SHA-256, so sessions can be revoked
//!   (sign-out, deactivation, password change) and a copy of the database signs nobody in.
//!   Idle timeout 30 minutes, absolute lifetime 10 hours.
//! - Brute force: failed sign-ins are counted per account and per address; both answer the same
//!   `invalid_credentials` (or `too_many_attempts`) whether the account exists or not, and an
//!   unknown account still costs one hash verification so timing does not tell either.
//! - Cross-site requests: every state-changing `/api` request must come from this origin
//!   (`Sec-Fetch-Site`, else `Origin` against `Host`); bodies are JSON only.

use std::time::Duration;

use anyhow::Context as _;
use axum::body::Body;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::rate_limit::SlidingWindow;
use crate::store::Role;
use crate::AppState;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "kp_session";
/// A session ends after this long without a request.
pub const IDLE_TIMEOUT: chrono::Duration = chrono::Duration::minutes(30);
/// A session ends this long after sign-in, however active.
pub const ABSOLUTE_LIFETIME: chrono::Duration = chrono::Duration::hours(10);
/// Shortest accepted password.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// A signed-in caseworker, as a handler sees them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CurrentUser {
    /// Account id.
    pub id: i64,
    /// E-mail (the sign-in name).
    pub email: String,
    /// Name shown in the UI and the access log.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// The session's token hash (to revoke this session).
    #[serde(skip)]
    pub session: String,
}

/// A signed-in administrator.
#[derive(Debug, Clone)]
pub struct Admin(pub CurrentUser);

/// The SHA-256 (hex) of a session token.
pub fn token_hash(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

/// A fresh random session token (256 bits, base64url).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A cookie's value from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.trim().to_string())
}

/// The `Set-Cookie` value for a new session (or, with `None`, one that clears it).
pub fn session_cookie(token: Option<&str>, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    match token {
        Some(token) => format!(
            "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{secure}",
            ABSOLUTE_LIFETIME.num_seconds()
        ),
        None => format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{secure}"),
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or(AppError::Unauthorized)?;
        let hash = token_hash(&token);
        let now = chrono::Utc::now();
        let user = state
            .store
            .session_user(&hash, now, IDLE_TIMEOUT)
            .await?
            .ok_or(AppError::Unauthorized)?;
        state.store.touch_session(&hash, now).await?;
        Ok(user)
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        if user.role != Role::Admin {
            return Err(AppError::Forbidden);
        }
        Ok(Admin(user))
    }
}

/// Hashes a password with argon2id on the blocking pool (never on the async threads).
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        use argon2::password_hash::{PasswordHasher, SaltString};
        use rand_core::OsRng;
        let salt = SaltString::generate(&mut OsRng);
        argon2::Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
    })
    .await
    .context("password hashing panicked")?
}

/// Verifies a password against a PHC hash on the blocking pool. Without an account, it verifies
/// against `dummy` (a real hash of a random password made at start-up) and answers false, so an
/// unknown e-mail takes as long as a wrong password.
pub async fn verify_password(password: String, hash: Option<String>, dummy: &str) -> bool {
    let known = hash.is_some();
    let hash = hash.unwrap_or_else(|| dummy.to_string());
    let ok = tokio::task::spawn_blocking(move || {
        use argon2::password_hash::{PasswordHash, PasswordVerifier};
        PasswordHash::new(&hash)
            .map(|parsed| {
                argon2::Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    ok && known
}

/// Failed sign-ins, counted per account and (more leniently) per address.
#[derive(Debug)]
pub struct SignInThrottle {
    /// Per account (`account:<e-mail>`).
    pub accounts: SlidingWindow,
    /// Per address (`address:<ip>`), four times the account limit.
    pub addresses: SlidingWindow,
}

impl SignInThrottle {
    /// `limit` failures per account, four times that per address, in 15 minutes.
    pub fn new(limit: usize) -> SignInThrottle {
        let window = Duration::from_secs(15 * 60);
        SignInThrottle {
            accounts: SlidingWindow::new(limit, window),
            addresses: SlidingWindow::new(limit * 4, window),
        }
    }
}

/// Refuses state-changing `/api` requests that a browser says come from another site.
pub async fn same_origin_only(request: Request<Body>, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || is_same_origin(request.headers()) {
        return next.run(request).await;
    }
    AppError::Forbidden.into_response()
}

/// Whether a request comes from this origin (or from no browser at all: no cross-site context).
pub fn is_same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => {
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            origin
                .split_once("://")
                .is_some_and(|(_, rest)| rest.trim_end_matches('/') == host)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn a_request_is_same_origin_only_when_the_browser_says_so_or_the_origin_matches() {
        let cases = [
            (
                headers(&[("sec-fetch-site", "same-origin")]),
                true,
                "same origin",
            ),
            (
                headers(&[("sec-fetch-site", "cross-site")]),
                false,
                "cross site",
            ),
            (
                headers(&[("sec-fetch-site", "same-site")]),
                false,
                "a sibling subdomain",
            ),
            (
                headers(&[
                    ("origin", "http://127.0.0.1:8080"),
                    ("host", "127.0.0.1:8080"),
                ]),
                true,
                "matching origin",
            ),
            (
                headers(&[
                    ("origin", "https://evil.example"),
                    ("host", "127.0.0.1:8080"),
                ]),
                false,
                "foreign origin",
            ),
            (
                headers(&[("origin", "null"), ("host", "127.0.0.1:8080")]),
                false,
                "opaque origin",
            ),
            (headers(&[]), true, "no browser context (curl)"),
        ];
        for (h, expected, why) in cases {
            assert_eq!(is_same_origin(&h), expected, "{why}");
        }
    }

    #[test]
    fn failures_lock_a_key_for_the_rest_of_the_window() {
        let throttle = SlidingWindow::new(3, Duration::from_secs(900));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(throttle.locked("acct:a", t0), None);
            throttle.record("acct:a", t0);
        }
        assert!(throttle
            .locked("acct:a", t0 + Duration::from_secs(1))
            .is_some());
        assert_eq!(
            throttle.locked("acct:b", t0),
            None,
            "other keys are not affected"
        );
        assert_eq!(
            throttle.locked("acct:a", t0 + Duration::from_secs(900)),
            None,
            "the window passed"
        );
        throttle.record("acct:a", t0);
        throttle.clear("acct:a");
        assert_eq!(throttle.locked("acct:a", t0), None);
    }

    #[test]
    fn the_session_cookie_is_http_only_strict_and_secure_on_https() {
        let c = session_cookie(Some("abc"), true);
        assert!(c.starts_with("kp_session=abc; HttpOnly; SameSite=Strict; Path=/"));
        assert!(c.ends_with("; Secure"));
        assert!(!session_cookie(Some("abc"), false).contains("Secure"));
        assert!(session_cookie(None, false).contains("Max-Age=0"));
    }

    #[test]
    fn tokens_are_long_random_and_only_their_hash_is_kept() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }
}
