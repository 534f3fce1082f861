// Interop: the official MCP TypeScript SDK client (pinned in package.json) drives
// `mcp-bridge serve meraki` over stdio: in demo mode, and live against the project's fake
// Dashboard API (examples/fake_dashboard.rs, on 127.0.0.1, enforcing 10 requests/s per
// organization), through tool listing, calls, pagination with progress, and cancellation.
//
// Run: (cd tests/interop && npm ci && node --test serve-meraki.test.mjs)
// The binary is $MCP_BRIDGE_BIN, or ../../target/debug/mcp-bridge (build it with `cargo build`);
// the fake is $FAKE_DASHBOARD_BIN, or examples/fake_dashboard beside the binary (build it with
// `cargo build --example fake_dashboard`).

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

import { connectHost, eventually, stopProcess, withStderr } from "./harness.mjs";

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

const fakeBin =
  process.env.FAKE_DASHBOARD_BIN ?? path.join(path.dirname(bin), "examples", "fake_dashboard");

/** Start the fake Dashboard; resolves to { base, origin, key, seen(), stop() }. */
async function startFake() {
  if (!existsSync(fakeBin)) {
    throw new Error(`${fakeBin} not found: build it with \`cargo build --example fake_dashboard\``);
  }
  const proc = spawn(fakeBin, [], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = readline.createInterface({ input: proc.stdout });
  const first = await new Promise((resolve, reject) => {
    lines.once("line", resolve);
    proc.once("exit", (code) => reject(new Error(`the fake Dashboard exited (${code})`)));
  });
  const ready = JSON.parse(first);
  return {
    ...ready,
    seen: async () => (await fetch(`${ready.origin}/_fake/seen`)).json(),
    stop: async () => {
      proc.stdin.end();
      await stopProcess(proc);
    },
  };
}

test("live: the SDK client lists, calls, pages with progress and cancels against the fake Dashboard", async (t) => {
  const fake = await startFake();
  t.after(() => fake.stop());
  const host = await connectHost(
    ["serve", "meraki", "--base-url", fake.base, "--retry-base-delay-ms", "20"],
    { env: { MERAKI_DASHBOARD_API_KEY: fake.key } },
  );
  t.after(() => host.close());
  const { client } = host;

  assert.equal(client.getServerVersion().name, "mcp-bridge-meraki");
  assert.doesNotMatch(client.getInstructions() ?? "", /demo mode/);
  const { tools } = await client.listTools();
  assert.equal(tools.length, 29);
  assert.equal((await fake.seen()).length, 0, "listing tools asks the API nothing");

  // A call reaches the Dashboard with the key, and the data comes back twice.
  const orgs = await client.callTool({ name: "meraki_get_organizations", arguments: {} });
  assert.equal(orgs.isError, false, withStderr(host, JSON.stringify(orgs)));
  assert.equal(orgs.structuredContent.result[0].id, "2930418");
  assert.deepEqual(JSON.parse(orgs.content[0].text), orgs.structuredContent.result);
  assert.equal(orgs._meta["mcp-bridge/cache"], "miss");
  assert.equal(orgs._meta["mcp-bridge/demo"], undefined, "live answers are not marked demo");
  let seen = await fake.seen();
  assert.deepEqual(seen.map((r) => r.path), ["/api/v1/organizations"]);
  assert.equal(seen[0].auth, `Bearer ${fake.key}`);
  const again = await client.callTool({ name: "meraki_get_organizations", arguments: {} });
  assert.equal(again._meta["mcp-bridge/cache"], "hit");

  // Pagination: three Link pages, a progress notification before each further page. (The
  // fake answers N_lagging after 200 ms, as a distant Dashboard would: the SDK handles
  // notifications a tick after responses, and drops one that arrives together with its result.)
  const progress = [];
  const clients = await client.callTool(
    { name: "meraki_get_clients", arguments: { networkId: "N_lagging" } },
    undefined,
    { onprogress: (p) => progress.push(p), timeout: 15_000 },
  );
  assert.equal(clients.isError, false, withStderr(host, JSON.stringify(clients)));
  assert.deepEqual(
    clients.structuredContent.result.map((c) => c.id),
    ["k74272e-p1", "k74272e-p2", "k74272e-p3"],
  );
  const pages = (await fake.seen()).filter((r) => r.path === "/api/v1/networks/N_lagging/clients");
  assert.equal(pages.length, 3);
  assert.match(pages[2].query, /startingAfter=p3/);
  assert.equal(progress.length, 2, `progress before each further page: ${JSON.stringify(progress)}`);
  assert.deepEqual(progress.map((p) => p.progress), [1, 2]);
  assert.match(progress[1].message, /page 2: 2 items so far/);

  // A Dashboard error is a tool error with the Dashboard's message.
  const missing = await client.callTool({ name: "meraki_get_network", arguments: { networkId: "N_missing" } });
  assert.equal(missing.isError, true);
  assert.match(missing.content[0].text, /404.*Network not found/);

  // Cancellation: abort a call while the (slow) Dashboard is still answering it.
  const controller = new AbortController();
  const slow = client.callTool(
    { name: "meraki_get_network", arguments: { networkId: "N_slow" } },
    undefined,
    { signal: controller.signal, timeout: 15_000 },
  );
  const reached = await eventually(
    async () => (await fake.seen()).some((r) => r.path.endsWith("/N_slow")),
    { timeoutMs: 10_000 },
  );
  assert.ok(reached, "the slow request reached the fake Dashboard");
  controller.abort("the user gave up");
  await assert.rejects(slow, /abort|gave up/i);
  const cancelled = host.received.length;
  await client.ping();
  // Past the 3 s the fake takes, the cancelled call is never answered and nothing breaks.
  await new Promise((r) => setTimeout(r, 3_500));
  const stray = host.received.slice(cancelled).filter((m) => m.id !== undefined && m.result?.content);
  assert.deepEqual(stray, [], "no answer to the cancelled call");
  assert.deepEqual(host.errors.map(String), [], "the client saw no protocol error (nor a stray progress token)");
  const after = await client.callTool({ name: "meraki_get_device", arguments: { serial: "Q234-ABCD-5678" } });
  assert.equal(after.isError, false);

  seen = await fake.seen();
  assert.equal(seen.filter((r) => r.limited).length, 0, "the fake Dashboard never had to answer 429");
  assert.equal(seen.filter((r) => r.path.endsWith("/N_slow")).length, 1, "the cancelled call was not retried");
});
