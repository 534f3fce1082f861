//! Security appliance (MX) tools of a network: site-to-site VPN, content filtering, security
//! events and traffic shaping.

use super::ToolSpec;

pub(super) const TOOLS: &[ToolSpec] = &[
    ToolSpec {
        name: "meraki_get_appliance_vpn_site_to_site",
        operation: "getNetworkApplianceVpnSiteToSiteVpn",
        title: "Get site-to-site VPN settings",
        description: "The site-to-site (Auto VPN) settings of a network's appliance: mode (none, \
            spoke, hub), the hubs it connects to with default-route flags, and which local \
            subnets take part in the VPN.",
        params: &["networkId"],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_appliance_content_filtering",
        operation: "getNetworkApplianceContentFiltering",
        title: "Get content filtering settings",
        description: "The content filtering of a network's appliance: allowed and blocked URL \
            patterns, blocked URL categories and the category list size.",
        params: &["networkId"],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_appliance_security_events",
        operation: "getNetworkApplianceSecurityEvents",
        title: "List security events",
        description: "Security events (intrusion detection and malware) seen by a network's \
            appliance over the last `timespan` seconds (default 86400, at most 365 days), all \
            pages: time, client, source and destination, protocol, priority, classification, \
            signature, blocked or not.",
        params: &["networkId", "timespan"],
        defaults: &[("timespan", 86400)],
        all_pages: true,
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_appliance_traffic_shaping",
        operation: "getNetworkApplianceTrafficShaping",
        title: "Get traffic shaping settings",
        description: "The global traffic shaping of a network's appliance: the default per-client \
            bandwidth limits.",
        params: &["networkId"],
        ..ToolSpec::DEFAULT
    },
];
