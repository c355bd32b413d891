//! The storage module: the only code that touches the database.
//!
//! One [`Store`] API over two engines: SQLite (the embedded default, a file) and PostgreSQL (for
//! production and for several server processes), chosen by the `DATABASE_URL` scheme. The SQL
//! lives once, in `engine/`, a folder of files named after the tables each owns; that folder is
//! compiled twice, as `on_sqlite` and `on_postgres`, each time against that engine's sqlx types
//! (`Db`), so every query, row and transaction is plain, typed sqlx code. Where the engines need
//! different SQL, the file asks [`Dialect`] (`ENGINE`) or a fragment function in this file, in
//! that one place. `Store` dispatches each call to the engine it runs on (the table below).
//!
//! Invariants: no SQL outside this module; rows decode into typed values (dates, instants, JSON,
//! codes through `TryFrom<String>`), and a row that does not decode is an error that reaches the
//! log and the caller, never a silent omission or a default.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use kp_domain::application::{ApplicationForm, ValidApplication};
use kp_domain::assignment::{Ending, FollowUp, Plan};
use kp_domain::caseworker::{AccessEntry, ApplicantDetail, ApplicantPage, Caseworker, Overview};
pub use kp_domain::caseworker::{AccessLogCheck, AccountSummary, OutboxMail, Role};
use kp_domain::compensation::{CompensationOverview, CompensationYear, Level, Month, Terms};
use kp_domain::erasure::{Erasure, ErasureFacts, ErasureRecord};
use kp_domain::extract::RegisterExtract;
use kp_domain::matching::Candidate;
use kp_domain::need::Need;
use kp_domain::pipeline::{Event, Stage};
use kp_domain::placement::{
    AssignmentDetail, AssignmentRow, NeedDetail, NeedRow, NeedStatus, NewAssignment,
};
use kp_domain::purpose::Purpose;
use kp_domain::retention::report::{GallringRecord, Hold, StartedBy};
use kp_domain::retention::{Category, RetentionRule, RuleSet};
use kp_domain::security::{AccessKind, SessionInfo};

mod audit;
mod model;
mod report_reminders;
mod retention;
pub use audit::{AuditKeySetting, AuditKeys, KeySource, MIN_KEY_CHARS};
pub use model::*;
pub use report_reminders::*;
pub use retention::{EndedAssignment, RetentionCandidate};
pub mod sqlite_file;

/// Which engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite, one file.
    Sqlite,
    /// PostgreSQL 15 or newer.
    Postgres,
}

// The same files, compiled once per engine: deliberate (see the module's documentation).
#[allow(clippy::duplicate_mod)]
#[path = "engine"]
mod on_sqlite {
    //! The store's SQL compiled for SQLite.
    pub(super) type Db = sqlx::Sqlite;
    pub(super) const ENGINE: super::Dialect = super::Dialect::Sqlite;
    /// An instant as SQLite keeps it: RFC 3339 text in whole seconds (`2026-12-04T10:00:00Z`),
    /// so text order is time order.
    fn at(t: chrono::DateTime<chrono::Utc>) -> String {
        super::stamp(t)
    }
    mod access_log;
    mod accounts;
    mod applicant_list;
    mod applicant_list_sqlite;
    mod applicants;
    mod applications;
    mod assignments;
    mod compensation;
    mod contact_messages;
    mod contact_persons;
    mod core;
    mod correction;
    mod districts;
    mod erasure;
    mod extract;
    mod limits;
    mod monthly_reports;
    mod needs;
    mod outbox;
    mod receipts;
    mod report_reminders;
    mod retention_removal;
    mod retention_rules;
    mod second_factor;
    #[cfg(feature = "test-support")]
    mod seed;
    mod sessions;
    mod single_sign_on;
    pub(super) use self::core::Engine;
}

#[allow(clippy::duplicate_mod)]
#[path = "engine"]
mod on_postgres {
    //! The store's SQL compiled for PostgreSQL.
    pub(super) type Db = sqlx::Postgres;
    pub(super) const ENGINE: super::Dialect = super::Dialect::Postgres;
    /// An instant as PostgreSQL keeps it: `timestamptz`, in whole seconds like SQLite's.
    fn at(t: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
        super::whole_seconds(t)
    }
    mod access_log;
    mod accounts;
    mod applicant_list;
    mod applicant_list_sqlite;
    mod applicants;
    mod applications;
    mod assignments;
    mod compensation;
    mod contact_messages;
    mod contact_persons;
    mod core;
    mod correction;
    mod districts;
    mod erasure;
    mod extract;
    mod limits;
    mod monthly_reports;
    mod needs;
    mod outbox;
    mod receipts;
    mod report_reminders;
    mod retention_removal;
    mod retention_rules;
    mod second_factor;
    #[cfg(feature = "test-support")]
    mod seed;
    mod sessions;
    mod single_sign_on;
    pub(super) use self::core::Engine;
}

/// A handle on the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store(Engines);

#[derive(Clone, Debug)]
enum Engines {
    Sqlite(on_sqlite::Engine),
    Postgres(on_postgres::Engine),
}

/// An instant as the API and the access log's chain write it (`2026-12-04T10:00:00Z`).
pub fn stamp(at: DateTime<Utc>) -> String {
    whole_seconds(at).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `at` without its fraction of a second: what both engines keep.
pub fn whole_seconds(at: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::SubsecRound;
    at.trunc_subsecs(0)
}

impl Store {
    /// [`Store::open_with`] the key the server uses when `KP_AUDIT_KEY` is not set: on SQLite
    /// the key file beside the database (created if missing); on PostgreSQL an error, since
    /// there it must be configured.
    pub async fn open(url: &str) -> anyhow::Result<Store> {
        let (audit, _) = AuditKeys::for_database(&AuditKeySetting::default(), url)?;
        Store::open_with(url, audit).await
    }

    /// Opens (creating if needed) the database at `url` — `sqlite://…` or `postgres://…` — runs
    /// that engine's migrations, and signs the access log with `audit` from now on (an entry
    /// signed with it follows at once when the log's last entry was not; see
    /// [`Store::seal_access_log`]).
    pub async fn open_with(url: &str, audit: AuditKeys) -> anyhow::Result<Store> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(30))
                .connect(url)
                .await
                .with_context(|| format!("connecting to PostgreSQL at {}", redacted(url)))?;
            sqlx::migrate!("./migrations/postgres")
                .run(&pool)
                .await
                .context("running database migrations")?;
            let store = Store(Engines::Postgres(on_postgres::Engine::start(
                pool.clone(),
                pool,
                audit,
            )));
            store.seal_access_log().await?;
            return Ok(store);
        }
        if let Some(file) = sqlite_file_path(url) {
            owner_only_database(file)?;
        }
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| {
                format!("DATABASE_URL is neither a PostgreSQL nor an SQLite URL: {url}")
            })?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            // Deleted content is overwritten with zeros, so a removed applicant does not stay in
            // the file's free pages (see engine/retention_removal.rs).
            .pragma("secure_delete", "ON");
        // Writes go through one dedicated connection: SQLite allows one writer at a time anyway,
        // and queueing writers in the pool (first come, first served) instead of in SQLite's busy
        // handler (which sleeps and retries) keeps the slowest writes close to the typical one.
        // The writer stays open as long as the store does (no idle timeout, no lifetime), so
        // while a server runs it always has the file open, and `kp-server restore` can tell.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await
            .with_context(|| format!("opening the database {url}"))?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&writer)
            .await
            .context("running database migrations")?;
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("opening the database {url}"))?;
        let store = Store(Engines::Sqlite(on_sqlite::Engine::start(
            pool, writer, audit,
        )));
        store.seal_access_log().await?;
        Ok(store)
    }

    /// The engine this store runs on.
    pub fn dialect(&self) -> Dialect {
        match self.0 {
            Engines::Sqlite(_) => Dialect::Sqlite,
            Engines::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Closes the pools, waiting for connections to finish (graceful shutdown).
    pub async fn close(&self) {
        match &self.0 {
            Engines::Sqlite(e) => e.close().await,
            Engines::Postgres(e) => e.close().await,
        }
    }
}

/// Each line is one store call, answered by the engine the store runs on.
macro_rules! calls {
    ($( $(#[$attr:meta])* fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty; )*) => {
        impl Store {$(
            $(#[$attr])*
            pub async fn $name(&self $(, $arg: $ty)*) -> Result<$ret, sqlx::Error> {
                match &self.0 {
                    Engines::Sqlite(e) => e.$name($($arg),*).await,
                    Engines::Postgres(e) => e.$name($($arg),*).await,
                }
            }
        )*}
    };
}

calls! {
    /// Checks that the database answers a query.
    fn ping() -> ();

    // Applications and their mails (engine/applications.rs, engine/outbox.rs).
    /// Stores an application and its mails in one transaction, committed before this returns. A
    /// second submission with the same idempotency key — on this process or another — returns the
    /// first one's receipt, or `KeyConflict` if its content differs.
    fn submit_application(key: &str, request_hash: &str, application: &ValidApplication, received_at: DateTime<Utc>, mails: MailMaker) -> Submitted;
    /// Whether an application was stored with this idempotency key.
    fn idempotency_key_used(key: &str) -> bool;
    /// How many applications are stored (for tests and the benchmark).
    fn count_applications() -> i64;
    /// One stored application's (first_name, motivation, locale), by reference.
    fn application_summary(reference: &str) -> Option<(String, String, String)>;
    /// The outbox's mails for an application, oldest first.
    fn mails_for(reference: &str) -> Vec<StoredMail>;
    /// Claims up to `limit` mails due at `now` for `lease` (no other worker gets them meanwhile).
    fn claim_due_mails(now: DateTime<Utc>, lease: chrono::Duration, limit: i64) -> Vec<DueMail>;
    /// Records a sent mail.
    fn mail_sent(id: i64, at: DateTime<Utc>) -> ();
    /// Records a failed attempt: try again at `retry_at`, or give up (`failed`) when `None`.
    fn mail_attempt_failed(id: i64, error: &str, retry_at: Option<DateTime<Utc>>) -> ();
    /// The mail outbox, newest first: what was sent, what waits, what failed and why.
    fn outbox(limit: i64) -> Vec<OutboxMail>;

    // Accounts and sessions (engine/accounts.rs, engine/sessions.rs).
    /// Creates the account, or brings an existing one with that e-mail to this password, role
    /// and active state. Used for the demo account at start-up.
    fn upsert_account(email: &str, display_name: &str, password_hash: &str, role: Role) -> i64;
    /// An account's e-mail, by id (active or not).
    fn account_email(id: i64) -> Option<String>;
    /// The role of an active account, by e-mail.
    fn active_role(email: &str) -> Option<Role>;
    /// The active account with this e-mail, for signing in.
    fn account_for_sign_in(email: &str) -> Option<Account>;
    /// Every account, with its live sessions (none idle longer than `idle` at `now`).
    fn accounts(now: DateTime<Utc>, idle: chrono::Duration) -> Vec<AccountSummary>;
    /// Changes an account's role, active state or password hash (then temporary); false if there
    /// is no such account.
    fn update_account(id: i64, role: Option<Role>, active: Option<bool>, password_hash: Option<&str>) -> bool;
    /// An administrator's new account, logged in the same transaction (`log.record` is followed
    /// by the new id).
    fn create_account(email: &str, display_name: &str, password_hash: &str, role: Role, must_change_password: bool, log: &LogEntry<'_>) -> i64;
    /// An administrator's change to an account (a deactivation or a new password ends its
    /// sessions), logged in the same transaction; false if there is no such account.
    fn change_account(id: i64, role: Option<Role>, active: Option<bool>, password_hash: Option<&str>, log: &LogEntry<'_>) -> bool;
    /// Active accounts, by name: whom an applicant can be assigned to.
    fn caseworkers() -> Vec<Caseworker>;
    /// Sets an account's own new password, ends its other sessions than `keep`, and logs it, in
    /// one transaction.
    fn set_own_password(id: i64, password_hash: &str, keep: &str, log: &LogEntry<'_>) -> ();
    /// Marks an account as the demo account and/or as having a temporary password.
    fn mark_account(id: i64, demo: bool, must_change_password: bool) -> ();
    /// Stores a new session and logs the sign-in, in one transaction.
    fn create_session(session: &NewSession<'_>, log: &LogEntry<'_>) -> ();
    /// The account behind a live session.
    fn session_account(token_hash: &str, now: DateTime<Utc>, idle: chrono::Duration) -> Option<SessionAccount>;
    /// Whether a session with this token exists and has not been marked as ended.
    fn session_unended(token_hash: &str) -> bool;
    /// Records activity on a session, at most once per `granularity`.
    fn touch_session(token_hash: &str, now: DateTime<Utc>, granularity: chrono::Duration) -> ();
    /// Ends one live session (with its log entry, if any, in the same transaction); false when
    /// it had already ended.
    fn end_session(token_hash: &str, reason: SessionEnd, log: Option<&LogEntry<'_>>) -> bool;
    /// Ends every live session of an account except `keep`; how many ended.
    fn end_sessions_of(user_id: i64, keep: Option<&str>, reason: SessionEnd, log: Option<&LogEntry<'_>>) -> u64;
    /// The token hash of one of `user_id`'s live sessions, by its public id.
    fn session_by_public_id(user_id: i64, public_id: &str) -> Option<String>;
    /// An account's live sessions, most recently used first.
    fn sessions_of(user_id: i64, current: &str, now: DateTime<Utc>, idle: chrono::Duration) -> Vec<SessionInfo>;
    /// Ends the sessions that ran out at `now` (all, or only `token_hash`) and logs each.
    fn expire_sessions(now: DateTime<Utc>, idle: chrono::Duration, token_hash: Option<&str>) -> usize;

    // The contact person's own area (engine/contact_persons.rs).
    /// The contact people an e-mail address belongs to, each by their latest approved
    /// application.
    fn contact_persons_by_email(email: &str, who: ContactEligibility) -> Vec<ContactPerson>;
    /// The contact person with a personnummer, if they may use the area today.
    fn contact_person(personnummer: &str, who: ContactEligibility) -> Option<ContactPerson>;
    /// Stores a sign-in link by its token's hash, logged.
    fn create_contact_link(token_hash: &str, person: &ContactPerson, now: DateTime<Utc>, expires: DateTime<Utc>, address: &str) -> ();
    /// Takes a sign-in link once and starts its session, logged; `None` if it cannot sign in.
    fn sign_in_with_contact_link(token_hash: &str, session: &NewContactSession<'_>, who: ContactEligibility) -> Option<ContactPerson>;
    /// Starts a contact session for a person signed in with e-legitimation, logged.
    fn start_contact_session(person: &ContactPerson, session: &NewContactSession<'_>) -> ();
    /// A live contact session's person and sign-in method; marks it used.
    fn contact_session(token_hash: &str, now: DateTime<Utc>, idle: chrono::Duration, who: ContactEligibility) -> Option<(ContactPerson, String)>;
    /// Ends a contact session, logged.
    fn end_contact_session(token_hash: &str, log: &LogEntry<'_>) -> ();
    /// Removes contact sessions that ran out and old links; how many sessions.
    fn sweep_contact_sessions(now: DateTime<Utc>, idle: chrono::Duration) -> u64;
    /// A contact person's own assignments across their applications, ongoing first.
    fn assignments_of_person(personnummer: &str, today: NaiveDate) -> Vec<AssignmentRow>;
    /// The personnummer of an assignment's contact person.
    fn assignment_personnummer(assignment_id: i64) -> Option<String>;
    /// Records an acceptance of an agreement text (by its hash), logged; `false` if that text
    /// was accepted already.
    fn accept_agreement(assignment_id: i64, hash: &str, text: &str, method: &str, now: DateTime<Utc>, log: &LogEntry<'_>) -> bool;
    /// An assignment's agreement acceptances, oldest first.
    fn agreement_acceptances(assignment_id: i64) -> Vec<AcceptanceRecord>;

    // Messages between contact persons and the social services (engine/contact_messages.rs).
    /// Adds a message to an assignment's thread, logged; its id.
    #[allow(clippy::too_many_arguments)]
    fn add_message(assignment_id: i64, from_contact_person: bool, author_user_id: Option<i64>, worry: bool, body: &str, now: DateTime<Utc>, log: &LogEntry<'_>) -> i64;
    /// An assignment's thread read by one side: the other side's messages marked read, logged
    /// with the read's purpose.
    #[allow(clippy::too_many_arguments)]
    fn read_thread(assignment_id: i64, by_contact_person: bool, contact_name: &str, now: DateTime<Utc>, log: &LogEntry<'_>, purpose: Option<Purpose>) -> Vec<kp_domain::messages::Message>;
    /// Threads with unread messages from their contact person, worries first.
    fn unread_threads() -> Vec<UnreadMessages>;

    // Receipts for a report's extra costs (engine/receipts.rs).
    /// Stores a receipt for a month while its report may be changed and holds fewer than `most`,
    /// logged.
    fn add_receipt(assignment_id: i64, month: Month, receipt: &NewReceipt<'_>, most: i64, now: DateTime<Utc>, log: &LogEntry<'_>) -> ReceiptAdded;
    /// A month's receipts (not their bytes), oldest first.
    fn receipts_of(assignment_id: i64, month: Month) -> Vec<kp_domain::receipt::Receipt>;
    /// A receipt's file, if it is the month's, read and logged (with the purpose) in one
    /// transaction.
    fn receipt_file(assignment_id: i64, month: Month, token: &str, log: &LogEntry<'_>, purpose: Option<Purpose>) -> Option<ReceiptFile>;
    /// Removes a month's receipt while its report may be changed, logged.
    fn remove_receipt(assignment_id: i64, month: Month, token: &str, now: DateTime<Utc>, log: &LogEntry<'_>) -> ReceiptRemoved;

    // Monthly reports (engine/monthly_reports.rs).
    /// An assignment's report for a month, if one was saved.
    fn monthly_report(assignment_id: i64, month: Month) -> Option<ReportRecord>;
    /// Every assignment's reports: assignment id, month, status and first sending.
    fn all_report_statuses() -> Vec<(i64, Month, kp_domain::monthly_report::ReportStatus, Option<DateTime<Utc>>)>;
    /// Every month an assignment has a report for: status and first sending.
    fn report_statuses(assignment_id: i64) -> Vec<(Month, kp_domain::monthly_report::ReportStatus, Option<DateTime<Utc>>)>;
    /// Saves (or sends) a report if it is the contact person's to change, logged; sent only if
    /// its costs' receipts are the month's.
    fn save_monthly_report(assignment_id: i64, month: Month, report: &kp_domain::monthly_report::MonthlyReport, submit: bool, now: DateTime<Utc>, log: &LogEntry<'_>) -> ReportSaved;
    /// Approves or returns a sent report, logged; `false` if it is not sent.
    #[allow(clippy::too_many_arguments)]
    fn review_monthly_report(assignment_id: i64, month: Month, approve: bool, comment: Option<&str>, user_id: i64, now: DateTime<Utc>, log: &LogEntry<'_>) -> bool;
    /// Sent reports waiting for review, oldest first.
    fn reports_waiting() -> Vec<WaitingReport>;
    /// The reports a month's payment basis reads: the month's own, and those approved from
    /// `from` until before `until`.
    fn payment_reports(month: Month, from: DateTime<Utc>, until: DateTime<Utc>) -> Vec<PaymentReport>;

    // Reminders of the monthly report (engine/report_reminders.rs).
    /// The assignments covering a day from `since`'s first day to `today` whose contact person
    /// is approved, with their reports and reminders from `since` on.
    fn reminder_facts(since: Month, today: NaiveDate) -> Vec<ReminderAssignment>;
    /// Queues a reminder mail with its rows and access-log entry in one transaction; `false`
    /// when each of its reminders was queued before or its report is sent by now.
    fn queue_reminder(mail: &ReminderMail, now: DateTime<Utc>) -> bool;

    // Single sign-on through the identity provider (engine/single_sign_on.rs).
    /// Stores a sign-in started at the provider (by its state's hash); sweeps the ones that ran
    /// out.
    fn begin_provider_sign_in(state_hash: &str, nonce: &str, pkce_verifier: &str, expires: DateTime<Utc>) -> ();
    /// Takes a started sign-in once: its (nonce, PKCE verifier), if it has not run out.
    fn take_provider_sign_in(state_hash: &str, now: DateTime<Utc>) -> Option<(String, String)>;
    /// Finds, links or creates the account of a verified identity, gives it the claim's role and
    /// starts the session, all logged in one transaction; or says why not.
    fn sign_in_via_provider(who: &ProviderIdentity<'_>, session: &NewSession<'_>) -> ProviderOutcome;

    // Second factors and the code step of signing in (engine/second_factor.rs).
    /// An account's second factor, pending enrolment and recovery codes left.
    fn second_factor(user_id: i64) -> Option<SecondFactor>;
    /// Keeps a secret shown for enrolment until it is confirmed.
    fn set_pending_second_factor(user_id: i64, secret: &str) -> ();
    /// Switches the pending `secret` on with `step` used, replaces the recovery codes, logs it;
    /// false if the pending secret is no longer `secret`.
    fn enable_second_factor(user_id: i64, secret: &str, step: i64, recovery_hashes: &[String], log: &LogEntry<'_>) -> bool;
    /// Takes a code's time step: true once, for a step later than any used before.
    fn use_code_step(user_id: i64, step: i64) -> bool;
    /// Uses a recovery code (by its hash): true once.
    fn use_recovery_code(user_id: i64, code_hash: &str, now: DateTime<Utc>) -> bool;
    /// Removes an account's second factor and recovery codes, ends its sessions, logs it.
    fn reset_second_factor(user_id: i64, log: &LogEntry<'_>) -> bool;
    /// Stores a code-step challenge after a correct password.
    fn create_challenge(token_hash: &str, user_id: i64, now: DateTime<Utc>, expires: DateTime<Utc>) -> ();
    /// The account behind a live challenge, and its wrong codes so far.
    fn challenge(token_hash: &str, now: DateTime<Utc>) -> Option<(i64, i64)>;
    /// Counts and logs a wrong code; whether the challenge is still open (it ends at `max`).
    fn challenge_failed(token_hash: &str, max: i64, log: &LogEntry<'_>) -> bool;
    /// Ends the challenge and starts the session, logged, at once; false if already used.
    fn complete_challenge(token_hash: &str, session: &NewSession<'_>, logs: &[LogEntry<'_>]) -> bool;

    // Shared limits and scheduled jobs (engine/limits.rs).
    /// A sliding window's events for `key` after `since`.
    fn window_state(bucket: &str, key: &str, since: DateTime<Utc>) -> WindowState;
    /// Records event `tag` for `key` unless the window is full: the count afterwards, or the
    /// state that refused it. With `once`, a tag already counted passes without counting again.
    fn window_record(event: &RateEvent<'_>, limit: i64, since: DateTime<Utc>, once: bool) -> Result<i64, WindowState>;
    /// Removes one event (a reservation that turned out not to count).
    fn window_release(bucket: &str, key: &str, tag: &str) -> ();
    /// Forgets a key's events.
    fn window_clear(bucket: &str, key: &str) -> ();
    /// Deletes events older than any window; how many.
    fn window_sweep(before: DateTime<Utc>) -> u64;
    /// Claims the run of `job` due at `now` (true for exactly one caller per due time).
    fn claim_job(job: &str, now: DateTime<Utc>, next: DateTime<Utc>) -> bool;

    // The access log (engine/access_log.rs).
    /// Appends to the access log, chained to the previous entry's hash and signed with the key.
    fn log_access(entry: &LogEntry<'_>) -> ();
    /// [`Store::log_access`] for a read of personal data, with why (`None`: the reader gave no
    /// purpose); the purpose is signed with the entry.
    fn log_read(entry: &LogEntry<'_>, purpose: Option<Purpose>) -> ();
    /// Writes an entry signed with the current key when the log's last entry was not (plain
    /// SHA-256 entries from before keys, or another key); whether it did. `open` calls it.
    fn seal_access_log() -> bool;
    /// Recomputes the access log's chain from its checkpoint, streaming the entries.
    fn verify_access_log() -> AccessLogCheck;
    /// Removes the oldest entries up to `bound` (never the newest) and moves the signed
    /// checkpoint to the last one removed; logs the pruning as done by `user_id`/`user_name`
    /// from `address`. The only way entries leave the log.
    fn prune_access_log(bound: PruneBound, user_id: i64, user_name: &str, address: &str) -> Pruned;
    /// Access-log entries, newest first, filtered.
    fn access_log(user_id: Option<i64>, record: Option<&str>, from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>, limit: i64, kind: AccessKind) -> Vec<AccessEntry>;

    // Applicants (engine/applicant_list.rs, engine/applicants.rs).
    /// A page of applicants matching the filter.
    fn list_applicants(f: &ApplicantFilter) -> ApplicantPage;
    /// [`Store::list_applicants`] with other limits.
    fn list_applicants_within(f: &ApplicantFilter, limits: ListLimits) -> ApplicantPage;
    /// An applicant's id, stage and recorded events.
    fn applicant_state(reference: &str) -> Option<(i64, Stage, Vec<Event>)>;
    /// Records an event and the stage it leads to, if the stage is still `expected`, logged in
    /// the same transaction.
    fn record_event(application_id: i64, user_id: i64, expected: Stage, event: &Event, stage_after: Stage, log: &LogEntry<'_>) -> bool;
    /// Assigns an applicant to a caseworker (or nobody), logged in the same transaction; false
    /// if there is no such applicant.
    fn assign(reference: &str, user_id: Option<i64>, log: &LogEntry<'_>) -> bool;
    /// An applicant with every answer and the timeline.
    fn applicant_detail(reference: &str) -> Option<ApplicantDetail>;
    /// The overview for a caseworker on `today`.
    fn overview(user_id: i64, today: NaiveDate) -> Overview;

    // The person's rights (engine/extract.rs, engine/correction.rs).
    /// Everything stored about the person with this personnummer (canonical) and every access-log
    /// entry about them, logged as produced by `user_id`/`user_name` from `address` in the same
    /// transaction (without the number when nobody has it); the payments left to the caller.
    fn register_extract(personnummer: &str, user_id: i64, user_name: &str, address: &str, today: NaiveDate) -> RegisterExtract;
    /// [`Store::register_extract`], its entries recording `purpose`.
    fn register_extract_for(personnummer: &str, user_id: i64, user_name: &str, address: &str, today: NaiveDate, purpose: Option<Purpose>) -> RegisterExtract;
    /// An applicant's answers as stored.
    fn applicant_answers(reference: &str) -> Option<ApplicationForm>;
    /// Stores corrected answers if they are still `before`, with the correction event and the
    /// access-log entry, in one transaction; false (nothing written) if they changed meanwhile.
    fn correct_applicant(reference: &str, before: &ApplicationForm, after: &ApplicationForm, event: &Event, user_id: i64, log: &LogEntry<'_>) -> bool;

    // Needs and assignments (engine/needs.rs, engine/assignments.rs).
    /// Registers a need; its reference and whether it is new. Logged in the same transaction,
    /// `log.record` followed by the reference.
    fn create_need(need: &Need, user_id: i64, log: &LogEntry<'_>) -> (String, bool);
    /// Every need, open ones first.
    fn needs(today: NaiveDate) -> Vec<NeedRow>;
    /// A need's id, content and status.
    fn need(reference: &str) -> Option<(i64, Need, NeedStatus)>;
    /// A need with its history and assignment.
    fn need_detail(reference: &str, today: NaiveDate) -> Option<NeedDetail>;
    /// The open needs with what they ask for, oldest first.
    fn open_needs() -> Vec<(String, Need)>;
    /// Approved contact people as matching sees them.
    fn candidates() -> Vec<Candidate>;
    /// An applicant's id and approved assignment types (`None` unless approved).
    fn approved_applicant(reference: &str) -> Option<(i64, Vec<String>)>;
    /// Creates the assignment for an open need and marks the need matched (logged, one
    /// transaction).
    fn create_assignment(need_id: i64, application_id: i64, new: &NewAssignment, user_id: i64, summary: &str, log: &LogEntry<'_>) -> Result<i64, AssignRefusal>;
    /// Every assignment, ongoing first.
    fn assignments(today: NaiveDate) -> Vec<AssignmentRow>;
    /// One assignment with everything about it.
    fn assignment_detail(id: i64, today: NaiveDate) -> Option<AssignmentDetail>;
    /// What the rules need to know about an assignment.
    fn assignment_state(id: i64) -> Option<AssignmentState>;
    /// Writes the plan of an ongoing assignment (logged, one transaction); false if it has
    /// ended meanwhile.
    fn set_plan(id: i64, need_id: i64, plan: &Plan, user_id: i64, log: &LogEntry<'_>) -> bool;
    /// Records a follow-up (once; logged each time, in its transaction).
    fn add_follow_up(id: i64, need_id: i64, follow_up: &FollowUp, user_id: i64, log: &LogEntry<'_>) -> ();
    /// Adds a change of terms to an ongoing assignment (logged, one transaction).
    #[allow(clippy::too_many_arguments)]
    fn change_terms(id: i64, need_id: i64, terms: &Terms, reason: &str, user_id: i64, summary: &str, log: &LogEntry<'_>) -> bool;
    /// Ends an ongoing assignment and closes its need (logged, one transaction).
    fn end_assignment(id: i64, need_id: i64, ending: &Ending, user_id: i64, log: &LogEntry<'_>) -> bool;
    /// The assignments that touch `month`, with what the payment basis needs.
    fn payment_inputs(month: Month) -> Vec<PaymentInput>;

    // Districts (engine/districts.rs).
    /// Every district, active ones first, retired ones after.
    fn districts() -> Vec<kp_domain::district::District>;
    /// Adds a district (`id` `None`) or changes an active one, logged in the same transaction
    /// (the record gets the id): its id, or what the stored districts refuse.
    fn save_district(id: Option<i64>, district: &kp_domain::district::ValidDistrict, log: &LogEntry<'_>) -> Result<i64, Vec<kp_domain::api::FieldError>>;
    /// Retires an active district, logged in the same transaction; false if there is none.
    fn retire_district(id: i64, log: &LogEntry<'_>) -> bool;

    // Retention, gallring (engine/retention_rules.rs, engine/retention_removal.rs).
    /// The rules administrators have changed (the other categories have their default).
    fn retention_rules() -> Vec<RetentionRule>;
    /// Sets a category's rule and logs it (`log`'s user), in one transaction.
    fn set_retention_rule(category: Category, amount: u32, decision: &str, log: &LogEntry<'_>) -> ();
    /// Every hold, those in force first.
    fn retention_holds() -> Vec<Hold>;
    /// Places a hold on an applicant and logs it, in one transaction; `None`: no such applicant.
    fn place_hold(reference: &str, reason: &str, log: &LogEntry<'_>) -> Option<i64>;
    /// The applicant a hold is on, and whether it is in force.
    fn hold_subject(id: i64) -> Option<(String, bool)>;
    /// Releases a hold in force and logs it, in one transaction; false if it was not in force.
    fn release_hold(id: i64, log: &LogEntry<'_>) -> bool;
    /// Starts a run's gallring record of one category (no personal data: counts and the rule).
    fn begin_gallring_record(rule: &RetentionRule, as_of: NaiveDate, started_by: StartedBy, removed: i64) -> i64;
    /// Drops a gallring record that counted nothing.
    fn discard_empty_gallring_record(id: i64) -> ();
    /// The latest gallring records, newest first.
    fn gallring_records(limit: i64) -> Vec<GallringRecord>;
    /// What the rules need to know about each applicant received before `received_before`.
    fn retention_candidates(received_before: DateTime<Utc>) -> Vec<RetentionCandidate>;
    /// The assignments that ended on or before `ended_by`.
    fn ended_assignments(ended_by: NaiveDate) -> Vec<EndedAssignment>;
    /// Removes an applicant and all that hangs from it if still due under `category` on `as_of`
    /// and not held, counted in gallring record `record_id` and logged, in one transaction.
    fn remove_applicant(id: i64, category: Category, rules: &RuleSet, as_of: NaiveDate, record_id: i64) -> bool;
    /// Removes an ended assignment with its events, terms and need, likewise.
    fn remove_assignment(id: i64, rules: &RuleSet, as_of: NaiveDate, record_id: i64) -> bool;
    /// How many sessions, attempts, sent mails or access-log entries (by `category`) date from
    /// before `before`.
    fn count_old(category: Category, before: DateTime<Utc>) -> i64;
    /// Removes them (not the access log's: `prune_access_log`) in one transaction, counted in
    /// gallring record `record_id`; how many.
    fn remove_old(category: Category, before: DateTime<Utc>, record_id: i64) -> u64;
    /// Makes the removed rows' space go (SQLite: checkpoint and truncate the write-ahead log;
    /// PostgreSQL: VACUUM); what was done.
    fn reclaim_space() -> String;

    // Erasure, GDPR art. 17 (engine/erasure.rs).
    /// What decides whether applicant `reference` may be erased; `None`: no such applicant.
    fn erasure_facts(reference: &str) -> Option<ErasureFacts>;
    /// Erases applicant `reference` as gallring removes one, if nothing stops it on `today`
    /// under `rules` (checked again under the row's lock), with its record (nothing of the
    /// person) and `log`'s entry, in one transaction.
    fn erase_applicant(reference: &str, erasure: &Erasure, rules: &RuleSet, today: NaiveDate, now: DateTime<Utc>, log: &LogEntry<'_>) -> ErasureOutcome;
    /// The latest `limit` erasure records, newest first.
    fn erasure_records(limit: i64) -> Vec<ErasureRecord>;

    // Compensation (engine/compensation.rs).
    /// The levels in force in `year`, with the prisbasbelopp they were set against.
    fn compensation_overview(year: i32) -> Option<CompensationOverview>;
    /// Sets one level for a year.
    fn set_compensation_level(year: i32, level: Level) -> ();
    /// The prisbasbelopp of a year.
    fn price_base(year: i32) -> Option<i64>;
    /// Records a year's prisbasbelopp, with its source.
    fn set_price_base(year: i32, kronor: i64, source: &str) -> ();
    /// Every year's prisbasbelopp and levels, newest first.
    fn compensation_years() -> Vec<CompensationYear>;
    /// Replaces a year's prisbasbelopp and levels, logged, in one transaction.
    fn set_compensation_year(data: &CompensationYear, log: &LogEntry<'_>) -> ();
    /// The levels in force in `year`.
    fn levels_in_force(year: i32) -> Vec<Level>;
}

// Only for tests and benchmarks: compiled into the API tests and the examples (feature
// `test-support`), never into the server the quick start or a municipality runs.
#[cfg(feature = "test-support")]
calls! {
    /// Changes an access-log entry's record, first dropping the append-only guard when
    /// `remove_guard` (as someone with file access could).
    fn tamper_with_access_log(id: i64, remove_guard: bool) -> ();
    /// Changes entry `id` and recomputes the plain SHA-256 chain from it through entry
    /// `through`, as someone without the key would (keeping each entry's key id, or marking
    /// them unsigned).
    fn rechain_access_log(id: i64, through: i64, as_unsigned: bool) -> ();
    /// Sets an access-log entry's purpose code (`None`: NULL), dropping the append-only guard.
    fn tamper_with_access_log_purpose(id: i64, purpose: Option<&str>) -> ();
    /// Changes the access log checkpoint's hash.
    fn tamper_with_access_log_checkpoint() -> ();
    /// Deletes one access-log entry (the guard refuses unless the checkpoint covers it).
    fn delete_access_log_entry(id: i64) -> ();
    /// Makes every later append of `action` to the access log fail.
    fn refuse_access_log_appends(action: &str) -> ();
    /// Fills the database with `count` synthetic applicants (deterministic).
    fn seed_synthetic_applicants(count: i64) -> ();
    /// Moves an application's arrival back in time.
    fn backdate_application(reference: &str, received_at: DateTime<Utc>) -> ();
    /// Moves a session's last activity back.
    fn age_session(token_hash: &str, last_seen: DateTime<Utc>) -> ();
    /// Writes `code` as an applicant's stage as it stands, known code or not (a row gone bad).
    fn put_raw_stage(reference: &str, code: &str) -> ();
    /// SQLite's journal mode (`wal` expected); PostgreSQL answers `postgres`.
    fn journal_mode() -> String;
    /// Every row of every table as text, with its table's name.
    fn rows_as_text() -> Vec<(String, String)>;
    /// Moves every instant of an applicant's record `days` back.
    fn age_applicant(reference: &str, days: i64) -> ();
    /// Writes a month's report in `status`, as if first sent and reviewed at those instants (a
    /// late report, a late approval).
    fn seed_report(assignment_id: i64, month: Month, status: kp_domain::monthly_report::ReportStatus, report: &kp_domain::monthly_report::MonthlyReport, first_submitted_at: Option<DateTime<Utc>>, reviewed_at: Option<DateTime<Utc>>) -> ();
}

/// The access log's plain chain hash, as entries were written before the chain was keyed (and as
/// someone without the key can compute): SHA-256 over the previous hash and this entry's
/// fields, each length-prefixed so no two different entries can produce the same input. New
/// entries are signed instead (`audit.rs`).
pub fn access_hash(
    prev: &str,
    at: &str,
    user_id: i64,
    user_name: &str,
    action: &str,
    record: &str,
    address: &str,
) -> String {
    use sha2::Digest;
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

/// A database URL with its password replaced, for messages.
pub(crate) fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Makes sure the SQLite database at `file` is readable by its owner only (0600 on Unix), before
/// SQLite opens it: a new file is created empty with that mode (SQLite takes an empty file as a
/// new database, and gives its `-wal` and `-shm` the database file's mode), a new folder gets
/// 0700, and an existing file that others could read (made before this rule) is narrowed, with
/// a warning.
fn owner_only_database(file: &Path) -> anyhow::Result<()> {
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(dir)
            .with_context(|| format!("creating the database folder {}", dir.display()))?;
    }
    match sqlite_file::create_owner_only(file) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            sqlite_file::narrow_to_owner(file)
                .with_context(|| format!("making {} readable by its owner only", file.display()))
        }
        Err(e) => Err(e).with_context(|| format!("creating the database {}", file.display())),
    }
}

/// The file path inside an SQLite URL (`sqlite://data/x.db?mode=rwc` → `data/x.db`).
pub fn sqlite_file_path(url: &str) -> Option<&Path> {
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

    #[test]
    fn a_postgres_url_is_shown_without_its_password() {
        assert_eq!(
            redacted("postgres://kp:secret@db.example:5432/kp"),
            "postgres://kp:***@db.example:5432/kp"
        );
        assert_eq!(
            redacted("postgres://kp@127.0.0.1/kp"),
            "postgres://kp@127.0.0.1/kp"
        );
    }

    #[test]
    fn an_instant_is_stamped_in_whole_seconds_with_z() {
        let at = DateTime::parse_from_rfc3339("2026-12-04T10:00:00.987+01:00")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(stamp(at), "2026-12-04T09:00:00Z");
    }
}
