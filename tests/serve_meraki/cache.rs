//! The answer cache end to end: lifetimes per kind of data set with the `--cache-ttl-*` flags
//! (short ones here), expiry, and two keys never sharing answers.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::fake_dashboard::{FAKE_ORG, FakeDashboard, OTHER_KEY};
use super::harness::{Server, is_error};

/// Call `tool`; whether the answer came from the cache, and when the call returned.
async fn cached(s: &mut Server, tool: &str, args: Value) -> (bool, Instant) {
    let r = s.call(tool, args).await;
    assert!(!is_error(&r), "{tool}: {r}");
    let hit = match r["_meta"]["mcp-bridge/cache"].as_str() {
        Some("hit") => true,
        Some("miss") => false,
        other => panic!("{tool}: no cache marker ({other:?})"),
    };
    (hit, Instant::now())
}

async fn sleep_until(t: Instant) {
    tokio::time::sleep_until(t.into()).await;
}

#[tokio::test]
async fn networks_and_clients_expire_after_their_own_lifetimes() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(
        &fake,
        &[
            "--cache-ttl-networks",
            "2",
            "--cache-ttl-clients",
            "5",
            "--cache-ttl-organizations",
            "600",
        ],
    )
    .await;
    let networks = || ("meraki_get_networks", json!({"organizationId": FAKE_ORG}));
    let network = || ("meraki_get_network", json!({"networkId": "N_1"}));
    let clients = || ("meraki_get_clients", json!({"networkId": "N_1"}));
    let orgs = || ("meraki_get_organizations", json!({}));
    let mut stored = Vec::new();
    for (tool, args) in [networks(), network(), clients(), orgs()] {
        let (hit, at) = cached(&mut s, tool, args).await;
        assert!(!hit, "{tool}: the first call asks the API");
        stored.push(at);
    }
    for (tool, args) in [networks(), network(), clients(), orgs()] {
        assert!(
            cached(&mut s, tool, args).await.0,
            "{tool}: answered from the cache"
        );
    }
    let requests = fake.seen().len();

    // Past the networks' 2 s, within the clients' 5 s.
    sleep_until(stored[1] + Duration::from_millis(2300)).await;
    let (tool, args) = networks();
    assert!(!cached(&mut s, tool, args).await.0, "network lists expired");
    let (tool, args) = network();
    assert!(
        !cached(&mut s, tool, args).await.0,
        "network details expired"
    );
    let (tool, args) = clients();
    let (hit, at) = cached(&mut s, tool, args).await;
    assert!(
        hit || at >= stored[2] + Duration::from_secs(5),
        "client lists are kept 5 s"
    );

    // Past the clients' 5 s.
    sleep_until(stored[2] + Duration::from_millis(5300)).await;
    let (tool, args) = clients();
    assert!(!cached(&mut s, tool, args).await.0, "client lists expired");
    let (tool, args) = orgs();
    assert!(cached(&mut s, tool, args).await.0, "organizations are kept");
    assert!(
        fake.seen().len() > requests,
        "expired answers were fetched again"
    );
}

#[tokio::test]
async fn a_zero_lifetime_turns_one_kind_off() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &["--cache-ttl-organizations", "0"]).await;
    let orgs = s.call("meraki_get_organizations", json!({})).await;
    let again = s.call("meraki_get_organizations", json!({})).await;
    assert_eq!(orgs["_meta"]["mcp-bridge/cache"], "miss");
    assert_eq!(again["_meta"]["mcp-bridge/cache"], "miss");
    s.call("meraki_get_networks", json!({"organizationId": FAKE_ORG}))
        .await;
    let nets = s
        .call("meraki_get_networks", json!({"organizationId": FAKE_ORG}))
        .await;
    assert_eq!(nets["_meta"]["mcp-bridge/cache"], "hit");
}

#[tokio::test]
async fn two_keys_never_see_each_others_answers() {
    let fake = FakeDashboard::start().await;
    let mut mine = Server::live(&fake, &[]).await;
    let mut theirs = Server::live_with_key(&fake, OTHER_KEY, &[]).await;
    let name = |r: &Value| r["structuredContent"]["result"][0]["name"].clone();

    let a = mine.call("meraki_get_organizations", json!({})).await;
    assert_eq!(name(&a), "My organization");
    let b = theirs.call("meraki_get_organizations", json!({})).await;
    assert_eq!(b["_meta"]["mcp-bridge/cache"], "miss");
    assert_eq!(name(&b), "My organization (other key)");
    let a2 = mine.call("meraki_get_organizations", json!({})).await;
    let b2 = theirs.call("meraki_get_organizations", json!({})).await;
    assert_eq!(
        (a2["_meta"]["mcp-bridge/cache"].clone(), name(&a2)),
        (json!("hit"), json!("My organization"))
    );
    assert_eq!(
        (b2["_meta"]["mcp-bridge/cache"].clone(), name(&b2)),
        (json!("hit"), json!("My organization (other key)"))
    );
    let auths: Vec<_> = fake.seen().into_iter().filter_map(|r| r.auth).collect();
    assert_eq!(auths.len(), 2, "one request per key: {auths:?}");
    assert_ne!(auths[0], auths[1]);
}
