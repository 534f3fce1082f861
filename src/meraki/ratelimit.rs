//! Client-side pacing: at most N requests (10 by default, the Dashboard's documented limit) in
//! any one-second window per organization, so the server's 429s stay rare.
//!
//! Each request holds a slot from the moment it is sent until one window after its answer
//! came back. The server sees a request somewhere between those two moments, so however the
//! network delays requests, it never sees more than N within one second.
//!
//! A request's organization is known from its path (`/organizations/{id}/…`) or learned from
//! earlier answers (networks and devices carry their organization). Requests whose organization
//! is not known yet share one window of their own.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::Notify;
use tokio::time::Instant;

/// Windows are a little longer than a second, to absorb timer and clock granularity.
const WINDOW: Duration = Duration::from_millis(1010);

/// Per-organization sliding-window limiter.
#[derive(Debug)]
pub struct RateLimiter {
    per_second: usize,
    state: Arc<Mutex<State>>,
    freed: Arc<Notify>,
}

#[derive(Debug, Default)]
struct State {
    windows: HashMap<String, Window>,
    network_org: HashMap<String, String>,
    serial_org: HashMap<String, String>,
}

#[derive(Debug, Default)]
struct Window {
    /// When recent requests of this organization were answered, oldest first.
    done: VecDeque<Instant>,
    /// Requests sent and not answered yet.
    in_flight: usize,
}

/// A sent request's slot; dropping it (answer received, or call cancelled) starts the
/// slot's last window.
#[derive(Debug)]
pub struct Permit {
    org: String,
    state: Arc<Mutex<State>>,
    freed: Arc<Notify>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        if let Ok(mut st) = self.state.lock()
            && let Some(w) = st.windows.get_mut(&self.org)
        {
            w.in_flight = w.in_flight.saturating_sub(1);
            w.done.push_back(Instant::now());
        }
        self.freed.notify_waiters();
    }
}

/// The key a request is counted under.
pub const UNKNOWN_ORG: &str = "?";

impl RateLimiter {
    pub fn new(per_second: u32) -> Self {
        RateLimiter {
            per_second: per_second.max(1) as usize,
            state: Arc::default(),
            freed: Arc::default(),
        }
    }

    /// The organization a request belongs to, from its path parameters.
    pub fn org_of(&self, path_params: &[(String, String)]) -> String {
        let st = self.state.lock().expect("rate limiter lock");
        let find = |name: &str| path_params.iter().find(|(n, _)| n == name).map(|(_, v)| v);
        find("organizationId")
            .cloned()
            .or_else(|| find("networkId").and_then(|n| st.network_org.get(n).cloned()))
            .or_else(|| find("serial").and_then(|s| st.serial_org.get(s).cloned()))
            .unwrap_or_else(|| UNKNOWN_ORG.to_owned())
    }

    /// Remember which organization the networks and devices in an answer belong to.
    pub fn learn(&self, org: &str, value: &Value) {
        let mut st = self.state.lock().expect("rate limiter lock");
        let items: Vec<&Value> = match value {
            Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        for item in items {
            let owner = item
                .get("organizationId")
                .and_then(Value::as_str)
                .unwrap_or(org);
            if owner == UNKNOWN_ORG {
                continue;
            }
            if let Some(serial) = item.get("serial").and_then(Value::as_str) {
                st.serial_org.insert(serial.to_owned(), owner.to_owned());
            }
            if let Some(net) = item.get("networkId").and_then(Value::as_str) {
                st.network_org.insert(net.to_owned(), owner.to_owned());
            }
            if item.get("organizationId").is_some()
                && let Some(id) = item.get("id").and_then(Value::as_str)
            {
                st.network_org.insert(id.to_owned(), owner.to_owned());
            }
        }
    }

    /// Wait until a request for `org` may be sent; hold the permit until it is answered.
    pub async fn acquire(&self, org: &str) -> Permit {
        loop {
            let freed = self.freed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            let wake_at = {
                let mut st = self.state.lock().expect("rate limiter lock");
                let now = Instant::now();
                let w = st.windows.entry(org.to_owned()).or_default();
                while w.done.front().is_some_and(|t| *t + WINDOW <= now) {
                    w.done.pop_front();
                }
                if w.done.len() + w.in_flight < self.per_second {
                    w.in_flight += 1;
                    return Permit {
                        org: org.to_owned(),
                        state: self.state.clone(),
                        freed: self.freed.clone(),
                    };
                }
                w.done.front().map(|t| *t + WINDOW)
            };
            match wake_at {
                Some(at) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(at) => {}
                        () = &mut freed => {}
                    }
                }
                None => freed.await,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[tokio::test(start_paused = true)]
    async fn never_more_than_n_per_window() {
        let rl = RateLimiter::new(10);
        let start = Instant::now();
        let mut times = Vec::new();
        for _ in 0..35 {
            let permit = rl.acquire("o1").await;
            times.push(Instant::now() - start);
            tokio::time::sleep(Duration::from_millis(30)).await;
            drop(permit);
        }
        for (i, t) in times.iter().enumerate() {
            let in_window = times[i..]
                .iter()
                .filter(|u| **u < *t + Duration::from_secs(1))
                .count();
            assert!(
                in_window <= 10,
                "{in_window} requests within a second of {t:?}"
            );
        }
        assert!(times[34] >= Duration::from_secs(3));
        // Another organization is not held back.
        let before = Instant::now();
        let _p = rl.acquire("o2").await;
        assert_eq!(Instant::now(), before);
    }

    #[tokio::test(start_paused = true)]
    async fn ten_at_once_then_wait_for_answers_plus_a_window() {
        let rl = Arc::new(RateLimiter::new(10));
        let start = Instant::now();
        let permits: Vec<Permit> =
            futures_util::future::join_all((0..10).map(|_| rl.acquire("o"))).await;
        assert_eq!(Instant::now(), start, "the first ten go at once");
        let rl2 = rl.clone();
        let eleventh = tokio::spawn(async move {
            let _p = rl2.acquire("o").await;
            Instant::now()
        });
        tokio::time::sleep(Duration::from_millis(500)).await;
        drop(permits);
        let at = eleventh.await.unwrap();
        assert!(
            at - start >= Duration::from_millis(1500),
            "waited for the answers and a window: {:?}",
            at - start
        );
    }

    #[test]
    fn learns_organizations_of_networks_and_devices() {
        let rl = RateLimiter::new(10);
        let p = |n: &str, v: &str| vec![(n.to_owned(), v.to_owned())];
        assert_eq!(rl.org_of(&p("networkId", "N_1")), UNKNOWN_ORG);
        rl.learn("7", &json!([{"id": "N_1", "organizationId": "7"}]));
        rl.learn("7", &json!([{"serial": "Q-1", "networkId": "N_2"}]));
        assert_eq!(rl.org_of(&p("networkId", "N_1")), "7");
        assert_eq!(rl.org_of(&p("networkId", "N_2")), "7");
        assert_eq!(rl.org_of(&p("serial", "Q-1")), "7");
        assert_eq!(rl.org_of(&p("organizationId", "9")), "9");
    }
}
