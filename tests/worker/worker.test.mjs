// mcp-bridge against @cloudflare/workers-oauth-provider, the library MCP servers on Cloudflare
// Workers use, running under `wrangler dev --local`: sign-in with dynamic registration and
// PKCE, refresh with rotation, the "previous refresh token stays valid until the new one is
// used" rule (a refresh whose answer was lost can be retried), a host using the tools, and
// one token request per expiry: 8 bridges started together after the (60-second) access token
// expired make exactly one, and 2 bridges for each of 4 server URLs make one per URL. The
// worker logs every token endpoint request; a browser stand-in logs every launch.
// Run by run.sh (Node 22, loopback-only network namespace).

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
const browserLog = join(scratch, 'browser.log');
const env = {
  ...process.env,
  MCP_BRIDGE_DATA_DIR: data,
  MCP_BRIDGE_BROWSER: `${process.execPath} ${resolve(here, '..', 'interop', 'servers', 'counting-browser.mjs')}`,
  BROWSER_LOG: browserLog,
};
let wrangler;
let wranglerLog = '';

const bridge = (args) => promisify(execFile)(bin, args, { env }).catch((e) => e);
const tokens = (url = URL_) => JSON.parse(readFileSync(join(data, 'tokens.json'), 'utf8')).entries[url];
const launches = () => (existsSync(browserLog) ? readFileSync(browserLog, 'utf8').split('\n').filter(Boolean).length : 0);
const refreshes = () => wranglerLog.split('\n').filter((l) => l.includes('token-request refresh_token')).length;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Wait until the stored access token of every URL has expired. */
async function untilExpired(urls) {
  const last = Math.max(...urls.map((u) => tokens(u).expires_at));
  await sleep(Math.max(0, last * 1000 - Date.now()) + 1_500);
}

/** Hosts (the SDK's client) started together, each calling whoami once. */
async function hostsTogether(urls) {
  const { Client } = await import(join(sdk, 'client', 'index.js'));
  const { StdioClientTransport, getDefaultEnvironment } = await import(join(sdk, 'client', 'stdio.js'));
  const hosts = urls.map((url) => {
    const transport = new StdioClientTransport({
      command: bin, args: ['proxy', url, '--store', 'file'],
      env: { ...getDefaultEnvironment(), MCP_BRIDGE_DATA_DIR: data, MCP_BRIDGE_BROWSER: env.MCP_BRIDGE_BROWSER, BROWSER_LOG: browserLog },
      stderr: 'pipe',
    });
    const h = { transport, client: new Client({ name: 'worker-host', version: '1.0.0' }), err: '' };
    transport.stderr?.on('data', (d) => (h.err += d));
    return h;
  });
  try {
    await Promise.all(hosts.map((h) => h.client.connect(h.transport, { timeout: 30_000 })));
    const results = await Promise.all(hosts.map((h) => h.client.callTool({ name: 'whoami', arguments: {} }, undefined, { timeout: 30_000 })));
    results.forEach((r, i) => assert.equal(r.content[0].text, 'user=alice', hosts[i].err));
  } finally {
    await Promise.all(hosts.map((h) => h.client.close().catch(() => {})));
  }
}

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

test('eight bridges started after expiry make one token request', { timeout: 180_000 }, async () => {
  await untilExpired([URL_]);
  const [before, windows] = [refreshes(), launches()];
  await hostsTogether(Array(8).fill(URL_));
  assert.equal(refreshes() - before, 1, `refresh requests for 8 bridges:\n${wranglerLog}`);
  assert.equal(launches(), windows, 'no browser window');
});

test('two bridges for each of four server URLs make one token request per URL', { timeout: 240_000 }, async () => {
  const urls = ['a', 'b', 'c', 'd'].map((p) => `http://127.0.0.1:8787/mcp/${p}`);
  for (const u of urls) {
    const r = await bridge(['login', u, '--store', 'file']);
    assert.equal(r.code ?? 0, 0, `${r.stderr}\n${wranglerLog}`);
  }
  await untilExpired(urls);
  const [before, windows] = [refreshes(), launches()];
  await hostsTogether(urls.flatMap((u) => [u, u]));
  // Each of the four credentials needed a refresh for its hosts' calls to succeed, so four
  // requests in all means exactly one each.
  assert.equal(refreshes() - before, 4, wranglerLog);
  assert.equal(launches(), windows, 'no browser window');
});
