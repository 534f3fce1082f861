//! Switch (MS) tools: ports, port statuses, layer 3 interfaces and static routes of one switch.

use super::ToolSpec;

pub(super) const TOOLS: &[ToolSpec] = &[
    ToolSpec {
        name: "meraki_get_switch_ports",
        operation: "getDeviceSwitchPorts",
        title: "List switch ports",
        description: "The configuration of every port of a switch: name, enabled, type \
            (access/trunk), VLAN, allowed VLANs, PoE, STP guard, link negotiation, access policy \
            and tags. Takes the switch `serial`.",
        params: &["serial"],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_switch_port_statuses",
        operation: "getDeviceSwitchPortsStatuses",
        title: "List switch port statuses",
        description: "The live status of every port of a switch: connected or not, speed, duplex, \
            errors and warnings, PoE draw, traffic, LLDP/CDP neighbours and client count, over \
            the last `timespan` seconds (default 300, at most 31 days).",
        params: &["serial", "timespan"],
        defaults: &[("timespan", 300)],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_switch_routing_interfaces",
        operation: "getDeviceSwitchRoutingInterfaces",
        title: "List switch layer 3 interfaces",
        description: "The layer 3 (routed) interfaces of a switch: name, subnet, interface IP, \
            VLAN, default gateway, multicast routing and OSPF settings.",
        params: &["serial"],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_switch_static_routes",
        operation: "getDeviceSwitchRoutingStaticRoutes",
        title: "List switch static routes",
        description: "The layer 3 static routes of a switch: name, subnet, next hop IP and \
            whether each is advertised via OSPF.",
        params: &["serial"],
        ..ToolSpec::DEFAULT
    },
];
