//! What a penetration tester tries first: racing the sign-in throttle, locking others out,
//! forged client addresses behind a proxy, guessing the current password with a stolen session,
//! slow clients, cached personal data, invisible security events, sessions one cannot see.

use std::time::{Duration, Instant};

use kp_domain::security::SecurityEvent;
use kp_server::client_addr::TrustedProxies;
use kp_server::routes::api;
use kp_server::store::Role;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{envelope_code, json_at, spawn_app, spawn_app_with, status_at, TestApp};

const PASSWORD: &str = "ett långt lösenord 42";
const WORKER: &str = "handlaggare@exempelby.se";
const ADMIN: &str = "admin@exempelby.se";

async fn with_accounts(app: TestApp) -> TestApp {
    app.create_account(ADMIN, PASSWORD, Role::Admin).await;
    app.create_account(WORKER, PASSWORD, Role::Caseworker).await;
    app
}

async fn sign_in(
    client: &reqwest::Client,
    app: &TestApp,
    email: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> reqwest::Response {
    let mut request = client
        .post(app.url("/api/session"))
        .json(&json!({ "email": email, "password": password }));
    if let Some(xff) = forwarded_for {
        request = request.header("x-forwarded-for", xff);
    }
    request.send().await.unwrap()
}

/// The actions in the access log (oldest first) and whether the chain verifies.
async fn security_log(app: &TestApp) -> (Vec<(String, String, String)>, bool) {
    let entries = app
        .store
        .access_log(
            None,
            None,
            None,
            None,
            10_000,
            kp_domain::security::AccessKind::Security,
        )
        .await
        .unwrap();
    let intact = app.store.verify_access_log().await.unwrap().intact;
    let rows = entries
        .into_iter()
        .rev()
        .map(|e| (e.action, e.record, e.address))
        .collect();
    (rows, intact)
}

async fn change_password(
    client: &reqwest::Client,
    app: &TestApp,
    current: &str,
    new: &str,
) -> reqwest::Response {
    client
        .post(app.url("/api/account/password"))
        .json(&json!({ "current_password": current, "new_password": new }))
        .send()
        .await
        .unwrap()
}

fn count(log: &[(String, String, String)], event: SecurityEvent) -> usize {
    log.iter().filter(|(a, _, _)| a == event.action()).count()
}

#[tokio::test]
async fn thirty_concurrent_wrong_passwords_reach_verification_at_most_five_times() {
    let app = with_accounts(spawn_app().await).await;
    let attacker = app.client_from("127.0.0.1");
    let url = app.url("/api/session");
    let guesses: Vec<_> = (0..30)
        .map(|i| {
            let (attacker, url) = (attacker.clone(), url.clone());
            tokio::spawn(async move {
                attacker
                    .post(url)
                    .json(&json!({ "email": WORKER, "password": format!("gissning nummer {i}") }))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for guess in guesses {
        statuses.push(guess.await.unwrap());
    }
    let wrong = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(
        (wrong, refused),
        (5, 25),
        "five guesses checked, the rest refused unchecked: {statuses:?}"
    );
    let (log, intact) = security_log(&app).await;
    assert_eq!(count(&log, SecurityEvent::SignInFailed), 5, "{log:?}");
    assert_eq!(
        count(&log, SecurityEvent::SignInThrottled),
        1,
        "refusals are logged once a minute, not 25 times"
    );
    assert!(intact);
}

#[tokio::test]
async fn the_owner_signs_in_from_another_address_while_someone_guesses_their_password() {
    let app = with_accounts(spawn_app().await).await;
    let attacker = app.client_from("127.0.0.1");
    for i in 0..8 {
        sign_in(&attacker, &app, WORKER, &format!("fel {i}"), None).await;
    }
    assert_eq!(
        sign_in(&attacker, &app, WORKER, PASSWORD, None)
            .await
            .status(),
        429,
        "the guesser's address is locked out of the account, even with the right password"
    );
    let owner = app.client_from("127.0.0.2");
    let response = sign_in(&owner, &app, WORKER, PASSWORD, None).await;
    assert_eq!(response.status(), 200, "the owner, from elsewhere, is not");
    let (log, _) = security_log(&app).await;
    let signed_in = log
        .iter()
        .find(|(a, _, _)| a == SecurityEvent::SignedIn.action())
        .unwrap();
    assert_eq!(signed_in.2, "127.0.0.2", "the log has the owner's address");
}

#[tokio::test]
async fn behind_a_trusted_proxy_clients_are_throttled_apart_and_an_untrusted_header_is_ignored() {
    let proxied = with_accounts(
        spawn_app_with(|c| c.trusted_proxies = TrustedProxies::parse("127.0.0.1").unwrap()).await,
    )
    .await;
    let proxy = proxied.client_from("127.0.0.1");
    for i in 0..5 {
        let r = sign_in(
            &proxy,
            &proxied,
            WORKER,
            &format!("fel {i}"),
            Some("198.51.100.1"),
        )
        .await;
        assert_eq!(r.status(), 401);
    }
    let r = sign_in(&proxy, &proxied, WORKER, PASSWORD, Some("198.51.100.1")).await;
    assert_eq!(r.status(), 429, "the guessing client is throttled");
    // The next client behind the same proxy; the made-up left-most entry is not believed.
    let r = sign_in(
        &proxy,
        &proxied,
        WORKER,
        PASSWORD,
        Some("198.51.100.1, 198.51.100.2"),
    )
    .await;
    assert_eq!(r.status(), 200, "another client behind the proxy signs in");
    let (log, _) = security_log(&proxied).await;
    assert_eq!(log.last().unwrap().2, "198.51.100.2");
    assert!(log
        .iter()
        .filter(|(a, _, _)| a == SecurityEvent::SignInFailed.action())
        .all(|(_, _, address)| address == "198.51.100.1"));

    // Without trusted proxies the header is anyone's to send, and is ignored.
    let direct = with_accounts(spawn_app().await).await;
    let client = direct.client_from("127.0.0.1");
    for i in 0..5 {
        sign_in(
            &client,
            &direct,
            WORKER,
            &format!("fel {i}"),
            Some(&format!("203.0.113.{i}")),
        )
        .await;
    }
    let r = sign_in(&client, &direct, WORKER, PASSWORD, Some("203.0.113.99")).await;
    assert_eq!(
        r.status(),
        429,
        "a forged header does not escape the throttle"
    );
    let (log, _) = security_log(&direct).await;
    assert!(
        log.iter().all(|(_, _, address)| address == "127.0.0.1"),
        "{log:?}"
    );
}

#[tokio::test]
async fn the_submission_limit_counts_each_client_behind_a_trusted_proxy_apart() {
    let app = spawn_app_with(|c| {
        c.trusted_proxies = TrustedProxies::parse("127.0.0.0/8").unwrap();
        c.submission_limit = 1;
    })
    .await;
    let body = crate::applications::valid();
    let send = |key: &'static str, client: &'static str| {
        let (app, body) = (&app, &body);
        async move {
            app.client
                .post(app.url("/api/applications"))
                .header("idempotency-key", key)
                .header("x-forwarded-for", client)
                .json(body)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(send("first-key-0000000000001", "198.51.100.1").await, 201);
    assert_eq!(send("second-key-000000000002", "198.51.100.1").await, 429);
    assert_eq!(
        send("third-key-0000000000003", "198.51.100.2").await,
        201,
        "a neighbour behind the same proxy is not refused"
    );
}

#[tokio::test]
async fn guesses_of_the_current_password_with_a_stolen_session_are_limited() {
    let app = with_accounts(spawn_app().await).await;
    let stolen = app.signed_in(WORKER, PASSWORD).await;
    let change = |current: &'static str| {
        let (app, stolen) = (&app, &stolen);
        async move {
            change_password(stolen, app, current, "blå cykel under gammal ek")
                .await
                .status()
                .as_u16()
        }
    };
    for _ in 0..5 {
        assert_eq!(change("gissar vidare här").await, 422);
    }
    assert_eq!(
        change(PASSWORD).await,
        429,
        "the sixth guess is refused unchecked"
    );
    let (log, intact) = security_log(&app).await;
    assert_eq!(count(&log, SecurityEvent::PasswordChangeFailed), 5);
    assert_eq!(count(&log, SecurityEvent::PasswordChangeThrottled), 1);
    assert!(intact);
}

#[tokio::test]
async fn a_slow_header_connection_and_an_idle_one_are_closed_within_the_timeout() {
    let app = spawn_app_with(|c| c.limits.header_timeout = Duration::from_secs(1)).await;
    let address = app.address.trim_start_matches("http://").to_string();

    // Headers trickling in, a byte every 200 ms, never finished.
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let mut closed = false;
    while started.elapsed() < Duration::from_secs(5) {
        if slow.write_all(b"X").await.is_err() {
            closed = true;
            break;
        }
        let mut buf = [0u8; 256];
        match tokio::time::timeout(Duration::from_millis(200), slow.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => {
                closed = true;
                break;
            }
            Ok(Ok(n)) => {
                let text = String::from_utf8_lossy(&buf[..n]);
                assert!(!text.contains("200 OK"), "never answered: {text}");
            }
            Err(_) => {}
        }
    }
    assert!(closed, "the trickling connection was closed");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "within the one-second header timeout (and some slack): {:?}",
        started.elapsed()
    );

    // A kept-alive connection that sends nothing more is closed too.
    let mut idle = tokio::net::TcpStream::connect(&address).await.unwrap();
    idle.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = idle.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    let started = Instant::now();
    let rest = tokio::time::timeout(Duration::from_secs(5), idle.read(&mut buf)).await;
    assert!(
        matches!(rest, Ok(Ok(0)) | Ok(Err(_))),
        "the idle connection was closed"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn a_request_that_takes_too_long_is_answered_408_in_the_envelope() {
    let app = spawn_app_with(|c| c.limits.request_timeout = Duration::from_secs(1)).await;
    let address = app.address.trim_start_matches("http://").to_string();
    // A body announced but never sent: the handler waits for it until the timeout.
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    stream
        .write_all(
            b"POST /api/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: abcdefghijklmnop1234\r\nContent-Length: 100\r\n\r\n{",
        )
        .await
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf))
        .await
        .expect("answered within the timeout")
        .unwrap();
    let text = String::from_utf8_lossy(&buf[..n]);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("request_timeout"), "{text}");
}

#[tokio::test]
async fn every_api_answer_except_the_public_page_texts_says_no_store() {
    let app = with_accounts(spawn_app().await).await;
    let admin = app.signed_in(ADMIN, PASSWORD).await;
    let anonymous = reqwest::Client::new();
    let (_, table) = api();
    for route in &table {
        let path = route
            .path
            .replace("{locale}", "sv")
            .replace("{page}", "start")
            .replace("{id}", "999")
            .replace("{reference}", "KP-2026-0001");
        // DELETE /session and /account/sessions would end the admin's session: use another.
        let ends_own_sessions = route.method == reqwest::Method::DELETE
            && (path.starts_with("/session") || path.starts_with("/account/sessions"));
        let client = if ends_own_sessions {
            &anonymous
        } else {
            &admin
        };
        let mut request = client.request(route.method.clone(), app.url(&format!("/api{path}")));
        if route.method != reqwest::Method::GET && route.method != reqwest::Method::DELETE {
            request = request.json(&json!({}));
        }
        let response = request.send().await.unwrap();
        let cache = response
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap().to_string());
        if route.path == "/pages/{locale}/{page}" {
            assert_eq!(
                cache.as_deref(),
                Some("public, max-age=300"),
                "page texts are public"
            );
        } else {
            assert_eq!(
                cache.as_deref(),
                Some("no-store"),
                "{} {} answered {}",
                route.method,
                route.path,
                response.status()
            );
        }
        assert!(
            !response.headers().contains_key("strict-transport-security"),
            "no HSTS over plain http"
        );
    }
}

#[tokio::test]
async fn over_https_the_cookie_is_host_prefixed_and_hsts_is_sent() {
    let app = with_accounts(
        spawn_app_with(|c| c.public_url = Some("https://kontaktperson.exempelby.se".into())).await,
    )
    .await;
    let response = sign_in(&app.client, &app, WORKER, PASSWORD, None).await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("__Host-kp_session="), "{cookie}");
    assert!(cookie.contains("; Secure") && cookie.contains("Path=/"));
    let token = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("__Host-kp_session=");
    let hsts = response.headers()["strict-transport-security"]
        .to_str()
        .unwrap();
    assert!(hsts.starts_with("max-age=63072000"), "{hsts}");
    // The prefixed cookie is the one read; the old name is not.
    let me = |cookie: String| {
        let app = &app;
        async move {
            app.client
                .get(app.url("/api/session"))
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        me(format!("__Host-kp_session={token}")).await["email"],
        WORKER
    );
    assert_eq!(me(format!("kp_session={token}")).await, Value::Null);
}

#[tokio::test]
async fn every_security_event_lands_in_the_access_log_and_the_chain_still_verifies() {
    let app = with_accounts(
        spawn_app_with(|c| c.trusted_proxies = TrustedProxies::parse("127.0.0.1").unwrap()).await,
    )
    .await;
    let proxy = app.client_from("127.0.0.1");
    // Failed, then succeeded, then signed out.
    sign_in(
        &proxy,
        &app,
        WORKER,
        "inte mitt lösenord",
        Some("198.51.100.9"),
    )
    .await;
    let worker = app.client_from("127.0.0.1");
    assert_eq!(
        sign_in(&worker, &app, WORKER, PASSWORD, Some("198.51.100.10"))
            .await
            .status(),
        200
    );
    worker
        .delete(app.url("/api/session"))
        .header("x-forwarded-for", "198.51.100.10")
        .send()
        .await
        .unwrap();
    // A spread-out attack from eleven clients locks the account itself; then throttled.
    for client in 0..11 {
        for guess in 0..5 {
            sign_in(
                &proxy,
                &app,
                WORKER,
                &format!("gissning {client} {guess}"),
                Some(&format!("203.0.113.{client}")),
            )
            .await;
        }
    }
    let locked = sign_in(&proxy, &app, WORKER, PASSWORD, Some("198.51.100.10")).await;
    assert_eq!(locked.status(), 429, "the account itself is locked now");
    // The administrator sees the lock and lifts it.
    let admin = app.signed_in(ADMIN, PASSWORD).await;
    let accounts: Value = json_at(&admin, &app, "/api/users").await;
    let row = accounts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == WORKER)
        .unwrap()
        .clone();
    assert!(row["locked_for_seconds"].as_i64().unwrap() > 0);
    let id = row["id"].as_i64().unwrap();
    let unlocked = admin
        .post(app.url(&format!("/api/users/{id}/unlock")))
        .send()
        .await
        .unwrap();
    assert_eq!(unlocked.status(), 204);
    let worker = app.client_from("127.0.0.1");
    assert_eq!(
        sign_in(&worker, &app, WORKER, PASSWORD, Some("198.51.100.10"))
            .await
            .status(),
        200
    );
    // Password changed (the other session ends), then one session ended from another.
    let other = app.client_from("127.0.0.1");
    sign_in(&other, &app, WORKER, PASSWORD, Some("198.51.100.11")).await;
    let changed = change_password(&worker, &app, PASSWORD, "blå cykel under gammal ek").await;
    assert_eq!(changed.status(), 204);
    let third = app.client_from("127.0.0.1");
    sign_in(&third, &app, WORKER, "blå cykel under gammal ek", None).await;
    let mine: Value = json_at(&worker, &app, "/api/account/sessions").await;
    let not_current = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["current"] == false)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let ended = worker
        .delete(app.url(&format!("/api/account/sessions/{not_current}")))
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), 204);
    // The administrator ends the rest; then an aged session is noticed as expired.
    let ended = admin
        .delete(app.url(&format!("/api/users/{id}/sessions")))
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), 204);
    let last = app.client_from("127.0.0.1");
    let response = sign_in(&last, &app, WORKER, "blå cykel under gammal ek", None).await;
    let token = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("kp_session=")
        .to_string();
    app.store
        .age_session(
            &kp_server::auth::token_hash(&token),
            chrono::Utc::now() - chrono::Duration::hours(1),
        )
        .await
        .unwrap();
    assert_eq!(status_at(&last, &app, "/api/overview").await, 401);

    // Guesses of the current password, then one too many.
    let guesser = app.client_from("127.0.0.1");
    sign_in(&guesser, &app, WORKER, "blå cykel under gammal ek", None).await;
    for _ in 0..6 {
        change_password(&guesser, &app, "fel gissning", "röd båt på blank sjö").await;
    }

    let (log, intact) = security_log(&app).await;
    // The second factor's events are proved the same way in `second_factor.rs`, single
    // sign-on's in `oidc.rs`, the access log's own in `access_log.rs`, the contact person's area's
    // in `contact_area.rs`.
    for event in SecurityEvent::ALL.into_iter().filter(|e| {
        !e.action().contains("second_factor")
            && !e.action().contains("recovery")
            && !e.action().contains("oidc")
            && !e.action().contains("access_log")
            && !e.action().contains("contact")
    }) {
        assert!(count(&log, event) >= 1, "{event:?} is logged: {log:?}");
    }
    assert_eq!(
        count(&log, SecurityEvent::AccountLocked),
        1,
        "the lock is logged once"
    );
    assert!(intact, "the chain verifies");
    let failed = log
        .iter()
        .find(|(a, _, _)| a == SecurityEvent::SignInFailed.action())
        .unwrap();
    assert_eq!(failed.2, "198.51.100.9", "with the client's address");
    let unknown = sign_in(
        &proxy,
        &app,
        "nobody@exempelby.se",
        "vad som helst",
        Some("198.51.100.12"),
    )
    .await;
    assert_eq!(unknown.status(), 401);
    let typed_password = sign_in(
        &proxy,
        &app,
        "mitt hemliga lösenord",
        "x",
        Some("198.51.100.12"),
    )
    .await;
    assert_eq!(typed_password.status(), 401);
    let (log, _) = security_log(&app).await;
    assert!(log
        .iter()
        .any(|(_, record, _)| record == "account:unknown nobody@exempelby.se"));
    assert!(
        !log.iter().any(|(_, record, _)| record.contains("hemliga")),
        "a password typed into the e-mail field is never logged"
    );
    // Administrators filter them: only auth events.
    let filtered: Value = json_at(&admin, &app, "/api/access-log?kind=security").await;
    assert!(filtered
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["action"].as_str().unwrap().starts_with("auth:")));
    let personal: Value = json_at(&admin, &app, "/api/access-log?kind=personal_data").await;
    assert!(personal
        .as_array()
        .unwrap()
        .iter()
        .all(|e| !e["action"].as_str().unwrap().starts_with("auth:")));
}

#[tokio::test]
async fn the_caseworker_areas_idle_timer_ends_the_session_as_expired_not_signed_out() {
    let app = with_accounts(spawn_app().await).await;
    let client = app.signed_in(WORKER, PASSWORD).await;
    let ended = client
        .delete(app.url("/api/session?reason=idle"))
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), 204);
    assert_eq!(status_at(&client, &app, "/api/overview").await, 401);
    let (log, intact) = security_log(&app).await;
    assert_eq!(count(&log, SecurityEvent::SessionExpired), 1);
    assert_eq!(count(&log, SecurityEvent::SignedOut), 0);
    assert!(intact);
}

#[tokio::test]
async fn a_person_sees_their_sessions_and_signs_out_everywhere() {
    let app = with_accounts(spawn_app().await).await;
    let laptop = app.signed_in(WORKER, PASSWORD).await;
    let phone = app.client_from("127.0.0.3");
    sign_in(&phone, &app, WORKER, PASSWORD, None).await;
    let someone_else = app.signed_in(ADMIN, PASSWORD).await;
    let sessions: Value = json_at(&laptop, &app, "/api/account/sessions").await;
    let sessions = sessions.as_array().unwrap();
    assert_eq!(sessions.len(), 2, "only one's own");
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    let phone_row = sessions
        .iter()
        .find(|s| s["address"] == "127.0.0.3")
        .unwrap();
    assert!(phone_row["id"].as_str().unwrap().len() >= 20);
    assert!(
        !phone_row.to_string().contains("token"),
        "no token or hash is shown"
    );
    // Nobody ends another person's session by its id.
    let theirs = someone_else
        .delete(app.url(&format!(
            "/api/account/sessions/{}",
            phone_row["id"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(envelope_code(theirs).await, "not_found");
    assert_eq!(status_at(&phone, &app, "/api/overview").await, 200);
    // "Logga ut överallt": both end, and the cookie is cleared.
    let everywhere = laptop
        .delete(app.url("/api/account/sessions"))
        .send()
        .await
        .unwrap();
    assert_eq!(everywhere.status(), 204);
    assert!(everywhere.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    for client in [&laptop, &phone] {
        assert_eq!(status_at(client, &app, "/api/overview").await, 401);
    }
    assert_eq!(status_at(&someone_else, &app, "/api/overview").await, 200);
}

#[tokio::test]
async fn a_password_an_administrator_sets_must_be_changed_before_anything_else() {
    let app = with_accounts(spawn_app().await).await;
    let admin = app.signed_in(ADMIN, PASSWORD).await;
    let weak = admin
        .post(app.url("/api/users"))
        .json(&json!({ "email": "ny@exempelby.se", "display_name": "Ny Handläggare", "role": "caseworker", "password": "sommar2026sommar" }))
        .send()
        .await
        .unwrap();
    assert_eq!(weak.status(), 422);
    let body: Value = weak.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["code"], "too_guessable");
    let created = admin
        .post(app.url("/api/users"))
        .json(&json!({ "email": "ny@exempelby.se", "display_name": "Ny Handläggare", "role": "caseworker", "password": "tillfälligt brev i lådan" }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let new = app
        .signed_in("ny@exempelby.se", "tillfälligt brev i lådan")
        .await;
    let me: Value = json_at(&new, &app, "/api/session").await;
    assert_eq!(me["must_change_password"], true);
    let refused = new.get(app.url("/api/overview")).send().await.unwrap();
    assert_eq!(refused.status(), 403);
    assert_eq!(envelope_code(refused).await, "password_change_required");
    let guessable =
        change_password(&new, &app, "tillfälligt brev i lådan", "nyhandlaggare2026").await;
    assert_eq!(guessable.status(), 422);
    let body: Value = guessable.json().await.unwrap();
    assert_eq!(
        body["error"]["fields"][0]["code"], "too_guessable",
        "their own name"
    );
    let changed = change_password(
        &new,
        &app,
        "tillfälligt brev i lådan",
        "grön lampa vid havet",
    )
    .await;
    assert_eq!(changed.status(), 204);
    assert_eq!(status_at(&new, &app, "/api/overview").await, 200);
    let me: Value = json_at(&new, &app, "/api/session").await;
    assert_eq!(me["must_change_password"], false);
    // A reset by the administrator makes it temporary again.
    let id = me["id"].as_i64().unwrap();
    let reset = admin
        .patch(app.url(&format!("/api/users/{id}")))
        .json(&json!({ "password": "ännu ett brev i lådan" }))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 204);
    let again = app
        .signed_in("ny@exempelby.se", "ännu ett brev i lådan")
        .await;
    let me: Value = json_at(&again, &app, "/api/session").await;
    assert_eq!(me["must_change_password"], true);
}

#[tokio::test]
async fn the_demo_account_says_it_is_one_and_the_idle_time_is_told() {
    let app = spawn_app_with(|c| {
        c.demo_user = Some(("demo@exempelby.se".into(), "ett demolösenord 2026".into()));
        c.idle_timeout = chrono::Duration::seconds(60);
    })
    .await;
    let demo = app
        .signed_in("demo@exempelby.se", "ett demolösenord 2026")
        .await;
    let me: Value = json_at(&demo, &app, "/api/session").await;
    assert_eq!(me["demo"], true);
    assert_eq!(me["must_change_password"], false);
    assert_eq!(
        me["idle_seconds"], 58,
        "60 s less the 2 s granularity of the activity stamp"
    );
}
