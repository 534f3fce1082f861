// `npx -y mcp-bridge@VERSION …` from the loopback registry, with the TypeScript SDK client as
// the desktop host and the SDK's example Streamable HTTP server as the remote: a tool call in
// both command forms, how endings travel (a host killing npx, signals to the launcher, exit
// codes), and a clear error when npm left the platform package out.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  checkPrerequisites, cleanupList, connectHost, firstText, freePort, opts, startExample,
} from '../interop/harness.mjs';
import {
  SPEC, VERSION, checkStage, initialized, killAll, npmEnv, pidsUnder, run, start, tempDir, within,
} from './dist.mjs';

const T = { timeout: 60_000 };
const NPX_CACHE = () => join(process.env.npm_config_cache, '_npx');

describe('npx -y mcp-bridge from the registry', () => {
  const cleanup = cleanupList();
  let url;

  before(async () => {
    checkStage();
    checkPrerequisites();
    const port = await freePort();
    const server = await startExample('simpleStreamableHttp.js', { port });
    cleanup.add(() => server.stop());
    url = `http://127.0.0.1:${port}/mcp`;
    cleanup.add(() => killAll(pidsUnder(NPX_CACHE())));
  });

  after(() => cleanup.run());

  for (const [form, args] of [
    ['proxy URL', () => ['-y', SPEC, 'proxy', url]],
    ['URL (the mcp-remote form)', () => ['-y', SPEC, url]],
  ]) {
    test(`npx -y ${SPEC} ${form}: the host calls a tool`, T, async () => {
      const host = await connectHost(args(), { command: 'npx', env: npmEnv(), cwd: tempDir('host') });
      cleanup.add(() => host.close());
      assert.equal(host.client.getServerVersion()?.name, 'simple-streamable-http-server');
      const r = await host.client.callTool({ name: 'greet', arguments: { name: 'npx' } }, undefined, opts);
      assert.equal(firstText(r), 'Hello, npx!', host.stderr());
      await host.close();
      const gone = await within(3_000, () => host.exit() !== null);
      assert.notEqual(gone, null, 'npx ended after the host closed it');
    });
  }

  /** npx started as a host would (stdin a pipe that stays open), and its binary's pid. */
  async function startThroughNpx(extraArgs = []) {
    const npx = start('npx', ['-y', SPEC, 'proxy', url, ...extraArgs], { env: { ...process.env, ...npmEnv() } });
    cleanup.add(() => killAll([npx.child.pid]));
    let binary;
    const seen = await within(20_000, () => {
      binary = pidsUnder(NPX_CACHE()).find((pid) => isBinary(pid));
      return binary !== undefined;
    });
    assert.notEqual(seen, null, `the binary never started: ${npx.stderr()}`);
    cleanup.add(() => killAll([binary]));
    await initialized(npx);
    return { npx, binary };
  }

  for (const signal of ['SIGTERM', 'SIGKILL']) {
    test(`a host that ends npx with ${signal} ends the binary within 2 s`, T, async () => {
      const { npx, binary } = await startThroughNpx();
      process.kill(npx.child.pid, signal);
      const took = await within(2_000, () => !alive(binary));
      assert.notEqual(took, null, `the binary (pid ${binary}) outlived npx by more than 2 s`);
      const leftovers = await within(2_000, () => pidsUnder(NPX_CACHE()).length === 0);
      assert.notEqual(leftovers, null, `processes left behind: ${pidsUnder(NPX_CACHE())}`);
    });
  }

  /** The launcher as npx installed it, run directly (so its own ending can be seen). */
  function launcherPath() {
    const found = pidsUnder(NPX_CACHE());
    killAll(found);
    for (const dir of readdirSync(NPX_CACHE())) {
      const p = join(NPX_CACHE(), dir, 'node_modules', 'mcp-bridge', 'bin', 'mcp-bridge.js');
      if (existsSync(p)) return p;
    }
    throw new Error('npx installed no launcher');
  }

  for (const signal of ['SIGINT', 'SIGTERM']) {
    test(`${signal} to the launcher reaches the binary, and the launcher ends as it ends`, T, async () => {
      const launcher = start(process.execPath, [launcherPath(), 'proxy', url]);
      cleanup.add(() => killAll([launcher.child.pid]));
      let binary;
      assert.notEqual(await within(10_000, () => {
        binary = pidsUnder(NPX_CACHE()).find((pid) => isBinary(pid));
        return binary !== undefined;
      }), null, launcher.stderr());
      await initialized(launcher);
      process.kill(launcher.child.pid, signal);
      const ended = await Promise.race([launcher.exited, sleepThen(3_000, null)]);
      assert.notEqual(ended, null, 'the launcher ended');
      assert.ok(!alive(binary), 'the binary ended');
      // The bridge exits 0 after a signal that asks it to stop (it closes the session first);
      // had the launcher died of the signal itself, the binary would still be running.
      assert.deepEqual(ended, { code: 0, signal: null }, launcher.stderr());
    });
  }

  test('the binary killed by a signal: the launcher dies of the same signal', T, async () => {
    const launcher = start(process.execPath, [launcherPath(), 'proxy', url]);
    cleanup.add(() => killAll([launcher.child.pid]));
    let binary;
    assert.notEqual(await within(10_000, () => {
      binary = pidsUnder(NPX_CACHE()).find((pid) => isBinary(pid));
      return binary !== undefined;
    }), null, launcher.stderr());
    process.kill(binary, 'SIGKILL');
    const ended = await Promise.race([launcher.exited, sleepThen(3_000, null)]);
    assert.deepEqual(ended, { code: null, signal: 'SIGKILL' });
  });

  test('exit codes come through npx and the launcher', T, async () => {
    const usage = await run('npx', ['-y', SPEC, 'proxy', url, '--no-such-flag'], { env: { ...process.env, ...npmEnv() } });
    assert.equal(usage.code, 2, usage.stderr);
    assert.match(usage.stderr, /--no-such-flag/);
    const version = await run('npx', ['-y', SPEC, '--version'], { env: { ...process.env, ...npmEnv() } });
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout.trim(), `mcp-bridge ${VERSION}`);
  });

  test('without the platform package (npm --omit=optional) the launcher says what to do', T, async () => {
    const project = tempDir('omit');
    const env = { ...process.env, ...npmEnv() };
    const inst = await run('npm', ['install', '--omit=optional', '--no-save', SPEC], { cwd: project, env });
    assert.equal(inst.code, 0, inst.stderr);
    assert.ok(!existsSync(join(project, 'node_modules', '@mcp-bridge', 'linux-x64')), 'the platform package was left out');
    const r = await run(join(project, 'node_modules', '.bin', 'mcp-bridge'), ['--version'], { cwd: project, env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /linux-x64/);
    assert.match(r.stderr, new RegExp(`@mcp-bridge/linux-x64@${VERSION.replaceAll('.', '\\.')} is not installed`));
    assert.match(r.stderr, /--omit=optional/);
    assert.equal(r.stdout, '', 'nothing on stdout, which a host reads as JSON-RPC');
  });
});

function isBinary(pid) {
  try {
    return readlinkSync(`/proc/${pid}/exe`).endsWith('/bin/mcp-bridge');
  } catch {
    return false;
  }
}

function alive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

function sleepThen(ms, value) {
  return new Promise((res) => setTimeout(() => res(value), ms).unref());
}
