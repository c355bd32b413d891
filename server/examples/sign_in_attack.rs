//! Sign-in under attack: starts a `kp-server` binary (any build, so an older one can be measured
//! the same way) on a fresh SQLite database with a demo administrator, runs an attacker with
//! `CONCURRENCY` wrong-password requests always in flight from 127.0.0.1 against that account,
//! and meanwhile signs in as the administrator with the right password from 127.0.0.2 every
//! 100 ms. Prints how many legitimate sign-ins succeeded, their latency (p50/p95/max), the
//! attacker's answers by status, and the server's peak resident memory (VmHWM).
//!
//! With `spread` the attacker is a botnet instead: each request comes from one of 200 loopback
//! addresses (127.0.1.x) and names a different, unknown account, so no throttle stops it and
//! every request costs a hash; this shows what bounds the server's memory.
//!
//! With `slow` the attacker holds connections instead (slowloris): each of `concurrency`
//! connections sends the start of a request and then one more header line a second, never
//! finishing; the example reports how many the server closed and how soon.
//!
//! ```text
//! cargo run --release -p kp-server --example sign_in_attack -- target/release/kp-server [seconds] [concurrency] [one|spread|slow]
//! ```

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const USER: &str = "demo@exempelby.se";
const PASSWORD: &str = "ett demolösenord 2026";

fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let binary = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "target/release/kp-server".into());
    let seconds: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20);
    let concurrency: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(200);
    let spread = args.get(4).is_some_and(|s| s == "spread");
    let slow = args.get(4).is_some_and(|s| s == "slow");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/dist");
    let content = concat!(env!("CARGO_MANIFEST_DIR"), "/../content");
    let mut child = Command::new(&binary)
        .env("PORT", "0")
        .env("HOST", "127.0.0.1")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/bench.db", dir.path().display()),
        )
        .env("KP_DIST_DIR", fixture)
        .env("KP_CONTENT_DIR", content)
        .env("DEMO_USER", USER)
        .env("DEMO_PASSWORD", PASSWORD)
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting the server");
    let pid = child.id();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("the server printed its address")
            .unwrap();
        if let Some(rest) = line.strip_prefix("Kontaktperson listening on ") {
            break rest.trim_end_matches('/').to_string();
        }
    };
    let url = format!("{base}/api/session");
    let client_from = |ip: &str| {
        reqwest::Client::builder()
            .local_address(ip.parse::<std::net::IpAddr>().unwrap())
            .pool_max_idle_per_host(concurrency)
            .build()
            .unwrap()
    };
    let baseline_kib = peak_rss_kib(pid);

    let stop = Arc::new(AtomicBool::new(false));
    let statuses = Arc::new(Mutex::new(BTreeMap::<u16, u64>::new()));
    let one_attacker = client_from("127.0.0.1");
    let mut tasks = Vec::new();
    let closed_after = Arc::new(Mutex::new(Vec::<Duration>::new()));
    let address = base.trim_start_matches("http://").to_string();
    for _ in 0..concurrency * usize::from(slow) {
        let (address, stop, closed_after) = (address.clone(), stop.clone(), closed_after.clone());
        tasks.push(tokio::spawn(async move {
            use tokio::io::AsyncWriteExt;
            let Ok(mut stream) = tokio::net::TcpStream::connect(&address).await else {
                return;
            };
            let started = Instant::now();
            let mut line: &[u8] = b"POST /api/session HTTP/1.1\r\nHost: x\r\n";
            while !stop.load(Ordering::Relaxed) {
                if stream.write_all(line).await.is_err() {
                    closed_after.lock().unwrap().push(started.elapsed());
                    return;
                }
                line = b"X-Slow: 1\r\n";
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }));
    }
    for worker in 0..concurrency * usize::from(!slow) {
        let attacker = if spread {
            client_from(&format!("127.0.1.{}", worker % 200 + 1))
        } else {
            one_attacker.clone()
        };
        let (url, stop, statuses) = (url.clone(), stop.clone(), statuses.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let email = if spread {
                    format!("bot{worker}.{n}@exempelby.se")
                } else {
                    USER.to_string()
                };
                let status = attacker
                    .post(&url)
                    .json(&serde_json::json!({ "email": email, "password": format!("gissning {worker} {n}") }))
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0);
                *statuses.lock().unwrap().entry(status).or_default() += 1;
            }
        }));
    }

    // Let the attack build up, then sign in as the owner from another address.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let owner = client_from("127.0.0.2");
    let end = Instant::now() + Duration::from_secs(seconds);
    let mut latencies = Vec::new();
    let mut owner_statuses = BTreeMap::<u16, u64>::new();
    let mut owner_codes = BTreeMap::<String, u64>::new();
    while Instant::now() < end {
        let started = Instant::now();
        let status = match owner
            .post(&url)
            .json(&serde_json::json!({ "email": USER, "password": PASSWORD }))
            .send()
            .await
        {
            Ok(r) => {
                let status = r.status().as_u16();
                if status != 200 {
                    let body = r.text().await.unwrap_or_default();
                    let code = serde_json::from_str::<serde_json::Value>(&body)
                        .ok()
                        .and_then(|v| v["error"]["code"].as_str().map(str::to_string))
                        .unwrap_or_default();
                    *owner_codes.entry(code).or_default() += 1;
                }
                status
            }
            Err(_) => 0,
        };
        latencies.push(started.elapsed());
        *owner_statuses.entry(status).or_default() += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await.ok();
    }
    let peak_kib = peak_rss_kib(pid);
    child.kill().ok();
    child.wait().ok();

    latencies.sort();
    let ok = owner_statuses.get(&200).copied().unwrap_or(0);
    println!("server: {binary}");
    if slow {
        let mut closed = closed_after.lock().unwrap().clone();
        closed.sort();
        println!("attack: {concurrency} slow connections (a header line a second) for {seconds} s");
        println!(
            "closed by the server: {} of {concurrency}; median after {:.1} s",
            closed.len(),
            percentile(&closed, 0.5).as_secs_f64()
        );
    } else if spread {
        println!(
            "attack: {concurrency} concurrent sign-ins to unknown accounts for {seconds} s from 200 addresses"
        );
    } else {
        println!("attack: {concurrency} concurrent wrong passwords for {seconds} s from 127.0.0.1");
    }
    println!(
        "owner from 127.0.0.2: {ok} of {} sign-ins succeeded; statuses {owner_statuses:?} {owner_codes:?}",
        latencies.len()
    );
    println!(
        "owner latency: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        percentile(&latencies, 0.5).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.95).as_secs_f64() * 1000.0,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1000.0
    );
    println!("attacker answers: {:?}", statuses.lock().unwrap());
    println!(
        "server peak RSS: {:.1} MiB (at start {:.1} MiB)",
        peak_kib as f64 / 1024.0,
        baseline_kib as f64 / 1024.0
    );
}
