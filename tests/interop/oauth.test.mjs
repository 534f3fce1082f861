// Sign-in against real authorization servers, with the TypeScript SDK's client as the host:
//  - the SDK's own OAuth demo (simpleStreamableHttp.js --oauth: dynamic registration, PKCE,
//    a separate authorization server origin, opaque tokens);
//  - oidc-provider (certified OpenID provider: login and consent forms, PKCE required, JWT
//    access tokens for the resource, refresh tokens that rotate on every use and revoke the
//    grant when an old one is reused) in front of an MCP server that checks the JWTs.
// A headless browser (servers/browser.mjs) follows redirects and submits the forms.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  INTEROP_DIR, checkPrerequisites, cleanupList, connectHost, firstText, freePort, opts, startExample,
  stopProcess, waitForPort, withStderr,
} from './harness.mjs';

const BROWSER = `${process.execPath} ${join(INTEROP_DIR, 'servers', 'browser.mjs')}`;

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

function bridgeEnv(dataDir) {
  return { MCP_BRIDGE_DATA_DIR: dataDir, MCP_BRIDGE_BROWSER: BROWSER };
}

describe('sign-in with the TypeScript SDK OAuth demo', () => {
  const cleanup = cleanupList();
  let server;
  let url;
  let dataDir;

  before(async () => {
    checkPrerequisites();
    const port = await freePort();
    const authPort = await freePort();
    server = await startExample('simpleStreamableHttp.js', { port, args: ['--oauth'], env: { MCP_AUTH_PORT: String(authPort) } });
    cleanup.add(() => server.stop());
    await waitForPort(authPort);
    url = `http://localhost:${port}/mcp`;
    dataDir = mkdtempSync(join(tmpdir(), 'mcp-bridge-interop-'));
    cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
  });

  after(() => cleanup.run());

  test('the first start signs in through the browser, then tools work', { timeout: 40_000 }, async () => {
    const host = await connectHost(['proxy', url, '--store', 'file'], { env: bridgeEnv(dataDir), name: 'oauth-demo-host' });
    try {
      const r = await host.client.callTool({ name: 'greet', arguments: { name: 'oauth' } }, undefined, opts);
      assert.equal(firstText(r), 'Hello, oauth!', withStderr(host, 'greet after sign-in'));
      assert.match(host.stderr(), /Signed in to/);
    } finally {
      await host.close();
    }
    const stored = JSON.parse(readFileSync(join(dataDir, 'tokens.json'), 'utf8'));
    const entry = stored.entries[url];
    assert.ok(entry?.access_token, 'the token is stored for the server');
    assert.equal(entry.scope, 'mcp:tools');
  });

  test('a second start uses the stored credential: no browser', { timeout: 30_000 }, async () => {
    const host = await connectHost(['proxy', url, '--store', 'file', '--no-browser'], { env: bridgeEnv(dataDir), name: 'oauth-demo-host-2' });
    try {
      const { tools } = await host.client.listTools(undefined, opts);
      assert.ok(tools.some((t) => t.name === 'greet'));
      assert.doesNotMatch(host.stderr(), /sign in|Signed in/i, withStderr(host, 'no second sign-in'));
    } finally {
      await host.close();
    }
  });
});

describe('sign-in and refresh rotation with oidc-provider', () => {
  const cleanup = cleanupList();
  let as;
  let rs;
  let url;
  let dataDir;

  before(async () => {
    checkPrerequisites();
    const asPort = await freePort();
    const rsPort = await freePort();
    url = `http://127.0.0.1:${rsPort}/mcp`;
    // Access tokens live 4 seconds, so the bridge has to refresh during the test.
    as = await startScript('oidc-as.mjs', [String(asPort), url, '4'], asPort);
    cleanup.add(() => as.stop());
    rs = await startScript('jwt-mcp.mjs', [String(rsPort), `http://127.0.0.1:${asPort}`], rsPort);
    cleanup.add(() => rs.stop());
    dataDir = mkdtempSync(join(tmpdir(), 'mcp-bridge-interop-'));
    cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
  });

  after(() => cleanup.run());

  test('signs in through the login and consent forms, refreshes with rotation, survives a restart', { timeout: 60_000 }, async () => {
    const host = await connectHost(['proxy', url, '--store', 'file'], { env: bridgeEnv(dataDir), name: 'oidc-host' });
    try {
      const r = await host.client.callTool({ name: 'whoami', arguments: {} }, undefined, opts);
      assert.equal(firstText(r), 'sub=alice', withStderr(host, 'whoami after sign-in'));
      const before = JSON.parse(readFileSync(join(dataDir, 'tokens.json'), 'utf8')).entries[url];
      assert.ok(before.refresh_token, 'a refresh token was issued');
      // Let the access token expire: the bridge refreshes (ahead of time or on the 401).
      await sleep(6_000);
      const r2 = await host.client.callTool({ name: 'whoami', arguments: {} }, undefined, opts);
      assert.equal(firstText(r2), 'sub=alice', withStderr(host, 'whoami after expiry'));
      const afterRefresh = JSON.parse(readFileSync(join(dataDir, 'tokens.json'), 'utf8')).entries[url];
      assert.notEqual(afterRefresh.refresh_token, before.refresh_token, 'the rotated refresh token was stored');
      assert.match(as.output(), /refresh 1/);
      assert.doesNotMatch(as.output(), /grant\.error/, 'no refresh token was ever reused');
    } finally {
      await host.close();
    }
    // A new bridge continues with the stored (rotated) credential.
    await sleep(5_000);
    const host2 = await connectHost(['proxy', url, '--store', 'file', '--no-browser'], { env: bridgeEnv(dataDir), name: 'oidc-host-2' });
    try {
      const r3 = await host2.client.callTool({ name: 'whoami', arguments: {} }, undefined, opts);
      assert.equal(firstText(r3), 'sub=alice', withStderr(host2, 'whoami from a new bridge'));
      assert.doesNotMatch(as.output(), /grant\.error/);
    } finally {
      await host2.close();
    }
  });
});

describe('oidc-provider standing in for a Cloudflare Access for SaaS application', () => {
  const cleanup = cleanupList();
  let as;
  let url;
  let issuer;
  let dataDir;
  let callbackPort;
  const clientId = 'access-saas-app';

  before(async () => {
    checkPrerequisites();
    const asPort = await freePort();
    const rsPort = await freePort();
    callbackPort = await freePort();
    issuer = `http://127.0.0.1:${asPort}`;
    url = `http://127.0.0.1:${rsPort}/mcp`;
    const redirect = `http://127.0.0.1:${callbackPort}/callback`;
    as = await startScript('oidc-as.mjs', [String(asPort), url, '600', `saas:${clientId}:${redirect}`], asPort);
    cleanup.add(() => as.stop());
    const rs = await startScript('jwt-mcp.mjs', [String(rsPort), issuer, `idtoken:${clientId}`], rsPort);
    cleanup.add(() => rs.stop());
    dataDir = mkdtempSync(join(tmpdir(), 'mcp-bridge-interop-'));
    cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
  });

  after(() => cleanup.run());

  test('a public client with a fixed redirect URI signs in and sends the verified ID token', { timeout: 60_000 }, async () => {
    const args = [
      'proxy', url, '--store', 'file', '--authorization-server', issuer, '--client-id', clientId,
      '--callback-port', String(callbackPort), '--host', '127.0.0.1', '--callback-path', '/callback', '--use-id-token',
    ];
    const host = await connectHost(args, { env: bridgeEnv(dataDir), name: 'saas-host' });
    try {
      const r = await host.client.callTool({ name: 'whoami', arguments: {} }, undefined, opts);
      assert.equal(firstText(r), 'email=alice@example.com', withStderr(host, 'whoami with the ID token'));
    } finally {
      await host.close();
    }
    const entry = JSON.parse(readFileSync(join(dataDir, 'tokens.json'), 'utf8')).entries[url];
    assert.ok(entry.id_token, 'the ID token is stored');
    const claims = JSON.parse(Buffer.from(entry.id_token.split('.')[1], 'base64url').toString('utf8'));
    assert.ok(typeof claims.nonce === 'string' && claims.nonce.length >= 20, 'the sign-in sent a nonce, which the ID token repeats');
    assert.ok(entry.refresh_token, 'offline_access brought a refresh token');
    assert.equal(entry.issuer, issuer);
    assert.doesNotMatch(as.output(), /grant\.error/);
  });
});
