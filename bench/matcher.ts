/**
 * Matcher benchmark (issue 4): text throughput and per-post latency of the all-monitors matcher at
 * 1k, 10k and 100k monitors, against a naive per-monitor regex scan and the `ahocorasick` npm
 * package, plus rebuild time at 100k. Run: `npm run bench:matcher`. The last stdout line is JSON.
 *
 * Every figure is measured twice: wall clock and process CPU time (`process.cpuUsage`, user+system).
 * The dev machine is shared and usually saturated (load average 20-40 on 2 cores), so wall time
 * mostly measures the scheduler; CPU time measures the work. The final JSON line reports the CPU
 * figures (mb_per_s, naive_mb_per_s, ahocorasick_mb_per_s, rebuild_ms, p99_ms); the per-size lines
 * carry both (`*_wall` / `*_cpu`).
 */
import os from 'node:os';
import AhoCorasick from 'ahocorasick';
import type { QueryNode } from '@intent-radar/query';
import { MatcherHost, buildMatcher, compileMatcherTables, parseQuery } from '@intent-radar/query';
import type { BenchPost } from './matcher-corpus.ts';
import { monitorQueries, posts } from './matcher-corpus.ts';

const SIZES = [1_000, 10_000, 100_000];
const RUNS = 5;
const LATENCY_RUNS = 3;
const POSTS = 3_000;
/** Slow baselines are timed on as many posts as fit in this budget. */
const BASELINE_BUDGET_MS = 4_000;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const percentile = (xs: Float64Array, p: number): number => {
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
};
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
/** Process CPU time (user + system) in milliseconds. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const corpus = posts(POSTS);
const bytesOf = (p: BenchPost): number => Buffer.byteLength(p.title ?? '') + Buffer.byteLength(p.content);
const corpusBytes = corpus.reduce((s, p) => s + bytesOf(p), 0);

type SizeResult = {
  monitors: number;
  /** CPU-time throughput (median of RUNS passes). */
  mb_per_s: number;
  mb_per_s_wall: number;
  posts_per_s: number;
  /** 99th percentile of per-post CPU time. */
  p99_ms: number;
  p99_ms_wall: number;
  matches_per_post: number;
  build_ms: number;
  build_ms_wall: number;
  naive_mb_per_s: number;
  naive_mb_per_s_wall: number;
  ahocorasick_mb_per_s: number;
  ahocorasick_mb_per_s_wall: number;
  ahocorasick_build_ms: number;
};

function benchOurs(
  monitors: { id: string; query: string }[],
): Omit<SizeResult, `naive_${string}` | `ahocorasick_${string}`> {
  const c0 = cpuMs();
  const t0 = performance.now();
  const matcher = buildMatcher(monitors);
  const buildMs = performance.now() - t0;
  const buildCpuMs = cpuMs() - c0;
  let matches = 0;
  for (const p of corpus) matches += matcher.match(p).length; // warm-up (JIT)
  const mbps: number[] = [];
  const mbpsWall: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const startCpu = cpuMs();
    for (let i = 0; i < corpus.length; i++) matcher.match(corpus[i]!);
    mbps.push(corpusBytes / 1e6 / ((cpuMs() - startCpu) / 1000));
    mbpsWall.push(corpusBytes / 1e6 / ((performance.now() - start) / 1000));
  }
  // latency in separate passes: two clock reads per post would skew the throughput figures
  const latencies = new Float64Array(POSTS * LATENCY_RUNS);
  const cpuLatencies = new Float64Array(POSTS * LATENCY_RUNS);
  for (let run = 0; run < LATENCY_RUNS; run++) {
    for (let i = 0; i < corpus.length; i++) {
      const s = performance.now();
      const c = cpuMs();
      matcher.match(corpus[i]!);
      cpuLatencies[run * POSTS + i] = cpuMs() - c;
      latencies[run * POSTS + i] = performance.now() - s;
    }
  }
  const mb = median(mbps);
  return {
    monitors: monitors.length,
    mb_per_s: round(mb),
    mb_per_s_wall: round(median(mbpsWall)),
    posts_per_s: Math.round((mb * 1e6 * POSTS) / corpusBytes),
    p99_ms: round(percentile(cpuLatencies, 0.99), 3),
    p99_ms_wall: round(percentile(latencies, 0.99), 3),
    matches_per_post: round(matches / POSTS),
    build_ms: Math.round(buildCpuMs),
    build_ms_wall: Math.round(buildMs),
  };
}

/** The obvious implementation: one Unicode-aware regex per word, every monitor evaluated on every post. */
function benchNaive(monitors: { id: string; query: string }[]): Throughput {
  const W = '[\\p{L}\\p{N}\\p{M}]';
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const compile = (n: QueryNode): ((text: string, title: string, p: BenchPost) => boolean) => {
    switch (n.kind) {
      case 'term':
      case 'phrase':
      case 'prefix': {
        const body =
          n.kind === 'term'
            ? esc(n.word)
            : n.kind === 'phrase'
              ? n.words.map(esc).join(`[^\\p{L}\\p{N}\\p{M}]+`)
              : esc(n.prefix);
        const re = new RegExp(`(?<!${W})${body}${n.kind === 'prefix' ? '' : `(?!${W})`}`, 'u');
        return n.scope === 'title' ? (_t, title) => re.test(title) : (text) => re.test(text);
      }
      case 'filter':
        return (_t, _title, p) =>
          n.field === 'site'
            ? p.site === n.value
            : n.field === 'type'
              ? p.kind === n.value
              : n.field === 'lang'
                ? p.lang === n.value
                : p.author === n.value;
      case 'not': {
        const c = compile(n.child);
        return (t, title, p) => !c(t, title, p);
      }
      case 'and': {
        const cs = n.children.map(compile);
        return (t, title, p) => cs.every((c) => c(t, title, p));
      }
      case 'or': {
        const cs = n.children.map(compile);
        return (t, title, p) => cs.some((c) => c(t, title, p));
      }
    }
  };
  const evaluators = monitors.map((m) => compile(parseQuery(m.query)));
  return timeBudgeted((p) => {
    const title = (p.title ?? '').toLowerCase();
    const text = `${title}\n${p.content.toLowerCase()}`;
    let n = 0;
    for (const ev of evaluators) if (ev(text, title, p)) n++;
    return n;
  });
}

/** The `ahocorasick` package as the scan stage: lower-cased text, every distinct word/phrase, whole-word filter of its hits. */
function benchAhoCorasickPackage(monitors: { id: string; query: string }[]): {
  mbps: Throughput;
  buildMs: number;
} {
  const words = new Set<string>();
  const collect = (n: QueryNode): void => {
    if (n.kind === 'term') words.add(n.word);
    else if (n.kind === 'phrase') words.add(n.words.join(' '));
    else if (n.kind === 'prefix') words.add(n.prefix);
    else if (n.kind === 'not') collect(n.child);
    else if (n.kind === 'and' || n.kind === 'or') n.children.forEach(collect);
  };
  for (const m of monitors) collect(parseQuery(m.query));
  const c0 = cpuMs();
  const ac = new AhoCorasick([...words]);
  const buildMs = cpuMs() - c0;
  const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}\p{M}]/u.test(c);
  const mbps = timeBudgeted((p) => {
    const text = `${p.title ?? ''}\n${p.content}`.toLowerCase();
    let n = 0;
    for (const [end, found] of ac.search(text)) {
      for (const w of found) if (!isWord(text[end - w.length]) && !isWord(text[end + 1])) n++;
    }
    return n;
  });
  return { mbps, buildMs };
}

type Throughput = { cpu: number; wall: number };

function timeBudgeted(matchOne: (p: BenchPost) => number): Throughput {
  const warmUntil = performance.now() + BASELINE_BUDGET_MS / 4;
  for (let i = 0; i < 50 && performance.now() < warmUntil; i++) matchOne(corpus[i]!); // warm-up (JIT)
  const start = performance.now();
  const startCpu = cpuMs();
  let bytes = 0;
  let i = 0;
  let sink = 0;
  while (i < corpus.length && performance.now() - start < BASELINE_BUDGET_MS) {
    const p = corpus[i++]!;
    sink += matchOne(p);
    bytes += bytesOf(p);
  }
  if (sink < 0) console.log(sink);
  return {
    cpu: bytes / 1e6 / ((cpuMs() - startCpu) / 1000),
    wall: bytes / 1e6 / ((performance.now() - start) / 1000),
  };
}

async function main(): Promise<void> {
  // other work on the machine skews every figure: record it next to the results
  console.log(
    `machine: ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `corpus: ${POSTS} posts, ${(corpusBytes / 1e6).toFixed(2)} MB; ${RUNS} timed runs per size (medians)`,
  );
  const results: SizeResult[] = [];
  let largest: { id: string; query: string }[] = [];
  for (const size of SIZES) {
    const monitors = monitorQueries(size);
    largest = monitors;
    const ours = benchOurs(monitors);
    const naive = benchNaive(monitors);
    const pkg = benchAhoCorasickPackage(monitors);
    const r: SizeResult = {
      ...ours,
      naive_mb_per_s: round(naive.cpu, 4),
      naive_mb_per_s_wall: round(naive.wall, 4),
      ahocorasick_mb_per_s: round(pkg.mbps.cpu),
      ahocorasick_mb_per_s_wall: round(pkg.mbps.wall),
      ahocorasick_build_ms: Math.round(pkg.buildMs),
    };
    results.push(r);
    console.log(JSON.stringify(r));
  }

  const rebuilds: number[] = [];
  const rebuildsWall: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const c0 = cpuMs();
    compileMatcherTables(largest);
    rebuilds.push(cpuMs() - c0);
    rebuildsWall.push(performance.now() - t0);
  }
  const host = new MatcherHost();
  await host.update(monitorQueries(10)); // start the worker
  const t0 = performance.now();
  await host.update(largest);
  const workerRebuildMs = performance.now() - t0;
  await host.close();
  console.log(
    JSON.stringify({
      rebuild_ms_cpu_runs: rebuilds.map(Math.round),
      rebuild_ms_wall_runs: rebuildsWall.map(Math.round),
      worker_rebuild_ms_wall: Math.round(workerRebuildMs),
    }),
  );

  const big = results[results.length - 1]!;
  const small = results[0]!;
  console.log(
    `1k/100k throughput ratio: ${(small.mb_per_s / big.mb_per_s).toFixed(2)}x CPU, ${(small.mb_per_s_wall / big.mb_per_s_wall).toFixed(2)}x wall; load average now ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    JSON.stringify({
      monitors: big.monitors,
      mb_per_s: big.mb_per_s,
      naive_mb_per_s: big.naive_mb_per_s,
      ahocorasick_mb_per_s: big.ahocorasick_mb_per_s,
      rebuild_ms: Math.round(median(rebuilds)),
      p99_ms: big.p99_ms,
    }),
  );
}

await main();
