// `mcp-bridge install` run from the npm package writes a command that keeps working: under npx
// `npx -y mcp-bridge@VERSION …` (not the path in npx's cache, which npm may empty), from a
// global install npm's `mcp-bridge` command on PATH; and the entry it wrote is recognised as
// the bridge's (updated in place, removed by uninstall).

import assert from 'node:assert/strict';
import { readFileSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { before, describe, test } from 'node:test';

import { SPEC, checkStage, npmEnv, run, tempDir } from './dist.mjs';

const T = { timeout: 60_000 };
const URL = 'https://mcp.example.com/mcp';

describe('install, run from the npm package', () => {
  let env;
  let home;

  before(() => {
    checkStage();
    home = tempDir('home');
    env = { ...process.env, ...npmEnv(), HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
  });

  test('through npx, --print shows npx and the version, not a cache path', T, async () => {
    const r = await run('npx', ['-y', SPEC, 'install', 'claude-desktop', 'remote', URL, '--scope', 'read', '--print'], { env });
    assert.equal(r.code, 0, r.stderr);
    const entry = JSON.parse(r.stdout).mcpServers.remote;
    assert.deepEqual(entry, { command: 'npx', args: ['-y', SPEC, 'proxy', URL, '--scope', 'read'] });
    assert.doesNotMatch(r.stdout, /_npx/);
  });

  test('through npx, the host file gets the npx entry; it is updated and uninstalled as the bridge', T, async () => {
    const file = join(tempDir('cfg'), 'claude_desktop_config.json');
    const add = await run('npx', ['-y', SPEC, 'install', 'claude-desktop', 'meraki', 'serve', 'meraki', '--demo', '--config-file', file], { env });
    assert.equal(add.code, 0, add.stderr);
    const written = JSON.parse(readFileSync(file, 'utf8')).mcpServers.meraki;
    assert.deepEqual(written, { command: 'npx', args: ['-y', SPEC, 'serve', 'meraki', '--demo'] });
    const again = await run('npx', ['-y', SPEC, 'install', 'claude-desktop', 'meraki', URL, '--config-file', file], { env });
    assert.equal(again.code, 0, `an npx entry counts as the bridge's: ${again.stderr}`);
    const remove = await run('npx', ['-y', SPEC, 'uninstall', 'claude-desktop', 'meraki', '--config-file', file], { env });
    assert.equal(remove.code, 0, remove.stderr);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).mcpServers, {});
  });

  test('from a global install, the entry runs npm\'s mcp-bridge command', T, async () => {
    const prefix = tempDir('global');
    const inst = await run('npm', ['install', '--global', '--prefix', prefix, SPEC], { env });
    assert.equal(inst.code, 0, inst.stderr);
    const bin = join(prefix, 'bin');
    const genv = { ...env, PATH: `${bin}${delimiter}${env.PATH}` };
    const r = await run('mcp-bridge', ['install', 'cursor', 'remote', URL, '--print'], { env: genv });
    assert.equal(r.code, 0, r.stderr);
    const entry = JSON.parse(r.stdout).mcpServers.remote;
    assert.deepEqual(entry, { command: join(bin, 'mcp-bridge'), args: ['proxy', URL] });
    assert.equal(
      realpathSync(entry.command),
      join(realpathSync(prefix), 'lib', 'node_modules', 'mcp-bridge', 'bin', 'mcp-bridge.js'),
      'the command is npm\'s link to the launcher',
    );
  });

  test('the variables the launcher sets mean nothing to another mcp-bridge binary', T, async () => {
    const r = await run(process.env.MCP_BRIDGE_BIN, ['install', 'cursor', 'remote', URL, '--print'], {
      env: {
        ...env,
        MCP_BRIDGE_NPM_PACKAGE: SPEC,
        MCP_BRIDGE_NPM_LAUNCHER: '/tmp/_npx/0/node_modules/mcp-bridge/bin/mcp-bridge.js',
        MCP_BRIDGE_NPM_BINARY: '/tmp/_npx/0/node_modules/@mcp-bridge/linux-x64/bin/mcp-bridge',
      },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).mcpServers.remote.command, process.env.MCP_BRIDGE_BIN);
  });
});
