//! Organization-level tools: the organizations the key can see, one organization, its networks,
//! and the status of all its devices.

use super::ToolSpec;

pub(super) const TOOLS: &[ToolSpec] = &[
    ToolSpec {
        name: "meraki_get_organizations",
        operation: "getOrganizations",
        title: "List organizations",
        description: "List the Meraki organizations the API key can access, with each one's id, \
            name, dashboard URL, licensing model and cloud region. Start here: the organization \
            `id` is what meraki_get_networks, meraki_get_device_statuses and \
            meraki_get_organization take.",
        params: &[],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_organization",
        operation: "getOrganization",
        title: "Get an organization",
        description: "Get one organization by id: name, dashboard URL, API access, licensing \
            model, cloud region and management details. Find ids with meraki_get_organizations.",
        params: &["organizationId"],
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_networks",
        operation: "getOrganizationNetworks",
        title: "List networks",
        description: "List every network of an organization (all pages): id, name, product types \
            (appliance, switch, wireless, camera, …), time zone, tags and notes. The network `id` \
            (like N_123 or L_123) is what the network tools take.",
        params: &["organizationId"],
        all_pages: true,
        ..ToolSpec::DEFAULT
    },
    ToolSpec {
        name: "meraki_get_device_statuses",
        operation: "getOrganizationDevicesStatuses",
        title: "List device statuses",
        description: "List the status of every device in an organization (all pages): online, \
            alerting, offline or dormant, with serial, name, model, network id, public and LAN \
            IPs, gateway and last report time. Use it to find what is down.",
        params: &["organizationId"],
        all_pages: true,
        ..ToolSpec::DEFAULT
    },
];
