// Package one platform's mcp-bridge binary for users (run through scripts/package.sh):
//
//   node scripts/package.mjs BINARY OUTDIR
//
// writes into OUTDIR
//   mcp-bridge-<version>.tgz                     the npm package `mcp-bridge` (the launcher)
//   mcp-bridge-<platform>-<version>.tgz          the npm package `@mcp-bridge/<platform>`
//   mcp-bridge-<version>-<platform>.mcpb         the Claude Desktop extension for a remote server
//   mcp-bridge-meraki-<version>-<platform>.mcpb  the Claude Desktop extension for `serve meraki`
//
// The platform is read from BINARY's header (scripts/binary-platform.mjs), or taken from
// MCP_BRIDGE_PACKAGE_PLATFORM (darwin-universal, linux-x64, linux-arm64, win32-x64,
// win32-arm64). The version is Cargo.toml's. The templates are npm/mcp-bridge/,
// npm/platform/ and mcpb/*/manifest.json; the versioned package.json files and manifests are
// made here, in a temporary directory. mcpb comes from npm/tools (pinned, with a lockfile).

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { PLATFORMS, binaryPlatform } from './binary-platform.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MCPB = join(REPO, 'npm', 'tools', 'node_modules', '.bin', process.platform === 'win32' ? 'mcpb.cmd' : 'mcpb');

/** The crate's version, from the [package] table of Cargo.toml. */
export function cargoVersion(text = readFileSync(join(REPO, 'Cargo.toml'), 'utf8')) {
  const pkg = text.split(/^\[/m).find((t) => t.startsWith('package]'));
  const m = pkg?.match(/^version\s*=\s*"([^"]+)"/m);
  if (!m) throw new Error('no version in the [package] table of Cargo.toml');
  return m[1];
}

const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
const writeJson = (p, v) => writeFileSync(p, `${JSON.stringify(v, null, 2)}\n`);

/** The main package's package.json: the template with the version and every platform package. */
export function mainManifest(template, version) {
  const platforms = readJson(join(REPO, 'npm', 'mcp-bridge', 'platforms.json'));
  const deps = {};
  for (const pkg of [...new Set(Object.values(platforms))].sort()) deps[pkg] = version;
  for (const name of Object.keys(PLATFORMS)) {
    if (!deps[`@mcp-bridge/${name}`]) throw new Error(`platforms.json lacks @mcp-bridge/${name}`);
  }
  return { ...template, version, optionalDependencies: deps };
}

/** A platform package's package.json. */
export function platformManifest(template, platform, version, libc) {
  const { os: osName, cpu } = PLATFORMS[platform];
  const m = {
    ...template,
    name: `@mcp-bridge/${platform}`,
    version,
    description: template.description.replaceAll('PLATFORM', platform),
    os: [osName],
    cpu,
  };
  // npm skips a package whose `libc` does not match (a glibc binary on Alpine), so the
  // launcher can say why instead of failing to load it.
  if (libc) m.libc = [libc];
  return m;
}

/** A bundle manifest for `platform`: the version, this platform's file and OS. */
export function bundleManifest(template, platform, version) {
  const { os: osName, exe } = PLATFORMS[platform];
  return {
    ...template,
    version,
    server: { ...template.server, entry_point: `server/${exe}` },
    compatibility: { ...template.compatibility, platforms: [osName] },
  };
}

async function npmPack(dir, outDir) {
  const { stdout } = await promisify(execFile)('npm', ['pack', '--json', '--pack-destination', outDir], {
    cwd: dir,
    encoding: 'utf8',
  });
  return join(outDir, JSON.parse(stdout)[0].filename);
}

async function mcpbPack(dir, file) {
  rmSync(file, { force: true });
  await promisify(execFile)(MCPB, ['pack', dir, file]);
  if (!existsSync(file)) throw new Error(`mcpb pack wrote no ${file}`);
  return file;
}

export async function packageBinary(binary, outDir) {
  const version = cargoVersion();
  let platform = process.env.MCP_BRIDGE_PACKAGE_PLATFORM;
  let libc = null;
  if (platform) {
    if (!PLATFORMS[platform]) {
      throw new Error(`MCP_BRIDGE_PACKAGE_PLATFORM=${platform} is not one of ${Object.keys(PLATFORMS).join(', ')}`);
    }
  } else {
    try {
      ({ platform, libc } = binaryPlatform(binary));
    } catch (e) {
      throw new Error(`${binary}: ${e.message} (MCP_BRIDGE_PACKAGE_PLATFORM names the platform instead)`);
    }
  }
  if (!existsSync(MCPB)) throw new Error(`${MCPB} is missing: run \`npm ci --prefix npm/tools\``);
  const { exe } = PLATFORMS[platform];
  mkdirSync(outDir, { recursive: true });
  const stage = mkdtempSync(join(os.tmpdir(), 'mcp-bridge-package-'));
  try {
    // npm: the launcher package.
    const main = join(stage, 'main');
    cpSync(join(REPO, 'npm', 'mcp-bridge'), main, { recursive: true });
    writeJson(join(main, 'package.json'), mainManifest(readJson(join(main, 'package.json')), version));
    chmodSync(join(main, 'bin', 'mcp-bridge.js'), 0o755);
    const mainReadme = join(main, 'README.md');
    writeFileSync(mainReadme, readFileSync(mainReadme, 'utf8').replaceAll('mcp-bridge@VERSION', `mcp-bridge@${version}`));

    // npm: this platform's binary.
    const plat = join(stage, 'platform');
    mkdirSync(join(plat, 'bin'), { recursive: true });
    const template = readJson(join(REPO, 'npm', 'platform', 'package.json'));
    writeJson(join(plat, 'package.json'), platformManifest(template, platform, version, libc));
    const readme = readFileSync(join(REPO, 'npm', 'platform', 'README.md'), 'utf8');
    writeFileSync(join(plat, 'README.md'), readme.replaceAll('PLATFORM', platform).replaceAll('BINARY', exe));
    copyFileSync(binary, join(plat, 'bin', exe));
    chmodSync(join(plat, 'bin', exe), 0o755);

    // Claude Desktop extensions.
    const bundles = [];
    for (const [dir, name] of [['mcp-bridge', 'mcp-bridge'], ['meraki', 'mcp-bridge-meraki']]) {
      const b = join(stage, `bundle-${dir}`);
      mkdirSync(join(b, 'server'), { recursive: true });
      const manifest = bundleManifest(readJson(join(REPO, 'mcpb', dir, 'manifest.json')), platform, version);
      writeJson(join(b, 'manifest.json'), manifest);
      copyFileSync(binary, join(b, 'server', exe));
      chmodSync(join(b, 'server', exe), 0o755);
      bundles.push([b, join(outDir, `${name}-${version}-${platform}.mcpb`)]);
    }

    // Compressing the binary three times takes a while: side by side.
    const written = await Promise.all([
      npmPack(main, outDir),
      npmPack(plat, outDir),
      ...bundles.map(([dir, file]) => mcpbPack(dir, file)),
    ]);
    return { version, platform, libc, written };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [binary, outDir] = process.argv.slice(2);
  if (!binary || !outDir) {
    console.error('usage: node scripts/package.mjs BINARY OUTDIR');
    process.exit(2);
  }
  try {
    const { version, platform, libc, written } = await packageBinary(resolve(binary), resolve(outDir));
    console.error(`mcp-bridge ${version} for ${platform}${libc ? ` (${libc})` : ''}:`);
    for (const f of written) console.log(f);
  } catch (e) {
    console.error(`package: ${e.message}`);
    process.exit(1);
  }
}
