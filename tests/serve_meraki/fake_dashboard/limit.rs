//! The Dashboard's rate limit as the fake enforces it: at most [`ORG_LIMIT`] requests in any one
//! second per organization; a request beyond it is answered `429` with `Retry-After: 1` and the
//! Dashboard's message, and does not count. A request is charged to the organization in its path,
//! or to the owner of the network or device it names: in the fake, every network and device
//! belongs to [`FAKE_ORG`] (the organization of the API reference's examples). Requests that name
//! no organization, network or device (`GET /organizations`) are not charged to any.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// Requests per second the Dashboard allows each organization.
pub const ORG_LIMIT: usize = 10;

/// The organization that owns every network and device of the fake.
pub const FAKE_ORG: &str = "2930418";

/// The organization a request is charged to, from the path parameters it binds.
pub fn org_of(bound: &[(String, String)]) -> Option<String> {
    let find = |name: &str| bound.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    if let Some(org) = find("organizationId") {
        return Some(org.clone());
    }
    ["networkId", "serial"]
        .iter()
        .any(|n| find(n).is_some())
        .then(|| FAKE_ORG.to_owned())
}

/// Sliding one-second windows of admitted requests, per organization.
#[derive(Debug)]
pub struct OrgLimit {
    per_second: Option<usize>,
    admitted: HashMap<String, VecDeque<Instant>>,
}

impl OrgLimit {
    pub fn new(per_second: Option<usize>) -> Self {
        OrgLimit {
            per_second,
            admitted: HashMap::new(),
        }
    }

    /// Whether a request for `org` arriving `now` is within the limit (and if so, count it).
    pub fn admit(&mut self, org: &str, now: Instant) -> bool {
        let Some(limit) = self.per_second else {
            return true;
        };
        let window = self.admitted.entry(org.to_owned()).or_default();
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
        {
            window.pop_front();
        }
        if window.len() >= limit {
            return false;
        }
        window.push_back(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admits_ten_a_second_per_organization() {
        let mut l = OrgLimit::new(Some(ORG_LIMIT));
        let t0 = Instant::now();
        for _ in 0..10 {
            assert!(l.admit("1", t0));
        }
        assert!(!l.admit("1", t0 + Duration::from_millis(999)));
        assert!(l.admit("2", t0), "another organization has its own window");
        assert!(l.admit("1", t0 + Duration::from_secs(1)));
    }

    #[test]
    fn networks_and_devices_belong_to_the_fake_organization() {
        let p = |n: &str, v: &str| vec![(n.to_owned(), v.to_owned())];
        assert_eq!(org_of(&p("organizationId", "77")).as_deref(), Some("77"));
        assert_eq!(org_of(&p("networkId", "N_1")).as_deref(), Some(FAKE_ORG));
        assert_eq!(org_of(&p("serial", "Q1")).as_deref(), Some(FAKE_ORG));
        assert_eq!(org_of(&[]), None);
    }
}
