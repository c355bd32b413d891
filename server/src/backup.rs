//! `kp-server backup FILE` and `kp-server restore FILE [--force]`, for operators.
//!
//! A backup is a consistent copy of the running SQLite database (`VACUUM INTO`: the database as
//! of one instant, while the server goes on writing), written beside its final name and renamed
//! into place once synced and checked, so a file under the name is always whole. A restore
//! checks the copy (SQLite's integrity check, and migrations this program knows), refuses a
//! database a server has open, refuses without `--force` to replace a database that holds what
//! the copy does not (an application or an access-log entry, or a newer migration), and then
//! swaps the file in whole. Every file is its owner's only (0600). The SQL is in
//! `store::sqlite_file`. On PostgreSQL both refuse and name `pg_dump` and `pg_restore`: that
//! database is the database administrator's to back up.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::config::{DEFAULT_DATABASE_URL, USAGE};
use crate::store::sqlite_file::{self, Contents, Loss};
use crate::store::{redacted, sqlite_file_path};

/// An operator's command other than serving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `backup FILE`: a consistent copy of the database into a new file.
    Backup { file: PathBuf, database_url: String },
    /// `restore FILE [--force]`: a copy put back in place of the database (server stopped).
    Restore {
        file: PathBuf,
        database_url: String,
        force: bool,
    },
}

impl Command {
    /// The command in `args` (everything after the program's name), or `None` when they do not
    /// start with `backup` or `restore` (the server is to be started). The database is
    /// `DATABASE_URL` or `--database-url`, as for the server.
    pub fn parse(
        env: impl Fn(&str) -> Option<String>,
        args: &[String],
    ) -> Result<Option<Command>, String> {
        let Some(word) = args.first().filter(|w| *w == "backup" || *w == "restore") else {
            return Ok(None);
        };
        let mut database_url = env("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into());
        let (mut file, mut force) = (None, false);
        let mut rest = args[1..].iter();
        while let Some(arg) = rest.next() {
            match arg.as_str() {
                "--database-url" => {
                    database_url = rest.next().cloned().ok_or("--database-url needs a value")?;
                }
                "--force" if word == "restore" => force = true,
                "-h" | "--help" => return Err(USAGE.into()),
                other if other.starts_with('-') || file.is_some() => {
                    return Err(format!(
                        "kp-server {word}: unknown argument {other}\n{USAGE}"
                    ));
                }
                path => file = Some(PathBuf::from(path)),
            }
        }
        let file = file.ok_or_else(|| format!("kp-server {word} needs a FILE\n{USAGE}"))?;
        Ok(Some(if word == "backup" {
            Command::Backup { file, database_url }
        } else {
            Command::Restore {
                file,
                database_url,
                force,
            }
        }))
    }

    /// Carries the command out; what was done, in a sentence for the operator.
    pub async fn run(self) -> anyhow::Result<String> {
        match self {
            Command::Backup { file, database_url } => {
                let db = sqlite_database(&database_url, "backup")?;
                let contents = backup(&db, &file).await?;
                Ok(format!(
                    "backed up {} into {}: {}",
                    db.display(),
                    file.display(),
                    describe(&contents)
                ))
            }
            Command::Restore {
                file,
                database_url,
                force,
            } => {
                let db = sqlite_database(&database_url, "restore")?;
                let contents = restore(&file, &db, force).await?;
                Ok(format!(
                    "restored {} into {}: {}; the server migrates it when it starts",
                    file.display(),
                    db.display(),
                    describe(&contents)
                ))
            }
        }
    }
}

/// Copies the live database `db` into `file`, which must not exist; what the copy holds.
pub async fn backup(db: &Path, file: &Path) -> anyhow::Result<Contents> {
    if !db.is_file() {
        bail!("there is no database at {} to back up", db.display());
    }
    if file.symlink_metadata().is_ok() {
        bail!(
            "{} exists; a backup never overwrites a file, so give it a new name",
            file.display()
        );
    }
    let partial = sqlite_file::side_file(file, ".partial");
    remove_if_present(&partial)?;
    sqlite_file::create_owner_only(&partial)
        .with_context(|| format!("creating {}", partial.display()))?;
    let made = async {
        sqlite_file::copy_live(db, &partial).await?;
        File::open(&partial)?.sync_all()?;
        let contents = sqlite_file::inspect(&partial).await?;
        rename_durably(&partial, file)?;
        anyhow::Ok(contents)
    }
    .await;
    if made.is_err() {
        std::fs::remove_file(&partial).ok();
    }
    made
}

/// Puts the copy `file` in place of the database `db` (which may not exist yet); what it holds.
pub async fn restore(file: &Path, db: &Path, force: bool) -> anyhow::Result<Contents> {
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(dir)
            .with_context(|| format!("creating the folder {}", dir.display()))?;
    }
    // The copy is checked where it will be used, so what was checked is what is put in place,
    // and the backup file itself is only read.
    let incoming = sqlite_file::side_file(db, ".restoring");
    remove_if_present(&incoming)?;
    let mut source = File::open(file).with_context(|| format!("opening {}", file.display()))?;
    let mut target = sqlite_file::create_owner_only(&incoming)
        .with_context(|| format!("creating {}", incoming.display()))?;
    let done = async {
        std::io::copy(&mut source, &mut target)?;
        target.sync_all()?;
        let contents = sqlite_file::inspect(&incoming).await?;
        if db.exists() {
            let loss = sqlite_file::what_restoring_loses(db, &incoming).await?;
            if !loss.is_nothing() && !force {
                bail!("{}", refusal(db, file, &loss, &contents));
            }
        }
        // A `-wal` or `-shm` left beside the old file must never be read with the new one.
        for side in ["-wal", "-shm"] {
            remove_if_present(&sqlite_file::side_file(db, side))?;
        }
        rename_durably(&incoming, db)?;
        anyhow::Ok(contents)
    }
    .await;
    if done.is_err() {
        std::fs::remove_file(&incoming).ok();
    }
    done
}

/// The SQLite file the URL names; PostgreSQL is refused with the commands that do the job.
fn sqlite_database(database_url: &str, word: &str) -> anyhow::Result<PathBuf> {
    if database_url.starts_with("postgres://") || database_url.starts_with("postgresql://") {
        let url = redacted(database_url);
        bail!(
            "kp-server {word} works on the SQLite database; {url} is PostgreSQL, which is backed \
             up with PostgreSQL's own tools (or the database administrator's):\n  \
             pg_dump --format=custom --file=kontaktperson.dump '{url}'\n\
             and restored, with every kp-server stopped, with\n  \
             pg_restore --clean --if-exists --no-owner --single-transaction --dbname='{url}' \
             kontaktperson.dump\n\
             (README, \"Backups\")"
        );
    }
    sqlite_file_path(database_url)
        .map(Path::to_path_buf)
        .with_context(|| format!("{database_url} names no database file"))
}

fn refusal(db: &Path, file: &Path, loss: &Loss, backup: &Contents) -> String {
    let mut lost = Vec::new();
    if loss.applications > 0 {
        lost.push(format!("{} application(s)", loss.applications));
    }
    if loss.access_log_entries > 0 {
        lost.push(format!("{} access-log entries", loss.access_log_entries));
    }
    if let Some(migration) = loss.newer_migration {
        lost.push(format!(
            "a newer schema (migration {migration}, the backup's is {})",
            backup.migration
        ));
    }
    format!(
        "the database {} is newer than {}: it holds {} that the backup does not (its newest \
         entry is from {}, the backup's from {}). Restoring would lose them; to restore anyway, \
         add --force",
        db.display(),
        file.display(),
        lost.join(" and "),
        loss.last_entry.as_deref().unwrap_or("-"),
        backup.last_entry.as_deref().unwrap_or("-"),
    )
}

fn describe(contents: &Contents) -> String {
    format!(
        "{} applications, {} access-log entries, newest entry {}, migration {}",
        contents.applications,
        contents.access_log_entries,
        contents.last_entry.as_deref().unwrap_or("none"),
        contents.migration
    )
}

/// Renames `from` to `to` and syncs the folder, so the new name survives a crash.
fn rename_durably(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::rename(from, to)
        .with_context(|| format!("renaming {} to {}", from.display(), to.display()))?;
    #[cfg(unix)]
    if let Some(dir) = to.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        File::open(dir)?.sync_all()?;
    }
    Ok(())
}

fn remove_if_present(path: &Path) -> anyhow::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("removing {}", path.display()))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn backup_and_restore_are_words_before_the_file_and_other_arguments_start_the_server() {
        let env = |_: &str| Some("sqlite://env.db".to_string());
        assert_eq!(Command::parse(env, &args(&[])), Ok(None));
        assert_eq!(Command::parse(env, &args(&["--port", "1"])), Ok(None));
        assert_eq!(
            Command::parse(env, &args(&["backup", "/b/kp.db"])),
            Ok(Some(Command::Backup {
                file: "/b/kp.db".into(),
                database_url: "sqlite://env.db".into()
            }))
        );
        assert_eq!(
            Command::parse(
                env,
                &args(&[
                    "restore",
                    "--force",
                    "kp.db",
                    "--database-url",
                    "sqlite://x.db"
                ])
            ),
            Ok(Some(Command::Restore {
                file: "kp.db".into(),
                database_url: "sqlite://x.db".into(),
                force: true
            }))
        );
    }

    #[test]
    fn a_command_without_its_file_or_with_a_stray_argument_is_refused_with_the_usage() {
        let env = |_: &str| None;
        for words in [
            &["backup"][..],
            &["backup", "a.db", "b.db"],
            &["backup", "--force", "a.db"],
            &["restore", "a.db", "--port", "1"],
        ] {
            let refused = Command::parse(env, &args(words)).unwrap_err();
            assert!(
                refused.contains("kp-server backup FILE"),
                "{words:?}: {refused}"
            );
        }
    }

    #[test]
    fn without_a_url_the_default_database_is_backed_up() {
        let parsed = Command::parse(|_| None, &args(&["backup", "b.db"])).unwrap();
        assert!(
            matches!(parsed, Some(Command::Backup { database_url, .. }) if database_url == DEFAULT_DATABASE_URL)
        );
    }
}
