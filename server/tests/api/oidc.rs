//! Single sign-on through an identity provider (OpenID Connect), against the in-process test
//! provider of `oidc_issuer.rs` and ID tokens the tests craft and sign with the test keys in
//! `tests/fixtures/oidc`: the redirect to the provider and back, the token's checks (signature,
//! audience, issuer, expiry, nonce), the sign-in's own checks (state and its cookie, replay,
//! ten minutes, cancel, provider down, too many starts), which account a verified identity is
//! (linked, created, refused) and its role from the claim, local sign-in switched off, no local
//! second factor, sign-out at the provider, and a rotated signing key. Every refusal is checked
//! for its code in the sign-in page's address, its access-log event, and no session.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use chrono::Utc;
use kp_domain::second_factor::MfaPolicy;
use kp_domain::security::AccessKind;
use kp_server::config::OidcConfig;
use kp_server::store::Role;
use kp_server::Config;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Response, Url};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::helpers::{
    database_url, envelope_code, json_at, on_postgres, spawn_app, spawn_app_listening, status_at,
    TestApp,
};
use crate::oidc_issuer::{TestIssuer, TestKey};

const CLIENT_ID: &str = "kontaktperson";
const CLIENT_SECRET: &str = "test-secret";
const PROVIDER_NAME: &str = "Exempelby kommuns inloggning";
const ADMINS: &str = "kp-admin";
const CASEWORKERS: &str = "kp-handlaggare";
const PASSWORD: &str = "ett långt lösenord 42";

/// The app with single sign-on through a running test provider.
struct Sso {
    app: TestApp,
    issuer: TestIssuer,
    key: TestKey,
}

/// A sign-in started at the app: what the browser was sent to the provider with.
struct Started {
    /// The provider's authorization address with its parameters.
    location: Url,
    state: String,
    nonce: String,
    /// `kp_oidc=<value>`, as the browser sends it back.
    cookie: String,
    /// The whole `Set-Cookie` header.
    set_cookie: String,
}

impl Started {
    fn parameter(&self, name: &str) -> Option<String> {
        parameter(&self.location, name)
    }
}

fn parameter(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.into_owned())
}

fn oidc_config(issuer: &str, role_claim: Option<&str>) -> OidcConfig {
    OidcConfig {
        issuer: issuer.to_string(),
        client_id: CLIENT_ID.into(),
        client_secret: Some(CLIENT_SECRET.into()),
        scopes: ["openid", "email", "profile", "groups"]
            .map(String::from)
            .to_vec(),
        name: PROVIDER_NAME.into(),
        role_claim: role_claim.map(String::from),
        admin_value: ADMINS.into(),
        caseworker_value: CASEWORKERS.into(),
    }
}

async fn sso() -> Sso {
    sso_with(Some("groups"), |_| {}).await
}

/// The app, its `public_url` its own address, with the provider configured (`role_claim`), then
/// `adjust`ed.
async fn sso_with(role_claim: Option<&str>, adjust: impl FnOnce(&mut Config)) -> Sso {
    let key = TestKey::provider();
    let issuer = TestIssuer::start(&[&key]).await;
    let oidc = oidc_config(&issuer.base, role_claim);
    let app = spawn_app_listening(|config, address| {
        config.public_url = Some(address.to_string());
        config.oidc = Some(oidc);
        adjust(config);
    })
    .await;
    Sso { app, issuer, key }
}

/// Who the provider says signs in: `sub`, a verified `email`, `name` and the `groups` claim.
fn person(sub: &str, email: &str, groups: &[&str]) -> Value {
    json!({
        "sub": sub,
        "email": email,
        "email_verified": true,
        "name": "Kim Kommunsson",
        "groups": groups,
    })
}

/// The `Set-Cookie` headers of `response`.
fn set_cookies(response: &Response) -> Vec<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

fn location(response: &Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// Whether `response` gives a session (a non-empty session cookie).
fn sets_session(response: &Response) -> bool {
    set_cookies(response)
        .iter()
        .any(|c| c.starts_with("kp_session=") && !c.starts_with("kp_session=;"))
}

impl Sso {
    /// A browser of its own (its own cookie jar), from `from`.
    fn browser(&self, from: &str) -> reqwest::Client {
        self.app.client_from(from)
    }

    /// The ID token's claims for `who` at the sign-in that sent `nonce`: the right issuer,
    /// audience and times; `who`'s claims are added last.
    fn claims(&self, nonce: &str, who: &Value) -> Value {
        let now = Utc::now().timestamp();
        let mut claims = json!({
            "iss": self.issuer.base,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
        });
        for (name, value) in who.as_object().expect("claims") {
            claims[name] = value.clone();
        }
        claims
    }

    /// `GET /api/auth/oidc/start`.
    async fn ask_to_start(&self, browser: &reqwest::Client) -> Response {
        let start = self.app.url("/api/auth/oidc/start");
        browser.get(start).send().await.unwrap()
    }

    /// A sign-in started: the redirect to the provider, and its cookie.
    async fn start(&self, browser: &reqwest::Client) -> Started {
        let response = self.ask_to_start(browser).await;
        assert_eq!(response.status(), 303, "starting a sign-in");
        let location = Url::parse(&location(&response)).expect("the provider's address");
        let set_cookie = set_cookies(&response)
            .into_iter()
            .find(|c| c.starts_with("kp_oidc="))
            .expect("the sign-in's cookie");
        let cookie = set_cookie.split(';').next().unwrap().to_string();
        Started {
            state: parameter(&location, "state").expect("a state"),
            nonce: parameter(&location, "nonce").expect("a nonce"),
            location,
            cookie,
            set_cookie,
        }
    }

    /// The browser back at `/api/auth/oidc/callback?<query>`, sending `cookie` (none: whatever
    /// its jar has).
    async fn callback(
        &self,
        browser: &reqwest::Client,
        query: &str,
        cookie: Option<&str>,
    ) -> Response {
        let mut request = browser.get(self.app.url(&format!("/api/auth/oidc/callback?{query}")));
        if let Some(cookie) = cookie {
            request = request.header(COOKIE, cookie);
        }
        request.send().await.unwrap()
    }

    /// The browser back from the provider with a code for `started`, and its cookie.
    async fn come_back(&self, browser: &reqwest::Client, started: &Started) -> Response {
        let query = format!("code=test-code&state={}", started.state);
        self.callback(browser, &query, Some(&started.cookie)).await
    }

    /// A whole sign-in as `who`, the token signed with `key` after `tamper` changed its claims.
    async fn sign_in_with(
        &self,
        browser: &reqwest::Client,
        who: &Value,
        key: &TestKey,
        tamper: impl FnOnce(&mut Value),
    ) -> Response {
        let started = self.start(browser).await;
        let mut claims = self.claims(&started.nonce, who);
        tamper(&mut claims);
        self.issuer.answer_with(&key.sign(&claims));
        self.come_back(browser, &started).await
    }

    /// A whole sign-in as `who`, with a good token.
    async fn sign_in(&self, browser: &reqwest::Client, who: &Value) -> Response {
        self.sign_in_with(browser, who, &self.key, |_| {}).await
    }

    /// Signs `who` in in a browser of its own and answers it with its session.
    async fn signed_in(&self, who: &Value) -> (reqwest::Client, Value) {
        let browser = self.browser("127.0.0.1");
        let response = self.sign_in(&browser, who).await;
        let session = self.assert_signed_in(&browser, response).await;
        (browser, session)
    }

    /// A sign-in that gave a session: back to the caseworker area with the session cookie; the
    /// session (`GET /api/session`).
    async fn assert_signed_in(&self, browser: &reqwest::Client, response: Response) -> Value {
        assert_eq!(response.status(), 303);
        assert_eq!(location(&response), "/handlaggare/");
        assert!(sets_session(&response), "{:?}", set_cookies(&response));
        let session = json_at(browser, &self.app, "/api/session").await;
        assert!(session.is_object(), "no session: {session}");
        assert_eq!(self.last_action().await, "auth:sign_in_oidc");
        session
    }

    /// A refused sign-in: back to the sign-in page with `code`, no session, `action` logged.
    async fn assert_refused(
        &self,
        browser: &reqwest::Client,
        response: Response,
        code: &str,
        action: &str,
    ) {
        assert_eq!(response.status(), 303, "refusing with {code}");
        assert_eq!(
            location(&response),
            format!("/handlaggare/logga-in?fel={code}")
        );
        assert!(!sets_session(&response), "{:?}", set_cookies(&response));
        assert_eq!(
            json_at(browser, &self.app, "/api/session").await,
            Value::Null
        );
        assert_eq!(self.last_action().await, action);
    }

    /// The security events of the access log, oldest first (the chain still verifies).
    async fn security_actions(&self) -> Vec<String> {
        let entries = self
            .app
            .store
            .access_log(None, None, None, None, 10_000, AccessKind::Security)
            .await
            .unwrap();
        assert!(self.app.store.verify_access_log().await.unwrap().intact);
        entries.into_iter().rev().map(|e| e.action).collect()
    }

    async fn last_action(&self) -> String {
        self.security_actions().await.pop().unwrap_or_default()
    }

    async fn count(&self, action: &str) -> usize {
        let actions = self.security_actions().await;
        actions.iter().filter(|a| *a == action).count()
    }

    async fn accounts(&self) -> usize {
        let idle = chrono::Duration::minutes(30);
        self.app
            .store
            .accounts(Utc::now(), idle)
            .await
            .unwrap()
            .len()
    }
}

#[tokio::test]
async fn the_sign_in_page_is_told_whether_passwords_and_which_provider_sign_in() {
    let plain = spawn_app().await;
    let methods: Value = plain.get("/api/auth/methods").await.json().await.unwrap();
    assert_eq!(methods, json!({ "local": true, "provider": null }));

    let sso = sso().await;
    let methods: Value = sso.app.get("/api/auth/methods").await.json().await.unwrap();
    assert_eq!(methods, json!({ "local": true, "provider": PROVIDER_NAME }));
}

#[tokio::test]
async fn a_new_caseworker_is_sent_to_the_provider_with_pkce_and_comes_back_with_an_account_and_a_session(
) {
    let sso = sso().await;
    let browser = sso.browser("127.0.0.1");
    let started = sso.start(&browser).await;

    let authorization = format!("{}/auth?", sso.issuer.base);
    assert!(
        started.location.as_str().starts_with(&authorization),
        "{}",
        started.location
    );
    let redirect_uri = sso.app.url("/api/auth/oidc/callback");
    assert_eq!(started.parameter("client_id").as_deref(), Some(CLIENT_ID));
    assert_eq!(
        started.parameter("redirect_uri"),
        Some(redirect_uri.clone())
    );
    assert_eq!(started.parameter("response_type").as_deref(), Some("code"));
    let scope = started.parameter("scope").unwrap();
    assert!(scope.split(' ').any(|s| s == "openid"), "{scope}");
    assert_eq!(
        started.parameter("code_challenge_method").as_deref(),
        Some("S256")
    );
    let challenge = started.parameter("code_challenge").unwrap();
    assert!(started.state.len() >= 16 && started.nonce.len() >= 16);
    assert_ne!(started.state, started.nonce);
    for part in [
        "HttpOnly",
        "SameSite=Lax",
        "Path=/api/auth/oidc",
        "Max-Age=600",
    ] {
        assert!(
            started.set_cookie.split("; ").any(|p| p == part),
            "{part} in {}",
            started.set_cookie
        );
    }

    let who = person("sub-anna", "anna.andersson@exempelby.se", &[CASEWORKERS]);
    sso.issuer
        .answer_with(&sso.key.sign(&sso.claims(&started.nonce, &who)));
    let response = sso.come_back(&browser, &started).await;
    let session = sso.assert_signed_in(&browser, response).await;
    assert_eq!(session["email"], "anna.andersson@exempelby.se");
    assert_eq!(session["display_name"], "Kim Kommunsson");
    assert_eq!(session["role"], "caseworker");
    assert_eq!(status_at(&browser, &sso.app, "/api/applicants").await, 200);
    assert_eq!(status_at(&browser, &sso.app, "/api/users").await, 403);

    // The code went back to the provider with the verifier of the challenge, and the client's
    // secret.
    let asked = sso.issuer.token_requests();
    assert_eq!(asked.len(), 1);
    let fields = &asked[0].fields;
    assert_eq!(fields["grant_type"], "authorization_code");
    assert_eq!(fields["code"], "test-code");
    assert_eq!(fields["redirect_uri"], redirect_uri);
    let verifier = &fields["code_verifier"];
    assert_eq!(
        URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())),
        challenge
    );
    let basic = format!(
        "Basic {}",
        STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    assert!(
        asked[0].authorization.as_deref() == Some(basic.as_str())
            || fields.get("client_secret").map(String::as_str) == Some(CLIENT_SECRET),
        "the client authenticates: {:?}",
        asked[0]
    );

    let log = sso.security_actions().await;
    assert!(
        log.ends_with(&[
            "auth:oidc_account_created".into(),
            "auth:sign_in_oidc".into()
        ]),
        "{log:?}"
    );

    // The next time it is the same account, found by the identity.
    let accounts = sso.accounts().await;
    let (_, again) = sso.signed_in(&who).await;
    assert_eq!(again["id"], session["id"]);
    assert_eq!(sso.accounts().await, accounts);
    assert_eq!(sso.count("auth:oidc_account_created").await, 1);
}

#[tokio::test]
async fn the_administrator_value_in_the_claim_makes_an_administrator() {
    let sso = sso().await;
    let who = person("sub-bo", "bo@exempelby.se", &["alla", CASEWORKERS, ADMINS]);
    let (browser, session) = sso.signed_in(&who).await;
    assert_eq!(session["role"], "admin");
    assert_eq!(status_at(&browser, &sso.app, "/api/users").await, 200);
}

#[tokio::test]
async fn an_account_an_administrator_made_is_linked_by_its_verified_e_mail_and_keeps_its_id() {
    let sso = sso().await;
    let id = sso
        .app
        .create_account("cecilia@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    let (_, session) = sso
        .signed_in(&person(
            "sub-cecilia",
            "cecilia@exempelby.se",
            &[CASEWORKERS],
        ))
        .await;
    assert_eq!(session["id"], id);
    assert_eq!(sso.accounts().await, 1);
    assert_eq!(sso.count("auth:oidc_linked").await, 1);
    assert_eq!(sso.count("auth:oidc_account_created").await, 0);

    // From now on the identity finds it, whatever e-mail the provider gives.
    let renamed = person("sub-cecilia", "cecilia.ny@exempelby.se", &[CASEWORKERS]);
    let (_, session) = sso.signed_in(&renamed).await;
    assert_eq!(session["id"], id);
    assert_eq!(sso.accounts().await, 1);
    assert_eq!(sso.count("auth:oidc_linked").await, 1);
}

#[tokio::test]
async fn an_unverified_e_mail_neither_links_nor_duplicates_an_account() {
    let sso = sso().await;
    sso.app
        .create_account("david@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    let mut who = person("sub-mallory", "david@exempelby.se", &[CASEWORKERS]);
    who["email_verified"] = json!(false);
    let browser = sso.browser("127.0.0.1");
    let response = sso.sign_in(&browser, &who).await;
    sso.assert_refused(
        &browser,
        response,
        "oidc_unknown_person",
        "auth:oidc_refused_unknown_person",
    )
    .await;
    assert_eq!(sso.accounts().await, 1);
    assert_eq!(sso.count("auth:oidc_linked").await, 0);
}

/// Signs in once with a good token whose claims `tamper` changed (signed with `key`), and
/// expects the token to be refused.
async fn assert_token_refused(key: &TestKey, tamper: impl FnOnce(&mut Value)) {
    let sso = sso().await;
    let browser = sso.browser("127.0.0.1");
    let who = person("sub-erik", "erik@exempelby.se", &[ADMINS]);
    let response = sso.sign_in_with(&browser, &who, key, tamper).await;
    sso.assert_refused(&browser, response, "oidc_token", "auth:oidc_refused_token")
        .await;
    assert_eq!(sso.accounts().await, 0);
}

#[tokio::test]
async fn a_token_signed_with_a_key_the_provider_never_published_is_refused() {
    assert_token_refused(&TestKey::attacker(), |_| {}).await;
}

#[tokio::test]
async fn a_token_for_another_client_is_refused() {
    assert_token_refused(&TestKey::provider(), |claims| {
        claims["aud"] = json!("another-client");
    })
    .await;
}

#[tokio::test]
async fn a_token_from_another_issuer_is_refused() {
    assert_token_refused(&TestKey::provider(), |claims| {
        claims["iss"] = json!("https://login.someone-else.example");
    })
    .await;
}

#[tokio::test]
async fn a_token_that_expired_ten_minutes_ago_is_refused() {
    assert_token_refused(&TestKey::provider(), |claims| {
        let now = Utc::now().timestamp();
        claims["iat"] = json!(now - 900);
        claims["exp"] = json!(now - 600);
    })
    .await;
}

#[tokio::test]
async fn a_token_carrying_the_nonce_of_an_earlier_sign_in_is_refused() {
    let sso = sso().await;
    let browser = sso.browser("127.0.0.1");
    let who = person("sub-frida", "frida@exempelby.se", &[CASEWORKERS]);
    let first = sso.start(&browser).await;
    let earlier_token = sso.key.sign(&sso.claims(&first.nonce, &who));
    sso.issuer.answer_with(&earlier_token);
    let response = sso.come_back(&browser, &first).await;
    sso.assert_signed_in(&browser, response).await;

    // A new sign-in, answered with the earlier sign-in's token (nonce and all).
    let other = sso.browser("127.0.0.2");
    let second = sso.start(&other).await;
    sso.issuer.answer_with(&earlier_token);
    let response = sso.come_back(&other, &second).await;
    sso.assert_refused(&other, response, "oidc_token", "auth:oidc_refused_token")
        .await;
}

#[tokio::test]
async fn a_callback_replayed_after_its_sign_in_is_refused_before_the_provider_is_asked() {
    let sso = sso().await;
    let browser = sso.browser("127.0.0.1");
    let started = sso.start(&browser).await;
    let who = person("sub-gustav", "gustav@exempelby.se", &[CASEWORKERS]);
    sso.issuer
        .answer_with(&sso.key.sign(&sso.claims(&started.nonce, &who)));
    let response = sso.come_back(&browser, &started).await;
    sso.assert_signed_in(&browser, response).await;

    let replayer = sso.browser("127.0.0.2");
    let replayed = sso.come_back(&replayer, &started).await;
    sso.assert_refused(&replayer, replayed, "oidc_state", "auth:oidc_refused_state")
        .await;
    assert_eq!(sso.issuer.token_requests().len(), 1);
}

#[tokio::test]
async fn a_callback_without_the_browsers_sign_in_cookie_or_with_another_browsers_is_refused() {
    let sso = sso().await;
    let browser = sso.browser("127.0.0.1");
    let started = sso.start(&browser).await;
    let query = format!("code=test-code&state={}", started.state);

    // A link to the callback opened in another browser: no cookie at all.
    let stranger = sso.browser("127.0.0.2");
    let response = sso.callback(&stranger, &query, None).await;
    sso.assert_refused(&stranger, response, "oidc_state", "auth:oidc_refused_state")
        .await;

    // Another browser's own sign-in cookie with this sign-in's state.
    let attacker = sso.browser("127.0.0.3");
    let own = sso.start(&attacker).await;
    let response = sso.callback(&attacker, &query, Some(&own.cookie)).await;
    sso.assert_refused(&attacker, response, "oidc_state", "auth:oidc_refused_state")
        .await;

    // A state nobody started, with a real cookie.
    let response = sso
        .callback(
            &browser,
            "code=test-code&state=made-up",
            Some(&started.cookie),
        )
        .await;
    sso.assert_refused(&browser, response, "oidc_state", "auth:oidc_refused_state")
        .await;
    assert!(sso.issuer.token_requests().is_empty());
}

/// Lets every started sign-in run out, as ten minutes would, in the database itself (the one
/// statement reads the same on both engines).
async fn let_started_sign_ins_run_out(app: &TestApp) {
    use sqlx::Connection;
    let url = database_url(app.dir.path()).await;
    let run_out = "UPDATE oidc_sign_ins SET expires_at = '2000-01-01T00:00:00Z'";
    let changed = if on_postgres() {
        let mut db = sqlx::PgConnection::connect(&url).await.unwrap();
        sqlx::query(run_out)
            .execute(&mut db)
            .await
            .unwrap()
            .rows_affected()
    } else {
        let mut db = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::query(run_out)
            .execute(&mut db)
            .await
            .unwrap()
            .rows_affected()
    };
    assert_eq!(changed, 1, "one started sign-in");
}

#[tokio::test]
async fn a_callback_after_its_sign_in_ran_out_is_refused() {
    let sso = sso().await;
    let browser = sso.browser("127.0.0.1");
    let started = sso.start(&browser).await;
    let who = person("sub-hugo", "hugo@exempelby.se", &[CASEWORKERS]);
    sso.issuer
        .answer_with(&sso.key.sign(&sso.claims(&started.nonce, &who)));
    let_started_sign_ins_run_out(&sso.app).await;
    let response = sso.come_back(&browser, &started).await;
    sso.assert_refused(&browser, response, "oidc_state", "auth:oidc_refused_state")
        .await;
    assert!(sso.issuer.token_requests().is_empty());
}

#[tokio::test]
async fn a_sign_in_cancelled_at_the_provider_comes_back_as_cancelled() {
    let sso = sso().await;
    let browser = sso.browser("127.0.0.1");
    let started = sso.start(&browser).await;
    let query = format!(
        "error=access_denied&error_description=Avbrutet&state={}",
        started.state
    );
    let response = sso.callback(&browser, &query, Some(&started.cookie)).await;
    sso.assert_refused(&browser, response, "oidc_cancelled", "auth:oidc_cancelled")
        .await;
    assert!(sso.issuer.token_requests().is_empty());
}

#[tokio::test]
async fn an_error_from_the_token_endpoint_or_a_provider_gone_at_the_callback_is_a_provider_failure()
{
    let sso = sso().await;
    let browser = sso.browser("127.0.0.1");
    let started = sso.start(&browser).await;
    sso.issuer.answer_error("invalid_grant");
    let response = sso.come_back(&browser, &started).await;
    sso.assert_refused(
        &browser,
        response,
        "oidc_provider",
        "auth:oidc_provider_error",
    )
    .await;

    let started = sso.start(&browser).await;
    sso.issuer.stop();
    let response = sso.come_back(&browser, &started).await;
    sso.assert_refused(
        &browser,
        response,
        "oidc_provider",
        "auth:oidc_provider_error",
    )
    .await;
}

#[tokio::test]
async fn starting_a_sign_in_while_the_provider_is_down_goes_back_to_the_sign_in_page() {
    let sso = sso().await;
    sso.issuer.stop();
    let browser = sso.browser("127.0.0.1");
    let response = sso.ask_to_start(&browser).await;
    sso.assert_refused(
        &browser,
        response,
        "oidc_provider",
        "auth:oidc_provider_error",
    )
    .await;
}

#[tokio::test]
async fn someone_without_an_account_is_unknown_when_nothing_allows_creating_one() {
    // The claim grants a role, but there is no e-mail to make the account with.
    let sso = sso().await;
    let browser = sso.browser("127.0.0.1");
    let mut who = person("sub-helena", "helena@exempelby.se", &[CASEWORKERS]);
    let claims = who.as_object_mut().unwrap();
    claims.remove("email");
    claims.remove("email_verified");
    let response = sso.sign_in(&browser, &who).await;
    sso.assert_refused(
        &browser,
        response,
        "oidc_unknown_person",
        "auth:oidc_refused_unknown_person",
    )
    .await;

    // No role claim configured: roles are Kontaktperson's, and nobody is made at sign-in.
    let sso = sso_with(None, |_| {}).await;
    let browser = sso.browser("127.0.0.2");
    let who = person("sub-ivar", "ivar@exempelby.se", &[ADMINS]);
    let response = sso.sign_in(&browser, &who).await;
    sso.assert_refused(
        &browser,
        response,
        "oidc_unknown_person",
        "auth:oidc_refused_unknown_person",
    )
    .await;
    assert_eq!(sso.accounts().await, 0);
}

#[tokio::test]
async fn a_claim_granting_neither_role_is_refused_even_for_a_linked_account() {
    let sso = sso().await;
    let browser = sso.browser("127.0.0.1");
    let stranger = person("sub-johan", "johan@exempelby.se", &["alla-anstallda"]);
    let response = sso.sign_in(&browser, &stranger).await;
    sso.assert_refused(
        &browser,
        response,
        "oidc_no_role",
        "auth:oidc_refused_no_role",
    )
    .await;
    assert_eq!(sso.accounts().await, 0);

    sso.signed_in(&person("sub-karin", "karin@exempelby.se", &[CASEWORKERS]))
        .await;
    let left = person("sub-karin", "karin@exempelby.se", &[]);
    let response = sso.sign_in(&browser, &left).await;
    sso.assert_refused(
        &browser,
        response,
        "oidc_no_role",
        "auth:oidc_refused_no_role",
    )
    .await;
}

#[tokio::test]
async fn a_deactivated_account_stays_out_even_when_the_claim_grants_a_role() {
    let sso = sso().await;
    let browser = sso.browser("127.0.0.1");
    // Made by an administrator, deactivated before its first sign-in through the provider.
    let id = sso
        .app
        .create_account("lena@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    sso.app
        .store
        .update_account(id, None, Some(false), None)
        .await
        .unwrap();
    let lena = person("sub-lena", "lena@exempelby.se", &[ADMINS]);
    let response = sso.sign_in(&browser, &lena).await;
    sso.assert_refused(
        &browser,
        response,
        "oidc_deactivated",
        "auth:oidc_refused_deactivated",
    )
    .await;

    // Made at its first sign-in, deactivated since.
    let mats = person("sub-mats", "mats@exempelby.se", &[CASEWORKERS]);
    let (_, session) = sso.signed_in(&mats).await;
    let id = session["id"].as_i64().unwrap();
    sso.app
        .store
        .update_account(id, None, Some(false), None)
        .await
        .unwrap();
    let response = sso.sign_in(&browser, &mats).await;
    sso.assert_refused(
        &browser,
        response,
        "oidc_deactivated",
        "auth:oidc_refused_deactivated",
    )
    .await;
}

#[tokio::test]
async fn the_role_follows_the_claim_at_every_sign_in() {
    let sso = sso().await;
    let as_caseworker = person("sub-nils", "nils@exempelby.se", &[CASEWORKERS]);
    let as_admin = person("sub-nils", "nils@exempelby.se", &[ADMINS]);
    let mut roles = Vec::new();
    for who in [&as_caseworker, &as_admin, &as_admin, &as_caseworker] {
        let (_, session) = sso.signed_in(who).await;
        roles.push(session["role"].as_str().unwrap().to_string());
    }
    assert_eq!(roles, ["caseworker", "admin", "admin", "caseworker"]);
    assert_eq!(sso.count("auth:oidc_role_changed").await, 2);
    assert_eq!(sso.accounts().await, 1);
}

#[tokio::test]
async fn with_local_sign_in_off_a_password_does_not_sign_in_and_the_page_offers_only_the_provider()
{
    let sso = sso_with(Some("groups"), |config| config.local_sign_in = false).await;
    sso.app
        .create_account("olle@exempelby.se", PASSWORD, Role::Admin)
        .await;
    let response = sso
        .app
        .client
        .post(sso.app.url("/api/session"))
        .json(&json!({ "email": "olle@exempelby.se", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(!sets_session(&response));
    assert_eq!(envelope_code(response).await, "local_sign_in_off");
    let methods: Value = sso.app.get("/api/auth/methods").await.json().await.unwrap();
    assert_eq!(
        methods,
        json!({ "local": false, "provider": PROVIDER_NAME })
    );

    // The provider still signs the same person in.
    let (_, session) = sso
        .signed_in(&person("sub-olle", "olle@exempelby.se", &[ADMINS]))
        .await;
    assert_eq!(session["email"], "olle@exempelby.se");
}

#[tokio::test]
async fn a_session_made_through_the_provider_needs_no_local_second_factor() {
    let sso = sso_with(Some("groups"), |config| config.require_mfa = MfaPolicy::All).await;
    let who = person("sub-petra", "petra@exempelby.se", &[ADMINS]);
    let (browser, session) = sso.signed_in(&who).await;
    assert_eq!(session["role"], "admin");
    assert_eq!(session["must_enrol_second_factor"], false);
    assert_eq!(status_at(&browser, &sso.app, "/api/applicants").await, 200);
    assert_eq!(status_at(&browser, &sso.app, "/api/users").await, 200);
}

/// Signs in through the provider and out again: the end-session address answered, and the ID
/// token the sign-in was made with.
async fn signed_out_of_a_provider_session(sso: &Sso) -> (Url, String) {
    let browser = sso.browser("127.0.0.1");
    let started = sso.start(&browser).await;
    let who = person("sub-rut", "rut@exempelby.se", &[CASEWORKERS]);
    let id_token = sso.key.sign(&sso.claims(&started.nonce, &who));
    sso.issuer.answer_with(&id_token);
    let response = sso.come_back(&browser, &started).await;
    sso.assert_signed_in(&browser, response).await;

    let response = browser
        .delete(sso.app.url("/api/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let end = Url::parse(body["end_session_url"].as_str().expect("an address")).unwrap();
    assert_eq!(
        json_at(&browser, &sso.app, "/api/session").await,
        Value::Null
    );
    (end, id_token)
}

#[tokio::test]
async fn signing_out_of_a_provider_session_answers_the_providers_end_session_address() {
    let sso = sso().await;
    let (end, _) = signed_out_of_a_provider_session(&sso).await;
    assert_eq!(
        end.as_str().split('?').next().unwrap(),
        format!("{}/session/end", sso.issuer.base)
    );
    assert_eq!(
        parameter(&end, "post_logout_redirect_uri"),
        Some(sso.app.url("/handlaggare/logga-in"))
    );
    assert!(end
        .as_str()
        .contains("post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A"));
    assert_eq!(parameter(&end, "client_id").as_deref(), Some(CLIENT_ID));

    // A password session still signs out with no content.
    sso.app
        .create_account("sara@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    let local = sso.app.signed_in("sara@exempelby.se", PASSWORD).await;
    let response = local
        .delete(sso.app.url("/api/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
}

/// RP-Initiated Logout 1.0 lets the client name itself with `client_id` instead of sending the
/// ID token back: the session keeps no copy of a token full of personal data just for this.
#[tokio::test]
async fn the_end_session_address_names_the_client_not_the_persons_id_token() {
    let sso = sso().await;
    let (end, id_token) = signed_out_of_a_provider_session(&sso).await;
    assert_eq!(parameter(&end, "id_token_hint"), None);
    assert!(!end.as_str().contains(&id_token));
    assert_eq!(parameter(&end, "client_id").as_deref(), Some(CLIENT_ID));
}

#[tokio::test]
async fn a_token_signed_with_a_rotated_key_is_accepted_once_the_key_set_is_read_again() {
    let sso = sso().await;
    let who = person("sub-tove", "tove@exempelby.se", &[CASEWORKERS]);
    sso.signed_in(&who).await;
    let reads = sso.issuer.key_set_reads();

    let next = TestKey::next_provider();
    sso.issuer.publish(&[&next]);
    // The server reads the provider again at most once a second: a token with a new key within
    // a second of the last read is refused.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let browser = sso.browser("127.0.0.1");
    let response = sso.sign_in_with(&browser, &who, &next, |_| {}).await;
    sso.assert_signed_in(&browser, response).await;
    assert!(sso.issuer.key_set_reads() > reads);
}

#[tokio::test]
async fn more_than_thirty_sign_ins_started_from_one_address_in_ten_minutes_are_stopped() {
    let sso = sso().await;
    let browser = sso.browser("127.0.0.1");
    for _ in 0..30 {
        sso.start(&browser).await;
    }
    let response = sso.ask_to_start(&browser).await;
    sso.assert_refused(
        &browser,
        response,
        "oidc_too_many",
        "auth:oidc_refused_too_many",
    )
    .await;
    // Another address still starts.
    sso.start(&sso.browser("127.0.0.2")).await;
}
