//! The Dashboard client through the binary: pagination, 429 and 5xx retries, redirects, the
//! cache, the key sources, and client-side pacing.

use std::time::Duration;

use serde_json::json;

use super::fake_dashboard::{FakeDashboard, KEY};
use super::harness::{Server, command, is_error, notes, text};

#[tokio::test]
async fn follows_link_pages_up_to_the_page_limit() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &["--max-pages", "5"]).await;
    let r = s
        .call("meraki_get_clients", json!({"networkId": "N_1"}))
        .await;
    let pages = fake.seen_matching("/networks/N_1/clients");
    assert_eq!(pages.len(), 3);
    assert!(
        pages[1].query.contains("startingAfter=p2") && pages[2].query.contains("startingAfter=p3")
    );
    assert!(pages.iter().all(|p| p.query.contains("perPage=1000")));
    assert_eq!(
        r["structuredContent"]["result"].as_array().unwrap().len(),
        3
    );
    assert_eq!(r["structuredContent"]["result"][2]["id"], "k74272e-p3");
    assert_eq!(r["_meta"]["mcp-bridge/pages"], 3);

    let r = s
        .call("meraki_get_clients", json!({"networkId": "N_many"}))
        .await;
    assert_eq!(fake.seen_matching("/networks/N_many/clients").len(), 5);
    assert!(notes(&r).contains("Stopped after 5 pages"), "{}", notes(&r));
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_huge_answer_is_cut_off_with_a_clear_tool_error() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &[]).await;
    let r = s
        .call("meraki_get_network", json!({"networkId": "N_huge"}))
        .await;
    assert!(is_error(&r), "{r:.300}");
    assert!(text(&r).contains("larger than 32 MiB"), "{}", text(&r));
    // It stopped reading at the cap: at most the cap's buffer above its own needs, never the
    // 48 MiB answer and its parsed copy.
    let peak = s.peak_rss_kb();
    assert!(peak < 80 * 1024, "serve meraki held {peak} kB at its peak");
    let r = s
        .call("meraki_get_network", json!({"networkId": "N_1"}))
        .await;
    assert!(!is_error(&r), "and goes on: {r:.300}");
}

#[tokio::test]
async fn rate_limited_requests_wait_for_retry_after_and_succeed() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &[]).await;
    let r = s
        .call("meraki_get_network", json!({"networkId": "N_busy"}))
        .await;
    assert!(!is_error(&r), "{r}");
    let seen = fake.seen_matching("N_busy");
    assert_eq!(seen.len(), 3, "two 429s, then the answer");
    for pair in seen.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= Duration::from_millis(950),
            "Retry-After: 1 honoured, waited {gap:?}"
        );
    }
}

#[tokio::test]
async fn endless_429s_end_in_a_clear_tool_error() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &["--max-retries", "2"]).await;
    let r = s
        .call("meraki_get_network", json!({"networkId": "N_throttled"}))
        .await;
    assert!(is_error(&r));
    assert!(text(&r).contains("429"), "{}", text(&r));
    assert_eq!(fake.seen_matching("N_throttled").len(), 3);
}

#[tokio::test]
async fn server_errors_are_retried_a_bounded_number_of_times() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &["--max-server-retries", "2"]).await;
    let r = s
        .call("meraki_get_network", json!({"networkId": "N_flaky"}))
        .await;
    assert!(!is_error(&r), "{r}");
    assert_eq!(fake.seen_matching("N_flaky").len(), 2);
    let r = s
        .call("meraki_get_network", json!({"networkId": "N_down"}))
        .await;
    assert!(is_error(&r));
    assert!(
        text(&r).contains("500") && text(&r).contains("Something went wrong"),
        "{}",
        text(&r)
    );
    assert_eq!(fake.seen_matching("N_down").len(), 3);
}

#[tokio::test]
async fn redirects_keep_the_key_on_trusted_hosts_and_are_refused_elsewhere() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &[]).await;
    let r = s
        .call(
            "meraki_get_organization",
            json!({"organizationId": "redirect"}),
        )
        .await;
    assert!(!is_error(&r), "{r}");
    let shard = fake.seen_matching("/shard/api/v1/organizations/redirect");
    assert_eq!(shard.len(), 1);
    assert_eq!(
        shard[0].auth.as_deref(),
        Some(format!("Bearer {KEY}").as_str())
    );

    let r = s
        .call(
            "meraki_get_organization",
            json!({"organizationId": "offsite"}),
        )
        .await;
    assert!(is_error(&r));
    assert!(
        text(&r).contains("refused") && text(&r).contains("localhost"),
        "{}",
        text(&r)
    );
    assert!(
        fake.seen_matching("/elsewhere").is_empty(),
        "the redirect was not followed"
    );
}

#[tokio::test]
async fn answers_are_cached_per_kind_and_no_cache_turns_it_off() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &[]).await;
    let first = s.call("meraki_get_organizations", json!({})).await;
    let second = s.call("meraki_get_organizations", json!({})).await;
    assert_eq!(first["_meta"]["mcp-bridge/cache"], "miss");
    assert_eq!(second["_meta"]["mcp-bridge/cache"], "hit");
    assert_eq!(first["structuredContent"], second["structuredContent"]);
    assert_eq!(fake.seen_matching("/organizations").len(), 1);
    // Devices are not cached.
    s.call("meraki_get_device", json!({"serial": "Q1"})).await;
    s.call("meraki_get_device", json!({"serial": "Q1"})).await;
    assert_eq!(fake.seen_matching("/devices/Q1").len(), 2);

    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &["--no-cache"]).await;
    s.call("meraki_get_organizations", json!({})).await;
    let again = s.call("meraki_get_organizations", json!({})).await;
    assert_eq!(again["_meta"]["mcp-bridge/cache"], "miss");
    assert_eq!(fake.seen_matching("/organizations").len(), 2);
}

#[tokio::test]
async fn a_wrong_key_gets_the_dashboards_401_message() {
    let fake = FakeDashboard::start().await;
    let mut cmd = command(&["serve", "meraki", "--base-url", &fake.base]);
    cmd.env("MERAKI_DASHBOARD_API_KEY", "wrong");
    let mut s = Server::spawn(cmd).await;
    let r = s.call("meraki_get_organizations", json!({})).await;
    assert!(is_error(&r));
    assert!(
        text(&r).contains("401") && text(&r).contains("No valid authentication method found"),
        "{}",
        text(&r)
    );
    assert_eq!(fake.seen()[0].auth.as_deref(), Some("Bearer wrong"));
}

#[tokio::test]
async fn the_key_can_come_from_a_file() {
    let fake = FakeDashboard::start().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("meraki-key");
    std::fs::write(&path, format!("{KEY}\n")).unwrap();
    let cmd = command(&[
        "serve",
        "meraki",
        "--base-url",
        &fake.base,
        "--api-key-file",
        path.to_str().unwrap(),
    ]);
    let mut s = Server::spawn(cmd).await;
    let r = s.call("meraki_get_organizations", json!({})).await;
    assert!(!is_error(&r), "{r}");
}

#[tokio::test]
async fn never_more_than_ten_requests_a_second_per_organization() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &["--no-cache"]).await;
    // 25 calls at once on one organization.
    let mut ids = Vec::new();
    for _ in 0..25 {
        ids.push(
            s.send_request(
                "tools/call",
                json!({"name": "meraki_get_organization", "arguments": {"organizationId": "77"}}),
            )
            .await,
        );
    }
    for id in ids {
        let r = s.response(id).await;
        assert!(!is_error(&r["result"]));
    }
    let times: Vec<_> = fake.seen().iter().map(|s| s.at).collect();
    assert_eq!(times.len(), 25);
    for (i, t) in times.iter().enumerate() {
        let within = times[i..]
            .iter()
            .filter(|u| u.duration_since(*t) < Duration::from_secs(1))
            .count();
        assert!(within <= 10, "{within} requests within one second");
    }
    let span = times[24].duration_since(times[0]);
    assert!(
        span >= Duration::from_secs(2),
        "25 requests take at least two seconds: {span:?}"
    );
}
