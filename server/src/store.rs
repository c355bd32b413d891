//! The storage module: the only code that touches the database.
//!
//! Architecture invariant: no SQL outside this module. Handlers call `Store` methods that take and
//! return domain types or plain values. SQLite is the default (WAL, `synchronous=FULL` so an
//! acknowledged write survives a crash). Most SQL is kept to what PostgreSQL also accepts; the
//! exceptions are named where they are: the applicant search (FTS5 trigram) and the list's JSON
//! matching (`instr`, `json_each`), which a PostgreSQL port would replace with `pg_trgm` and
//! `jsonb` operators in this module only.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};
use tokio::sync::{mpsc, oneshot};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use kp_domain::application::{ApplicationForm, ValidApplication};
use kp_domain::caseworker::{
    AccessEntry, ApplicantDetail, ApplicantPage, ApplicantRow, Caseworker, ExpiringExtract,
    InterviewSlot, Overview, StageCount, TimelineEntry,
};
pub use kp_domain::caseworker::{AccessLogCheck, AccountSummary, OutboxMail};
use kp_domain::compensation::{CompensationOverview, Frequency, Level, Rate};
use kp_domain::pipeline::{
    working_days_before, Event, Stage, CONTACT_WITHIN_WORKING_DAYS, EXTRACT_VALID_DAYS,
};
use sha2::Digest;

pub use kp_domain::api::ApplicationReceipt as Receipt;

mod placement;
mod sessions;
pub use placement::{schedule_for, AssignRefusal, AssignmentState, PaymentInput};
pub use sessions::{NewSession, SessionEnd};

/// The outcome of a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitted {
    /// A new application was stored.
    Created(Receipt),
    /// The same submission was seen before; this is its receipt.
    Replayed(Receipt),
    /// The idempotency key was used for different content.
    KeyConflict,
}

/// A mail to queue with an application.
#[derive(Debug, Clone)]
pub struct NewMail {
    /// `receipt` (to the applicant) or `notice` (to the unit).
    pub kind: &'static str,
    /// Recipient.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// Roles a caseworker account can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Handläggare: works with applicants.
    Caseworker,
    /// Administratör: also manages accounts and settings.
    Admin,
}

/// An active account as sign-in needs it.
#[derive(Debug, Clone)]
pub struct Account {
    /// Id.
    pub id: i64,
    /// E-mail.
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// argon2id PHC string.
    pub password_hash: String,
    /// The password is temporary and must be changed at sign-in.
    pub must_change_password: bool,
    /// The demo account.
    pub demo: bool,
}

fn role_of(code: &str) -> Role {
    if code == "admin" {
        Role::Admin
    } else {
        Role::Caseworker
    }
}

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Role {
    /// `caseworker` or `admin`, as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Caseworker => "caseworker",
            Role::Admin => "admin",
        }
    }
}

/// A handle on the database; cheap to clone.
///
/// Reads use a pool of connections (WAL lets them run beside a write). Writes go through one
/// dedicated connection: SQLite allows one writer at a time anyway, and queueing writers in the
/// pool (first come, first served) instead of in SQLite's busy handler (which sleeps and retries)
/// keeps the slowest writes close to the typical one.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    writer: SqlitePool,
    jobs: mpsc::Sender<WriteJob>,
}

/// Builds an application's mails once its reference is known.
type MailMaker = Box<dyn Fn(&Receipt) -> Vec<NewMail> + Send + Sync>;

/// One application waiting for the writer.
struct WriteJob {
    key: String,
    request_hash: String,
    application: ValidApplication,
    received_at: DateTime<Utc>,
    mails: MailMaker,
    reply: oneshot::Sender<Result<Receipt, BatchError>>,
}

impl std::fmt::Debug for WriteJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteJob").field("key", &self.key).finish()
    }
}

/// Why one job of a batch was not stored.
#[derive(Debug)]
enum BatchError {
    /// Its idempotency key is stored already.
    Duplicate,
    /// Anything else (the whole batch's commit failed, or this insert did).
    Failed(String),
}

/// Group commit: takes every application waiting at that moment (up to 64) and stores them in one
/// transaction, each in its own savepoint so one failing insert does not spoil the others. One
/// fsync covers the batch; nobody is answered before the commit that holds their row returns.
async fn run_writer(writer: SqlitePool, mut jobs: mpsc::Receiver<WriteJob>) {
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while batch.len() < 64 {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let results = write_batch(&writer, &batch).await;
        for (job, result) in batch.into_iter().zip(results) {
            job.reply.send(result).ok();
        }
    }
}

async fn write_batch(writer: &SqlitePool, batch: &[WriteJob]) -> Vec<Result<Receipt, BatchError>> {
    let failed_all = |e: sqlx::Error| {
        batch
            .iter()
            .map(|_| Err(BatchError::Failed(e.to_string())))
            .collect::<Vec<_>>()
    };
    let mut tx = match writer.begin().await {
        Ok(tx) => tx,
        Err(e) => return failed_all(e),
    };
    let mut results = Vec::with_capacity(batch.len());
    for job in batch {
        if let Err(e) = sqlx::query("SAVEPOINT item").execute(&mut *tx).await {
            return failed_all(e);
        }
        match insert_one(&mut tx, job).await {
            Ok(receipt) => {
                if let Err(e) = sqlx::query("RELEASE item").execute(&mut *tx).await {
                    return failed_all(e);
                }
                results.push(Ok(receipt));
            }
            Err(e) => {
                let undone = sqlx::query("ROLLBACK TO item").execute(&mut *tx).await;
                let released = sqlx::query("RELEASE item").execute(&mut *tx).await;
                if let Err(e) = undone.and(released) {
                    return failed_all(e);
                }
                results.push(Err(match e {
                    sqlx::Error::Database(d) if d.is_unique_violation() => BatchError::Duplicate,
                    other => BatchError::Failed(other.to_string()),
                }));
            }
        }
    }
    match tx.commit().await {
        Ok(()) => results,
        Err(e) => failed_all(e),
    }
}

async fn insert_one(conn: &mut SqliteConnection, job: &WriteJob) -> Result<Receipt, sqlx::Error> {
    let (key, request_hash, a, received_at) = (
        &job.key,
        &job.request_hash,
        &job.application,
        job.received_at,
    );
    let mails = &job.mails;
    let year = received_at.year();
    let at = received_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let json = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
    let number: i64 = sqlx::query_scalar(
        "INSERT INTO reference_counters (year, last) VALUES (?, 1)
         ON CONFLICT (year) DO UPDATE SET last = last + 1
         RETURNING last",
    )
    .bind(year)
    .fetch_one(&mut *conn)
    .await?;
    let receipt = Receipt {
        reference: format!("KP-{year}-{number:04}"),
        received_at: at.clone(),
        email: a.email.clone(),
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO applications (
             reference, idempotency_key, request_hash, received_at, locale, first_name,
             last_name, personnummer, coordination_number, birth_date, address, postcode, town,
             phone, email, assignment_types, languages, occupation, experience, interests,
             frequency, times, driving_licence, has_car, age_groups, knows_child,
             knows_child_details, motivation, consent_version, consent_at, stage_changed_at,
             search_text)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                 ?, ?, ?, ?, ?, ?)
         RETURNING id",
    )
    .bind(&receipt.reference)
    .bind(key)
    .bind(request_hash)
    .bind(&at)
    .bind(a.locale.code())
    .bind(&a.first_name)
    .bind(&a.last_name)
    .bind(a.personnummer.canonical())
    .bind(a.personnummer.is_coordination_number())
    .bind(a.personnummer.birth_date().to_string())
    .bind(&a.address)
    .bind(&a.postcode)
    .bind(&a.town)
    .bind(&a.phone)
    .bind(&a.email)
    .bind(json(&a.assignment_types))
    .bind(json(&a.languages))
    .bind(&a.occupation)
    .bind(&a.experience)
    .bind(&a.interests)
    .bind(a.frequency.code())
    .bind(json(&a.times))
    .bind(a.driving_licence)
    .bind(a.has_car)
    .bind(json(&a.age_groups))
    .bind(a.knows_child)
    .bind(&a.knows_child_details)
    .bind(&a.motivation)
    .bind(&a.consent_version)
    .bind(&at)
    .bind(&at)
    .bind(
        format!(
            "{} {} {} {} {}",
            receipt.reference, a.first_name, a.last_name, a.phone, a.email
        )
        .to_lowercase(),
    )
    .fetch_one(&mut *conn)
    .await?;
    for mail in mails(&receipt) {
        sqlx::query(
            "INSERT INTO mail_outbox
                 (kind, application_id, to_address, subject, body, next_attempt_at, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(mail.kind)
        .bind(id)
        .bind(&mail.to)
        .bind(&mail.subject)
        .bind(&mail.body)
        .bind(&at)
        .bind(&at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(receipt)
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
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await
            .with_context(|| format!("opening the database {url}"))?;
        sqlx::migrate!("./migrations")
            .run(&writer)
            .await
            .context("running database migrations")?;
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("opening the database {url}"))?;
        let (jobs, queue) = mpsc::channel(1024);
        tokio::spawn(run_writer(writer.clone(), queue));
        Ok(Store { pool, writer, jobs })
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
        .fetch_one(&self.writer)
        .await
    }

    /// An account's e-mail, by id (active or not).
    pub async fn account_email(&self, id: i64) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT email FROM users WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
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
        .execute(&self.writer)
        .await
        .map(|_| ())
    }

    /// The stored receipt for an idempotency key, with the hash of the request that created it.
    pub async fn application_by_key(
        &self,
        key: &str,
    ) -> Result<Option<(Receipt, String)>, sqlx::Error> {
        let row: Option<(String, String, String, String)> = sqlx::query_as(
            "SELECT reference, received_at, email, request_hash FROM applications
             WHERE idempotency_key = ?",
        )
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(reference, received_at, email, hash)| {
            (
                Receipt {
                    reference,
                    received_at,
                    email,
                },
                hash,
            )
        }))
    }

    /// Stores an application and its mails in one transaction, committed (and so durable, with
    /// `synchronous=FULL`) before this returns. A second submission with the same idempotency key
    /// returns the first one's receipt, or `KeyConflict` if its content differs.
    pub async fn submit_application(
        &self,
        key: &str,
        request_hash: &str,
        application: &ValidApplication,
        received_at: DateTime<Utc>,
        mails: impl Fn(&Receipt) -> Vec<NewMail> + Send + Sync + 'static,
    ) -> Result<Submitted, sqlx::Error> {
        if let Some(found) = self.replay(key, request_hash).await? {
            return Ok(found);
        }
        let (reply, answer) = oneshot::channel();
        let job = WriteJob {
            key: key.to_string(),
            request_hash: request_hash.to_string(),
            application: application.clone(),
            received_at,
            mails: Box::new(mails),
            reply,
        };
        self.jobs
            .send(job)
            .await
            .map_err(|_| sqlx::Error::PoolClosed)?;
        match answer.await.map_err(|_| sqlx::Error::PoolClosed)? {
            Ok(receipt) => Ok(Submitted::Created(receipt)),
            // Two identical requests raced past the look-up: the loser answers as a replay.
            Err(BatchError::Duplicate) => Ok(self
                .replay(key, request_hash)
                .await?
                .unwrap_or(Submitted::KeyConflict)),
            Err(BatchError::Failed(message)) => Err(sqlx::Error::Protocol(message)),
        }
    }

    async fn replay(
        &self,
        key: &str,
        request_hash: &str,
    ) -> Result<Option<Submitted>, sqlx::Error> {
        Ok(self.application_by_key(key).await?.map(|(receipt, hash)| {
            if hash == request_hash {
                Submitted::Replayed(receipt)
            } else {
                Submitted::KeyConflict
            }
        }))
    }

    /// How many applications are stored (for tests and the benchmark).
    pub async fn count_applications(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM applications")
            .fetch_one(&self.pool)
            .await
    }

    /// The outbox's mails for an application: (kind, to, subject, body, status).
    pub async fn mails_for(
        &self,
        reference: &str,
    ) -> Result<Vec<(String, String, String, String, String)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT m.kind, m.to_address, m.subject, m.body, m.status FROM mail_outbox m
             JOIN applications a ON a.id = m.application_id
             WHERE a.reference = ? ORDER BY m.id",
        )
        .bind(reference)
        .fetch_all(&self.pool)
        .await
    }

    /// One stored application's text fields by reference: (first_name, motivation, locale).
    pub async fn application_summary(
        &self,
        reference: &str,
    ) -> Result<Option<(String, String, String)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT first_name, motivation, locale FROM applications WHERE reference = ?",
        )
        .bind(reference)
        .fetch_optional(&self.pool)
        .await
    }

    /// Mails due for a send attempt: (id, to, subject, body, attempts).
    pub async fn due_mails(
        &self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<(i64, String, String, String, i64)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, to_address, subject, body, attempts FROM mail_outbox
             WHERE status = 'outbox' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
        )
        .bind(now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .bind(limit)
        .fetch_all(&self.pool)
        .await
    }

    /// Records a sent mail.
    pub async fn mail_sent(&self, id: i64, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE mail_outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?")
            .bind(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .bind(id)
            .execute(&self.writer)
            .await
            .map(|_| ())
    }

    /// Records a failed attempt: try again at `retry_at`, or give up (`failed`) when `None`.
    pub async fn mail_attempt_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> Result<(), sqlx::Error> {
        let (status, next) = match retry_at {
            Some(at) => (
                "outbox",
                at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ),
            None => (
                "failed",
                Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ),
        };
        sqlx::query(
            "UPDATE mail_outbox SET status = ?, attempts = attempts + 1, last_error = ?,
                 next_attempt_at = ? WHERE id = ?",
        )
        .bind(status)
        .bind(error.chars().take(500).collect::<String>())
        .bind(next)
        .bind(id)
        .execute(&self.writer)
        .await
        .map(|_| ())
    }

    /// Every mail's (kind, status, attempts, last_error) for an application, for tests and review.
    pub async fn mail_states(
        &self,
        reference: &str,
    ) -> Result<Vec<(String, String, i64, Option<String>)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT m.kind, m.status, m.attempts, m.last_error FROM mail_outbox m
             JOIN applications a ON a.id = m.application_id WHERE a.reference = ? ORDER BY m.id",
        )
        .bind(reference)
        .fetch_all(&self.pool)
        .await
    }

    /// The active account with this e-mail (case-insensitive), for signing in.
    pub async fn account_for_sign_in(&self, email: &str) -> Result<Option<Account>, sqlx::Error> {
        type Row = (i64, String, String, String, String, bool, bool);
        let row: Option<Row> = sqlx::query_as(
            "SELECT id, email, display_name, role, password_hash, must_change_password, demo
             FROM users WHERE email = ? AND active = 1",
        )
        .bind(email)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(
            |(id, email, display_name, role, password_hash, must_change_password, demo)| Account {
                id,
                email,
                display_name,
                role: role_of(&role),
                password_hash,
                must_change_password,
                demo,
            },
        ))
    }

    /// Every account, for the administrator.
    /// Every account, for the administrator, with its live sessions (none idle longer than
    /// `idle` at `now`). The sign-in lock lives in memory; the route fills it in.
    pub async fn accounts(
        &self,
        now: DateTime<Utc>,
        idle: chrono::Duration,
    ) -> Result<Vec<AccountSummary>, sqlx::Error> {
        type Row = (i64, String, String, String, bool, String, i64, bool, bool);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT u.id, u.email, u.display_name, u.role, u.active, u.created_at,
                    (SELECT count(*) FROM sessions s
                     WHERE s.user_id = u.id AND s.revoked = 0 AND s.expires_at > ?
                       AND s.last_seen_at > ?),
                    u.must_change_password, u.demo
             FROM users u ORDER BY u.display_name",
        )
        .bind(stamp(now))
        .bind(stamp(now - idle))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(
                    id,
                    email,
                    display_name,
                    role,
                    active,
                    created_at,
                    active_sessions,
                    must_change_password,
                    demo,
                )| AccountSummary {
                    id,
                    email,
                    display_name,
                    role: role_of(&role).as_str().to_string(),
                    active,
                    created_at,
                    active_sessions,
                    locked_for_seconds: None,
                    must_change_password,
                    demo,
                },
            )
            .collect())
    }

    /// Changes an account's role, active state or password hash (which is then temporary); false
    /// if there is no such account.
    pub async fn update_account(
        &self,
        id: i64,
        role: Option<Role>,
        active: Option<bool>,
        password_hash: Option<&str>,
    ) -> Result<bool, sqlx::Error> {
        // A password an administrator sets is temporary: its owner must change it.
        let result = sqlx::query(
            "UPDATE users SET role = COALESCE(?, role), active = COALESCE(?, active),
                 password_hash = COALESCE(?, password_hash),
                 must_change_password = CASE WHEN ? IS NULL THEN must_change_password ELSE 1 END
             WHERE id = ?",
        )
        .bind(role.map(Role::as_str))
        .bind(active)
        .bind(password_hash)
        .bind(password_hash)
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    /// Appends to the access log, chained to the previous entry's hash.
    pub async fn log_access(
        &self,
        user_id: i64,
        user_name: &str,
        action: &str,
        record: &str,
        address: &str,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.writer.begin().await?;
        append_log(
            &mut tx,
            &LogEntry {
                user_id,
                user_name,
                action,
                record,
                address,
            },
        )
        .await?;
        tx.commit().await
    }

    /// Recomputes the access log's chain: how many entries it holds, and the id of the first
    /// entry that does not match, if any.
    pub async fn verify_access_log(&self) -> Result<AccessLogCheck, sqlx::Error> {
        let rows: Vec<LogRow> = sqlx::query_as(
            "SELECT id, at, user_id, user_name, action, record, address, prev_hash, hash
             FROM access_log ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        let entries = rows.len() as i64;
        let outcome = |first_altered_entry: Option<i64>| AccessLogCheck {
            intact: first_altered_entry.is_none(),
            first_altered_entry,
            entries,
        };
        let mut expected_prev = "0".repeat(64);
        for r in rows {
            let recomputed = access_hash(
                &r.prev_hash,
                &r.at,
                r.user_id,
                &r.user_name,
                &r.action,
                &r.record,
                &r.address,
            );
            if r.prev_hash != expected_prev || r.hash != recomputed {
                return Ok(outcome(Some(r.id)));
            }
            expected_prev = r.hash;
        }
        Ok(outcome(None))
    }

    /// Access-log entries, newest first, filtered by user, record (substring), period and kind
    /// (security events or reads and writes of personal data).
    pub async fn access_log(
        &self,
        user_id: Option<i64>,
        record: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
        limit: i64,
        kind: kp_domain::security::AccessKind,
    ) -> Result<Vec<AccessEntry>, sqlx::Error> {
        use kp_domain::security::{AccessKind, SECURITY_PREFIX};
        let security = match kind {
            AccessKind::All => None,
            AccessKind::Security => Some(true),
            AccessKind::PersonalData => Some(false),
        };
        let rows: Vec<(i64, String, i64, String, String, String, String)> = sqlx::query_as(
            "SELECT id, at, user_id, user_name, action, record, address FROM access_log
             WHERE (? IS NULL OR user_id = ?) AND (? IS NULL OR instr(record, ?) > 0)
               AND (? IS NULL OR at >= ?) AND (? IS NULL OR at < ?)
               AND (? IS NULL OR (substr(action, 1, length(?)) = ?) = ?)
             ORDER BY id DESC LIMIT ?",
        )
        .bind(user_id)
        .bind(user_id)
        .bind(record)
        .bind(record)
        .bind(from)
        .bind(from)
        .bind(to)
        .bind(to)
        .bind(security)
        .bind(SECURITY_PREFIX)
        .bind(SECURITY_PREFIX)
        .bind(security)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, at, user_id, user_name, action, record, address)| AccessEntry {
                    id,
                    at,
                    user_id,
                    user_name,
                    action,
                    record,
                    address,
                },
            )
            .collect())
    }

    /// A page of applicants matching the filter. The WHERE clause holds only the filters in use
    /// (each value bound as a parameter), so SQLite can pick the index that fits; the covering
    /// indexes of migrations 0008 and 0011 hold every column a filter reads. Counting stops past
    /// [`LIST_COUNT_CAP`] (`total_capped`). Every step reads the same snapshot.
    pub async fn list_applicants(&self, f: &ApplicantFilter) -> Result<ApplicantPage, sqlx::Error> {
        self.list_applicants_within(f, ListLimits::default()).await
    }

    /// [`Store::list_applicants`] with other limits (tests reach every way of searching with a
    /// few rows).
    pub async fn list_applicants_within(
        &self,
        f: &ApplicantFilter,
        limits: ListLimits,
    ) -> Result<ApplicantPage, sqlx::Error> {
        let cap = limits.count_cap;
        let per_page = f.per_page.clamp(1, 200);
        let page = f.page.max(1);
        let offset = (page - 1).saturating_mul(per_page);
        // Every order ends on the id, so a page boundary never splits or repeats a tie. `keys` are
        // the columns besides the id that the order reads, where a covering index of migration
        // 0008 walks in that order. Names are not keys: the name indexes (0006, and 0011 within a
        // stage) walk in name order for the page, and the count is a second walk.
        let (order, keys) = match f.sort.as_str() {
            "oldest" => ("a.received_at ASC, a.id ASC", Some("a.received_at")),
            "name" => (
                "a.last_name COLLATE NOCASE ASC, a.first_name COLLATE NOCASE ASC, a.id ASC",
                None,
            ),
            "stage" => (
                "a.stage ASC, a.received_at DESC, a.id DESC",
                Some("a.stage, a.received_at"),
            ),
            _ => ("a.received_at DESC, a.id DESC", Some("a.received_at")),
        };
        let mut tx = self.pool.begin().await?;
        let (search, mut counted) = match f
            .query
            .as_ref()
            .map(|q| q.trim().to_lowercase().replace(['%', '_'], ""))
            .filter(|q| !q.is_empty())
        {
            Some(term) => search_plan(&mut tx, f, keys.map(|_| order), term, limits).await?,
            None => (Search::None, None),
        };
        let mut page_ids = None;
        if counted.is_none() {
            // Where the index walks in page order and the page lies within the first cap + 1
            // matches, one walk finds those matches: how many there are is the count, and the
            // page is a slice of them. Otherwise the count and the page are two walks.
            match keys.filter(|_| offset.saturating_add(per_page) <= cap + 1) {
                Some(keys) => {
                    let mut first = QueryBuilder::<Sqlite>::new(format!(
                        "SELECT json_group_array(a.id ORDER BY {order})
                         FROM (SELECT a.id, {keys}"
                    ));
                    list_source(&mut first, f, &search);
                    first
                        .push(format!(" ORDER BY {order} LIMIT "))
                        .push_bind(cap + 1)
                        .push(") AS a");
                    let matches: String = first.build_query_scalar().fetch_one(&mut *tx).await?;
                    let matches: Vec<i64> = serde_json::from_str(&matches)
                        .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
                    // Both bounds are at most cap + 1 here.
                    let end = matches.len().min((offset + per_page) as usize);
                    let on_page = matches.get(offset as usize..end).unwrap_or_default();
                    page_ids = Some(serde_json::json!(on_page).to_string());
                    counted = Some(matches.len() as i64);
                }
                None => {
                    let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM (SELECT 1");
                    list_source(&mut count, f, &search);
                    count.push(" LIMIT ").push_bind(cap + 1).push(")");
                    counted = Some(count.build_query_scalar().fetch_one(&mut *tx).await?);
                }
            }
        }
        let counted = counted.unwrap_or_default();
        // Only the page's own rows are read and joined to their caseworker; without the slice
        // above, the page's ids come from the index alone (a deep page skips index entries, not
        // rows).
        let mut rows = QueryBuilder::<Sqlite>::new(
            "SELECT a.reference, a.first_name, a.last_name, a.stage, a.received_at, a.locale,
                    a.languages, a.assignment_types, u.display_name AS assigned
             FROM (",
        );
        match page_ids {
            Some(ids) => {
                rows.push("SELECT value AS id FROM json_each(")
                    .push_bind(ids)
                    .push(")");
            }
            None => {
                rows.push("SELECT a.id");
                list_source(&mut rows, f, &search);
                rows.push(format!(" ORDER BY {order} LIMIT "))
                    .push_bind(per_page)
                    .push(" OFFSET ")
                    .push_bind(offset);
            }
        }
        rows.push(format!(
            ") AS p CROSS JOIN applications a LEFT JOIN users u ON u.id = a.assigned_to
             WHERE a.id = p.id ORDER BY {order}"
        ));
        let rows: Vec<ListRow> = rows.build_query_as().fetch_all(&mut *tx).await?;
        tx.commit().await?;
        Ok(ApplicantPage {
            total: counted.min(cap),
            total_capped: counted > cap,
            page,
            per_page,
            rows: rows.into_iter().map(ListRow::into_row).collect(),
        })
    }

    /// An applicant's id, stage and recorded events (for applying the pipeline rules).
    pub async fn applicant_state(
        &self,
        reference: &str,
    ) -> Result<Option<(i64, Stage, Vec<Event>)>, sqlx::Error> {
        let found: Option<(i64, String)> =
            sqlx::query_as("SELECT id, stage FROM applications WHERE reference = ?")
                .bind(reference)
                .fetch_optional(&self.pool)
                .await?;
        let Some((id, stage)) = found else {
            return Ok(None);
        };
        let payloads: Vec<String> = sqlx::query_scalar(
            "SELECT payload FROM application_events WHERE application_id = ? ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let events = payloads
            .iter()
            .filter_map(|p| serde_json::from_str(p).ok())
            .collect();
        Ok(Some((
            id,
            Stage::from_code(&stage).unwrap_or(Stage::New),
            events,
        )))
    }

    /// Records an event and the stage it leads to, if the stage is still `expected` (so two
    /// caseworkers acting at once cannot both move the same applicant on). False if it changed.
    pub async fn record_event(
        &self,
        application_id: i64,
        user_id: i64,
        expected: Stage,
        event: &Event,
        stage_after: Stage,
    ) -> Result<bool, sqlx::Error> {
        let at = stamp(Utc::now());
        let payload = serde_json::to_string(event).unwrap_or_default();
        let kind = event.kind();
        let mut tx = self.writer.begin().await?;
        let moved = sqlx::query(
            "UPDATE applications SET stage = ?,
                 stage_changed_at = CASE WHEN stage = ? THEN stage_changed_at ELSE ? END
             WHERE id = ? AND stage = ?",
        )
        .bind(stage_after.code())
        .bind(stage_after.code())
        .bind(&at)
        .bind(application_id)
        .bind(expected.code())
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO application_events (application_id, at, user_id, kind, payload, stage_after)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(application_id)
        .bind(&at)
        .bind(user_id)
        .bind(kind)
        .bind(payload)
        .bind(stage_after.code())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Assigns an applicant to a caseworker (or nobody); false if there is no such applicant.
    pub async fn assign(&self, reference: &str, user_id: Option<i64>) -> Result<bool, sqlx::Error> {
        let result = sqlx::query("UPDATE applications SET assigned_to = ? WHERE reference = ?")
            .bind(user_id)
            .bind(reference)
            .execute(&self.writer)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    /// An applicant with every answer and the timeline.
    pub async fn applicant_detail(
        &self,
        reference: &str,
    ) -> Result<Option<ApplicantDetail>, sqlx::Error> {
        let row: Option<ApplicantRecord> = sqlx::query_as(
            "SELECT a.id, a.reference, a.first_name, a.last_name, a.personnummer, a.address,
                    a.postcode, a.town, a.phone, a.email, a.assignment_types, a.languages,
                    a.occupation, a.experience, a.interests, a.frequency, a.times,
                    a.driving_licence, a.has_car, a.age_groups, a.knows_child,
                    a.knows_child_details, a.motivation, a.consent_version, a.locale, a.stage,
                    a.received_at, u.display_name AS assigned, a.assigned_to AS assigned_id
             FROM applications a LEFT JOIN users u ON u.id = a.assigned_to
             WHERE a.reference = ?",
        )
        .bind(reference)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let today = kp_domain::time::today_in_sweden(Utc::now());
        let (assignments, assignment_history) = self.assignments_of(r.id, today).await?;
        let events: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT e.at, u.display_name, e.payload, e.stage_after FROM application_events e
             JOIN users u ON u.id = e.user_id WHERE e.application_id = ? ORDER BY e.id",
        )
        .bind(r.id)
        .fetch_all(&self.pool)
        .await?;
        let list = |s: &str| serde_json::from_str::<Vec<String>>(s).unwrap_or_default();
        let locale = kp_domain::Locale::from_code(&r.locale);
        Ok(Some(ApplicantDetail {
            summary: ApplicantRow {
                reference: r.reference.clone(),
                name: format!("{} {}", r.first_name, r.last_name),
                stage: Stage::from_code(&r.stage).unwrap_or(Stage::New),
                received_at: r.received_at.clone(),
                locale: r.locale.clone(),
                languages: list(&r.languages),
                assignment_types: list(&r.assignment_types),
                assigned_to: r.assigned.clone(),
            },
            answers: ApplicationForm {
                first_name: r.first_name,
                last_name: r.last_name,
                personnummer: r.personnummer,
                address: r.address,
                postcode: r.postcode,
                town: r.town,
                phone: r.phone,
                email: r.email,
                assignment_types: list(&r.assignment_types),
                languages: list(&r.languages),
                occupation: r.occupation,
                experience: r.experience,
                interests: r.interests,
                frequency: r.frequency,
                times: list(&r.times),
                driving_licence: r.driving_licence,
                has_car: r.has_car,
                age_groups: list(&r.age_groups),
                knows_child: r.knows_child,
                knows_child_details: r.knows_child_details,
                motivation: r.motivation,
                consent: true,
                consent_version: r.consent_version,
                locale,
                website: String::new(),
            },
            timeline: events
                .into_iter()
                .filter_map(|(at, by, payload, stage)| {
                    Some(TimelineEntry {
                        at,
                        by,
                        event: serde_json::from_str(&payload).ok()?,
                        stage_after: Stage::from_code(&stage)?,
                    })
                })
                .collect(),
            assigned_to_id: r.assigned_id,
            assignments,
            assignment_history,
        }))
    }

    /// Active accounts, by name: whom an applicant can be assigned to.
    pub async fn caseworkers(&self) -> Result<Vec<Caseworker>, sqlx::Error> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, display_name FROM users WHERE active = 1 ORDER BY display_name COLLATE NOCASE, id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, display_name)| Caseworker { id, display_name })
            .collect())
    }

    /// For the tamper test only: changes an access-log entry's record, first dropping the
    /// append-only guard when `remove_guard` (as someone with file access could).
    pub async fn tamper_with_access_log(
        &self,
        id: i64,
        remove_guard: bool,
    ) -> Result<(), sqlx::Error> {
        if remove_guard {
            sqlx::query("DROP TRIGGER IF EXISTS access_log_no_update")
                .execute(&self.writer)
                .await?;
        }
        sqlx::query("UPDATE access_log SET record = 'applicant:KP-0000-0000' WHERE id = ?")
            .bind(id)
            .execute(&self.writer)
            .await
            .map(|_| ())
    }

    /// Fills the database with `count` synthetic applicants spread over stages, languages,
    /// assignment types and two years (for the list benchmark). Deterministic.
    pub async fn seed_synthetic_applicants(&self, count: i64) -> Result<(), sqlx::Error> {
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
             INSERT INTO applications (
                 reference, idempotency_key, request_hash, received_at, locale, first_name,
                 last_name, personnummer, coordination_number, birth_date, address, postcode, town,
                 phone, email, assignment_types, languages, occupation, experience, interests,
                 frequency, times, driving_licence, has_car, age_groups, knows_child,
                 knows_child_details, motivation, consent_version, consent_at, stage, search_text)
             SELECT printf('KP-%d-%06d', 2025 + i % 2, i), 'seed-' || i, 'seed',
                    printf('%d-%02d-%02dT%02d:00:00Z', 2025 + i % 2, 1 + i % 12, 1 + i % 28, i % 24),
                    substr('svenarfasoti', 1 + 2 * (i % 6), 2),
                    CASE i % 6 WHEN 0 THEN 'Amina' WHEN 1 THEN 'Bertil' WHEN 2 THEN 'Carin'
                        WHEN 3 THEN 'Dawit' WHEN 4 THEN 'Elif' ELSE 'Farid' END || i,
                    'Efternamn' || (i % 997), '19811218-9876', 0, '1981-12-18', 'Gatan ' || i,
                    '123 45', 'Exempelby', printf('+4670%07d', i), 'person' || i || '@example.se',
                    CASE i % 3 WHEN 0 THEN '[\"child\"]' WHEN 1 THEN '[\"unaccompanied\"]' ELSE '[\"child\",\"special\"]' END,
                    CASE i % 4 WHEN 0 THEN '[\"sv\"]' WHEN 1 THEN '[\"ar\",\"sv\"]' WHEN 2 THEN '[\"so\"]' ELSE '[\"prs\",\"fa\"]' END,
                    'Yrke', '', '', 'weekly', '[\"evenings\"]', i % 2, 0, '[]', 0, '',
                    'Motivering', '2026-11-22', '2026-11-22T00:00:00Z',
                    CASE i % 5 WHEN 0 THEN 'new' WHEN 1 THEN 'contacted' WHEN 2 THEN 'interviewed'
                        WHEN 3 THEN 'checks_under_way' ELSE 'approved' END,
                    lower(printf('KP-%d-%06d', 2025 + i % 2, i) || ' ' ||
                          CASE i % 6 WHEN 0 THEN 'Amina' WHEN 1 THEN 'Bertil' WHEN 2 THEN 'Carin'
                              WHEN 3 THEN 'Dawit' WHEN 4 THEN 'Elif' ELSE 'Farid' END || i ||
                          ' efternamn' || (i % 997) || ' ' || printf('+4670%07d', i) ||
                          ' person' || i || '@example.se')
             FROM n",
        )
        .bind(count)
        .execute(&self.writer)
        .await?;
        sqlx::query("ANALYZE")
            .execute(&self.writer)
            .await
            .map(|_| ())
    }

    /// The overview for a caseworker on `today`.
    pub async fn overview(&self, user_id: i64, today: NaiveDate) -> Result<Overview, sqlx::Error> {
        let counts: Vec<(String, i64)> =
            sqlx::query_as("SELECT stage, COUNT(*) FROM applications GROUP BY stage")
                .fetch_all(&self.pool)
                .await?;
        let counts = Stage::ALL
            .into_iter()
            .map(|stage| StageCount {
                stage,
                count: counts
                    .iter()
                    .find(|(s, _)| s == stage.code())
                    .map_or(0, |(_, n)| *n),
            })
            .collect();
        let cutoff = working_days_before(today, CONTACT_WITHIN_WORKING_DAYS).to_string();
        let waiting = self
            .rows_where(
                "a.stage = 'new' AND a.received_at < ?",
                &cutoff,
                "a.received_at ASC",
            )
            .await?;
        let mine = self
            .rows_where(
                "a.assigned_to = ? AND a.stage NOT IN ('approved', 'not_approved', 'withdrawn')",
                &user_id.to_string(),
                "a.stage_changed_at ASC",
            )
            .await?;
        // The week ends on Sunday; a booking's time is local (as the caseworker typed it).
        let days_left = 6 - i64::from(today.weekday().num_days_from_monday());
        let week_end = (today + chrono::Duration::days(days_left + 1)).to_string();
        let interviews: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT a.reference, a.first_name, a.last_name,
                    json_extract(e.payload, '$.at'), json_extract(e.payload, '$.place')
             FROM applications a
             JOIN application_events e ON e.id = (
                 SELECT MAX(id) FROM application_events
                 WHERE application_id = a.id AND kind = 'interview_booked')
             WHERE a.stage = 'interview_booked'
               AND json_extract(e.payload, '$.at') >= ? AND json_extract(e.payload, '$.at') < ?
             ORDER BY 4 LIMIT 100",
        )
        .bind(today.to_string())
        .bind(&week_end)
        .fetch_all(&self.pool)
        .await?;
        let warn_from = (today - chrono::Duration::days(EXTRACT_VALID_DAYS - 30)).to_string();
        let expiring: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT a.reference, a.first_name, a.last_name, MAX(json_extract(e.payload, '$.issued'))
             FROM applications a JOIN application_events e
               ON e.application_id = a.id AND e.kind = 'police_extract'
             WHERE a.stage = 'checks_under_way'
             GROUP BY a.id HAVING MAX(json_extract(e.payload, '$.issued')) <= ?
             ORDER BY 4 LIMIT 100",
        )
        .bind(&warn_from)
        .fetch_all(&self.pool)
        .await?;
        Ok(Overview {
            counts,
            waiting_for_contact: waiting,
            interviews_this_week: interviews
                .into_iter()
                .map(|(reference, first, last, at, place)| InterviewSlot {
                    reference,
                    name: format!("{first} {last}"),
                    at,
                    place,
                })
                .collect(),
            extracts_expiring: expiring
                .into_iter()
                .map(|(reference, first, last, issued)| ExpiringExtract {
                    reference,
                    name: format!("{first} {last}"),
                    issued,
                })
                .collect(),
            mine,
            follow_ups_due: Vec::new(),
            price_base_missing: None,
        })
    }

    async fn rows_where(
        &self,
        condition: &str,
        value: &str,
        order: &str,
    ) -> Result<Vec<ApplicantRow>, sqlx::Error> {
        let rows: Vec<ListRow> = sqlx::query_as(&format!(
            "SELECT a.reference, a.first_name, a.last_name, a.stage, a.received_at, a.locale,
                    a.languages, a.assignment_types, u.display_name AS assigned
             FROM applications a LEFT JOIN users u ON u.id = a.assigned_to
             WHERE {condition} ORDER BY {order} LIMIT 100"
        ))
        .bind(value)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(ListRow::into_row).collect())
    }

    /// The mail outbox, newest first: what was sent, what waits, what failed and why.
    pub async fn outbox(&self, limit: i64) -> Result<Vec<OutboxMail>, sqlx::Error> {
        let rows: Vec<OutboxRow> = sqlx::query_as(
            "SELECT m.id, m.kind, a.reference, m.to_address, m.subject, m.status, m.attempts,
                    m.last_error, m.created_at, m.sent_at
             FROM mail_outbox m LEFT JOIN applications a ON a.id = m.application_id
             ORDER BY m.id DESC LIMIT ?",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(OutboxRow::into_mail).collect())
    }

    /// For tests: moves an application's arrival back in time.
    pub async fn backdate_application(
        &self,
        reference: &str,
        received_at: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE applications SET received_at = ? WHERE reference = ?")
            .bind(received_at)
            .bind(reference)
            .execute(&self.writer)
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
        self.writer.close().await;
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

/// One access-log entry to append.
#[derive(Debug, Clone, Copy)]
pub struct LogEntry<'a> {
    /// Who (account id; 0 for a sign-in attempt on no known account).
    pub user_id: i64,
    /// Who, by name at the time (or the e-mail typed, for an unknown account).
    pub user_name: &'a str,
    /// What (`read`, `write:…`, `auth:…`).
    pub action: &'a str,
    /// Which record (`applicant:KP-…`, `account:7`).
    pub record: &'a str,
    /// From which client address.
    pub address: &'a str,
}

/// Appends `entry` to the access log inside the caller's transaction, chained to the previous
/// entry, so a change and its log entry commit together or not at all. Runs on the writer
/// connection, which keeps the chain in one order.
pub(crate) async fn append_log(
    conn: &mut SqliteConnection,
    entry: &LogEntry<'_>,
) -> Result<(), sqlx::Error> {
    let at = stamp(Utc::now());
    let prev: Option<String> =
        sqlx::query_scalar("SELECT hash FROM access_log ORDER BY id DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    let prev = prev.unwrap_or_else(|| "0".repeat(64));
    let LogEntry {
        user_id,
        user_name,
        action,
        record,
        address,
    } = *entry;
    let hash = access_hash(&prev, &at, user_id, user_name, action, record, address);
    sqlx::query(
        "INSERT INTO access_log (at, user_id, user_name, action, record, address, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&at)
    .bind(user_id)
    .bind(user_name)
    .bind(action)
    .bind(record)
    .bind(address)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

/// The access log's chain hash: SHA-256 over the previous hash and this entry's fields, each
/// length-prefixed so no two different entries can produce the same input.
pub fn access_hash(
    prev: &str,
    at: &str,
    user_id: i64,
    user_name: &str,
    action: &str,
    record: &str,
    address: &str,
) -> String {
    let mut hasher = sha2::Sha256::new();
    for part in [
        prev,
        at,
        &user_id.to_string(),
        user_name,
        action,
        record,
        address,
    ] {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    format!("{:x}", hasher.finalize())
}

/// The applicant list counts its matches up to this many; past it the answer says
/// `total: 1000, total_capped: true` and the list shows "1 000+". Nobody pages through a thousand
/// applicants, they narrow the filter, and an exact count of a broad filter was the slowest part
/// of the list at 100,000 applicants (BENCHMARKS.md).
pub const LIST_COUNT_CAP: i64 = 1_000;

/// A search whose trigram lookup finds at most this many candidate rows is answered from those
/// rows (see `search_plan`).
pub const SEARCH_CANDIDATE_LIMIT: i64 = 2_000;

/// How many of the rows the other filters leave a search with more candidates is tried on (see
/// `search_plan`): it is checked along the index if more than [`LIST_COUNT_CAP`] of them match.
pub const SEARCH_SCAN_BUDGET: i64 = 20_000;

/// Where the applicant list stops counting and how it chooses its way to search (see
/// `search_plan`). The default is what the API uses.
#[derive(Debug, Clone, Copy)]
pub struct ListLimits {
    /// Counting stops past this many matches.
    pub count_cap: i64,
    /// A search with at most this many trigram candidates reads those rows.
    pub search_candidates: i64,
    /// A search with more is tried on this many of the rows the other filters leave.
    pub search_scan_budget: i64,
}

impl Default for ListLimits {
    fn default() -> Self {
        ListLimits {
            count_cap: LIST_COUNT_CAP,
            search_candidates: SEARCH_CANDIDATE_LIMIT,
            search_scan_budget: SEARCH_SCAN_BUDGET,
        }
    }
}

/// Whether a list filter's code can be a stored assignment-type or language code (lower-case
/// ASCII letters, digits or hyphens), so that it can be looked for inside the stored JSON array.
fn is_list_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// How the list's search term narrows the rows (see [`search_plan`]).
enum Search {
    /// No search term.
    None,
    /// `search_text LIKE '%term%'` on each index entry the query walks.
    Text(String),
    /// The same LIKE, on the rows with these ids (a JSON array): the trigram index's candidates.
    Ids(String, String),
}

/// The list's FROM and WHERE clauses: only the filters in use, each value bound as a parameter.
/// The trigram index's candidates are read by id (a join, not an `IN` list to build first).
fn list_source(qb: &mut QueryBuilder<'_, Sqlite>, f: &ApplicantFilter, search: &Search) {
    match search {
        Search::Ids(_, ids) => {
            qb.push(" FROM json_each(")
                .push_bind(ids.clone())
                .push(") AS c CROSS JOIN applications a WHERE a.id = c.value");
        }
        _ => {
            qb.push(" FROM applications a WHERE 1 = 1");
        }
    }
    if let Some(stage) = &f.stage {
        qb.push(" AND a.stage = ").push_bind(stage.clone());
    }
    for (column, code) in [
        ("a.assignment_types", &f.assignment_type),
        ("a.languages", &f.language),
    ] {
        if let Some(code) = code {
            // The column is the JSON array the application was stored with (`["ar","sv"]`); a
            // stored code is lower-case letters, so `"sv"` with its quotes is in it exactly when
            // `sv` is one of the codes. A code of other characters is no stored code at all.
            if is_list_code(code) {
                qb.push(format!(" AND instr({column}, "))
                    .push_bind(format!("\"{code}\""))
                    .push(") > 0");
            } else {
                qb.push(" AND 1 = 0");
            }
        }
    }
    if let Some(user) = f.assigned_to {
        qb.push(" AND a.assigned_to = ").push_bind(user);
    }
    if let Search::Text(term) | Search::Ids(term, _) = search {
        qb.push(" AND");
        push_search_like(qb, term);
    }
}

/// ` a.search_text LIKE '%term%'`. The pattern is bound as `(? || '')`: SQLite re-prepares a
/// statement on every new binding of a parameter that stands alone on the right of LIKE (in
/// case its prefix could use an index), which a pattern starting with `%` never can.
fn push_search_like(qb: &mut QueryBuilder<'_, Sqlite>, term: &str) {
    qb.push(" a.search_text LIKE (")
        .push_bind(format!("%{term}%"))
        .push(" || '')");
}

/// How to search for `term` (lower-case, without `%` and `_`), and the count when working that out
/// has settled it.
///
/// The trigram index names at most `search_candidates` candidate rows: the rows whose text holds
/// the term's trigrams in a row, among them every row the LIKE matches (the LIKE decides). Few
/// candidates: the list reads those rows. More: the LIKE is tried on the first
/// `search_scan_budget` rows the other filters leave (in page `order` where an index walks in
/// it). More than `count_cap` matches there prove the count capped; so does trying every
/// row the other filters leave give the count. Then the page is found by checking the LIKE on each
/// entry of the covering index the list walks. Otherwise the term matches fewer than one in
/// twenty of many rows, and the list reads all its trigram candidates. A term shorter than a
/// trigram is checked along the index.
async fn search_plan(
    tx: &mut SqliteConnection,
    f: &ApplicantFilter,
    order: Option<&str>,
    term: String,
    limits: ListLimits,
) -> Result<(Search, Option<i64>), sqlx::Error> {
    if term.chars().count() < 3 || term.contains('\0') {
        return Ok((Search::Text(term), None));
    }
    let phrase = format!("\"{}\"", term.replace('"', "\"\""));
    // One row (a count, the last id and a JSON array), not one row per id.
    let (found, last, ids): (i64, Option<i64>, String) = sqlx::query_as(
        "SELECT COUNT(*), MAX(rowid), json_group_array(rowid) FROM (
             SELECT rowid FROM applicant_search WHERE applicant_search MATCH ?
             ORDER BY rowid LIMIT ?)",
    )
    .bind(&phrase)
    .bind(limits.search_candidates + 1)
    .fetch_one(&mut *tx)
    .await?;
    if found <= limits.search_candidates {
        return Ok((Search::Ids(term, ids), None));
    }
    // More than count_cap matches among the first search_scan_budget rows the other filters leave
    // prove the count capped. Counting stops there, so a broad term stops early.
    let mut tried =
        QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM (SELECT 1 FROM (SELECT a.search_text");
    list_source(&mut tried, f, &Search::None);
    if let Some(order) = order {
        tried.push(format!(" ORDER BY {order}"));
    }
    tried
        .push(" LIMIT ")
        .push_bind(limits.search_scan_budget)
        .push(") AS a WHERE");
    push_search_like(&mut tried, &term);
    tried
        .push(" LIMIT ")
        .push_bind(limits.count_cap + 1)
        .push(")");
    let hits: i64 = tried.build_query_scalar().fetch_one(&mut *tx).await?;
    if hits > limits.count_cap {
        return Ok((Search::Text(term), Some(hits)));
    }
    let mut left = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM (SELECT 1");
    list_source(&mut left, f, &Search::None);
    left.push(" LIMIT ")
        .push_bind(limits.search_scan_budget + 1)
        .push(")");
    let left: i64 = left.build_query_scalar().fetch_one(&mut *tx).await?;
    if left <= limits.search_scan_budget {
        // Those were all the rows the other filters leave: their matches are the count.
        return Ok((Search::Text(term), Some(hits)));
    }
    // The candidates past those the first lookup found.
    let rest: String = sqlx::query_scalar(
        "SELECT json_group_array(rowid) FROM applicant_search
         WHERE applicant_search MATCH ? AND rowid > ?",
    )
    .bind(&phrase)
    .bind(last)
    .fetch_one(&mut *tx)
    .await?;
    let mut all: Vec<i64> =
        serde_json::from_str(&ids).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    all.extend(
        serde_json::from_str::<Vec<i64>>(&rest).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
    );
    Ok((Search::Ids(term, serde_json::json!(all).to_string()), None))
}

/// What the applicant list is filtered, searched, sorted and paged by.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ApplicantFilter {
    /// A stage code.
    pub stage: Option<String>,
    /// An assignment type code.
    pub assignment_type: Option<String>,
    /// A language code.
    pub language: Option<String>,
    /// A caseworker's account id.
    pub assigned_to: Option<i64>,
    /// Searched in reference, names, phone and e-mail.
    #[serde(rename = "q")]
    pub query: Option<String>,
    /// `newest` (default), `oldest`, `name`, `stage`.
    pub sort: String,
    /// Page number from 1.
    pub page: i64,
    /// Rows per page (1–200, default 50).
    pub per_page: i64,
}

#[derive(sqlx::FromRow)]
struct LogRow {
    id: i64,
    at: String,
    user_id: i64,
    user_name: String,
    action: String,
    record: String,
    address: String,
    prev_hash: String,
    hash: String,
}

#[derive(sqlx::FromRow)]
struct OutboxRow {
    id: i64,
    kind: String,
    reference: Option<String>,
    to_address: String,
    subject: String,
    status: String,
    attempts: i64,
    last_error: Option<String>,
    created_at: String,
    sent_at: Option<String>,
}

impl OutboxRow {
    fn into_mail(self) -> OutboxMail {
        OutboxMail {
            id: self.id,
            kind: self.kind,
            reference: self.reference,
            to_address: self.to_address,
            subject: self.subject,
            status: self.status,
            attempts: self.attempts,
            last_error: self.last_error,
            created_at: self.created_at,
            sent_at: self.sent_at,
        }
    }
}

impl ListRow {
    fn into_row(self) -> ApplicantRow {
        ApplicantRow {
            reference: self.reference,
            name: format!("{} {}", self.first_name, self.last_name),
            stage: Stage::from_code(&self.stage).unwrap_or(Stage::New),
            received_at: self.received_at,
            locale: self.locale,
            languages: serde_json::from_str(&self.languages).unwrap_or_default(),
            assignment_types: serde_json::from_str(&self.assignment_types).unwrap_or_default(),
            assigned_to: self.assigned,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ListRow {
    reference: String,
    first_name: String,
    last_name: String,
    stage: String,
    received_at: String,
    locale: String,
    languages: String,
    assignment_types: String,
    assigned: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ApplicantRecord {
    id: i64,
    reference: String,
    first_name: String,
    last_name: String,
    personnummer: String,
    address: String,
    postcode: String,
    town: String,
    phone: String,
    email: String,
    assignment_types: String,
    languages: String,
    occupation: String,
    experience: String,
    interests: String,
    frequency: String,
    times: String,
    driving_licence: bool,
    has_car: bool,
    age_groups: String,
    knows_child: bool,
    knows_child_details: String,
    motivation: String,
    consent_version: String,
    locale: String,
    stage: String,
    received_at: String,
    assigned: Option<String>,
    assigned_id: Option<i64>,
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
