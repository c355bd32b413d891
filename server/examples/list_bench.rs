//! The caseworker list under 100,000 (or more) applicants: seeds a fresh database, starts the real
//! router on loopback, signs in, and times `GET /api/applicants` for filter + search + page
//! queries (each call also appends to the access log, as in production).
//!
//! `cargo run --release -p kp-server --example list_bench -- [applicants] [requests per query] [database]`
//!
//! Without a database URL: a fresh SQLite file in a temporary folder. With one (`postgres://…`, an
//! empty database): that database; after the seed the applicants and their list tags are vacuumed
//! (`VACUUM (ANALYZE)`), which marks the pages all-visible as autovacuum does for an insert-mostly
//! table, so the list's index-only scans read no table pages (`scripts/bench-list.sh` runs it on a throw-away cluster).
//!
//! With 0 requests per query and a database URL (`sqlite:///tmp/x/kp.db` or `postgres://…`), it
//! only seeds that database and leaves it behind, for the real server to be started on it
//! (`scripts/bench-caseworker-screens.sh`).

use std::net::SocketAddr;
use std::time::Instant;

use kp_server::store::Role;

/// Parses a query string into the filter the endpoint would see.
fn serde_urlencoded(query: &str) -> kp_server::store::ApplicantFilter {
    let mut filter = kp_server::store::ApplicantFilter {
        per_page: 50,
        ..Default::default()
    };
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = value.replace("%2B", "+");
        match key {
            "stage" => filter.stage = Some(value),
            "language" => filter.language = Some(value),
            "assignment_type" => filter.assignment_type = Some(value),
            "q" => filter.query = Some(value),
            "sort" => filter.sort = value,
            "page" => filter.page = value.parse().unwrap_or(1),
            "per_page" => filter.per_page = value.parse().unwrap_or(50),
            _ => {}
        }
    }
    filter
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let count: i64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let rounds: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100);
    anyhow::ensure!(
        rounds > 0 || args.get(3).is_some(),
        "0 requests per query (seed only) needs a database URL to leave the seed in"
    );
    let dir = tempfile::tempdir()?;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut config =
        kp_server::Config::from_env_and_args(|_| None, &[]).map_err(anyhow::Error::msg)?;
    config.database_url = match args.get(3) {
        Some(url) => url.clone(),
        None => format!("sqlite://{}/list.db", dir.path().display()),
    };
    config.dist_dir = root.join("tests/fixtures/dist");
    config.content_dir = root.join("../content");
    // The access log's key, which PostgreSQL needs configured (with-postgres.sh sets one).
    config.audit_key.current = std::env::var("KP_AUDIT_KEY").ok();
    let (router, store) = kp_server::build(&config).await?;
    let seeded = Instant::now();
    store.seed_synthetic_applicants(count).await?;
    println!(
        "seeded {count} applicants in {:.1} s",
        seeded.elapsed().as_secs_f64()
    );
    if store.dialect() == kp_server::store::Dialect::Postgres {
        let vacuumed = Instant::now();
        let pool = sqlx::PgPool::connect(&config.database_url).await?;
        sqlx::query("VACUUM (ANALYZE) applications, applicant_tags")
            .execute(&pool)
            .await?;
        pool.close().await;
        println!("vacuumed in {:.1} s", vacuumed.elapsed().as_secs_f64());
    }
    if rounds == 0 {
        // Seed only: the database stays where the URL says, for another process to use.
        return Ok(());
    }
    let hash = kp_server::hash_password("bänkmärkeslösenord".into()).await?;
    store
        .upsert_account("bench@exempelby.se", "Bänk", &hash, Role::Caseworker)
        .await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .ok();
    });
    let client = reqwest::Client::builder().cookie_store(true).build()?;
    client
        .post(format!("{base}/api/session"))
        .json(&serde_json::json!({"email": "bench@exempelby.se", "password": "bänkmärkeslösenord"}))
        .send()
        .await?
        .error_for_status()?;
    let queries = [
        ("first page, newest first", "per_page=50"),
        ("stage filter", "stage=checks_under_way&per_page=50"),
        (
            "stage + language + type",
            "stage=new&language=so&assignment_type=child&per_page=50",
        ),
        ("search by name", "q=dawit123&per_page=50"),
        (
            "search by a full phone number",
            "q=%2B46700012345&per_page=50",
        ),
        (
            "broad search (10,000 phone numbers match) + stage",
            "q=%2B4670001&stage=contacted&per_page=50",
        ),
        (
            "deep page, sorted by name",
            "sort=name&page=500&per_page=50",
        ),
        // Not part of the goal: shapes that show what the list's ways of counting and searching
        // cost away from the seven above.
        ("more: search matching 1,853 names", "q=amina1&per_page=50"),
        (
            "more: reference search (5,000 match, none among the newest 50,000)",
            "q=kp-2025-01&per_page=50",
        ),
        (
            "more: language + type, no stage (none among the newest 50,000)",
            "language=so&assignment_type=child&per_page=50",
        ),
        (
            "more: stage, sorted by name",
            "stage=new&sort=name&per_page=50",
        ),
    ];
    println!("| query | p50 ms | p95 ms | max ms | matches |");
    println!("|---|---:|---:|---:|---:|");
    let mut all = Vec::new();
    for (name, query) in queries {
        let mut times = Vec::with_capacity(rounds);
        let mut total = String::new();
        for _ in 0..rounds {
            let started = Instant::now();
            let page: serde_json::Value = client
                .get(format!("{base}/api/applicants?{query}"))
                .send()
                .await?
                .error_for_status()?
                .json()
                .await?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            // A count that stopped at the cap reads "1000+", as the list shows it.
            let capped = if page["total_capped"] == true {
                "+"
            } else {
                ""
            };
            total = format!("{}{capped}", page["total"].as_i64().unwrap_or(0));
        }
        times.sort_by(|a, b| a.total_cmp(b));
        let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
        println!(
            "| {name} | {:.1} | {:.1} | {:.1} | {total} |",
            pct(0.5),
            pct(0.95),
            times[times.len() - 1]
        );
        if !name.starts_with("more:") {
            all.extend(times);
        }
    }
    // The same queries straight through the store: the query's own share of the time.
    println!("\n| query (store only, no HTTP, no access log) | p50 ms | p95 ms |");
    println!("|---|---:|---:|");
    for (name, query) in queries {
        let filter: kp_server::store::ApplicantFilter = serde_urlencoded(query);
        let mut times = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let started = Instant::now();
            store.list_applicants(&filter).await?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
        println!("| {name} | {:.1} | {:.1} |", pct(0.5), pct(0.95));
    }
    let started = Instant::now();
    for _ in 0..rounds {
        store
            .log_access(&kp_server::store::LogEntry {
                user_id: 1,
                user_name: "Bänk",
                action: "list",
                record: "applicants?",
                address: "127.0.0.1",
            })
            .await?;
    }
    println!(
        "\none access-log append (a durable commit): {:.1} ms on average",
        started.elapsed().as_secs_f64() * 1000.0 / rounds as f64
    );
    all.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| all[((all.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "| **all queries** | {:.1} | {:.1} | {:.1} | |",
        pct(0.5),
        pct(0.95),
        all[all.len() - 1]
    );
    Ok(())
}
