//! The storage module: the only code that touches the database.
//!
//! Architecture invariant: no SQL outside this module. Handlers call `Store` methods that take and
//! return domain types or plain values. SQLite is the default (WAL, `synchronous=FULL` so an
//! acknowledged write survives a crash); the SQL is kept to what PostgreSQL also accepts so a
//! PostgreSQL pool can run the same queries.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use kp_domain::compensation::{CompensationOverview, Frequency, Level, Rate};

/// Roles a caseworker account can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Handläggare: works with applicants.
    Caseworker,
    /// Administratör: also manages accounts and settings.
    Admin,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Caseworker => "caseworker",
            Role::Admin => "admin",
        }
    }
}

/// A handle on the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating if needed) the database at `url` and runs the migrations.
    pub async fn open(url: &str) -> anyhow::Result<Store> {
        if let Some(dir) = sqlite_file_path(url).and_then(|p| p.parent().map(Path::to_path_buf)) {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("creating the database folder {}", dir.display()))?;
            }
        }
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("DATABASE_URL is not a valid SQLite URL: {url}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("opening the database {url}"))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .context("running database migrations")?;
        Ok(Store { pool })
    }

    /// Checks that the database answers a query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query_scalar::<_, i64>("SELECT 1")
            .fetch_one(&self.pool)
            .await
            .map(|_| ())
    }

    /// Creates the account, or brings an existing one with that e-mail to this password, role and
    /// active state. Used for the demo account at start-up.
    pub async fn upsert_account(
        &self,
        email: &str,
        display_name: &str,
        password_hash: &str,
        role: Role,
    ) -> Result<i64, sqlx::Error> {
        let now = chrono::Utc::now().to_rfc3339();
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO users (email, display_name, password_hash, role, active, created_at)
             VALUES (?, ?, ?, ?, 1, ?)
             ON CONFLICT (email) DO UPDATE SET
                 password_hash = excluded.password_hash,
                 role = excluded.role,
                 active = 1
             RETURNING id",
        )
        .bind(email)
        .bind(display_name)
        .bind(password_hash)
        .bind(role.as_str())
        .bind(now)
        .fetch_one(&self.pool)
        .await
    }

    /// The role of an active account, looked up by e-mail (case-insensitively).
    pub async fn active_role(&self, email: &str) -> Result<Option<Role>, sqlx::Error> {
        let role: Option<String> =
            sqlx::query_scalar("SELECT role FROM users WHERE email = ? AND active = 1")
                .bind(email)
                .fetch_optional(&self.pool)
                .await?;
        Ok(role.map(|r| {
            if r == "admin" {
                Role::Admin
            } else {
                Role::Caseworker
            }
        }))
    }

    /// The levels in force in `year`: those of the latest year up to `year` that has both a
    /// prisbasbelopp and levels. `None` when nothing is recorded.
    pub async fn compensation_overview(
        &self,
        year: i32,
    ) -> Result<Option<CompensationOverview>, sqlx::Error> {
        let found: Option<(i32, i64)> = sqlx::query_as(
            "SELECT p.year, p.kronor FROM price_base_amounts p
             WHERE p.year <= ? AND EXISTS (SELECT 1 FROM compensation_levels l WHERE l.year = p.year)
             ORDER BY p.year DESC LIMIT 1",
        )
        .bind(year)
        .fetch_optional(&self.pool)
        .await?;
        let Some((year, price_base)) = found else {
            return Ok(None);
        };
        let rows: Vec<(String, String, i64, String, i64)> = sqlx::query_as(
            "SELECT frequency, arvode_kind, arvode_value, omkostnad_kind, omkostnad_value
             FROM compensation_levels WHERE year = ?",
        )
        .bind(year)
        .fetch_all(&self.pool)
        .await?;
        let levels: Vec<Level> = rows
            .into_iter()
            .filter_map(|(frequency, ak, av, ok, ov)| {
                Some(Level {
                    frequency: Frequency::from_code(&frequency)?,
                    arvode: rate(&ak, av)?,
                    omkostnad: rate(&ok, ov)?,
                })
            })
            .collect();
        Ok(Some(CompensationOverview::new(year, price_base, &levels)))
    }

    /// Sets one level's arvode and omkostnad for a year (creating the level if needed).
    pub async fn set_compensation_level(&self, year: i32, level: Level) -> Result<(), sqlx::Error> {
        let (ak, av) = rate_columns(level.arvode);
        let (ok, ov) = rate_columns(level.omkostnad);
        sqlx::query(
            "INSERT INTO compensation_levels
                 (year, frequency, arvode_kind, arvode_value, omkostnad_kind, omkostnad_value)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (year, frequency) DO UPDATE SET
                 arvode_kind = excluded.arvode_kind, arvode_value = excluded.arvode_value,
                 omkostnad_kind = excluded.omkostnad_kind, omkostnad_value = excluded.omkostnad_value",
        )
        .bind(year)
        .bind(level.frequency.code())
        .bind(ak)
        .bind(av)
        .bind(ok)
        .bind(ov)
        .execute(&self.pool)
        .await
        .map(|_| ())
    }

    /// The SQLite journal mode in force (`wal` expected).
    pub async fn journal_mode(&self) -> Result<String, sqlx::Error> {
        sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&self.pool)
            .await
    }

    /// Closes the pool, waiting for connections to finish (graceful shutdown).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn rate(kind: &str, value: i64) -> Option<Rate> {
    match kind {
        "price_base_percent" => Some(Rate::PriceBasePercent {
            basis_points: value,
        }),
        "fixed_monthly" => Some(Rate::FixedMonthly { kronor: value }),
        _ => None,
    }
}

fn rate_columns(rate: Rate) -> (&'static str, i64) {
    match rate {
        Rate::PriceBasePercent { basis_points } => ("price_base_percent", basis_points),
        Rate::FixedMonthly { kronor } => ("fixed_monthly", kronor),
    }
}

/// The file path inside an SQLite URL (`sqlite://data/x.db?mode=rwc` → `data/x.db`).
fn sqlite_file_path(url: &str) -> Option<&Path> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| Path::new(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_path_is_read_out_of_an_sqlite_url() {
        assert_eq!(
            sqlite_file_path("sqlite://data/kp.db"),
            Some(Path::new("data/kp.db"))
        );
        assert_eq!(
            sqlite_file_path("sqlite:///tmp/x/kp.db?mode=rwc"),
            Some(Path::new("/tmp/x/kp.db"))
        );
        assert_eq!(sqlite_file_path("sqlite::memory:"), None);
        assert_eq!(sqlite_file_path("postgres://x"), None);
    }
}
