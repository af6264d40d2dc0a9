/**
 * Firehose ingest benchmark: the sandbox (its own process, live clock) streams posts and comments
 * at `--rate` items/s for Reddit + HN together, 10k monitors sit in the `monitors` KV bucket, and
 * ingest-hn (Firebase maxitem walk) + ingest-reddit (snoowrap: /r/all ids through /api/info) run
 * their firehoses in this process. Measures items walked per second, the lag from the sandbox
 * creating an item (its ground truth, in ms) to the raw post being stored on posts.raw (stream
 * timestamp), this process's CPU (the ingestors) and the sandbox's CPU separately, and NATS KV
 * operations per firehose step.
 * Usage: npm run bench:ingest [-- --rate 500 --monitors 10000 --seconds 30]
 * Final stdout line: {"monitors":…,"items_per_s":…,"lag_p99_ms":…}
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Bus } from '@intent-radar/bus';
import { ingestMetrics } from '@intent-radar/ingest-kit';
import { DeliverPolicy } from '@nats-io/jetstream';
import { openIngestTestBus, publishJob, putMonitors } from '@intent-radar/ingest-kit/testing';
import { createLogger } from '@intent-radar/logger';
import { streams, subjects, type EventOf } from '@intent-radar/proto-schemas';
import { queryKey } from '@intent-radar/query';
import { buildIngestHn } from '../services/ingest-hn/src/app.ts';
import { ingestHnEnv } from '../services/ingest-hn/src/config.ts';
import { buildIngestReddit } from '../services/ingest-reddit/src/app.ts';
import { ingestRedditEnv } from '../services/ingest-reddit/src/config.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '500' },
    monitors: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '30' },
  },
});
const RATE = Number(values.rate);
const MONITORS = Number(values.monitors);
const SECONDS = Number(values.seconds);
// The scenario spreads items over all platforms (Reddit 40%, HN 20%): scale so Reddit + HN get RATE.
const SCENARIO_RATE = Math.ceil(RATE / 0.6);
const CLOCK_TICKS_PER_S = 100;

// Stopping the ingestors aborts requests in flight, each logged as a warning: only errors here.
const logger = createLogger({ service: 'bench-ingest', level: 'error' });
const REAL = ['apollo', 'zoominfo', 'hubspot', 'salesforce', 'gong', 'outreach', 'crm', 'budget', 'pricing', 'alternative', 'recommendations', 'expensive', 'renewal', 'switching', 'seats'];

function monitorQueries(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = REAL[i % REAL.length]!;
    const s = REAL[(i * 7 + 3) % REAL.length]!;
    // One in ten watches real vocabulary (they match); the rest are distinct product names.
    if (i % 10 === 0) out.push(i % 20 === 0 ? `${r} ${s}` : `"${r}" OR ${s}`);
    else out.push(`product${i} ${r} -spam${i % 97}`);
  }
  return out;
}

/** The sandbox as a child process; resolves with its URL and a way to read its CPU time. */
async function startSandbox() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/ingest-sandbox.ts'), String(SCENARIO_RATE), '42'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  const { url } = JSON.parse(first) as { url: string };
  return {
    url,
    /** User + system CPU of the sandbox process so far, ms (Linux /proc). */
    cpuMs: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
    },
    items: async (platform: string): Promise<Map<string, number>> => {
      const out = new Map<string, number>();
      for (let after = 0; ; ) {
        const res = await fetch(`${url}/_sandbox/items?platform=${platform}&afterSeq=${after}&limit=10000`);
        const { items } = (await res.json()) as { items: { seq: number; externalId: string; createdAt: string }[] };
        for (const it of items) out.set(it.externalId, Date.parse(it.createdAt));
        if (items.length < 10_000) return out;
        after = items.at(-1)!.seq;
      }
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Counts KV calls made through this bus (every ingest-kit KV access goes through bus.kv). */
function countKvOps(bus: Bus): { total: () => number } {
  let n = 0;
  const open = bus.kv.bind(bus);
  (bus as { kv: Bus['kv'] }).kv = async (bucket) => {
    const kv = await open(bucket);
    return new Proxy(kv, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function') return v;
        if (['get', 'put', 'create', 'update', 'delete', 'purge'].includes(String(prop)))
          return (...args: unknown[]) => {
            n++;
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        return (v as (...a: unknown[]) => unknown).bind(target);
      },
    });
  };
  return { total: () => n };
}

/** Raw posts stored in (fromSeq, toSeq] with their stream timestamps (arrival), read after the run. */
async function storedPosts(bus: Bus, fromSeq: number, toSeq: number): Promise<{ arrivedMs: number; event: EventOf<'post.raw.v1'> }[]> {
  const out: { arrivedMs: number; event: EventOf<'post.raw.v1'> }[] = [];
  if (toSeq <= fromSeq) return out;
  const consumer = await bus.js.consumers.get(bus.namespace.stream(streams.posts), {
    // One wildcard filter (a single string becomes filter_subject: NATS 2.9 has no filter_subjects).
    filter_subjects: bus.namespace.subject(subjects.postRaw('reddit')).replace(/reddit$/, '*'),
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: fromSeq + 1,
  });
  const messages = await consumer.consume();
  for await (const m of messages) {
    if (m.seq > toSeq) break;
    out.push({ arrivedMs: m.info.timestampNanos / 1e6, event: m.json<EventOf<'post.raw.v1'>>() });
    if (m.seq >= toSeq) break;
  }
  await messages.close();
  return out;
}

const percentile = (sorted: number[], q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let stopSandbox: () => Promise<void> = () => Promise.resolve();

async function main(): Promise<void> {
  const sandbox = await startSandbox();
  stopSandbox = sandbox.stop;
  const t = await openIngestTestBus('bench-ingest');
  const kvOps = countKvOps(t.bus);
  const records = monitorQueries(MONITORS).map((q) => ({
    id: randomUUID(),
    workspaceId: randomUUID(),
    query: q,
    queryKey: queryKey(q),
    platforms: ['reddit', 'hackernews'] as ('reddit' | 'hackernews')[],
    updatedAt: new Date().toISOString(),
  }));
  await putMonitors(t.bus, records);

  const hn = buildIngestHn({
    bus: t.bus,
    logger,
    config: ingestHnEnv.parse({ HN_ALGOLIA_BASE_URL: `${sandbox.url}/hn/algolia/api/v1`, HN_FIREBASE_BASE_URL: `${sandbox.url}/hn/firebase/v0`, HN_FIREHOSE_POLL_MS: '200', HN_FIREHOSE_START_BACKLOG: '0', HN_FIREHOSE_LEASE_MS: '600000', LOG_LEVEL: 'warn' }),
  });
  const reddit = buildIngestReddit({
    bus: t.bus,
    logger,
    // The sandbox has no real budget to respect; the production default is 100/min.
    config: ingestRedditEnv.parse({ REDDIT_BASE_URL: `${sandbox.url}/reddit`, REDDIT_FIREHOSE_POLL_MS: '250', REDDIT_REQUESTS_PER_MIN: '100000', REDDIT_FIREHOSE_LEASE_MS: '600000', LOG_LEVEL: 'warn' }),
  });
  const built = Date.now();
  await hn.start();
  await reddit.start();
  const buildMs = Date.now() - built;
  await publishJob(t.bus, { platform: 'hackernews', mode: 'firehose', queryKey: '*', query: '', slot: 1, reason: 'schedule' });
  await publishJob(t.bus, { platform: 'reddit', mode: 'firehose', queryKey: '*', query: '', slot: 1, reason: 'schedule' });

  const seen = async () => {
    const m = await ingestMetrics.posts.get();
    return m.values.filter((v) => v.labels.mode === 'firehose').reduce((s, v) => s + v.value, 0);
  };
  const lastSeq = async () => (await t.bus.jsm.streams.info(t.bus.namespace.stream(streams.posts))).state.last_seq;
  // Warm-up: let both firehoses place their cursors and catch up.
  await sleep(5_000);
  const before = { seen: await seen(), seq: await lastSeq(), cpu: process.cpuUsage(), sandboxCpu: sandbox.cpuMs(), kv: kvOps.total(), load: loadavg()[0]!, at: Date.now() };
  await sleep(SECONDS * 1000);
  const after = { seen: await seen(), seq: await lastSeq(), cpu: process.cpuUsage(before.cpu), sandboxCpu: sandbox.cpuMs(), kv: kvOps.total(), load: loadavg()[0]!, at: Date.now() };
  const elapsed = (after.at - before.at) / 1000;
  const walked = after.seen - before.seen;

  await hn.stop();
  await reddit.stop();
  const posts = await storedPosts(t.bus, before.seq, after.seq);
  const truth = new Map([...(await sandbox.items('reddit')), ...(await sandbox.items('hackernews'))]);
  const lags: number[] = [];
  const platformLags: number[] = [];
  for (const { arrivedMs, event } of posts) {
    // Reddit raw posts carry the fullname (t3_/t1_ + id); the sandbox's ground truth the bare id.
    const created = truth.get(event.data.platform === 'reddit' ? event.data.externalId.replace(/^t[13]_/, '') : event.data.externalId);
    if (created !== undefined) lags.push(arrivedMs - created);
    platformLags.push(arrivedMs - Date.parse(event.data.createdAt));
  }
  lags.sort((a, b) => a - b);
  platformLags.sort((a, b) => a - b);
  await t.destroy();
  await sandbox.stop();

  const cpuMs = (after.cpu.user + after.cpu.system) / 1000;
  const sandboxCpuMs = after.sandboxCpu - before.sandboxCpu;
  console.log(`load avg (1 min) ${before.load.toFixed(1)} -> ${after.load.toFixed(1)} on ${availableParallelism()} cores; sandbox rate ${SCENARIO_RATE}/s all platforms (${RATE}/s Reddit+HN); matcher build+start ${buildMs} ms`);
  console.log(`walked ${walked} items in ${elapsed.toFixed(1)} s; published ${posts.length} (${lags.length} with sandbox ground truth)`);
  console.log(`lag from sandbox creation (ms): p50 ${percentile(lags, 0.5)} p95 ${percentile(lags, 0.95)} p99 ${percentile(lags, 0.99)}; from the platform's whole-second createdAt: p50 ${percentile(platformLags, 0.5)} p99 ${percentile(platformLags, 0.99)}`);
  console.log(`CPU in the window: ingestors ${Math.round(cpuMs)} ms (${((cpuMs / 1000 / elapsed) * 100).toFixed(0)}% of a core, ${(cpuMs / Math.max(1, walked)).toFixed(2)} ms/item); sandbox ${Math.round(sandboxCpuMs)} ms (${((sandboxCpuMs / 1000 / elapsed) * 100).toFixed(0)}% of a core); NATS KV calls ${after.kv - before.kv} (${((after.kv - before.kv) / elapsed).toFixed(1)}/s)`);
  console.log(JSON.stringify({ monitors: MONITORS, items_per_s: Math.round(walked / elapsed), lag_p99_ms: percentile(lags, 0.99) }));
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    console.error(err);
    await stopSandbox();
    process.exit(1);
  },
);
