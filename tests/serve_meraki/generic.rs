//! The generic tools: operation search, `meraki_api_get` by id or path with checked
//! parameters, and `meraki_api_call`, which exists only with `--allow-writes`.

use serde_json::json;

use super::fake_dashboard::FakeDashboard;
use super::harness::{Server, is_error, text};

#[tokio::test]
async fn search_finds_operations_by_words() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &[]).await;
    let r = s
        .call(
            "meraki_search_operations",
            json!({"query": "appliance vlans"}),
        )
        .await;
    let found = r["structuredContent"]["result"].as_array().unwrap();
    assert!(
        found
            .iter()
            .take(3)
            .any(|o| o["operationId"] == "getNetworkApplianceVlans"),
        "{found:?}"
    );
    assert!(
        found.iter().all(|o| o["method"] == "GET"),
        "writes are hidden while off"
    );
    let r = s
        .call("meraki_search_operations", json!({"query": "zzzz qqqq"}))
        .await;
    assert_eq!(r["structuredContent"]["result"], json!([]));
    assert!(fake.seen().is_empty(), "search needs no request");
}

#[tokio::test]
async fn api_get_reaches_any_read_operation_by_id_or_path() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &[]).await;
    let r = s
        .call(
            "meraki_api_get",
            json!({"operationId": "getNetworkApplianceVlans", "params": {"networkId": "N_7"}}),
        )
        .await;
    assert!(!is_error(&r), "{r}");
    assert_eq!(fake.seen()[0].path, "/api/v1/networks/N_7/appliance/vlans");

    let r = s
        .call(
            "meraki_api_get",
            json!({"path": "/api/v1/networks/N_8/clients?timespan=600", "allPages": false}),
        )
        .await;
    assert!(!is_error(&r), "{r}");
    let clients = fake.seen_matching("/networks/N_8/clients");
    assert_eq!(clients.len(), 1, "allPages false stops at the first page");
    assert_eq!(clients[0].query, "timespan=600");

    let r = s
        .call("meraki_api_get", json!({"operationId": "getNetworkClients", "params": {"networkId": "N_9", "statuses": ["Online"], "perPage": 5}}))
        .await;
    assert!(!is_error(&r), "{r}");
    let q = &fake.seen_matching("/networks/N_9/clients")[0].query;
    assert!(
        q.contains("statuses%5B%5D=Online") && q.contains("perPage=5"),
        "{q}"
    );
}

#[tokio::test]
async fn api_get_checks_parameters_against_the_spec_first() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &[]).await;
    let bad = [
        (
            json!({"operationId": "getNetworkClients", "params": {"networkId": "N_1", "colour": "x"}}),
            "not a parameter",
        ),
        (
            json!({"operationId": "getNetworkClients", "params": {"networkId": "N_1", "perPage": 2}}),
            "between 3 and 5000",
        ),
        (
            json!({"operationId": "getNetworkClients", "params": {"networkId": "N_1", "statuses": ["Asleep"]}}),
            "Offline",
        ),
        (
            json!({"operationId": "getNetworkClients", "params": {}}),
            "needs `networkId`",
        ),
        (json!({"operationId": "getNope"}), "no operation `getNope`"),
        (
            json!({"path": "/networks/N_1/nothing/here"}),
            "no GET operation",
        ),
        (json!({}), "operationId"),
        (
            json!({"operationId": "getNetwork", "params": {"networkId": "a/b"}}),
            "not a valid id",
        ),
    ];
    for (args, needle) in bad {
        let r = s.call("meraki_api_get", args.clone()).await;
        assert!(is_error(&r), "{args}");
        assert!(text(&r).contains(needle), "{args}: {}", text(&r));
    }
    assert!(
        fake.seen().is_empty(),
        "no request was made: {:?}",
        fake.seen()
    );
}

#[tokio::test]
async fn writes_are_refused_unless_allowed() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &[]).await;
    let r = s
        .call(
            "meraki_api_get",
            json!({"operationId": "updateNetwork", "params": {"networkId": "N_1"}}),
        )
        .await;
    assert!(
        is_error(&r) && text(&r).contains("--allow-writes"),
        "{}",
        text(&r)
    );
    // A path that exists only as a change.
    let r = s
        .call("meraki_api_get", json!({"path": "/devices/Q1/blinkLeds"}))
        .await;
    assert!(
        is_error(&r) && text(&r).contains("blinkDeviceLeds"),
        "{}",
        text(&r)
    );
    let r = s
        .call(
            "meraki_api_call",
            json!({"operationId": "deleteNetwork", "params": {"networkId": "N_1"}}),
        )
        .await;
    assert!(
        is_error(&r) && text(&r).contains("--allow-writes"),
        "{}",
        text(&r)
    );
    assert!(fake.seen().is_empty(), "no write reached the API");
}

#[tokio::test]
async fn with_allow_writes_changes_are_offered_marked_destructive_and_checked() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &["--allow-writes"]).await;
    let list = s.request("tools/list", json!({})).await;
    let tools = list["result"]["tools"].as_array().unwrap();
    let call = tools
        .iter()
        .find(|t| t["name"] == "meraki_api_call")
        .expect("meraki_api_call is listed");
    assert_eq!(call["annotations"]["readOnlyHint"], false);
    assert_eq!(call["annotations"]["destructiveHint"], true);

    let r = s
        .call("meraki_api_call", json!({"operationId": "updateNetwork", "params": {"networkId": "N_1"}, "body": {"name": "Lab"}}))
        .await;
    assert!(!is_error(&r), "{r}");
    let put = &fake.seen()[0];
    assert_eq!(
        (put.method.as_str(), put.path.as_str()),
        ("PUT", "/api/v1/networks/N_1")
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&put.body).unwrap(),
        json!({"name": "Lab"})
    );

    let r = s
        .call("meraki_api_call", json!({"operationId": "updateNetwork", "params": {"networkId": "N_1"}, "body": {"colour": "red"}}))
        .await;
    assert!(
        is_error(&r) && text(&r).contains("not a body field"),
        "{}",
        text(&r)
    );
    let r = s.call("meraki_api_call", json!({"operationId": "createOrganizationNetwork", "params": {"organizationId": "1"}, "body": {}})).await;
    assert!(
        is_error(&r) && text(&r).contains("needs `name`"),
        "{}",
        text(&r)
    );
    let r = s
        .call(
            "meraki_api_call",
            json!({"operationId": "getNetwork", "params": {"networkId": "N_1"}}),
        )
        .await;
    assert!(is_error(&r) && text(&r).contains("meraki_api_get"));
    assert_eq!(fake.seen().len(), 1, "refused calls made no request");
}

#[tokio::test]
async fn an_operation_id_and_a_path_that_disagree_are_refused() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &[]).await;
    let r = s
        .call(
            "meraki_api_get",
            json!({"operationId": "getNetworkDevices", "path": "/networks/N_1"}),
        )
        .await;
    assert!(
        is_error(&r) && text(&r).contains("disagree"),
        "{}",
        text(&r)
    );
    let r = s
        .call(
            "meraki_api_get",
            json!({"path": "/networks/N_1/devices", "params": {"networkId": "N_2"}}),
        )
        .await;
    assert!(
        is_error(&r) && text(&r).contains("`networkId`"),
        "{}",
        text(&r)
    );
    assert!(fake.seen().is_empty(), "refused before any request");
    // Both naming the same operation is fine.
    let r = s
        .call(
            "meraki_api_get",
            json!({"operationId": "getNetworkDevices", "path": "/networks/N_3/devices", "params": {"networkId": "N_3"}}),
        )
        .await;
    assert!(!is_error(&r), "{r}");
    assert_eq!(fake.seen()[0].path, "/api/v1/networks/N_3/devices");
}

#[tokio::test]
async fn the_event_log_is_followed_across_pages_or_says_that_more_exist() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &[]).await;
    // The named tool fetches one page, as the remote server does, and says more exist.
    let r = s
        .call("meraki_get_network_events", json!({"networkId": "N_1"}))
        .await;
    assert!(!is_error(&r), "{r}");
    assert_eq!(fake.seen_matching("/networks/N_1/events").len(), 1);
    assert!(
        super::harness::notes(&r).contains("More pages are available"),
        "{r}"
    );
    // meraki_api_get follows the pages until one adds no event (the log always links on).
    let r = s
        .call(
            "meraki_api_get",
            json!({"operationId": "getNetworkEvents", "params": {"networkId": "N_2"}}),
        )
        .await;
    assert!(!is_error(&r), "{r}");
    let pages = fake.seen_matching("/networks/N_2/events");
    assert_eq!(pages.len(), 4, "three pages of events and an empty one");
    let events = &r["structuredContent"]["result"];
    let got: Vec<_> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["fakePage"].clone())
        .collect();
    assert_eq!(got, [json!(1), json!(2), json!(3)]);
    assert_eq!(events["pageStartAt"], "2018-02-11T00:00:00Z");
    assert_eq!(events["pageEndAt"], "2018-02-13T23:59:59Z");
    assert_eq!(r["_meta"]["mcp-bridge/pages"], 4);
    // A page limit stops it with a note.
    let r = s
        .call(
            "meraki_api_get",
            json!({"operationId": "getNetworkEvents", "params": {"networkId": "N_3"}, "maxPages": 2}),
        )
        .await;
    assert_eq!(fake.seen_matching("/networks/N_3/events").len(), 2);
    assert!(
        super::harness::notes(&r).contains("Stopped after 2 pages (2 items)"),
        "{r}"
    );
}
