//! The second factor of local accounts: enrolment, the code step after the password, wrong, old
//! and reused codes, recovery codes, its own throttle, an administrator's reset, who must have
//! one, and the demo account's exemption in demo mode only.

use chrono::{Duration, Utc};
use kp_domain::second_factor::MfaPolicy;
use kp_domain::security::{AccessKind, SecurityEvent};
use kp_server::store::Role;
use kp_server::totp;
use serde_json::{json, Value};

use crate::helpers::{envelope_code, json_at, spawn_app_in, spawn_app_with, status_at, TestApp};

const PASSWORD: &str = "ett långt lösenord 42";
const ADMIN: &str = "admin@exempelby.se";
const WORKER: &str = "handlaggare@exempelby.se";

async fn app_with(policy: MfaPolicy) -> TestApp {
    let app = spawn_app_with(|c| c.require_mfa = policy).await;
    app.create_account(ADMIN, PASSWORD, Role::Admin).await;
    app.create_account(WORKER, PASSWORD, Role::Caseworker).await;
    app
}

async fn post(
    client: &reqwest::Client,
    app: &TestApp,
    path: &str,
    body: Value,
) -> reqwest::Response {
    client.post(app.url(path)).json(&body).send().await.unwrap()
}

async fn sign_in(client: &reqwest::Client, app: &TestApp, email: &str) -> Value {
    let response = post(
        client,
        app,
        "/api/session",
        json!({ "email": email, "password": PASSWORD }),
    )
    .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn code(client: &reqwest::Client, app: &TestApp, code: &str) -> reqwest::Response {
    post(client, app, "/api/session/code", json!({ "code": code })).await
}

async fn who(client: &reqwest::Client, app: &TestApp) -> Value {
    json_at(client, app, "/api/session").await
}

/// The code `steps` steps from now (0: now; 1: the next, which is accepted as a fast clock).
fn code_in(secret: &str, steps: i64) -> String {
    totp::code_at(secret, Utc::now() + Duration::seconds(30 * steps)).unwrap()
}

/// A six-digit code that is none of the three accepted now.
fn wrong_code(secret: &str) -> String {
    let valid: Vec<String> = (-1..=1).map(|s| code_in(secret, s)).collect();
    (0..1_000_000)
        .map(|n| format!("{n:06}"))
        .find(|c| !valid.contains(c))
        .unwrap()
}

/// Enrols `client`'s account: the secret and the recovery codes.
async fn enrol(client: &reqwest::Client, app: &TestApp) -> (String, Vec<String>) {
    let setup: Value = post(client, app, "/api/account/second-factor", json!({}))
        .await
        .json()
        .await
        .unwrap();
    let secret = setup["secret"].as_str().unwrap().replace(' ', "");
    let codes: Value = post(
        client,
        app,
        "/api/account/second-factor/confirm",
        json!({ "code": code_in(&secret, 0) }),
    )
    .await
    .json()
    .await
    .unwrap();
    let codes = codes["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    (secret, codes)
}

async fn actions(app: &TestApp) -> Vec<String> {
    let entries = app
        .store
        .access_log(None, None, None, None, 10_000, AccessKind::Security)
        .await
        .unwrap();
    assert!(app.store.verify_access_log().await.unwrap().intact);
    entries.into_iter().rev().map(|e| e.action).collect()
}

#[tokio::test]
async fn an_administrator_without_a_second_factor_may_only_set_one_up_and_then_reaches_everything()
{
    let app = app_with(MfaPolicy::Admins).await;
    let admin = app.client_from("127.0.0.1");
    let me = sign_in(&admin, &app, ADMIN).await;
    assert_eq!(me["must_enrol_second_factor"], true);
    assert_eq!(me["second_factor"], false);
    let refused = admin.get(app.url("/api/applicants")).send().await.unwrap();
    assert_eq!(refused.status(), 403);
    assert_eq!(envelope_code(refused).await, "second_factor_required");
    let refused = admin.get(app.url("/api/users")).send().await.unwrap();
    assert_eq!(envelope_code(refused).await, "second_factor_required");

    let setup: Value = post(&admin, &app, "/api/account/second-factor", json!({}))
        .await
        .json()
        .await
        .unwrap();
    let secret = setup["secret"].as_str().unwrap().replace(' ', "");
    assert!(setup["uri"]
        .as_str()
        .unwrap()
        .starts_with("otpauth://totp/Kontaktperson:admin%40exempelby.se?"));
    assert!(setup["qr_size"].as_u64().unwrap() >= 21);
    assert!(!setup["qr_path"].as_str().unwrap().is_empty());

    // Not switched on until a code proves the app has the secret.
    let wrong = post(
        &admin,
        &app,
        "/api/account/second-factor/confirm",
        json!({ "code": wrong_code(&secret) }),
    )
    .await;
    assert_eq!(wrong.status(), 422);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["code"], "wrong_code");
    let typo = post(
        &admin,
        &app,
        "/api/account/second-factor/confirm",
        json!({ "code": "12345" }),
    )
    .await;
    let body: Value = typo.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["code"], "code_format");
    assert_eq!(who(&admin, &app).await["must_enrol_second_factor"], true);

    let codes: Value = post(
        &admin,
        &app,
        "/api/account/second-factor/confirm",
        json!({ "code": code_in(&secret, 0) }),
    )
    .await
    .json()
    .await
    .unwrap();
    let codes = codes["codes"].as_array().unwrap();
    assert_eq!(codes.len(), 10);
    assert!(codes.iter().all(|c| c.as_str().unwrap().len() == 19));
    let now = who(&admin, &app).await;
    assert_eq!(now["must_enrol_second_factor"], false);
    assert_eq!(now["second_factor"], true);
    assert_eq!(status_at(&admin, &app, "/api/applicants").await, 200);
    let status: Value = json_at(&admin, &app, "/api/account/second-factor").await;
    assert_eq!(
        status,
        json!({ "enabled": true, "required": true, "recovery_codes_left": 10 })
    );
    let log = actions(&app).await;
    assert!(
        log.contains(&"auth:second_factor_failed".to_string()),
        "{log:?}"
    );
    assert!(
        log.ends_with(&["auth:second_factor_enabled".to_string()]),
        "{log:?}"
    );
}

#[tokio::test]
async fn after_the_password_the_code_is_asked_for_and_a_wrong_an_old_and_a_reused_code_are_refused()
{
    let app = app_with(MfaPolicy::Admins).await;
    let first = app.client_from("127.0.0.1");
    sign_in(&first, &app, ADMIN).await;
    let (secret, _) = enrol(&first, &app).await;

    let second = app.client_from("127.0.0.2");
    let answer = sign_in(&second, &app, ADMIN).await;
    assert_eq!(
        answer,
        json!({ "second_factor_required": true, "expires_in_seconds": 300 })
    );
    assert_eq!(
        who(&second, &app).await,
        Value::Null,
        "no session before the code"
    );
    assert_eq!(status_at(&second, &app, "/api/applicants").await, 401);

    for refused in [
        wrong_code(&secret),
        code_in(&secret, -3),
        code_in(&secret, 0),
    ] {
        // The current step was used to confirm the enrolment: it is a reused code now.
        let response = code(&second, &app, &refused).await;
        assert_eq!(response.status(), 422, "{refused}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["fields"][0]["code"], "wrong_code");
    }
    let next = code_in(&secret, 1);
    let response = code(&second, &app, &format!("{} {}", &next[..3], &next[3..])).await;
    assert_eq!(response.status(), 200);
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["email"], ADMIN);
    assert_eq!(status_at(&second, &app, "/api/applicants").await, 200);

    // The same code once more, from a third browser after a correct password: refused.
    let third = app.client_from("127.0.0.3");
    sign_in(&third, &app, ADMIN).await;
    assert_eq!(code(&third, &app, &next).await.status(), 422);
    // The code step is over once it has signed someone in.
    assert_eq!(
        envelope_code(code(&second, &app, &next).await).await,
        "sign_in_again"
    );

    let log = actions(&app).await;
    let failed = log
        .iter()
        .filter(|a| a.as_str() == "auth:second_factor_failed")
        .count();
    assert_eq!(failed, 4, "{log:?}");
    assert_eq!(
        log.iter().filter(|a| a.as_str() == "auth:sign_in").count(),
        2,
        "{log:?}"
    );
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let app = app_with(MfaPolicy::Admins).await;
    let first = app.client_from("127.0.0.1");
    sign_in(&first, &app, ADMIN).await;
    let (_, codes) = enrol(&first, &app).await;

    let lost_phone = app.client_from("127.0.0.2");
    sign_in(&lost_phone, &app, ADMIN).await;
    let typed = codes[3].to_lowercase();
    assert_eq!(code(&lost_phone, &app, &typed).await.status(), 200);
    let status: Value = json_at(&lost_phone, &app, "/api/account/second-factor").await;
    assert_eq!(status["recovery_codes_left"], 9);

    let again = app.client_from("127.0.0.3");
    sign_in(&again, &app, ADMIN).await;
    assert_eq!(code(&again, &app, &codes[3]).await.status(), 422);
    assert_eq!(code(&again, &app, &codes[4]).await.status(), 200);
    let log = actions(&app).await;
    assert_eq!(
        log.iter()
            .filter(|a| a.as_str() == "auth:recovery_code_used")
            .count(),
        2,
        "{log:?}"
    );
}

#[tokio::test]
async fn five_wrong_codes_end_the_code_step_and_the_code_throttle_then_refuses_without_checking() {
    let app = app_with(MfaPolicy::Admins).await;
    let first = app.client_from("127.0.0.1");
    sign_in(&first, &app, ADMIN).await;
    let (secret, codes) = enrol(&first, &app).await;

    let guesser = app.client_from("127.0.0.2");
    sign_in(&guesser, &app, ADMIN).await;
    for _ in 0..4 {
        assert_eq!(
            code(&guesser, &app, &wrong_code(&secret)).await.status(),
            422
        );
    }
    let fifth = code(&guesser, &app, &wrong_code(&secret)).await;
    assert_eq!(fifth.status(), 401);
    assert!(fifth
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("kp_code_step=;")));
    assert_eq!(envelope_code(fifth).await, "sign_in_again");
    assert_eq!(
        envelope_code(code(&guesser, &app, &codes[0]).await).await,
        "sign_in_again"
    );

    // With the password again: the account's code step now refuses this client outright, even a
    // right code, and says when to try again.
    sign_in(&guesser, &app, ADMIN).await;
    let refused = code(&guesser, &app, &codes[0]).await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().get("retry-after").is_some());
    let log = actions(&app).await;
    assert!(
        log.contains(&"auth:second_factor_throttled".to_string()),
        "{log:?}"
    );
    // The refused recovery code was never checked, so it still works elsewhere.
    let elsewhere = app.client_from("127.0.0.4");
    sign_in(&elsewhere, &app, ADMIN).await;
    assert_eq!(code(&elsewhere, &app, &codes[0]).await.status(), 200);

    // Every event of the second factor is in the access log, and the chain holds.
    let me: Value = who(&elsewhere, &app).await;
    let reset = elsewhere
        .delete(app.url(&format!("/api/users/{}/second-factor", me["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 204);
    let log = actions(&app).await;
    for event in SecurityEvent::ALL
        .into_iter()
        .filter(|e| e.action().contains("second_factor") || e.action().contains("recovery"))
    {
        assert!(
            log.iter().any(|a| a == event.action()),
            "{event:?} in {log:?}"
        );
    }
}

#[tokio::test]
async fn the_code_step_refuses_without_a_password_step_or_with_a_forged_one() {
    let app = app_with(MfaPolicy::Admins).await;
    let stranger = app.client_from("127.0.0.2");
    assert_eq!(
        envelope_code(code(&stranger, &app, "123456").await).await,
        "sign_in_again"
    );
    let forged = app
        .client
        .post(app.url("/api/session/code"))
        .header("cookie", "kp_code_step=dGhpcyBpcyBub3QgYSBjaGFsbGVuZ2U")
        .json(&json!({ "code": "123456" }))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    assert_eq!(envelope_code(forged).await, "sign_in_again");
}

#[tokio::test]
async fn an_administrator_resets_a_lost_second_factor_the_sessions_end_and_the_next_sign_in_sets_up_a_new_one(
) {
    let app = app_with(MfaPolicy::All).await;
    let worker = app.client_from("127.0.0.2");
    assert_eq!(
        sign_in(&worker, &app, WORKER).await["must_enrol_second_factor"],
        true
    );
    enrol(&worker, &app).await;
    let admin = app.client_from("127.0.0.1");
    sign_in(&admin, &app, ADMIN).await;
    enrol(&admin, &app).await;

    let accounts: Value = json_at(&admin, &app, "/api/users").await;
    let row = accounts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == WORKER)
        .unwrap()
        .clone();
    assert_eq!(row["second_factor"], true);
    let id = row["id"].as_i64().unwrap();
    let caseworker_may_not = worker
        .delete(app.url(&format!("/api/users/{id}/second-factor")))
        .send()
        .await
        .unwrap();
    assert_eq!(caseworker_may_not.status(), 403);
    let reset = admin
        .delete(app.url(&format!("/api/users/{id}/second-factor")))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 204);
    assert_eq!(
        admin
            .delete(app.url("/api/users/999999/second-factor"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    assert_eq!(
        who(&worker, &app).await,
        Value::Null,
        "their sessions ended"
    );
    let again = sign_in(&worker, &app, WORKER).await;
    assert_eq!(again["must_enrol_second_factor"], true, "{again}");
    assert_eq!(again["second_factor"], false);
    let log = actions(&app).await;
    assert!(
        log.contains(&"auth:second_factor_reset".to_string()),
        "{log:?}"
    );
}

#[tokio::test]
async fn who_must_have_a_second_factor_follows_kp_require_mfa() {
    let admins = app_with(MfaPolicy::Admins).await;
    let client = admins.client_from("127.0.0.1");
    assert_eq!(
        sign_in(&client, &admins, WORKER).await["must_enrol_second_factor"],
        false
    );
    assert_eq!(status_at(&client, &admins, "/api/applicants").await, 200);

    let all = app_with(MfaPolicy::All).await;
    let client = all.client_from("127.0.0.1");
    assert_eq!(
        sign_in(&client, &all, WORKER).await["must_enrol_second_factor"],
        true
    );
    assert_eq!(status_at(&client, &all, "/api/applicants").await, 403);

    let off = app_with(MfaPolicy::Off).await;
    let client = off.client_from("127.0.0.1");
    assert_eq!(
        sign_in(&client, &off, ADMIN).await["must_enrol_second_factor"],
        false
    );
    assert_eq!(status_at(&client, &off, "/api/users").await, 200);
    // Anyone may still switch it on; then it is asked for.
    enrol(&client, &off).await;
    let other = off.client_from("127.0.0.2");
    assert_eq!(
        sign_in(&other, &off, ADMIN).await["second_factor_required"],
        true
    );
}

#[tokio::test]
async fn the_demo_administrator_signs_in_without_a_second_factor_only_in_demo_mode() {
    const DEMO: &str = "demo@exempelby.se";
    let demo = |on: bool| {
        move |c: &mut kp_server::config::Config| {
            c.require_mfa = MfaPolicy::Admins;
            c.demo_user = on.then(|| (DEMO.to_string(), PASSWORD.to_string()));
        }
    };
    let app = spawn_app_with(demo(true)).await;
    let client = app.client_from("127.0.0.1");
    let me = sign_in(&client, &app, DEMO).await;
    assert_eq!(
        (me["demo"].clone(), me["must_enrol_second_factor"].clone()),
        (json!(true), json!(false))
    );
    assert_eq!(status_at(&client, &app, "/api/users").await, 200);

    // The same database without DEMO_USER: the account is no longer exempt.
    let dir = app.stop().await;
    let app = spawn_app_in(dir, demo(false)).await;
    let client = app.client_from("127.0.0.1");
    assert_eq!(
        sign_in(&client, &app, DEMO).await["must_enrol_second_factor"],
        true
    );
    assert_eq!(status_at(&client, &app, "/api/users").await, 403);
}

#[tokio::test]
async fn one_code_sent_from_two_browsers_at_once_signs_in_only_one() {
    let app = app_with(MfaPolicy::Admins).await;
    let first = app.client_from("127.0.0.1");
    sign_in(&first, &app, ADMIN).await;
    let (secret, _) = enrol(&first, &app).await;
    let (a, b) = (app.client_from("127.0.0.2"), app.client_from("127.0.0.3"));
    sign_in(&a, &app, ADMIN).await;
    sign_in(&b, &app, ADMIN).await;
    let next = code_in(&secret, 1);
    let (ra, rb) = tokio::join!(code(&a, &app, &next), code(&b, &app, &next));
    let mut statuses = [ra.status().as_u16(), rb.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 422]);
}
