//! Every one of the 27 named tools against the fake Dashboard: the request it makes (path,
//! defaults such as `timespan`), the data it returns, and its handling of bad ids.

use serde_json::{Value, json};

use super::fake_dashboard::{FakeDashboard, example_page};
use super::harness::{Server, is_error, notes, text};

/// (tool, arguments, request path, expected query pairs, operation)
fn cases() -> Vec<(
    &'static str,
    Value,
    &'static str,
    &'static [&'static str],
    &'static str,
)> {
    vec![
        (
            "meraki_get_organizations",
            json!({}),
            "/organizations",
            &[],
            "getOrganizations",
        ),
        (
            "meraki_get_organization",
            json!({"organizationId": "2930418"}),
            "/organizations/2930418",
            &[],
            "getOrganization",
        ),
        (
            "meraki_get_networks",
            json!({"organizationId": "2930418"}),
            "/organizations/2930418/networks",
            &[],
            "getOrganizationNetworks",
        ),
        (
            "meraki_get_network",
            json!({"networkId": "N_1"}),
            "/networks/N_1",
            &[],
            "getNetwork",
        ),
        (
            "meraki_get_network_traffic",
            json!({"networkId": "N_1"}),
            "/networks/N_1/traffic",
            &["timespan=86400"],
            "getNetworkTraffic",
        ),
        (
            "meraki_get_network_events",
            json!({"networkId": "N_1"}),
            "/networks/N_1/events",
            &["perPage=10"],
            "getNetworkEvents",
        ),
        (
            "meraki_get_devices",
            json!({"networkId": "N_1"}),
            "/networks/N_1/devices",
            &[],
            "getNetworkDevices",
        ),
        (
            "meraki_get_device",
            json!({"serial": "Q234-ABCD-5678"}),
            "/devices/Q234-ABCD-5678",
            &[],
            "getDevice",
        ),
        (
            "meraki_get_clients",
            json!({"networkId": "N_1", "timespan": 3600}),
            "/networks/N_1/clients",
            &["timespan=3600", "perPage=1000"],
            "getNetworkClients",
        ),
        (
            "meraki_get_device_statuses",
            json!({"organizationId": "2930418"}),
            "/organizations/2930418/devices/statuses",
            &[],
            "getOrganizationDevicesStatuses",
        ),
        (
            "meraki_get_management_interface",
            json!({"serial": "Q1"}),
            "/devices/Q1/managementInterface",
            &[],
            "getDeviceManagementInterface",
        ),
        (
            "meraki_get_switch_ports",
            json!({"serial": "Q1"}),
            "/devices/Q1/switch/ports",
            &[],
            "getDeviceSwitchPorts",
        ),
        (
            "meraki_get_switch_port_statuses",
            json!({"serial": "Q1"}),
            "/devices/Q1/switch/ports/statuses",
            &["timespan=300"],
            "getDeviceSwitchPortsStatuses",
        ),
        (
            "meraki_get_switch_routing_interfaces",
            json!({"serial": "Q1"}),
            "/devices/Q1/switch/routing/interfaces",
            &[],
            "getDeviceSwitchRoutingInterfaces",
        ),
        (
            "meraki_get_switch_static_routes",
            json!({"serial": "Q1"}),
            "/devices/Q1/switch/routing/staticRoutes",
            &[],
            "getDeviceSwitchRoutingStaticRoutes",
        ),
        (
            "meraki_get_wireless_radio_settings",
            json!({"serial": "Q1"}),
            "/devices/Q1/wireless/radio/settings",
            &[],
            "getDeviceWirelessRadioSettings",
        ),
        (
            "meraki_get_wireless_status",
            json!({"serial": "Q1"}),
            "/devices/Q1/wireless/status",
            &[],
            "getDeviceWirelessStatus",
        ),
        (
            "meraki_get_wireless_latency_stats",
            json!({"serial": "Q1"}),
            "/devices/Q1/wireless/latencyStats",
            &["timespan=86400"],
            "getDeviceWirelessLatencyStats",
        ),
        (
            "meraki_get_appliance_vpn_site_to_site",
            json!({"networkId": "N_1"}),
            "/networks/N_1/appliance/vpn/siteToSiteVpn",
            &[],
            "getNetworkApplianceVpnSiteToSiteVpn",
        ),
        (
            "meraki_get_appliance_content_filtering",
            json!({"networkId": "N_1"}),
            "/networks/N_1/appliance/contentFiltering",
            &[],
            "getNetworkApplianceContentFiltering",
        ),
        (
            "meraki_get_appliance_security_events",
            json!({"networkId": "N_1"}),
            "/networks/N_1/appliance/security/events",
            &["timespan=86400"],
            "getNetworkApplianceSecurityEvents",
        ),
        (
            "meraki_get_appliance_traffic_shaping",
            json!({"networkId": "N_1"}),
            "/networks/N_1/appliance/trafficShaping",
            &[],
            "getNetworkApplianceTrafficShaping",
        ),
        (
            "meraki_get_wireless_rf_profiles",
            json!({"networkId": "N_1"}),
            "/networks/N_1/wireless/rfProfiles",
            &[],
            "getNetworkWirelessRfProfiles",
        ),
        (
            "meraki_get_wireless_channel_utilization",
            json!({"networkId": "N_1"}),
            "/networks/N_1/wireless/channelUtilizationHistory",
            &["timespan=86400"],
            "getNetworkWirelessChannelUtilizationHistory",
        ),
        (
            "meraki_get_wireless_signal_quality",
            json!({"networkId": "N_1"}),
            "/networks/N_1/wireless/signalQualityHistory",
            &["timespan=86400"],
            "getNetworkWirelessSignalQualityHistory",
        ),
        (
            "meraki_get_wireless_connection_stats",
            json!({"networkId": "N_1", "timespan": 7200}),
            "/networks/N_1/wireless/connectionStats",
            &["timespan=7200"],
            "getNetworkWirelessConnectionStats",
        ),
        (
            "meraki_get_wireless_client_connectivity_events",
            json!({"networkId": "N_1", "clientId": "k74272e"}),
            "/networks/N_1/wireless/clients/k74272e/connectivityEvents",
            &["timespan=86400"],
            "getNetworkWirelessClientConnectivityEvents",
        ),
    ]
}

/// What the tool should return: the example, or the three pages the fake serves for lists.
fn expected(operation: &str) -> Value {
    let first = example_page(operation, 1);
    let op = mcp_bridge::meraki::spec::ApiSpec::get()
        .operation(operation)
        .unwrap();
    let follows = op.paginated
        && first.is_array()
        && mcp_bridge::meraki::tools::named_tools()
            .any(|t| t.operation == operation && t.all_pages);
    if !follows {
        return first;
    }
    let mut all = Vec::new();
    for n in 1..=3 {
        all.extend(example_page(operation, n).as_array().unwrap().clone());
    }
    Value::Array(all)
}

#[tokio::test]
async fn every_named_tool_calls_its_endpoint_and_returns_its_data() {
    let fake = FakeDashboard::start().await;
    let mut server = Server::live(&fake, &["--no-cache"]).await;
    let list = server.request("tools/list", json!({})).await;
    let names: Vec<&str> = list["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    let cases = cases();
    assert_eq!(cases.len(), 27);
    for (tool, args, path, query, operation) in cases {
        assert!(names.contains(&tool), "{tool} is listed");
        let before = fake.seen().len();
        let result = server.call(tool, args).await;
        assert!(!is_error(&result), "{tool}: {result}");
        let seen = fake.seen();
        let first = &seen[before];
        assert_eq!(first.path, format!("/api/v1{path}"), "{tool}");
        assert_eq!(first.method, "GET");
        for pair in query {
            assert!(
                first.query.split('&').any(|q| q == *pair),
                "{tool}: {pair} in {}",
                first.query
            );
        }
        let want = expected(operation);
        assert_eq!(result["structuredContent"]["result"], want, "{tool}");
        // The text block is the same data as pretty JSON, as the remote server renders it.
        let text_value: Value = serde_json::from_str(text(&result)).unwrap();
        assert_eq!(text_value, want, "{tool}");
        assert_eq!(text(&result), serde_json::to_string_pretty(&want).unwrap());
    }
    server.finish().await;
}

#[tokio::test]
async fn tool_schemas_have_ids_bounds_and_read_only_hints() {
    let fake = FakeDashboard::start().await;
    let mut server = Server::live(&fake, &[]).await;
    let list = server.request("tools/list", json!({})).await;
    let tools = list["result"]["tools"].as_array().unwrap();
    for t in tools {
        assert_eq!(t["annotations"]["readOnlyHint"], true, "{}", t["name"]);
        assert!(
            t["description"].as_str().unwrap().len() > 60,
            "{} explains itself",
            t["name"]
        );
        assert_eq!(t["inputSchema"]["type"], "object");
    }
    let find = |n: &str| tools.iter().find(|t| t["name"] == n).unwrap().clone();
    let conn = find("meraki_get_wireless_connection_stats");
    assert_eq!(
        conn["inputSchema"]["properties"]["timespan"]["maximum"],
        json!(604800)
    );
    assert_eq!(conn["inputSchema"]["required"], json!(["networkId"]));
    let events = find("meraki_get_wireless_client_connectivity_events");
    assert_eq!(
        events["inputSchema"]["required"],
        json!(["networkId", "clientId"])
    );
    assert!(
        tools.iter().all(|t| t["name"] != "meraki_api_call"),
        "writes are not offered by default"
    );
    assert!(fake.seen().is_empty(), "listing tools makes no request");
}

#[tokio::test]
async fn bad_ids_are_refused_before_any_request() {
    let fake = FakeDashboard::start().await;
    let mut server = Server::live(&fake, &[]).await;
    for args in [
        json!({"networkId": "../organizations"}),
        json!({"networkId": ""}),
        json!({"networkId": "N 1"}),
        json!({}),
        json!({"networkId": 5.5}),
    ] {
        let r = server.call("meraki_get_network", args.clone()).await;
        assert!(is_error(&r), "{args}: {r}");
    }
    let r = server
        .call(
            "meraki_get_network_traffic",
            json!({"networkId": "N_1", "timespan": 99_999_999}),
        )
        .await;
    assert!(is_error(&r));
    assert!(text(&r).contains("2592000"), "{}", text(&r));
    let r = server
        .call(
            "meraki_get_network",
            json!({"networkId": "N_1", "color": "red"}),
        )
        .await;
    assert!(text(&r).contains("no argument `color`"), "{}", text(&r));
    assert!(
        fake.seen().is_empty(),
        "nothing reached the API: {:?}",
        fake.seen()
    );
}

#[tokio::test]
async fn unknown_ids_come_back_as_tool_errors_with_the_dashboard_message() {
    let fake = FakeDashboard::start().await;
    let mut server = Server::live(&fake, &[]).await;
    let r = server
        .call("meraki_get_network", json!({"networkId": "N_missing"}))
        .await;
    assert!(is_error(&r));
    assert!(
        text(&r).contains("404") && text(&r).contains("Network not found"),
        "{}",
        text(&r)
    );
    assert_eq!(r["structuredContent"]["error"]["status"], 404);
    assert_eq!(
        r["structuredContent"]["error"]["errors"],
        json!(["Network not found"])
    );
    let r = server
        .call("meraki_get_device", json!({"serial": "forbidden"}))
        .await;
    assert!(text(&r).contains("403"), "{}", text(&r));
    assert!(notes(&r).contains("403"));
}
