//! Waiting before trying again, for everything that retries: requests to the remote MCP
//! server ([`Backoff`]), the refresh of a credential ahead of its expiry ([`Schedule`]) and the
//! Meraki Dashboard's budget of retries ([`RetryPolicy`]). One schedule: exponential from a
//! base, with jitter so that several bridges do not return together, never longer than a cap.
//! A server's `Retry-After` ([`retry_after()`], either form RFC 9110 allows) wins over the
//! schedule, within a bound.

pub mod retry_after;

use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

pub use retry_after::{parse_retry_after, retry_after};

/// An exponential schedule: `base · 2ⁿ` before retry `n` (0-based), plus up to `jitter` of it
/// (a fraction), never more than `cap`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Schedule {
    pub base: Duration,
    pub cap: Duration,
    pub jitter: f64,
}

impl Schedule {
    pub const fn new(base: Duration, cap: Duration, jitter: f64) -> Self {
        Schedule { base, cap, jitter }
    }

    /// The wait before retry number `attempt` (0-based).
    pub fn delay(&self, attempt: u32) -> Duration {
        let step = self.base.saturating_mul(1 << attempt.min(16));
        let jittered = step.saturating_add(step.mul_f64(self.jitter * random()));
        jittered.min(self.cap)
    }
}

/// The longest a server's `Retry-After` makes a request to the remote MCP server wait.
pub const REQUEST_RETRY_AFTER_MAX: Duration = Duration::from_secs(30);

/// A bounded number of retries on a [`Schedule`] with up to 25% jitter, honouring a server's
/// `Retry-After`.
#[derive(Debug, Clone)]
pub struct Backoff {
    schedule: Schedule,
    attempt: u32,
    max_attempts: u32,
}

impl Backoff {
    pub fn new(max_attempts: u32, base: Duration, cap: Duration) -> Self {
        Backoff {
            schedule: Schedule::new(base, cap, 0.25),
            attempt: 0,
            max_attempts,
        }
    }

    /// Retries of a request whose connection failed or which the server refused for now.
    pub fn for_requests() -> Self {
        Backoff::new(6, Duration::from_millis(200), Duration::from_secs(5))
    }

    /// Retries of a request whose connection could not be made: a server that is down is
    /// reported within half a second, while a blip (a restart, a full backlog) is ridden out.
    pub fn for_connecting() -> Self {
        Backoff::new(2, Duration::from_millis(100), Duration::from_millis(300))
    }

    /// Re-opening a stream the server may close at any time (the GET listen stream,
    /// `subscriptions/listen`).
    pub fn for_listening() -> Self {
        Backoff::new(10, Duration::from_millis(500), Duration::from_secs(30))
    }

    /// The pause before the next attempt, or `None` when the attempts are used up. A
    /// server-given `retry_after` wins over the schedule, up to [`REQUEST_RETRY_AFTER_MAX`].
    pub fn next_delay(&mut self, retry_after: Option<Duration>) -> Option<Duration> {
        if self.attempt >= self.max_attempts {
            return None;
        }
        let attempt = self.attempt;
        self.attempt += 1;
        Some(match retry_after {
            Some(ra) => ra.min(REQUEST_RETRY_AFTER_MAX),
            None => self.schedule.delay(attempt),
        })
    }
}

/// A budget of retries and its pacing (the Meraki Dashboard client's).
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Retries after a 429.
    pub max_rate_limited: u32,
    /// Retries after a 5xx answer or a connection failure.
    pub max_server_errors: u32,
    /// The first backoff step; doubled on each attempt.
    pub base_delay: Duration,
    /// No single wait is longer than this.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_rate_limited: 5,
            max_server_errors: 3,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `attempt` (0-based) after a 429.
    pub fn rate_limited_delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            // Honour the server, plus a little jitter so parallel callers do not return together.
            Some(after) => (after + self.base_delay.mul_f64(0.1 * random())).min(self.max_delay),
            None => self.backoff(attempt),
        }
    }

    /// The wait before retry number `attempt` (0-based) after a server error: up to double
    /// the step, for jitter.
    pub fn backoff(&self, attempt: u32) -> Duration {
        Schedule::new(self.base_delay, self.max_delay, 1.0).delay(attempt)
    }
}

/// A number in [0, 1), different on every call (not for secrets).
pub fn random() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static STATE: std::sync::OnceLock<RandomState> = std::sync::OnceLock::new();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let h = STATE.get_or_init(RandomState::new).hash_one(n);
    (h >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_doubles_with_bounded_jitter_up_to_the_cap() {
        let s = Schedule::new(Duration::from_millis(100), Duration::from_secs(1), 0.25);
        for _ in 0..50 {
            let d0 = s.delay(0);
            assert!(d0 >= Duration::from_millis(100) && d0 < Duration::from_millis(125));
            let d2 = s.delay(2);
            assert!(d2 >= Duration::from_millis(400) && d2 < Duration::from_millis(500));
            assert_eq!(s.delay(4), Duration::from_secs(1));
            assert_eq!(s.delay(u32::MAX), Duration::from_secs(1));
        }
        let flat = Schedule::new(Duration::from_secs(5), Duration::from_secs(300), 0.0);
        let waits: Vec<u64> = (0..8).map(|n| flat.delay(n).as_secs()).collect();
        assert_eq!(waits, [5, 10, 20, 40, 80, 160, 300, 300]);
    }

    #[test]
    fn jitter_spreads_the_waits() {
        let s = Schedule::new(Duration::from_secs(1), Duration::from_secs(60), 1.0);
        let waits: std::collections::BTreeSet<Duration> = (0..20).map(|_| s.delay(0)).collect();
        assert!(waits.len() > 10, "{waits:?}");
    }

    #[test]
    fn grows_and_stops() {
        let mut b = Backoff::new(3, Duration::from_millis(100), Duration::from_millis(250));
        let d1 = b.next_delay(None).unwrap();
        let d2 = b.next_delay(None).unwrap();
        let d3 = b.next_delay(None).unwrap();
        assert!(d1 >= Duration::from_millis(100) && d1 < Duration::from_millis(126));
        assert!(d2 >= Duration::from_millis(200) && d2 < Duration::from_millis(250));
        assert_eq!(d3, Duration::from_millis(250));
        assert_eq!(b.next_delay(None), None);
    }

    #[test]
    fn retry_after_wins_but_is_capped() {
        let mut b = Backoff::for_requests();
        assert_eq!(
            b.next_delay(Some(Duration::from_secs(2))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            b.next_delay(Some(Duration::from_secs(999))),
            Some(REQUEST_RETRY_AFTER_MAX)
        );
    }

    #[test]
    fn a_rate_limit_honours_retry_after_with_bounded_jitter() {
        let p = RetryPolicy::default();
        let d = p.rate_limited_delay(0, Some(Duration::from_secs(2)));
        assert!(
            d >= Duration::from_secs(2) && d < Duration::from_millis(2100),
            "{d:?}"
        );
        assert_eq!(
            p.rate_limited_delay(0, Some(Duration::from_secs(600))),
            p.max_delay
        );
    }

    #[test]
    fn the_policy_backoff_grows_and_is_capped() {
        let p = RetryPolicy::default();
        let d0 = p.backoff(0);
        assert!(d0 >= Duration::from_secs(1) && d0 < Duration::from_secs(2));
        let d3 = p.backoff(3);
        assert!(d3 >= Duration::from_secs(8) && d3 < Duration::from_secs(16));
        assert_eq!(p.backoff(30), p.max_delay);
    }
}
