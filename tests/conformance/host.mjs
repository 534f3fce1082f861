// The desktop host for conformance runs. The conformance runner starts a mock MCP server and
// runs `node host.mjs <server-url>`; this script launches mcp-bridge over stdio the way a desktop
// host does (TypeScript SDK client + StdioClientTransport, a 2025-11-25 host), then initializes,
// lists tools (again on `notifications/tools/list_changed` when the bridge answered while a
// sign-in was pending) and calls each of them (the arguments from the scenario's context when it gives
// them, else from the tool's schema), lists and reads resources and prompts when the server has
// them, answers the server's elicitation, sampling and roots requests, and exits 0 on success.
//
// Environment: MCP_BRIDGE_BIN (the binary), MCP_BRIDGE_PROTOCOL (passed as --protocol; the
// bridge's default, auto, otherwise), MCP_CONFORMANCE_SCENARIO / MCP_CONFORMANCE_CONTEXT (set by
// the runner). The sign-in "browser" is opener.mjs, handed to the bridge via BROWSER.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sdk = resolve(here, '..', 'interop', 'node_modules', '@modelcontextprotocol', 'sdk', 'dist', 'esm');
const { Client } = await import(join(sdk, 'client', 'index.js'));
const { StdioClientTransport, getDefaultEnvironment } = await import(join(sdk, 'client', 'stdio.js'));
const types = await import(join(sdk, 'types.js'));

const url = process.argv[process.argv.length - 1];
const bin = process.env.MCP_BRIDGE_BIN ?? resolve(here, '..', '..', 'target', 'debug', 'mcp-bridge');
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}');
const CIMD_URL = 'https://conformance-test.local/client-metadata.json';

const args = ['proxy', url, '--store', 'memory', '--no-proxy', '-v'];
if (context.client_id) {
  args.push('--static-oauth-client-info', JSON.stringify({ client_id: context.client_id, client_secret: context.client_secret }));
}
if (scenario.startsWith('auth/')) args.push('--client-metadata-url', CIMD_URL);
if (process.env.MCP_BRIDGE_PROTOCOL) args.push('--protocol', process.env.MCP_BRIDGE_PROTOCOL);

const dataDir = mkdtempSync(join(tmpdir(), 'mcp-bridge-conformance-'));
const env = {
  ...getDefaultEnvironment(),
  MCP_BRIDGE_DATA_DIR: dataDir,
  MCP_BRIDGE_CONFIG_DIR: dataDir,
  BROWSER: `${process.execPath} ${join(here, 'opener.mjs')}`,
  MCP_CONFORMANCE_SCENARIO: scenario,
};
const transport = new StdioClientTransport({ command: bin, args, env, stderr: 'inherit' });
const client = new Client({ name: 'conformance-host', version: '1.0.0' }, {
  capabilities: { elicitation: {}, sampling: {}, roots: { listChanged: true } },
});
client.setRequestHandler(types.ElicitRequestSchema, async (req) => {
  const props = req.params.requestedSchema?.properties ?? {};
  const content = Object.fromEntries(Object.entries(props).filter(([, v]) => v && 'default' in v).map(([k, v]) => [k, v.default]));
  return { action: 'accept', content };
});
client.setRequestHandler(types.ListRootsRequestSchema, async () => ({ roots: [] }));
// A bridge still signing in answers at once and lists nothing until it says that the tools
// changed; then they are listed again, as a desktop host does.
let toolsChanged;
const changed = new Promise((res) => (toolsChanged = res));
client.setNotificationHandler(types.ToolListChangedNotificationSchema, () => toolsChanged());
client.setRequestHandler(types.CreateMessageRequestSchema, async () => ({
  role: 'assistant', model: 'conformance-host', content: { type: 'text', text: 'ok' },
}));

// Arguments for a tool: known ones, the scenario's, or one value per required property.
const KNOWN = { add_numbers: { a: 5, b: 3 } };
const SAMPLE = { string: 'x', integer: 1, number: 1, boolean: true, object: {}, array: [] };
function argumentsFor(tool, tools) {
  if (KNOWN[tool.name]) return KNOWN[tool.name];
  const given = (context.toolCalls ?? []).find((c) => c.name === tool.name);
  if (given) return given.arguments;
  if (tool.name === 'json_schema_echo') {
    const focal = tools.find((t) => t.name === 'json_schema_2020_12_tool');
    return { schema: focal?.inputSchema ?? {} };
  }
  const props = tool.inputSchema?.properties ?? {};
  return Object.fromEntries((tool.inputSchema?.required ?? []).map((k) => [k, SAMPLE[props[k]?.type] ?? 'x']));
}

let code = 0;
try {
  await client.connect(transport, { timeout: 40_000 });
  let { tools } = await client.listTools(undefined, { timeout: 40_000 });
  if (tools.length === 0 && (client.getServerVersion()?.name ?? '').startsWith('mcp-bridge for ')) {
    console.error('[host] the sign-in is pending: waiting for the tools');
    await Promise.race([changed, new Promise((res) => setTimeout(res, 40_000))]);
    ({ tools } = await client.listTools(undefined, { timeout: 40_000 }));
  }
  const names = tools.map((t) => t.name);
  console.error(`[host] tools: ${names.join(', ')}`);
  for (const tool of tools) {
    const r = await client.callTool({ name: tool.name, arguments: argumentsFor(tool, tools) }, undefined, { timeout: 40_000 });
    console.error(`[host] ${tool.name} -> ${JSON.stringify(r).slice(0, 200)}`);
  }
  const caps = client.getServerCapabilities() ?? {};
  if (caps.resources) {
    const { resources } = await client.listResources(undefined, { timeout: 40_000 });
    if (resources[0]) await client.readResource({ uri: resources[0].uri }, { timeout: 40_000 });
  }
  if (caps.prompts) {
    const { prompts } = await client.listPrompts(undefined, { timeout: 40_000 });
    if (prompts[0]) await client.getPrompt({ name: prompts[0].name }, { timeout: 40_000 });
  }
} catch (e) {
  console.error(`[host] failed: ${e?.message ?? e}`);
  code = 1;
} finally {
  await client.close().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(code);
