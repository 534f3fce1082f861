// Command-line behaviour seen from a real host: --ignore-tool, and mcp-remote's argument form
// (`mcp-bridge <URL> [PORT] [flags]`), against simpleStreamableHttp.js.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { McpError } from '@modelcontextprotocol/sdk/types.js';

import { startRecordingServer } from './servers/recording-server.mjs';
import {
  checkPrerequisites, cleanupList, connectHost, firstText, freePort, opts, startExample, withStderr,
} from './harness.mjs';

describe('--ignore-tool', () => {
  const cleanup = cleanupList();
  let server;
  let host;

  before(async () => {
    checkPrerequisites();
    const port = await freePort();
    server = await startExample('simpleStreamableHttp.js', { port });
    cleanup.add(() => server.stop());
    host = await connectHost([
      'proxy', `http://127.0.0.1:${port}/mcp`,
      '--ignore-tool', 'greet',
      '--ignore-tool', 'collect-*',
      '--ignore-tool', 'LIST-FILES',
    ]);
    cleanup.add(() => host.close());
  });

  after(() => cleanup.run());

  test('hidden tools disappear from tools/list; the others stay', { timeout: 20_000 }, async () => {
    const { tools } = await host.client.listTools({}, opts);
    const names = tools.map((t) => t.name);
    for (const gone of ['greet', 'collect-user-info', 'list-files']) {
      assert.ok(!names.includes(gone), `${gone} is still listed: ${names.join(', ')}`);
    }
    assert.ok(!names.some((n) => n.startsWith('collect-')), `a collect-* tool is still listed: ${names.join(', ')}`);
    // Whole-name match: "greet" does not hide "multi-greet".
    for (const kept of ['multi-greet', 'start-notification-stream']) {
      assert.ok(names.includes(kept), `${kept} was hidden too: ${names.join(', ')}`);
    }
  });

  test('calling a hidden tool gives a JSON-RPC error', { timeout: 20_000 }, async () => {
    for (const name of ['greet', 'collect-user-info', 'List-Files']) {
      const outcome = await host.client
        .callTool({ name, arguments: { name: 'x', infoType: 'contact' } }, undefined, opts)
        .then((r) => ({ r }), (e) => ({ e }));
      assert.ok(outcome.e, withStderr(host, `calling ${name} gave a result: ${JSON.stringify(outcome.r)}`));
      assert.ok(outcome.e instanceof McpError, `expected a JSON-RPC error, got ${outcome.e}`);
      assert.ok(Number.isInteger(outcome.e.code) && outcome.e.code < 0, `error code ${outcome.e.code}`);
    }
  });

  test('a tool that is not hidden still works', { timeout: 20_000 }, async () => {
    const r = await host.client.callTool(
      { name: 'start-notification-stream', arguments: { interval: 1, count: 1 } }, undefined, opts,
    );
    assert.match(firstText(r) ?? '', /^Started sending periodic notifications/, JSON.stringify(r));
  });
});

describe('--ignore-tool: a hidden tool\'s call never reaches the server', () => {
  const cleanup = cleanupList();
  let srv;
  let host;

  before(async () => {
    checkPrerequisites({ examples: false });
    srv = await startRecordingServer();
    cleanup.add(() => srv.close());
    host = await connectHost(['proxy', srv.url, '--ignore-tool', 'ECHO']);
    cleanup.add(() => host.close());
  });

  after(() => cleanup.run());

  test('tools/list is filtered, the call is refused locally', { timeout: 20_000 }, async () => {
    const { tools } = await host.client.listTools({}, opts);
    assert.deepEqual(tools.map((t) => t.name), ['headers']);
    const outcome = await host.client
      .callTool({ name: 'echo', arguments: { text: 'should not pass' } }, undefined, opts)
      .then((r) => ({ r }), (e) => ({ e }));
    assert.ok(outcome.e instanceof McpError, `expected a JSON-RPC error, got ${JSON.stringify(outcome)}`);
    const calls = srv.requests.filter((r) => r.body?.method === 'tools/call');
    assert.deepEqual(calls.map((r) => r.body.params), [], 'tools/call requests that reached the server');
    // The session is still usable afterwards.
    const h = await host.client.callTool({ name: 'headers', arguments: {} }, undefined, opts);
    assert.match(firstText(h) ?? '', /mcp-session-id/);
  });
});

describe('mcp-remote argument form: mcp-bridge <URL> <PORT> --transport http-only', () => {
  const cleanup = cleanupList();
  let server;
  let host;

  before(async () => {
    checkPrerequisites();
    const port = await freePort();
    server = await startExample('simpleStreamableHttp.js', { port });
    cleanup.add(() => server.stop());
    const callbackPort = await freePort();
    host = await connectHost([`http://127.0.0.1:${port}/mcp`, String(callbackPort), '--transport', 'http-only']);
    cleanup.add(() => host.close());
  });

  after(() => cleanup.run());

  test('initialize and a tool call', { timeout: 20_000 }, async () => {
    assert.equal(host.client.getServerVersion()?.name, 'simple-streamable-http-server');
    const r = await host.client.callTool({ name: 'greet', arguments: { name: 'compat' } }, undefined, opts);
    assert.equal(firstText(r), 'Hello, compat!');
  });
});
