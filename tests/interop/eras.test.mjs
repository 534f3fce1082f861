// A legacy host (the TypeScript SDK client, speaking 2025-11-25 over stdio) in front of the
// Python `mcp` 2.x server, which speaks the stateless 2026-07-28 revision: with --protocol
// modern the bridge answers initialize from server/discover and translates every request;
// with the default --protocol auto the host's own revision is kept (the server takes both).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { INTEROP_DIR, cleanupList, connectHost, firstText, freePort, opts, stopProcess, waitForPort, withStderr } from './harness.mjs';

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
        assert.deepEqual(tools.map((t) => t.name).sort(), ['add', 'shout']);
        const r = await host.client.callTool({ name: 'add', arguments: { a: 2, b: 3 } }, undefined, opts);
        assert.equal(firstText(r), '5', withStderr(host, 'add'));
        const s = await host.client.callTool({ name: 'shout', arguments: { text: 'grüezi' } }, undefined, opts);
        assert.equal(firstText(s), 'GRÜEZI', withStderr(host, 'shout with a non-ASCII argument'));
        if (protocol === 'modern') assert.match(host.stderr(), /2026-07-28|translating/i, withStderr(host, 'the modern transport was used'));
      } finally {
        await host.close();
      }
    });
  }
});
