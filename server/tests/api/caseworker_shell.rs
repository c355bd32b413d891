//! The caseworker area's shell carries who is signed in, exactly as `GET /api/session` would say
//! it at that moment, so a full page load asks for its page's data at once. It stays `no-store`,
//! touches and expires the session as `GET /api/session` does, logs what that logs (nothing, or
//! an expiry), and no caseworker's name can end the element it is in.

use std::time::Duration;

use kp_domain::security::{AccessKind, SecurityEvent};
use kp_server::store::Role;
use serde_json::{json, Value};

use crate::helpers::{json_at, spawn_app, spawn_app_with, TestApp};

const PASSWORD: &str = "ett långt lösenord 42";
const WORKER: &str = "handlaggare@exempelby.se";
const ADMIN: &str = "admin@exempelby.se";
const PAGE: &str = "/handlaggare/sokande/KP-2026-0001";
const OPEN: &str = "<script id=\"kp-session\" type=\"application/json\">";

/// The shell at `path` for `client` (with `headers`): its Cache-Control and the embedded session
/// (`None` when the shell carries none; `Some(Value::Null)` for "nobody is signed in").
async fn shell(
    client: &reqwest::Client,
    app: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> (String, Option<Value>, String) {
    let mut request = client.get(app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let cache = response.headers()["cache-control"]
        .to_str()
        .unwrap()
        .to_string();
    let html = response.text().await.unwrap();
    let embedded = html.split_once(OPEN).map(|(_, rest)| {
        let (json, _) = rest.split_once("</script>").expect("the element ends");
        serde_json::from_str(json).expect("the embedded session is JSON")
    });
    assert!(
        html.matches(OPEN).count() <= 1,
        "at most one session element"
    );
    (cache, embedded, html)
}

/// Every access-log entry's action, oldest first.
async fn log_actions(app: &TestApp) -> Vec<String> {
    let mut entries = app
        .store
        .access_log(None, None, None, None, 10_000, AccessKind::All)
        .await
        .unwrap();
    entries.reverse();
    entries.into_iter().map(|e| e.action).collect()
}

#[tokio::test]
async fn a_signed_in_caseworkers_shell_carries_what_api_session_answers_and_is_never_stored() {
    let app = spawn_app().await;
    app.create_account(WORKER, PASSWORD, Role::Caseworker).await;
    let worker = app.signed_in(WORKER, PASSWORD).await;
    let before = log_actions(&app).await;
    for path in [PAGE, "/handlaggare", "/handlaggare/", "/handlaggare/konton"] {
        let (cache, embedded, _) = shell(&worker, &app, path, &[]).await;
        assert_eq!(cache, "no-store", "{path}");
        let me = json_at(&worker, &app, "/api/session").await;
        assert_eq!(me["email"], WORKER);
        assert_eq!(embedded, Some(me), "{path}: the same answer");
    }
    assert_eq!(
        log_actions(&app).await,
        before,
        "loading the shell logs what GET /api/session logs for a live session: nothing"
    );
}

#[tokio::test]
async fn a_shell_without_a_live_session_says_nobody_when_it_can_know_and_nothing_when_it_cannot() {
    let app = spawn_app().await;
    let anonymous = app.client_from("127.0.0.1");
    // A navigation inside the site always carries the SameSite=Strict cookie: none means nobody.
    let (cache, embedded, _) =
        shell(&anonymous, &app, PAGE, &[("sec-fetch-site", "same-origin")]).await;
    assert_eq!(cache, "no-store");
    assert_eq!(embedded, Some(Value::Null));
    // A link followed from elsewhere arrives without the cookie even when the browser holds a
    // live session: the shell does not claim to know, and the area asks as before.
    for site in ["cross-site", "same-site", "none"] {
        let (_, embedded, _) = shell(&anonymous, &app, PAGE, &[("sec-fetch-site", site)]).await;
        assert_eq!(embedded, None, "{site}");
    }
    let (_, embedded, _) = shell(&anonymous, &app, PAGE, &[]).await;
    assert_eq!(embedded, None, "no fetch metadata");
    // A cookie that names no live session is a definite "nobody", wherever the load came from,
    // as GET /api/session says.
    let stale = [
        ("cookie", "kp_session=made-up"),
        ("sec-fetch-site", "cross-site"),
    ];
    let (_, embedded, _) = shell(&anonymous, &app, PAGE, &stale).await;
    assert_eq!(embedded, Some(Value::Null));
    let asked = anonymous
        .get(app.url("/api/session"))
        .header("cookie", "kp_session=made-up")
        .send()
        .await
        .unwrap();
    assert_eq!(asked.json::<Value>().await.unwrap(), Value::Null);
    // After signing out, the shell says nobody.
    app.create_account(WORKER, PASSWORD, Role::Caseworker).await;
    let worker = app.signed_in(WORKER, PASSWORD).await;
    let out = worker.delete(app.url("/api/session")).send().await.unwrap();
    assert_eq!(out.status(), 204);
    let (_, embedded, _) = shell(&worker, &app, PAGE, &[("sec-fetch-site", "same-origin")]).await;
    assert_eq!(embedded, Some(Value::Null));
}

#[tokio::test]
async fn no_caseworkers_name_can_end_the_element_that_carries_the_session() {
    let app = spawn_app().await;
    let name = "Eva </script><script>alert(1)</script><!-- & \"Ek\" >";
    let hash = kp_server::hash_password(PASSWORD.to_string())
        .await
        .unwrap();
    app.store
        .upsert_account(WORKER, name, &hash, Role::Caseworker)
        .await
        .unwrap();
    let worker = app.signed_in(WORKER, PASSWORD).await;
    let (_, embedded, html) = shell(&worker, &app, PAGE, &[]).await;
    let embedded = embedded.expect("a session");
    assert_eq!(embedded["display_name"], name, "read back unchanged");
    assert!(!html.contains("alert(1)</script>"), "{html}");
    assert!(!html.contains("<!--  &"), "{html}");
    assert_eq!(
        html.matches("<script").count(),
        html.matches("</script>").count(),
        "every script element ends where it should: {html}"
    );
    assert_eq!(
        html.matches("<script").count(),
        2,
        "the loader and the session, nothing more: {html}"
    );
}

#[tokio::test]
async fn a_temporary_password_or_a_missing_second_factor_comes_out_as_api_session_says() {
    // Administrators must have a second factor (the default policy); this one has none yet.
    let strict =
        spawn_app_with(|c| c.require_mfa = kp_domain::second_factor::MfaPolicy::Admins).await;
    strict.create_account(ADMIN, PASSWORD, Role::Admin).await;
    let admin = strict.signed_in(ADMIN, PASSWORD).await;
    let (_, embedded, _) = shell(&admin, &strict, "/handlaggare/konton", &[]).await;
    let embedded = embedded.expect("a session");
    assert_eq!(embedded["must_enrol_second_factor"], true);
    assert_eq!(embedded["role"], "admin");
    assert_eq!(embedded, json_at(&admin, &strict, "/api/session").await);
    // An account an administrator made has a temporary password (the tests' policy asks no
    // second factor of the administrator who makes it).
    let relaxed = spawn_app().await;
    relaxed.create_account(ADMIN, PASSWORD, Role::Admin).await;
    let admin = relaxed.signed_in(ADMIN, PASSWORD).await;
    let created = admin
        .post(relaxed.url("/api/users"))
        .json(&json!({ "email": "ny@exempelby.se", "display_name": "Ny Handläggare", "role": "caseworker", "password": "tillfälligt brev i lådan" }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let new = relaxed
        .signed_in("ny@exempelby.se", "tillfälligt brev i lådan")
        .await;
    let (_, embedded, _) = shell(&new, &relaxed, PAGE, &[]).await;
    let embedded = embedded.expect("a session");
    assert_eq!(embedded["must_change_password"], true);
    assert_eq!(embedded, json_at(&new, &relaxed, "/api/session").await);
}

#[tokio::test]
async fn loading_the_shell_keeps_a_session_alive_and_ends_a_run_out_one_as_api_session_does() {
    let app = spawn_app_with(|c| c.idle_timeout = chrono::Duration::seconds(4)).await;
    app.create_account(WORKER, PASSWORD, Role::Caseworker).await;
    let worker = app.signed_in(WORKER, PASSWORD).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let (_, embedded, _) = shell(&worker, &app, PAGE, &[]).await;
    assert_eq!(embedded.expect("a session")["email"], WORKER);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    // Five seconds after signing in, past the four-second idle timeout: the load counted.
    let me = json_at(&worker, &app, "/api/session").await;
    assert_eq!(me["email"], WORKER, "the shell's load was activity");
    tokio::time::sleep(Duration::from_millis(5000)).await;
    let (_, embedded, _) = shell(&worker, &app, PAGE, &[]).await;
    assert_eq!(embedded, Some(Value::Null), "run out");
    let expired = log_actions(&app)
        .await
        .iter()
        .filter(|a| *a == SecurityEvent::SessionExpired.action())
        .count();
    assert_eq!(expired, 1, "ended and logged as expired at once, once");
    assert_eq!(json_at(&worker, &app, "/api/session").await, Value::Null);
}
