//! Kontaktperson's server: the JSON API under `/api`, and the SPA (shell + assets) for every other
//! path. `main.rs` only reads the configuration and calls [`run`].

pub mod assets;
pub mod auth;
pub mod backup;
pub mod client_addr;
pub mod config;
pub mod contact_area;
pub mod content;
pub mod error;
pub mod frontend;
pub mod jobs;
pub mod mail;
pub mod mailer;
pub mod municipality;
pub mod oidc;
pub mod passwords;
pub mod purpose;
pub mod rate_limit;
pub mod report_reminders;
pub mod retention;
pub mod retention_cli;
pub mod routes;
pub mod shell;
pub mod store;
pub mod throttle;
pub mod tigrinya_font;
pub mod totp;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::Router;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use auth::hash_password;
pub use config::Config;
use store::{Role, Store};

/// The largest request body accepted anywhere but a receipt's upload (64 KiB); larger ones get
/// 413. A receipt may be `kp_domain::receipt::MAX_RECEIPT_BYTES`.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The built SPA.
    pub frontend: Arc<frontend::Frontend>,
    /// The public pages' text.
    pub content: Arc<content::Content>,
    /// The configured public address, if any.
    pub public_url: Option<Arc<str>>,
    /// The unit's mailbox, for notices of new applications.
    pub unit_email: Arc<str>,
    /// The per-address limit on new applications.
    pub submissions: Arc<rate_limit::RateLimiter>,
    /// Wakes the mail sender after mail is queued.
    pub mailer: mailer::Mailer,
    /// Sign-in attempts per client and account, per client, and per account.
    pub sign_in: Arc<throttle::AttemptThrottle>,
    /// Guesses of the current password when changing it, per account.
    pub password_change: Arc<throttle::AttemptThrottle>,
    /// Codes from the app (and recovery codes), per account.
    pub second_factor: Arc<throttle::AttemptThrottle>,
    /// Which local accounts must have a second factor.
    pub require_mfa: kp_domain::second_factor::MfaPolicy,
    /// The quick start's demo mode (`DEMO_USER`): only then is the demo account exempt from the
    /// second factor.
    pub demo_mode: bool,
    /// Password hashing, capped at one per core.
    pub hasher: Arc<auth::Hasher>,
    /// Whether the site is served over https (the session cookie is then `Secure` and
    /// `__Host-`, and HSTS is sent).
    pub https: bool,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Arc<client_addr::TrustedProxies>,
    /// A session ends after this long without a request.
    pub idle_timeout: chrono::Duration,
    /// Single sign-on through the identity provider, if configured.
    pub oidc: Option<Arc<oidc::Oidc>>,
    /// Whether e-mail and password sign in.
    pub local_sign_in: bool,
    /// Sign-ins started at the provider per address (each stores a pending sign-in).
    pub provider_starts: Arc<rate_limit::RateLimiter>,
    /// Access-log entries for refusals no started sign-in stands behind (a forged or replayed
    /// answer, too many starts), per address: past the limit they are refused unlogged, so a
    /// script cannot flood the access log.
    pub provider_refusals: Arc<rate_limit::RateLimiter>,
    /// The contact person's area: how one signs in, who may, the report rules.
    pub contact_area: contact_area::ContactAreaConfig,
    /// Sign-in links asked for per client address.
    pub contact_links_by_address: Arc<rate_limit::SlidingWindow>,
    /// Sign-in links mailed per address (so nobody's mailbox is flooded; the links that did go
    /// out still work, so this limit locks nobody out).
    pub contact_links_by_email: Arc<rate_limit::SlidingWindow>,
    /// The municipality's name, as the agreement names the board.
    pub municipality: Arc<str>,
    /// E-legitimation for contact persons through the e-ID broker, if configured.
    pub eid: Option<Arc<oidc::Oidc>>,
}

impl AppState {
    /// Whether an account must have a second factor: the policy requires one for its role, and
    /// it is not the demo account in demo mode.
    pub fn second_factor_required(&self, role: Role, demo: bool) -> bool {
        self.require_mfa.requires(role, demo && self.demo_mode)
    }

    /// Whether an account must still set up a second factor before anything else.
    pub fn must_enrol(&self, role: Role, demo: bool, second_factor: bool) -> bool {
        !second_factor && self.second_factor_required(role, demo)
    }

    /// A page's text with its live data (the compensation levels and the retention periods from
    /// the database) filled in.
    pub async fn page_content(
        &self,
        locale: kp_domain::Locale,
        id: &str,
    ) -> Result<Option<kp_domain::api::PageContent>, sqlx::Error> {
        if id == kp_domain::PublicPage::Apply.id() {
            return Ok(self.content.apply_page(locale));
        }
        let Some(page) = self.content.get(locale, id) else {
            return Ok(None);
        };
        let overview = if page.html.contains(content::COMPENSATION_SLOT) {
            self.store.compensation_overview(current_year()).await?
        } else {
            None
        };
        let rules = if content::needs_retention_rules(page) {
            Some(retention::rule_set(&self.store).await?)
        } else {
            None
        };
        Ok(Some(content::with_live_data(
            page,
            overview.as_ref(),
            rules.as_ref(),
        )))
    }
}

/// Today's date in Sweden, summer time included (see `kp_domain::time`).
pub fn today_in_sweden(now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    kp_domain::time::today_in_sweden(now)
}

/// The calendar year in Sweden now.
pub fn current_year() -> i32 {
    use chrono::Datelike;
    kp_domain::time::today_in_sweden(chrono::Utc::now()).year()
}

/// Sign-ins one address may start at the identity provider in ten minutes.
const PROVIDER_STARTS_PER_TEN_MINUTES: usize = 30;

/// Opens the database, loads the SPA and builds the router.
pub async fn build(config: &Config) -> anyhow::Result<(Router, Store)> {
    let (audit, source) = store::AuditKeys::for_database(&config.audit_key, &config.database_url)?;
    match &source {
        store::KeySource::Configured => {
            tracing::info!(
                key_id = audit.signing_id(),
                "the access log is signed with KP_AUDIT_KEY"
            )
        }
        store::KeySource::FileBesideDatabase { path, created } => tracing::warn!(
            key_id = audit.signing_id(),
            file = %path.display(),
            created,
            "KP_AUDIT_KEY is not set: the access log is signed with a key kept in a file beside \
             the database, so whoever can read that folder could rewrite the log undetected; \
             set KP_AUDIT_KEY (kept elsewhere) in production"
        ),
        store::KeySource::ThisProcessOnly => tracing::warn!(
            "KP_AUDIT_KEY is not set: an in-memory database's access log is signed with a key \
             for this process only"
        ),
    }
    let store = Store::open_with(&config.database_url, audit).await?;
    if let Some((email, password)) = &config.demo_user {
        let hash = hash_password(password.clone()).await?;
        let id = store
            .upsert_account(email, "Demo (administratör)", &hash, Role::Admin)
            .await
            .context("creating the demo account")?;
        store
            .mark_account(id, true, false)
            .await
            .context("marking the demo account")?;
        tracing::info!(%email, "demo administrator account is ready");
    }
    let dist = config.dist_dir.clone();
    let municipality = municipality::Municipality::load(
        &config.settings.municipality,
        config.municipality_logo.as_deref(),
    )?;
    let frontend =
        tokio::task::spawn_blocking(move || frontend::Frontend::load(&dist, municipality))
            .await
            .context("loading the SPA panicked")??;
    let content = content::Content::load(&config.content_dir, &config.settings)
        .with_context(|| format!("loading the page texts in {}", config.content_dir.display()))?;
    if !content.missing().is_empty() {
        tracing::warn!(missing = ?content.missing(), "page texts are missing; those pages answer 404");
    }
    let csp = HeaderValue::from_str(&frontend.csp).context("CSP header value")?;
    let counts = rate_limit::Counts::for_store(&store);
    let state = AppState {
        store: store.clone(),
        frontend: Arc::new(frontend),
        content: Arc::new(content),
        public_url: config.public_url.as_deref().map(Arc::from),
        unit_email: Arc::from(config.settings.unit_email.as_str()),
        sign_in: Arc::new(throttle::AttemptThrottle::new(
            "sign_in",
            config.sign_in_limit,
            &counts,
        )),
        password_change: Arc::new(throttle::AttemptThrottle::new(
            "password_change",
            config.sign_in_limit,
            &counts,
        )),
        second_factor: Arc::new(throttle::AttemptThrottle::new(
            "second_factor",
            config.sign_in_limit,
            &counts,
        )),
        require_mfa: config.require_mfa,
        demo_mode: config.demo_user.is_some(),
        hasher: Arc::new(auth::Hasher::for_this_machine().await?),
        trusted_proxies: Arc::new(config.trusted_proxies.clone()),
        idle_timeout: config.idle_timeout,
        https: config
            .public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://")),
        mailer: mailer::start(
            store.clone(),
            config.smtp_url.clone(),
            config
                .mail_from
                .clone()
                .unwrap_or_else(|| config.settings.unit_email.clone()),
        )?,
        submissions: Arc::new(rate_limit::RateLimiter::new(
            config.submission_limit,
            Duration::from_secs(600),
            &counts,
        )),
        oidc: match (&config.oidc, &config.public_url) {
            (Some(sso), Some(public_url)) => {
                Some(Arc::new(oidc::Oidc::new(sso.clone(), public_url)?))
            }
            _ => None,
        },
        local_sign_in: config.local_sign_in,
        provider_starts: Arc::new(rate_limit::RateLimiter::named(
            "oidc_starts",
            PROVIDER_STARTS_PER_TEN_MINUTES,
            Duration::from_secs(600),
            &counts,
        )),
        provider_refusals: Arc::new(rate_limit::RateLimiter::named(
            "oidc_refusals",
            PROVIDER_STARTS_PER_TEN_MINUTES,
            Duration::from_secs(600),
            &counts,
        )),
        contact_area: config.contact_area,
        contact_links_by_address: Arc::new(rate_limit::SlidingWindow::new(
            "contact_links_by_address",
            10,
            Duration::from_secs(900),
            &counts,
        )),
        contact_links_by_email: Arc::new(rate_limit::SlidingWindow::new(
            "contact_links_by_email",
            3,
            Duration::from_secs(900),
            &counts,
        )),
        municipality: config.settings.municipality.as_str().into(),
        eid: match (&config.eid, &config.public_url) {
            (Some((broker, claim)), Some(public_url)) => Some(Arc::new(
                oidc::Oidc::for_contact_area(broker.clone(), public_url, claim)?,
            )),
            _ => None,
        },
    };
    // The area's reminders link to it, so they need its public address (which a way in needs).
    let reminders = config
        .public_url
        .clone()
        .filter(|_| config.contact_area.reminders)
        .map(|public_url| report_reminders::ReminderSettings {
            rules: config.contact_area.report_rules,
            public_url,
        });
    tokio::spawn(jobs::run(
        store.clone(),
        config.idle_timeout,
        reminders,
        state.mailer.clone(),
    ));
    Ok((router(state, csp, config.limits.request_timeout), store))
}

/// The whole application: `/api` and the SPA, with the layers every answer passes through.
pub fn router(state: AppState, csp: HeaderValue, request_timeout: Duration) -> Router {
    // The size limit (each route's, `routes::api`) and the timeout sit inside the envelope
    // middleware so their 413 and 408 are answered as JSON too; `no-store` covers every answer,
    // the envelope's included.
    let api = routes::api_router()
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            request_timeout,
        ))
        .layer(axum::middleware::from_fn(auth::same_origin_only))
        .layer(axum::middleware::from_fn(error::ensure_envelope))
        .layer(axum::middleware::from_fn(error::no_store_unless_public));
    let https = state.https;
    let router =
        Router::new()
            .nest("/api", api)
            .fallback(frontend::serve)
            .with_state(state)
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                request_timeout + Duration::from_secs(1),
            ))
            .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
            .layer(
                CompressionLayer::new()
                    .br(true)
                    .gzip(true)
                    .quality(CompressionLevel::Precise(5)),
            )
            // An answer may set a stricter policy of its own: a receipt is served sandboxed.
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CONTENT_SECURITY_POLICY,
                csp,
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::REFERRER_POLICY,
                HeaderValue::from_static("strict-origin-when-cross-origin"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_FRAME_OPTIONS,
                HeaderValue::from_static("DENY"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                HeaderName::from_static("permissions-policy"),
                HeaderValue::from_static(
                    "camera=(), microphone=(), geolocation=(), interest-cohort=()",
                ),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                HeaderName::from_static("cross-origin-opener-policy"),
                HeaderValue::from_static("same-origin"),
            ))
            // Failures are logged where they happen (`AppError` logs internal errors with their
            // cause); the trace layer's own line per 5xx would let a flood of 503 `busy` answers
            // flood the log, so it is only a debug line.
            .layer(TraceLayer::new_for_http().on_failure(
                tower_http::trace::DefaultOnFailure::new().level(tracing::Level::DEBUG),
            ));
    if https {
        // Two years, subdomains too: once a browser has seen the site over https it never
        // tries plain http again (no downgrade on a café's network).
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        ))
    } else {
        router
    }
}

/// Serves `app` on `listener` with the limits every connection is held to, until `shutdown`
/// completes; then lets requests in flight finish (for at most ten seconds).
///
/// - a request head must arrive within `header_timeout`, and a kept-alive connection is closed
///   after that long without a new request (hyper's header-read timer restarts when a
///   connection goes idle): a client that trickles its headers or sits on a socket is cut off;
/// - the answer must come within `request_timeout` (the [`router`]'s timeout layer: 408);
/// - at most `max_connections` connections at once: past that the server stops accepting and
///   new connections wait in the kernel's backlog, so memory and file descriptors stay bounded.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: config::ServerLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::service::TowerToHyperService;
    use tower::ServiceExt as _;

    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(Some(limits.header_timeout))
        .keep_alive_timeout(limits.header_timeout)
        .max_concurrent_streams(64);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.context("connection slots closed")?,
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    tracing::warn!(error = %e, "accepting a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        stream.set_nodelay(true).ok();
        let service = app.clone().map_request(
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                request
            },
        );
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service))
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(Duration::from_secs(10)) => {
            tracing::warn!("requests still running after 10 seconds; stopping anyway");
        }
    }
    Ok(())
}

/// Binds, prints the address, and serves until `shutdown` completes; then drains requests and
/// closes the database.
pub async fn run(
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let (app, store) = build(&config).await?;
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(config.host, config.port))
        .await
        .with_context(|| format!("listening on {}:{}", config.host, config.port))?;
    let address = listener.local_addr()?;
    // The test harnesses read this line to learn the port; keep its shape.
    println!("Kontaktperson listening on http://{address}/");
    serve(listener, app, config.limits, shutdown)
        .await
        .context("serving")?;
    tokio::time::timeout(Duration::from_secs(5), store.close())
        .await
        .ok();
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
