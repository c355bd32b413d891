//! Sign-in, sessions, roles, brute-force throttling, cross-site protection, and a table-driven
//! check that every non-public route refuses anonymous callers and the wrong role.

use kp_server::routes::{api, Access};
use kp_server::store::Role;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{envelope_code, spawn_app, TestApp};

const PASSWORD: &str = "ett långt lösenord 42";

async fn with_accounts() -> (TestApp, i64, i64) {
    let app = spawn_app().await;
    let admin = app
        .create_account("admin@exempelby.se", PASSWORD, Role::Admin)
        .await;
    let worker = app
        .create_account("handlaggare@exempelby.se", PASSWORD, Role::Caseworker)
        .await;
    (app, admin, worker)
}

pub fn concrete(path: &str) -> String {
    path.replace("{locale}", "sv")
        .replace("{page}", "start")
        .replace("{id}", "1")
        .replace("{reference}", "KP-2026-0001")
}

pub async fn call(
    client: &reqwest::Client,
    app: &TestApp,
    method: &Method,
    path: &str,
) -> reqwest::Response {
    let mut request = client.request(method.clone(), app.url(&format!("/api{}", concrete(path))));
    if method != Method::GET && method != Method::DELETE {
        request = request.json(&json!({}));
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn every_route_that_is_not_public_refuses_anonymous_callers_and_admin_routes_refuse_caseworkers(
) {
    let (app, _, _) = with_accounts().await;
    let anonymous = reqwest::Client::new();
    let caseworker = app.signed_in("handlaggare@exempelby.se", PASSWORD).await;
    let (_, table) = api();
    assert!(
        table.iter().any(|r| r.access == Access::Admin),
        "the table lists admin routes"
    );
    for route in table.iter().filter(|r| r.access != Access::Public) {
        let response = call(&anonymous, &app, &route.method, route.path).await;
        assert_eq!(
            response.status(),
            401,
            "{} {} anonymously",
            route.method,
            route.path
        );
        assert_eq!(envelope_code(response).await, "unauthorized");
        if route.access == Access::ContactPerson {
            let response = call(&caseworker, &app, &route.method, route.path).await;
            assert_eq!(
                response.status(),
                401,
                "{} {} with a caseworker's session: the contact person's area has its own",
                route.method,
                route.path
            );
        }
        if route.access == Access::Admin {
            let response = call(&caseworker, &app, &route.method, route.path).await;
            assert_eq!(
                response.status(),
                403,
                "{} {} as a caseworker",
                route.method,
                route.path
            );
        }
    }
}

#[tokio::test]
async fn signing_in_sets_a_strict_http_only_cookie_and_signing_out_ends_the_session() {
    let (app, _, _) = with_accounts().await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let response = client
        .post(app.url("/api/session"))
        .json(&json!({ "email": "Handlaggare@Exempelby.se", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain http in tests");
    let me: serde_json::Value = client
        .get(app.url("/api/session"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "caseworker");
    assert_eq!(me["email"], "handlaggare@exempelby.se");
    let out = client.delete(app.url("/api/session")).send().await.unwrap();
    assert_eq!(out.status(), 204);
    let after = client.get(app.url("/api/session")).send().await.unwrap();
    assert_eq!(after.status(), 200);
    assert_eq!(
        after.json::<serde_json::Value>().await.unwrap(),
        serde_json::Value::Null,
        "the session is revoked on the server"
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_account_get_the_same_answer() {
    let (app, _, _) = with_accounts().await;
    let mut bodies = Vec::new();
    for email in ["handlaggare@exempelby.se", "nobody@exempelby.se"] {
        let response = app
            .client
            .post(app.url("/api/session"))
            .json(&json!({ "email": email, "password": "fel lösenord här" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401);
        bodies.push(response.text().await.unwrap());
    }
    assert_eq!(bodies[0], bodies[1]);
    assert!(bodies[0].contains("invalid_credentials"));
}

#[tokio::test]
async fn repeated_failures_lock_this_client_out_of_the_account_even_for_the_right_password_but_not_other_accounts(
) {
    let (app, _, _) = with_accounts().await;
    let attempt = |email: &'static str, password: &'static str| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/session"))
                .json(&json!({ "email": email, "password": password }))
                .send()
                .await
                .unwrap()
        }
    };
    for _ in 0..5 {
        assert_eq!(
            attempt("handlaggare@exempelby.se", "fel fel fel fel")
                .await
                .status(),
            401
        );
    }
    let locked = attempt("handlaggare@exempelby.se", PASSWORD).await;
    assert_eq!(locked.status(), 429);
    assert!(locked.headers().contains_key("retry-after"));
    assert_eq!(
        attempt("admin@exempelby.se", PASSWORD).await.status(),
        200,
        "another account"
    );
    // An unknown account is throttled the same way, so throttling tells nothing either.
    for _ in 0..5 {
        attempt("nobody@exempelby.se", "x").await;
    }
    assert_eq!(attempt("nobody@exempelby.se", "x").await.status(), 429);
}

#[tokio::test]
async fn a_forged_cross_site_request_is_refused_and_changes_nothing() {
    let (app, _, worker) = with_accounts().await;
    let admin = app.signed_in("admin@exempelby.se", PASSWORD).await;
    let forged = [
        ("sec-fetch-site", "cross-site"),
        ("origin", "https://evil.example"),
    ];
    for (name, value) in forged {
        let response = admin
            .patch(app.url(&format!("/api/users/{worker}")))
            .header(name, value)
            .json(&json!({ "active": false }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{name}: {value}");
        assert_eq!(envelope_code(response).await, "forbidden");
    }
    let accounts: serde_json::Value = admin
        .get(app.url("/api/users"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let still_active = accounts
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["id"] == worker && a["active"] == true);
    assert!(still_active, "the forged request changed nothing");
    let same_site = admin
        .patch(app.url(&format!("/api/users/{worker}")))
        .header("sec-fetch-site", "same-origin")
        .json(&json!({ "role": "admin" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        same_site.status(),
        204,
        "the real SPA's request goes through"
    );
}

#[tokio::test]
async fn deactivating_an_account_ends_its_sessions_at_once() {
    let (app, _, worker) = with_accounts().await;
    let admin = app.signed_in("admin@exempelby.se", PASSWORD).await;
    let caseworker = app.signed_in("handlaggare@exempelby.se", PASSWORD).await;
    assert_eq!(
        caseworker
            .get(app.url("/api/overview"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let response = admin
        .patch(app.url(&format!("/api/users/{worker}")))
        .json(&json!({ "active": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(
        caseworker
            .get(app.url("/api/overview"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    let again = app
        .client
        .post(app.url("/api/session"))
        .json(&json!({ "email": "handlaggare@exempelby.se", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 401, "a deactivated account cannot sign in");
    let logged = app
        .store
        .access_log(
            None,
            Some(&format!("account:{worker}")),
            None,
            None,
            10,
            Default::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        logged.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["write:account_deactivated", "auth:sign_in"],
        "the administrator's change is in the access log, after the account's sign-in"
    );
}

#[tokio::test]
async fn an_idle_session_ends_after_thirty_minutes() {
    let (app, _, _) = with_accounts().await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let response = client
        .post(app.url("/api/session"))
        .json(&json!({ "email": "handlaggare@exempelby.se", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    let token = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("kp_session=");
    let hash = kp_server::auth::token_hash(token);
    app.store
        .age_session(&hash, chrono::Utc::now() - chrono::Duration::minutes(31))
        .await
        .unwrap();
    assert_eq!(
        client
            .get(app.url("/api/overview"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

#[tokio::test]
async fn changing_ones_password_checks_the_old_one_and_ends_other_sessions() {
    let (app, _, _) = with_accounts().await;
    let here = app.signed_in("handlaggare@exempelby.se", PASSWORD).await;
    let elsewhere = app.signed_in("handlaggare@exempelby.se", PASSWORD).await;
    let change = |current: &'static str, new: &'static str| {
        let (app, here) = (&app, &here);
        async move {
            here.post(app.url("/api/account/password"))
                .json(&json!({ "current_password": current, "new_password": new }))
                .send()
                .await
                .unwrap()
        }
    };
    let wrong = change("inte rätt lösenord", "ett helt nytt lösenord").await;
    assert_eq!(wrong.status(), 422);
    let short = change(PASSWORD, "kort").await;
    assert_eq!(short.status(), 422);
    let body: serde_json::Value = short.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["code"], "too_short");
    assert_eq!(
        change(PASSWORD, "ett helt nytt lösenord").await.status(),
        204
    );
    assert_eq!(
        here.get(app.url("/api/overview"))
            .send()
            .await
            .unwrap()
            .status(),
        200,
        "this session stays"
    );
    assert_eq!(
        elsewhere
            .get(app.url("/api/overview"))
            .send()
            .await
            .unwrap()
            .status(),
        401,
        "others end"
    );
    app.signed_in("handlaggare@exempelby.se", "ett helt nytt lösenord")
        .await;
}

#[tokio::test]
async fn an_administrator_manages_accounts_but_cannot_lock_themselves_out() {
    let (app, admin_id, _) = with_accounts().await;
    let admin = app.signed_in("admin@exempelby.se", PASSWORD).await;
    let created = admin
        .post(app.url("/api/users"))
        .json(&json!({ "email": "ny@exempelby.se", "display_name": "Ny Handläggare", "role": "caseworker", "password": "första lösenordet" }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    app.signed_in("ny@exempelby.se", "första lösenordet").await;
    let duplicate = admin
        .post(app.url("/api/users"))
        .json(&json!({ "email": "NY@exempelby.se", "display_name": "X", "role": "caseworker", "password": "första lösenordet" }))
        .send()
        .await
        .unwrap();
    assert_eq!(duplicate.status(), 409);
    let self_lock = admin
        .patch(app.url(&format!("/api/users/{admin_id}")))
        .json(&json!({ "active": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(self_lock.status(), 409);
    assert_eq!(envelope_code(self_lock).await, "cannot_lock_out_self");
}
