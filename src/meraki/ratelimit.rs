//! Client-side pacing: at most N requests (10 by default, the Dashboard's documented limit) in
//! any one-second window per organization, so the server's 429s stay rare; and a pause shared by
//! every request of an organization when the Dashboard answers 429 anyway.
//!
//! Each request holds a slot from the moment it is sent until one window after its answer
//! came back. The server sees a request somewhere between those two moments, so however the
//! network delays requests, it never sees more than N within one second.
//!
//! A request's organization is known from its path (`/organizations/{id}/…`) or learned from
//! earlier answers (networks and devices carry their organization). A request whose organization
//! is not known may belong to any organization, so it counts against all of them. Unknown
//! requests hold slots in a window of their own, and:
//!
//! - a request for organization X is sent only while X's window and the unknown window together
//!   hold fewer than N slots;
//! - an unknown request is sent only while the unknown window and the fullest known window
//!   together hold fewer than N slots.
//!
//! So for every organization, its own requests plus all unknown ones stay within N per second,
//! whichever organization the unknown ones turn out to belong to.
//!
//! A 429 pauses every request that could count against the same organization until its
//! `Retry-After` has passed: a known organization's pause holds that organization and the
//! unknown requests; a pause from an unknown request holds every request.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::Notify;
use tokio::time::Instant;

/// Windows are a little longer than a second, to absorb timer and clock granularity.
const WINDOW: Duration = Duration::from_millis(1010);

/// The key requests of no known organization are counted under.
pub const UNKNOWN_ORG: &str = "?";

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
    /// Organizations (or [`UNKNOWN_ORG`]) paused after a 429, until when.
    paused: HashMap<String, Instant>,
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

impl Window {
    fn prune(&mut self, now: Instant) {
        while self.done.front().is_some_and(|t| *t + WINDOW <= now) {
            self.done.pop_front();
        }
    }

    fn used(&self) -> usize {
        self.done.len() + self.in_flight
    }

    /// When the oldest finished slot leaves the window.
    fn next_free(&self) -> Option<Instant> {
        self.done.front().map(|t| *t + WINDOW)
    }
}

impl State {
    /// The slots that count against a request for `org`, and the earliest moment one of them
    /// leaves its window (`None` when only unanswered requests hold them).
    fn load(&mut self, org: &str, now: Instant) -> (usize, Option<Instant>) {
        for w in self.windows.values_mut() {
            w.prune(now);
        }
        self.windows.retain(|_, w| w.used() > 0);
        let window = |k: &str| self.windows.get(k);
        let unknown = window(UNKNOWN_ORG).map_or(0, Window::used);
        if org == UNKNOWN_ORG {
            let fullest = self
                .windows
                .iter()
                .filter(|(k, _)| *k != UNKNOWN_ORG)
                .map(|(_, w)| w.used())
                .max()
                .unwrap_or(0);
            let free = self.windows.values().filter_map(Window::next_free).min();
            (unknown + fullest, free)
        } else {
            let own = window(org).map_or(0, Window::used);
            let free = [window(org), window(UNKNOWN_ORG)]
                .into_iter()
                .flatten()
                .filter_map(Window::next_free)
                .min();
            (unknown + own, free)
        }
    }

    /// Until when a request for `org` has to wait after a 429, if it has to.
    fn paused_until(&mut self, org: &str, now: Instant) -> Option<Instant> {
        self.paused.retain(|_, until| *until > now);
        if org == UNKNOWN_ORG {
            self.paused.values().max().copied()
        } else {
            [self.paused.get(org), self.paused.get(UNKNOWN_ORG)]
                .into_iter()
                .flatten()
                .max()
                .copied()
        }
    }
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
        let mut st = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(w) = st.windows.get_mut(&self.org) {
            w.in_flight = w.in_flight.saturating_sub(1);
            w.done.push_back(Instant::now());
        }
        drop(st);
        self.freed.notify_waiters();
    }
}

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
        let st = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let find = |name: &str| path_params.iter().find(|(n, _)| n == name).map(|(_, v)| v);
        find("organizationId")
            .cloned()
            .or_else(|| find("networkId").and_then(|n| st.network_org.get(n).cloned()))
            .or_else(|| find("serial").and_then(|s| st.serial_org.get(s).cloned()))
            .unwrap_or_else(|| UNKNOWN_ORG.to_owned())
    }

    /// Remember which organization the networks and devices in an answer belong to.
    pub fn learn(&self, org: &str, value: &Value) {
        let mut st = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
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

    /// The Dashboard answered 429 to a request for `org`: hold every request that counts
    /// against it for `wait`.
    pub fn pause(&self, org: &str, wait: Duration) {
        let until = Instant::now() + wait;
        let mut st = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let e = st.paused.entry(org.to_owned()).or_insert(until);
        *e = (*e).max(until);
    }

    /// Wait until a request for `org` may be sent; hold the permit until it is answered.
    pub async fn acquire(&self, org: &str) -> Permit {
        loop {
            let freed = self.freed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            let wake_at = {
                let mut st = self
                    .state
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let now = Instant::now();
                match st.paused_until(org, now) {
                    Some(until) => Some(until),
                    None => {
                        let (used, free_at) = st.load(org, now);
                        if used < self.per_second {
                            st.windows.entry(org.to_owned()).or_default().in_flight += 1;
                            return Permit {
                                org: org.to_owned(),
                                state: self.state.clone(),
                                freed: self.freed.clone(),
                            };
                        }
                        free_at
                    }
                }
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

    /// Send `unknown` requests of no known organization and `known` ones of "o1" at once, each
    /// answered after 30 ms; the moments each was sent, and whether it was unknown.
    async fn burst(rl: Arc<RateLimiter>, known: usize, unknown: usize) -> Vec<(Duration, bool)> {
        let start = Instant::now();
        let tasks: Vec<_> = (0..known + unknown)
            .map(|i| {
                let rl = rl.clone();
                let is_unknown = i >= known;
                tokio::spawn(async move {
                    let org = if is_unknown { UNKNOWN_ORG } else { "o1" };
                    let permit = rl.acquire(org).await;
                    let at = Instant::now() - start;
                    tokio::time::sleep(Duration::from_millis(30)).await;
                    drop(permit);
                    (at, is_unknown)
                })
            })
            .collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap());
        }
        out
    }

    fn most_within_a_second(times: &[Duration]) -> usize {
        times
            .iter()
            .map(|t| {
                times
                    .iter()
                    .filter(|u| **u >= *t && **u < *t + Duration::from_secs(1))
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    #[tokio::test(start_paused = true)]
    async fn requests_of_unknown_organizations_count_against_every_organization() {
        let rl = Arc::new(RateLimiter::new(10));
        // One organization is known (it has a request in flight), then 30 of its requests and
        // 30 of networks whose organization is not known yet go at once.
        let first = rl.acquire("o1").await;
        drop(first);
        let sent = burst(rl.clone(), 30, 30).await;
        let all: Vec<Duration> = sent.iter().map(|(t, _)| *t).collect();
        assert_eq!(all.len(), 60);
        let most = most_within_a_second(&all);
        assert!(most <= 10, "{most} requests within one second could hit o1");
        let unknown: Vec<Duration> = sent.iter().filter(|(_, u)| *u).map(|(t, _)| *t).collect();
        assert!(
            most_within_a_second(&unknown) >= 1,
            "unknown requests were sent"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn unknown_requests_hold_back_organizations_not_seen_yet() {
        let rl = RateLimiter::new(10);
        let held: Vec<Permit> =
            futures_util::future::join_all((0..10).map(|_| rl.acquire(UNKNOWN_ORG))).await;
        let waiting = tokio::time::timeout(Duration::from_millis(500), rl.acquire("new-org"));
        assert!(
            waiting.await.is_err(),
            "ten unknown requests might all be new-org's"
        );
        drop(held);
        let start = Instant::now();
        let _p = rl.acquire("new-org").await;
        assert!(Instant::now() - start >= Duration::from_secs(1));
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_pauses_every_request_that_counts_against_the_organization() {
        let rl = RateLimiter::new(10);
        rl.pause("o1", Duration::from_secs(2));
        let start = Instant::now();
        drop(rl.acquire("o2").await);
        assert_eq!(Instant::now(), start, "another organization goes on");
        drop(rl.acquire("o1").await);
        assert!(
            Instant::now() - start >= Duration::from_secs(2),
            "o1 waited"
        );
        rl.pause("o1", Duration::from_secs(2));
        let start = Instant::now();
        drop(rl.acquire(UNKNOWN_ORG).await);
        assert!(
            Instant::now() - start >= Duration::from_secs(2),
            "an unknown request may be o1's"
        );
        // A 429 to an unknown request could be any organization's: everything waits.
        rl.pause(UNKNOWN_ORG, Duration::from_secs(3));
        let start = Instant::now();
        drop(rl.acquire("o2").await);
        assert!(Instant::now() - start >= Duration::from_secs(3));
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
