//! An OpenID Connect identity provider inside the test process, for `oidc.rs`: discovery, a key
//! set the test replaces (key rotation), and a token endpoint that answers what the test queued
//! (an ID token the test crafted and signed with a test key from `tests/fixtures/oidc`) and
//! records what it was asked. The test can stop it: the provider is then unreachable.
//!
//! There is no authorization endpoint: the test reads `state` and `nonce` from the address the
//! app redirects to, and comes back to the app's callback itself, as the browser would.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::{Form, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use openidconnect::core::{CoreJwsSigningAlgorithm, CoreRsaPrivateSigningKey};
use openidconnect::{JsonWebKeyId, PrivateSigningKey};
use serde_json::{json, Value};

/// An RSA test key (`tests/fixtures/oidc/<file>`) under a key id.
pub struct TestKey {
    key: CoreRsaPrivateSigningKey,
    kid: String,
}

impl TestKey {
    /// The provider's signing key.
    pub fn provider() -> TestKey {
        TestKey::load("provider-test-key.pem", "provider-2026")
    }

    /// The key the provider rotates to (another key id).
    pub fn next_provider() -> TestKey {
        TestKey::load("provider-next-test-key.pem", "provider-2027")
    }

    /// A key the provider never published, under the provider's own key id: a forged token.
    pub fn attacker() -> TestKey {
        TestKey::load("attacker-test-key.pem", "provider-2026")
    }

    fn load(file: &str, kid: &str) -> TestKey {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/oidc")
            .join(file);
        let pem = std::fs::read_to_string(&path).expect("a test key");
        let key = CoreRsaPrivateSigningKey::from_pem(&pem, Some(JsonWebKeyId::new(kid.into())))
            .expect("a PKCS#1 RSA key");
        TestKey {
            key,
            kid: kid.into(),
        }
    }

    /// The public half, as a JWK.
    fn public(&self) -> Value {
        serde_json::to_value(self.key.as_verification_key()).unwrap()
    }

    /// A compact JWS (RS256, this key's id) of `claims`, exactly as given: the tests decide what
    /// is right and wrong in them.
    pub fn sign(&self, claims: &Value) -> String {
        let header = json!({ "alg": "RS256", "typ": "JWT", "kid": self.kid });
        let part = |value: &Value| URL_SAFE_NO_PAD.encode(value.to_string());
        let input = format!("{}.{}", part(&header), part(claims));
        let signature = self
            .key
            .sign(
                &CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
                input.as_bytes(),
            )
            .expect("signing");
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
    }
}

/// One request to the token endpoint: its form fields and `Authorization` header.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    pub fields: HashMap<String, String>,
    pub authorization: Option<String>,
}

#[derive(Default)]
struct Provider {
    base: String,
    keys: Vec<Value>,
    answers: VecDeque<(StatusCode, Value)>,
    token_requests: Vec<TokenRequest>,
    key_set_reads: usize,
}

type Shared = Arc<Mutex<Provider>>;

/// The running provider; stopped when dropped.
pub struct TestIssuer {
    /// Its issuer identifier and base address (`http://127.0.0.1:<port>`).
    pub base: String,
    provider: Shared,
    server: tokio::task::JoinHandle<()>,
}

impl TestIssuer {
    /// Starts a provider publishing `keys`.
    pub async fn start(keys: &[&TestKey]) -> TestIssuer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let provider: Shared = Arc::new(Mutex::new(Provider {
            base: base.clone(),
            keys: keys.iter().map(|k| k.public()).collect(),
            ..Provider::default()
        }));
        let router = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(key_set))
            .route("/token", post(token))
            .with_state(provider.clone());
        let server = tokio::spawn(serve(listener, router));
        TestIssuer {
            base,
            provider,
            server,
        }
    }

    fn provider(&self) -> MutexGuard<'_, Provider> {
        self.provider.lock().unwrap()
    }

    /// Publishes `keys` instead of the keys published so far (a key rotation).
    pub fn publish(&self, keys: &[&TestKey]) {
        self.provider().keys = keys.iter().map(|k| k.public()).collect();
    }

    /// The token endpoint's next answer: this ID token.
    pub fn answer_with(&self, id_token: &str) {
        let body = json!({
            "access_token": "test-access-token",
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        });
        self.provider().answers.push_back((StatusCode::OK, body));
    }

    /// The token endpoint's next answer: an OAuth error (`invalid_grant`, …).
    pub fn answer_error(&self, error: &str) {
        let body = json!({ "error": error, "error_description": "the test said so" });
        self.provider()
            .answers
            .push_back((StatusCode::BAD_REQUEST, body));
    }

    /// What the token endpoint was asked, in order.
    pub fn token_requests(&self) -> Vec<TokenRequest> {
        self.provider().token_requests.clone()
    }

    /// How many times the key set was read.
    pub fn key_set_reads(&self) -> usize {
        self.provider().key_set_reads
    }

    /// Stops answering: every connection, open or new, is gone.
    pub fn stop(&self) {
        self.server.abort();
    }
}

impl Drop for TestIssuer {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Serves `router`; aborting this task closes the listener and every open connection (the
/// connections live in this task's `JoinSet`), so a stopped provider is unreachable even over a
/// kept-alive connection.
async fn serve(listener: tokio::net::TcpListener, router: Router) {
    use hyper_util::rt::{TokioExecutor, TokioIo};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::service::TowerToHyperService;

    let mut connections = tokio::task::JoinSet::new();
    while let Ok((stream, _)) = listener.accept().await {
        while connections.try_join_next().is_some() {}
        let service = TowerToHyperService::new(router.clone());
        connections.spawn(async move {
            let _ = Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn discovery(State(provider): State<Shared>) -> Json<Value> {
    let base = provider.lock().unwrap().base.clone();
    Json(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/auth"),
        "token_endpoint": format!("{base}/token"),
        "jwks_uri": format!("{base}/jwks"),
        "end_session_endpoint": format!("{base}/session/end"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["openid", "email", "profile", "groups"],
        "claims_supported": [
            "iss", "aud", "exp", "iat", "nonce", "sub", "email", "email_verified", "name", "groups"
        ],
    }))
}

async fn key_set(State(provider): State<Shared>) -> Json<Value> {
    let mut provider = provider.lock().unwrap();
    provider.key_set_reads += 1;
    Json(json!({ "keys": provider.keys }))
}

async fn token(
    State(provider): State<Shared>,
    headers: HeaderMap,
    Form(fields): Form<HashMap<String, String>>,
) -> (StatusCode, Json<Value>) {
    let mut provider = provider.lock().unwrap();
    provider.token_requests.push(TokenRequest {
        fields,
        authorization: headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
    });
    let (status, body) = provider.answers.pop_front().unwrap_or_else(|| {
        let body = json!({ "error": "invalid_grant", "error_description": "nothing queued" });
        (StatusCode::BAD_REQUEST, body)
    });
    (status, Json(body))
}
