//! A small in-memory TTL cache of API answers. Entries are keyed by the API key's fingerprint
//! plus the request, so two keys never see each other's data; lifetimes depend on the kind of
//! data (organizations change rarely, clients often).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long each kind of answer is kept. A zero duration means "not cached".
#[derive(Debug, Clone, PartialEq)]
pub struct CacheTtls {
    pub organizations: Duration,
    pub networks: Duration,
    pub clients: Duration,
}

impl Default for CacheTtls {
    fn default() -> Self {
        CacheTtls {
            organizations: Duration::from_secs(1800),
            networks: Duration::from_secs(900),
            clients: Duration::from_secs(300),
        }
    }
}

impl CacheTtls {
    /// No caching at all.
    pub fn disabled() -> Self {
        CacheTtls {
            organizations: Duration::ZERO,
            networks: Duration::ZERO,
            clients: Duration::ZERO,
        }
    }

    /// The lifetime for answers of an operation.
    pub fn for_operation(&self, operation_id: &str) -> Duration {
        match operation_id {
            "getOrganizations" | "getOrganization" => self.organizations,
            "getOrganizationNetworks" | "getNetwork" => self.networks,
            "getNetworkClients" => self.clients,
            _ => Duration::ZERO,
        }
    }
}

/// A cached answer.
#[derive(Debug, Clone)]
pub struct Cached {
    pub value: Value,
    pub notes: Vec<String>,
    pub pages: u32,
}

/// The cache. Bounded: when full, expired entries go first, then the oldest.
#[derive(Debug)]
pub struct TtlCache {
    max_entries: usize,
    entries: Mutex<HashMap<String, (Instant, Cached)>>,
}

impl TtlCache {
    pub fn new(max_entries: usize) -> Self {
        TtlCache {
            max_entries,
            entries: Mutex::default(),
        }
    }

    /// The cache key of a request made with the key of fingerprint `key_fp`.
    pub fn key(key_fp: u64, url: &str) -> String {
        format!("{key_fp:016x} {url}")
    }

    pub fn get(&self, key: &str) -> Option<Cached> {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match entries.get(key) {
            Some((expires, c)) if *expires > Instant::now() => Some(c.clone()),
            Some(_) => {
                entries.remove(key);
                None
            }
            None => None,
        }
    }

    /// Forget everything (after a change made through the API).
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }

    pub fn put(&self, key: String, ttl: Duration, value: Cached) {
        if ttl.is_zero() || self.max_entries == 0 {
            return;
        }
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        if entries.len() >= self.max_entries {
            entries.retain(|_, (expires, _)| *expires > now);
        }
        if entries.len() >= self.max_entries
            && let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, (e, _))| *e)
                .map(|(k, _)| k.clone())
        {
            entries.remove(&oldest);
        }
        entries.insert(key, (now + ttl, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cached(v: Value) -> Cached {
        Cached {
            value: v,
            notes: vec![],
            pages: 1,
        }
    }

    #[test]
    fn entries_expire_and_keys_are_kept_apart() {
        let c = TtlCache::new(10);
        let (a, b) = (
            TtlCache::key(1, "/organizations"),
            TtlCache::key(2, "/organizations"),
        );
        c.put(a.clone(), Duration::from_secs(60), cached(json!(["a"])));
        assert_eq!(c.get(&a).unwrap().value, json!(["a"]));
        assert!(c.get(&b).is_none(), "another key must not see the entry");
        c.put(b.clone(), Duration::from_millis(1), cached(json!(["b"])));
        std::thread::sleep(Duration::from_millis(5));
        assert!(c.get(&b).is_none());
        c.put(b.clone(), Duration::ZERO, cached(json!(["b"])));
        assert!(c.get(&b).is_none(), "a zero lifetime is not cached");
    }

    #[test]
    fn stays_bounded() {
        let c = TtlCache::new(3);
        for i in 0..10 {
            c.put(
                format!("k{i}"),
                Duration::from_secs(60 + i),
                cached(json!(i)),
            );
        }
        assert_eq!(c.entries.lock().unwrap().len(), 3);
        assert!(c.get("k9").is_some());
    }

    #[test]
    fn lifetimes_follow_the_kind_of_data() {
        let t = CacheTtls::default();
        assert_eq!(
            t.for_operation("getOrganizations"),
            Duration::from_secs(1800)
        );
        assert_eq!(
            t.for_operation("getOrganizationNetworks"),
            Duration::from_secs(900)
        );
        assert_eq!(
            t.for_operation("getNetworkClients"),
            Duration::from_secs(300)
        );
        assert_eq!(t.for_operation("getDevice"), Duration::ZERO);
    }
}
