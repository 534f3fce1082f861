//! Network-level tools: one network, its traffic analysis, event log, devices and clients.

use super::ToolSpec;

pub(super) const TOOLS: &[ToolSpec] = &[
    ToolSpec {
        name: "meraki_get_network",
        operation: "getNetwork",
        title: "Get a network",
        description: "Get one network by id: name, organization, product types, time zone, tags, \
            notes and whether it is bound to a configuration template. Find network ids with \
            meraki_get_networks.",
        params: &["networkId"],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_network_traffic",
        operation: "getNetworkTraffic",
        title: "Get network traffic",
        description: "Traffic analysis of a network by application and destination: protocol, \
            port, bytes sent and received, number of clients, active time and flows. `timespan` \
            is in seconds (default 86400, at most 30 days). Needs traffic analysis with hostname \
            visibility enabled on the network, or the API answers with an error.",
        params: &["networkId", "timespan"],
        defaults: &[("timespan", 86400)],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_network_events",
        operation: "getNetworkEvents",
        title: "Get network events",
        description: "The most recent events of a network's event log (newest first): time, type, \
            category, description, client and device involved. `perPage` is how many events \
            (default 10, 3 to 1000). On networks with several product types the Dashboard may \
            ask for a product type; use meraki_api_get with operationId getNetworkEvents and \
            `productType` then.",
        params: &["networkId", "perPage"],
        defaults: &[("perPage", 10)],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_devices",
        operation: "getNetworkDevices",
        title: "List devices of a network",
        description: "List the devices in a network: serial, name, model, MAC, LAN IP, firmware, \
            address, tags. The `serial` (like Q234-ABCD-5678) is what the device, switch and \
            wireless device tools take.",
        params: &["networkId"],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_clients",
        operation: "getNetworkClients",
        title: "List clients of a network",
        description: "List the clients seen on a network in the last `timespan` seconds (default \
            86400, at most 31 days), all pages: client id, MAC, IP, description, OS, user, VLAN, \
            SSID, switch port, usage and status. The client `id` is what \
            meraki_get_wireless_client_connectivity_events takes.",
        params: &["networkId", "timespan"],
        defaults: &[("timespan", 86400)],
        fixed: &[("perPage", 1000)],
        all_pages: true,
    },
];
