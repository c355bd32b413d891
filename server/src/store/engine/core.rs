//! The engine's handle: its pools and the writer task that group-commits applications (see
//! `applications.rs`). Compiled once per engine (`Db`), like every file in this folder.

use std::sync::Arc;

use sqlx::Pool;
use tokio::sync::mpsc;

use super::applications::{run_writer, WriteJob};
use super::{Db, ENGINE};
use crate::store::audit::AuditKeys;
use crate::store::Dialect;

/// A connection of this engine, for helpers that run inside a caller's transaction.
pub(super) type Conn = <Db as sqlx::Database>::Connection;

/// The store on one engine; cheap to clone.
#[derive(Clone, Debug)]
pub(crate) struct Engine {
    /// Reads (and, on PostgreSQL, writes).
    pub(super) pool: Pool<Db>,
    /// Writes. On SQLite one dedicated connection (one writer at a time anyway); on PostgreSQL
    /// the same pool as reads.
    pub(super) writer: Pool<Db>,
    /// Applications waiting for the writer task.
    pub(super) jobs: mpsc::Sender<WriteJob>,
    /// The keys that sign and verify the access log (never stored in the database).
    pub(super) audit: Arc<AuditKeys>,
}

impl Engine {
    /// Starts the writer task over `writer` and answers the handle.
    pub(crate) fn start(pool: Pool<Db>, writer: Pool<Db>, audit: AuditKeys) -> Engine {
        let (jobs, queue) = mpsc::channel(1024);
        let audit = Arc::new(audit);
        tokio::spawn(run_writer(writer.clone(), queue));
        Engine {
            pool,
            writer,
            jobs,
            audit,
        }
    }

    pub(crate) async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    pub(crate) async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }

    #[cfg(feature = "test-support")]
    pub(crate) async fn journal_mode(&self) -> Result<String, sqlx::Error> {
        match ENGINE {
            Dialect::Sqlite => {
                sqlx::query_scalar("PRAGMA journal_mode")
                    .fetch_one(&self.pool)
                    .await
            }
            Dialect::Postgres => Ok("postgres".into()),
        }
    }
}

/// A JSON object's member `key` of `column`, as text (`$.key` in SQLite, `->>` in PostgreSQL).
pub(super) fn json_text(column: &str, key: &str) -> String {
    match ENGINE {
        Dialect::Sqlite => format!("json_extract({column}, '$.{key}')"),
        Dialect::Postgres => format!("({column}->>'{key}')"),
    }
}

/// A JSON object's boolean member `key` of `column`, as a boolean.
pub(super) fn json_bool(column: &str, key: &str) -> String {
    match ENGINE {
        Dialect::Sqlite => format!("json_extract({column}, '$.{key}')"),
        Dialect::Postgres => format!("({column}->'{key}')::boolean"),
    }
}

/// `expr` in an order that ignores case.
pub(super) fn nocase(expr: &str) -> String {
    match ENGINE {
        Dialect::Sqlite => format!("{expr} COLLATE NOCASE"),
        Dialect::Postgres => format!("lower({expr})"),
    }
}

/// `expr` compared byte by byte (what an index made `COLLATE "C"` serves on PostgreSQL; SQLite's
/// default collation already is).
pub(super) fn bytewise(expr: &str) -> String {
    match ENGINE {
        Dialect::Sqlite => expr.to_string(),
        Dialect::Postgres => format!("{expr} COLLATE \"C\""),
    }
}

/// A JSON object's member `key` of `column` holding a date (`YYYY-MM-DD`), as a date.
pub(super) fn json_date(column: &str, key: &str) -> String {
    match ENGINE {
        Dialect::Sqlite => format!("json_extract({column}, '$.{key}')"),
        Dialect::Postgres => format!("({column}->>'{key}')::date"),
    }
}
