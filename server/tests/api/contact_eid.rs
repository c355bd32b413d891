//! The contact person's sign-in with e-legitimation, through an e-ID broker over OpenID Connect:
//! the in-process test issuer of `oidc_issuer.rs` answers with ID tokens the tests sign, carrying
//! the personnummer in the Swedish profile's claim. A contact person comes back signed in to their
//! area; anyone else, a replayed or foreign answer, a cancel or a forged token is sent back to the
//! area with a code and no session, and logged.

use chrono::Utc;
use kp_server::config::OidcConfig;
use kp_server::oidc::SWEDISH_PERSONNUMMER_CLAIM;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Response, Url};
use serde_json::{json, Value};

use crate::contact_area::{caseworker, contact_person_with_assignment, personnummer};
use crate::helpers::{spawn_app_listening, TestApp};
use crate::oidc_issuer::{TestIssuer, TestKey};
use crate::placement::get_json;

const CLIENT_ID: &str = "kontaktperson-eid";

struct Eid {
    app: TestApp,
    issuer: TestIssuer,
    key: TestKey,
}

async fn eid() -> Eid {
    let key = TestKey::provider();
    let issuer = TestIssuer::start(&[&key]).await;
    let broker = OidcConfig {
        issuer: issuer.base.clone(),
        client_id: CLIENT_ID.into(),
        client_secret: Some("eid-secret".into()),
        scopes: vec!["openid".into()],
        name: "BankID eller Freja".into(),
        role_claim: None,
        admin_value: String::new(),
        caseworker_value: String::new(),
    };
    let app = spawn_app_listening(|config, address| {
        config.public_url = Some(address.to_string());
        config.eid = Some((broker, SWEDISH_PERSONNUMMER_CLAIM.into()));
    })
    .await;
    Eid { app, issuer, key }
}

fn location(response: &Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

fn cookie_named(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with(&format!("{name}=")) && !c.starts_with(&format!("{name}=;")))
}

/// A started e-ID sign-in: the broker's address and the browser's cookie.
struct Started {
    at_broker: Url,
    cookie: String,
}

impl Started {
    fn parameter(&self, name: &str) -> String {
        self.at_broker
            .query_pairs()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| panic!("no {name} in {}", self.at_broker))
    }
}

impl Eid {
    async fn start(&self, browser: &reqwest::Client, locale: &str) -> Started {
        let response = browser
            .get(
                self.app
                    .url(&format!("/api/contact/eid/start?locale={locale}")),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        let cookie = cookie_named(&response, "kp_eid").expect("the sign-in's cookie");
        assert!(cookie.contains("Path=/api/contact/eid") && cookie.contains("SameSite=Lax"));
        Started {
            at_broker: Url::parse(&location(&response)).unwrap(),
            cookie: cookie.split(';').next().unwrap().to_string(),
        }
    }

    /// The broker's ID token for `claims` at `started`, signed with `key`.
    fn answer(&self, started: &Started, claims: Value, key: &TestKey) {
        let now = Utc::now().timestamp();
        let mut token = json!({
            "iss": self.issuer.base, "aud": CLIENT_ID, "iat": now, "exp": now + 300,
            "nonce": started.parameter("nonce"),
        });
        for (name, value) in claims.as_object().unwrap() {
            token[name] = value.clone();
        }
        self.issuer.answer_with(&key.sign(&token));
    }

    async fn come_back(
        &self,
        browser: &reqwest::Client,
        started: &Started,
        query: &str,
    ) -> Response {
        browser
            .get(self.app.url(&format!("/api/contact/eid/callback?{query}")))
            .header(COOKIE, &started.cookie)
            .send()
            .await
            .unwrap()
    }

    async fn refusals(&self) -> Vec<String> {
        self.app
            .store
            .access_log(None, None, None, None, 50, Default::default())
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "auth:contact_eid_refused")
            .map(|e| e.record)
            .collect()
    }
}

fn with_personnummer(number: &str) -> Value {
    json!({ "sub": format!("eid-{number}"), SWEDISH_PERSONNUMMER_CLAIM: number })
}

#[tokio::test]
async fn a_contact_person_signs_in_with_e_legitimation_and_lands_in_their_area_in_their_language() {
    let eid = eid().await;
    let app = &eid.app;
    let cw = caseworker(app).await;
    let (reference, id) = contact_person_with_assignment(&cw, app, 7, "filsan@example.se").await;
    let methods = get_json(&cw, app, "/api/contact/methods").await;
    assert_eq!(methods["eid"], "BankID eller Freja");

    let browser = app.client_from("127.0.0.1");
    let started = eid.start(&browser, "ar").await;
    assert_eq!(started.parameter("client_id"), CLIENT_ID);
    assert_eq!(started.parameter("code_challenge_method"), "S256");
    assert!(started
        .parameter("redirect_uri")
        .ends_with("/api/contact/eid/callback"));
    // The broker writes the number its own way (twelve digits, no dash): read by the domain's rules.
    let number = personnummer(7).replace('-', "");
    eid.answer(&started, with_personnummer(&number), &eid.key);
    let state = started.parameter("state");
    let back = eid
        .come_back(&browser, &started, &format!("code=abc&state={state}"))
        .await;
    assert_eq!(back.status(), 303);
    assert_eq!(
        location(&back),
        "/ar/my-pages",
        "back to the area, in Arabic"
    );
    let session = cookie_named(&back, "kp_contact").expect("a session in the area");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Strict"));
    assert!(
        cookie_named(&back, "kp_session").is_none(),
        "never a caseworker's session"
    );
    let me = get_json(&browser, app, "/api/contact/me").await;
    assert_eq!(me["reference"], reference.as_str());
    assert_eq!(me["method"], "eid");
    assert_eq!(me["assignments"][0]["id"], json!(id));
    let agreement = format!("/api/contact/assignments/{id}/agreement");
    let view = get_json(&browser, app, &agreement).await;
    let accepted = browser
        .post(app.url(&agreement))
        .json(&json!({ "hash": view["hash"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), 204);
    assert_eq!(
        get_json(&browser, app, &agreement).await["accepted"]["method"],
        "eid",
        "the acceptance says it was made after an e-ID sign-in"
    );

    // The same answer again is refused: the sign-in was taken once.
    let again = eid
        .come_back(
            &app.client_from("127.0.0.1"),
            &started,
            &format!("code=abc&state={state}"),
        )
        .await;
    assert_eq!(
        location(&again),
        "/ar/my-pages?fel=eid_unknown_attempt",
        "the language is the browser's cookie's, and this one still has it"
    );
    assert!(cookie_named(&again, "kp_contact").is_none());
}

#[tokio::test]
async fn anyone_else_a_cancel_a_forged_token_or_a_caseworkers_sign_in_gets_no_session_and_is_logged(
) {
    let eid = eid().await;
    let app = &eid.app;
    let cw = caseworker(app).await;
    contact_person_with_assignment(&cw, app, 8, "warsame@example.se").await;

    // A person with e-legitimation who is no contact person here.
    let browser = app.client_from("127.0.0.1");
    let started = eid.start(&browser, "sv").await;
    eid.answer(&started, with_personnummer(&personnummer(9)), &eid.key);
    let query = format!("code=abc&state={}", started.parameter("state"));
    let stranger = eid.come_back(&browser, &started, &query).await;
    assert_eq!(
        location(&stranger),
        "/sv/mina-sidor?fel=eid_not_contact_person"
    );
    assert!(cookie_named(&stranger, "kp_contact").is_none());

    // Cancelled at the broker.
    let started = eid.start(&browser, "en").await;
    let query = format!("error=access_denied&state={}", started.parameter("state"));
    let cancelled = eid.come_back(&browser, &started, &query).await;
    assert_eq!(location(&cancelled), "/en/my-pages?fel=eid_cancelled");

    // A token signed with a key the broker never published, for a real contact person.
    let started = eid.start(&browser, "sv").await;
    eid.answer(
        &started,
        with_personnummer(&personnummer(8)),
        &TestKey::attacker(),
    );
    let query = format!("code=abc&state={}", started.parameter("state"));
    let forged = eid.come_back(&browser, &started, &query).await;
    assert_eq!(location(&forged), "/sv/mina-sidor?fel=eid_failed");
    assert!(cookie_named(&forged, "kp_contact").is_none());

    // A token without the personnummer claim.
    let started = eid.start(&browser, "sv").await;
    eid.answer(&started, json!({ "sub": "no-number" }), &eid.key);
    let query = format!("code=abc&state={}", started.parameter("state"));
    let numberless = eid.come_back(&browser, &started, &query).await;
    assert_eq!(
        location(&numberless),
        "/sv/mina-sidor?fel=eid_not_contact_person"
    );

    // The answer without this browser's cookie.
    let started = eid.start(&browser, "sv").await;
    eid.answer(&started, with_personnummer(&personnummer(8)), &eid.key);
    let elsewhere = app
        .client_from("127.0.0.1")
        .get(app.url(&format!(
            "/api/contact/eid/callback?code=abc&state={}",
            started.parameter("state")
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&elsewhere),
        "/sv/mina-sidor?fel=eid_unknown_attempt"
    );
    assert!(cookie_named(&elsewhere, "kp_contact").is_none());

    // A sign-in started for the caseworkers' provider (stored under its state's plain hash) is
    // not one of the area's, even with its state in the area's cookie.
    let caseworkers = "caseworker-state-0123456789";
    app.store
        .begin_provider_sign_in(
            &kp_server::auth::token_hash(caseworkers),
            "nonce",
            "verifier",
            Utc::now() + chrono::Duration::minutes(5),
        )
        .await
        .unwrap();
    let foreign = app
        .client_from("127.0.0.1")
        .get(app.url(&format!(
            "/api/contact/eid/callback?code=abc&state={caseworkers}"
        )))
        .header(COOKIE, format!("kp_eid={caseworkers}.sv"))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&foreign), "/sv/mina-sidor?fel=eid_unknown_attempt");
    assert!(cookie_named(&foreign, "kp_contact").is_none());
    assert!(
        app.store
            .take_provider_sign_in(&kp_server::auth::token_hash(caseworkers), Utc::now())
            .await
            .unwrap()
            .is_some(),
        "and the caseworkers' sign-in is left for its own callback"
    );

    let refusals = eid.refusals().await;
    for code in [
        "eid_not_contact_person",
        "eid_cancelled",
        "eid_failed",
        "eid_unknown_attempt",
    ] {
        assert!(
            refusals.contains(&format!("contact-eid:{code}")),
            "{code} is logged: {refusals:?}"
        );
    }
    assert_eq!(
        get_json(&browser, app, "/api/contact/me").await,
        Value::Null
    );
}
