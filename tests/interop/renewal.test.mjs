// One refresh per expiry against a real authorization server: oidc-provider (JWT access tokens
// that live 20 s or 90 s, refresh tokens that rotate on every use and revoke the grant when an
// old one is reused). Hosts (the TypeScript SDK's client) start bridges together after the
// access token expired; the authorization server logs every token endpoint request, and a
// browser stand-in logs every launch.
//  - 8 bridges for one server: exactly 1 token request, 0 browser windows;
//  - 2 bridges for each of 4 servers (4 credentials): exactly 1 token request at each.

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

import {
  BRIDGE_BIN, INTEROP_DIR, checkPrerequisites, cleanupList, connectHost, firstText, freePort, opts,
  stopProcess, waitForPort, withStderr,
} from './harness.mjs';

const BROWSER = `${process.execPath} ${join(INTEROP_DIR, 'servers', 'counting-browser.mjs')}`;

async function startScript(script, args, port) {
  const proc = spawn(process.execPath, [join(INTEROP_DIR, 'servers', script), ...args], {
    cwd: INTEROP_DIR, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  await waitForPort(port, { proc });
  return { proc, output: () => out, stop: () => stopProcess(proc) };
}

/** An MCP server checking JWTs, and its oidc-provider issuing `ttl`-second access tokens. */
async function startSite(ttl, cleanup) {
  const asPort = await freePort();
  const rsPort = await freePort();
  const url = `http://127.0.0.1:${rsPort}/mcp`;
  const as = await startScript('oidc-as.mjs', [String(asPort), url, String(ttl)], asPort);
  cleanup.add(() => as.stop());
  const rs = await startScript('jwt-mcp.mjs', [String(rsPort), `http://127.0.0.1:${asPort}`], rsPort);
  cleanup.add(() => rs.stop());
  const count = (grant) => as.output().split('\n').filter((l) => l.startsWith(`token-request ${grant ?? ''}`)).length;
  return { url, as, count };
}

/** A data directory, and the environment its bridges and commands run with. */
function machine(cleanup) {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-bridge-renewal-'));
  cleanup.add(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'browser.log');
  const env = { MCP_BRIDGE_DATA_DIR: join(dir, 'data'), MCP_BRIDGE_BROWSER: BROWSER, BROWSER_LOG: log };
  return {
    env,
    launches: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0),
    stored: (url) => JSON.parse(readFileSync(join(dir, 'data', 'tokens.json'), 'utf8')).entries[url],
    run: (args) => promisify(execFile)(BRIDGE_BIN, args, { env: { ...process.env, ...env } }).catch((e) => e),
  };
}

/** Sign in to each site, then wait until every stored access token has expired. */
async function signedInThenExpired(m, sites) {
  for (const s of sites) {
    const r = await m.run(['login', s.url, '--store', 'file']);
    assert.equal(r.code ?? 0, 0, `${r.stderr}\n${s.as.output()}`);
  }
  const last = Math.max(...sites.map((s) => m.stored(s.url).expires_at));
  await sleep(Math.max(0, last * 1000 - Date.now()) + 1_500);
}

/** Hosts started together, each calling whoami once. */
async function hostsTogether(m, urls) {
  const hosts = await Promise.all(urls.map((url, i) =>
    connectHost(['proxy', url, '--store', 'file'], { env: m.env, name: `renewal-host-${i}` })));
  try {
    const results = await Promise.all(hosts.map((h) => h.client.callTool({ name: 'whoami', arguments: {} }, undefined, opts)));
    results.forEach((r, i) => assert.equal(firstText(r), 'sub=alice', withStderr(hosts[i], `whoami from host ${i}`)));
  } finally {
    await Promise.all(hosts.map((h) => h.close()));
  }
}

for (const ttl of [20, 90]) {
  describe(`eight bridges after expiry, oidc-provider with ${ttl}-second access tokens`, () => {
    const cleanup = cleanupList();
    after(() => cleanup.run());
    before(() => checkPrerequisites({ examples: false }));

    test('exactly one token request and no browser window', { timeout: (ttl + 60) * 1000 }, async () => {
      const site = await startSite(ttl, cleanup);
      const m = machine(cleanup);
      await signedInThenExpired(m, [site]);
      assert.equal(m.launches(), 1, 'the login opened one window');
      const before = site.count();
      assert.equal(site.count('refresh_token'), 0);
      await hostsTogether(m, Array(8).fill(site.url));
      assert.equal(site.count() - before, 1, `token requests for 8 bridges:\n${site.as.output()}`);
      assert.equal(site.count('refresh_token'), 1);
      assert.equal(m.launches(), 1, 'no browser window');
      assert.doesNotMatch(site.as.output(), /grant\.error/, 'no refresh token was reused');
    });
  });
}

describe('two bridges for each of four servers after expiry, oidc-provider', () => {
  const cleanup = cleanupList();
  after(() => cleanup.run());
  before(() => checkPrerequisites({ examples: false }));

  test('exactly one token request at each authorization server', { timeout: 120_000 }, async () => {
    const sites = [];
    for (let i = 0; i < 4; i++) sites.push(await startSite(20, cleanup));
    const m = machine(cleanup);
    await signedInThenExpired(m, sites);
    await hostsTogether(m, sites.flatMap((s) => [s.url, s.url]));
    assert.deepEqual(sites.map((s) => s.count('refresh_token')), [1, 1, 1, 1]);
    assert.equal(m.launches(), 4, 'the four logins, no more');
    for (const s of sites) assert.doesNotMatch(s.as.output(), /grant\.error/);
  });
});
