// scripts/binary-platform.mjs reads a binary's platform from its header: hand-made ELF, PE and
// Mach-O headers, the real debug build, and files it must refuse; plus the packaging's
// version and manifest makers.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { REPO_ROOT } from '../interop/harness.mjs';
import { binaryPlatform } from '../../scripts/binary-platform.mjs';
import { bundleManifest, cargoVersion, mainManifest, platformManifest } from '../../scripts/package.mjs';
import { tempDir } from './dist.mjs';

function file(name, buf) {
  const p = join(tempDir('hdr'), name);
  writeFileSync(p, buf);
  return p;
}

/** A 64-bit little-endian ELF executable header for `machine`, with PT_INTERP `interp`. */
function elf(machine, interp, osabi = 0) {
  const b = Buffer.alloc(512);
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = 2; // 64-bit
  b[5] = 1; // little-endian
  b[6] = 1;
  b[7] = osabi;
  b.writeUInt16LE(2, 16); // ET_EXEC
  b.writeUInt16LE(machine, 18);
  b.writeBigUInt64LE(64n, 32); // e_phoff
  b.writeUInt16LE(56, 54); // e_phentsize
  b.writeUInt16LE(interp ? 2 : 1, 56); // e_phnum
  b.writeUInt32LE(6, 64); // PT_PHDR
  if (interp) {
    const ph = 64 + 56;
    b.writeUInt32LE(3, ph); // PT_INTERP
    b.writeBigUInt64LE(300n, ph + 8);
    b.writeBigUInt64LE(BigInt(interp.length + 1), ph + 32);
    b.write(interp, 300, 'latin1');
  }
  return b;
}

function pe(machine) {
  const b = Buffer.alloc(256);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.writeUInt32BE(0x50450000, 0x80);
  b.writeUInt16LE(machine, 0x84);
  return b;
}

function fat(cpus, is64 = false) {
  const size = is64 ? 32 : 20;
  const b = Buffer.alloc(8 + cpus.length * size + 16);
  b.writeUInt32BE(is64 ? 0xcafebabf : 0xcafebabe, 0);
  b.writeUInt32BE(cpus.length, 4);
  cpus.forEach((cpu, i) => b.writeUInt32BE(cpu, 8 + i * size));
  return b;
}

const X86_64 = 0x01000007;
const ARM64 = 0x0100000c;

describe('binaryPlatform', () => {
  test('ELF: CPU and the libc of its interpreter', () => {
    assert.deepEqual(binaryPlatform(file('a', elf(0x3e, '/lib64/ld-linux-x86-64.so.2'))), { platform: 'linux-x64', libc: 'glibc' });
    assert.deepEqual(binaryPlatform(file('b', elf(0xb7, '/lib/ld-musl-aarch64.so.1'))), { platform: 'linux-arm64', libc: 'musl' });
    assert.deepEqual(binaryPlatform(file('c', elf(0x3e, null))), { platform: 'linux-x64', libc: null });
    assert.deepEqual(binaryPlatform(file('d', elf(0x3e, null, 3))), { platform: 'linux-x64', libc: null });
    assert.throws(() => binaryPlatform(file('e', elf(0x28, null))), /unsupported CPU/);
    assert.throws(() => binaryPlatform(file('f', elf(0x3e, null, 9))), /another system/);
  });

  test('PE: x64 and arm64', () => {
    assert.deepEqual(binaryPlatform(file('a.exe', pe(0x8664))), { platform: 'win32-x64', libc: null });
    assert.deepEqual(binaryPlatform(file('b.exe', pe(0xaa64))), { platform: 'win32-arm64', libc: null });
    assert.throws(() => binaryPlatform(file('c.exe', pe(0x14c))), /unsupported CPU/);
  });

  test('Mach-O: only a universal binary with both slices', () => {
    assert.deepEqual(binaryPlatform(file('u', fat([X86_64, ARM64]))), { platform: 'darwin-universal', libc: null });
    assert.deepEqual(binaryPlatform(file('u64', fat([ARM64, X86_64], true))), { platform: 'darwin-universal', libc: null });
    assert.throws(() => binaryPlatform(file('one', fat([ARM64]))), /without both arm64 and x86_64/);
    const thin = Buffer.alloc(64);
    thin.writeUInt32BE(0xcffaedfe, 0);
    thin.writeUInt32LE(ARM64, 4);
    assert.throws(() => binaryPlatform(file('thin', thin)), /single-architecture Mach-O binary \(arm64\).*lipo/);
    const java = Buffer.alloc(64);
    java.writeUInt32BE(0xcafebabe, 0);
    java.writeUInt32BE(0x00000041, 4);
    assert.throws(() => binaryPlatform(file('A.class', java)), /Java/);
  });

  test('other files are refused', () => {
    assert.throws(() => binaryPlatform(file('script', Buffer.from('#!/bin/sh\necho hi\n'))), /not an ELF, Mach-O or PE/);
    assert.throws(() => binaryPlatform(file('empty', Buffer.alloc(0))), /too short/);
  });

  test('the debug build of this checkout is linux-x64', { skip: process.arch !== 'x64' || process.platform !== 'linux' }, () => {
    assert.equal(binaryPlatform(process.env.MCP_BRIDGE_BIN ?? join(REPO_ROOT, 'target', 'debug', 'mcp-bridge')).platform, 'linux-x64');
  });
});

describe('packaging manifests', () => {
  test('the version is the [package] table\'s', () => {
    assert.equal(cargoVersion('[package]\nname = "x"\nversion = "1.2.3-rc.1"\n[dependencies]\nversion = "9"\n'), '1.2.3-rc.1');
    assert.equal(cargoVersion('[dependencies]\nfoo = { version = "9" }\n[package]\nversion = "0.4.0"\n'), '0.4.0');
    assert.throws(() => cargoVersion('[workspace]\nversion = "1"\n'), /no version/);
  });

  test('the launcher package depends on every platform package at its own version', () => {
    const m = mainManifest({ name: 'mcp-bridge', version: '0.0.0', optionalDependencies: {} }, '2.0.1');
    assert.equal(m.version, '2.0.1');
    assert.deepEqual(m.optionalDependencies, {
      '@mcp-bridge/darwin-universal': '2.0.1',
      '@mcp-bridge/linux-arm64': '2.0.1',
      '@mcp-bridge/linux-x64': '2.0.1',
      '@mcp-bridge/win32-arm64': '2.0.1',
      '@mcp-bridge/win32-x64': '2.0.1',
    });
  });

  test('a platform package names its os, cpu and libc', () => {
    const t = { name: '@mcp-bridge/PLATFORM', description: 'for PLATFORM', os: [], cpu: [] };
    const mac = platformManifest(t, 'darwin-universal', '2.0.1', null);
    assert.deepEqual([mac.name, mac.os, mac.cpu, mac.libc], ['@mcp-bridge/darwin-universal', ['darwin'], ['arm64', 'x64'], undefined]);
    const linux = platformManifest(t, 'linux-arm64', '2.0.1', 'glibc');
    assert.deepEqual([linux.os, linux.cpu, linux.libc, linux.description], [['linux'], ['arm64'], ['glibc'], 'for linux-arm64']);
  });

  test('a bundle names its platform\'s file and OS', () => {
    const t = { version: '0.0.0', server: { type: 'binary', entry_point: 'x' }, compatibility: { platforms: ['darwin', 'win32', 'linux'] } };
    const win = bundleManifest(t, 'win32-arm64', '2.0.1');
    assert.equal(win.server.entry_point, 'server/mcp-bridge.exe');
    assert.deepEqual(win.compatibility.platforms, ['win32']);
    assert.equal(win.version, '2.0.1');
  });
});
