// Where mcp-bridge's start-up goes: launch → first request at the server → `initialize` answer,
// and the memory at that moment, for several ways of starting it (bench/STARTUP.md).
//
//   node bench/startup.mjs --bridge PATH [--runs 30] [--variants cached,default-store,...]
//                          [--floor PATH] [--json]
//
// The server runs in this process (same clock as the host): the time from spawn to the first
// request it receives is the bridge's start-up before the first byte; the rest is one round
// trip plus the relay back. Memory is read from /proc at the moment the answer arrives,
// before anything else is sent, and again after `tools/list`.
//
// Variants (each with a private data directory, the era remembered by an untimed first launch):
//   cached          --store file, a stored credential: the benchmark's set-up
//   default-store   no --store: the keyring is tried first (no Secret Service here, so it
//                   falls back to the file store with a warning), a stored credential
//   memory-store    --store memory: no credential file, nothing stored
//   static-header   --header "Authorization: Bearer …": no store, no credential manager
//   no-era          like cached, but a new data directory each launch: the era probe
//                   (`server/discover`) goes out first
//   version         `mcp-bridge --version`: process start, clap, exit (time to exit)
// `--floor PATH`: a program that answers one line with a canned `initialize` result (the
// cost of a process that does nothing else), measured the same way.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const BRIDGE = arg('--bridge', process.env.MCP_BRIDGE_BIN);
const RUNS = Number(arg('--runs', 30));
const FLOOR = arg('--floor', null);
const VARIANTS = arg('--variants', 'cached,default-store,memory-store,static-header,no-era,version').split(',');
if (!BRIDGE) {
  console.error('usage: node bench/startup.mjs --bridge PATH');
  process.exit(2);
}
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'startup', version: '1' } } };

// ---------------------------------------------------------------------------------------------
// an in-process Streamable HTTP server that notes when each request arrives

let firstRequestAt = null;
const sessions = new Set();
const server = http.createServer((req, res) => {
  if (firstRequestAt === null) firstRequestAt = nowMs();
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const send = (status, body, headers = {}) => {
      const buf = body ? Buffer.from(JSON.stringify(body)) : Buffer.alloc(0);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': buf.length, ...headers });
      res.end(buf);
    };
    if (req.method === 'DELETE') return send(200);
    if (req.method !== 'POST') return send(405);
    let msg;
    try {
      msg = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(400);
    }
    const sid = req.headers['mcp-session-id'];
    if (msg.method === 'initialize') {
      const id = `s${sessions.size + 1}`;
      sessions.add(id);
      return send(200, { jsonrpc: '2.0', id: msg.id, result: { protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'startup-server', version: '1' } } }, { 'mcp-session-id': id });
    }
    if (!sid) return send(400, { jsonrpc: '2.0', id: null, error: { code: -32000, message: 'Missing Mcp-Session-Id' } });
    if (msg.id === undefined) return send(202);
    if (msg.method === 'tools/list') return send(200, { jsonrpc: '2.0', id: msg.id, result: { tools: [{ name: 'echo', inputSchema: { type: 'object' } }] } });
    return send(200, { jsonrpc: '2.0', id: msg.id, result: {} });
  });
});
server.keepAliveTimeout = 60_000;

function memory(pid) {
  const out = {};
  try {
    const st = readFileSync(`/proc/${pid}/status`, 'utf8');
    for (const k of ['VmRSS', 'VmHWM', 'RssAnon', 'RssFile', 'VmSize', 'Threads']) {
      const m = st.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm'));
      if (m) out[k] = Number(m[1]);
    }
    // Field 10 of /proc/<pid>/stat (after the parenthesised command): minor page faults.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    out.minflt = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[7]);
  } catch { /* exited */ }
  return out;
}

// One launch: spawn, send initialize, time the answer; then tools/list; then close stdin.
function launch(cmd, args, env, { oneShot = false } = {}) {
  return new Promise((resolve, reject) => {
    firstRequestAt = null;
    const t0 = nowMs();
    const p = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let buf = '';
    let stderr = '';
    const r = { t0 };
    p.stderr.on('data', (d) => (stderr += d));
    p.stdin.on('error', () => {});
    const timer = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`timeout; stderr: ${stderr}`)); }, 20_000);
    p.on('exit', () => {
      clearTimeout(timer);
      r.exitAt = nowMs();
      r.stderr = stderr;
      if (oneShot || r.listAt) resolve(r);
      else reject(new Error(`exited early; stderr: ${stderr}`));
    });
    if (oneShot) return;
    p.stdout.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const msg = JSON.parse(line);
        if (msg.id === 1) {
          r.answerAt = nowMs();
          r.firstRequestAt = firstRequestAt;
          r.memInit = memory(p.pid);
          p.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n{"jsonrpc":"2.0","id":2,"method":"tools/list"}\n');
        } else if (msg.id === 2) {
          r.listAt = nowMs();
          r.memList = memory(p.pid);
          p.stdin.end();
        }
      }
    });
    p.stdin.write(`${JSON.stringify(INIT)}\n`);
  });
}

function seed(data, url) {
  const now = Math.floor(Date.now() / 1000);
  const tokens = { version: 1, entries: { [url]: { access_token: 'startup-access-token', refresh_token: 'startup-refresh-token', token_type: 'Bearer', expires_at: now + 30 * 86400, scope: 'mcp', issuer: new URL(url).origin, client_id: 'startup-client', obtained_at: now } } };
  writeFileSync(join(data, 'tokens.json'), JSON.stringify(tokens, null, 2), { mode: 0o600 });
}

const stats = (xs) => {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { n: s.length, min: s[0], p50: q(0.5), p90: q(0.9), max: s[s.length - 1] };
};

async function main() {
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/mcp`;
  const scratch = mkdtempSync(join(os.tmpdir(), 'mcp-bridge-startup-'));
  const dataDir = (name) => {
    const d = join(scratch, name);
    mkdirSync(join(d, 'data'), { recursive: true, mode: 0o700 });
    mkdirSync(join(d, 'config'), { recursive: true, mode: 0o700 });
    seed(join(d, 'data'), url);
    return { MCP_BRIDGE_DATA_DIR: join(d, 'data'), MCP_BRIDGE_CONFIG_DIR: join(d, 'config') };
  };
  const variants = {
    cached: () => ({ args: ['proxy', url, '--store', 'file'], env: dataDir('cached') }),
    'default-store': () => ({ args: ['proxy', url], env: dataDir('default-store') }),
    'memory-store': () => ({ args: ['proxy', url, '--store', 'memory'], env: dataDir('memory-store') }),
    'static-header': () => ({ args: ['proxy', url, '--header', 'Authorization: Bearer startup-static'], env: dataDir('static-header') }),
    'no-era': () => ({ args: ['proxy', url, '--store', 'file'], env: dataDir('no-era'), fresh: true }),
    version: () => ({ args: ['--version'], env: {}, oneShot: true }),
  };
  const rows = [];
  const todo = VARIANTS.map((v) => [v, variants[v]]);
  if (FLOOR) todo.push(['floor', () => ({ cmd: FLOOR, args: [], env: {} })]);
  for (const [name, make] of todo) {
    if (!make) throw new Error(`unknown variant ${name}`);
    let v = make();
    const cmd = v.cmd ?? BRIDGE;
    const runs = [];
    // Untimed first launch: page cache, and the era remembered (except no-era).
    await launch(cmd, v.args, v.env, { oneShot: v.oneShot });
    for (let i = 0; i < RUNS; i++) {
      if (v.fresh) v = make();
      runs.push(await launch(cmd, v.args, v.env, { oneShot: v.oneShot }));
    }
    const first = runs.map((r) => (r.firstRequestAt ?? NaN) - r.t0);
    const answer = runs.map((r) => (v.oneShot ? r.exitAt : r.answerAt) - r.t0);
    const mem = (k, at) => stats(runs.map((r) => r[at]?.[k] ?? NaN)).p50;
    rows.push({
      variant: name,
      firstRequest: stats(first),
      answer: stats(answer),
      afterRequest: stats(runs.map((r, i) => answer[i] - first[i])),
      rssInitKb: mem('VmRSS', 'memInit'),
      anonInitKb: mem('RssAnon', 'memInit'),
      fileInitKb: mem('RssFile', 'memInit'),
      hwmInitKb: mem('VmHWM', 'memInit'),
      threadsInit: mem('Threads', 'memInit'),
      minfltInit: mem('minflt', 'memInit'),
      vmSizeInitKb: mem('VmSize', 'memInit'),
      rssListKb: mem('VmRSS', 'memList'),
      warned: runs[0].stderr.trim().split('\n')[0]?.slice(0, 160) ?? '',
    });
    process.stderr.write(`${name}: ${stats(answer).p50.toFixed(2)} ms\n`);
  }
  server.close();
  rmSync(scratch, { recursive: true, force: true });
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  const mb = (kb) => (Number.isFinite(kb) ? (kb / 1024).toFixed(1) : '—');
  console.log(`${RUNS} launches each, ${os.cpus().length} CPUs, load ${os.loadavg().map((x) => x.toFixed(2)).join(' / ')}\n`);
  console.log('| variant | spawn → first request at server, p50 (min) ms | spawn → `initialize` answer, p50 (min / p90) ms | RSS at answer MB (anon + file) | threads | page faults | RSS after tools/list MB | stderr |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of rows) {
    console.log(`| ${r.variant} | ${f(r.firstRequest.p50)} (${f(r.firstRequest.min)}) | ${f(r.answer.p50)} (${f(r.answer.min)} / ${f(r.answer.p90)}) | ${mb(r.rssInitKb)} (${mb(r.anonInitKb)} + ${mb(r.fileInitKb)}) | ${f(r.threadsInit, 0)} | ${f(r.minfltInit, 0)} | ${mb(r.rssListKb)} | ${r.warned.replace(/\|/g, '\\|')} |`);
  }
}

main().catch((e) => {
  console.error(e.stack ?? String(e));
  process.exit(1);
});
