//! Sliding windows of events per key: the one mechanism behind the submission limit and the
//! sign-in throttle ([`crate::throttle`]).
//!
//! Where the counts live: one SQLite process keeps them in memory (a restart forgets them, which
//! errs on the applicant's side); on PostgreSQL, where several server processes serve as one,
//! they live in the database (`rate_events`), so every process counts every attempt.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::store::{RateEvent, Store, WindowState};

/// Where a window's events are kept.
#[derive(Debug, Clone)]
pub enum Counts {
    /// In this process (one process serves).
    Memory,
    /// In the database, shared by every process on it.
    Shared(Store),
}

impl Counts {
    /// Shared on PostgreSQL (several processes may serve), in memory on SQLite (one does).
    pub fn for_store(store: &Store) -> Counts {
        match store.dialect() {
            crate::store::Dialect::Postgres => Counts::Shared(store.clone()),
            crate::store::Dialect::Sqlite => Counts::Memory,
        }
    }
}

/// Events per key in a sliding time window, each with a tag (an attempt's id, an idempotency
/// key, or nothing).
#[derive(Debug)]
pub struct SlidingWindow {
    bucket: String,
    limit: usize,
    window: Duration,
    place: Place,
}

/// One key's events in memory: when, and the tag.
type Events = VecDeque<(DateTime<Utc>, String)>;

#[derive(Debug)]
enum Place {
    Memory(Mutex<HashMap<String, Events>>),
    Shared(Store),
}

/// Keys kept in memory at most before expired ones are dropped (bounded memory under a flood).
const MAX_KEYS: usize = 100_000;

impl SlidingWindow {
    /// At most `limit` events per key in `window`; `bucket` names the window where the counts
    /// are shared.
    pub fn new(bucket: &str, limit: usize, window: Duration, counts: &Counts) -> SlidingWindow {
        SlidingWindow {
            bucket: bucket.to_string(),
            limit,
            window,
            place: match counts {
                Counts::Memory => Place::Memory(Mutex::new(HashMap::new())),
                Counts::Shared(store) => Place::Shared(store.clone()),
            },
        }
    }

    fn span(&self) -> chrono::Duration {
        chrono::Duration::from_std(self.window).unwrap_or(chrono::Duration::MAX)
    }

    /// How long until the oldest event leaves the window, when the window is full.
    fn wait(
        &self,
        count: usize,
        oldest: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Option<Duration> {
        (count >= self.limit).then(|| {
            let passed = oldest.map_or(chrono::Duration::zero(), |t| now - t);
            (self.span() - passed).to_std().unwrap_or_default()
        })
    }

    /// Runs `f` on `key`'s events in memory, expired ones removed.
    fn in_memory<T>(
        &self,
        all: &Mutex<HashMap<String, Events>>,
        key: &str,
        now: DateTime<Utc>,
        f: impl FnOnce(&mut Events) -> T,
    ) -> T {
        let mut all = all.lock().unwrap_or_else(|e| e.into_inner());
        let span = self.span();
        if all.len() > MAX_KEYS {
            all.retain(|_, e| e.back().is_some_and(|(t, _)| now - *t < span));
        }
        let events = all.entry(key.to_string()).or_default();
        while events.front().is_some_and(|(t, _)| now - *t >= span) {
            events.pop_front();
        }
        f(events)
    }

    /// How long `key` must wait, if it is at the limit.
    pub async fn locked(
        &self,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Duration>, sqlx::Error> {
        match &self.place {
            Place::Memory(all) => Ok(self.in_memory(all, key, now, |events| {
                self.wait(events.len(), events.front().map(|e| e.0), now)
            })),
            Place::Shared(store) => {
                let WindowState { count, oldest } = store
                    .window_state(&self.bucket, key, now - self.span())
                    .await?;
                Ok(self.wait(usize::try_from(count).unwrap_or(usize::MAX), oldest, now))
            }
        }
    }

    /// Records event `tag` for `key` if `key` is under the limit, in one step (so concurrent
    /// callers, on this process or another, can never all pass a check made before any of them
    /// recorded): the number of events in the window afterwards, or `Err(wait)` (nothing
    /// recorded). With `once`, a tag already in the window passes without counting again.
    async fn record(
        &self,
        key: &str,
        tag: &str,
        now: DateTime<Utc>,
        once: bool,
    ) -> Result<Result<usize, Duration>, sqlx::Error> {
        match &self.place {
            Place::Memory(all) => Ok(self.in_memory(all, key, now, |events| {
                if once && events.iter().any(|(_, t)| t == tag) {
                    return Ok(events.len());
                }
                if let Some(wait) = self.wait(events.len(), events.front().map(|e| e.0), now) {
                    return Err(wait);
                }
                events.push_back((now, tag.to_string()));
                Ok(events.len())
            })),
            Place::Shared(store) => {
                let limit = i64::try_from(self.limit).unwrap_or(i64::MAX);
                let since = now - self.span();
                Ok(
                    match store
                        .window_record(
                            &RateEvent {
                                bucket: &self.bucket,
                                key,
                                tag,
                                at: now,
                            },
                            limit,
                            since,
                            once,
                        )
                        .await?
                    {
                        Ok(count) => Ok(usize::try_from(count).unwrap_or(usize::MAX)),
                        Err(full) => {
                            Err(self.wait(self.limit, full.oldest, now).unwrap_or_default())
                        }
                    },
                )
            }
        }
    }

    /// Records event `tag` for `key` if under the limit (see [`SlidingWindow::record`]).
    pub async fn reserve(
        &self,
        key: &str,
        tag: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<usize, Duration>, sqlx::Error> {
        self.record(key, tag, now, false).await
    }

    /// Records event `tag` for `key` unless that tag is already in the window (then it is free);
    /// `Err(wait)` when a new tag would exceed the limit (nothing recorded then).
    pub async fn record_once(
        &self,
        key: &str,
        tag: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<(), Duration>, sqlx::Error> {
        Ok(self.record(key, tag, now, true).await?.map(|_| ()))
    }

    /// Removes the event tagged `tag` from `key` (a reservation that turned out not to count).
    pub async fn release(&self, key: &str, tag: &str) -> Result<(), sqlx::Error> {
        match &self.place {
            Place::Memory(all) => {
                let mut all = all.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(events) = all.get_mut(key) {
                    events.retain(|(_, t)| t != tag);
                }
                Ok(())
            }
            Place::Shared(store) => store.window_release(&self.bucket, key, tag).await,
        }
    }

    /// Forgets `key`'s events.
    pub async fn clear(&self, key: &str) -> Result<(), sqlx::Error> {
        match &self.place {
            Place::Memory(all) => {
                all.lock().unwrap_or_else(|e| e.into_inner()).remove(key);
                Ok(())
            }
            Place::Shared(store) => store.window_clear(&self.bucket, key).await,
        }
    }
}

/// The per-address limit on new submissions: at most `limit` different submissions
/// (idempotency keys) in a sliding `window`. Repeats of a submission already counted never
/// count again, so a double click or a retry is never refused.
#[derive(Debug)]
pub struct RateLimiter(SlidingWindow);

impl RateLimiter {
    /// At most `limit` submissions per `window` per address.
    pub fn new(limit: usize, window: Duration, counts: &Counts) -> RateLimiter {
        RateLimiter::named("submissions", limit, window, counts)
    }

    /// The same limit on other things an address does, counted in `bucket`.
    pub fn named(bucket: &str, limit: usize, window: Duration, counts: &Counts) -> RateLimiter {
        RateLimiter(SlidingWindow::new(bucket, limit, window, counts))
    }

    /// Records submission `key` from `address` at `now`; `Err(wait)` when over the limit (nothing
    /// recorded then). A key already counted is free.
    pub async fn check(
        &self,
        address: IpAddr,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<(), Duration>, sqlx::Error> {
        self.0
            .record_once(&crate::client_addr::throttle_key(address), key, now)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seconds(n: i64) -> chrono::Duration {
        chrono::Duration::seconds(n)
    }

    #[tokio::test]
    async fn a_key_at_its_limit_is_locked_for_the_rest_of_the_window_and_refused_more() {
        let throttle = SlidingWindow::new("t", 3, Duration::from_secs(900), &Counts::Memory);
        let t0 = Utc::now();
        for _ in 0..3 {
            assert_eq!(throttle.locked("acct:a", t0).await.unwrap(), None);
            throttle.reserve("acct:a", "", t0).await.unwrap().unwrap();
        }
        assert!(throttle
            .locked("acct:a", t0 + seconds(1))
            .await
            .unwrap()
            .is_some());
        assert!(
            throttle.reserve("acct:a", "", t0).await.unwrap().is_err(),
            "nothing more is recorded"
        );
        assert_eq!(
            throttle.locked("acct:b", t0).await.unwrap(),
            None,
            "other keys are not affected"
        );
        assert_eq!(
            throttle.locked("acct:a", t0 + seconds(900)).await.unwrap(),
            None,
            "the window passed"
        );
        throttle.clear("acct:a").await.unwrap();
        assert_eq!(throttle.locked("acct:a", t0).await.unwrap(), None);
    }

    #[tokio::test]
    async fn the_limit_is_per_address_and_the_window_slides() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60), &Counts::Memory);
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        let t0 = Utc::now();
        assert!(limiter.check(a, "k1", t0).await.unwrap().is_ok());
        assert!(limiter
            .check(a, "k2", t0 + seconds(10))
            .await
            .unwrap()
            .is_ok());
        let wait = limiter
            .check(a, "k3", t0 + seconds(20))
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(
            wait,
            Duration::from_secs(40),
            "wait until the oldest leaves the window"
        );
        assert!(
            limiter
                .check(b, "k3", t0 + seconds(20))
                .await
                .unwrap()
                .is_ok(),
            "another address"
        );
        assert!(
            limiter
                .check(a, "k3", t0 + seconds(61))
                .await
                .unwrap()
                .is_ok(),
            "the window slid"
        );
    }

    #[tokio::test]
    async fn repeats_of_a_counted_submission_never_count_again() {
        let limiter = RateLimiter::new(1, Duration::from_secs(60), &Counts::Memory);
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let t0 = Utc::now();
        for _ in 0..10 {
            assert!(limiter.check(a, "same", t0).await.unwrap().is_ok());
        }
        assert!(limiter.check(a, "other", t0).await.unwrap().is_err());
    }
}
