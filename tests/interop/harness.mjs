// Shared pieces of the interop tests: locating mcp-bridge and the example servers, starting
// and stopping server processes on 127.0.0.1, and a desktop-host stand-in (the TypeScript SDK's
// Client over StdioClientTransport) that launches mcp-bridge the way Claude Desktop does.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';

export const INTEROP_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(INTEROP_DIR, '..', '..');
export const BRIDGE_BIN = process.env.MCP_BRIDGE_BIN || join(REPO_ROOT, 'target', 'debug', 'mcp-bridge');
export const FORCE_LOOPBACK = join(INTEROP_DIR, 'servers', 'bind-loopback.cjs');
export const EXAMPLES_DIR = join(
  INTEROP_DIR, 'node_modules', '@modelcontextprotocol', 'sdk', 'dist', 'esm', 'examples', 'server',
);

/** The request timeout used for every host request (ms). */
export const REQUEST_TIMEOUT = 15_000;

/** Throws a readable error when something the tests need is missing. */
export function checkPrerequisites({ examples = true } = {}) {
  if (!existsSync(BRIDGE_BIN)) {
    throw new Error(
      `mcp-bridge binary not found at ${BRIDGE_BIN}: build it with \`cargo build\` or set MCP_BRIDGE_BIN`,
    );
  }
  if (examples && !existsSync(FORCE_LOOPBACK)) {
    throw new Error(
      `${FORCE_LOOPBACK} is missing`,
    );
  }
  if (examples && !existsSync(join(EXAMPLES_DIR, 'simpleStreamableHttp.js'))) {
    throw new Error(
      `the TypeScript SDK examples are missing (${EXAMPLES_DIR}): run \`npm ci --prefix tests/interop\``,
    );
  }
}

/** Rejects with a message naming `what` when `promise` takes longer than `ms`. */
export async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort() {
  const srv = net.createServer();
  await new Promise((res, rej) => {
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', res);
  });
  const { port } = srv.address();
  await new Promise((res) => srv.close(res));
  return port;
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portAccepts(port) {
  return new Promise((res) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const done = (ok) => {
      sock.destroy();
      res(ok);
    };
    sock.setTimeout(500, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/** Waits until 127.0.0.1:port accepts connections (bounded). */
export async function waitForPort(port, { timeoutMs = 10_000, proc } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && proc.exitCode !== null) {
      throw new Error(`process exited with ${proc.exitCode} before port ${port} opened`);
    }
    if (await portAccepts(port)) return;
    await sleep(50);
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

/** Waits until `pred()` is true, polling (bounded). Returns whether it became true. */
export async function eventually(pred, { timeoutMs = 5_000, intervalMs = 25 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await pred()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

/** Sends `signal`, waits for the exit, escalates to SIGKILL. Never throws. */
export async function stopProcess(proc, { signal = 'SIGTERM', graceMs = 3_000 } = {}) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((res) => proc.once('exit', res));
  try {
    proc.kill(signal);
  } catch {
    // already gone
  }
  const ok = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!ok) {
    try {
      proc.kill('SIGKILL');
    } catch {
      // already gone
    }
    await Promise.race([exited, sleep(2_000)]);
  }
}

/**
 * Starts one of the SDK's example servers (`name` is the file in examples/server) with
 * force-loopback.cjs, waits for its port, and returns a handle: { proc, port, output(), stop() }.
 */
export async function startExample(name, { port, env = {}, args = [], timeoutMs = 15_000 } = {}) {
  const script = join(EXAMPLES_DIR, name);
  const proc = spawn(process.execPath, ['--require', FORCE_LOOPBACK, script, ...args], {
    cwd: INTEROP_DIR,
    env: { ...process.env, ...env, ...(port ? { MCP_PORT: String(port) } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const handle = {
    proc,
    port,
    output: () => out,
    stop: () => stopProcess(proc),
  };
  try {
    await waitForPort(port, { timeoutMs, proc });
  } catch (e) {
    await handle.stop();
    throw new Error(`${name} did not start: ${e.message}\n--- server output ---\n${out}`);
  }
  return handle;
}

/** Fails clearly when a hard-coded port (the legacy examples use 3000) is already taken. */
export async function requireFreePort(port) {
  if (await portAccepts(port)) {
    throw new Error(`port ${port} is already in use on 127.0.0.1; the legacy SDK examples need it`);
  }
}

/**
 * A desktop host: the SDK Client, launching mcp-bridge (or `command`, e.g. npx) over stdio
 * with `args`. `listChanged`: the Client's option of that name (refetch lists on
 * `notifications/…/list_changed`, as desktop hosts do).
 * Returns { client, transport, pid, stderr(), received, errors, close(), exit() }; exit() is
 * { code, signal, afterCloseMs } once the bridge process has ended, else null.
 * `received` holds every JSON-RPC message the host read from the bridge's stdout, in order;
 * `errors` holds errors the Client reported (e.g. a response to an unknown id).
 */
export async function connectHost(
  args,
  { env = {}, capabilities = {}, name = 'interop-host', setup, command = BRIDGE_BIN, cwd, listChanged } = {},
) {
  const transport = new StdioClientTransport({
    command,
    args,
    env: { ...getDefaultEnvironment(), ...env },
    stderr: 'pipe',
    ...(cwd ? { cwd } : {}),
  });
  let err = '';
  transport.stderr?.on('data', (d) => (err += d));

  const received = [];
  let inner;
  Object.defineProperty(transport, 'onmessage', {
    configurable: true,
    get: () => inner,
    set: (fn) => {
      inner = fn
        ? (msg, extra) => {
            received.push(msg);
            fn(msg, extra);
          }
        : fn;
    },
  });

  const client = new Client({ name, version: '1.0.0' }, { capabilities, ...(listChanged ? { listChanged } : {}) });
  const errors = [];
  client.onerror = (e) => errors.push(e);
  if (setup) setup(client);

  let closed = false;
  let exitInfo = null;
  let closeStarted = null;
  // The child process, to see how it ends and to kill it if needed (StdioClientTransport
  // forgets it on close).
  let child = null;
  const start = transport.start.bind(transport);
  transport.start = async () => {
    await start();
    child = transport._process ?? null;
    child?.once('exit', (code, signal) => {
      exitInfo = { code, signal, afterCloseMs: closeStarted === null ? null : Date.now() - closeStarted };
    });
  };
  const close = async () => {
    if (closed) return;
    closed = true;
    closeStarted = Date.now();
    await withTimeout(client.close(), 10_000, 'closing the host').catch(() => {});
    if (child && child.exitCode === null && child.signalCode === null) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  try {
    await withTimeout(client.connect(transport, { timeout: REQUEST_TIMEOUT }), REQUEST_TIMEOUT + 2_000,
      `initialize through ${command} ${args.join(' ')}`);
  } catch (e) {
    await close();
    e.message += `\n--- bridge stderr ---\n${err}`;
    throw e;
  }
  return { client, transport, pid: child?.pid, stderr: () => err, received, errors, close, exit: () => exitInfo };
}

/** Request options for host requests: a bounded timeout. */
export const opts = { timeout: REQUEST_TIMEOUT };

/** Text of the first text content of a tools/call result. */
export function firstText(result) {
  const item = (result?.content ?? []).find((c) => c.type === 'text');
  return item?.text;
}

/** Collects cleanup functions for after(): each runs even if an earlier one fails. */
export function cleanupList() {
  const fns = [];
  return {
    add(fn) {
      fns.push(fn);
      return fn;
    },
    async run() {
      while (fns.length) {
        const fn = fns.pop();
        try {
          await fn();
        } catch {
          // keep cleaning up
        }
      }
    },
  };
}

/** Appends the bridge's stderr to an assertion message, for diagnosis. */
export function withStderr(host, msg) {
  return `${msg}\n--- bridge stderr ---\n${host?.stderr?.() ?? ''}`;
}
