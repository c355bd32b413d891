//! A per-address limit on new submissions: at most `limit` different submissions (idempotency
//! keys) in a sliding `window`. Repeats of a submission already counted never count again, so a
//! double click or a retry is never refused. Kept in memory: a restart forgets it, which errs on
//! the applicant's side.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Events per key in a sliding time window, each with a tag (an idempotency key, or nothing).
/// The one mechanism behind the submission limit and the sign-in throttle.
#[derive(Debug)]
pub struct SlidingWindow {
    limit: usize,
    window: Duration,
    events: Mutex<HashMap<String, VecDeque<(Instant, String)>>>,
}

/// Keys kept at most before expired ones are dropped (bounded memory under a flood).
const MAX_KEYS: usize = 100_000;

impl SlidingWindow {
    /// At most `limit` events per key in `window`.
    pub fn new(limit: usize, window: Duration) -> SlidingWindow {
        SlidingWindow {
            limit,
            window,
            events: Mutex::new(HashMap::new()),
        }
    }

    /// Runs `f` on `key`'s events, expired ones removed.
    fn with<T>(
        &self,
        key: &str,
        now: Instant,
        f: impl FnOnce(&mut VecDeque<(Instant, String)>) -> T,
    ) -> T {
        let mut all = self.events.lock().unwrap_or_else(|e| e.into_inner());
        if all.len() > MAX_KEYS {
            all.retain(|_, e| {
                e.back()
                    .is_some_and(|(t, _)| now.duration_since(*t) < self.window)
            });
        }
        let events = all.entry(key.to_string()).or_default();
        while events
            .front()
            .is_some_and(|(t, _)| now.duration_since(*t) >= self.window)
        {
            events.pop_front();
        }
        f(events)
    }

    fn wait(&self, events: &VecDeque<(Instant, String)>, now: Instant) -> Option<Duration> {
        (events.len() >= self.limit).then(|| {
            let oldest = events.front().expect("non-empty at the limit").0;
            self.window - now.duration_since(oldest)
        })
    }

    /// How long `key` must wait, if it is at the limit.
    pub fn locked(&self, key: &str, now: Instant) -> Option<Duration> {
        self.with(key, now, |events| self.wait(events, now))
    }

    /// Records the event tagged `tag` for `key` unless that tag is already in the window (then
    /// it is free); `Err(wait)` when a new tag would exceed the limit (nothing recorded then).
    pub fn record_once(&self, key: &str, tag: &str, now: Instant) -> Result<(), Duration> {
        self.with(key, now, |events| {
            if events.iter().any(|(_, t)| t == tag) {
                return Ok(());
            }
            if let Some(wait) = self.wait(events, now) {
                return Err(wait);
            }
            events.push_back((now, tag.to_string()));
            Ok(())
        })
    }

    /// Records an event tagged `tag` for `key` if `key` is under the limit, in one step (so
    /// concurrent callers can never all pass a check made before any of them recorded): the
    /// number of events in the window afterwards, or `Err(wait)` (nothing recorded).
    pub fn reserve(&self, key: &str, tag: &str, now: Instant) -> Result<usize, Duration> {
        self.with(key, now, |events| {
            if let Some(wait) = self.wait(events, now) {
                return Err(wait);
            }
            events.push_back((now, tag.to_string()));
            Ok(events.len())
        })
    }

    /// Removes the event tagged `tag` from `key` (a reservation that turned out not to count).
    pub fn release(&self, key: &str, tag: &str) {
        let mut all = self.events.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(events) = all.get_mut(key) {
            events.retain(|(_, t)| t != tag);
        }
    }

    /// Forgets `key`'s events.
    pub fn clear(&self, key: &str) {
        self.events
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }
}

/// The per-address limit on new submissions.
#[derive(Debug)]
pub struct RateLimiter(SlidingWindow);

impl RateLimiter {
    /// At most `limit` submissions per `window` per address.
    pub fn new(limit: usize, window: Duration) -> RateLimiter {
        RateLimiter(SlidingWindow::new(limit, window))
    }

    /// Records submission `key` from `address` at `now`; `Err(wait)` when over the limit (nothing
    /// recorded then). A key already counted is free.
    pub fn check(&self, address: IpAddr, key: &str, now: Instant) -> Result<(), Duration> {
        self.0
            .record_once(&crate::client_addr::throttle_key(address), key, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_at_its_limit_is_locked_for_the_rest_of_the_window_and_refused_more() {
        let throttle = SlidingWindow::new(3, Duration::from_secs(900));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(throttle.locked("acct:a", t0), None);
            throttle.reserve("acct:a", "", t0).unwrap();
        }
        assert!(throttle
            .locked("acct:a", t0 + Duration::from_secs(1))
            .is_some());
        assert!(
            throttle.reserve("acct:a", "", t0).is_err(),
            "nothing more is recorded"
        );
        assert_eq!(
            throttle.locked("acct:b", t0),
            None,
            "other keys are not affected"
        );
        assert_eq!(
            throttle.locked("acct:a", t0 + Duration::from_secs(900)),
            None,
            "the window passed"
        );
        throttle.clear("acct:a");
        assert_eq!(throttle.locked("acct:a", t0), None);
    }

    #[test]
    fn the_limit_is_per_address_and_the_window_slides() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        let t0 = Instant::now();
        assert!(limiter.check(a, "k1", t0).is_ok());
        assert!(limiter.check(a, "k2", t0 + Duration::from_secs(10)).is_ok());
        let wait = limiter
            .check(a, "k3", t0 + Duration::from_secs(20))
            .unwrap_err();
        assert_eq!(
            wait,
            Duration::from_secs(40),
            "wait until the oldest leaves the window"
        );
        assert!(
            limiter.check(b, "k3", t0 + Duration::from_secs(20)).is_ok(),
            "another address"
        );
        assert!(
            limiter.check(a, "k3", t0 + Duration::from_secs(61)).is_ok(),
            "the window slid"
        );
    }

    #[test]
    fn repeats_of_a_counted_submission_never_count_again() {
        let limiter = RateLimiter::new(1, Duration::from_secs(60));
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..10 {
            assert!(limiter.check(a, "same", t0).is_ok());
        }
        assert!(limiter.check(a, "other", t0).is_err());
    }
}
