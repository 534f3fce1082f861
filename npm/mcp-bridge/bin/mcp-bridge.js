#!/usr/bin/env node
// The npm launcher of mcp-bridge. It finds the native binary in this machine's platform
// package (@mcp-bridge/<os>-<cpu>, an optional dependency that npm installs only where its
// `os` and `cpu` match), runs it with the same arguments and stdio, passes signals on, and
// ends as the binary ends: with its exit code, or killed by the same signal. When its own
// parent goes away (a host that kills `npx`, whose node process does not pass that on), it
// stops the binary too. No dependencies; Node.js 18 or newer.
//
// The binary learns how it was started from three variables, so that `mcp-bridge install`
// writes `npx -y mcp-bridge@<version>` (or npm's global command) into a host's config rather
// than a path in npm's cache:
//   MCP_BRIDGE_NPM_PACKAGE   mcp-bridge@<version> (this package)
//   MCP_BRIDGE_NPM_LAUNCHER  this file's path
//   MCP_BRIDGE_NPM_BINARY    the binary started (the others count only in that binary)
// MCP_BRIDGE_BINARY, when set, is the binary to run instead of the platform package's.
'use strict';

const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const PKG = require('../package.json');
const PLATFORMS = require('../platforms.json');
const RELEASES = 'https://github.com/mcp-bridge/mcp-bridge/releases';
const SPEC = `${PKG.name}@${PKG.version}`;
const PARENT_POLL_MS = 200;
const KILL_GRACE_MS = 1000;

function fail(lines) {
  process.stderr.write(`mcp-bridge: ${lines.join('\n  ')}\n`);
  process.exit(1);
}

function isMusl() {
  if (process.platform !== 'linux') return false;
  try {
    return !process.report.getReport().header.glibcVersionRuntime;
  } catch {
    return false;
  }
}

function binaryPath() {
  if (process.env.MCP_BRIDGE_BINARY) return process.env.MCP_BRIDGE_BINARY;
  const platform = `${process.platform}-${process.arch}`;
  const pkg = PLATFORMS[platform];
  if (!pkg) {
    fail([
      `there is no prebuilt binary for ${platform} in the npm package (there is for ${Object.keys(PLATFORMS).join(', ')}).`,
      'Build it with `cargo install mcp-bridge` (Rust 1.89 or newer) and run that, or point',
      'MCP_BRIDGE_BINARY at a binary you built.',
    ]);
  }
  let dir;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    fail([
      `the binary for this machine (${platform}) is missing: ${pkg}@${PKG.version} is not installed.`,
      ...(isMusl()
        ? ['This Linux uses musl libc (Alpine?), and the npm binary is built for glibc: install',
          '`cargo install mcp-bridge` instead, or point MCP_BRIDGE_BINARY at a musl build.']
        : ['npm leaves optional dependencies out when told to (--omit=optional, --no-optional,',
          'omit=optional in an .npmrc) or when a lockfile was made without them; install again',
          `without that: \`npm install ${SPEC}\`, or run \`npx -y ${SPEC} …\`.`]),
      `Or download the binary from ${RELEASES} and set MCP_BRIDGE_BINARY to its path.`,
    ]);
  }
  return path.join(dir, 'bin', process.platform === 'win32' ? 'mcp-bridge.exe' : 'mcp-bridge');
}

/** The parent of process `pid` (Unix), or 0 when it cannot be told. */
function parentOf(pid) {
  try {
    if (process.platform === 'linux') {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) || 0;
    }
    if (process.platform !== 'win32') {
      const out = execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' });
      return Number(out.trim()) || 0;
    }
  } catch {
    // not knowable: watch the parent only
  }
  return 0;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function main() {
  const bin = binaryPath();
  const child = spawn(bin, process.argv.slice(2), {
    stdio: 'inherit',
    env: {
      ...process.env,
      MCP_BRIDGE_NPM_PACKAGE: SPEC,
      MCP_BRIDGE_NPM_LAUNCHER: __filename,
      MCP_BRIDGE_NPM_BINARY: bin,
    },
  });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    try {
      child.kill('SIGTERM');
    } catch {
      // already gone
    }
    setTimeout(() => {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }, KILL_GRACE_MS).unref();
  };

  // Signals for the launcher are meant for the binary. On Windows, Ctrl-C reaches every
  // process of the console, the binary included: the launcher only waits for it.
  const forwarded = process.platform === 'win32' ? [] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const sig of forwarded) {
    process.on(sig, () => {
      try {
        child.kill(sig);
      } catch {
        // already gone
      }
    });
  }
  if (process.platform === 'win32') {
    process.on('SIGINT', () => {});
    process.on('SIGBREAK', stop);
    process.on('SIGHUP', stop);
  }

  // A host that ends `npx` with SIGKILL (or a SIGTERM that npm does not get to pass on)
  // leaves the launcher and the binary running, with stdin still open. So watch the parent
  // and, under npm (npx, npm exec, npm run), npm itself, whose shell sits in between; stop the
  // binary when either is gone.
  const parent = process.ppid;
  const watched = [parent, ...(process.env.npm_lifecycle_script ? [parentOf(parent)] : [])]
    .filter((pid) => pid > 1);
  const watch = setInterval(() => {
    if (process.ppid !== parent || !watched.every(alive)) {
      clearInterval(watch);
      stop();
    }
  }, PARENT_POLL_MS);
  watch.unref();
  if (watched.length === 0) clearInterval(watch);

  child.on('error', (e) => {
    clearInterval(watch);
    const exists = fs.existsSync(bin);
    fail([
      `cannot start ${bin}: ${e.message}.`,
      e.code === 'EACCES'
        ? 'It is not executable: reinstall the package, or `chmod +x` it.'
        : exists && e.code === 'ENOENT'
          ? 'The file is there, so the system cannot load it (a binary for another libc or CPU?).'
          : `Install the package again (\`npm install ${SPEC}\`).`,
    ]);
  });

  child.on('exit', (code, signal) => {
    clearInterval(watch);
    if (signal) {
      for (const sig of forwarded) process.removeAllListeners(sig);
      try {
        process.kill(process.pid, signal);
      } catch {
        // fall through to the exit code a shell would show
      }
      setTimeout(() => process.exit(128 + (os.constants.signals[signal] ?? 0)), 100);
      return;
    }
    process.exit(code ?? 1);
  });
}

main();
