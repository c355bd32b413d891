//! Two real `kp-server` processes on one PostgreSQL database behave as one system: a session
//! made on one works on the other, a throttle counts attempts on both, one idempotency key sent
//! to both at once makes one application, reference numbers stay unique and gap-free, every mail
//! is sent exactly once though both run a mail worker, a scheduled job (session expiry) runs
//! once, and a postcode asked for by two new districts at once goes to one of them. (On SQLite, one process serves; these tests need `KP_TEST_POSTGRES_URL`.)

use std::process::Stdio;
use std::time::Duration;

use chrono::Datelike;
use futures_util::future::join_all;
use kp_server::store::Store;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::helpers::{database_url, fixture_dist, on_postgres, test_audit_keys, TEST_AUDIT_KEY};
use crate::mail::{eventually, fake_smtp};

/// One server process, killed when dropped.
struct Process {
    address: String,
    _child: Child,
}

impl Process {
    async fn start(database: &str, smtp_port: u16) -> Process {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kp-server"))
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOST", "127.0.0.1")
            .env("PORT", "0")
            .env("DATABASE_URL", database)
            .env("KP_AUDIT_KEY", TEST_AUDIT_KEY)
            .env("KP_DIST_DIR", fixture_dist())
            .env(
                "KP_CONTENT_DIR",
                concat!(env!("CARGO_MANIFEST_DIR"), "/../content"),
            )
            .env("DEMO_USER", "admin@exempelby.se")
            .env("DEMO_PASSWORD", "Kanelbulle-Vattenfall-42")
            .env("SMTP_URL", format!("smtp://127.0.0.1:{smtp_port}"))
            .env("KP_SESSION_IDLE_SECONDS", "4")
            .env("KP_SUBMISSION_LIMIT", "1000")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("the server binary starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let address = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(rest) = line.split("listening on ").nth(1) {
                    return rest.trim_end_matches('/').to_string();
                }
            }
            panic!("the server stopped before listening");
        })
        .await
        .expect("the server listens within a minute");
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Process {
            address,
            _child: child,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }
}

/// Mails the fake SMTP server received.
type Received = std::sync::Arc<std::sync::Mutex<Vec<String>>>;

/// Two processes on a fresh database, a fake SMTP server both send to, and a store handle on
/// the same database for looking.
async fn two_processes() -> Option<(Process, Process, Store, Received)> {
    if !on_postgres() {
        eprintln!("skipped: several processes share PostgreSQL only (set KP_TEST_POSTGRES_URL)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let database = database_url(dir.path()).await;
    let (smtp_port, received) = fake_smtp().await;
    // The first start runs the migrations; the second finds them done.
    let a = Process::start(&database, smtp_port).await;
    let b = Process::start(&database, smtp_port).await;
    let store = Store::open_with(&database, test_audit_keys())
        .await
        .unwrap();
    Some((a, b, store, received))
}

fn client_from(address: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .local_address(address.parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap()
}

async fn sign_in(client: &reqwest::Client, on: &Process, password: &str) -> u16 {
    client
        .post(on.url("/api/session"))
        .json(&json!({ "email": "admin@exempelby.se", "password": password }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Who the process says is signed in with this client's cookie (`null` for nobody).
async fn who(client: &reqwest::Client, on: &Process) -> Value {
    let response = client.get(on.url("/api/session")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn submit(from: &str, on: &Process, key: &str) -> (u16, Value) {
    let response = client_from(from)
        .post(on.url("/api/applications"))
        .header("idempotency-key", key)
        .json(&crate::applications::valid())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn a_session_made_on_one_process_works_on_the_other_and_ends_on_both() {
    let Some((a, b, _store, _)) = two_processes().await else {
        return;
    };
    // The cookie is carried by hand, so signing out (which also clears a browser's cookie)
    // shows whether the session itself ended.
    let plain = reqwest::Client::new();
    let signed_in = plain
        .post(a.url("/api/session"))
        .json(&json!({ "email": "admin@exempelby.se", "password": "Kanelbulle-Vattenfall-42" }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    let cookie = signed_in
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_string();
    let who = |on: &Process| {
        let request = plain.get(on.url("/api/session")).header("cookie", &cookie);
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    assert_eq!(
        who(&b).await["email"],
        "admin@exempelby.se",
        "the session made on A is valid on B"
    );
    let signed_out = plain
        .delete(b.url("/api/session"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert!(signed_out.status().is_success());
    assert_eq!(
        who(&a).await,
        Value::Null,
        "signed out on B is signed out on A"
    );
}

#[tokio::test]
async fn a_throttle_counts_the_attempts_made_on_both_processes() {
    let Some((a, b, _store, _)) = two_processes().await else {
        return;
    };
    let guesser = client_from("127.0.0.7");
    // Five wrong guesses, alternating between the processes: each saw only two or three.
    for i in 0..5 {
        let on = if i % 2 == 0 { &a } else { &b };
        assert_eq!(sign_in(&guesser, on, "wrong").await, 401, "guess {i}");
    }
    for on in [&a, &b] {
        assert_eq!(
            sign_in(&guesser, on, "Kanelbulle-Vattenfall-42").await,
            429,
            "the sixth attempt is refused on either process, even with the right password"
        );
    }
    let owner = client_from("127.0.0.8");
    assert_eq!(
        sign_in(&owner, &b, "Kanelbulle-Vattenfall-42").await,
        200,
        "the owner, elsewhere, still signs in"
    );
}

#[tokio::test]
async fn one_key_sent_to_both_at_once_makes_one_application_and_references_stay_gap_free() {
    let Some((a, b, store, received)) = two_processes().await else {
        return;
    };
    // The same submission to both processes at the same moment, a few times over.
    for round in 0..5 {
        let key = format!("twice-at-once-{round:04}-0123456789");
        let ((status_a, receipt_a), (status_b, receipt_b)) =
            tokio::join!(submit("127.0.1.1", &a, &key), submit("127.0.1.1", &b, &key));
        assert_eq!(
            receipt_a["reference"], receipt_b["reference"],
            "both answers name the one application"
        );
        let mut statuses = [status_a, status_b];
        statuses.sort();
        assert_eq!(statuses, [200, 201], "one created, one replayed");
    }
    assert_eq!(store.count_applications().await.unwrap(), 5);

    // Forty different submissions at once, half to each process, from forty addresses.
    let submissions = (0..40).map(|i| {
        let on = if i % 2 == 0 { &a } else { &b };
        async move {
            submit(
                &format!("127.0.2.{}", i + 1),
                on,
                &format!("many-{i:04}-0123456789"),
            )
            .await
        }
    });
    let answers = join_all(submissions).await;
    let mut numbers: Vec<u32> = answers
        .iter()
        .map(|(status, receipt)| {
            assert_eq!(*status, 201);
            let reference = receipt["reference"].as_str().unwrap();
            reference.rsplit('-').next().unwrap().parse().unwrap()
        })
        .collect();
    numbers.sort_unstable();
    assert_eq!(
        numbers,
        (6..=45).collect::<Vec<u32>>(),
        "unique and gap-free after the first five"
    );
    let year = chrono::Utc::now().year();
    assert!(answers.iter().all(|(_, r)| r["reference"]
        .as_str()
        .unwrap()
        .starts_with(&format!("KP-{year}-"))));

    // Both processes run a mail worker; each of the 45 applications' two mails arrives once.
    let all_sent = eventually(|| {
        let store = store.clone();
        async move {
            let outbox = store.outbox(1000).await.unwrap();
            outbox.len() == 90 && outbox.iter().all(|m| m.status == "sent")
        }
    })
    .await;
    assert!(all_sent, "every mail is marked sent");
    let bodies = received.lock().unwrap().clone();
    assert_eq!(bodies.len(), 90, "no mail was sent twice");
    for n in 1..=45 {
        let reference = format!("KP-{year}-{n:04}");
        assert_eq!(
            bodies.iter().filter(|b| b.contains(&reference)).count(),
            2,
            "{reference}: its receipt and its notice, once each"
        );
    }
}

#[tokio::test]
async fn an_expired_session_is_ended_and_logged_once_though_both_processes_sweep() {
    let Some((a, b, store, _)) = two_processes().await else {
        return;
    };
    let client = client_from("127.0.0.1");
    assert_eq!(sign_in(&client, &a, "Kanelbulle-Vattenfall-42").await, 200);
    // Idle for 4 s: both processes sweep every second; one claims each run.
    tokio::time::sleep(Duration::from_secs(7)).await;
    let expired = store
        .access_log(
            None,
            None,
            None,
            None,
            100,
            kp_domain::security::AccessKind::Security,
        )
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == kp_domain::security::SecurityEvent::SessionExpired.action())
        .count();
    assert_eq!(expired, 1, "one expiry, logged once");
    let check = store.verify_access_log().await.unwrap();
    assert!(
        check.intact,
        "both processes sign one chain with the same key: {check:?}"
    );
    assert_eq!(who(&client, &b).await, Value::Null, "ended on both");
}

#[tokio::test]
async fn a_scheduled_run_is_claimed_by_one_of_many_processes() {
    if !on_postgres() {
        eprintln!("skipped: several processes share PostgreSQL only (set KP_TEST_POSTGRES_URL)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let database = database_url(dir.path()).await;
    // Two handles with pools of their own, as two processes have.
    let store = Store::open_with(&database, test_audit_keys())
        .await
        .unwrap();
    let other = Store::open_with(&database, test_audit_keys())
        .await
        .unwrap();
    let now = chrono::Utc::now() + chrono::Duration::days(1);
    let next = now + chrono::Duration::minutes(5);
    // Twenty claims of the same due time at once, from two handles: one wins.
    let claims = (0..20).map(|i| {
        let store = if i % 2 == 0 {
            other.clone()
        } else {
            store.clone()
        };
        async move { store.claim_job("test_job", now, next).await.unwrap() }
    });
    let won = join_all(claims).await.into_iter().filter(|w| *w).count();
    assert_eq!(won, 1);
    assert!(
        !store
            .claim_job("test_job", next - chrono::Duration::seconds(1), next)
            .await
            .unwrap(),
        "not due again before its next time"
    );
    assert!(store
        .claim_job("test_job", next, next + chrono::Duration::minutes(5))
        .await
        .unwrap());
}

#[tokio::test]
async fn two_districts_with_the_same_postcode_added_on_both_processes_at_once_are_never_both_kept()
{
    let Some((one, two, store, _)) = two_processes().await else {
        return;
    };
    let (first, second) = (client_from("127.0.0.1"), client_from("127.0.0.1"));
    assert_eq!(sign_in(&first, &one, "Kanelbulle-Vattenfall-42").await, 200);
    assert_eq!(
        sign_in(&second, &two, "Kanelbulle-Vattenfall-42").await,
        200
    );
    let add = |client: &reqwest::Client, on: &Process, name: String, postcode: String| {
        client
            .post(on.url("/api/districts"))
            .json(&json!({ "name": name, "postcodes": postcode }))
            .send()
    };
    // Each round, both processes are asked at the same moment for a district with one postcode.
    for round in 0..12 {
        let postcode = format!("9{round:02}00");
        let (a, b) = tokio::join!(
            add(&first, &one, format!("Öster {round}"), postcode.clone()),
            add(&second, &two, format!("Väster {round}"), postcode.clone()),
        );
        let mut statuses = [a.unwrap().status().as_u16(), b.unwrap().status().as_u16()];
        statuses.sort_unstable();
        assert_eq!(
            statuses,
            [201, 422],
            "round {round}: one is added, the other refused as an overlap"
        );
    }
    let districts = store.districts().await.unwrap();
    assert_eq!(districts.len(), 12, "one district per postcode");
}
