// What the bridge puts on the wire, seen by a recording Streamable HTTP server
// (servers/recording-server.mjs): --header / --header-file with ${VAR} expansion, the
// transport's own headers, and the session DELETE when the host goes away.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { checkPrerequisites, cleanupList, connectHost, eventually, firstText, opts, withStderr } from './harness.mjs';
import { startRecordingServer } from './servers/recording-server.mjs';

const TOKEN = `tok-${process.pid}-${Date.now().toString(36)}`;
const FILE_VALUE = `file-${Math.random().toString(36).slice(2)}`;

describe('headers and session lifecycle on the wire', () => {
  const cleanup = cleanupList();
  let srv;
  let host;
  let dir;
  let hostClosed = false;

  before(async () => {
    checkPrerequisites({ examples: false });
    srv = await startRecordingServer();
    cleanup.add(() => srv.close());
    dir = mkdtempSync(join(tmpdir(), 'mcp-bridge-interop-'));
    cleanup.add(() => rmSync(dir, { recursive: true, force: true }));
    const headerFile = join(dir, 'headers');
    writeFileSync(headerFile, '# extra headers for the test server\n\nX-From-File: ${INTEROP_FILE_VALUE}\n');
    host = await connectHost([
      'proxy', srv.url,
      '--header', 'X-Interop-Token: Bearer ${INTEROP_TOKEN}',
      '--header', 'X-Literal: plain-value',
      '--header-file', headerFile,
      '-v',
    ], { env: { INTEROP_TOKEN: TOKEN, INTEROP_FILE_VALUE: FILE_VALUE } });
    cleanup.add(() => host.close());
  });

  after(() => cleanup.run());

  const posts = () => srv.requests.filter((r) => r.method === 'POST');

  test('the host can use the server', { timeout: 20_000 }, async () => {
    assert.equal(host.client.getServerVersion()?.name, 'recording-server');
    const { tools } = await host.client.listTools({}, opts);
    assert.deepEqual(tools.map((t) => t.name), ['echo', 'headers']);
    const r = await host.client.callTool({ name: 'echo', arguments: { text: 'hi there' } }, undefined, opts);
    assert.equal(firstText(r), 'hi there');
  });

  test('--header with ${VAR}: every POST carries the expanded value', { timeout: 10_000 }, () => {
    const all = posts();
    assert.ok(all.length >= 4, `POSTs seen: ${all.map((r) => r.body?.method ?? 'response').join(', ')}`);
    for (const r of all) {
      const what = r.body?.method ?? JSON.stringify(r.body);
      assert.equal(r.headers['x-interop-token'], `Bearer ${TOKEN}`, `X-Interop-Token on POST ${what}`);
      assert.equal(r.headers['x-literal'], 'plain-value', `X-Literal on POST ${what}`);
    }
  });

  test('--header-file: headers from the file (comments skipped, ${VAR} expanded)', { timeout: 10_000 }, () => {
    for (const r of posts()) {
      assert.equal(r.headers['x-from-file'], FILE_VALUE, `X-From-File on POST ${r.body?.method}`);
    }
  });

  test('header values do not appear in the bridge\'s logs', { timeout: 10_000 }, () => {
    const err = host.stderr();
    assert.ok(!err.includes(TOKEN), `the --header value leaked to stderr:\n${err}`);
    assert.ok(!err.includes(FILE_VALUE), `the --header-file value leaked to stderr:\n${err}`);
  });

  test('POSTs send Accept for JSON and SSE, JSON content, and the session headers after initialize', { timeout: 10_000 }, () => {
    const call = posts().find((r) => r.body?.method === 'tools/call');
    assert.ok(call, 'the tools/call POST was recorded');
    const sid = call.headers['mcp-session-id'];
    assert.ok(srv.issued.includes(sid), `tools/call carries a session id the server issued: ${sid}`);
    for (const r of posts()) {
      const what = r.body?.method ?? 'response';
      const accept = String(r.headers.accept ?? '');
      assert.ok(accept.includes('application/json') && accept.includes('text/event-stream'), `Accept on ${what}: ${accept}`);
      assert.match(String(r.headers['content-type']), /^application\/json/, `Content-Type on ${what}`);
      if (r.body?.method === 'initialize') {
        assert.equal(r.headers['mcp-session-id'], undefined, 'initialize carries no session id');
      }
    }
    for (const method of ['notifications/initialized', 'tools/list', 'tools/call']) {
      const r = posts().find((p) => p.body?.method === method && p.headers['mcp-session-id'] === sid);
      assert.ok(r, withStderr(host, `${method} POSTed with the session id`));
      assert.equal(r.headers['mcp-protocol-version'], '2025-11-25', `MCP-Protocol-Version on ${method}`);
    }
  });

  test('closing the host makes the bridge DELETE its session', { timeout: 20_000 }, async () => {
    const call = posts().find((r) => r.body?.method === 'tools/call');
    const sid = call.headers['mcp-session-id'];
    await host.close();
    hostClosed = true;
    const deleted = await eventually(() => srv.ended.includes(sid), { timeoutMs: 3_000 });
    const deletes = srv.requests.filter((r) => r.method === 'DELETE');
    assert.ok(deleted, withStderr(host,
      `no DELETE for session ${sid}; DELETE requests seen: ${JSON.stringify(deletes.map((d) => d.headers['mcp-session-id']))}`));
    const del = deletes.find((d) => d.headers['mcp-session-id'] === sid);
    assert.equal(del.headers['x-interop-token'], `Bearer ${TOKEN}`, 'the DELETE carries the extra headers too');
    assert.equal(del.headers['mcp-protocol-version'], '2025-11-25', 'the DELETE carries MCP-Protocol-Version');
  });

  test('the bridge exited by itself on stdin EOF, with status 0', { timeout: 10_000 }, () => {
    assert.ok(hostClosed);
    const exit = host.exit();
    assert.ok(exit, 'the bridge process exited');
    assert.equal(exit.signal, null, withStderr(host, `the bridge had to be killed (${exit.signal})`));
    assert.equal(exit.code, 0, withStderr(host, `exit status ${exit.code}`));
  });
});
