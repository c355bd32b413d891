//! Password guessing, limited where it cannot be raced and cannot be turned against the people
//! it protects.
//!
//! - **Reserved before hashing.** An attempt takes its place in every window *before* the
//!   password is verified, in one step per window. However many requests arrive at once, at most
//!   `limit` guesses per client and account reach argon2 in a window; the rest are refused
//!   without any hashing. A correct password gives its place back.
//! - **The guesser is slowed more than the account.** Failures count per client + account
//!   (`limit`), per client over all accounts (4 × `limit`) and per account from anywhere
//!   (10 × `limit`). One attacker can lock only themselves: the person whose account it is still
//!   signs in from their own address. Only a spread-out attack, from many addresses, locks the
//!   account itself, and an administrator can lift that lock.
//!
//! - **Known clients go first.** Password checks queue for a few hashing threads (see
//!   `auth::Hasher`). A client that signed in correctly in the last day, and any client's first
//!   attempt in the window, may queue deeper than a client that is already failing, so under a
//!   flood from many addresses the people who work here still find room.
//!
//! The same type guards the password change (with the account being the signed-in one).

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::rate_limit::{Counts, SlidingWindow};

/// The window failures are counted in.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Attempts per client and account, per client, and per account.
#[derive(Debug)]
pub struct AttemptThrottle {
    pair: SlidingWindow,
    client: SlidingWindow,
    account: SlidingWindow,
    /// Marks what was already logged (an account's lock, a client's refusals), so a flood of
    /// refused requests writes one access-log entry a minute, not one each.
    noted: SlidingWindow,
    /// Clients that signed in correctly in the last day.
    known: SlidingWindow,
}

/// A reserved attempt: verify the password, then call [`AttemptThrottle::succeeded`] or
/// [`AttemptThrottle::failed`].
#[derive(Debug)]
#[must_use]
pub struct Attempt {
    pair: String,
    client: String,
    account: String,
    tag: String,
    priority: Priority,
}

/// How deep a password check may queue for hashing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    /// The client has other attempts in the window: the normal queue.
    Guesser,
    /// The client's only attempt in the window: twice as deep.
    FirstAttempt,
    /// The client signed in correctly within a day: four times as deep.
    KnownClient,
}

impl Priority {
    /// How many times the normal queue this attempt may wait in.
    pub fn queue_factor(self) -> usize {
        match self {
            Priority::Guesser => 1,
            Priority::FirstAttempt => 2,
            Priority::KnownClient => 4,
        }
    }
}

impl Attempt {
    /// How deep this attempt may queue for hashing.
    pub fn priority(&self) -> Priority {
        self.priority
    }
}

/// Why an attempt was refused, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// Seconds until an attempt could pass.
    pub wait: Duration,
    /// Whether this is the first refusal of this client for this account in a minute (log it).
    pub first_in_a_while: bool,
}

impl From<Refused> for crate::error::AppError {
    fn from(refused: Refused) -> Self {
        crate::error::AppError::TooManyRequests(refused.wait.as_secs().max(1))
    }
}

/// A tag no other attempt has, on this process or another.
fn fresh_tag() -> String {
    use rand_core::RngCore;
    format!("{:016x}", rand_core::OsRng.next_u64())
}

impl AttemptThrottle {
    /// `limit` failures per client and account in [`WINDOW`], four times that per client and ten
    /// times that per account; `name` keeps this throttle's shared counts apart from another's.
    pub fn new(name: &str, limit: usize, counts: &Counts) -> AttemptThrottle {
        let limit = limit.max(1);
        let window = |part: &str, limit: usize, span: Duration| {
            SlidingWindow::new(&format!("{name}:{part}"), limit, span, counts)
        };
        AttemptThrottle {
            pair: window("pair", limit, WINDOW),
            client: window("client", limit * 4, WINDOW),
            account: window("account", limit * 10, WINDOW),
            noted: window("noted", 1, Duration::from_secs(60)),
            known: window("known", 1, Duration::from_secs(24 * 3600)),
        }
    }

    /// Reserves an attempt by `client` (a [`crate::client_addr::throttle_key`]) on `account`.
    /// A client already refused is answered from a read: a flood of refused requests writes
    /// nothing but the once-a-minute note.
    pub async fn reserve(
        &self,
        client: &str,
        account: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<Attempt, Refused>, sqlx::Error> {
        let mut attempt = Attempt {
            pair: format!("{client}|{account}"),
            client: client.to_string(),
            account: account.to_string(),
            tag: fresh_tag(),
            priority: Priority::Guesser,
        };
        for (window, key) in [
            (&self.pair, &attempt.pair),
            (&self.client, &attempt.client),
            (&self.account, &attempt.account),
        ] {
            if let Some(wait) = window.locked(key, now).await? {
                return Ok(Err(self.refused(&attempt, wait, now).await?));
            }
        }
        if let Err(wait) = self.pair.reserve(&attempt.pair, &attempt.tag, now).await? {
            return Ok(Err(self.refused(&attempt, wait, now).await?));
        }
        match self
            .client
            .reserve(&attempt.client, &attempt.tag, now)
            .await?
        {
            Ok(count) => {
                attempt.priority = if self.known.locked(client, now).await?.is_some() {
                    Priority::KnownClient
                } else if count == 1 {
                    Priority::FirstAttempt
                } else {
                    Priority::Guesser
                }
            }
            Err(wait) => {
                self.pair.release(&attempt.pair, &attempt.tag).await?;
                return Ok(Err(self.refused(&attempt, wait, now).await?));
            }
        }
        if let Err(wait) = self
            .account
            .reserve(&attempt.account, &attempt.tag, now)
            .await?
        {
            self.pair.release(&attempt.pair, &attempt.tag).await?;
            self.client.release(&attempt.client, &attempt.tag).await?;
            return Ok(Err(self.refused(&attempt, wait, now).await?));
        }
        Ok(Ok(attempt))
    }

    async fn refused(
        &self,
        attempt: &Attempt,
        wait: Duration,
        now: DateTime<Utc>,
    ) -> Result<Refused, sqlx::Error> {
        let note = format!("refused:{}", attempt.pair);
        let first_in_a_while = self.noted.locked(&note, now).await?.is_none()
            && self.noted.reserve(&note, "", now).await?.is_ok();
        Ok(Refused {
            wait,
            first_in_a_while,
        })
    }

    /// The password was right: the attempt does not count, and this client's earlier failures on
    /// this account are forgiven (not those on other accounts, nor the account's from elsewhere).
    pub async fn succeeded(&self, attempt: Attempt) -> Result<(), sqlx::Error> {
        self.known.clear(&attempt.client).await?;
        self.known
            .reserve(&attempt.client, "", Utc::now())
            .await?
            .ok();
        self.pair.clear(&attempt.pair).await?;
        self.client.release(&attempt.client, &attempt.tag).await?;
        self.account.release(&attempt.account, &attempt.tag).await
    }

    /// The password could not be checked (the server was busy): the attempt does not count.
    pub async fn cancel(&self, attempt: Attempt) -> Result<(), sqlx::Error> {
        self.pair.release(&attempt.pair, &attempt.tag).await?;
        self.client.release(&attempt.client, &attempt.tag).await?;
        self.account.release(&attempt.account, &attempt.tag).await
    }

    /// The password was wrong: the attempt stays counted. True when this failure locked the
    /// account itself (log it once).
    pub async fn failed(&self, attempt: Attempt, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
        Ok(self.account.locked(&attempt.account, now).await?.is_some()
            && self
                .noted
                .reserve(&format!("locked:{}", attempt.account), "", now)
                .await?
                .is_ok())
    }

    /// How long the account itself stays locked, if it is.
    pub async fn account_locked(
        &self,
        account: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Duration>, sqlx::Error> {
        self.account.locked(account, now).await
    }

    /// Lifts the account's lock (an administrator's decision). Clients locked out of it by their
    /// own failures stay locked.
    pub async fn unlock_account(&self, account: &str) -> Result<(), sqlx::Error> {
        self.account.clear(account).await?;
        self.noted.clear(&format!("locked:{account}")).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn at_most_the_limit_of_attempts_is_reserved_however_many_arrive_at_once() {
        let throttle = AttemptThrottle::new("t", 5, &Counts::Memory);
        let now = Utc::now();
        let mut reserved = Vec::new();
        for _ in 0..30 {
            if let Ok(attempt) = throttle
                .reserve("198.51.100.1", "a@x.se", now)
                .await
                .unwrap()
            {
                reserved.push(attempt);
            }
        }
        assert_eq!(reserved.len(), 5);
        for attempt in reserved {
            throttle.failed(attempt, now).await.unwrap();
        }
        let refused = throttle
            .reserve("198.51.100.1", "a@x.se", now)
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(refused.wait, WINDOW);
    }

    #[tokio::test]
    async fn known_clients_and_first_attempts_go_ahead_of_guessers() {
        let throttle = AttemptThrottle::new("t", 5, &Counts::Memory);
        let now = Utc::now();
        let first = throttle.reserve("c", "a@x.se", now).await.unwrap().unwrap();
        assert_eq!(first.priority(), Priority::FirstAttempt);
        let second = throttle.reserve("c", "b@x.se", now).await.unwrap().unwrap();
        assert_eq!(
            second.priority(),
            Priority::Guesser,
            "one under way already"
        );
        throttle.failed(first, now).await.unwrap();
        throttle.failed(second, now).await.unwrap();
        let third = throttle.reserve("c", "a@x.se", now).await.unwrap().unwrap();
        assert_eq!(third.priority(), Priority::Guesser);
        // A right password makes the client known for a day, even after failures.
        throttle.succeeded(third).await.unwrap();
        assert_eq!(
            throttle
                .reserve("c", "a@x.se", now)
                .await
                .unwrap()
                .unwrap()
                .priority(),
            Priority::KnownClient
        );
        assert_eq!(
            throttle
                .reserve("d", "a@x.se", now)
                .await
                .unwrap()
                .unwrap()
                .priority(),
            Priority::FirstAttempt
        );
    }

    #[tokio::test]
    async fn the_guesser_is_locked_out_but_the_owner_signs_in_from_elsewhere() {
        let throttle = AttemptThrottle::new("t", 5, &Counts::Memory);
        let now = Utc::now();
        for _ in 0..5 {
            let a = throttle
                .reserve("attacker", "a@x.se", now)
                .await
                .unwrap()
                .unwrap();
            assert!(!throttle.failed(a, now).await.unwrap());
        }
        assert!(throttle
            .reserve("attacker", "a@x.se", now)
            .await
            .unwrap()
            .is_err());
        assert!(throttle
            .account_locked("a@x.se", now)
            .await
            .unwrap()
            .is_none());
        let owner = throttle
            .reserve("owner", "a@x.se", now)
            .await
            .unwrap()
            .unwrap();
        throttle.succeeded(owner).await.unwrap();
    }

    #[tokio::test]
    async fn one_client_guessing_many_accounts_is_stopped_at_four_times_the_limit() {
        let throttle = AttemptThrottle::new("t", 5, &Counts::Memory);
        let now = Utc::now();
        let mut passed = 0;
        for i in 0..100 {
            if let Ok(a) = throttle
                .reserve("attacker", &format!("user{i}@x.se"), now)
                .await
                .unwrap()
            {
                throttle.failed(a, now).await.unwrap();
                passed += 1;
            }
        }
        assert_eq!(passed, 20);
        assert!(throttle
            .reserve("someone else", "user1@x.se", now)
            .await
            .unwrap()
            .is_ok());
    }

    #[tokio::test]
    async fn many_clients_lock_the_account_once_and_an_administrator_lifts_it() {
        let throttle = AttemptThrottle::new("t", 5, &Counts::Memory);
        let now = Utc::now();
        let mut locked_events = 0;
        for i in 0..60 {
            if let Ok(a) = throttle
                .reserve(&format!("bot{i}"), "a@x.se", now)
                .await
                .unwrap()
            {
                locked_events += usize::from(throttle.failed(a, now).await.unwrap());
            }
        }
        assert_eq!(locked_events, 1, "the lock is reported once");
        assert!(throttle
            .account_locked("a@x.se", now)
            .await
            .unwrap()
            .is_some());
        assert!(throttle
            .reserve("owner", "a@x.se", now)
            .await
            .unwrap()
            .is_err());
        throttle.unlock_account("a@x.se").await.unwrap();
        assert!(throttle
            .reserve("owner", "a@x.se", now)
            .await
            .unwrap()
            .is_ok());
    }

    #[tokio::test]
    async fn a_success_gives_its_place_back_and_forgives_that_clients_failures() {
        let throttle = AttemptThrottle::new("t", 2, &Counts::Memory);
        let now = Utc::now();
        let a = throttle
            .reserve("me", "a@x.se", now)
            .await
            .unwrap()
            .unwrap();
        throttle.failed(a, now).await.unwrap();
        let b = throttle
            .reserve("me", "a@x.se", now)
            .await
            .unwrap()
            .unwrap();
        throttle.succeeded(b).await.unwrap();
        for _ in 0..2 {
            let c = throttle
                .reserve("me", "a@x.se", now)
                .await
                .unwrap()
                .unwrap();
            throttle.failed(c, now).await.unwrap();
        }
        assert!(throttle
            .reserve("me", "a@x.se", now)
            .await
            .unwrap()
            .is_err());
    }

    #[tokio::test]
    async fn refusals_are_noted_once_a_minute() {
        let throttle = AttemptThrottle::new("t", 1, &Counts::Memory);
        let now = Utc::now();
        let a = throttle.reserve("c", "a@x.se", now).await.unwrap().unwrap();
        throttle.failed(a, now).await.unwrap();
        assert!(
            throttle
                .reserve("c", "a@x.se", now)
                .await
                .unwrap()
                .unwrap_err()
                .first_in_a_while
        );
        assert!(
            !throttle
                .reserve("c", "a@x.se", now)
                .await
                .unwrap()
                .unwrap_err()
                .first_in_a_while
        );
        assert!(
            throttle
                .reserve("c", "a@x.se", now + chrono::Duration::seconds(61))
                .await
                .unwrap()
                .unwrap_err()
                .first_in_a_while
        );
    }
}
