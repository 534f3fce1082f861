// The pieces the benchmark drives: the loopback server, a stdio host speaking newline-delimited
// JSON-RPC to a proxy, and direct HTTP clients (the baseline), plus small helpers.

import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const HERE = dirname(fileURLToPath(import.meta.url));

export const PROTOCOL = '2025-11-25';
export const INIT_PARAMS = { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'bench-host', version: '1.0.0' } };

// ---------------------------------------------------------------------------------------------
// helpers

export function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([
    promise,
    new Promise((_, rej) => {
      t = setTimeout(() => rej(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export const median = (xs) => percentile([...xs].sort((a, b) => a - b), 50);

export function procStatus(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number((text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm')) ?? [])[1] ?? NaN);
    return { hwmKb: kb('VmHWM'), rssKb: kb('VmRSS'), anonKb: kb('RssAnon') };
  } catch {
    return { hwmKb: NaN, rssKb: NaN, anonKb: NaN };
  }
}

export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

// ---------------------------------------------------------------------------------------------
// the server

export async function startServer(bigBytes) {
  const proc = spawn(process.execPath, [join(HERE, 'server.mjs'), '--port', '0', '--big-bytes', String(bigBytes)], {
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

export class StdioHost {
  // `timeoutMs` bounds every request; `cwd` is where the child runs.
  constructor(command, args, env, { timeoutMs = 120_000, cwd } = {}) {
    this.timeoutMs = timeoutMs;
    this.t0 = nowMs();
    this.proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env }, cwd });
    this.pending = new Map();
    this.chunks = [];
    this.stderr = '';
    this.nextId = 1;
    this.proc.stderr.on('data', (d) => {
      if (this.stderr.length < 100_000) this.stderr += d;
    });
    this.proc.stdout.on('data', (d) => this.onData(d));
    // A proxy that died must not take the harness with it (EPIPE on its stdin).
    this.proc.stdin.on('error', () => {});
    this.exited = new Promise((res) => {
      this.proc.once('exit', (code, signal) => res({ code, signal }));
      this.proc.once('error', (e) => res({ code: null, signal: null, error: e.message }));
    });
    this.exited.then(({ code, signal, error }) => {
      this.dead = true;
      const last = this.stderr.trim().split('\n').filter((l) => l.trim()).pop() ?? '';
      const how = error ? `could not start: ${error}` : `exited (${signal ?? `code ${code}`})`;
      for (const [, p] of this.pending) p.reject(new Error(`${how}; last stderr line: ${last.trim()}\n${this.stderr.slice(-2000)}`));
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
    if (this.dead) return Promise.reject(new Error(`the process has exited; stderr:\n${this.stderr.slice(-2000)}`));
    const id = this.nextId++;
    const p = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.proc.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    return withTimeout(p, this.timeoutMs, `${method} (id ${id}); stderr:\n${this.stderr.slice(-2000)}`);
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
export class DirectClient {
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
