//! Sign-in, sessions, roles and cross-site protection for the caseworker area.
//!
//! - Passwords: argon2id (PHC strings), hashed and verified on the blocking pool, never on the
//!   async threads, at most one per core at a time ([`Hasher`]); beyond a short queue the answer
//!   is 503 `busy` with `Retry-After`, so a flood cannot allocate ~19 MiB per request without end.
//! - Sessions: a random 256-bit token in an `HttpOnly`, `SameSite=Strict` cookie (`Secure` when the
//!   public address is https); the database keeps only its SHA-256, so sessions can be revoked
//!   (sign-out, deactivation, password change) and a copy of the database signs nobody in. Over
//!   https the cookie is named `__Host-kp_session`, so no subdomain can set or shadow it.
//!   Idle timeout 30 minutes (configurable), absolute lifetime 10 hours.
//! - Brute force: see [`crate::throttle`]; the answer is the same `invalid_credentials` (or
//!   `too_many_requests`) whether the account exists or not, and an unknown account still costs
//!   one hash verification so timing does not tell either.
//! - A password an administrator set is temporary: until its owner changes it, [`CurrentUser`]
//!   refuses every route with 403 `password_change_required`; only [`SignedInAnyway`] (who am
//!   I, sign out, change password, one's sessions) lets such a session through.
//! - A second factor (an authenticator app, see [`crate::totp`]): after a correct password an
//!   account that has one gets a short-lived challenge cookie, not a session, until its code is
//!   right. An account that must have one (`KP_REQUIRE_MFA`; administrators by default; the demo
//!   account only in demo mode is exempt) and has none gets a session that [`CurrentUser`]
//!   refuses with 403 `second_factor_required` until it has enrolled.
//! - Cross-site requests: every state-changing `/api` request must come from this origin
//!   (`Sec-Fetch-Site`, else `Origin` against `Host`); bodies are JSON only.

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
use crate::store::Role;
use crate::throttle::Priority;
use crate::AppState;

/// The session cookie's name over plain http (local use, tests).
pub const SESSION_COOKIE: &str = "kp_session";
/// The session cookie's name over https: the `__Host-` prefix makes the browser refuse it unless
/// it is `Secure`, has `Path=/` and no `Domain`, so a sibling subdomain cannot plant one.
pub const SECURE_SESSION_COOKIE: &str = "__Host-kp_session";
/// A session ends after this long without a request, unless configured otherwise.
pub const IDLE_TIMEOUT: chrono::Duration = chrono::Duration::minutes(30);
/// A session ends this long after sign-in, however active.
pub const ABSOLUTE_LIFETIME: chrono::Duration = chrono::Duration::hours(10);

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
    /// The password is temporary (set by an administrator) and must be changed first.
    pub must_change_password: bool,
    /// The demo account.
    pub demo: bool,
    /// The account has a second factor.
    pub second_factor: bool,
    /// The account must have a second factor and has none yet: until it has enrolled, only
    /// [`SignedInAnyway`] lets it through.
    pub must_enrol: bool,
    /// The session was made through the identity provider (its sign-in is the strong one: no
    /// local second factor is asked for).
    pub via_provider: bool,
}

/// A live session whose password may still have to be changed, or whose second factor must
/// still be set up: only for who am I, signing out, changing the password, enrolling a second
/// factor and one's own sessions.
#[derive(Debug, Clone)]
pub struct SignedInAnyway(pub CurrentUser);

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

/// The session cookie's name: with the `__Host-` prefix over https.
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// The `Set-Cookie` value for a new session (or, with `None`, one that clears it).
pub fn session_cookie(token: Option<&str>, secure: bool) -> String {
    strict_cookie(
        session_cookie_name(secure),
        token,
        ABSOLUTE_LIFETIME,
        secure,
    )
}

/// A session cookie `name` (`HttpOnly`, `SameSite=Strict`, the whole site, `Secure` over https)
/// holding `token` for `lifetime`, or, with `None`, one that clears it.
pub fn strict_cookie(
    name: &str,
    token: Option<&str>,
    lifetime: chrono::Duration,
    secure: bool,
) -> String {
    let secure = if secure { "; Secure" } else { "" };
    match token {
        Some(token) => format!(
            "{name}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{secure}",
            lifetime.num_seconds()
        ),
        None => format!("{name}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{secure}"),
    }
}

/// How often a session's last activity is written: a minute, or a thirtieth of a short idle
/// timeout (so the warning the caseworker area shows stays accurate when tests shorten it).
pub fn touch_granularity(idle: chrono::Duration) -> chrono::Duration {
    (idle / 30).clamp(chrono::Duration::seconds(1), chrono::Duration::minutes(1))
}

impl FromRequestParts<AppState> for SignedInAnyway {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        SignedInAnyway::from_headers(&parts.headers, state).await
    }
}

impl SignedInAnyway {
    /// The session the request's cookie names, if it is live: counts as activity (the session's
    /// last use is stamped), and a session that ran out is ended and logged. The extractor is
    /// this; the caseworker area's shell asks it too, so a page load is what `GET /api/session`
    /// is.
    pub(crate) async fn from_headers(
        headers: &HeaderMap,
        state: &AppState,
    ) -> Result<SignedInAnyway, AppError> {
        let token =
            cookie(headers, session_cookie_name(state.https)).ok_or(AppError::Unauthorized)?;
        let hash = token_hash(&token);
        let now = chrono::Utc::now();
        let Some(account) = state
            .store
            .session_account(&hash, now, state.idle_timeout)
            .await?
        else {
            // A session that ran out is ended and logged now rather than at the next sweep, so
            // the access log shows the expiry before the person signs in again. A made-up token
            // costs a read, never a write.
            if state.store.session_unended(&hash).await? {
                state
                    .store
                    .expire_sessions(now, state.idle_timeout, Some(&hash))
                    .await?;
            }
            return Err(AppError::Unauthorized);
        };
        state
            .store
            .touch_session(&hash, now, touch_granularity(state.idle_timeout))
            .await?;
        Ok(SignedInAnyway(CurrentUser {
            id: account.id,
            email: account.email,
            display_name: account.display_name,
            role: account.role,
            session: hash,
            must_change_password: account.must_change_password,
            demo: account.demo,
            second_factor: account.second_factor,
            must_enrol: !account.via_provider
                && state.must_enrol(account.role, account.demo, account.second_factor),
            via_provider: account.via_provider,
        }))
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let SignedInAnyway(user) = SignedInAnyway::from_request_parts(parts, state).await?;
        if user.must_change_password {
            return Err(AppError::PasswordChangeRequired);
        }
        if user.must_enrol {
            return Err(AppError::SecondFactorRequired);
        }
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

/// Password hashing and verification: argon2id on the blocking pool, at most one per core at a
/// time, with a short queue; beyond it, [`Busy`]. Each verification holds ~19 MiB while it runs,
/// so the cap is what bounds the memory a flood of sign-ins can take. How deep a check may queue
/// depends on its [`Priority`]: known clients and first attempts find room where guessers are
/// refused.
#[derive(Debug)]
pub struct Hasher {
    permits: tokio::sync::Semaphore,
    waiting: std::sync::atomic::AtomicUsize,
    queue_limit: usize,
    /// A real hash of a random password, verified against for unknown accounts.
    dummy: String,
}

/// Takes one off the waiting count when dropped.
struct LeaveQueue<'a>(&'a std::sync::atomic::AtomicUsize);

impl Drop for LeaveQueue<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// The hashing queue is full: answer 503 with `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

impl From<Busy> for AppError {
    fn from(_: Busy) -> AppError {
        AppError::Busy(5)
    }
}

impl Hasher {
    /// `parallel` hashes at once, `queue_limit` waiting at most.
    pub async fn new(parallel: usize, queue_limit: usize) -> anyhow::Result<Hasher> {
        Ok(Hasher {
            permits: tokio::sync::Semaphore::new(parallel.max(1)),
            waiting: std::sync::atomic::AtomicUsize::new(0),
            queue_limit,
            dummy: hash_password(new_token()).await?,
        })
    }

    /// Sized to the machine: one per core at once, eight per core waiting.
    pub async fn for_this_machine() -> anyhow::Result<Hasher> {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Hasher::new(cores, cores * 8).await
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
        priority: Priority,
    ) -> Result<T, Busy> {
        use std::sync::atomic::Ordering;
        let limit = self.queue_limit * priority.queue_factor();
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= limit {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(Busy);
        }
        // Leaves the queue however the wait ends, also when the request is dropped meanwhile
        // (the client went away, or the request timed out).
        let waiting = LeaveQueue(&self.waiting);
        let permit = self.permits.acquire().await;
        drop(waiting);
        let _permit = permit.map_err(|_| Busy)?;
        tokio::task::spawn_blocking(work).await.map_err(|_| Busy)
    }

    /// Hashes a new password.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.run(move || hash_password_now(&password), Priority::KnownClient)
            .await?
            .map_err(AppError::Internal)
    }

    /// Verifies a password against a PHC hash. Without an account, it verifies against the dummy
    /// hash and answers false, so an unknown e-mail takes as long as a wrong password.
    pub async fn verify(
        &self,
        password: String,
        hash: Option<String>,
        priority: Priority,
    ) -> Result<bool, Busy> {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.dummy.clone());
        let ok = self
            .run(
                move || {
                    use argon2::password_hash::{PasswordHash, PasswordVerifier};
                    PasswordHash::new(&hash)
                        .map(|parsed| {
                            argon2::Argon2::default()
                                .verify_password(password.as_bytes(), &parsed)
                                .is_ok()
                        })
                        .unwrap_or(false)
                },
                priority,
            )
            .await?;
        Ok(ok && known)
    }
}

fn hash_password_now(password: &str) -> anyhow::Result<String> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

/// Hashes a password with argon2id on the blocking pool, outside the [`Hasher`]'s cap (start-up
/// and tests).
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_password_now(&password))
        .await
        .context("password hashing panicked")?
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
    fn the_session_cookie_is_http_only_strict_and_secure_on_https() {
        let c = session_cookie(Some("abc"), true);
        assert!(c.starts_with("__Host-kp_session=abc; HttpOnly; SameSite=Strict; Path=/"));
        assert!(c.ends_with("; Secure"));
        assert!(!session_cookie(Some("abc"), false).contains("Secure"));
        assert!(session_cookie(None, false).contains("Max-Age=0"));
    }

    #[test]
    fn over_https_the_cookie_has_the_host_prefix() {
        let c = session_cookie(Some("abc"), true);
        assert!(c.starts_with("__Host-kp_session=abc;"), "{c}");
        assert!(c.contains("Path=/") && c.contains("Secure") && !c.contains("Domain"));
        assert!(session_cookie(Some("abc"), false).starts_with("kp_session=abc;"));
        assert!(session_cookie(None, true).starts_with("__Host-kp_session=;"));
    }

    #[tokio::test]
    async fn hashing_beyond_the_queue_is_refused_not_queued() {
        let hasher = std::sync::Arc::new(Hasher::new(1, 1).await.unwrap());
        let tasks: Vec<_> = (0..6)
            .map(|_| {
                let hasher = hasher.clone();
                tokio::spawn(
                    async move { hasher.verify("x".into(), None, Priority::Guesser).await },
                )
            })
            .collect();
        let mut busy = 0;
        for task in tasks {
            busy += usize::from(task.await.unwrap() == Err(Busy));
        }
        assert!(busy >= 1, "some of six at once find the queue of one full");
    }

    #[tokio::test]
    async fn a_first_attempt_finds_room_where_a_guesser_does_not() {
        let hasher = std::sync::Arc::new(Hasher::new(1, 2).await.unwrap());
        // Two guessers queued behind one running: the queue is full for guessers …
        let held = hasher.permits.acquire().await.unwrap();
        let guessers: Vec<_> = (0..2)
            .map(|_| {
                let hasher = hasher.clone();
                tokio::spawn(
                    async move { hasher.verify("x".into(), None, Priority::Guesser).await },
                )
            })
            .collect();
        while hasher.waiting.load(std::sync::atomic::Ordering::SeqCst) < 2 {
            tokio::task::yield_now().await;
        }
        assert_eq!(
            hasher.verify("x".into(), None, Priority::Guesser).await,
            Err(Busy)
        );
        // … but not for someone's first attempt.
        let first = {
            let hasher = hasher.clone();
            tokio::spawn(async move {
                hasher
                    .verify("x".into(), None, Priority::FirstAttempt)
                    .await
            })
        };
        while hasher.waiting.load(std::sync::atomic::Ordering::SeqCst) < 3 {
            tokio::task::yield_now().await;
        }
        drop(held);
        assert_eq!(first.await.unwrap(), Ok(false));
        for guesser in guessers {
            assert_eq!(guesser.await.unwrap(), Ok(false));
        }
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
