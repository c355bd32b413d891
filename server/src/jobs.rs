//! The scheduled jobs: ending sessions that ran out, and forgetting counted attempts that no
//! limit's window reaches any more. Every server process ticks; at each due time one process —
//! whichever claims the run in the database first (`job_runs`) — runs the job, so with several
//! processes a job runs once, not once per process, and still runs while any process is up.

use std::time::Duration;

use chrono::Utc;

use crate::store::Store;

/// Counted attempts older than this are in no window (the longest, a known client's, is a day).
const KEEP_EVENTS: chrono::Duration = chrono::Duration::hours(25);

#[derive(Debug, Clone, Copy)]
enum Job {
    /// Ends the sessions that ran out and logs each (`auth:session_expired`).
    ExpireSessions,
    /// Deletes counted attempts older than [`KEEP_EVENTS`].
    SweepRateEvents,
}

impl Job {
    const ALL: [Job; 2] = [Job::ExpireSessions, Job::SweepRateEvents];

    /// The name its runs are claimed by.
    fn name(self) -> &'static str {
        match self {
            Job::ExpireSessions => "expire_sessions",
            Job::SweepRateEvents => "sweep_rate_events",
        }
    }

    /// How often it runs: sessions end within a quarter of the idle timeout (at most 30 s) of
    /// running out.
    fn every(self, idle: chrono::Duration) -> chrono::Duration {
        match self {
            Job::ExpireSessions => {
                (idle / 4).clamp(chrono::Duration::seconds(1), chrono::Duration::seconds(30))
            }
            Job::SweepRateEvents => chrono::Duration::minutes(5),
        }
    }

    async fn run(self, store: &Store, idle: chrono::Duration) -> Result<(), sqlx::Error> {
        let now = Utc::now();
        match self {
            Job::ExpireSessions => store.expire_sessions(now, idle, None).await.map(|_| ()),
            Job::SweepRateEvents => store.window_sweep(now - KEEP_EVENTS).await.map(|_| ()),
        }
    }
}

/// Runs the jobs that fall due, for as long as the process lives.
pub async fn run(store: Store, idle: chrono::Duration) {
    let tick = Job::ExpireSessions
        .every(idle)
        .to_std()
        .unwrap_or(Duration::from_secs(1));
    let mut ticks = tokio::time::interval(tick);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        for job in Job::ALL {
            let now = Utc::now();
            let outcome = match store
                .claim_job(job.name(), now, now + job.every(idle))
                .await
            {
                Ok(true) => job.run(&store, idle).await,
                Ok(false) => Ok(()),
                Err(e) => Err(e),
            };
            if let Err(e) = outcome {
                tracing::warn!(job = job.name(), error = %e, "a scheduled job failed");
            }
        }
    }
}
