//! The scheduled jobs: ending sessions that ran out, forgetting counted attempts that no limit's
//! window reaches any more, and retention (gallring) every night. Every server process ticks; at
//! each due time one process —
//! whichever claims the run in the database first (`job_runs`) — runs the job, so with several
//! processes a job runs once, not once per process, and still runs while any process is up.

use std::time::Duration;

use chrono::Utc;
use kp_domain::retention::report::StartedBy;

use crate::store::Store;

/// Counted attempts older than this are in no window (the longest, a known client's, is a day).
const KEEP_EVENTS: chrono::Duration = chrono::Duration::hours(25);

#[derive(Debug, Clone, Copy)]
enum Job {
    /// Ends the sessions that ran out and logs each (`auth:session_expired`); removes the
    /// contact person's area's sessions that ran out.
    ExpireSessions,
    /// Deletes counted attempts older than [`KEEP_EVENTS`].
    SweepRateEvents,
    /// Removes what the retention rules say is due today (`crate::retention::run`).
    Retention,
}

/// Retention runs at this hour, Swedish time: at night, when nobody is working.
const RETENTION_HOUR: u32 = 3;

impl Job {
    const ALL: [Job; 3] = [Job::ExpireSessions, Job::SweepRateEvents, Job::Retention];

    /// The name its runs are claimed by.
    fn name(self) -> &'static str {
        match self {
            Job::ExpireSessions => "expire_sessions",
            Job::SweepRateEvents => "sweep_rate_events",
            Job::Retention => "retention",
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
            Job::Retention => chrono::Duration::days(1),
        }
    }

    /// When its next run is due after one at `now`: retention at the next 03:00 in Sweden,
    /// the others `every` later.
    fn next(self, now: chrono::DateTime<Utc>, idle: chrono::Duration) -> chrono::DateTime<Utc> {
        match self {
            Job::Retention => next_night(now),
            _ => now + self.every(idle),
        }
    }

    async fn run(self, store: &Store, idle: chrono::Duration) -> Result<(), sqlx::Error> {
        let now = Utc::now();
        match self {
            Job::ExpireSessions => {
                store.expire_sessions(now, idle, None).await?;
                // The contact person's area keeps its own, shorter sessions.
                store
                    .sweep_contact_sessions(now, crate::contact_area::IDLE_TIMEOUT)
                    .await
                    .map(|_| ())
            }
            Job::SweepRateEvents => store.window_sweep(now - KEEP_EVENTS).await.map(|_| ()),
            Job::Retention => {
                let today = kp_domain::time::today_in_sweden(now);
                let report = crate::retention::run(store, today, StartedBy::Schedule).await?;
                if report.total() > 0 {
                    tracing::info!(removed = ?report.removed, space = ?report.space, "gallring");
                }
                Ok(())
            }
        }
    }
}

/// The first 03:00 in Sweden after `now`.
fn next_night(now: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
    let today = kp_domain::time::today_in_sweden(now);
    let at = |day: chrono::NaiveDate| {
        kp_domain::time::from_sweden(day.and_hms_opt(RETENTION_HOUR, 0, 0).expect("a valid hour"))
    };
    let tonight = at(today);
    if tonight > now {
        tonight
    } else {
        at(today.succ_opt().unwrap_or(today))
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
            let outcome = match store.claim_job(job.name(), now, job.next(now, idle)).await {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> chrono::DateTime<Utc> {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn retention_runs_next_at_three_in_the_night_swedish_time() {
        // Winter: 03:00 CET is 02:00 UTC; summer: 03:00 CEST is 01:00 UTC.
        assert_eq!(
            next_night(utc("2026-01-15T01:59:00Z")),
            utc("2026-01-15T02:00:00Z")
        );
        assert_eq!(
            next_night(utc("2026-01-15T02:00:00Z")),
            utc("2026-01-16T02:00:00Z")
        );
        assert_eq!(
            next_night(utc("2026-07-15T12:00:00Z")),
            utc("2026-07-16T01:00:00Z")
        );
        // The night the clocks go forward, 03:00 comes an hour after 01:00 UTC.
        assert_eq!(
            next_night(utc("2026-03-28T22:00:00Z")),
            utc("2026-03-29T01:00:00Z")
        );
    }
}
