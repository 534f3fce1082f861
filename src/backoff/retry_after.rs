//! The `Retry-After` header (RFC 9110 §10.2.3): either delay-seconds (`120`) or an HTTP-date
//! (`Wed, 21 Oct 2015 07:28:00 GMT`, or the obsolete RFC 850 and asctime forms a recipient must
//! also accept, §5.6.7). A decimal number of seconds (`0.5`) is taken too, leniently. A date in
//! the past means at once; every wait is bounded by [`RETRY_AFTER_MAX`], so that a hostile or
//! mistaken header cannot park a request; anything else is ignored (the caller's own schedule
//! applies).

use std::time::Duration;

use crate::clock;

/// No `Retry-After` is taken to mean longer than this.
pub const RETRY_AFTER_MAX: Duration = Duration::from_secs(3600);

/// The wait a `Retry-After` value asks for, read against the clock now.
pub fn retry_after(value: Option<&str>) -> Option<Duration> {
    parse_retry_after(value?, clock::unix_now())
}

/// The wait a `Retry-After` value asks for when the time is `now` (seconds since the epoch).
pub fn parse_retry_after(value: &str, now: u64) -> Option<Duration> {
    let v = value.trim();
    let wait = if v.starts_with(|c: char| c.is_ascii_digit()) {
        delay_seconds(v)?
    } else {
        Duration::from_secs(http_date(v, now)?.saturating_sub(now))
    };
    Some(wait.min(RETRY_AFTER_MAX))
}

/// `1*DIGIT`, or digits with a fraction; too many digits saturate.
fn delay_seconds(v: &str) -> Option<Duration> {
    let (whole, frac) = v.split_once('.').unwrap_or((v, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) || (v.contains('.') && frac.is_empty()) {
        return None;
    }
    let secs = whole.parse::<u64>().unwrap_or(u64::MAX);
    let nanos = format!("{frac:0<9}")[..9].parse::<u32>().unwrap_or(0);
    Some(Duration::new(secs, 0).saturating_add(Duration::from_nanos(u64::from(nanos))))
}

/// Seconds since the epoch of an HTTP-date in any of its three forms (`now` places RFC 850's
/// two-digit year).
fn http_date(v: &str, now: u64) -> Option<u64> {
    let words: Vec<&str> = v.split_ascii_whitespace().collect();
    let (day, month, year, time) = match words.as_slice() {
        // IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`
        [wd, d, m, y, t, "GMT"] if wd.ends_with(',') && y.len() == 4 => (*d, *m, number(y)?, *t),
        // RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`
        [wd, dmy, t, "GMT"] if wd.ends_with(',') => {
            let mut parts = dmy.split('-');
            let (d, m, yy) = (parts.next()?, parts.next()?, parts.next()?);
            if parts.next().is_some() || yy.len() != 2 {
                return None;
            }
            (d, m, 2000 + number(yy)?, *t)
        }
        // asctime: `Sun Nov  6 08:49:37 1994`
        [_, m, d, t, y] if y.len() == 4 => (*d, *m, number(y)?, *t),
        _ => return None,
    };
    let month = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
    let day = u32::try_from(number(day)?).ok()?;
    let mut hms = time.split(':').map(number);
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || time.len() != 8 || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let at = |year: u64| -> Option<u64> {
        let days = clock::days_from_civil(i64::try_from(year).ok()?, month, day)?;
        Some(u64::try_from(days).ok()? * 86_400 + h * 3600 + m * 60 + s)
    };
    let secs = at(year)?;
    // RFC 850's two-digit year: one that would be more than 50 years ahead is in the past.
    if words.len() == 4 && secs > now.saturating_add(FIFTY_YEARS) {
        return at(year - 100);
    }
    Some(secs)
}

const FIFTY_YEARS: u64 = 50 * 36_525 * 864;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn number(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wed, 21 Oct 2015 07:28:00 GMT
    const OCT_2015: u64 = 1_445_412_480;

    fn at(v: &str, now: u64) -> Option<Duration> {
        parse_retry_after(v, now)
    }

    #[test]
    fn delay_seconds() {
        assert_eq!(at("120", 0), Some(Duration::from_secs(120)));
        assert_eq!(at(" 3 ", 0), Some(Duration::from_secs(3)));
        assert_eq!(at("0", 0), Some(Duration::ZERO));
        assert_eq!(at("0.5", 0), Some(Duration::from_millis(500)));
        assert_eq!(at("1.25", 0), Some(Duration::from_millis(1250)));
    }

    #[test]
    fn an_http_date_counts_from_now() {
        let v = "Wed, 21 Oct 2015 07:28:00 GMT";
        assert_eq!(at(v, OCT_2015 - 90), Some(Duration::from_secs(90)));
        assert_eq!(at(v, OCT_2015), Some(Duration::ZERO));
        // In the past: at once.
        assert_eq!(at(v, OCT_2015 + 3600), Some(Duration::ZERO));
        // The obsolete forms give the same instant.
        assert_eq!(
            at("Wednesday, 21-Oct-15 07:28:00 GMT", OCT_2015 - 90),
            Some(Duration::from_secs(90))
        );
        assert_eq!(
            at("Wed Oct 21 07:28:00 2015", OCT_2015 - 90),
            Some(Duration::from_secs(90))
        );
        assert_eq!(
            at("Sun Nov  6 08:49:37 1994", 784_111_777 - 5),
            Some(Duration::from_secs(5))
        );
        // A two-digit year more than 50 years ahead is the past century's.
        assert_eq!(
            at("Sunday, 06-Nov-94 08:49:37 GMT", 784_111_777 - 5),
            Some(Duration::from_secs(5))
        );
    }

    #[test]
    fn huge_values_are_capped() {
        assert_eq!(at("7200", 0), Some(RETRY_AFTER_MAX));
        assert_eq!(at("99999999999999999999999999", 0), Some(RETRY_AFTER_MAX));
        assert_eq!(at("1e9", 0), None);
        assert_eq!(
            at("Fri, 31 Dec 9999 23:59:59 GMT", OCT_2015),
            Some(RETRY_AFTER_MAX)
        );
    }

    #[test]
    fn garbage_is_ignored() {
        for v in [
            "",
            "soon",
            "-5",
            "+5",
            "3s",
            "1.",
            ".5",
            "NaN",
            "inf",
            "1 2",
            "Wed, 21 Oct 2015 07:28:00 PST",
            "Wed, 32 Oct 2015 07:28:00 GMT",
            "Wed, 21 Foo 2015 07:28:00 GMT",
            "Wed, 21 Oct 2015 25:28:00 GMT",
            "Wed, 21 Oct 2015 07:28 GMT",
            "Wed, 21 Oct 15 07:28:00 GMT",
            "Wed, 29 Feb 2015 07:28:00 GMT",
        ] {
            assert_eq!(at(v, OCT_2015), None, "{v:?}");
        }
        assert_eq!(retry_after(None), None);
    }
}
