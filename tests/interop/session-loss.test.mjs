// The server forgets the session mid-conversation: simpleStreamableHttp.js is restarted on the
// same port, so the bridge's next POST carries an unknown Mcp-Session-Id and gets 404. The host
// must not notice: the bridge re-initializes (replaying the host's initialize) and retries.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  checkPrerequisites, cleanupList, connectHost, firstText, freePort, opts, startExample, withStderr,
} from './harness.mjs';

describe('session loss: the server restarts mid-session', () => {
  const cleanup = cleanupList();
  let port;
  let first;
  let second;
  let host;

  before(async () => {
    checkPrerequisites();
    port = await freePort();
    first = await startExample('simpleStreamableHttp.js', { port });
    cleanup.add(() => first.stop());
    host = await connectHost(['proxy', `http://127.0.0.1:${port}/mcp`], { name: 'session-loss-host' });
    cleanup.add(() => host.close());
  });

  after(() => cleanup.run());

  test('a call before the restart works', { timeout: 20_000 }, async () => {
    const r = await host.client.callTool({ name: 'greet', arguments: { name: 'before' } }, undefined, opts);
    assert.equal(firstText(r), 'Hello, before!');
  });

  test('after a restart on the same port, the next call still succeeds', { timeout: 40_000 }, async () => {
    await first.stop();
    second = await startExample('simpleStreamableHttp.js', { port });
    cleanup.add(() => second.stop());

    let r;
    try {
      r = await host.client.callTool({ name: 'greet', arguments: { name: 'after' } }, undefined, opts);
    } catch (e) {
      assert.fail(withStderr(host, `tools/call after the restart failed: ${e.message}`));
    }
    assert.equal(firstText(r), 'Hello, after!', withStderr(host, JSON.stringify(r)));

    // The new server process saw a fresh initialize carrying the host's own clientInfo.
    const out = second.output();
    assert.match(out, /Session initialized with ID/, `restarted server output:\n${out}`);
    assert.match(out, /session-loss-host/, `the replayed initialize carries the host's clientInfo:\n${out}`);

    // And the session keeps working.
    const { tools } = await host.client.listTools({}, opts);
    assert.ok(tools.some((t) => t.name === 'greet'));
    const again = await host.client.callTool({ name: 'greet', arguments: { name: 'again' } }, undefined, opts);
    assert.equal(firstText(again), 'Hello, again!');
  });

  test('the host saw exactly one initialize result and no unmatched responses', { timeout: 5_000 }, () => {
    const inits = host.received.filter((m) => m.result?.protocolVersion && m.result?.serverInfo);
    assert.equal(inits.length, 1, `initialize results relayed to the host: ${JSON.stringify(inits)}`);
    assert.deepEqual(host.errors.map(String), []);
  });
});
