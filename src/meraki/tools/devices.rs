//! Device tools that apply to any product: the device itself and its management interface.

use super::ToolSpec;

pub(super) const TOOLS: &[ToolSpec] = &[
    ToolSpec {
        name: "meraki_get_device",
        operation: "getDevice",
        title: "Get a device",
        description: "Get one device by serial: name, model, MAC, LAN IP, firmware, network id, \
            address and coordinates, tags and notes. Find serials with meraki_get_devices or \
            meraki_get_device_statuses.",
        params: &["serial"],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_management_interface",
        operation: "getDeviceManagementInterface",
        title: "Get a device's management interface",
        description: "The management interface settings of a device: DHCP or static addressing, \
            static IP, gateway, DNS servers and VLAN for each WAN uplink, and dynamic DNS.",
        params: &["serial"],
        ..ToolSpec::DEFAULT
    },
];
