//! Client-side pacing as the Dashboard sees it: the fake enforces 10 requests per second per
//! organization (answering 429 beyond it), and the bridge must never trip it, whether or not it
//! knows which organization a network belongs to; and a 429 holds back the organization's
//! other requests.

use std::time::Duration;

use serde_json::{Value, json};

use super::fake_dashboard::{FAKE_ORG, FakeDashboard, ORG_LIMIT, most_in_one_second};
use super::harness::{Server, eventually, is_error};

/// Send every call at once, then wait for all the answers.
async fn all_at_once(s: &mut Server, calls: &[(&str, Value)]) -> Vec<Value> {
    let mut ids = Vec::new();
    for (tool, args) in calls {
        let id = s
            .send_request("tools/call", json!({"name": tool, "arguments": args}))
            .await;
        ids.push(id);
    }
    let mut results = Vec::new();
    for id in ids {
        results.push(s.response(id).await["result"].clone());
    }
    results
}

#[tokio::test]
async fn organization_and_network_calls_at_once_never_exceed_the_dashboard_limit() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &["--no-cache"]).await;
    // 30 calls on the organization (known from the path) and 30 on its networks (whose
    // organization the bridge cannot know: their answers do not name it).
    let mut calls = Vec::new();
    for i in 0..30 {
        calls.push((
            "meraki_get_organization",
            json!({"organizationId": FAKE_ORG}),
        ));
        calls.push(("meraki_get_devices", json!({"networkId": format!("N_{i}")})));
    }
    let results = all_at_once(&mut s, &calls).await;
    assert!(
        results.iter().all(|r| r["isError"] == json!(false)),
        "{results:?}"
    );
    let seen = fake.seen();
    assert_eq!(seen.len(), 60, "no request was repeated after a 429");
    assert!(seen.iter().all(|r| r.org.as_deref() == Some(FAKE_ORG)));
    assert_eq!(fake.limited(), 0, "the Dashboard never had to answer 429");
    let times: Vec<_> = seen.iter().map(|r| r.at).collect();
    let most = most_in_one_second(&times);
    assert!(
        most <= ORG_LIMIT,
        "{most} requests for one organization within one second"
    );
}

#[tokio::test]
async fn a_429_holds_back_the_other_requests_of_the_organization() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &["--no-cache"]).await;
    // The first request of O_pause is answered 429 with Retry-After: 2.
    let first = s
        .send_request(
            "tools/call",
            json!({"name": "meraki_get_organization", "arguments": {"organizationId": "O_pause"}}),
        )
        .await;
    eventually("the first request", || !fake.seen().is_empty()).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let second = s
        .send_request(
            "tools/call",
            json!({"name": "meraki_get_networks", "arguments": {"organizationId": "O_pause"}}),
        )
        .await;
    // Another organization is not held back.
    let other = s
        .call("meraki_get_organization", json!({"organizationId": "77"}))
        .await;
    assert!(!is_error(&other));
    for id in [first, second] {
        let r = s.response(id).await;
        assert_eq!(r["result"]["isError"], json!(false), "{r}");
    }
    let seen = fake.seen_matching("/organizations/O_pause");
    let refused = seen[0].at;
    let networks = seen
        .iter()
        .find(|r| r.path.ends_with("/networks"))
        .expect("the networks request was made");
    let waited = networks.at.duration_since(refused);
    assert!(
        waited >= Duration::from_millis(1800),
        "the networks request went {waited:?} after the 429 with Retry-After: 2"
    );
    let seventy_seven = &fake.seen_matching("/organizations/77")[0];
    assert!(
        seventy_seven.at.duration_since(refused) < Duration::from_millis(1500),
        "organization 77 did not wait for O_pause"
    );
}
