// Side-by-side benchmark of mcp-bridge and mcp-remote against the same local Streamable HTTP
// server (bench/server.mjs), driven over stdio the way a desktop host drives them.
//
//   node bench/bench.mjs --bridge PATH [--mcp-remote PATH] [--runs 10] [--requests 2000]
//                        [--throughput 10000] [--rounds 10] [--warmup 200]
//                        [--big-bytes 10485760] [--big-runs 3] [--out BENCHMARKS.md]
//
// Normally started by bench/run.sh, which builds the release binary first.

import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const CFG = {
  bridge: arg('--bridge', process.env.MCP_BRIDGE_BIN),
  mcpRemote: arg('--mcp-remote', join(REPO, 'tests', 'interop', 'node_modules', 'mcp-remote', 'dist', 'proxy.js')),
  runs: Number(arg('--runs', 10)),
  requests: Number(arg('--requests', 2000)),
  warmup: Number(arg('--warmup', 200)),
  rounds: Number(arg('--rounds', 10)),
  throughput: Number(arg('--throughput', 10000)),
  bigBytes: Number(arg('--big-bytes', 10 * 1024 * 1024)),
  bigRuns: Number(arg('--big-runs', 3)),
  out: arg('--out', join(HERE, '..', 'BENCHMARKS.md')),
  timeoutMs: Number(arg('--timeout-ms', 120_000)),
};
if (!CFG.bridge) {
  console.error('usage: node bench/bench.mjs --bridge PATH (or set MCP_BRIDGE_BIN)');
  process.exit(2);
}

const PROTOCOL = '2025-11-25';
const INIT_PARAMS = { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'bench-host', version: '1.0.0' } };

// ---------------------------------------------------------------------------------------------
// helpers

function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([
    promise,
    new Promise((_, rej) => {
      t = setTimeout(() => rej(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

const median = (xs) => percentile([...xs].sort((a, b) => a - b), 50);

function procStatus(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number((text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm')) ?? [])[1] ?? NaN);
    return { hwmKb: kb('VmHWM'), rssKb: kb('VmRSS') };
  } catch {
    return { hwmKb: NaN, rssKb: NaN };
  }
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

// ---------------------------------------------------------------------------------------------
// the server

async function startServer() {
  const proc = spawn(process.execPath, [join(HERE, 'server.mjs'), '--port', '0', '--big-bytes', String(CFG.bigBytes)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await withTimeout(new Promise((res, rej) => {
    let buf = '';
    proc.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/listening (http:\/\/127\.0\.0\.1:\d+\/mcp)/);
      if (m) res(m[1]);
    });
    proc.once('exit', (c) => rej(new Error(`bench server exited with ${c}`)));
  }), 10_000, 'bench server start');
  return {
    url,
    async stop() {
      if (proc.exitCode !== null) return;
      const done = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await withTimeout(done, 5_000, 'server stop').catch(() => proc.kill('SIGKILL'));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// a stdio host: newline-delimited JSON-RPC over a child's stdin/stdout

class StdioHost {
  constructor(command, args, env) {
    this.t0 = nowMs();
    this.proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.pending = new Map();
    this.chunks = [];
    this.stderr = '';
    this.nextId = 1;
    this.proc.stderr.on('data', (d) => {
      if (this.stderr.length < 100_000) this.stderr += d;
    });
    this.proc.stdout.on('data', (d) => this.onData(d));
    this.exited = new Promise((res) => this.proc.once('exit', (code, signal) => res({ code, signal })));
    this.exited.then(() => {
      for (const [, p] of this.pending) p.reject(new Error(`process exited; stderr:\n${this.stderr.slice(-2000)}`));
      this.pending.clear();
    });
  }

  onData(d) {
    let start = 0;
    let nl = d.indexOf(10);
    while (nl >= 0) {
      this.chunks.push(d.subarray(start, nl));
      const line = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
      this.chunks = [];
      this.onLine(line);
      start = nl + 1;
      nl = d.indexOf(10, start);
    }
    if (start < d.length) this.chunks.push(d.subarray(start));
  }

  onLine(line) {
    if (line.length === 0) return;
    const at = nowMs();
    let msg;
    try {
      msg = JSON.parse(line.toString('utf8'));
    } catch {
      return;
    }
    if (msg.id !== undefined && (msg.result !== undefined || msg.error !== undefined)) {
      const p = this.pending.get(msg.id);
      if (p) {
        this.pending.delete(msg.id);
        p.resolve({ msg, at, bytes: line.length });
      }
    }
  }

  request(method, params) {
    const id = this.nextId++;
    const p = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.proc.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    return withTimeout(p, CFG.timeoutMs, `${method} (id ${id}); stderr:\n${this.stderr.slice(-2000)}`);
  }

  notify(method, params) {
    this.proc.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method, ...(params ? { params } : {}) })}\n`);
  }

  async initialize() {
    const r = await this.request('initialize', INIT_PARAMS);
    if (r.msg.error) throw new Error(`initialize failed: ${JSON.stringify(r.msg.error)}`);
    this.notify('notifications/initialized');
    return r;
  }

  status() {
    return procStatus(this.proc.pid);
  }

  async close() {
    this.proc.stdin.end();
    const r = await Promise.race([this.exited, sleep(5_000).then(() => null)]);
    if (!r) {
      this.proc.kill('SIGKILL');
      await this.exited;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// direct HTTP (the baseline): the same JSON-RPC POSTed with fetch (undici, keep-alive)

// `via` is 'fetch' (undici's fetch with its default keep-alive pool), 'http' (node:http with a
// keep-alive agent) or 'raw' (one kept-alive TCP socket, hand-written HTTP/1.1: the least
// client-side work node can do, i.e. close to the server's own round trip).
class DirectClient {
  constructor(url, via) {
    this.url = url;
    this.via = via;
    this.sid = null;
    this.nextId = 1;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  headers() {
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    if (this.sid) {
      headers['mcp-session-id'] = this.sid;
      headers['mcp-protocol-version'] = PROTOCOL;
    }
    return headers;
  }

  async post(body) {
    const data = JSON.stringify(body);
    if (this.via === 'raw') return this.rawPost(data);
    if (this.via === 'fetch') {
      const res = await fetch(this.url, { method: 'POST', headers: this.headers(), body: data });
      return { sid: res.headers.get('mcp-session-id'), text: await res.text() };
    }
    return new Promise((resolve, reject) => {
      const req = http.request(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: { ...this.headers(), 'content-length': Buffer.byteLength(data) },
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ sid: res.headers['mcp-session-id'], text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(data);
    });
  }

  async rawPost(data) {
    const u = new URL(this.url);
    if (!this.sock) {
      this.sock = net.connect({ host: u.hostname, port: Number(u.port) });
      this.sock.setNoDelay(true);
      this.parts = [];
      this.have = 0;
      this.sock.on('data', (d) => {
        this.parts.push(d);
        this.have += d.length;
        this.rawPump();
      });
      this.sock.on('error', (e) => this.rawWaiter?.reject(e));
    }
    const head = [`POST ${u.pathname} HTTP/1.1`, `host: ${u.host}`, 'connection: keep-alive',
      ...Object.entries(this.headers()).map(([k, v]) => `${k}: ${v}`),
      `content-length: ${Buffer.byteLength(data)}`, '', ''].join('\r\n');
    const p = new Promise((resolve, reject) => (this.rawWaiter = { resolve, reject }));
    this.sock.write(head + data);
    return p;
  }

  // Collects one response: headers, then Content-Length bytes (concatenated once).
  rawPump() {
    if (!this.rawWaiter) return;
    if (!this.rawHead) {
      const buf = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
      this.parts = [buf];
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      this.rawHead = {
        len: Number((head.match(/\r\ncontent-length:\s*(\d+)/i) ?? [])[1] ?? 0),
        sid: (head.match(/\r\nmcp-session-id:\s*(\S+)/i) ?? [])[1],
      };
      this.parts = [buf.subarray(end + 4)];
      this.have = this.parts[0].length;
    }
    if (this.have < this.rawHead.len) return;
    const body = Buffer.concat(this.parts);
    const text = body.subarray(0, this.rawHead.len).toString('utf8');
    const rest = body.subarray(this.rawHead.len);
    this.parts = rest.length ? [rest] : [];
    this.have = rest.length;
    const { sid } = this.rawHead;
    this.rawHead = null;
    const w = this.rawWaiter;
    this.rawWaiter = null;
    w.resolve({ sid, text });
  }

  async initialize() {
    const { sid } = await this.post({ jsonrpc: '2.0', id: this.nextId++, method: 'initialize', params: INIT_PARAMS });
    this.sid = sid;
    await this.post({ jsonrpc: '2.0', method: 'notifications/initialized' });
  }

  async request(method, params) {
    const { text } = await this.post({ jsonrpc: '2.0', id: this.nextId++, method, params });
    return { msg: JSON.parse(text), bytes: text.length };
  }

  async close() {
    await fetch(this.url, { method: 'DELETE', headers: { 'mcp-session-id': this.sid, 'mcp-protocol-version': PROTOCOL } })
      .then((r) => r.arrayBuffer()).catch(() => {});
    this.agent.destroy();
    this.sock?.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// the contenders

function contenders(url, configDir) {
  return [
    { key: 'bridge', label: 'mcp-bridge', spawn: () => new StdioHost(CFG.bridge, ['proxy', url], {}) },
    {
      key: 'remote',
      label: 'mcp-remote 0.15.1',
      spawn: () => new StdioHost(process.execPath, [CFG.mcpRemote, url], { MCP_REMOTE_CONFIG_DIR: configDir }),
    },
  ];
}

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

async function timedCalls(client, n, text) {
  const lat = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = nowMs();
    const r = await client.request('tools/call', { name: 'echo', arguments: { text } });
    lat[i] = nowMs() - t;
    if (r.msg.error || r.msg.result?.content?.[0]?.text !== text) {
      throw new Error(`unexpected echo reply: ${JSON.stringify(r.msg).slice(0, 300)}`);
    }
  }
  return lat;
}

// Latency and throughput of several clients measured in interleaved rounds, so that drift in
// the machine's load affects every client alike. `clients` maps a key to an open client.
async function measureSteady(clients) {
  const keys = Object.keys(clients);
  const rounds = CFG.rounds;
  const lat = Object.fromEntries(keys.map((k) => [k, []]));
  const busy = Object.fromEntries(keys.map((k) => [k, 0]));
  for (const k of keys) await timedCalls(clients[k], CFG.warmup, 'warm-up');
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? keys : [...keys].reverse();
    for (const k of order) {
      lat[k].push(...(await timedCalls(clients[k], Math.ceil(CFG.requests / rounds), 'latency probe')));
    }
  }
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? keys : [...keys].reverse();
    for (const k of order) {
      const t = nowMs();
      await timedCalls(clients[k], Math.ceil(CFG.throughput / rounds), 'throughput');
      busy[k] += nowMs() - t;
    }
  }
  const out = {};
  for (const k of keys) {
    const sorted = lat[k].sort((x, y) => x - y);
    out[k] = {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      n: sorted.length,
      rps: (Math.ceil(CFG.throughput / rounds) * rounds) / (busy[k] / 1000),
    };
  }
  return out;
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
    if (len !== CFG.bigBytes) throw new Error(`big result has ${len} characters, expected ${CFG.bigBytes}`);
    if (i === 0) first = statusOf();
  }
  const after = statusOf();
  return { ms: median(times), before, first, after };
}

// ---------------------------------------------------------------------------------------------

const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const mb = (kb) => (Number.isFinite(kb) ? (kb / 1024).toFixed(1) : 'n/a');

async function main() {
  const server = await startServer();
  const configDir = mkdtempSync(join(os.tmpdir(), 'bench-mcp-remote-'));
  const results = { fetch: {}, http: {}, raw: {}, bridge: {}, remote: {} };
  try {
    const cs = contenders(server.url, configDir);
    // Untimed first launches, so both start from a warm page cache.
    for (const c of cs) {
      const h = c.spawn();
      await h.initialize();
      await h.close();
    }

    for (const c of cs) {
      process.stderr.write(`launch -> initialize: ${c.label} x${CFG.runs}\n`);
      results[c.key].launch = await measureLaunch(c);
    }

    process.stderr.write(`latency and throughput, interleaved: ${CFG.requests} + ${CFG.throughput} tools/call each\n`);
    const clients = {
      fetch: new DirectClient(server.url, 'fetch'),
      http: new DirectClient(server.url, 'http'),
      raw: new DirectClient(server.url, 'raw'),
    };
    for (const c of cs) clients[c.key] = c.spawn();
    try {
      for (const cl of Object.values(clients)) await cl.initialize();
      for (const c of cs) {
        await clients[c.key].request('tools/list', {});
        results[c.key].idle = clients[c.key].status();
      }
      const steady = await measureSteady(clients);
      for (const [k, v] of Object.entries(steady)) results[k].steady = v;
      for (const c of cs) results[c.key].peak = clients[c.key].status(); // just before closing stdin
    } finally {
      for (const cl of Object.values(clients)) await cl.close();
    }

    for (const via of ['fetch', 'http', 'raw']) {
      const direct = new DirectClient(server.url, via);
      await direct.initialize();
      results[via].big = await measureBig(direct, () => ({ hwmKb: NaN, rssKb: NaN }));
      await direct.close();
    }
    for (const c of cs) {
      process.stderr.write(`${c.label}: ${CFG.bigRuns} x ${CFG.bigBytes}-byte result\n`);
      const b = c.spawn();
      try {
        await b.initialize();
        await b.request('tools/list', {});
        await timedCalls(b, 50, 'warm-up');
        results[c.key].big = await measureBig(b, () => b.status());
      } finally {
        await b.close();
      }
    }
  } finally {
    await server.stop();
    rmSync(configDir, { recursive: true, force: true });
  }
  report(results);
}

function report(r) {
  const B = r.bridge;
  const M = r.remote;
  const F = r.fetch;
  const H = r.http;
  const R = r.raw;
  // The baseline is the fastest direct client at each percentile (the largest added latency).
  const D = {
    steady: {
      p50: Math.min(F.steady.p50, H.steady.p50, R.steady.p50),
      p99: Math.min(F.steady.p99, H.steady.p99, R.steady.p99),
    },
  };
  const launchB = median(B.launch);
  const launchM = median(M.launch);
  const addB50 = B.steady.p50 - D.steady.p50;
  const addB99 = B.steady.p99 - D.steady.p99;
  const addM50 = M.steady.p50 - D.steady.p50;
  const addM99 = M.steady.p99 - D.steady.p99;
  const growth = (x) => x.big.first.hwmKb * 1024 - x.big.before.hwmKb * 1024;
  const growthAll = (x) => x.big.after.hwmKb * 1024 - x.big.before.hwmKb * 1024;
  const payload = CFG.bigBytes;
  const growthB = growth(B);
  const growthM = growth(M);
  const pass = (ok) => (ok ? '**pass**' : '**FAIL**');

  const MiB = `${(payload / 1048576).toFixed(0)} MiB`;
  const rows = [
    ['metric', 'direct: fetch', 'direct: node:http', 'direct: raw socket', 'mcp-bridge', 'mcp-remote 0.15.1', 'bridge vs mcp-remote'],
    ['---', '---:', '---:', '---:', '---:', '---:', '---:'],
    [`launch → first \`initialize\` response, median of ${CFG.runs} (ms)`, '', '', '', fmt(launchB, 1), fmt(launchM, 1), `${fmt(launchM / launchB, 1)}× faster`],
    ['launch → `initialize`, min / max (ms)', '', '', '',
      `${fmt(Math.min(...B.launch), 1)} / ${fmt(Math.max(...B.launch), 1)}`,
      `${fmt(Math.min(...M.launch), 1)} / ${fmt(Math.max(...M.launch), 1)}`, ''],
    [`\`tools/call\` round trip p50 (ms, ${CFG.requests} calls)`, fmt(F.steady.p50, 3), fmt(H.steady.p50, 3), fmt(R.steady.p50, 3), fmt(B.steady.p50, 3), fmt(M.steady.p50, 3), ''],
    ['`tools/call` round trip p99 (ms)', fmt(F.steady.p99, 3), fmt(H.steady.p99, 3), fmt(R.steady.p99, 3), fmt(B.steady.p99, 3), fmt(M.steady.p99, 3), ''],
    ['added latency vs the fastest direct client, p50 (ms)', '', '', '', fmt(addB50, 3), fmt(addM50, 3), ''],
    ['added latency vs the fastest direct client, p99 (ms)', '', '', '', fmt(addB99, 3), fmt(addM99, 3), ''],
    [`throughput, ${CFG.throughput} sequential \`tools/call\` (req/s)`, fmt(F.steady.rps, 0), fmt(H.steady.rps, 0), fmt(R.steady.rps, 0), fmt(B.steady.rps, 0), fmt(M.steady.rps, 0), `${fmt(B.steady.rps / M.steady.rps, 1)}×`],
    ['RSS after `initialize` + `tools/list` (MB)', '', '', '', mb(B.idle.rssKb), mb(M.idle.rssKb), ''],
    ['peak RSS (VmHWM) before closing stdin (MB)', '', '', '', mb(B.peak.hwmKb), mb(M.peak.hwmKb), `${fmt(M.peak.hwmKb / B.peak.hwmKb, 1)}× smaller`],
    [`${MiB} tool result: time, median of ${CFG.bigRuns} (ms)`, fmt(F.big.ms, 1), fmt(H.big.ms, 1), fmt(R.big.ms, 1), fmt(B.big.ms, 1), fmt(M.big.ms, 1), ''],
    [`${MiB} tool result: peak RSS before → after the first → after ${CFG.bigRuns} (MB)`, '', '', '',
      `${mb(B.big.before.hwmKb)} → ${mb(B.big.first.hwmKb)} → ${mb(B.big.after.hwmKb)}`,
      `${mb(M.big.before.hwmKb)} → ${mb(M.big.first.hwmKb)} → ${mb(M.big.after.hwmKb)}`, ''],
    [`${MiB} tool result: peak RSS growth / payload, first call`, '', '', '', `${fmt(growthB / payload, 2)}×`, `${fmt(growthM / payload, 2)}×`, ''],
    [`${MiB} tool result: peak RSS growth / payload, after ${CFG.bigRuns} calls`, '', '', '', `${fmt(growthAll(B) / payload, 2)}×`, `${fmt(growthAll(M) / payload, 2)}×`, ''],
  ];
  const table = rows.map((cells) => `| ${cells.join(' | ')} |`).join('\n');

  const targets = [
    ['launch → initialize ≥ 20× faster than mcp-remote', `${fmt(launchM / launchB, 1)}×`, launchM / launchB >= 20],
    ['peak RSS ≤ 1/10 of mcp-remote\'s', `${mb(B.peak.hwmKb)} MB vs ${mb(M.peak.hwmKb)} MB (1/${fmt(M.peak.hwmKb / B.peak.hwmKb, 1)})`, B.peak.hwmKb * 10 <= M.peak.hwmKb],
    ['added latency p50 < 0.3 ms', `${fmt(addB50, 3)} ms`, addB50 < 0.3],
    [`${(payload / 1048576).toFixed(0)} MiB result: peak RSS growth (first call) ≤ ~2× payload`, `${fmt(growthB / payload, 2)}× (${fmt(growthB / 1048576, 1)} MiB)`, growthB <= 2 * payload],
  ];
  const targetTable = [
    '| target | measured | result |',
    '| --- | ---: | :---: |',
    ...targets.map(([t, m, ok]) => `| ${t} | ${m} | ${pass(ok)} |`),
  ].join('\n');

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const command = process.env.BENCH_COMMAND
    ?? `node ${relative(process.cwd(), fileURLToPath(import.meta.url))} ${process.argv.slice(2).join(' ')}`;
  const md = `# mcp-bridge vs mcp-remote: benchmark results

Produced by:

\`\`\`sh
${command}
\`\`\`

- when: ${new Date().toISOString()}
- machine: ${os.type()} ${os.release()} ${os.arch()}, ${cpu} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM
- node ${process.version} (host side, the direct client, the server, and mcp-remote)
- mcp-bridge: \`${CFG.bridge}\`${process.env.BENCH_BRIDGE_COMMIT ? ` (commit ${process.env.BENCH_BRIDGE_COMMIT})` : ''}
- mcp-remote: \`${relative(REPO, CFG.mcpRemote)}\`
- server: \`bench/server.mjs\` on 127.0.0.1 (Streamable HTTP, JSON responses, sessions); the same server process for every measurement
- both proxies are driven over stdio by a minimal newline-delimited JSON-RPC host (\`bench/bench.mjs\`); latency is measured at that host, so the proxy rows include the host's pipe I/O
- "direct" POSTs the same JSON-RPC straight to the server, with node's \`fetch\` (undici, keep-alive pool), with \`node:http\` and a keep-alive agent, and as hand-written HTTP/1.1 on one kept-alive socket (the least client work, about the server's own round trip); added latency = proxy percentile − the lowest of the three direct percentiles
- latency and throughput: all five clients stay open and take turns in ${CFG.rounds} interleaved rounds (order alternating), so load drift hits them alike; ${CFG.warmup} warm-up calls each first; every call is a sequential \`tools/call\` of \`echo\`
- peak RSS is \`VmHWM\` from \`/proc/<pid>/status\` of the proxy process, read just before closing its stdin, after ${CFG.warmup} warm-up + ${CFG.requests} + ${CFG.throughput} calls
- the large result is measured in a fresh process per proxy: \`VmHWM\` after \`initialize\` and 50 small calls, then after the first and after ${CFG.bigRuns} calls returning ${payload} bytes of text each (one at a time); the target is judged on the first call

${table}

## Targets

${targetTable}
`;
  writeFileSync(CFG.out, md);
  process.stdout.write(`${md}\nwritten to ${relative(process.cwd(), CFG.out)}\n`);
}

main().catch((e) => {
  console.error(e.stack ?? String(e));
  process.exit(1);
});
