// A legacy host (the TypeScript SDK client, speaking 2025-11-25 over stdio) in front of the
// Python `mcp` 2.x server, which speaks the stateless 2026-07-28 revision (it also takes
// initialize, but its discovery lists only 2026-07-28, so --protocol auto translates too):
// the bridge answers initialize from server/discover, translates every request, turns the
// server's input_required results into the host's elicitation, sampling and roots requests,
// and its subscriptions/listen events into the host's list-changed and resource-updated
// notifications.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';

import { INTEROP_DIR, cleanupList, connectHost, eventually, firstText, freePort, opts, stopProcess, waitForPort, withStderr } from './harness.mjs';

const PYTHON = join(INTEROP_DIR, '.venv-py', 'bin', 'python');

describe('a 2025-11-25 host in front of the Python mcp 2.x server', { skip: !existsSync(PYTHON) && 'no tests/interop/.venv-py (scripts/test.sh creates it)' }, () => {
  const cleanup = cleanupList();
  let url;
  let server;
  let log = '';

  before(async () => {
    const port = await freePort();
    server = spawn(PYTHON, [join(INTEROP_DIR, 'servers', 'py_modern.py'), String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout.on('data', (d) => (log += d));
    server.stderr.on('data', (d) => (log += d));
    cleanup.add(() => stopProcess(server));
    await waitForPort(port, { proc: server, timeoutMs: 20_000 });
    url = `http://127.0.0.1:${port}/mcp`;
  });

  after(() => cleanup.run());

  for (const protocol of ['modern', 'auto']) {
    test(`--protocol ${protocol}: initialize, list and call`, { timeout: 30_000 }, async () => {
      const host = await connectHost(['proxy', url, '--store', 'memory', '--protocol', protocol, '-v'], { name: `eras-${protocol}` });
      try {
        assert.equal(host.client.getServerVersion()?.name, 'py-modern', withStderr(host, 'serverInfo'));
        const { tools } = await host.client.listTools(undefined, opts);
        assert.ok(['add', 'shout', 'greet', 'relay', 'count_roots', 'touch'].every((n) => tools.some((t) => t.name === n)), withStderr(host, 'tools'));
        const r = await host.client.callTool({ name: 'add', arguments: { a: 2, b: 3 } }, undefined, opts);
        assert.equal(firstText(r), '5', withStderr(host, 'add'));
        const s = await host.client.callTool({ name: 'shout', arguments: { text: 'grüezi' } }, undefined, opts);
        assert.equal(firstText(s), 'GRÜEZI', withStderr(host, 'shout with a non-ASCII argument'));
        assert.match(host.stderr(), /2026-07-28/, withStderr(host, 'the modern revision was used'));
      } finally {
        await host.close();
      }
    });
  }

  test('the server asks the host for a name, a model answer and its roots', { timeout: 30_000 }, async () => {
    const asked = [];
    const host = await connectHost(['proxy', url, '--store', 'memory', '-v'], {
      name: 'eras-mrtr',
      capabilities: { elicitation: {}, sampling: {}, roots: {} },
      setup: (client) => {
        client.setRequestHandler(ElicitRequestSchema, async (req) => {
          asked.push(req.params.message);
          return { action: 'accept', content: { name: 'Ada' } };
        });
        client.setRequestHandler(CreateMessageRequestSchema, async (req) => {
          asked.push(req.params.messages[0].content.text);
          return { role: 'assistant', model: 'host-model', content: { type: 'text', text: 'hi from the host' } };
        });
        client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///a' }, { uri: 'file:///b' }, { uri: 'file:///c' }] }));
      },
    });
    try {
      const g = await host.client.callTool({ name: 'greet', arguments: {} }, undefined, opts);
      assert.equal(firstText(g), 'Hello, Ada!', withStderr(host, 'greet'));
      const m = await host.client.callTool({ name: 'relay', arguments: {} }, undefined, opts);
      assert.equal(firstText(m), 'model said: hi from the host', withStderr(host, 'relay'));
      const c = await host.client.callTool({ name: 'count_roots', arguments: {} }, undefined, opts);
      assert.equal(firstText(c), '3 roots', withStderr(host, 'count_roots'));
      assert.deepEqual(asked, ['What is your name?', 'Say hi']);
    } finally {
      await host.close();
    }
  });

  test('a host without the capability gets an error, not a hang', { timeout: 30_000 }, async () => {
    const host = await connectHost(['proxy', url, '--store', 'memory'], { name: 'eras-nocap' });
    try {
      await assert.rejects(host.client.callTool({ name: 'greet', arguments: {} }, undefined, opts), /elicitation/);
    } finally {
      await host.close();
    }
  });

  test('list changes and resource updates arrive over subscriptions/listen', { timeout: 30_000 }, async () => {
    let listChanged = 0;
    const updated = [];
    const host = await connectHost(['proxy', url, '--store', 'memory', '-v'], {
      name: 'eras-listen',
      setup: (client) => {
        client.setNotificationHandler(ToolListChangedNotificationSchema, () => { listChanged += 1; });
        client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => { updated.push(n.params.uri); });
      },
    });
    try {
      const caps = host.client.getServerCapabilities();
      assert.equal(caps?.tools?.listChanged, true, withStderr(host, 'acknowledged by the listen stream'));
      assert.equal(caps?.resources?.subscribe, true);
      await host.client.subscribeResource({ uri: 'note://a' }, opts);
      await host.client.callTool({ name: 'touch', arguments: {} }, undefined, opts);
      await eventually(() => listChanged > 0 && updated.length > 0, { timeoutMs: 10_000 });
      assert.ok(listChanged > 0, withStderr(host, 'tools/list_changed'));
      assert.deepEqual(updated, ['note://a']);
    } finally {
      await host.close();
    }
  });
});
