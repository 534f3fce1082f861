// The benchmark's report: one table for every client, the targets, and the figures measured
// elsewhere that this machine cannot reproduce. It replaces the top section of BENCHMARKS.md
// (everything above END_MARK) and leaves the sections written by other tests alone.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { relative } from 'node:path';

import { median } from './host.mjs';

export const END_MARK = '<!-- bench/run.sh writes everything above this line -->';

// The figures of a 200-call quick run on another machine, for the peer no registry here has.
const ELSEWHERE = {
  label: 'mcp-remote-go',
  rows: [
    ['launch → first `initialize` answer (ms)', '4.3'],
    ['RSS after `initialize` + `tools/list` (MB)', '5.8'],
    ['peak RSS after the run (MB)', '10.4'],
    ['added latency p50 / p99 (ms)', '0.28 / 3.6'],
  ],
};

// What the pinned peers do that explains their figures (seen in the server's request log).
const PEER_NOTES = `About the peers (the pinned versions):

- fastmcp-remote answers \`initialize\` itself, then opens a new session upstream for every
  later request: a \`server/discover\` probe, \`initialize\`, \`notifications/initialized\`,
  a GET, the request, a DELETE. That is what its per-call time is made of. Two requests sent
  without waiting for the first answer were both answered "Connection closed" in a manual
  check; the harness sends one at a time.
- mcp-proxy logs the headers of every upstream request on stderr at its default level (INFO);
  the harness reads and discards stderr.
- hyper-mcp-remote first probes the server with a GET and, seeing no authorization challenge,
  goes on without OAuth.`;

const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const mb = (kb) => (Number.isFinite(kb) ? (kb / 1024).toFixed(1) : 'n/a');

export function report({ cfg, cs, results, load }) {
  const directs = [
    ['fetch', 'direct: fetch'],
    ['http', 'direct: node:http'],
    ['raw', 'direct: raw socket'],
  ];
  const R = results;
  const ok = (k) => R[k] && !R[k].error;
  const minOf = (p) => Math.min(...directs.map(([k]) => R[k].steady?.[p] ?? Infinity));
  const base = { p50: minOf('p50'), p99: minOf('p99') };
  const cell = (k, f) => {
    const v = R[k];
    if (!v) return '';
    try {
      const s = f(v);
      return s === undefined ? '' : s;
    } catch {
      return v.error ? '—' : 'n/a';
    }
  };
  const launch = (v) => median(v.launch);
  const added = (v, p) => v.steady[p] - base[p];
  const growth = (v, at) => (v.big[at].hwmKb - v.big.before.hwmKb) * 1024;
  const payload = cfg.bigBytes;
  const MiB = `${(payload / 1048576).toFixed(0)} MiB`;
  const proxyRow = (title, f) => [title, ...directs.map(() => ''), ...cs.map((c) => cell(c.key, f))];
  const allRow = (title, f) => [title, ...directs.map(([k]) => cell(k, f)), ...cs.map((c) => cell(c.key, f))];
  const bigRow = (title, f) => allRow(title, (v) => (v.big ? f(v) : (v.bigError ? 'failed¹' : '—')));
  const totalCalls = (v) => v.steady.totalCalls;

  const rows = [
    ['metric', ...directs.map(([, l]) => l), ...cs.map((c) => c.label)],
    ['---', ...directs.map(() => '---:'), ...cs.map(() => '---:')],
    proxyRow(`launch → first \`initialize\` answer, median of ${cfg.runs} (ms)`, (v) => fmt(launch(v), 1)),
    proxyRow('launch → `initialize`, min / max (ms)', (v) => `${fmt(Math.min(...v.launch), 1)} / ${fmt(Math.max(...v.launch), 1)}`),
    allRow(`\`tools/call\` round trip p50 (ms, ${cfg.requests} calls)`, (v) => fmt(v.steady.p50, 3)),
    allRow('`tools/call` round trip p99 (ms)', (v) => fmt(v.steady.p99, 3)),
    proxyRow('added latency vs the fastest direct client, p50 (ms)', (v) => fmt(added(v, 'p50'), 3)),
    proxyRow('added latency vs the fastest direct client, p99 (ms)', (v) => fmt(added(v, 'p99'), 3)),
    allRow(`throughput, sequential \`tools/call\` for ${cfg.throughputSeconds} s (req/s)`, (v) => fmt(v.steady.rps, 0)),
    proxyRow('RSS after `initialize` + `tools/list` (MB)', (v) => mb(v.idle.rssKb)),
    proxyRow('… of which private (RssAnon; the rest is file pages: code, shared libraries) (MB)', (v) => mb(v.idle.anonKb)),
    proxyRow(`peak RSS (VmHWM) after ${cfg.warmup} + ${cfg.requests} calls (MB)`, (v) => mb(v.peakAfterCalls.hwmKb)),
    proxyRow('peak RSS (VmHWM) at the end of the run (MB)', (v) => mb(v.peakEnd.hwmKb)),
    proxyRow('calls in the run (warm-up + latency + throughput)', (v) => String(totalCalls(v))),
  ];
  if (cfg.bigRuns > 0) {
    rows.push(
      bigRow(`${MiB} tool result: time, median of ${cfg.bigRuns} (ms)`, (v) => fmt(v.big.ms, 1)),
      [`${MiB} tool result: peak RSS before → after the first → after ${cfg.bigRuns} (MB)`, ...directs.map(() => ''),
        ...cs.map((c) => cell(c.key, (v) => (v.big ? `${mb(v.big.before.hwmKb)} → ${mb(v.big.first.hwmKb)} → ${mb(v.big.after.hwmKb)}` : (v.bigError ? 'failed¹' : '—'))))],
      [`${MiB} tool result: peak RSS growth / payload, first call`, ...directs.map(() => ''),
        ...cs.map((c) => cell(c.key, (v) => (v.big ? `${fmt(growth(v, 'first') / payload, 2)}×` : (v.bigError ? 'failed¹' : '—'))))],
    );
  }
  const table = rows.map((cells) => `| ${cells.join(' | ')} |`).join('\n');

  const failures = cs
    .filter((c) => R[c.key].error || R[c.key].bigError)
    .map((c) => {
      const v = R[c.key];
      const parts = [];
      if (v.error) parts.push(v.error);
      if (v.bigError) parts.push(`¹ large result: ${v.bigError}`);
      return `- **${c.label}**: ${parts.join('; ').replace(/\|/g, '\\|')}`;
    });

  // Targets: the bridge on its own, then against mcp-remote.
  const B = R.bridge;
  const M = R['mcp-remote'];
  const pass = (x) => (x === null ? 'n/a' : x ? '**pass**' : '**FAIL**');
  const judge = (f) => {
    try {
      return f();
    } catch {
      return ['n/a', null];
    }
  };
  const targets = [
    ['launch → `initialize` ≤ 4 ms (cached era and credential)', judge(() => [`${fmt(launch(B), 1)} ms`, launch(B) <= 4])],
    ['RSS after `initialize` + `tools/list` ≤ 5 MB', judge(() => [`${mb(B.idle.rssKb)} MB`, B.idle.rssKb <= 5 * 1024])],
    ['peak RSS ≤ 8 MB after 2,000 calls', cfg.requests >= 2000
      ? judge(() => [`${mb(B.peakAfterCalls.hwmKb)} MB after ${cfg.warmup + cfg.requests} calls`, B.peakAfterCalls.hwmKb <= 8 * 1024])
      : [`${mb(B.peakAfterCalls?.hwmKb)} MB after ${cfg.warmup + cfg.requests} calls (judged on a 2,000-call run)`, null]],
    ['added latency p50 ≤ 0.25 ms', judge(() => [`${fmt(added(B, 'p50'), 3)} ms`, added(B, 'p50') <= 0.25])],
    ['launch → `initialize` ≥ 20× faster than mcp-remote', judge(() => [`${fmt(launch(M) / launch(B), 1)}×`, launch(M) / launch(B) >= 20])],
    ['peak RSS ≤ 1/10 of mcp-remote\'s (end of the run)', judge(() => [`${mb(B.peakEnd.hwmKb)} MB vs ${mb(M.peakEnd.hwmKb)} MB (1/${fmt(M.peakEnd.hwmKb / B.peakEnd.hwmKb, 1)})`, B.peakEnd.hwmKb * 10 <= M.peakEnd.hwmKb])],
  ];
  if (cfg.bigRuns > 0) {
    targets.push([`${MiB} result: peak RSS growth (first call) ≤ ~2× payload`,
      judge(() => [`${fmt(growth(B, 'first') / payload, 2)}× (${fmt(growth(B, 'first') / 1048576, 1)} MiB)`, growth(B, 'first') <= 2 * payload])]);
  }
  const targetTable = [
    '| target | measured | result |',
    '| --- | ---: | :---: |',
    ...targets.map(([t, [m, x]]) => `| ${t} | ${m} | ${pass(x)} |`),
  ].join('\n');

  const elsewhere = [
    `| metric (200-call quick run, another machine) | ${ELSEWHERE.label} |`,
    '| --- | ---: |',
    ...ELSEWHERE.rows.map(([m, v]) => `| ${m} | ${v} |`),
  ].join('\n');

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const loadText = (l) => l.map((x) => x.toFixed(2)).join(' / ');
  const command = process.env.BENCH_COMMAND ?? `node bench/bench.mjs ${process.argv.slice(2).join(' ')}`;
  const who = cs.map((c) => {
    if (c.error) return `- ${c.label}: not measured (see below)`;
    const commit = c.key === 'bridge' && process.env.BENCH_BRIDGE_COMMIT ? ` (commit ${process.env.BENCH_BRIDGE_COMMIT})` : '';
    return `- ${c.label}: \`${c.command}\`; ${c.runtime}; \`${c.where}\`${commit}`;
  });

  const md = `# mcp-bridge and the peer bridges: benchmark results

Produced by:

\`\`\`sh
${command}
\`\`\`

- when: ${new Date().toISOString()}
- machine: ${os.type()} ${os.release()} ${os.arch()}, ${cpu} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM; **shared with other builds and tests** (load average 1 / 5 / 15 min: ${loadText(load[0])} at the start, ${loadText(load[1])} at the end), so absolute times are noisier than on an idle machine; every client ran under the same load
- node ${process.version} (the host side, the direct clients, the server, and mcp-remote)
${who.join('\n')}
- mcp-bridge's cached state: era remembered for the server's origin after the first launch: \`${R.bridge.era}\`; credential: a token set in its file store (\`tokens.json\`)
- server: \`bench/server.mjs\` on 127.0.0.1 (Streamable HTTP, JSON responses, sessions); the same server process for every measurement
- every proxy is driven over stdio by a minimal newline-delimited JSON-RPC host (\`bench/bench.mjs\`); latency is measured at that host, so the proxy columns include the host's pipe I/O
- "direct" POSTs the same JSON-RPC straight to the server with node's \`fetch\` (undici, keep-alive pool), with \`node:http\` and a keep-alive agent, and as hand-written HTTP/1.1 on one kept-alive socket (about the server's own round trip); added latency = proxy percentile − the lowest of the three direct percentiles
- launch: a fresh process per run, timed from spawn to the \`initialize\` answer on its stdout; one untimed launch of each first (warm page cache)
- latency and throughput: all clients stay open and take turns in ${cfg.rounds} interleaved rounds (order alternating), so load drift hits them alike; ${cfg.warmup} warm-up calls each, then ${cfg.requests} timed calls, then sequential calls for ${cfg.throughputSeconds} s each (${fmt(cfg.throughputSeconds / cfg.rounds, 1)} s per round); every call is a sequential \`tools/call\` of \`echo\`
- RSS is \`VmRSS\` (private part: \`RssAnon\`), peak RSS \`VmHWM\`, from \`/proc/<pid>/status\` of the proxy process (the process the host starts; none of these proxies starts a child for the remote side)${cfg.bigRuns > 0 ? `
- the large result is measured in a fresh process per proxy: \`VmHWM\` after \`initialize\` and 50 small calls, then after the first and after ${cfg.bigRuns} calls returning ${payload} bytes of text each (one at a time)` : ''}

${table}
${failures.length ? `\nNot measured, or failed:\n\n${failures.join('\n')}\n` : ''}
${PEER_NOTES}

### Measured elsewhere

mcp-remote-go is in none of the package registries this machine reaches, so it is not run
here. Its figures from a 200-call quick run on another machine, with the same kind of harness,
stay as the anchor (the same run measured mcp-bridge at 13.0 ms, 12.8 MB, 13.2 MB and
0.22 / 0.89 ms):

${elsewhere}

## Targets

${targetTable}

Where mcp-bridge's start-up time and memory go, and what would bring them to these targets:
[bench/STARTUP.md](bench/STARTUP.md).

${END_MARK}
`;
  let rest = '';
  if (existsSync(cfg.out)) {
    const old = readFileSync(cfg.out, 'utf8');
    const i = old.indexOf(END_MARK);
    if (i >= 0) {
      rest = old.slice(i + END_MARK.length).replace(/^\n+/, '');
    } else {
      // The first section that this harness does not write.
      const m = old.match(/^## (?!Targets\b)/m);
      rest = m ? old.slice(m.index) : '';
    }
  }
  writeFileSync(cfg.out, rest ? `${md}\n${rest}` : md);
  process.stdout.write(`${md}\nwritten to ${relative(process.cwd(), cfg.out)}\n`);
}
