//! The benchmark's baseline: the same insert the API does (`Store::submit_application`, with its
//! reference counter and two outbox mails, through the same group-committing writer task), called
//! in a loop from `CONCURRENCY` tasks with no HTTP, no JSON and no validation in between.
//!
//! `cargo run --release -p kp-server --example bare_insert -- <seconds> <concurrency> [database]`
//!
//! Without a database URL: a fresh SQLite file in a temporary folder (WAL, `synchronous=FULL`).
//! With one (`postgres://…`, an empty database): that database, as the server would open it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kp_domain::application::{validate, ApplicationForm, CONSENT_VERSION};
use kp_server::store::{AuditKeySetting, AuditKeys, NewMail, Store};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let seconds: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(20);
    let concurrency: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(32);
    let dir = tempfile::tempdir()?;
    let url = match args.get(3) {
        Some(url) => url.clone(),
        None => format!("sqlite://{}/bench.db", dir.path().display()),
    };
    // The access log's key as the server takes it (KP_AUDIT_KEY, required on PostgreSQL).
    let setting = AuditKeySetting {
        current: std::env::var("KP_AUDIT_KEY").ok(),
        previous: vec![],
    };
    let (audit, _) = AuditKeys::for_database(&setting, &url)?;
    let store = Store::open_with(&url, audit).await?;
    let form = ApplicationForm {
        first_name: "Amina".into(),
        last_name: "Yusuf".into(),
        personnummer: "811218-9876".into(),
        address: "Storgatan 1".into(),
        postcode: "123 45".into(),
        town: "Exempelby".into(),
        phone: "070-123 45 67".into(),
        email: "amina@example.se".into(),
        assignment_types: vec!["child".into()],
        languages: vec!["so".into(), "sv".into()],
        occupation: "Undersköterska".into(),
        frequency: "weekly".into(),
        times: vec!["evenings".into()],
        motivation: "Jag vill ge tid till en ung person som behöver en vuxen till.".into(),
        consent: true,
        consent_version: CONSENT_VERSION.into(),
        ..ApplicationForm::default()
    };
    let application = Arc::new(validate(&form, chrono::Utc::now().date_naive()).expect("valid"));
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for task in 0..concurrency {
        let (store, application, done) = (store.clone(), application.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            while Instant::now() < deadline {
                n += 1;
                let key = format!("bare-{task}-{n:012}-padding");
                store
                    .submit_application(
                        &key,
                        "hash",
                        &application,
                        chrono::Utc::now(),
                        Box::new(|r: &kp_server::store::Receipt| {
                            vec![
                                NewMail {
                                    kind: "receipt",
                                    to: r.email.clone(),
                                    subject: "Tack".into(),
                                    body: r.reference.clone(),
                                },
                                NewMail {
                                    kind: "notice",
                                    to: "unit@example.se".into(),
                                    subject: "Ny".into(),
                                    body: r.reference.clone(),
                                },
                            ]
                        }),
                    )
                    .await
                    .expect("insert");
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let count = done.load(Ordering::Relaxed);
    println!(
        "RESULT inserts={count} seconds={elapsed:.2} rps={:.1} concurrency={concurrency}",
        count as f64 / elapsed
    );
    Ok(())
}
