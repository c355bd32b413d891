//! Gallring at scale on SQLite: seeds N synthetic applicants received over 2025–2026, removes
//! what the default rules make due on 2027-12-31 (everyone received in 2025: about half), and
//! measures the preview, the run (one transaction per applicant, then the checkpoint), the file
//! before and after, and what a full VACUUM would add.
//!
//! `cargo run --release -p kp-server --features test-support --example retention_bench -- 100000`

use std::path::Path;
use std::time::Instant;

use kp_domain::retention::report::StartedBy;
use kp_server::store::Store;
use sqlx::Connection;

fn megabytes(dir: &Path) -> String {
    let size = |name: &str| std::fs::metadata(dir.join(name)).map_or(0, |m| m.len());
    format!(
        "file {:.1} MB + write-ahead log {:.1} MB",
        size("bench.db") as f64 / 1e6,
        size("bench.db-wal") as f64 / 1e6
    )
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let count: i64 = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}/bench.db", dir.path().display());
    let store = Store::open(&url).await?;
    let started = Instant::now();
    store.seed_synthetic_applicants(count).await?;
    store.reclaim_space().await?;
    println!(
        "seeded {count} applicants in {:.1} s; {}",
        started.elapsed().as_secs_f64(),
        megabytes(dir.path())
    );

    let as_of = "2027-12-31".parse()?;
    let started = Instant::now();
    let preview = kp_server::retention::preview(&store, as_of, as_of).await?;
    let due: i64 = preview.categories.iter().map(|c| c.count).sum();
    println!(
        "preview: {due} due, in {:.2} s",
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let report = kp_server::retention::run(&store, as_of, StartedBy::Command).await?;
    println!(
        "run: removed {} in {:.1} s ({:.2} ms each), {:?}; {}",
        report.total(),
        started.elapsed().as_secs_f64(),
        started.elapsed().as_secs_f64() * 1000.0 / report.total().max(1) as f64,
        report.space,
        megabytes(dir.path())
    );
    store.close().await;

    let mut conn = sqlx::SqliteConnection::connect(&url).await?;
    let free: i64 = sqlx::query_scalar("PRAGMA freelist_count")
        .fetch_one(&mut conn)
        .await?;
    let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
        .fetch_one(&mut conn)
        .await?;
    println!("free pages after the run: {free} of {pages} (zeroed by secure_delete)");
    let started = Instant::now();
    sqlx::query("VACUUM").execute(&mut conn).await?;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut conn)
        .await?;
    println!(
        "a full VACUUM would take {:.1} s; {}",
        started.elapsed().as_secs_f64(),
        megabytes(dir.path())
    );
    Ok(())
}
