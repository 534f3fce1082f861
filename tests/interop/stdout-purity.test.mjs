// stdout carries JSON-RPC and nothing else: a raw host (child_process, no SDK) drives the bridge
// with debug logging on, records every byte the bridge writes to stdout, and checks each line.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import {
  BRIDGE_BIN, checkPrerequisites, cleanupList, freePort, startExample, stopProcess, withTimeout,
} from './harness.mjs';

/** Spawns the bridge and gives line-level access to its stdout. */
function rawHost(args) {
  const proc = spawn(BRIDGE_BIN, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const raw = [];
  const lines = [];
  const waiters = [];
  let partial = '';
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  proc.stdout.on('data', (d) => {
    raw.push(d);
    partial += d.toString('utf8');
    let i;
    while ((i = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, i);
      partial = partial.slice(i + 1);
      lines.push(line);
      let msg;
      try {
        msg = JSON.parse(line);
      } catch {
        continue;
      }
      for (const w of [...waiters]) {
        if (w.pred(msg)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(msg);
        }
      }
    }
  });
  const exited = new Promise((res) => proc.once('exit', (code, signal) => res({ code, signal })));
  return {
    proc,
    lines,
    raw: () => Buffer.concat(raw).toString('utf8'),
    stderr: () => stderr,
    exited,
    send: (obj) => proc.stdin.write(`${typeof obj === 'string' ? obj : JSON.stringify(obj)}\n`),
    waitFor(pred, what, ms = 15_000) {
      for (const line of lines) {
        try {
          const m = JSON.parse(line);
          if (pred(m)) return Promise.resolve(m);
        } catch {
          // not JSON: reported by the purity check
        }
      }
      const p = new Promise((resolve) => waiters.push({ pred, resolve }));
      return withTimeout(p, ms, `${what}\n--- bridge stderr ---\n${stderr}`);
    },
  };
}

/** Why a stdout line is not one JSON-RPC 2.0 message (or batch), or null if it is. */
function notJsonRpc(line) {
  let v;
  try {
    v = JSON.parse(line);
  } catch (e) {
    return `not JSON (${e.message})`;
  }
  const one = (m) => {
    if (m === null || typeof m !== 'object' || Array.isArray(m)) return 'not an object';
    if (m.jsonrpc !== '2.0') return 'jsonrpc is not "2.0"';
    const isRequest = typeof m.method === 'string';
    const isResponse = 'id' in m && ('result' in m || 'error' in m);
    if (!isRequest && !isResponse) return 'neither a request/notification nor a response';
    if (isResponse && 'result' in m && 'error' in m) return 'both result and error';
    return null;
  };
  if (Array.isArray(v)) {
    if (v.length === 0) return 'empty batch';
    return v.map(one).find((x) => x) ?? null;
  }
  return one(v);
}

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-11-25',
    capabilities: { elicitation: { form: {} } },
    clientInfo: { name: 'raw-host', version: '1.0.0' },
  },
};

describe('stdout purity', () => {
  const cleanup = cleanupList();
  let server;
  let url;

  before(async () => {
    checkPrerequisites();
    const port = await freePort();
    server = await startExample('simpleStreamableHttp.js', { port });
    cleanup.add(() => server.stop());
    url = `http://127.0.0.1:${port}/mcp`;
  });

  after(() => cleanup.run());

  test('every stdout line of a full session is one JSON-RPC message', { timeout: 40_000 }, async () => {
    const h = rawHost(['proxy', url, '--debug']);
    cleanup.add(() => stopProcess(h.proc, { signal: 'SIGKILL' }));
    const byId = (id) => (m) => m.id === id && ('result' in m || 'error' in m);

    h.send(INIT);
    const init = await h.waitFor(byId(1), 'initialize response');
    assert.equal(init.result?.serverInfo?.name, 'simple-streamable-http-server');
    h.send({ jsonrpc: '2.0', method: 'notifications/initialized' });

    h.send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    assert.ok((await h.waitFor(byId(2), 'tools/list response')).result.tools.length > 0);

    h.send({ jsonrpc: '2.0', id: 'three', method: 'tools/call', params: { name: 'greet', arguments: { name: 'raw' } } });
    assert.equal((await h.waitFor(byId('three'), 'greet response')).result.content[0].text, 'Hello, raw!');

    h.send({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'multi-greet', arguments: { name: 'raw' } } });
    await h.waitFor(byId(4), 'multi-greet response');

    // A server->client request (elicitation) that the raw host answers itself.
    h.send({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'collect-user-info', arguments: { infoType: 'preferences' } } });
    const elicit = await h.waitFor((m) => m.method === 'elicitation/create', 'elicitation/create request');
    assert.ok(elicit.id !== undefined, 'the elicitation request has an id');
    h.send({ jsonrpc: '2.0', id: elicit.id, result: { action: 'accept', content: { theme: 'dark' } } });
    const five = await h.waitFor(byId(5), 'collect-user-info response');
    assert.match(five.result.content[0].text, /"theme": "dark"/);

    h.send({ jsonrpc: '2.0', id: 6, method: 'resources/list' });
    await h.waitFor(byId(6), 'resources/list response');

    h.proc.stdin.end();
    const exit = await withTimeout(h.exited, 10_000, 'bridge exit after stdin EOF');

    const all = h.raw();
    assert.ok(all.length > 0);
    assert.ok(all.endsWith('\n'), 'stdout ends with a newline');
    assert.ok(!all.includes('\r'), 'no CR on stdout');
    const bad = h.lines
      .map((line, i) => ({ i, line, why: notJsonRpc(line) }))
      .filter((x) => x.why);
    assert.deepEqual(bad, [], `non-JSON-RPC lines on stdout:\n${bad.map((b) => `#${b.i} ${b.why}: ${b.line.slice(0, 200)}`).join('\n')}`);
    // The debug logs went somewhere else.
    assert.ok(h.stderr().length > 0, 'debug logging wrote to stderr');
    assert.deepEqual(exit, { code: 0, signal: null }, `exit on stdin EOF\n--- stderr ---\n${h.stderr().slice(-2000)}`);
  });

  test('a malformed line from the host does not put anything but JSON-RPC on stdout', { timeout: 30_000 }, async () => {
    const h = rawHost(['proxy', url, '--debug']);
    cleanup.add(() => stopProcess(h.proc, { signal: 'SIGKILL' }));
    h.send(INIT);
    await h.waitFor((m) => m.id === 1 && 'result' in m, 'initialize response');
    h.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    h.send('this is not JSON at all');
    h.send('{"jsonrpc":"2.0","id":');
    h.send({ jsonrpc: '2.0', id: 9, method: 'ping' });
    await h.waitFor((m) => m.id === 9, 'ping response after malformed lines');
    h.proc.stdin.end();
    await withTimeout(h.exited, 10_000, 'bridge exit after stdin EOF');
    const bad = h.lines.map((line) => ({ line, why: notJsonRpc(line) })).filter((x) => x.why);
    assert.deepEqual(bad, []);
  });
});
