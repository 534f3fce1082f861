// The sign-in as the person sees it, in a real browser: Debian's Chromium (headless, driven by
// playwright-core, JavaScript off, nothing beyond 127.0.0.1 reachable) opens the address that
// `mcp-bridge login` hands to its browser command, fills oidc-provider's login and consent
// forms, and lands on the bridge's callback page. The page's words are checked and each page
// is saved as a screenshot (INTEROP_OUTPUT_DIR, default tests/interop/output/browser-pages):
// the signed-in page, a response of another sign-in (wrong state), and the person cancelling
// at the authorization server (error=access_denied).
// Skipped, saying why, where /usr/bin/chromium (or CHROMIUM_PATH) is missing; CI installs it.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  BRIDGE_BIN, INTEROP_DIR, checkPrerequisites, cleanupList, eventually, freePort, stopProcess, waitForPort,
} from './harness.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT = join(process.env.INTEROP_OUTPUT_DIR ?? join(INTEROP_DIR, 'output'), 'browser-pages');
// Off the network: no background traffic, no name resolution beyond this machine.
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

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

/** `mcp-bridge login` whose browser command hands the address to the test. */
function startLogin(cleanup, url) {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-bridge-pages-'));
  cleanup.add(() => rmSync(dir, { recursive: true, force: true }));
  const handoff = join(dir, 'handoff');
  const browser = `${process.execPath} ${join(INTEROP_DIR, 'servers', 'handoff-browser.mjs')}`;
  const proc = spawn(BRIDGE_BIN, ['login', url, '--store', 'file', '--browser', browser], {
    env: { ...process.env, MCP_BRIDGE_DATA_DIR: join(dir, 'data'), HANDOFF_FILE: handoff, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  cleanup.add(() => stopProcess(proc));
  let err = '';
  proc.stderr.on('data', (d) => (err += d));
  const exited = new Promise((res) => proc.once('exit', (code) => res(code)));
  return {
    proc,
    stderr: () => err,
    exited,
    async address() {
      const handed = await eventually(() => existsSync(handoff) && readFileSync(handoff, 'utf8').includes('\n'), { timeoutMs: 15_000 });
      assert.ok(handed, `no address handed to the browser:\n${err}`);
      return readFileSync(handoff, 'utf8').trim().split('\n').pop();
    },
  };
}

/** The page's visible text, its screenshot saved as `name`.png. */
async function look(page, name) {
  await page.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage: true });
  return page.locator('body').innerText();
}

describe('the sign-in in a real browser (Chromium, oidc-provider)', {
  skip: !existsSync(CHROMIUM) && `no ${CHROMIUM}: install Debian's chromium (apt-get install --no-install-recommends chromium) or set CHROMIUM_PATH`,
}, () => {
  const cleanup = cleanupList();
  let url;
  let issuer;
  let context;
  const blocked = [];

  before(async () => {
    checkPrerequisites();
    const { chromium } = await import('playwright-core');
    const asPort = await freePort();
    const rsPort = await freePort();
    issuer = `http://127.0.0.1:${asPort}`;
    url = `http://127.0.0.1:${rsPort}/mcp`;
    const as = await startScript('oidc-as.mjs', [String(asPort), url, '600'], asPort);
    cleanup.add(() => as.stop());
    const rs = await startScript('jwt-mcp.mjs', [String(rsPort), issuer], rsPort);
    cleanup.add(() => rs.stop());
    mkdirSync(OUTPUT, { recursive: true });
    const profile = mkdtempSync(join(tmpdir(), 'mcp-bridge-chromium-'));
    cleanup.add(() => rmSync(profile, { recursive: true, force: true }));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      javaScriptEnabled: false,
      viewport: { width: 900, height: 640 },
    });
    cleanup.add(() => context.close());
    // Whatever a page asks for beyond this machine (oidc-provider's page imports a web font)
    // is refused here too.
    await context.route('**/*', (route) => {
      const { hostname, protocol } = new URL(route.request().url());
      if (protocol === 'data:' || hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
      blocked.push(route.request().url());
      return route.abort();
    });
  });

  after(() => cleanup.run());

  test('login and consent forms, then the bridge\'s page: signed in, close the tab', { timeout: 60_000 }, async () => {
    const login = startLogin(cleanup, url);
    const address = await login.address();
    const page = await context.newPage();
    try {
      await page.goto(address);
      await page.locator('input[name="login"]').fill('alice');
      await page.locator('input[name="password"]').fill('correct horse');
      await page.locator('button[type="submit"]').click();
      await page.locator('button[type="submit"]', { hasText: 'Continue' }).click();
      await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback\?/);
      const landed = new URL(page.url());
      const text = await look(page, 'signed-in');
      assert.equal(await page.title(), 'You are signed in · mcp-bridge');
      assert.match(text, /You are signed in/);
      assert.match(text, new RegExp(`sign-in to ${url.replace(/[.]/g, '\\.')}`));
      assert.match(text, /You can close this tab\./);
      const html = await page.content();
      for (const secret of [landed.searchParams.get('code'), landed.searchParams.get('state')]) {
        assert.ok(secret && !html.includes(secret), 'the page shows neither the code nor the state');
      }
      assert.equal(await login.exited, 0, login.stderr());
      assert.match(login.stderr(), /✓ Signed in/);
    } finally {
      await page.close();
    }
  });

  test('the pages for another sign-in\'s response and for a cancelled sign-in', { timeout: 60_000 }, async () => {
    const login = startLogin(cleanup, url);
    const address = await login.address();
    const callback = new URL(address).searchParams.get('redirect_uri');
    const page = await context.newPage();
    try {
      // A response that belongs to no sign-in mcp-bridge waits for.
      await page.goto(`${callback}?code=forged&state=not-this-one`);
      let text = await look(page, 'unknown-sign-in');
      assert.match(text, /This is not the sign-in mcp-bridge is waiting for/);
      assert.match(text, /still waiting/);
      assert.match(text, /You can close this tab\./);
      assert.ok(!(await page.content()).includes('forged'));
      // The same page for someone who works in dark mode.
      await page.emulateMedia({ colorScheme: 'dark' });
      await look(page, 'unknown-sign-in-dark');
      await page.emulateMedia({ colorScheme: 'light' });

      // The person cancels at the authorization server, which answers access_denied.
      await page.goto(address);
      await page.getByRole('link', { name: /Cancel/ }).click();
      await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback\?.*error=access_denied/);
      text = await look(page, 'access-denied');
      assert.match(text, /The sign-in was not completed/);
      assert.match(text, /access_denied/);
      assert.match(text, /still waiting/);
      assert.match(text, /You can close this tab\./);
      assert.equal(login.proc.exitCode, null, 'the bridge still waits for the sign-in');
    } finally {
      await page.close();
    }
  });
});
