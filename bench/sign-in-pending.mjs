// How long a host waits on a first start whose sign-in takes a person's time (normally run
// by bench/sign-in-pending.sh, which builds the release binary first):
//
//   node bench/sign-in-pending.mjs --bridge PATH [--runs 3] [--delay-ms 90000]
//
// On 127.0.0.1: oidc-provider (login and consent forms, dynamic registration, PKCE) and an MCP
// server that takes only its JWTs (tests/interop/servers). Each run is a first start (a fresh
// data directory) whose browser (tests/interop/servers/slow-browser.mjs) waits --delay-ms
// before it signs in, with two hosts side by side, the Python one started 5 s after the other
// so that their sign-ins end apart:
//   - the TypeScript SDK client (a 2025-11-25 host, with its default list-changed handling:
//     refetch after a 300 ms debounce): launch → `initialize` answered, as the client sees it;
//     sign-in completed → the client has the server's tools (after the bridge's
//     `notifications/tools/list_changed`);
//   - the Python `mcp` client (a 2026-07-28 host, tests/interop/servers/py_host.py): launch →
//     `server/discover` answered; sign-in completed → the tools listed again on the
//     subscription's event.
// "Sign-in completed" is when the browser has the bridge's callback page. Prints a Markdown
// section for BENCHMARKS.md.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

import { connectHost, freePort, stopProcess, waitForPort, withTimeout } from '../tests/interop/harness.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');
const SERVERS = join(REPO, 'tests', 'interop', 'servers');
const PYTHON = join(REPO, 'tests', 'interop', '.venv-py', 'bin', 'python');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const BRIDGE = resolve(arg('--bridge', process.env.MCP_BRIDGE_BIN ?? ''));
const RUNS = Number(arg('--runs', 3));
const DELAY_MS = Number(arg('--delay-ms', 90_000));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x) => x.toFixed(0);

function startScript(script, args) {
  return spawn(process.execPath, [join(SERVERS, script), ...args], { stdio: 'ignore' });
}

/** A fresh data directory and a browser that takes `delayMs`. */
function firstStart(delayMs) {
  const dir = mkdtempSync(join(os.tmpdir(), 'mcp-bridge-bench-pending-'));
  const done = join(dir, 'browser-done');
  const pids = join(dir, 'browser-pids');
  return {
    dir,
    doneAt: () => Number(readFileSync(done, 'utf8')),
    env: {
      MCP_BRIDGE_DATA_DIR: join(dir, 'data'),
      MCP_BRIDGE_BROWSER: `${process.execPath} ${join(SERVERS, 'slow-browser.mjs')}`,
      SLOW_BROWSER_DELAY_MS: String(delayMs),
      SLOW_BROWSER_DONE: done,
      SLOW_BROWSER_PIDS: pids,
    },
    cleanup() {
      if (existsSync(pids)) {
        for (const pid of readFileSync(pids, 'utf8').split('\n').filter(Boolean)) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function tsRun(url, delayMs = DELAY_MS) {
  const start = firstStart(delayMs);
  let listed;
  const toolsListed = new Promise((res) => (listed = res));
  try {
    const t0 = performance.now();
    const host = await connectHost(['proxy', url, '--store', 'file'], {
      command: BRIDGE,
      env: start.env,
      name: 'bench-ts-host',
      listChanged: { tools: { onChanged: (e, tools) => tools?.some((t) => t.name === 'whoami') && listed(Date.now()) } },
    });
    const initializeMs = performance.now() - t0;
    try {
      const listedAt = await withTimeout(toolsListed, delayMs + 60_000, 'the tools after the sign-in');
      return { initializeMs, listedAfterMs: listedAt - start.doneAt() };
    } finally {
      await host.close();
    }
  } finally {
    start.cleanup();
  }
}

async function pyRun(url) {
  const start = firstStart(DELAY_MS);
  try {
    const proc = spawn(PYTHON, [join(SERVERS, 'py_host.py'), BRIDGE, url], {
      env: { ...process.env, ...start.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (err += d));
    const code = await withTimeout(new Promise((res) => proc.once('exit', res)), DELAY_MS + 60_000, 'the Python host');
    if (code !== 0) throw new Error(`the Python host failed:\n${err}`);
    const seen = JSON.parse(out.trim().split('\n').pop());
    return { initializeMs: seen.connected_at - seen.started_at, listedAfterMs: seen.listed_at - start.doneAt() };
  } finally {
    start.cleanup();
  }
}

const asPort = await freePort();
const rsPort = await freePort();
const url = `http://127.0.0.1:${rsPort}/mcp`;
const as = startScript('oidc-as.mjs', [String(asPort), url, '600']);
const rs = startScript('jwt-mcp.mjs', [String(rsPort), `http://127.0.0.1:${asPort}`]);
const python = existsSync(PYTHON);
const ts = [];
const py = [];
try {
  await waitForPort(asPort);
  await waitForPort(rsPort);
  // One sign-in first, not measured: the authorization server is a running server, warmed up.
  await tsRun(url, 500);
  for (let i = 0; i < RUNS; i++) {
    process.stderr.write(`run ${i + 1} of ${RUNS} (${DELAY_MS / 1000} s each)\n`);
    const both = [tsRun(url)];
    if (python) both.push(sleep(5_000).then(() => pyRun(url)));
    const [t, p] = await Promise.all(both);
    ts.push(t);
    if (p) py.push(p);
  }
} finally {
  await stopProcess(as);
  await stopProcess(rs);
}

const row = (what, runs, key) => {
  const xs = runs.map((r) => r[key]);
  return `${fmt(median(xs))} | ${fmt(Math.min(...xs))} / ${fmt(Math.max(...xs))}`;
};
function commit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
const cpu = os.cpus()[0]?.model?.split(' ').slice(0, 2).join(' ') ?? 'unknown';
const lines = [
  `## A first start whose sign-in takes ${DELAY_MS / 1000} s`,
  '',
  'Produced by:',
  '',
  '```sh',
  `bench/sign-in-pending.sh --runs ${RUNS}${DELAY_MS === 90_000 ? '' : ` --delay-ms ${DELAY_MS}`}`,
  '```',
  '',
  `- when: ${new Date().toISOString()}`,
  `- machine: ${os.type()} ${os.release()} ${os.arch()}, ${cpu} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM; node ${process.version}`,
  `- mcp-bridge: \`${BRIDGE}\` (commit ${commit()})`,
  `- ${RUNS} first starts (fresh data directory), each with both hosts, after one unmeasured sign-in that warms up the authorization server; the browser (\`tests/interop/servers/slow-browser.mjs\`) waits ${DELAY_MS / 1000} s, then fills oidc-provider's login and consent forms; oidc-provider and the MCP server run on 127.0.0.1`,
  '- "launch → answered": from starting the bridge to the answer to `initialize` (TypeScript SDK client, 2025-11-25) or `server/discover` (Python `mcp` client, 2026-07-28), as the client sees it',
  '- "sign-in → tools": from the browser receiving the bridge\'s callback page to the client having the server\'s tools, refetched on the bridge\'s `list_changed` (the TypeScript client waits its default 300 ms debounce first; the Python client lists on the subscription\'s event)',
  '',
  '| host | launch → answered, median (ms) | min / max | sign-in → tools, median (ms) | min / max |',
  '| --- | ---: | ---: | ---: | ---: |',
  `| TypeScript SDK 1.32.2 client | ${row('ts', ts, 'initializeMs')} | ${row('ts', ts, 'listedAfterMs')} |`,
  ...(py.length ? [`| Python \`mcp\` 2.3.0 client | ${row('py', py, 'initializeMs')} | ${row('py', py, 'listedAfterMs')} |`] : []),
  '',
  '| target | measured (worst run) | result |',
  '| --- | ---: | :---: |',
];
const all = [...ts, ...py];
const worstInit = Math.max(...all.map((r) => r.initializeMs));
const worstList = Math.max(...all.map((r) => r.listedAfterMs));
lines.push(`| \`initialize\` answered < 200 ms after launch | ${fmt(worstInit)} ms | **${worstInit < 200 ? 'pass' : 'fail'}** |`);
lines.push(`| tools listed < 1 s after the sign-in completes | ${fmt(worstList)} ms | **${worstList < 1000 ? 'pass' : 'fail'}** |`);
console.log(lines.join('\n'));
