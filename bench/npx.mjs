// What the npm route costs at launch, and how big the packages are (normally run by
// bench/npx.sh, which builds the release binary first):
//
//   node bench/npx.mjs --bridge PATH [--runs 10]
//
// Packages PATH with scripts/package.mjs, publishes both npm packages to a throw-away verdaccio
// on 127.0.0.1, warms a throw-away npm cache (mcp-bridge from verdaccio; mcp-remote 0.15.1 once
// from the npm registry, through npm), then measures, in interleaved rounds, launch → the
// answer to `initialize` against bench/server.mjs on 127.0.0.1 for:
//   the raw binary; the npm launcher run by node; `npx -y mcp-bridge@V` (asking the local
//   registry, as npx does on every launch); the same with --offline; mcp-remote run by
//   node; `npx -y mcp-remote@0.15.1 --offline` (its registry is not local);
// and `--version` (start and exit, no network) for the binary, the launcher and npx.
// Prints a Markdown section for BENCHMARKS.md.

import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

import { packageBinary } from '../scripts/package.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const BRIDGE = resolve(arg('--bridge', process.env.MCP_BRIDGE_BIN ?? ''));
const RUNS = Number(arg('--runs', 10));
const MCP_REMOTE = '0.15.1';
const run = promisify(execFile);
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function waitForLine(proc, re, what, ms = 15_000) {
  return new Promise((res, rej) => {
    let buf = '';
    const t = setTimeout(() => rej(new Error(`timed out: ${what}`)), ms);
    proc.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(re);
      if (m) {
        clearTimeout(t);
        res(m);
      }
    });
    proc.once('exit', (c) => rej(new Error(`${what}: exited with ${c}`)));
  });
}

async function stop(proc) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const done = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await Promise.race([done, sleep(3_000)]);
  if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
}

const INIT = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench-host', version: '1' } },
})}\n`;

/** Launch → the initialize answer on stdout (ms); then stdin is closed and the process ended. */
async function launchToInit(command, args, env) {
  const t0 = nowMs();
  const proc = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const answered = waitForLine(proc, /"id":1[,}]/, `${command} ${args.join(' ')}`);
  proc.stdin.write(INIT);
  try {
    await answered;
  } catch (e) {
    throw new Error(`${e.message}\n${stderr.slice(-2000)}`);
  }
  const ms = nowMs() - t0;
  proc.stdin.end();
  const exited = new Promise((r) => proc.once('exit', r));
  if (!(await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]))) await stop(proc);
  return ms;
}

async function timed(command, args, env) {
  const t0 = nowMs();
  await run(command, args, { env });
  return nowMs() - t0;
}

function treeSize(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? treeSize(p) : statSync(p).size;
  }
  return total;
}

async function unpackedSize(file, work) {
  const dir = mkdtempSync(join(work, 'unpacked-'));
  if (file.endsWith('.tgz')) await run('tar', ['-xzf', file, '-C', dir]);
  else await run(join(REPO, 'npm', 'tools', 'node_modules', '.bin', 'mcpb'), ['unpack', file, dir]);
  const size = treeSize(dir);
  rmSync(dir, { recursive: true, force: true });
  return size;
}

async function startRegistry(work) {
  const port = await new Promise((res) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });
  const dir = join(work, 'registry');
  mkdirSync(dir);
  writeFileSync(join(dir, 'config.yaml'), [
    `storage: ${dir}/storage`,
    `auth: { htpasswd: { file: ${dir}/htpasswd } }`,
    'uplinks: {}',
    'packages: { "**": { access: $all, publish: $anonymous $all } }',
    `listen: 127.0.0.1:${port}`,
    'max_body_size: 500mb',
    'log: { type: stdout, format: pretty, level: error }',
  ].join('\n'));
  const proc = spawn(join(REPO, 'tests', 'dist', 'node_modules', '.bin', 'verdaccio'), ['--config', join(dir, 'config.yaml')], {
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/-/ping`);
      return { proc, url: `http://127.0.0.1:${port}/` };
    } catch {
      await sleep(50);
    }
  }
  await stop(proc);
  throw new Error('verdaccio did not start');
}

async function main() {
  const work = mkdtempSync(join(os.tmpdir(), 'mcp-bridge-npx-bench-'));
  const procs = [];
  try {
    const pkg = await packageBinary(BRIDGE, join(work, 'out'));
    const [mainTgz, platTgz, ...bundles] = pkg.written;
    const spec = `mcp-bridge@${pkg.version}`;

    const registry = await startRegistry(work);
    procs.push(registry.proc);
    const npmrc = join(work, 'npmrc');
    writeFileSync(npmrc, `//${registry.url.slice('http://'.length)}:_authToken=anonymous\n`);
    const npmEnv = {
      ...process.env,
      npm_config_registry: registry.url,
      npm_config_cache: join(work, 'npm-cache'),
      npm_config_userconfig: npmrc,
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    };
    for (const tgz of [platTgz, mainTgz]) await run('npm', ['publish', tgz], { env: npmEnv, cwd: work });

    // Warm the cache: mcp-bridge from verdaccio, mcp-remote from the npm registry (once).
    await run('npx', ['-y', spec, '--version'], { env: npmEnv, cwd: work });
    const remoteEnv = { ...npmEnv, npm_config_registry: 'https://registry.npmjs.org/' };
    await run('npx', ['-y', `mcp-remote@${MCP_REMOTE}`, '--version'], { env: remoteEnv, cwd: work });
    // npm's cache keys a packument by its registry URL: each package is run offline against
    // the registry it was cached from.
    const offline = { ...npmEnv, npm_config_offline: 'true' };
    const remoteOffline = { ...remoteEnv, npm_config_offline: 'true' };
    const npxDir = join(npmEnv.npm_config_cache, '_npx');
    const launcher = readdirSync(npxDir)
      .map((d) => join(npxDir, d, 'node_modules', 'mcp-bridge', 'bin', 'mcp-bridge.js'))
      .find((p) => { try { return statSync(p).isFile(); } catch { return false; } });
    const mcpRemoteJs = join(REPO, 'tests', 'interop', 'node_modules', 'mcp-remote', 'dist', 'proxy.js');

    const server = spawn(process.execPath, [join(HERE, 'server.mjs'), '--port', '0', '--big-bytes', '1024'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    procs.push(server);
    const url = (await waitForLine(server, /listening (http:\/\/127\.0\.0\.1:\d+\/mcp)/, 'bench server'))[1];

    const launches = [
      ['mcp-bridge binary', BRIDGE, ['proxy', url], process.env],
      ['node launcher → binary', process.execPath, [launcher, 'proxy', url], process.env],
      [`npx -y ${spec} (local registry)`, 'npx', ['-y', spec, 'proxy', url], npmEnv],
      [`npx -y ${spec} --offline`, 'npx', ['-y', spec, 'proxy', url], offline],
      [`node mcp-remote ${MCP_REMOTE} (no npx)`, process.execPath, [mcpRemoteJs, url], process.env],
      [`npx -y mcp-remote@${MCP_REMOTE} --offline`, 'npx', ['-y', `mcp-remote@${MCP_REMOTE}`, url], remoteOffline],
    ];
    const versions = [
      ['node -e 0 (node starting, nothing else)', process.execPath, ['-e', '0'], process.env],
      ['mcp-bridge binary', BRIDGE, ['--version'], process.env],
      ['node launcher → binary', process.execPath, [launcher, '--version'], process.env],
      [`npx -y ${spec} (local registry)`, 'npx', ['-y', spec, '--version'], npmEnv],
      [`npx -y ${spec} --offline`, 'npx', ['-y', spec, '--version'], offline],
    ];
    const results = new Map();
    const add = (key, ms) => results.set(key, [...(results.get(key) ?? []), ms]);
    for (const [name, cmd, args, env] of launches) await launchToInit(cmd, args, { ...env }); // warm-up
    for (let round = 0; round < RUNS; round++) {
      const order = round % 2 ? [...launches].reverse() : launches;
      for (const [name, cmd, args, env] of order) add(`init:${name}`, await launchToInit(cmd, args, { ...env }));
      for (const [name, cmd, args, env] of versions) add(`version:${name}`, await timed(cmd, args, { ...env }));
    }

    const f = (x) => x.toFixed(1);
    const mb = (b) => (b < 1e6 ? `${(b / 1e3).toFixed(1)} kB` : `${(b / 1e6).toFixed(2)} MB`);
    const rows = [];
    rows.push(`| launch | → \`initialize\` answer, median of ${RUNS} (ms) | min / max (ms) | \`--version\`, median of ${RUNS} (ms) |`);
    rows.push('| --- | ---: | ---: | ---: |');
    for (const [name] of [...versions.slice(0, 1), ...launches]) {
      const xs = results.get(`init:${name}`);
      const v = results.get(`version:${name}`);
      const init = xs ? `${f(median(xs))} | ${f(Math.min(...xs))} / ${f(Math.max(...xs))}` : ' | ';
      rows.push(`| ${name} | ${init} | ${v ? f(median(v)) : ''} |`);
    }
    const init = (n) => median(results.get(`init:${n}`));
    const ver = (n) => median(results.get(`version:${n}`));
    const sizes = ['| file | size | unpacked |', '| --- | ---: | ---: |'];
    for (const file of [mainTgz, platTgz, ...bundles]) {
      sizes.push(`| \`${file.split('/').pop()}\` | ${mb(statSync(file).size)} | ${mb(await unpackedSize(file, work))} |`);
    }
    const { stdout: commit } = await run('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD']);
    const cpus = os.cpus();
    const md = `## npm route: npx, the launcher, package sizes

Produced by:

\`\`\`sh
bench/npx.sh
\`\`\`

- when: ${new Date().toISOString()}; commit ${commit.trim()}
- machine: ${os.type()} ${os.release()} ${os.arch()}, ${cpus[0]?.model.trim()} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM
- node ${process.version}, npm ${(await run('npm', ['--version'])).stdout.trim()}; mcp-bridge ${pkg.version} release build (\`${BRIDGE}\`), packaged by \`scripts/package.sh\`
- registry: verdaccio 6.8.0 on 127.0.0.1 (no uplinks), throw-away npm cache warmed by one \`npx\` run first; mcp-remote ${MCP_REMOTE} fetched into the same cache once from the npm registry, so its npx rows use \`--offline\` (its packument not asked for again), as does the second mcp-bridge npx row
- server: \`bench/server.mjs\` on 127.0.0.1; each launch writes \`initialize\` at once and times until its answer arrives on stdout; ${RUNS} interleaved rounds (order alternating) after one warm-up launch each

${rows.join('\n')}

- the launcher's cost (node starting \`bin/mcp-bridge.js\`, which starts the binary): ${f(init('node launcher → binary') - init('mcp-bridge binary'))} ms to \`initialize\`, ${f(ver('node launcher → binary') - ver('mcp-bridge binary'))} ms on \`--version\`, of which node's own start (\`node -e 0\`) is ${f(ver('node -e 0 (node starting, nothing else)'))} ms
- npx on top of the launcher (npm's own start, its check of the cached install, the registry question): ${f(init(`npx -y ${spec} (local registry)`) - init('node launcher → binary'))} ms; without the registry question (\`--offline\`): ${f(init(`npx -y ${spec} --offline`) - init('node launcher → binary'))} ms
- mcp-bridge through npx vs mcp-remote through npx (both \`--offline\`): ${f(init(`npx -y mcp-remote@${MCP_REMOTE} --offline`) / init(`npx -y ${spec} --offline`))}× faster to \`initialize\`

Package and bundle sizes (the ${pkg.platform} release build):

${sizes.join('\n')}
`;
    process.stdout.write(md);
  } finally {
    for (const p of procs) await stop(p);
    rmSync(work, { recursive: true, force: true });
  }
}

if (!BRIDGE || BRIDGE === resolve('')) {
  console.error('usage: node bench/npx.mjs --bridge PATH (or MCP_BRIDGE_BIN)');
  process.exit(2);
}
main().catch((e) => {
  console.error(e.stack ?? String(e));
  process.exit(1);
});
