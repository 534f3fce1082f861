//! Wireless (MR) tools: per access point (radio settings, status, latency) and per network (RF
//! profiles, channel utilization, signal quality, connection statistics, a client's
//! connectivity events).

use super::ToolSpec;

pub(super) const TOOLS: &[ToolSpec] = &[
    ToolSpec {
        name: "meraki_get_wireless_radio_settings",
        operation: "getDeviceWirelessRadioSettings",
        title: "Get access point radio settings",
        description: "The radio settings of an access point: RF profile, and channel and target \
            power of its 2.4 GHz and 5 GHz radios. Takes the access point `serial`.",
        params: &["serial"],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_wireless_status",
        operation: "getDeviceWirelessStatus",
        title: "Get access point status",
        description: "The live wireless status of an access point: for each SSID it broadcasts, \
            the band, channel, channel width, power, BSSID and whether it is broadcasting.",
        params: &["serial"],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_wireless_latency_stats",
        operation: "getDeviceWirelessLatencyStats",
        title: "Get access point latency",
        description: "Latency statistics of an access point by traffic class (background, best \
            effort, video, voice): average latency and the distribution of latency buckets, \
            over the last `timespan` seconds (default 86400, at most 7 days).",
        params: &["serial", "timespan"],
        defaults: &[("timespan", 86400)],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_wireless_rf_profiles",
        operation: "getNetworkWirelessRfProfiles",
        title: "List RF profiles",
        description: "The RF profiles of a wireless network: band selection, minimum bitrate, \
            client balancing, and per-band channel, power and width settings.",
        params: &["networkId"],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_wireless_channel_utilization",
        operation: "getNetworkWirelessChannelUtilizationHistory",
        title: "Get channel utilization history",
        description: "Channel utilization over time for a wireless network: total, 802.11 and \
            non-802.11 utilization per interval, over the last `timespan` seconds (default \
            86400, at most 31 days). The Dashboard may insist on a device or client; then use \
            meraki_api_get with operationId getNetworkWirelessChannelUtilizationHistory and \
            `deviceSerial` plus `band`, or `clientId`.",
        params: &["networkId", "timespan"],
        defaults: &[("timespan", 86400)],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_wireless_signal_quality",
        operation: "getNetworkWirelessSignalQualityHistory",
        title: "Get signal quality history",
        description: "Signal quality over time for a wireless network: SNR and RSSI per interval, \
            over the last `timespan` seconds (default 86400, at most 31 days). The Dashboard may \
            insist on a device or client; then use meraki_api_get with operationId \
            getNetworkWirelessSignalQualityHistory and `deviceSerial` or `clientId`.",
        params: &["networkId", "timespan"],
        defaults: &[("timespan", 86400)],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_wireless_connection_stats",
        operation: "getNetworkWirelessConnectionStats",
        title: "Get wireless connection statistics",
        description: "Aggregated connection outcomes for a wireless network: counts of \
            association, authentication, DHCP and DNS failures and of successes, over the last \
            `timespan` seconds (default 86400, at most 7 days).",
        params: &["networkId", "timespan"],
        defaults: &[("timespan", 86400)],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_wireless_client_connectivity_events",
        operation: "getNetworkWirelessClientConnectivityEvents",
        title: "Get a wireless client's connectivity events",
        description: "Connectivity events of one wireless client: association, authentication, \
            DHCP and roaming steps with their time, access point, SSID, band, channel, RSSI and \
            severity, over the last `timespan` seconds (default 86400, at most 31 days). \
            `clientId` is the client id (or MAC) from meraki_get_clients.",
        params: &["networkId", "clientId", "timespan"],
        defaults: &[("timespan", 86400)],
        all_pages: true,
        ..ToolSpec::DEFAULT
    },
];
