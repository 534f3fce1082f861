// The host never waits on a first sign-in: against a real authorization server (oidc-provider,
// with its login and consent forms) and an MCP server that takes only its JWTs, a browser that
// takes its time (servers/slow-browser.mjs) signs in while two real hosts carry on:
//  - the TypeScript SDK client (a 2025-11-25 host): `initialize` is answered at once, the
//    tool list is empty and a call waits until the sign-in is done; then the bridge's
//    `notifications/tools/list_changed` makes the client list the server's tools;
//  - the Python `mcp` client (a 2026-07-28 host): `server/discover` is answered at once, its
//    `subscriptions/listen` acknowledged, and the change announced on it once signed in.
// The browser takes SIGN_IN_DELAY_MS (default 5 s) in the quick tests, and the real 90 s in
// one (a sign-in with single sign-on and MFA), where a call made meanwhile gets the "sign-in
// is pending" error after the bridge's 20-second bound. bench/sign-in-pending.mjs measures.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  BRIDGE_BIN, INTEROP_DIR, checkPrerequisites, cleanupList, connectHost, firstText, freePort, stopProcess,
  waitForPort, withStderr, withTimeout,
} from './harness.mjs';

const DELAY_MS = Number(process.env.SIGN_IN_DELAY_MS ?? 5_000);
const REAL_DELAY_MS = 90_000;
const SLOW_BROWSER = `${process.execPath} ${join(INTEROP_DIR, 'servers', 'slow-browser.mjs')}`;
const PYTHON = join(INTEROP_DIR, '.venv-py', 'bin', 'python');

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

/** A first start: a fresh data directory, and a browser that takes `delayMs`. */
function firstStart(cleanup, delayMs) {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-bridge-pending-'));
  const pids = join(dir, 'browser-pids');
  cleanup.add(() => rmSync(dir, { recursive: true, force: true }));
  // A browser still waiting when the test ends (its bridge gone) is stopped.
  cleanup.add(() => {
    if (!existsSync(pids)) return;
    for (const pid of readFileSync(pids, 'utf8').split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  const done = join(dir, 'browser-done');
  return {
    done,
    doneAt: () => Number(readFileSync(done, 'utf8')),
    env: {
      MCP_BRIDGE_DATA_DIR: join(dir, 'data'),
      MCP_BRIDGE_BROWSER: SLOW_BROWSER,
      SLOW_BROWSER_DELAY_MS: String(delayMs),
      SLOW_BROWSER_DONE: done,
      SLOW_BROWSER_PIDS: pids,
    },
  };
}

/** The TypeScript host's run: connect, see the pending state, get the tools once signed in. */
async function tsHostRun(url, start, { delayMs, callMeanwhile }) {
  let listed;
  const toolsListed = new Promise((res) => (listed = res));
  const startedAt = Date.now();
  const host = await connectHost(['proxy', url, '--store', 'file'], {
    env: start.env,
    name: 'pending-ts-host',
    listChanged: {
      tools: { onChanged: (err, tools) => tools?.some((t) => t.name === 'whoami') && listed(Date.now()) },
    },
  });
  const initializeMs = Date.now() - startedAt;
  try {
    assert.equal(existsSync(start.done), false, 'initialize was answered before the sign-in completed');
    assert.match(host.client.getInstructions() ?? '', /complete the sign-in in your browser/, withStderr(host, 'instructions'));
    assert.match(host.client.getServerVersion()?.name ?? '', /^mcp-bridge for 127\.0\.0\.1:/);
    const { tools } = await host.client.listTools();
    assert.deepEqual(tools, [], 'no tools while the sign-in is pending');
    const call = host.client.callTool({ name: 'whoami', arguments: {} }, undefined, { timeout: delayMs + 60_000 });
    const outcome = await callMeanwhile(call);
    const listedAt = await withTimeout(toolsListed, delayMs + 60_000, 'the tools after the sign-in');
    const doneAt = start.doneAt();
    const r = await host.client.callTool({ name: 'whoami', arguments: {} });
    assert.equal(firstText(r), 'sub=alice', withStderr(host, 'whoami after the sign-in'));
    return { initializeMs, listedAfterMs: listedAt - doneAt, outcome };
  } finally {
    await host.close();
  }
}

describe('the host never waits on a first sign-in (oidc-provider)', () => {
  const cleanup = cleanupList();
  let as;
  let url;

  before(async () => {
    checkPrerequisites();
    const asPort = await freePort();
    const rsPort = await freePort();
    url = `http://127.0.0.1:${rsPort}/mcp`;
    as = await startScript('oidc-as.mjs', [String(asPort), url, '600'], asPort);
    cleanup.add(() => as.stop());
    const rs = await startScript('jwt-mcp.mjs', [String(rsPort), `http://127.0.0.1:${asPort}`], rsPort);
    cleanup.add(() => rs.stop());
  });

  after(() => cleanup.run());

  test(`TypeScript host: answered at once, a call waits, tools after the sign-in (browser: ${DELAY_MS} ms)`, { timeout: DELAY_MS + 90_000 }, async (t) => {
    const start = firstStart(cleanup, DELAY_MS);
    const run = await tsHostRun(url, start, {
      delayMs: DELAY_MS,
      // Shorter than the bridge's bound: the call waits for the sign-in and succeeds.
      callMeanwhile: async (call) => firstText(await call),
    });
    assert.equal(run.outcome, 'sub=alice');
    t.diagnostic(`initialize after ${run.initializeMs} ms; tools listed ${run.listedAfterMs} ms after the sign-in`);
  });

  test('TypeScript host, a 90-second sign-in: a call made meanwhile is told the sign-in is pending', { timeout: REAL_DELAY_MS + 90_000 }, async (t) => {
    const start = firstStart(cleanup, REAL_DELAY_MS);
    const run = await tsHostRun(url, start, {
      delayMs: REAL_DELAY_MS,
      callMeanwhile: (call) => assert.rejects(call, /sign-in to .* is pending in your browser; try again when it is done/),
    });
    t.diagnostic(`initialize after ${run.initializeMs} ms; tools listed ${run.listedAfterMs} ms after the sign-in`);
  });

  test(`Python host (2026-07-28): discovery answered at once, the change announced on its subscription (browser: ${DELAY_MS} ms)`, {
    timeout: DELAY_MS + 90_000,
    skip: !existsSync(PYTHON) && 'no tests/interop/.venv-py (scripts/test.sh creates it)',
  }, async (t) => {
    const start = firstStart(cleanup, DELAY_MS);
    const proc = spawn(PYTHON, [join(INTEROP_DIR, 'servers', 'py_host.py'), BRIDGE_BIN, url], {
      env: { ...process.env, ...start.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanup.add(() => stopProcess(proc));
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (err += d));
    const code = await withTimeout(new Promise((res) => proc.once('exit', res)), DELAY_MS + 60_000, 'the Python host');
    assert.equal(code, 0, `the Python host failed:\n${err}`);
    const seen = JSON.parse(out.trim().split('\n').pop());
    const doneAt = start.doneAt();
    assert.ok(seen.connected_at < doneAt, `discovery answered before the sign-in completed\n${err}`);
    assert.equal(seen.protocol, '2026-07-28');
    assert.match(seen.instructions ?? '', /complete the sign-in in your browser/);
    assert.deepEqual(seen.tools_before, []);
    assert.equal(seen.honored_tools, true, 'the subscription was acknowledged');
    assert.ok(seen.tools_after.includes('whoami'), `${JSON.stringify(seen)}\n${err}`);
    assert.equal(seen.call, 'sub=alice');
    t.diagnostic(`discovery after ${Math.round(seen.connected_at - seen.started_at)} ms; tools listed ${Math.round(seen.listed_at - doneAt)} ms after the sign-in`);
  });
});
