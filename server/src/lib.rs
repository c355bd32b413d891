//! Kontaktperson's server: the JSON API under `/api`, and the SPA (shell + assets) for every other
//! path. `main.rs` only reads the configuration and calls [`run`].

pub mod assets;
pub mod auth;
pub mod config;
pub mod content;
pub mod error;
pub mod frontend;
pub mod mail;
pub mod mailer;
pub mod rate_limit;
pub mod routes;
pub mod shell;
pub mod store;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use auth::hash_password;
pub use config::Config;
use store::{Role, Store};

/// The largest request body accepted anywhere (64 KiB); larger ones get 413.
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
    /// Failed sign-ins per account and per address.
    pub sign_in_failures: Arc<auth::SignInThrottle>,
    /// A real argon2id hash of a random password, verified against for unknown accounts.
    pub dummy_hash: Arc<str>,
    /// Whether the site is served over https (the session cookie is then `Secure`).
    pub https: bool,
}

impl AppState {
    /// A page's text with its live data (the compensation levels from the database) filled in.
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
        Ok(Some(content::with_live_data(page, overview.as_ref())))
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

/// Opens the database, loads the SPA and builds the router.
pub async fn build(config: &Config) -> anyhow::Result<(Router, Store)> {
    let store = Store::open(&config.database_url).await?;
    if let Some((email, password)) = &config.demo_user {
        let hash = hash_password(password.clone()).await?;
        store
            .upsert_account(email, "Demo (administratör)", &hash, Role::Admin)
            .await
            .context("creating the demo account")?;
        tracing::info!(%email, "demo administrator account is ready");
    }
    let dist = config.dist_dir.clone();
    let frontend = tokio::task::spawn_blocking(move || frontend::Frontend::load(&dist))
        .await
        .context("loading the SPA panicked")??;
    let content = content::Content::load(&config.content_dir, &config.settings)
        .with_context(|| format!("loading the page texts in {}", config.content_dir.display()))?;
    if !content.missing().is_empty() {
        tracing::warn!(missing = ?content.missing(), "page texts are missing; those pages answer 404");
    }
    let csp = HeaderValue::from_str(&frontend.csp).context("CSP header value")?;
    let state = AppState {
        store: store.clone(),
        frontend: Arc::new(frontend),
        content: Arc::new(content),
        public_url: config.public_url.as_deref().map(Arc::from),
        unit_email: Arc::from(config.settings.unit_email.as_str()),
        sign_in_failures: Arc::new(auth::SignInThrottle::new(config.sign_in_limit)),
        dummy_hash: Arc::from(hash_password(auth::new_token()).await?.as_str()),
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
        )),
    };
    Ok((router(state, csp), store))
}

/// The whole application: `/api` and the SPA, with the layers every answer passes through.
pub fn router(state: AppState, csp: HeaderValue) -> Router {
    // The size limit sits inside the envelope middleware so its 413 is answered as JSON too.
    let api = routes::api_router()
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(auth::same_origin_only))
        .layer(axum::middleware::from_fn(error::ensure_envelope));
    Router::new()
        .nest("/api", api)
        .fallback(frontend::serve)
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                .quality(CompressionLevel::Precise(5)),
        )
        .layer(SetResponseHeaderLayer::overriding(
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
        .layer(TraceLayer::new_for_http())
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
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
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
