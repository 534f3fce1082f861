// Shared pieces of the distribution tests (started by tests/dist/run.sh, which packages the
// binary and publishes the npm packages to a loopback verdaccio first): where the packages
// are, the npm environment that reaches only that registry, running commands with a bound,
// and finding the processes that npx started.

import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { REPO_ROOT } from '../interop/harness.mjs';
import { cargoVersion } from '../../scripts/package.mjs';

export const OUT = process.env.MCP_BRIDGE_DIST_OUT;
export const WORK = process.env.MCP_BRIDGE_DIST_WORK;
export const VERSION = cargoVersion();
export const SPEC = `mcp-bridge@${VERSION}`;
export const MCPB = join(REPO_ROOT, 'npm', 'tools', 'node_modules', '.bin', 'mcpb');

/** Throws unless run.sh set the stage (packages built and published). */
export function checkStage() {
  if (!OUT || !WORK || !process.env.npm_config_registry?.startsWith('http://127.0.0.1:')) {
    throw new Error('run these tests with tests/dist/run.sh (it packages and publishes to a local registry)');
  }
}

/** The npm settings for a child process: the local registry, cache and user config only. */
export function npmEnv(extra = {}) {
  const env = { ...extra };
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('npm_config_')) env[k] = v;
  }
  return env;
}

/** A fresh directory under the test's work directory. */
export function tempDir(name) {
  return mkdtempSync(join(WORK, `${name}-`));
}

/** Runs a command to its end (bounded): { code, signal, stdout, stderr }. */
export function run(command, args, { env = process.env, cwd = WORK, input, timeoutMs = 60_000 } = {}) {
  return new Promise((res) => {
    const child = execFile(command, args, { env, cwd, timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      res({ code: child.exitCode, signal: child.signalCode, stdout, stderr, err });
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/** Starts a long-running command with piped stdio; stdin stays open. */
export function start(command, args, { env = process.env, cwd = WORK } = {}) {
  const child = spawn(command, args, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => (stdout += d));
  const exited = new Promise((res) => child.once('exit', (code, signal) => res({ code, signal })));
  return { child, exited, stderr: () => stderr, stdout: () => stdout };
}

/**
 * Sends `initialize` on the started process's stdin and waits for its answer: the bridge is
 * then up, its signal handling in place (a signal in its first milliseconds kills it).
 */
export async function initialized(proc, timeoutMs = 15_000) {
  proc.child.stdin.write(`${JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'dist-test', version: '0' } },
  })}\n`);
  const ok = await within(timeoutMs, () => proc.stdout().includes('"id":1'));
  if (ok === null) throw new Error(`no answer to initialize: ${proc.stderr()}`);
}

/** Pids of the live processes whose executable (or, for node, script) path starts with `prefix`. */
export function pidsUnder(prefix) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const exe = readlinkSync(`/proc/${entry}/exe`);
      if (exe.startsWith(prefix) || argv.slice(0, 2).some((a) => resolve(a).startsWith(prefix))) {
        out.push(Number(entry));
      }
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return out;
}

/** Polls until `pred()` holds or `timeoutMs` passes; returns the time it took, or null. */
export async function within(timeoutMs, pred, intervalMs = 25) {
  const t0 = Date.now();
  for (;;) {
    if (await pred()) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) return null;
    await sleep(intervalMs);
  }
}

/** Kills every given pid (test clean-up). */
export function killAll(pids) {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
