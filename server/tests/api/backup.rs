//! `kp-server backup` and `kp-server restore`, run as the operator runs them (the real binary),
//! against the database of a server that is running and taking applications. SQLite only: on
//! PostgreSQL both commands refuse and name PostgreSQL's tools, which a test checks on either
//! engine.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kp_server::store::Store;
use tokio::process::Command;

use crate::applications::valid;
use crate::helpers::{database_url, fixture_dist, on_postgres, spawn_app, spawn_app_with};

/// What the binary did: success, exit code, stdout, stderr.
struct Ran {
    success: bool,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

async fn kp_server(args: &[&str]) -> Ran {
    let output = Command::new(env!("CARGO_BIN_EXE_kp-server"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("RUST_LOG", "warn")
        .output()
        .await
        .expect("the server binary runs");
    Ran {
        success: output.status.success(),
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn skipped_on_postgres() -> bool {
    if on_postgres() {
        eprintln!("skipped: kp-server backup and restore work on SQLite (PostgreSQL: pg_dump)");
    }
    on_postgres()
}

/// Opens (and migrates) the database at `url`.
async fn open(url: &str) -> Store {
    Store::open(url)
        .await
        .expect("the database opens and migrates")
}

fn path_str(path: &std::path::Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_applications_are_being_submitted_restores_with_every_acknowledged_application(
) {
    if skipped_on_postgres() {
        return;
    }
    // Arrange: a server taking applications from four clients at once, with enough stored
    // already (20,000 applicants) that the copy takes a while.
    let app = spawn_app_with(|c| c.submission_limit = 1_000_000).await;
    app.store.seed_synthetic_applicants(20_000).await.unwrap();
    let database = database_url(app.dir.path()).await;
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
    let submitters: Vec<_> = (0..4)
        .map(|client| {
            let (url, http) = (app.url("/api/applications"), app.client.clone());
            let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let response = http
                        .post(&url)
                        .header("idempotency-key", format!("backup-test-{client}-{n:08}"))
                        .json(&valid())
                        .send()
                        .await
                        .expect("request sent");
                    assert!(response.status().is_success(), "{}", response.status());
                    let receipt: serde_json::Value = response.json().await.unwrap();
                    let reference = receipt["reference"].as_str().unwrap().to_string();
                    acknowledged
                        .lock()
                        .unwrap()
                        .push((reference, Instant::now()));
                }
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    while acknowledged.lock().unwrap().len() < 20 {
        assert!(Instant::now() < deadline, "the submitters got going");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    // Act: the backup, as a process of its own, while the submissions go on.
    let backups = tempfile::tempdir().unwrap();
    let file = backups.path().join("kp-backup.db");
    let started = Instant::now();
    let backup = kp_server(&["backup", path_str(&file), "--database-url", &database]).await;
    let finished = Instant::now();
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.store(true, Ordering::Relaxed);
    for submitter in submitters {
        submitter.await.unwrap();
    }
    assert!(backup.success, "backup: {}{}", backup.stdout, backup.stderr);
    assert!(backup.stdout.contains("backed up"), "{}", backup.stdout);
    let acknowledged = acknowledged.lock().unwrap().clone();
    let during = acknowledged
        .iter()
        .filter(|(_, at)| (started..finished).contains(at))
        .count();
    assert!(
        during > 0,
        "no application was acknowledged while the backup ran ({:?}), so this tested nothing",
        finished - started
    );

    // The backup restored into a fresh database, which the server then opens and migrates.
    let restored_dir = tempfile::tempdir().unwrap();
    let restored = format!("sqlite://{}/restored.db", restored_dir.path().display());
    let restore = kp_server(&["restore", path_str(&file), "--database-url", &restored]).await;
    assert!(
        restore.success,
        "restore: {}{}",
        restore.stdout, restore.stderr
    );
    let store = open(&restored).await;

    // Assert: every application acknowledged before the backup began is there, with its mails
    // (stored in the same transaction), and so is every one the copy caught at all.
    let before: Vec<_> = acknowledged
        .iter()
        .filter(|(_, at)| *at < started)
        .collect();
    let mut caught = 0;
    for (reference, at) in &acknowledged {
        let present = store
            .application_summary(reference)
            .await
            .unwrap()
            .is_some();
        if *at < started {
            assert!(
                present,
                "{reference}, acknowledged before the backup, is missing"
            );
        }
        if present {
            caught += 1;
            let mails = store.mails_for(reference).await.unwrap();
            assert_eq!(mails.len(), 2, "{reference} came back without its mails");
        }
    }
    assert_eq!(
        store.count_applications().await.unwrap(),
        20_000 + caught,
        "only acknowledged applications (and the seeded ones) are in the copy"
    );
    eprintln!(
        "{} acknowledged before the backup, {during} while it ran ({:?}), {caught} in the copy",
        before.len(),
        finished - started
    );
    store.close().await;
}

/// A real server process on an SQLite database, to be stopped as an operator stops one.
struct Server {
    address: String,
    child: tokio::process::Child,
}

impl Server {
    async fn start(database: &str) -> Server {
        use tokio::io::{AsyncBufReadExt, BufReader};
        let mut child = Command::new(env!("CARGO_BIN_EXE_kp-server"))
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("PORT", "0")
            .env("DATABASE_URL", database)
            .env("KP_DIST_DIR", fixture_dist())
            .env(
                "KP_CONTENT_DIR",
                concat!(env!("CARGO_MANIFEST_DIR"), "/../content"),
            )
            .env("DEMO_USER", ADMIN)
            .env("DEMO_PASSWORD", PASSWORD)
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::piped())
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
        Server { address, child }
    }

    async fn apply(&self, key: &str) -> String {
        let response = reqwest::Client::new()
            .post(format!("{}/api/applications", self.address))
            .header("idempotency-key", key)
            .json(&valid())
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{}", response.status());
        let receipt: serde_json::Value = response.json().await.unwrap();
        receipt["reference"].as_str().unwrap().to_string()
    }

    /// Stops it the hard way (SIGKILL): what it wrote may still be in the `-wal` only.
    async fn kill(mut self) {
        self.child.kill().await.unwrap();
    }
}

const ADMIN: &str = "admin@exempelby.se";
const PASSWORD: &str = "Kanelbulle-Vattenfall-42";

#[tokio::test]
async fn restoring_over_a_database_that_holds_more_than_the_backup_is_refused_without_force() {
    if skipped_on_postgres() {
        return;
    }
    // Arrange: a backup, then an application and a sign-in (access-log entries) after it, and
    // the server stopped (killed, so the later writes may be in the -wal only).
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}/kp.db", dir.path().display());
    let server = Server::start(&database).await;
    let first = server.apply("backup-test-first-0001").await;
    let file = dir.path().join("kp-backup.db");
    let backup = kp_server(&["backup", path_str(&file), "--database-url", &database]).await;
    assert!(backup.success, "{}", backup.stderr);
    let later = server.apply("backup-test-later-0001").await;
    let signed_in = reqwest::Client::new()
        .post(format!("{}/api/session", server.address))
        .json(&serde_json::json!({ "email": ADMIN, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    server.kill().await;

    // Act and assert: refused, saying what would be lost; and refused again for the same
    // reasons, so the first refusal changed nothing.
    for _ in 0..2 {
        let refused = kp_server(&["restore", path_str(&file), "--database-url", &database]).await;
        assert_eq!(refused.code, Some(1), "{}", refused.stdout);
        for words in [
            "is newer",
            "1 application(s)",
            "access-log entries",
            "--force",
        ] {
            assert!(
                refused.stderr.contains(words),
                "{words}: {}",
                refused.stderr
            );
        }
    }

    // With --force the backup is put back; after that, the same backup again loses nothing,
    // so it needs no --force.
    let forced = kp_server(&[
        "restore",
        path_str(&file),
        "--force",
        "--database-url",
        &database,
    ])
    .await;
    assert!(forced.success, "{}", forced.stderr);
    let again = kp_server(&["restore", path_str(&file), "--database-url", &database]).await;
    assert!(again.success, "{}", again.stderr);

    // The later application is gone, the first is there. (Opened in this process last: a
    // store closed here can keep a connection open a while, which a restore would see.)
    let store = open(&database).await;
    assert!(store.application_summary(&first).await.unwrap().is_some());
    assert!(store.application_summary(&later).await.unwrap().is_none());
    store.close().await;
}

#[tokio::test]
async fn a_database_a_server_has_open_is_not_restored_over_even_with_force() {
    if skipped_on_postgres() {
        return;
    }
    let app = spawn_app().await;
    let database = database_url(app.dir.path()).await;
    let reference = app.applied("backup-test-open-00001", &valid()).await;
    let backups = tempfile::tempdir().unwrap();
    let file = backups.path().join("kp-backup.db");
    assert!(
        kp_server(&["backup", path_str(&file), "--database-url", &database])
            .await
            .success
    );

    let refused = kp_server(&[
        "restore",
        path_str(&file),
        "--force",
        "--database-url",
        &database,
    ])
    .await;

    assert!(!refused.success);
    assert!(refused.stderr.contains("in use"), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("stop the server"),
        "{}",
        refused.stderr
    );
    let answer = app.applied("backup-test-open-00002", &valid()).await;
    assert_ne!(answer, reference, "the server goes on as before");
    assert_eq!(app.store.count_applications().await.unwrap(), 2);
}

#[tokio::test]
async fn a_backup_never_overwrites_a_file_and_never_creates_a_database() {
    if skipped_on_postgres() {
        return;
    }
    let app = spawn_app().await;
    let database = database_url(app.dir.path()).await;
    let backups = tempfile::tempdir().unwrap();
    let file = backups.path().join("kp-backup.db");
    std::fs::write(&file, "an earlier file").unwrap();

    let refused = kp_server(&["backup", path_str(&file), "--database-url", &database]).await;
    assert!(!refused.success);
    assert!(
        refused.stderr.contains("never overwrites"),
        "{}",
        refused.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "an earlier file");

    let nowhere = format!("sqlite://{}/none.db", backups.path().display());
    let other = backups.path().join("other.db");
    let refused = kp_server(&["backup", path_str(&other), "--database-url", &nowhere]).await;
    assert!(refused.stderr.contains("no database"), "{}", refused.stderr);
    assert!(!backups.path().join("none.db").exists() && !other.exists());
}

#[tokio::test]
async fn a_file_that_is_not_a_sound_kontaktperson_database_is_not_restored() {
    if skipped_on_postgres() {
        return;
    }
    // Arrange: a real backup, and three files that are not one.
    let app = spawn_app().await;
    app.applied("backup-test-sound-0001", &valid()).await;
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.db");
    let backup = kp_server(&[
        "backup",
        path_str(&good),
        "--database-url",
        &database_url(app.dir.path()).await,
    ])
    .await;
    assert!(backup.success, "{}", backup.stderr);
    let bytes = std::fs::read(&good).unwrap();
    let cut = dir.path().join("cut.db");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "not a database at all, though long enough to look like one ".repeat(9),
    )
    .unwrap();
    // An SQLite database of its own with one table: no _sqlx_migrations.
    let foreign = dir.path().join("foreign.db");
    {
        use sqlx::Connection;
        let mut conn =
            sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=rwc", foreign.display()))
                .await
                .unwrap();
        sqlx::query("CREATE TABLE notes (text TEXT)")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    }

    for (file, says) in [
        (&cut, "damaged"),
        (&text, "not an SQLite database"),
        (&foreign, "not a Kontaktperson database"),
    ] {
        let target = dir.path().join("target.db");
        let url = format!("sqlite://{}", target.display());
        let refused = kp_server(&["restore", path_str(file), "--database-url", &url]).await;
        assert!(!refused.success, "{file:?} was restored");
        assert!(
            refused.stderr.contains(says),
            "{file:?}: {}",
            refused.stderr
        );
        assert!(!target.exists(), "{file:?} left a database behind");
        assert!(!dir.path().join("target.db.restoring").exists());
    }
    // The sound backup is restored there.
    let url = format!("sqlite://{}/target.db", dir.path().display());
    assert!(
        kp_server(&["restore", path_str(&good), "--database-url", &url])
            .await
            .success
    );
}

#[cfg(unix)]
#[tokio::test]
async fn the_database_its_wal_and_its_backups_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    if skipped_on_postgres() {
        return;
    }
    let mode = |path: &std::path::Path| {
        std::fs::metadata(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .permissions()
            .mode()
            & 0o777
    };
    // A new database, with a write so that its -wal and -shm exist.
    let app = spawn_app().await;
    app.applied("backup-test-modes-0001", &valid()).await;
    let db = app.dir.path().join("test.db");
    for file in ["test.db", "test.db-wal", "test.db-shm"] {
        assert_eq!(mode(&app.dir.path().join(file)), 0o600, "{file}");
    }
    // Its backup, and the backup restored into a new folder.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kp-backup.db");
    let url = format!("sqlite://{}", db.display());
    assert!(
        kp_server(&["backup", path_str(&file), "--database-url", &url])
            .await
            .success
    );
    assert_eq!(mode(&file), 0o600, "the backup");
    let restored = dir.path().join("new/folder/kp.db");
    let restored_url = format!("sqlite://{}", restored.display());
    assert!(
        kp_server(&["restore", path_str(&file), "--database-url", &restored_url])
            .await
            .success
    );
    assert_eq!(mode(&restored), 0o600, "the restored database");
    assert_eq!(
        mode(&dir.path().join("new/folder")),
        0o700,
        "its new folder"
    );

    // A database made readable by others before this rule is narrowed at the next start.
    let _kept = app.stop().await;
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let store = open(&url).await;
    assert_eq!(mode(&db), 0o600, "an older database, opened again");
    store.close().await;
}

#[tokio::test]
async fn on_postgresql_backup_and_restore_point_to_pg_dump_and_pg_restore() {
    // No server is asked: the URL's scheme decides, so this runs on either engine.
    let url = "postgres://kp:hemligt@127.0.0.1:1/kontaktperson";
    let backup = kp_server(&["backup", "kp.dump", "--database-url", url]).await;
    let restore = kp_server(&["restore", "kp.dump", "--database-url", url]).await;

    assert_eq!(backup.code, Some(1));
    assert!(
        backup.stderr.contains("pg_dump --format=custom"),
        "{}",
        backup.stderr
    );
    assert!(
        restore.stderr.contains("pg_restore --clean"),
        "{}",
        restore.stderr
    );
    for ran in [&backup, &restore] {
        assert!(
            !ran.stderr.contains("hemligt"),
            "the password is shown: {}",
            ran.stderr
        );
    }
    assert!(!std::path::Path::new("kp.dump").exists());
}

#[tokio::test]
async fn help_lists_the_backup_and_restore_commands() {
    let help = kp_server(&["--help"]).await;
    assert!(
        help.stderr.contains("kp-server backup FILE"),
        "{}",
        help.stderr
    );
    assert!(
        help.stderr.contains("kp-server restore FILE [--force]"),
        "{}",
        help.stderr
    );
    let wrong = kp_server(&["restore"]).await;
    assert_eq!(wrong.code, Some(2), "a usage error");
}
