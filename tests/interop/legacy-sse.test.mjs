// The deprecated HTTP+SSE transport (2024-11-05): the TypeScript SDK's simpleSseServer.js
// (GET /mcp opens the event stream, POST /messages carries client messages, POST /mcp is 404).
// The example hard-codes port 3000.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

import {
  checkPrerequisites, cleanupList, connectHost, eventually, firstText, opts, requireFreePort,
  startExample, withStderr,
} from './harness.mjs';

const PORT = 3000;
const URL_ = `http://127.0.0.1:${PORT}/mcp`;

async function exercise(host, server, logs) {
  const info = host.client.getServerVersion();
  assert.equal(info?.name, 'simple-sse-server', withStderr(host, JSON.stringify(info)));
  const init = host.received.find((m) => m.result?.protocolVersion);
  assert.ok(init, 'the host received an InitializeResult');

  const { tools } = await host.client.listTools({}, opts);
  assert.deepEqual(tools.map((t) => t.name), ['start-notification-stream']);

  const r = await host.client.callTool(
    { name: 'start-notification-stream', arguments: { interval: 20, count: 2 } }, undefined, opts,
  );
  assert.equal(firstText(r), 'Completed sending 2 notifications every 20ms');
  const got = await eventually(() => logs.filter((d) => /^Notification #\d/.test(d)).length >= 2, { timeoutMs: 3_000 });
  assert.ok(got, withStderr(host, `logging notifications received: ${JSON.stringify(logs)}`));
  assert.ok(logs.includes('Starting notification stream with 2 messages every 20ms'), JSON.stringify(logs));

  // The legacy transport was really used.
  assert.match(server.output(), /Received POST request to \/messages/);
  assert.deepEqual(host.errors.map(String), []);
}

for (const mode of ['sse-only', 'http-first']) {
  describe(`simpleSseServer.js through mcp-bridge --transport ${mode}`, () => {
    const cleanup = cleanupList();
    let server;
    let host;
    const logs = [];

    before(async () => {
      checkPrerequisites();
      await requireFreePort(PORT);
      server = await startExample('simpleSseServer.js', { port: PORT });
      cleanup.add(() => server.stop());
      const args = mode === 'http-first'
        ? ['proxy', URL_] // the default strategy, not spelled out
        : ['proxy', URL_, '--transport', mode];
      host = await connectHost(args, {
        setup(client) {
          client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => logs.push(n.params.data));
        },
      });
      cleanup.add(() => host.close());
    });

    after(() => cleanup.run());

    test('initialize, tools/list and a tool call with notifications', { timeout: 30_000 }, () =>
      exercise(host, server, logs));
  });
}
