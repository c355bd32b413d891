//! Shared limits (`rate_events`) and scheduled jobs (`job_runs`): what several server processes
//! must count or do together. A limit is a sliding window of events per key; recording one is a
//! check and an insert in one transaction, serialised per key (SQLite: the one writer;
//! PostgreSQL: a transaction-scoped advisory lock on the key), so however many requests arrive
//! at once on however many processes, no more than the limit pass.

use chrono::{DateTime, Utc};

use super::core::{Conn, Engine};
use super::{at, ENGINE};
use crate::store::{Dialect, RateEvent, WindowState};

async fn state(
    conn: &mut Conn,
    bucket: &str,
    key: &str,
    since: DateTime<Utc>,
) -> Result<WindowState, sqlx::Error> {
    sqlx::query_as(
        "SELECT COUNT(*) AS count, MIN(at) AS oldest FROM rate_events
         WHERE bucket = $1 AND key = $2 AND at > $3",
    )
    .bind(bucket)
    .bind(key)
    .bind(at(since))
    .fetch_one(&mut *conn)
    .await
}

impl Engine {
    pub(crate) async fn window_state(
        &self,
        bucket: &str,
        key: &str,
        since: DateTime<Utc>,
    ) -> Result<WindowState, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        state(&mut conn, bucket, key, since).await
    }

    /// Records `event` unless `limit` events of its key lie after `since`: the count
    /// afterwards, or the state that refused it (nothing recorded then). With `once`, a tag
    /// already in the window is not recorded again and always passes.
    pub(crate) async fn window_record(
        &self,
        event: &RateEvent<'_>,
        limit: i64,
        since: DateTime<Utc>,
        once: bool,
    ) -> Result<Result<i64, WindowState>, sqlx::Error> {
        let RateEvent {
            bucket,
            key,
            tag,
            at: now,
        } = *event;
        let mut tx = self.writer.begin().await?;
        if ENGINE == Dialect::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                .bind(format!("{bucket}|{key}"))
                .execute(&mut *tx)
                .await?;
        }
        let found = state(&mut tx, bucket, key, since).await?;
        if once {
            let seen: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM rate_events
                 WHERE bucket = $1 AND key = $2 AND tag = $3 AND at > $4",
            )
            .bind(bucket)
            .bind(key)
            .bind(tag)
            .bind(at(since))
            .fetch_one(&mut *tx)
            .await?;
            if seen > 0 {
                return Ok(Ok(found.count));
            }
        }
        if found.count >= limit {
            return Ok(Err(found));
        }
        sqlx::query("INSERT INTO rate_events (bucket, key, tag, at) VALUES ($1, $2, $3, $4)")
            .bind(bucket)
            .bind(key)
            .bind(tag)
            .bind(at(now))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Ok(found.count + 1))
    }

    /// Removes event `tag` of `key` (a reservation that turned out not to count).
    pub(crate) async fn window_release(
        &self,
        bucket: &str,
        key: &str,
        tag: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM rate_events WHERE bucket = $1 AND key = $2 AND tag = $3")
            .bind(bucket)
            .bind(key)
            .bind(tag)
            .execute(&self.writer)
            .await
            .map(|_| ())
    }

    /// Forgets `key`'s events.
    pub(crate) async fn window_clear(&self, bucket: &str, key: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM rate_events WHERE bucket = $1 AND key = $2")
            .bind(bucket)
            .bind(key)
            .execute(&self.writer)
            .await
            .map(|_| ())
    }

    /// Deletes events older than `before` (no window reaches back that far); how many.
    pub(crate) async fn window_sweep(&self, before: DateTime<Utc>) -> Result<u64, sqlx::Error> {
        sqlx::query("DELETE FROM rate_events WHERE at <= $1")
            .bind(at(before))
            .execute(&self.writer)
            .await
            .map(|r| r.rows_affected())
    }

    /// Claims the run of `job` due at `now`: true for exactly one caller (on any process) per
    /// due time, which then runs it; its next run is due at `next`.
    pub(crate) async fn claim_job(
        &self,
        job: &str,
        now: DateTime<Utc>,
        next: DateTime<Utc>,
    ) -> Result<bool, sqlx::Error> {
        let claimed: Option<String> = sqlx::query_scalar(
            "INSERT INTO job_runs (job, due_at) VALUES ($1, $3)
             ON CONFLICT (job) DO UPDATE SET due_at = excluded.due_at
                 WHERE job_runs.due_at <= $2
             RETURNING job",
        )
        .bind(job)
        .bind(at(now))
        .bind(at(next))
        .fetch_optional(&self.writer)
        .await?;
        Ok(claimed.is_some())
    }
}
