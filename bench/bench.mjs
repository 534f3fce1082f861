// Side-by-side benchmark of mcp-bridge and the peer bridges (mcp-remote, hyper-mcp-remote,
// fastmcp-remote, mcp-proxy) against the same local Streamable HTTP server (bench/server.mjs),
// each driven over stdio the way a desktop host drives it.
//
//   node bench/bench.mjs --bridge PATH [--peers all|none|KEY,KEY...] [--peer-status FILE]
//                        [--quick] [--runs 10] [--requests 2000] [--warmup 200] [--rounds 10]
//                        [--throughput-seconds 10] [--big-bytes 10485760] [--big-runs 3]
//                        [--mcp-remote PATH] [--out BENCHMARKS.md]
//
// Normally started by bench/run.sh, which builds the release binary and installs the peers
// first (bench/peers.sh). `--quick`: the same 200 warm-up and 2,000 timed calls (so that all
// four targets are judged: launch, RSS after `initialize`, peak RSS after 2,000 calls, added
// p50), but 3 s of throughput and one large result (the defaults: 10 s, three large results).

import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { bridgeEra, cleanScratch, contenders, PEER_KEYS } from './contenders.mjs';
import { DirectClient, INIT_PARAMS, median, nowMs, startServer } from './host.mjs';
import { report } from './report.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const quick = process.argv.includes('--quick');

function peerList(s) {
  if (s === 'all') return PEER_KEYS;
  if (s === 'none' || s === '') return [];
  const keys = s.split(',').map((k) => k.trim()).filter(Boolean);
  const unknown = keys.filter((k) => !PEER_KEYS.includes(k));
  if (unknown.length) {
    console.error(`unknown peer(s): ${unknown.join(', ')}; known: ${PEER_KEYS.join(', ')}`);
    process.exit(2);
  }
  return PEER_KEYS.filter((k) => keys.includes(k));
}

const CFG = {
  bridge: arg('--bridge', process.env.MCP_BRIDGE_BIN),
  mcpRemote: arg('--mcp-remote', join(REPO, 'tests', 'interop', 'node_modules', 'mcp-remote', 'dist', 'proxy.js')),
  peers: peerList(arg('--peers', 'all')),
  peerStatus: arg('--peer-status', null),
  quick,
  runs: Number(arg('--runs', 10)),
  requests: Number(arg('--requests', 2000)),
  warmup: Number(arg('--warmup', 200)),
  rounds: Number(arg('--rounds', 10)),
  throughputSeconds: Number(arg('--throughput-seconds', quick ? 3 : 10)),
  bigBytes: Number(arg('--big-bytes', 10 * 1024 * 1024)),
  bigRuns: Number(arg('--big-runs', quick ? 1 : 3)),
  out: arg('--out', join(REPO, 'BENCHMARKS.md')),
  timeoutMs: Number(arg('--timeout-ms', 120_000)),
};
if (!CFG.bridge) {
  console.error('usage: node bench/bench.mjs --bridge PATH (or set MCP_BRIDGE_BIN)');
  process.exit(2);
}

// bench/peers.sh's lines: KEY <tab> ok|failed <tab> command or reason.
function readPeerStatus(file) {
  const status = {};
  if (!file) return status;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [key, state, ...rest] = line.split('\t');
    if (key && state) status[key] = { ok: state === 'ok', detail: rest.join('\t') };
  }
  return status;
}

const log = (s) => process.stderr.write(`${s}\n`);
const firstLine = (e) => String(e?.message ?? e).split('\n')[0].slice(0, 300);

// ---------------------------------------------------------------------------------------------
// measurements

async function measureLaunch(c) {
  const times = [];
  for (let i = 0; i < CFG.runs; i++) {
    const h = c.spawn();
    try {
      const r = await h.request('initialize', INIT_PARAMS);
      if (r.msg.error) throw new Error(JSON.stringify(r.msg.error));
      times.push(r.at - h.t0);
    } finally {
      await h.close();
    }
  }
  return times;
}

async function echo(client, text) {
  const r = await client.request('tools/call', { name: 'echo', arguments: { text } });
  if (r.msg.error || r.msg.result?.content?.[0]?.text !== text) {
    throw new Error(`unexpected echo reply: ${JSON.stringify(r.msg).slice(0, 300)}`);
  }
}

async function timedCalls(client, n, text) {
  const lat = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = nowMs();
    await echo(client, text);
    lat[i] = nowMs() - t;
  }
  return lat;
}

// Latency, then throughput, of every open client in interleaved rounds (order alternating), so
// that drift in the machine's load hits them alike. A client that fails leaves the rotation
// with its error recorded. `after` is called once the latency calls are done.
async function measureSteady(clients, results, after) {
  let keys = Object.keys(clients);
  const fail = (k, phase, e) => {
    results[k].error = `${phase}: ${firstLine(e)}`;
    log(`  ${k} failed in ${phase}: ${firstLine(e)}`);
    keys = keys.filter((x) => x !== k);
  };
  const lat = Object.fromEntries(keys.map((k) => [k, []]));
  for (const k of [...keys]) {
    try {
      await timedCalls(clients[k], CFG.warmup, 'warm-up');
    } catch (e) {
      fail(k, 'warm-up', e);
    }
  }
  const perRound = Math.ceil(CFG.requests / CFG.rounds);
  for (let r = 0; r < CFG.rounds; r++) {
    for (const k of r % 2 === 0 ? [...keys] : [...keys].reverse()) {
      try {
        lat[k].push(...(await timedCalls(clients[k], perRound, 'latency probe')));
      } catch (e) {
        fail(k, 'latency calls', e);
      }
    }
  }
  after(keys);
  const calls = Object.fromEntries(keys.map((k) => [k, 0]));
  const busy = Object.fromEntries(keys.map((k) => [k, 0]));
  const slice = (CFG.throughputSeconds * 1000) / CFG.rounds;
  for (let r = 0; r < CFG.rounds; r++) {
    for (const k of r % 2 === 0 ? [...keys] : [...keys].reverse()) {
      const t = nowMs();
      try {
        do {
          await echo(clients[k], 'throughput');
          calls[k]++;
        } while (nowMs() - t < slice);
      } catch (e) {
        fail(k, 'throughput calls', e);
      }
      busy[k] += nowMs() - t;
    }
  }
  for (const k of keys) {
    const sorted = lat[k].sort((x, y) => x - y);
    const pct = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
    results[k].steady = {
      p50: pct(50), p99: pct(99), n: sorted.length,
      rps: calls[k] / (busy[k] / 1000), throughputCalls: calls[k],
      totalCalls: CFG.warmup + sorted.length + calls[k],
    };
  }
}

async function measureBig(client, statusOf) {
  const before = statusOf();
  const times = [];
  let first;
  for (let i = 0; i < CFG.bigRuns; i++) {
    const t = nowMs();
    const r = await client.request('tools/call', { name: 'big', arguments: {} });
    times.push(nowMs() - t);
    const len = r.msg.result?.content?.[0]?.text?.length;
    if (len !== CFG.bigBytes) throw new Error(`big result has ${len} characters, expected ${CFG.bigBytes}: ${JSON.stringify(r.msg).slice(0, 200)}`);
    if (i === 0) first = statusOf();
  }
  return { ms: median(times), before, first, after: statusOf() };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const load = [os.loadavg()];
  const server = await startServer(CFG.bigBytes);
  const scratch = mkdtempSync(join(os.tmpdir(), 'mcp-bridge-bench-'));
  const status = readPeerStatus(CFG.peerStatus);
  const cs = contenders({ cfg: CFG, url: server.url, scratch, status, repo: REPO });
  const results = { fetch: {}, http: {}, raw: {} };
  for (const c of cs) results[c.key] = c.error ? { error: c.error } : {};
  const running = () => cs.filter((c) => !results[c.key].error);
  try {
    // Untimed first launches: a warm page cache for all, and the bridge's era remembered.
    for (const c of running()) {
      log(`first launch (untimed): ${c.label}`);
      const h = c.spawn();
      try {
        await h.initialize();
        await h.request('tools/list', {});
      } catch (e) {
        results[c.key].error = `does not run: ${firstLine(e)}`;
      } finally {
        await h.close();
      }
    }
    const B = cs.find((c) => c.key === 'bridge');
    results.bridge.era = bridgeEra(B, server.url);

    for (const c of running()) {
      log(`launch -> initialize: ${c.label} x${CFG.runs}`);
      try {
        results[c.key].launch = await measureLaunch(c);
      } catch (e) {
        results[c.key].error = `launch: ${firstLine(e)}`;
      }
    }

    log(`latency (${CFG.warmup} + ${CFG.requests} tools/call) and throughput (${CFG.throughputSeconds} s) each, interleaved`);
    const clients = {
      fetch: new DirectClient(server.url, 'fetch'),
      http: new DirectClient(server.url, 'http'),
      raw: new DirectClient(server.url, 'raw'),
    };
    const proxies = running();
    for (const c of proxies) clients[c.key] = c.spawn();
    try {
      for (const [k, cl] of Object.entries(clients)) {
        try {
          await cl.initialize();
          if (cl.status) {
            await cl.request('tools/list', {});
            results[k].idle = cl.status();
          }
        } catch (e) {
          results[k].error = `initialize + tools/list: ${firstLine(e)}`;
        }
      }
      const open = Object.fromEntries(Object.entries(clients).filter(([k]) => !results[k].error));
      await measureSteady(open, results, (keys) => {
        for (const k of keys) if (clients[k].status) results[k].peakAfterCalls = clients[k].status();
      });
      for (const c of proxies) if (!results[c.key].error) results[c.key].peakEnd = clients[c.key].status();
    } finally {
      for (const cl of Object.values(clients)) await cl.close();
    }

    if (CFG.bigRuns > 0) {
      for (const via of ['fetch', 'http', 'raw']) {
        const direct = new DirectClient(server.url, via);
        await direct.initialize();
        results[via].big = await measureBig(direct, () => ({ hwmKb: NaN, rssKb: NaN }));
        await direct.close();
      }
      for (const c of running()) {
        log(`${c.label}: ${CFG.bigRuns} x ${CFG.bigBytes}-byte result`);
        const b = c.spawn();
        try {
          await b.initialize();
          await b.request('tools/list', {});
          await timedCalls(b, 50, 'warm-up');
          results[c.key].big = await measureBig(b, () => b.status());
        } catch (e) {
          results[c.key].bigError = firstLine(e);
        } finally {
          await b.close();
        }
      }
    }
  } finally {
    await server.stop();
    cleanScratch(scratch);
  }
  load.push(os.loadavg());
  report({ cfg: CFG, cs, results, load });
}

main().catch((e) => {
  console.error(e.stack ?? String(e));
  process.exit(1);
});
