//! The cached keys of one JWKS URL and the rules for fetching them again: after
//! [`KEYS_TTL`], or at once for a `kid` the cache does not hold, but at most once per
//! [`UNKNOWN_KID_RETRY`] for the same unknown `kid`. Time is an argument, so the rules are
//! tested without waiting.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde::Deserialize;

/// How long fetched keys are trusted before they are fetched again.
pub const KEYS_TTL: Duration = Duration::from_secs(3600);
/// How soon the same unknown `kid` may cause another fetch.
pub const UNKNOWN_KID_RETRY: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Deserialize)]
pub(super) struct Jwk {
    pub kty: String,
    #[serde(default)]
    pub kid: Option<String>,
    #[serde(default)]
    pub alg: Option<String>,
    #[serde(default, rename = "use")]
    pub use_: Option<String>,
    #[serde(default)]
    pub n: Option<String>,
    #[serde(default)]
    pub e: Option<String>,
    #[serde(default)]
    pub crv: Option<String>,
    #[serde(default)]
    pub x: Option<String>,
    #[serde(default)]
    pub y: Option<String>,
}

/// What the cache says about a key.
#[derive(Debug)]
pub(super) enum Lookup {
    Hit(Box<Jwk>),
    /// Fetch the set (stale, empty, or the `kid` is new).
    Fetch,
    /// The set was fetched again for this `kid` moments ago and did not have it.
    RecentlyMissed,
}

/// The cached keys of one JWKS URL, and when each unknown `kid` last caused a fetch.
#[derive(Default)]
pub(super) struct KeyCache {
    keys: Vec<Jwk>,
    fetched: Option<Instant>,
    missed: HashMap<String, Instant>,
}

impl KeyCache {
    fn fresh(&self, now: Instant) -> bool {
        self.fetched
            .is_some_and(|t| now.saturating_duration_since(t) < KEYS_TTL)
    }

    pub(super) fn lookup(&self, kid: Option<&str>, alg: &str, now: Instant) -> Lookup {
        if !self.fresh(now) {
            return Lookup::Fetch;
        }
        if let Some(k) = pick(&self.keys, kid, alg) {
            return Lookup::Hit(Box::new(k));
        }
        let recently = self
            .missed
            .get(kid.unwrap_or_default())
            .is_some_and(|t| now.saturating_duration_since(*t) < UNKNOWN_KID_RETRY);
        if recently {
            Lookup::RecentlyMissed
        } else {
            Lookup::Fetch
        }
    }

    /// Take a freshly fetched set; the key for `kid`, or a recorded miss.
    pub(super) fn refill(
        &mut self,
        keys: Vec<Jwk>,
        kid: Option<&str>,
        alg: &str,
        now: Instant,
    ) -> Option<Jwk> {
        self.keys = keys;
        self.fetched = Some(now);
        let found = pick(&self.keys, kid, alg);
        match &found {
            Some(_) => {
                self.missed.remove(kid.unwrap_or_default());
            }
            None => {
                self.missed.insert(kid.unwrap_or_default().to_owned(), now);
            }
        }
        found
    }
}

fn pick(keys: &[Jwk], kid: Option<&str>, alg: &str) -> Option<Jwk> {
    let kty = if alg == "RS256" { "RSA" } else { "EC" };
    let usable = |k: &&Jwk| {
        k.kty == kty
            && k.use_.as_deref().is_none_or(|u| u == "sig")
            && k.alg.as_deref().is_none_or(|a| a == alg)
    };
    match kid {
        Some(kid) => keys
            .iter()
            .filter(usable)
            .find(|k| k.kid.as_deref() == Some(kid))
            .cloned(),
        None => {
            let mut it = keys.iter().filter(usable);
            match (it.next(), it.next()) {
                (Some(only), None) => Some(only.clone()),
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kid: &str, kty: &str) -> Jwk {
        Jwk {
            kty: kty.into(),
            kid: Some(kid.into()),
            alg: None,
            use_: None,
            n: None,
            e: None,
            crv: None,
            x: None,
            y: None,
        }
    }

    #[test]
    fn keys_are_picked_by_kid_and_type() {
        let keys = vec![key("a", "RSA"), key("b", "RSA"), key("c", "EC")];
        assert_eq!(
            pick(&keys, Some("b"), "RS256").unwrap().kid.as_deref(),
            Some("b")
        );
        assert!(pick(&keys, Some("c"), "RS256").is_none());
        assert!(
            pick(&keys, None, "RS256").is_none(),
            "two candidates: ambiguous"
        );
        assert_eq!(
            pick(&keys, None, "ES256").unwrap().kid.as_deref(),
            Some("c")
        );
    }

    #[test]
    fn the_cache_refetches_when_stale_or_on_a_new_kid_but_not_in_a_loop() {
        let t0 = Instant::now();
        let s = Duration::from_secs;
        let mut cache = KeyCache::default();
        assert!(
            matches!(cache.lookup(Some("k1"), "RS256", t0), Lookup::Fetch),
            "empty"
        );
        assert!(
            cache
                .refill(vec![key("k1", "RSA")], Some("k1"), "RS256", t0)
                .is_some()
        );
        assert!(matches!(
            cache.lookup(Some("k1"), "RS256", t0 + s(10)),
            Lookup::Hit(_)
        ));
        // The server rotated: a new kid fetches at once, even though the set is fresh.
        assert!(matches!(
            cache.lookup(Some("k2"), "RS256", t0 + s(20)),
            Lookup::Fetch
        ));
        // The new set still lacks it: the miss is remembered for a minute…
        assert!(
            cache
                .refill(vec![key("k1", "RSA")], Some("k2"), "RS256", t0 + s(20))
                .is_none()
        );
        assert!(matches!(
            cache.lookup(Some("k2"), "RS256", t0 + s(50)),
            Lookup::RecentlyMissed
        ));
        // …while a known kid is still served and another new kid may fetch.
        assert!(matches!(
            cache.lookup(Some("k1"), "RS256", t0 + s(50)),
            Lookup::Hit(_)
        ));
        assert!(matches!(
            cache.lookup(Some("k3"), "RS256", t0 + s(50)),
            Lookup::Fetch
        ));
        // After the minute it may fetch again, and then it is found.
        let later = t0 + s(20) + UNKNOWN_KID_RETRY;
        assert!(matches!(
            cache.lookup(Some("k2"), "RS256", later),
            Lookup::Fetch
        ));
        let both = vec![key("k2", "RSA"), key("k1", "RSA")];
        assert!(cache.refill(both, Some("k2"), "RS256", later).is_some());
        assert!(matches!(
            cache.lookup(Some("k2"), "RS256", later + s(1)),
            Lookup::Hit(_)
        ));
        // The whole set is fetched again once the TTL has passed, even for a known kid.
        assert!(matches!(
            cache.lookup(Some("k1"), "RS256", later + KEYS_TTL),
            Lookup::Fetch
        ));
        // A clock that goes backwards does not panic and keeps the set fresh.
        assert!(matches!(
            cache.lookup(Some("k1"), "RS256", t0),
            Lookup::Hit(_)
        ));
    }
}
