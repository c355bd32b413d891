//! A per-address limit on new submissions: at most `limit` different submissions (idempotency
//! keys) in a sliding `window`. Repeats of a submission already counted never count again, so a
//! double click or a retry is never refused. Kept in memory: a restart forgets it, which errs on
//! the applicant's side.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The limiter.
#[derive(Debug)]
pub struct RateLimiter {
    limit: usize,
    window: Duration,
    seen: Mutex<HashMap<IpAddr, VecDeque<(Instant, String)>>>,
}

impl RateLimiter {
    /// At most `limit` submissions per `window` per address.
    pub fn new(limit: usize, window: Duration) -> RateLimiter {
        RateLimiter {
            limit,
            window,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Records submission `key` from `address` at `now`; `Err(wait)` when over the limit (nothing
    /// recorded then).
    pub fn check(&self, address: IpAddr, key: &str, now: Instant) -> Result<(), Duration> {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() > 100_000 {
            // Bounded memory under a flood of addresses: drop entries whose window has passed.
            seen.retain(|_, entries| {
                entries
                    .back()
                    .is_some_and(|(t, _)| now.duration_since(*t) < self.window)
            });
        }
        let entries = seen.entry(address).or_default();
        while entries
            .front()
            .is_some_and(|(t, _)| now.duration_since(*t) >= self.window)
        {
            entries.pop_front();
        }
        if entries.iter().any(|(_, k)| k == key) {
            return Ok(());
        }
        if entries.len() >= self.limit {
            let oldest = entries.front().expect("non-empty when at the limit").0;
            return Err(self.window - now.duration_since(oldest));
        }
        entries.push_back((now, key.to_string()));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
