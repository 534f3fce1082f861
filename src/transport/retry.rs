//! Backoff for retries: exponential with jitter, bounded in count and delay, and honouring a
//! server's `Retry-After`.

use std::time::Duration;

/// A bounded exponential backoff.
#[derive(Debug, Clone)]
pub struct Backoff {
    attempt: u32,
    max_attempts: u32,
    base: Duration,
    cap: Duration,
}

impl Backoff {
    pub fn new(max_attempts: u32, base: Duration, cap: Duration) -> Self {
        Backoff {
            attempt: 0,
            max_attempts,
            base,
            cap,
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

    /// The pause before the next attempt, or `None` when the attempts are used up. A
    /// server-given `retry_after` wins over the computed delay, up to 30 seconds.
    pub fn next_delay(&mut self, retry_after: Option<Duration>) -> Option<Duration> {
        if self.attempt >= self.max_attempts {
            return None;
        }
        self.attempt += 1;
        if let Some(ra) = retry_after {
            return Some(ra.min(Duration::from_secs(30)));
        }
        let exp = self.base.saturating_mul(1 << (self.attempt - 1).min(16));
        let capped = exp.min(self.cap);
        // Up to 25% jitter, from the clock: enough to spread several bridges apart.
        let nanos = crate::clock::subsec_nanos();
        let jitter = capped.mul_f64(f64::from(nanos % 1000) / 4000.0);
        Some(capped + jitter)
    }
}

/// Parse a `Retry-After` header given in seconds (HTTP dates are treated as absent).
pub fn parse_retry_after(value: Option<&http::HeaderValue>) -> Option<Duration> {
    value?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_and_stops() {
        let mut b = Backoff::new(3, Duration::from_millis(100), Duration::from_millis(250));
        let d1 = b.next_delay(None).unwrap();
        let d2 = b.next_delay(None).unwrap();
        let d3 = b.next_delay(None).unwrap();
        assert!(d1 >= Duration::from_millis(100) && d1 < Duration::from_millis(126));
        assert!(d2 >= Duration::from_millis(200));
        assert!(d3 >= Duration::from_millis(250) && d3 <= Duration::from_millis(313));
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
            Some(Duration::from_secs(30))
        );
        let v = http::HeaderValue::from_static(" 3 ");
        assert_eq!(parse_retry_after(Some(&v)), Some(Duration::from_secs(3)));
        let v = http::HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(parse_retry_after(Some(&v)), None);
    }
}
