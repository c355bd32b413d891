//! SQLite database files as wholes, for `kp-server backup` and `restore` (`crate::backup`): a
//! consistent copy of a live database, what a copy holds, and what a database holds that a copy
//! lacks. Also the files' mode: readable by their owner only. SQLite only; on PostgreSQL backups
//! are the database administrator's (`pg_dump`).

use std::fs::File;
use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};

/// What a database file holds, as far as backing up and restoring go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contents {
    /// The newest migration applied (the schema's version).
    pub migration: i64,
    /// Applications stored.
    pub applications: i64,
    /// Access-log entries.
    pub access_log_entries: i64,
    /// The newest application's arrival or access-log entry, whichever is later, as stored
    /// (`2026-12-04T10:00:00Z`); none in an unused database.
    pub last_entry: Option<String>,
}

/// What a database holds that a backup does not: what restoring the backup over it would lose.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Loss {
    /// Applications (by reference) not in the backup.
    pub applications: i64,
    /// Access-log entries (by id and hash) not in the backup.
    pub access_log_entries: i64,
    /// The database's newest migration, when it is newer than the backup's.
    pub newer_migration: Option<i64>,
    /// The database's newest entry (see [`Contents::last_entry`]).
    pub last_entry: Option<String>,
}

impl Loss {
    /// Whether the backup holds everything the database does.
    pub fn is_nothing(&self) -> bool {
        self.applications == 0 && self.access_log_entries == 0 && self.newer_migration.is_none()
    }
}

/// Creates `path` empty, readable and writable by its owner only (0600 on Unix); fails if it
/// exists.
pub fn create_owner_only(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Takes group and other permissions away from the database at `path` and its `-wal` and
/// `-shm`, where they have any (a file made before the database was created owner-only).
pub fn narrow_to_owner(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    for file in [
        path.to_path_buf(),
        side_file(path, "-wal"),
        side_file(path, "-shm"),
    ] {
        use std::os::unix::fs::PermissionsExt;
        let Ok(meta) = std::fs::metadata(&file) else {
            continue;
        };
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode & 0o700))?;
            tracing::warn!(
                "{} was readable by others ({mode:o}); it is now its owner's only",
                file.display()
            );
        }
    }
    Ok(())
}

/// `path` with `suffix` added to its file name (`kp.db` → `kp.db-wal`).
pub fn side_file(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// Writes a consistent copy of the live database at `db` into `into`, which must be empty (SQLite's
/// `VACUUM INTO`: one read transaction, so the copy is the database as of one instant, while the
/// server goes on writing). SQLite does not sync the copy; the caller does.
pub async fn copy_live(db: &Path, into: &Path) -> anyhow::Result<()> {
    let into = utf8(into)?;
    let mut conn = SqliteConnectOptions::new()
        .filename(db)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(30))
        .connect()
        .await
        .with_context(|| format!("opening the database {}", db.display()))?;
    sqlx::query("VACUUM INTO ?")
        .bind(into)
        .execute(&mut conn)
        .await
        .with_context(|| format!("copying {} into {into}", db.display()))?;
    conn.close().await?;
    Ok(())
}

/// Checks that `file` is a sound Kontaktperson database this program can run on, without
/// changing it, and says what it holds: SQLite's `integrity_check` passes, and every migration
/// applied in it is one of this program's, with the same checksum (so a copy made by a newer
/// version is refused rather than half understood).
pub async fn inspect(file: &Path) -> anyhow::Result<Contents> {
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .immutable(true)
        .connect()
        .await
        .with_context(|| format!("opening {}", file.display()))?;
    let checked: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await
        .with_context(|| format!("{} is damaged or not an SQLite database", file.display()))?;
    if checked != ["ok"] {
        bail!(
            "{} is damaged (SQLite's integrity check: {})",
            file.display(),
            checked.join("; ")
        );
    }
    if !has_table(&mut conn, "_sqlx_migrations").await? {
        bail!(
            "{} is not a Kontaktperson database (no _sqlx_migrations table)",
            file.display()
        );
    }
    let applied: Vec<(i64, bool, Vec<u8>)> =
        sqlx::query_as("SELECT version, success, checksum FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut conn)
            .await?;
    let known = sqlx::migrate!("./migrations/sqlite");
    for (version, success, checksum) in &applied {
        match known.iter().find(|m| m.version == *version) {
            None => bail!(
                "{} was made by a newer kp-server (its migration {version} is unknown to this \
                 one); restore it with that version",
                file.display()
            ),
            Some(m) if *m.checksum != checksum[..] => bail!(
                "{} is not a Kontaktperson database (its migration {version} differs from this \
                 program's)",
                file.display()
            ),
            Some(_) if !success => bail!(
                "{}: its migration {version} failed; it is not a usable copy",
                file.display()
            ),
            Some(_) => {}
        }
    }
    let migration = match (applied.first(), applied.last()) {
        (Some((1, ..)), Some(&(newest, ..))) => newest,
        _ => bail!(
            "{} is not a Kontaktperson database (its first migration is missing)",
            file.display()
        ),
    };
    let (applications, access_log_entries, newest_application, newest_entry): Counts =
        sqlx::query_as(
            "SELECT (SELECT count(*) FROM applications), (SELECT count(*) FROM access_log),
                    (SELECT max(received_at) FROM applications), (SELECT max(at) FROM access_log)",
        )
        .fetch_one(&mut conn)
        .await?;
    conn.close().await?;
    Ok(Contents {
        migration,
        applications,
        access_log_entries,
        last_entry: newest_application.max(newest_entry),
    })
}

/// Takes the existing database `db` from any other user and says what it holds that `backup`
/// (a file [`inspect`] passed) does not.
///
/// Taking it is switching it out of WAL mode, which SQLite allows only to the one connection
/// that has the file open: a running server always has (its writer connection never closes), so
/// this fails while one does, and otherwise folds the `-wal` into the file and removes it, so
/// the file stands alone and can be replaced. A database with no tables (an empty file) loses
/// nothing; one with tables but not Kontaktperson's is refused.
pub async fn what_restoring_loses(db: &Path, backup: &Path) -> anyhow::Result<Loss> {
    let mut conn = SqliteConnectOptions::new()
        .filename(db)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(1))
        .connect()
        .await
        .with_context(|| format!("opening the database {}", db.display()))?;
    // Leaving WAL does not wait in SQLite's busy handler, so a connection that is just closing
    // (a server stopped a moment ago) is given two seconds; a running server holds on.
    let mut tries = 0;
    let journal = loop {
        let journal: Result<String, _> = sqlx::query_scalar("PRAGMA journal_mode = DELETE")
            .fetch_one(&mut conn)
            .await;
        tries += 1;
        let busy = match &journal {
            Ok(mode) => mode != "delete",
            Err(e) => is_busy(e),
        };
        if !busy || tries == 20 {
            break journal;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    match journal {
        Ok(mode) if mode == "delete" => {}
        Ok(_) => bail!(
            "the database {} is in use (a server has it open?): stop the server, then restore",
            db.display()
        ),
        Err(e) if is_busy(&e) => bail!(
            "the database {} is in use (a server has it open?): stop the server, then restore",
            db.display()
        ),
        Err(e) => return Err(e).context(format!("taking the database {}", db.display())),
    }
    let tables: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        .fetch_one(&mut conn)
        .await?;
    if tables == 0 {
        conn.close().await?;
        return Ok(Loss::default());
    }
    for table in ["_sqlx_migrations", "applications", "access_log"] {
        if !has_table(&mut conn, table).await? {
            bail!(
                "{} is not a Kontaktperson database (no {table} table); move it away first",
                db.display()
            );
        }
    }
    sqlx::query("ATTACH DATABASE ? AS backup")
        .bind(utf8(backup)?)
        .execute(&mut conn)
        .await?;
    let (applications, access_log_entries, newest_application, newest_entry): Counts =
        sqlx::query_as(
            "SELECT
                (SELECT count(*) FROM main.applications a WHERE NOT EXISTS
                    (SELECT 1 FROM backup.applications b WHERE b.reference = a.reference)),
                (SELECT count(*) FROM main.access_log a WHERE NOT EXISTS
                    (SELECT 1 FROM backup.access_log b WHERE b.id = a.id AND b.hash = a.hash)),
                (SELECT max(received_at) FROM main.applications),
                (SELECT max(at) FROM main.access_log)",
        )
        .fetch_one(&mut conn)
        .await?;
    let (ours, theirs): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT coalesce(max(version), 0) FROM main._sqlx_migrations),
                (SELECT coalesce(max(version), 0) FROM backup._sqlx_migrations)",
    )
    .fetch_one(&mut conn)
    .await?;
    sqlx::query("DETACH DATABASE backup")
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    Ok(Loss {
        applications,
        access_log_entries,
        newer_migration: (ours > theirs).then_some(ours),
        last_entry: newest_application.max(newest_entry),
    })
}

/// Two counts, then the newest application's arrival and the newest access-log entry's time.
type Counts = (i64, i64, Option<String>, Option<String>);

async fn has_table(conn: &mut SqliteConnection, table: &str) -> anyhow::Result<bool> {
    let found: i64 =
        sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
            .bind(table)
            .fetch_one(conn)
            .await?;
    Ok(found > 0)
}

/// Whether SQLite said another connection holds the file (`SQLITE_BUSY` or `SQLITE_LOCKED`,
/// extended codes included).
fn is_busy(error: &sqlx::Error) -> bool {
    let code = error
        .as_database_error()
        .and_then(|e| e.code())
        .and_then(|c| c.parse::<i32>().ok());
    matches!(code.map(|c| c & 0xff), Some(5 | 6))
}

fn utf8(path: &Path) -> anyhow::Result<&str> {
    path.to_str()
        .with_context(|| format!("{} is not a UTF-8 path", path.display()))
}
