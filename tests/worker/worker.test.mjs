// mcp-bridge against @cloudflare/workers-oauth-provider, the library MCP servers on Cloudflare
// Workers use, running under `wrangler dev --local`: sign-in with dynamic registration and
// PKCE, refresh with rotation, the "previous refresh token stays valid until the new one is
// used" rule (a refresh whose answer was lost can be retried), and a host using the tools.
// Run by run.sh (Node 22, loopback-only network namespace).

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.MCP_BRIDGE_BIN ?? resolve(here, '..', '..', 'target', 'debug', 'mcp-bridge');
const sdk = resolve(here, '..', 'interop', 'node_modules', '@modelcontextprotocol', 'sdk', 'dist', 'esm');
const URL_ = 'http://127.0.0.1:8787/mcp';
const scratch = mkdtempSync(join(tmpdir(), 'mcp-bridge-worker-'));
const data = join(scratch, 'data');
const env = {
  ...process.env,
  MCP_BRIDGE_DATA_DIR: data,
  MCP_BRIDGE_BROWSER: `${process.execPath} ${resolve(here, '..', 'interop', 'servers', 'browser.mjs')}`,
};
let wrangler;
let wranglerLog = '';

const bridge = (args) => promisify(execFile)(bin, args, { env }).catch((e) => e);
const tokens = () => JSON.parse(readFileSync(join(data, 'tokens.json'), 'utf8')).entries[URL_];

function portOpen(port) {
  return new Promise((ok) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); ok(true); });
    s.once('error', () => ok(false));
  });
}

before(async () => {
  wrangler = spawn(process.execPath, [join(here, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), 'dev', '--local',
    '--ip', '127.0.0.1', '--port', '8787', '--persist-to', join(scratch, 'state')], {
    cwd: here,
    env: { ...process.env, HOME: scratch, XDG_CONFIG_HOME: scratch, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  wrangler.stdout.on('data', (d) => (wranglerLog += d));
  wrangler.stderr.on('data', (d) => (wranglerLog += d));
  for (let i = 0; i < 300 && !(await portOpen(8787)); i++) await new Promise((r) => setTimeout(r, 200));
  assert.ok(await portOpen(8787), `wrangler did not start:\n${wranglerLog}`);
});

after(async () => {
  if (wrangler && wrangler.exitCode === null) {
    wrangler.kill('SIGTERM');
    await new Promise((r) => { wrangler.once('exit', r); setTimeout(() => { wrangler.kill('SIGKILL'); r(); }, 5000); });
  }
  rmSync(scratch, { recursive: true, force: true });
});

test('login signs in through dynamic registration and PKCE', { timeout: 60_000 }, async () => {
  const r = await bridge(['login', URL_, '--store', 'file']);
  assert.equal(r.code ?? 0, 0, `${r.stderr}\n${wranglerLog}`);
  assert.match(r.stderr, /Signed in to/);
  const t = tokens();
  assert.ok(t.access_token && t.refresh_token, 'access and refresh tokens stored');
  assert.equal(t.resource, URL_);
});

test('refresh rotates, and a refresh whose answer was lost can be repeated', { timeout: 60_000 }, async () => {
  const before = tokens();
  copyFileSync(join(data, 'tokens.json'), join(scratch, 'tokens.before.json'));
  const r1 = await bridge(['token', URL_, '--store', 'file', '--refresh']);
  assert.equal(r1.code ?? 0, 0, r1.stderr);
  const rotated = tokens();
  assert.notEqual(rotated.refresh_token, before.refresh_token, 'a new refresh token was stored');
  assert.equal(r1.stdout.trim(), rotated.access_token, 'stdout is the token alone');
  // As if the process had died before writing the answer: the old refresh token comes back.
  copyFileSync(join(scratch, 'tokens.before.json'), join(data, 'tokens.json'));
  const r2 = await bridge(['token', URL_, '--store', 'file', '--refresh']);
  assert.equal(r2.code ?? 0, 0, `the previous refresh token stays valid on this server: ${r2.stderr}`);
});

test('a desktop host uses the tools through the bridge', { timeout: 60_000 }, async () => {
  const { Client } = await import(join(sdk, 'client', 'index.js'));
  const { StdioClientTransport, getDefaultEnvironment } = await import(join(sdk, 'client', 'stdio.js'));
  const transport = new StdioClientTransport({
    command: bin, args: ['proxy', URL_, '--store', 'file', '--no-browser'],
    env: { ...getDefaultEnvironment(), MCP_BRIDGE_DATA_DIR: data }, stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (d) => (err += d));
  const client = new Client({ name: 'worker-host', version: '1.0.0' });
  try {
    await client.connect(transport, { timeout: 20_000 });
    const r = await client.callTool({ name: 'whoami', arguments: {} }, undefined, { timeout: 20_000 });
    assert.equal(r.content[0].text, 'user=alice', err);
  } finally {
    await client.close();
  }
});
