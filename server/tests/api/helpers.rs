//! `spawn_app()`: the real router on a free port, a fresh database, the fixture SPA in
//! `tests/fixtures/dist` and the repository's page texts.
//!
//! The database is SQLite in the app's temporary folder, or, when `KP_TEST_POSTGRES_URL` names a
//! PostgreSQL server (`scripts/with-postgres.sh` starts a throw-away one), a fresh PostgreSQL
//! database of the app's own on that server.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use kp_server::store::Store;
use kp_server::Config;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub store: Store,
    pub dir: tempfile::TempDir,
    server: tokio::task::JoinHandle<()>,
}

pub fn fixture_dist() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dist")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_in(tempfile::tempdir().expect("a temporary folder"), adjust).await
}

/// Starts the app on the database in `dir` (to start it again on the same data: a restart).
pub async fn spawn_app_in(dir: tempfile::TempDir, adjust: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_listening_in(dir, |config, _| adjust(config)).await
}

/// Binds the app's port first, so that `adjust` is given the app's own address
/// (`http://127.0.0.1:<port>`), e.g. for `config.public_url`.
pub async fn spawn_app_listening(adjust: impl FnOnce(&mut Config, &str)) -> TestApp {
    spawn_app_listening_in(tempfile::tempdir().expect("a temporary folder"), adjust).await
}

async fn spawn_app_listening_in(
    dir: tempfile::TempDir,
    adjust: impl FnOnce(&mut Config, &str),
) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let mut config = Config::from_env_and_args(|_| None, &[]).expect("default config");
    config.port = 0;
    config.database_url = database_url(dir.path()).await;
    config.dist_dir = fixture_dist();
    config.content_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../content");
    // The tests of everything but the second factor sign administrators in with a password
    // alone; `second_factor.rs` tests the default (administrators must have one) and the rest.
    config.require_mfa = kp_domain::second_factor::MfaPolicy::Off;
    // PostgreSQL needs the access log's key configured; SQLite keeps one beside its file.
    if on_postgres() {
        config.audit_key.current = Some(TEST_AUDIT_KEY.into());
    }
    adjust(&mut config, &address);
    let (router, store) = kp_server::build(&config).await.expect("the app builds");
    let limits = config.limits;
    let server = tokio::spawn(async move {
        kp_server::serve(listener, router, limits, std::future::pending())
            .await
            .expect("serving");
    });
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        address,
        client,
        store,
        dir,
        server,
    }
}

/// The access log's key (`KP_AUDIT_KEY`) of test apps and processes on PostgreSQL.
pub const TEST_AUDIT_KEY: &str = "test-audit-key-0123456789abcdef0123456789abcdef";

/// [`TEST_AUDIT_KEY`] as a store's keys, for a store handle beside the test apps.
pub fn test_audit_keys() -> kp_server::store::AuditKeys {
    kp_server::store::AuditKeys::new(TEST_AUDIT_KEY.as_bytes(), &[])
}

/// Whether the tests run on PostgreSQL (`KP_TEST_POSTGRES_URL` is set), for the rare test that
/// is engine-specific.
pub fn on_postgres() -> bool {
    postgres_server().is_some()
}

fn postgres_server() -> Option<String> {
    std::env::var("KP_TEST_POSTGRES_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

/// The database of the app in `dir`: SQLite in the folder, or on PostgreSQL a database of its own,
/// created on first use and never dropped (the server is meant to be thrown away, as
/// with-postgres.sh's is). Its name is kept in the folder, so a restart on the same folder opens
/// the same database.
pub async fn database_url(dir: &Path) -> String {
    let Some(server) = postgres_server() else {
        return format!("sqlite://{}/test.db", dir.display());
    };
    let name_file = dir.join("postgres-database");
    let name = match std::fs::read_to_string(&name_file) {
        Ok(name) => name,
        Err(_) => {
            use rand_core::RngCore;
            use sqlx::Connection;
            let name = format!("kp_test_{:016x}", rand_core::OsRng.next_u64());
            let mut admin = sqlx::PgConnection::connect(&server)
                .await
                .expect("connecting to KP_TEST_POSTGRES_URL");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .await
                .expect("creating the test database");
            admin.close().await.ok();
            std::fs::write(&name_file, &name).expect("noting the database's name");
            name
        }
    };
    let mut url = reqwest::Url::parse(&server).expect("KP_TEST_POSTGRES_URL is a URL");
    url.set_path(&name);
    url.to_string()
}

impl TestApp {
    /// Creates an account directly in the store.
    pub async fn create_account(
        &self,
        email: &str,
        password: &str,
        role: kp_server::store::Role,
    ) -> i64 {
        let hash = kp_server::hash_password(password.to_string())
            .await
            .unwrap();
        self.store
            .upsert_account(email, "Test Testsson", &hash, role)
            .await
            .unwrap()
    }

    /// A client with its own cookie jar, connecting from `from` (any 127.x.y.z address reaches
    /// the server on Linux, so tests can be several clients).
    pub fn client_from(&self, from: &str) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .local_address(from.parse::<IpAddr>().expect("an address"))
            .build()
            .unwrap()
    }

    /// A client with its own cookie jar, signed in as `email`.
    pub async fn signed_in(&self, email: &str, password: &str) -> reqwest::Client {
        let client = self.client_from("127.0.0.1");
        let response = client
            .post(self.url("/api/session"))
            .json(&serde_json::json!({ "email": email, "password": password }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "signing in as {email}");
        client
    }

    /// Stops the server and closes the database, keeping the files (a crash-free restart).
    pub async fn stop(self) -> tempfile::TempDir {
        self.server.abort();
        self.store.close().await;
        self.dir
    }

    pub async fn post_application(&self, key: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url("/api/applications"))
            .header("idempotency-key", key)
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    /// Sends an application and answers the reference from its receipt.
    pub async fn applied(&self, key: &str, body: &serde_json::Value) -> String {
        let receipt: serde_json::Value = self
            .post_application(key, body)
            .await
            .json()
            .await
            .expect("a receipt");
        receipt["reference"]
            .as_str()
            .expect("a reference")
            .to_string()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut request = self.client.get(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.expect("request sent")
    }
}

/// `GET path` with `client`: the JSON answer.
pub async fn json_at(client: &reqwest::Client, app: &TestApp, path: &str) -> serde_json::Value {
    let response = client.get(app.url(path)).send().await.unwrap();
    response.json().await.unwrap()
}

/// `GET path` with `client`: the status.
pub async fn status_at(client: &reqwest::Client, app: &TestApp, path: &str) -> u16 {
    let response = client.get(app.url(path)).send().await.unwrap();
    response.status().as_u16()
}

/// Asserts the one error envelope and returns its code.
pub async fn envelope_code(response: reqwest::Response) -> String {
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(
        content_type.starts_with("application/json"),
        "error answered as {content_type}"
    );
    let body: serde_json::Value = response.json().await.expect("a JSON body");
    let message = body["error"]["message"].as_str();
    assert!(
        message.is_some_and(|m| !m.is_empty()),
        "no message in {body}"
    );
    body["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no code in {body}"))
        .to_string()
}
