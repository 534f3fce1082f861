// The TypeScript SDK's simpleStreamableHttp.js example as the remote server, the SDK Client as
// the desktop host, mcp-bridge in between (`mcp-bridge proxy http://127.0.0.1:PORT/mcp`).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ElicitRequestSchema,
  LATEST_PROTOCOL_VERSION,
  LoggingMessageNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';

import {
  checkPrerequisites, cleanupList, connectHost, eventually, firstText, freePort, opts,
  startExample, withStderr,
} from './harness.mjs';

const T = { timeout: 30_000 };

describe('simpleStreamableHttp.js through mcp-bridge (Streamable HTTP)', () => {
  const cleanup = cleanupList();
  let server;
  let host;
  const logs = [];
  const elicitations = [];
  let elicitAnswer = { action: 'accept', content: { name: 'Ada Lovelace', email: 'ada@example.com' } };

  before(async () => {
    checkPrerequisites();
    const port = await freePort();
    server = await startExample('simpleStreamableHttp.js', { port });
    cleanup.add(() => server.stop());
    host = await connectHost(['proxy', `http://127.0.0.1:${port}/mcp`], {
      capabilities: { elicitation: { form: {} } },
      setup(client) {
        client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => logs.push(n.params));
        client.setRequestHandler(ElicitRequestSchema, (req) => {
          elicitations.push(req.params);
          return elicitAnswer;
        });
      },
    });
    cleanup.add(() => host.close());
  });

  after(() => cleanup.run());

  test('initialize: serverInfo and protocolVersion come from the server', T, () => {
    const info = host.client.getServerVersion();
    assert.equal(info?.name, 'simple-streamable-http-server');
    assert.equal(info?.version, '1.0.0');
    const init = host.received.find((m) => m.id !== undefined && m.result?.protocolVersion);
    assert.ok(init, 'the host received an InitializeResult');
    assert.equal(init.result.protocolVersion, LATEST_PROTOCOL_VERSION);
    assert.ok(host.client.getServerCapabilities()?.logging, 'server capabilities are relayed (logging)');
    assert.ok(host.client.getServerCapabilities()?.tools, 'server capabilities are relayed (tools)');
  });

  test('ping round trip', T, async () => {
    assert.deepEqual(await host.client.ping(opts), {});
  });

  test('tools/list returns the example tools', T, async () => {
    const { tools } = await host.client.listTools({}, opts);
    const names = tools.map((t) => t.name);
    for (const want of ['greet', 'multi-greet', 'collect-user-info', 'start-notification-stream', 'list-files']) {
      assert.ok(names.includes(want), `tools/list lacks ${want}: ${names.join(', ')}`);
    }
    const greet = tools.find((t) => t.name === 'greet');
    assert.equal(greet.title, 'Greeting Tool');
    assert.deepEqual(greet.inputSchema.required, ['name']);
  });

  test('tools/call greet', T, async () => {
    const r = await host.client.callTool({ name: 'greet', arguments: { name: 'Interop' } }, undefined, opts);
    assert.equal(firstText(r), 'Hello, Interop!');
    assert.ok(!r.isError);
  });

  test('tools/call multi-greet: logging notifications reach the host', T, async () => {
    const before = logs.length;
    const r = await host.client.callTool({ name: 'multi-greet', arguments: { name: 'Grace' } }, undefined, opts);
    assert.equal(firstText(r), 'Good morning, Grace!');
    // The example sends these without a related request, so the server puts them on the
    // session's GET stream, not on the POST's stream; the two "info" ones are sent one and two
    // seconds into the call, and may be delivered just after the result (different streams).
    const got = () => logs.slice(before).map((p) => p.data);
    const ok = await eventually(
      () => got().includes('Sending first greeting to Grace') && got().includes('Sending second greeting to Grace'),
      { timeoutMs: 3_000 },
    );
    assert.ok(ok, withStderr(host, `logging notifications received: ${JSON.stringify(got())}`));
  });

  test('tools/call collect-user-info: elicitation request reaches the host, the answer reaches the server', T, async () => {
    elicitAnswer = { action: 'accept', content: { name: 'Ada Lovelace', email: 'ada@example.com' } };
    const n = elicitations.length;
    const r = await host.client.callTool(
      { name: 'collect-user-info', arguments: { infoType: 'contact' } }, undefined, opts,
    );
    assert.equal(elicitations.length, n + 1, 'exactly one elicitation/create arrived');
    const req = elicitations[n];
    assert.equal(req.message, 'Please provide your contact information');
    assert.deepEqual(req.requestedSchema.required, ['name', 'email']);
    const text = firstText(r);
    assert.match(text, /^Thank you! Collected contact information:/);
    assert.match(text, /Ada Lovelace/);
    assert.match(text, /ada@example\.com/);
  });

  test('tools/call collect-user-info: a declined elicitation', T, async () => {
    elicitAnswer = { action: 'decline' };
    const r = await host.client.callTool(
      { name: 'collect-user-info', arguments: { infoType: 'feedback' } }, undefined, opts,
    );
    assert.equal(firstText(r), 'No information was collected. User declined feedback information request.');
  });

  test('tools/call with an unknown tool gives the server\'s error', T, async () => {
    const r = await host.client
      .callTool({ name: 'no-such-tool', arguments: {} }, undefined, opts)
      .then((res) => ({ res }), (err) => ({ err }));
    // The SDK server answers either with a JSON-RPC error or an isError result; both must pass through.
    if (r.err) assert.match(String(r.err.message), /no-such-tool/);
    else assert.ok(r.res.isError && /no-such-tool/.test(firstText(r.res)), JSON.stringify(r.res));
  });

  test('resources/list and resources/read', T, async () => {
    const { resources } = await host.client.listResources({}, opts);
    const uris = resources.map((r) => r.uri);
    assert.ok(uris.includes('https://example.com/greetings/default'), uris.join(', '));
    assert.ok(uris.includes('file:///example/file1.txt'), uris.join(', '));
    const read = await host.client.readResource({ uri: 'https://example.com/greetings/default' }, opts);
    assert.equal(read.contents[0].text, 'Hello, world!');
  });

  test('prompts/list and prompts/get', T, async () => {
    const { prompts } = await host.client.listPrompts({}, opts);
    assert.ok(prompts.some((p) => p.name === 'greeting-template'), JSON.stringify(prompts));
    const p = await host.client.getPrompt({ name: 'greeting-template', arguments: { name: 'Linus' } }, opts);
    assert.equal(p.messages[0].content.text, 'Please greet Linus in a friendly manner.');
  });

  test('no stray or unmatched messages reached the host', T, () => {
    assert.deepEqual(host.errors.map(String), []);
  });
});
