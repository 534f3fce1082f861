// A tiny Streamable HTTP MCP server on 127.0.0.1 that records every request it gets (method,
// path, headers, parsed body), so tests can check what the bridge put on the wire.
// JSON responses only; no GET stream (405); sessions via Mcp-Session-Id; DELETE ends a session.
//
//   import { startRecordingServer } from './servers/recording-server.mjs';
//   const srv = await startRecordingServer();   // srv.url, srv.requests, srv.close()
//
// Run by hand: node tests/interop/servers/recording-server.mjs [port]

import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { pathToFileURL } from 'node:url';

const SUPPORTED = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];

export const TOOLS = [
  {
    name: 'echo',
    description: 'Returns its text argument',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  },
  {
    name: 'headers',
    description: 'Returns the names of the request headers it was called with',
    inputSchema: { type: 'object', properties: {} },
  },
];

function reply(res, status, body, headers = {}) {
  const data = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    'content-length': Buffer.byteLength(data),
    ...headers,
  });
  res.end(data);
}

function result(id, value) {
  return { jsonrpc: '2.0', id, result: value };
}

function rpcError(id, code, message) {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

export async function startRecordingServer({ port = 0, serverName = 'recording-server' } = {}) {
  const requests = [];
  const sessions = new Set();
  const ended = [];
  const issued = [];

  function handleRpc(msg, req) {
    if (msg.method === 'initialize') return null; // handled by the caller
    if (msg.id === undefined || msg.method === undefined) return undefined; // notification or response
    switch (msg.method) {
      case 'ping':
        return result(msg.id, {});
      case 'tools/list':
        return result(msg.id, { tools: TOOLS });
      case 'tools/call': {
        const name = msg.params?.name;
        if (name === 'echo') {
          return result(msg.id, { content: [{ type: 'text', text: String(msg.params?.arguments?.text ?? '') }] });
        }
        if (name === 'headers') {
          return result(msg.id, { content: [{ type: 'text', text: Object.keys(req.headers).sort().join(',') }] });
        }
        return rpcError(msg.id, -32602, `Unknown tool: ${name}`);
      }
      default:
        return rpcError(msg.id, -32601, `Method not found: ${msg.method}`);
    }
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const rec = { method: req.method, url: req.url, headers: { ...req.headers }, body, at: Date.now() };
      requests.push(rec);

      const path = new URL(req.url, 'http://127.0.0.1').pathname;
      if (path !== '/mcp') return reply(res, 404, { error: 'not found' });
      const sid = req.headers['mcp-session-id'];

      if (req.method === 'GET') return reply(res, 405, undefined, { allow: 'POST, DELETE' });
      if (req.method === 'DELETE') {
        if (!sid || !sessions.has(sid)) return reply(res, 404, undefined);
        sessions.delete(sid);
        ended.push(sid);
        return reply(res, 200, undefined);
      }
      if (req.method !== 'POST') return reply(res, 405, undefined);
      if (!body || typeof body !== 'object' || Array.isArray(body)) {
        return reply(res, 400, rpcError(null, -32600, 'expected one JSON-RPC message'));
      }
      if (body.method === 'initialize') {
        const id = randomUUID();
        sessions.add(id);
        issued.push(id);
        const asked = body.params?.protocolVersion;
        const version = SUPPORTED.includes(asked) ? asked : SUPPORTED[0];
        return reply(res, 200, result(body.id, {
          protocolVersion: version,
          capabilities: { tools: {} },
          serverInfo: { name: serverName, version: '1.0.0' },
        }), { 'mcp-session-id': id });
      }
      if (!sid) return reply(res, 400, rpcError(null, -32000, 'missing Mcp-Session-Id'));
      if (!sessions.has(sid)) return reply(res, 404, rpcError(null, -32001, 'Session not found'));
      const out = handleRpc(body, req);
      if (out === undefined) return reply(res, 202, undefined);
      return reply(res, 200, out);
    });
  });

  await new Promise((res, rej) => {
    server.once('error', rej);
    server.listen(port, '127.0.0.1', res);
  });
  const actual = server.address().port;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}/mcp`,
    requests,
    sessions,
    ended,
    /** Session ids this server handed out, in order. */
    issued,
    close: () => new Promise((res) => {
      server.closeAllConnections?.();
      server.close(() => res());
    }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const srv = await startRecordingServer({ port: Number(process.argv[2] ?? 0) });
  console.log(`recording MCP server on ${srv.url}`);
  const stop = () => srv.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
