//! The scheduled jobs: ending sessions that ran out, forgetting counted attempts that no limit's
//! window reaches any more, retention (gallring) every night, and the monthly report's reminders
//! every morning (when the contact person's area has them). Every server process ticks; at
//! each due time one process —
//! whichever claims the run in the database first (`job_runs`) — runs the job, so with several
//! processes a job runs once, not once per process, and still runs while any process is up.

use std::time::Duration;

use chrono::{Timelike, Utc};
use kp_domain::retention::report::StartedBy;

use crate::mailer::Mailer;
use crate::report_reminders::ReminderSettings;
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
    /// Queues the monthly report's reminders due today (`crate::report_reminders::run`).
    ReportReminders,
}

/// Retention runs at this hour, Swedish time: at night, when nobody is working.
const RETENTION_HOUR: u32 = 3;

/// The reminders are queued at this hour, Swedish time: a mail that comes in the morning.
const REMINDER_HOUR: u32 = 8;

/// A run claimed at this hour or later (a first start, a restart after a missed morning) sends
/// nothing: the next morning's run does.
const REMINDERS_UNTIL: u32 = 21;

/// What the jobs work with.
struct Context {
    store: Store,
    idle: chrono::Duration,
    /// The reminders' settings, when the area has reminders.
    reminders: Option<ReminderSettings>,
    mailer: Mailer,
}

impl Job {
    const ALL: [Job; 4] = [
        Job::ExpireSessions,
        Job::SweepRateEvents,
        Job::Retention,
        Job::ReportReminders,
    ];

    /// The name its runs are claimed by.
    fn name(self) -> &'static str {
        match self {
            Job::ExpireSessions => "expire_sessions",
            Job::SweepRateEvents => "sweep_rate_events",
            Job::Retention => "retention",
            Job::ReportReminders => "report_reminders",
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
            Job::Retention | Job::ReportReminders => chrono::Duration::days(1),
        }
    }

    /// When its next run is due after one at `now`: retention at the next 03:00 in Sweden, the
    /// reminders at the next 08:00, the others `every` later.
    fn next(self, now: chrono::DateTime<Utc>, idle: chrono::Duration) -> chrono::DateTime<Utc> {
        match self {
            Job::Retention => next_at_hour(now, RETENTION_HOUR),
            Job::ReportReminders => next_at_hour(now, REMINDER_HOUR),
            _ => now + self.every(idle),
        }
    }

    async fn run(self, context: &Context) -> Result<(), sqlx::Error> {
        let (store, idle) = (&context.store, context.idle);
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
            Job::ReportReminders => {
                let Some(settings) = &context.reminders else {
                    return Ok(());
                };
                // A first start (or a restart after a missed morning) in the evening or the night
                // leaves the reminders to the next morning's run: the rule's windows are days
                // long, and nobody is mailed at night.
                if !(REMINDER_HOUR..REMINDERS_UNTIL)
                    .contains(&kp_domain::time::in_sweden(now).hour())
                {
                    return Ok(());
                }
                let today = kp_domain::time::today_in_sweden(now);
                let queued = crate::report_reminders::run(store, settings, today, now).await?;
                if queued > 0 {
                    tracing::info!(queued, "report reminders");
                    context.mailer.wake();
                }
                Ok(())
            }
        }
    }
}

/// The first `hour` o'clock in Sweden after `now`.
fn next_at_hour(now: chrono::DateTime<Utc>, hour: u32) -> chrono::DateTime<Utc> {
    let today = kp_domain::time::today_in_sweden(now);
    let at = |day: chrono::NaiveDate| {
        kp_domain::time::from_sweden(day.and_hms_opt(hour, 0, 0).expect("a valid hour"))
    };
    let tonight = at(today);
    if tonight > now {
        tonight
    } else {
        at(today.succ_opt().unwrap_or(today))
    }
}

/// Runs the jobs that fall due, for as long as the process lives; the reminders only with
/// `reminders` (the area has them), waking `mailer` when they queued mail.
pub async fn run(
    store: Store,
    idle: chrono::Duration,
    reminders: Option<ReminderSettings>,
    mailer: Mailer,
) {
    let context = Context {
        store,
        idle,
        reminders,
        mailer,
    };
    let store = &context.store;
    let tick = Job::ExpireSessions
        .every(idle)
        .to_std()
        .unwrap_or(Duration::from_secs(1));
    let mut ticks = tokio::time::interval(tick);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        for job in Job::ALL {
            if matches!(job, Job::ReportReminders) && context.reminders.is_none() {
                continue;
            }
            let now = Utc::now();
            let outcome = match store.claim_job(job.name(), now, job.next(now, idle)).await {
                Ok(true) => job.run(&context).await,
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

    fn next_night(now: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
        Job::Retention.next(now, chrono::Duration::minutes(30))
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

    #[test]
    fn the_reminders_run_next_at_eight_in_the_morning_swedish_time() {
        let next = |now| Job::ReportReminders.next(utc(now), chrono::Duration::minutes(30));
        // Winter: 08:00 CET is 07:00 UTC; summer: 08:00 CEST is 06:00 UTC.
        assert_eq!(next("2026-12-01T02:00:00Z"), utc("2026-12-01T07:00:00Z"));
        assert_eq!(next("2026-12-01T07:00:00Z"), utc("2026-12-02T07:00:00Z"));
        assert_eq!(next("2026-07-01T12:00:00Z"), utc("2026-07-02T06:00:00Z"));
    }
}
