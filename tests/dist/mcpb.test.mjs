// The Claude Desktop extensions: both manifests pass `mcpb validate`; a built bundle holds the
// executable binary and the versioned manifest; and the command Claude Desktop makes from it
// (mcpb's own getMcpConfigForManifest, the code Claude Desktop uses) works with only the
// required fields filled in, every optional one left empty, against a real server.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  REPO_ROOT, checkPrerequisites, cleanupList, connectHost, firstText, freePort, opts, startExample,
} from '../interop/harness.mjs';
import { getMcpConfigForManifest } from '../../npm/tools/node_modules/@anthropic-ai/mcpb/dist/shared/config.js';
import { MCPB, OUT, VERSION, checkStage, run, tempDir } from './dist.mjs';

const T = { timeout: 60_000 };
const BUNDLES = { bridge: `mcp-bridge-${VERSION}-linux-x64.mcpb`, meraki: `mcp-bridge-meraki-${VERSION}-linux-x64.mcpb` };

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('Claude Desktop extensions (.mcpb)', () => {
  const cleanup = cleanupList();
  const unpacked = {};

  before(async () => {
    checkStage();
    checkPrerequisites();
    for (const [key, file] of Object.entries(BUNDLES)) {
      const dir = tempDir(`unpacked-${key}`);
      const r = await run(MCPB, ['unpack', join(OUT, file), dir]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      unpacked[key] = dir;
    }
  });

  after(() => cleanup.run());

  for (const dir of ['mcp-bridge', 'meraki']) {
    test(`mcpb validate mcpb/${dir}/manifest.json`, T, async () => {
      const r = await run(MCPB, ['validate', join(REPO_ROOT, 'mcpb', dir, 'manifest.json')]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /passes/);
    });
  }

  test('mcpb info reads a built bundle', T, async () => {
    const r = await run(MCPB, ['info', join(OUT, BUNDLES.bridge)]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, new RegExp(BUNDLES.bridge.replaceAll('.', '\\.')));
  });

  for (const key of Object.keys(BUNDLES)) {
    test(`the ${key} bundle holds the executable binary and its versioned manifest`, T, async () => {
      const dir = unpacked[key];
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      assert.equal(manifest.version, VERSION);
      assert.equal(manifest.server.type, 'binary');
      assert.equal(manifest.server.entry_point, 'server/mcp-bridge');
      assert.deepEqual(manifest.compatibility.platforms, ['linux']);
      const bin = join(dir, 'server', 'mcp-bridge');
      assert.ok(statSync(bin).mode & 0o100, 'the binary is executable');
      assert.equal(sha256(bin), sha256(process.env.MCP_BRIDGE_BIN), 'the very binary that was packaged');
      const validate = await run(MCPB, ['validate', join(dir, 'manifest.json')]);
      assert.equal(validate.code, 0, validate.stderr + validate.stdout);
    });
  }

  /** The server config Claude Desktop derives from an unpacked bundle and the user's answers. */
  async function hostConfig(key, userConfig) {
    const dir = unpacked[key];
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    return getMcpConfigForManifest({ manifest, extensionPath: dir, systemDirs: {}, userConfig, pathSeparator: '/' });
  }

  test('the bridge bundle, optional fields left empty: a tool call through it', T, async () => {
    const port = await freePort();
    const server = await startExample('simpleStreamableHttp.js', { port });
    cleanup.add(() => server.stop());
    const url = `http://127.0.0.1:${port}/mcp`;
    const config = await hostConfig('bridge', { server_url: url });
    assert.deepEqual(config.args, ['proxy', url]);
    assert.equal(config.env.CF_ACCESS_CLIENT_ID, '', 'an empty field is an empty variable, not a placeholder');
    const host = await connectHost(config.args, { command: config.command, env: config.env });
    cleanup.add(() => host.close());
    const r = await host.client.callTool({ name: 'greet', arguments: { name: 'bundle' } }, undefined, opts);
    assert.equal(firstText(r), 'Hello, bundle!', host.stderr());
    await host.close();
  });

  test('the bridge bundle without a server URL is not started', T, async () => {
    assert.equal(await hostConfig('bridge', {}), undefined);
  });

  test('the Meraki bundle: key in MERAKI_DASHBOARD_API_KEY; writes only when allowed', T, async () => {
    const toolsWith = async (userConfig) => {
      const config = await hostConfig('meraki', userConfig);
      assert.deepEqual(config.args, ['serve', 'meraki']);
      assert.equal(config.env.MERAKI_DASHBOARD_API_KEY, userConfig.api_key);
      const host = await connectHost(config.args, { command: config.command, env: config.env });
      cleanup.add(() => host.close());
      const { tools } = await host.client.listTools({}, opts);
      await host.close();
      return tools.map((t) => t.name);
    };
    const readOnly = await toolsWith({ api_key: '0123456789abcdef0123456789abcdef01234567' });
    assert.ok(readOnly.includes('meraki_get_organizations'), readOnly.join(', '));
    assert.ok(!readOnly.includes('meraki_api_call'), 'read-only by default');
    const writes = await toolsWith({ api_key: '0123456789abcdef0123456789abcdef01234567', allow_writes: true, region: 'canada' });
    assert.ok(writes.includes('meraki_api_call'), writes.join(', '));
    assert.equal(await hostConfig('meraki', {}), undefined, 'no key, not started');
  });
});
