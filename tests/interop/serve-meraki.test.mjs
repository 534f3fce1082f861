// Interop: the official MCP TypeScript SDK client (pinned in package.json) drives
// `mcp-bridge serve meraki --demo` over stdio.
//
// Run: (cd tests/interop && npm ci && node --test serve-meraki.test.mjs)
// The binary is $MCP_BRIDGE_BIN, or ../../target/debug/mcp-bridge (build it with `cargo build`).

import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = process.env.MCP_BRIDGE_BIN ?? path.resolve(here, "../../target/debug/mcp-bridge");

async function connect(args) {
  const transport = new StdioClientTransport({
    command: bin,
    args,
    // No key and no proxy settings reach the server: demo mode needs neither.
    env: { PATH: process.env.PATH ?? "" },
    stderr: "pipe",
  });
  const client = new Client({ name: "mcp-bridge-interop", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

test("the SDK client initializes, lists and calls the demo tools", async (t) => {
  const client = await connect(["serve", "meraki", "--demo"]);
  t.after(() => client.close());

  const info = client.getServerVersion();
  assert.equal(info.name, "mcp-bridge-meraki");
  assert.ok(client.getServerCapabilities().tools, "tools capability advertised");
  assert.match(client.getInstructions() ?? "", /demo mode/);

  const { tools } = await client.listTools();
  assert.ok(tools.length >= 27, `at least 27 tools, got ${tools.length}`);
  const names = tools.map((tool) => tool.name);
  for (const name of ["meraki_get_organizations", "meraki_get_clients", "meraki_api_get", "meraki_search_operations"]) {
    assert.ok(names.includes(name), `${name} is listed`);
  }
  assert.ok(!names.includes("meraki_api_call"), "no write tool without --allow-writes");
  for (const tool of tools) {
    assert.equal(tool.annotations?.readOnlyHint, true, `${tool.name} is read-only`);
    assert.equal(tool.inputSchema.type, "object");
  }

  const orgs = await client.callTool({ name: "meraki_get_organizations", arguments: {} });
  assert.equal(orgs.isError, false);
  const list = JSON.parse(orgs.content[0].text);
  assert.equal(list[0].id, "2930418");
  assert.deepEqual(orgs.structuredContent.result, list);
  assert.equal(orgs._meta["mcp-bridge/demo"], true);
  assert.match(orgs.content[1].text, /^Demo data/);

  const traffic = await client.callTool({ name: "meraki_get_network_traffic", arguments: { networkId: "N_24329156", timespan: 3600 } });
  assert.equal(traffic.isError, false);
  assert.equal(JSON.parse(traffic.content[0].text)[0].application, "Gmail");

  const found = await client.callTool({ name: "meraki_search_operations", arguments: { query: "switch port statuses" } });
  assert.equal(found.structuredContent.result[0].operationId, "getDeviceSwitchPortsStatuses");

  const vlans = await client.callTool({
    name: "meraki_api_get",
    arguments: { operationId: "getNetworkApplianceVlans", params: { networkId: "N_24329156" } },
  });
  assert.equal(vlans.isError, false);
  assert.ok(Array.isArray(vlans.structuredContent.result));

  const bad = await client.callTool({ name: "meraki_get_network", arguments: { networkId: "../etc" } });
  assert.equal(bad.isError, true);
  assert.match(bad.content[0].text, /not a valid id/);

  await client.ping();
});

test("with --allow-writes the SDK sees a destructive tool", async (t) => {
  const client = await connect(["serve", "meraki", "--demo", "--allow-writes"]);
  t.after(() => client.close());
  const { tools } = await client.listTools();
  const call = tools.find((tool) => tool.name === "meraki_api_call");
  assert.ok(call, "meraki_api_call is listed");
  assert.equal(call.annotations.readOnlyHint, false);
  assert.equal(call.annotations.destructiveHint, true);
});

test("an unknown tool is a protocol error for the SDK", async (t) => {
  const client = await connect(["serve", "meraki", "--demo"]);
  t.after(() => client.close());
  await assert.rejects(client.callTool({ name: "meraki_nope", arguments: {} }), /unknown tool/);
});
