// A minimal Streamable HTTP MCP server for benchmarks: node:http only, bound to 127.0.0.1,
// JSON responses (no SSE), Mcp-Session-Id sessions, DELETE, no GET stream (405).
// Tools: `echo` (returns its `text` argument) and `big` (a text result of BIG_BYTES bytes,
// default 10 MiB, built once at start).
//
//   node bench/server.mjs [--port N] [--big-bytes N]
// prints one line "listening http://127.0.0.1:PORT/mcp" on stdout when ready.

import { randomUUID } from 'node:crypto';
import http from 'node:http';

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const PORT = Number(arg('--port', process.env.PORT ?? 0));
const BIG_BYTES = Number(arg('--big-bytes', process.env.BIG_BYTES ?? 10 * 1024 * 1024));
const VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'];

// The big text: printable ASCII that needs no JSON escaping, so the JSON string is exactly
// BIG_BYTES long.
const PATTERN = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_';
const BIG_TEXT = Buffer.alloc(BIG_BYTES);
for (let i = 0; i < BIG_BYTES; i++) BIG_TEXT[i] = PATTERN.charCodeAt(i % PATTERN.length);
const BIG_TAIL = Buffer.from('"}]}}');

const TOOLS = [
  {
    name: 'echo',
    description: 'Returns its text argument',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
  },
  {
    name: 'big',
    description: `Returns a ${BIG_BYTES}-byte text`,
    inputSchema: { type: 'object', properties: {} },
  },
];

const sessions = new Set();

function send(res, status, body, headers = {}) {
  const buf = body === undefined ? null : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    ...(buf ? { 'content-type': 'application/json', 'content-length': buf.length } : { 'content-length': 0 }),
    ...headers,
  });
  res.end(buf ?? undefined);
}

function answer(msg) {
  const { id, method, params } = msg;
  switch (method) {
    case 'ping':
      return { jsonrpc: '2.0', id, result: {} };
    case 'tools/list':
      return { jsonrpc: '2.0', id, result: { tools: TOOLS } };
    case 'tools/call':
      if (params?.name === 'echo') {
        return { jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: String(params.arguments?.text ?? '') }] } };
      }
      if (params?.name === 'big') {
        const head = Buffer.from(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"content":[{"type":"text","text":"`);
        return Buffer.concat([head, BIG_TEXT, BIG_TAIL]);
      }
      return { jsonrpc: '2.0', id, error: { code: -32602, message: `Unknown tool: ${params?.name}` } };
    default:
      return { jsonrpc: '2.0', id, error: { code: -32601, message: `Method not found: ${method}` } };
  }
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (new URL(req.url, 'http://127.0.0.1').pathname !== '/mcp') return send(res, 404);
    const sid = req.headers['mcp-session-id'];
    if (req.method === 'DELETE') {
      if (!sid || !sessions.delete(sid)) return send(res, 404);
      return send(res, 200);
    }
    if (req.method !== 'POST') return send(res, 405, undefined, { allow: 'POST, DELETE' });
    let msg;
    try {
      msg = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(res, 400, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    }
    if (msg?.method === 'initialize') {
      const id = randomUUID();
      sessions.add(id);
      const asked = msg.params?.protocolVersion;
      return send(res, 200, {
        jsonrpc: '2.0',
        id: msg.id,
        result: {
          protocolVersion: VERSIONS.includes(asked) ? asked : VERSIONS[0],
          capabilities: { tools: {} },
          serverInfo: { name: 'bench-server', version: '1.0.0' },
        },
      }, { 'mcp-session-id': id });
    }
    if (!sid) return send(res, 400, { jsonrpc: '2.0', id: null, error: { code: -32000, message: 'Missing Mcp-Session-Id' } });
    if (!sessions.has(sid)) return send(res, 404, { jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } });
    if (msg?.id === undefined || msg?.method === undefined) return send(res, 202);
    return send(res, 200, answer(msg));
  });
});
server.keepAliveTimeout = 60_000;

server.listen(PORT, '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${server.address().port}/mcp`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
