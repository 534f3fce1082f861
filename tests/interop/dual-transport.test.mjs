// The TypeScript SDK's sseAndStreamableHttpCompatibleServer.js serves both transports on port
// 3000 (hard-coded): Streamable HTTP on /mcp, the deprecated HTTP+SSE on /sse + /messages.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

import {
  checkPrerequisites, cleanupList, connectHost, eventually, firstText, opts, requireFreePort,
  startExample, withStderr,
} from './harness.mjs';

const PORT = 3000;

const cases = [
  {
    title: 'http-first against /mcp uses Streamable HTTP',
    args: ['proxy', `http://127.0.0.1:${PORT}/mcp`, '--transport', 'http-first'],
    check(out) {
      assert.match(out, /StreamableHTTP session initialized with ID/, out);
      assert.doesNotMatch(out, /deprecated SSE transport/, out);
    },
  },
  {
    title: 'sse-only against /sse uses HTTP+SSE',
    args: ['proxy', `http://127.0.0.1:${PORT}/sse`, '--transport', 'sse-only'],
    check(out) {
      assert.match(out, /Received GET request to \/sse \(deprecated SSE transport\)/, out);
      assert.doesNotMatch(out, /StreamableHTTP session initialized/, out);
    },
  },
];

for (const c of cases) {
  describe(`sseAndStreamableHttpCompatibleServer.js: ${c.title}`, () => {
    const cleanup = cleanupList();
    let server;
    let host;
    const logs = [];

    before(async () => {
      checkPrerequisites();
      await requireFreePort(PORT);
      server = await startExample('sseAndStreamableHttpCompatibleServer.js', { port: PORT });
      cleanup.add(() => server.stop());
      host = await connectHost(c.args, {
        setup(client) {
          client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => logs.push(n.params.data));
        },
      });
      cleanup.add(() => host.close());
    });

    after(() => cleanup.run());

    test('initialize, tools/list, tools/call', { timeout: 30_000 }, async () => {
      assert.equal(host.client.getServerVersion()?.name, 'backwards-compatible-server');
      const { tools } = await host.client.listTools({}, opts);
      assert.deepEqual(tools.map((t) => t.name), ['start-notification-stream']);
      const r = await host.client.callTool(
        { name: 'start-notification-stream', arguments: { interval: 50, count: 5 } }, undefined, opts,
      );
      assert.match(firstText(r) ?? '', /^Started sending periodic notifications every 50ms/, JSON.stringify(r));
      c.check(server.output());
      assert.deepEqual(host.errors.map(String), [], withStderr(host, 'client errors'));
    });

    test('the server\'s logging notifications reach the host', { timeout: 10_000 }, async () => {
      const ok = await eventually(() => logs.filter((d) => /Periodic notification #\d/.test(d)).length >= 1,
        { timeoutMs: 3_000 });
      assert.ok(ok, withStderr(host, `logging notifications received: ${JSON.stringify(logs)}`));
    });
  });
}
