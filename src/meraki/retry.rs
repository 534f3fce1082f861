//! When and how long to wait before trying a request again: `429` after its `Retry-After` (or an
//! exponential backoff when absent), `5xx` and connection failures after a short backoff, each
//! with jitter, a bounded number of times.

use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The retry budget and pacing.
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
            Some(after) => (after + self.base_delay.mul_f64(0.1 * jitter())).min(self.max_delay),
            None => self.backoff(attempt),
        }
    }

    /// The wait before retry number `attempt` (0-based) after a server error.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let step = self.base_delay.saturating_mul(1 << attempt.min(16));
        step.mul_f64(1.0 + jitter()).min(self.max_delay)
    }
}

/// `Retry-After` in seconds (the Dashboard sends whole seconds; an HTTP date is not used).
pub fn parse_retry_after(value: Option<&str>) -> Option<Duration> {
    let secs: f64 = value?.trim().parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(3600.0)))
}

/// A number in [0, 1), different on every call.
fn jitter() -> f64 {
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
    fn retry_after_is_honoured_with_bounded_jitter() {
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
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::default();
        let d0 = p.backoff(0);
        assert!(d0 >= Duration::from_secs(1) && d0 < Duration::from_secs(2));
        let d3 = p.backoff(3);
        assert!(d3 >= Duration::from_secs(8) && d3 < Duration::from_secs(16));
        assert_eq!(p.backoff(30), p.max_delay);
    }

    #[test]
    fn parses_retry_after() {
        assert_eq!(parse_retry_after(Some(" 3 ")), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after(Some("0.5")),
            Some(Duration::from_millis(500))
        );
        assert_eq!(parse_retry_after(Some("soon")), None);
        assert_eq!(parse_retry_after(None), None);
    }
}
