// Which npm platform a binary is for, read from its header without running it (the release
// job packages every platform's binary on Linux): ELF (Linux; x86-64 or aarch64, and which
// libc its interpreter names), Mach-O (macOS; only a universal file with both arm64 and
// x86_64 slices is accepted, since one package and one bundle serve both kinds of Mac), PE
// (Windows; x64 or arm64).

import { closeSync, openSync, readSync } from 'node:fs';

/** The platforms the npm packages and bundles exist for: npm name → os, cpu, executable name. */
export const PLATFORMS = {
  'darwin-universal': { os: 'darwin', cpu: ['arm64', 'x64'], exe: 'mcp-bridge' },
  'linux-x64': { os: 'linux', cpu: ['x64'], exe: 'mcp-bridge' },
  'linux-arm64': { os: 'linux', cpu: ['arm64'], exe: 'mcp-bridge' },
  'win32-x64': { os: 'win32', cpu: ['x64'], exe: 'mcp-bridge.exe' },
  'win32-arm64': { os: 'win32', cpu: ['arm64'], exe: 'mcp-bridge.exe' },
};

const ELF_MACHINES = { 0x3e: 'x64', 0xb7: 'arm64' };
const PE_MACHINES = { 0x8664: 'x64', 0xaa64: 'arm64' };
const MACHO_CPUS = { 0x01000007: 'x64', 0x0100000c: 'arm64' };

function reader(file) {
  const fd = openSync(file, 'r');
  return {
    at(offset, length) {
      const buf = Buffer.alloc(length);
      const n = readSync(fd, buf, 0, length, offset);
      return buf.subarray(0, n);
    },
    close: () => closeSync(fd),
  };
}

/**
 * `{ platform, libc }` for the binary at `file` (libc: 'glibc', 'musl' or null for a static
 * or non-Linux binary). Throws with a message saying what the file is when it is not one of
 * the PLATFORMS.
 */
export function binaryPlatform(file) {
  const r = reader(file);
  try {
    return classify(r);
  } finally {
    r.close();
  }
}

function classify(r) {
  const head = r.at(0, 64);
  if (head.length < 16) throw new Error('too short to be an executable');
  if (head.readUInt32BE(0) === 0x7f454c46) return elf(r, head);
  if (head[0] === 0x4d && head[1] === 0x5a) return pe(r, head);
  const magic = head.readUInt32BE(0);
  if (magic === 0xcafebabe || magic === 0xcafebabf) return fatMachO(r, magic === 0xcafebabf);
  if (magic === 0xcffaedfe || magic === 0xcefaedfe) {
    const cpu = MACHO_CPUS[head.readUInt32LE(4)] ?? `cpu type 0x${head.readUInt32LE(4).toString(16)}`;
    throw new Error(
      `a single-architecture Mach-O binary (${cpu}): the macOS package holds a universal binary ` +
        '(lipo -create -output mcp-bridge <arm64 binary> <x86_64 binary>)',
    );
  }
  throw new Error('not an ELF, Mach-O or PE executable');
}

function elf(r, head) {
  if (head[4] !== 2 || head[5] !== 1) throw new Error('an ELF file that is not 64-bit little-endian');
  const osabi = head[7];
  if (osabi !== 0 && osabi !== 3) throw new Error(`an ELF binary for another system (OS ABI ${osabi})`);
  const machine = head.readUInt16LE(18);
  const cpu = ELF_MACHINES[machine];
  if (!cpu) throw new Error(`a Linux binary for an unsupported CPU (ELF machine 0x${machine.toString(16)})`);
  // The program headers: PT_INTERP names the dynamic loader, hence the libc.
  const phoff = Number(head.readBigUInt64LE(32));
  const phentsize = head.readUInt16LE(54);
  const phnum = head.readUInt16LE(56);
  let libc = null;
  for (let i = 0; i < phnum; i++) {
    const ph = r.at(phoff + i * phentsize, phentsize);
    if (ph.length < 40 || ph.readUInt32LE(0) !== 3) continue;
    const offset = Number(ph.readBigUInt64LE(8));
    const size = Number(ph.readBigUInt64LE(32));
    const interp = r.at(offset, Math.min(size, 4096)).toString('latin1');
    libc = interp.includes('musl') ? 'musl' : 'glibc';
  }
  return { platform: `linux-${cpu}`, libc };
}

function pe(r, head) {
  const lfanew = head.readUInt32LE(0x3c);
  const nt = r.at(lfanew, 6);
  if (nt.length < 6 || nt.readUInt32BE(0) !== 0x50450000) throw new Error('an MZ file without a PE header');
  const machine = nt.readUInt16LE(4);
  const cpu = PE_MACHINES[machine];
  if (!cpu) throw new Error(`a Windows binary for an unsupported CPU (PE machine 0x${machine.toString(16)})`);
  return { platform: `win32-${cpu}`, libc: null };
}

function fatMachO(r, is64) {
  const n = r.at(4, 4).readUInt32BE(0);
  // A Java class file shares the magic; its "count" is a class-file version (45 or more).
  if (n === 0 || n > 20) throw new Error('not a Mach-O universal binary (a Java class file?)');
  const size = is64 ? 32 : 20;
  const cpus = new Set();
  for (let i = 0; i < n; i++) {
    const entry = r.at(8 + i * size, 4);
    const type = entry.readUInt32BE(0);
    cpus.add(MACHO_CPUS[type] ?? `0x${type.toString(16)}`);
  }
  if (!cpus.has('arm64') || !cpus.has('x64')) {
    throw new Error(`a universal Mach-O binary without both arm64 and x86_64 slices (has ${[...cpus].join(', ')})`);
  }
  return { platform: 'darwin-universal', libc: null };
}
