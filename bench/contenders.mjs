// The proxies the benchmark compares: mcp-bridge and the peer bridges, each launched the way a
// desktop host launches it for an open Streamable HTTP server, with only the flags it needs to
// reach one, and with its files kept in a scratch directory.
//
// mcp-bridge runs with a cached era and a cached credential: a private MCP_BRIDGE_DATA_DIR whose
// tokens.json holds a (far from expiry) token set for the server, `--store file`, and the
// server's era remembered in state.json by the untimed first launch. That is the start of every
// launch after the first sign-in, without a desktop keyring (none runs on the benchmark machine).

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';

import { StdioHost } from './host.mjs';

// Every peer the harness knows, in table order. `key` is what --peers names.
export const PEER_KEYS = ['mcp-remote', 'hyper-mcp-remote', 'fastmcp-remote', 'mcp-proxy'];

export const VERSIONS = {
  'mcp-remote': '0.15.1',
  'hyper-mcp-remote': '0.5.0',
  'fastmcp-remote': '4.1.4',
  'mcp-proxy': '0.13.0',
};

// `status`: what bench/peers.sh said, KEY -> { ok, detail } (detail: the command, or why not).
export function contenders({ cfg, url, scratch, status, repo }) {
  const timeoutMs = cfg.timeoutMs;
  const host = (cmd, args, env) => () => new StdioHost(cmd, args, env, { timeoutMs, cwd: scratch });
  const list = [bridge({ cfg, url, scratch, timeoutMs })];
  for (const key of cfg.peers) {
    const label = `${key} ${VERSIONS[key]}`;
    if (key === 'mcp-remote') {
      const proxyJs = cfg.mcpRemote;
      const configDir = join(scratch, 'mcp-remote');
      mkdirSync(configDir, { recursive: true });
      list.push(existsSync(proxyJs)
        ? {
          key, label, runtime: `node ${process.version}`, where: relative(repo, proxyJs),
          command: `node ${relative(repo, proxyJs)} URL`,
          spawn: host(process.execPath, [proxyJs, url], { MCP_REMOTE_CONFIG_DIR: configDir }),
        }
        : { key, label, error: `not installed: ${proxyJs} is missing (npm ci --prefix tests/interop)` });
      continue;
    }
    const s = status[key];
    if (!s || !s.ok) {
      list.push({ key, label, error: s ? s.detail : 'not installed (bench/peers.sh was not run for it)' });
      continue;
    }
    const bin = s.detail;
    if (key === 'hyper-mcp-remote') {
      // No flag: it probes the server, finds no authorization challenge and goes on without
      // OAuth. HOME is a scratch directory, so its token cache and log file land there.
      const home = join(scratch, 'hyper-home');
      mkdirSync(home, { recursive: true });
      list.push({
        key, label, runtime: 'Rust (release, cargo install --locked)', where: bin,
        command: 'hyper-mcp-remote URL',
        spawn: host(bin, [url], { HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_STATE_HOME: join(home, 'state'), XDG_CACHE_HOME: join(home, 'cache'), XDG_CONFIG_HOME: join(home, 'config') }),
      });
    } else if (key === 'fastmcp-remote') {
      // The update check (which asks PyPI at start) is turned off: everything stays on loopback.
      list.push({
        key, label, runtime: pythonVersion(bin), where: bin,
        command: 'FASTMCP_CHECK_FOR_UPDATES=off fastmcp-remote URL',
        spawn: host(bin, [url], {
          FASTMCP_CHECK_FOR_UPDATES: 'off',
          FASTMCP_REMOTE_CONFIG_DIR: join(scratch, 'fastmcp-remote'),
        }),
      });
    } else if (key === 'mcp-proxy') {
      // Its default client transport is SSE; the server speaks Streamable HTTP.
      list.push({
        key, label, runtime: pythonVersion(bin), where: bin,
        command: 'mcp-proxy --transport streamablehttp URL',
        spawn: host(bin, ['--transport', 'streamablehttp', url], {}),
      });
    }
  }
  return list;
}

function bridge({ cfg, url, scratch, timeoutMs }) {
  const data = join(scratch, 'mcp-bridge-data');
  const config = join(scratch, 'mcp-bridge-config');
  mkdirSync(data, { recursive: true, mode: 0o700 });
  mkdirSync(config, { recursive: true, mode: 0o700 });
  seedCredential(data, url);
  const env = { MCP_BRIDGE_DATA_DIR: data, MCP_BRIDGE_CONFIG_DIR: config };
  return {
    key: 'bridge',
    label: 'mcp-bridge',
    runtime: process.env.BENCH_BRIDGE_BUILD ? `Rust (release, ${process.env.BENCH_BRIDGE_BUILD})` : 'Rust (release)',
    where: cfg.bridge,
    command: 'mcp-bridge proxy URL --store file (cached credential and era)',
    dataDir: data,
    spawn: () => new StdioHost(cfg.bridge, ['proxy', url, '--store', 'file'], env, { timeoutMs, cwd: scratch }),
  };
}

// A token set as a sign-in leaves it in the file store, valid for 30 days. The bench server
// takes no authorization, so the bearer it carries is ignored there; what matters is that the
// bridge starts as it does after a sign-in: reading the stored credential, not signing in.
function seedCredential(data, url) {
  const now = Math.floor(Date.now() / 1000);
  const key = url.replace(/\/$/, '');
  const tokens = {
    version: 1,
    entries: {
      [key]: {
        access_token: 'bench-access-token',
        refresh_token: 'bench-refresh-token',
        token_type: 'Bearer',
        expires_at: now + 30 * 86400,
        scope: 'mcp',
        issuer: new URL(url).origin,
        client_id: 'bench-client',
        obtained_at: now,
      },
    },
  };
  writeFileSync(join(data, 'tokens.json'), JSON.stringify(tokens, null, 2), { mode: 0o600 });
}

// What state.json remembers of the server's origin, after the first launch.
export function bridgeEra(c, url) {
  try {
    const st = JSON.parse(readFileSync(join(c.dataDir, 'state.json'), 'utf8'));
    return st.origins?.[new URL(url).origin]?.era ?? 'none';
  } catch (e) {
    return `unreadable (${e.code ?? e.message})`;
  }
}

function pythonVersion(bin) {
  try {
    const cfg = readFileSync(join(bin, '..', '..', 'pyvenv.cfg'), 'utf8');
    const v = cfg.match(/^version(?:_info)?\s*=\s*(\S+)/m)?.[1];
    return v ? `Python ${v}` : 'Python';
  } catch {
    return 'Python';
  }
}

export function cleanScratch(scratch) {
  rmSync(scratch, { recursive: true, force: true });
}

export const scratchRoot = () => os.tmpdir();
