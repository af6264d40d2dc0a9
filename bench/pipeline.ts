/**
 * npm run bench:pipeline [-- --rate 200 --seconds 30 --backlog 20000 --llm-posts 2000 --workspaces 3]
 *
 * The whole pipeline on the real NATS and Postgres (fresh namespace and database, removed at the
 * end): the sandbox in this process, scheduler, ingest-hn, ingest-reddit, intent-scorer,
 * dedup-embedder and notifier as child processes (CPU and peak RSS per service from /proc).
 *
 * 1. fixed rate: `--rate` posts/s appear on the fake Reddit and HN for `--seconds`; the
 *    firehose ingestors find them, and each alert's latency is from the post appearing on the
 *    platform to the sandbox's Slack sink receiving it (first alert of the post);
 * 2. as fast as possible: `--backlog` raw posts (scenario items matched against the monitors)
 *    are queued on posts.raw.> while the scorer and store are down, then both start and drain
 *    it: posts/s raw -> stored (signal, duplicate or below threshold);
 * 3. LLM cascade: the scorer restarted against the sandbox's OpenAI fake, `--llm-posts` more raw
 *    posts; LLM calls per 1,000 posts counted at the sandbox;
 * 4. ceiling: a bare JetStream publish -> consume round trip of the same message size;
 * 5. the books: every raw post in exactly one state; lost and duplicate alerts must be 0.
 * Last stdout line: {"posts_per_s":…,"p99_ms":…,"ceiling_posts_per_s":…,"lost":…,"duplicate_alerts":…}.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connectBus } from '@intent-radar/bus';
import { createTestDatabase } from '@intent-radar/db/testing';
import { createLogger } from '@intent-radar/logger';
import { consumers, streams } from '@intent-radar/proto-schemas';
import { Scenario, type ScenarioItem } from '@intent-radar/sandbox';
import { auditBooks, booksSummary, lostCount, publishRawPosts, rawPostOf, seedWorkspaces, type Books } from './pipeline-books.ts';
import { measureCeiling } from './pipeline-ceiling.ts';
import { infraCpuMs, machineTicks, Pipeline, waitFor } from './pipeline-harness.ts';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '30' },
    backlog: { type: 'string', default: '20000' },
    'llm-posts': { type: 'string', default: '2000' },
    workspaces: { type: 'string', default: '3' },
    /** Writes V8 CPU profiles of the scorer and the store during the drain to <service logs>/prof. */
    'cpu-prof': { type: 'boolean', default: false },
    /** Leaves the bench database in place (its name is logged) to look at afterwards. */
    'keep-db': { type: 'boolean', default: false },
    /** ingest-reddit's REDDIT_FIREHOSE_POLL_MS (its default, the budget's pace, when left out). */
    'reddit-poll-ms': { type: 'string' },
    'nats-url': { type: 'string', default: 'nats://127.0.0.1:4222' },
  },
});
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const BACKLOG = Number(args.backlog);
const LLM_POSTS = Number(args['llm-posts']);
const NATS_URL = args['nats-url'];

const log = (line: string) => process.stderr.write(`${line}\n`);
const loadAvg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
/** The key an ingestor's raw post has: Reddit ids are fullnames (t3_ posts, t1_ comments). */
const itemKey = (it: ScenarioItem) =>
  it.platform === 'reddit' ? `reddit:${it.kind === 'post' ? 't3' : 't1'}_${it.externalId}` : `${it.platform}:${it.externalId}`;

const logger = createLogger({ service: 'bench-pipeline', level: 'warn' });
const namespace = `bp${randomBytes(4).toString('hex')}`;
const logDir = mkdtempSync(path.join(tmpdir(), 'bench-pipeline-'));
log(`load before: ${loadAvg()}; namespace ${namespace}; service logs in ${logDir}`);
const db = await createTestDatabase();
const bus = await connectBus({ url: NATS_URL, name: 'bench-pipeline', logger, namespace });
await bus.provision();

const pipeline = new Pipeline({
  natsUrl: NATS_URL,
  databaseUrl: db.url,
  namespace,
  logDir,
  services: ['scheduler', 'ingest-hn', 'ingest-reddit', 'intent-scorer', 'dedup-embedder', 'notifier'],
  // Reddit's real budget is 100 requests/min; the bench keeps it (two firehose listings a second fit).
  serviceEnv: {
    notifier: { NOTIFIER_POLL_MS: '250' },
    ...(args['reddit-poll-ms'] ? { 'ingest-reddit': { REDDIT_FIREHOSE_POLL_MS: args['reddit-poll-ms'] } } : {}),
  },
});

/** Polls the books until every raw post is accounted for and every owed alert delivered. */
async function settle(what: string, expectRaw: number, timeoutMs: number): Promise<Books> {
  let books: Books | undefined;
  const started = Date.now();
  // The ingestors' matcher is the judge of what becomes a raw post: when the raw count stops
  // moving for 15 s short of `expectRaw`, the books are closed on what arrived.
  let lastRaw = -1;
  let stableSince = Date.now();
  try {
    await waitFor(
      what,
      async () => {
        books = await auditBooks(bus, db.pool, pipeline.sandbox, seed);
        if (books.raw !== lastRaw) {
          lastRaw = books.raw;
          stableSince = Date.now();
        }
        const arrived = books.raw >= expectRaw || Date.now() - stableSince > 15_000;
        return arrived && lostCount(books) === 0 && books.alertsDelivered >= books.alertsExpected;
      },
      timeoutMs,
      1_000,
    );
  } catch (err) {
    log(`${(err as Error).message}: ${JSON.stringify(books ? booksSummary(books) : {})}`);
  }
  log(`${what}: settled in ${Date.now() - started} ms`);
  return books ?? (await auditBooks(bus, db.pool, pipeline.sandbox, seed));
}

/** Posts stored so far (a full count: read it outside the measured drain, see there). */
async function storedPosts(): Promise<number> {
  return Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM posts')).rows[0]?.n);
}

/** Per 10 s from `start`: Reddit requests by kind, and the p50/p99 of Reddit posts emitted then. */
function redditTimeline(start: number, firstAlertAt: Map<string, number>, emittedAt: Map<string, number>) {
  const kindOf = (path: string) => (path.startsWith('/api/info') ? 'info' : path.startsWith('/api/v1/access_token') ? 'token' : path.includes('search') ? 'search' : path.startsWith('/r/') ? 'listing' : 'other');
  const buckets = new Map<number, { requests: Record<string, number>; latencies: number[] }>();
  const bucket = (at: number) => {
    const b = Math.floor((at - start) / 10_000);
    let v = buckets.get(b);
    if (!v) buckets.set(b, (v = { requests: {}, latencies: [] }));
    return v;
  };
  for (const r of pipeline.redditRequests) if (r.at >= start - 10_000) bucket(r.at).requests[kindOf(r.path)] = (bucket(r.at).requests[kindOf(r.path)] ?? 0) + 1;
  for (const [k, at] of firstAlertAt) {
    const emitted = emittedAt.get(k);
    if (emitted !== undefined && k.startsWith('reddit:')) bucket(emitted).latencies.push(at - emitted);
  }
  return [...buckets]
    .sort(([a], [b]) => a - b)
    .map(([b, v]) => {
      v.latencies.sort((x, y) => x - y);
      return { from_s: b * 10, ...v.requests, alerts: v.latencies.length, p50_ms: percentile(v.latencies, 50), p99_ms: percentile(v.latencies, 99) };
    });
}

let seed!: Awaited<ReturnType<typeof seedWorkspaces>>;
let exitCode = 0;
try {
  await pipeline.startSandbox();
  seed = await seedWorkspaces(db.pool, pipeline.sandbox, Number(args.workspaces));
  const scenario = pipeline.sandbox.scenario;
  await pipeline.startServices();
  log(`services up; load ${loadAvg()}`);

  // Warm-up: buyers until one alert arrives (firehose jobs handed out, caches and pools warm).
  let clock = Date.now();
  const tick = () => {
    const now = Date.now();
    scenario.advance(now - clock);
    clock = now;
  };
  await waitFor(
    'the first alert (warm-up)',
    () => {
      tick();
      scenario.emit(1, { platform: 'hackernews', category: 'buying_intent' });
      scenario.emit(1, { platform: 'reddit', category: 'buying_intent' });
      return pipeline.sandbox.sinks.slack.length > 0;
    },
    180_000,
    500,
  );
  const warm = await settle('warm-up', 1, 60_000);
  log(`warm: ${JSON.stringify(booksSummary(warm))}`);

  // 1. Fixed rate through the ingestors.
  const emittedAt = new Map<string, number>();
  const matchedKeys = new Set<string>();
  const rateStart = Date.now();
  const loadDuringRate: string[] = [];
  for (let i = 1; i <= (SECONDS * 1000) / 50; i++) {
    const due = rateStart + i * 50;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    tick();
    const owed = Math.round(((Date.now() - rateStart) * RATE) / 1000) - emittedAt.size;
    const reddit = Math.round(owed * 0.6);
    const at = Date.now();
    const items = [...scenario.emit(reddit, { platform: 'reddit' }), ...scenario.emit(owed - reddit, { platform: 'hackernews' })];
    for (const it of items) {
      if (it.platform !== 'reddit' && it.platform !== 'hackernews') continue;
      emittedAt.set(itemKey(it), at);
      if (rawPostOf(it, seed.matcher)) matchedKeys.add(itemKey(it));
    }
    if (i % 100 === 0) loadDuringRate.push(loadAvg());
  }
  const emitSeconds = (Date.now() - rateStart) / 1000;
  log(`emitted ${emittedAt.size} posts in ${emitSeconds.toFixed(1)} s (${matchedKeys.size} match a monitor)`);
  const afterRate = await settle('fixed-rate run', warm.raw + matchedKeys.size, 300_000);
  const notRaw = [...matchedKeys].filter((k) => !afterRate.rawKeys.has(k));
  if (notRaw.length > 0) log(`${notRaw.length} emitted posts the bench's matcher matches never became raw posts, e.g. ${notRaw.slice(0, 5).join(', ')}`);
  const latencies: number[] = [];
  // Per platform too: Reddit's firehose is bounded by its 100 requests/min budget (two listings
  // per step, so a step every ~1.2 s), HN's Firebase walk by the poll interval only.
  const byPlatform = new Map<string, number[]>();
  for (const [k, at] of afterRate.firstAlertAt) {
    const emitted = emittedAt.get(k);
    if (emitted === undefined) continue;
    latencies.push(at - emitted);
    const platform = k.slice(0, k.indexOf(':'));
    byPlatform.set(platform, [...(byPlatform.get(platform) ?? []), at - emitted]);
  }
  latencies.sort((a, b) => a - b);
  const platformLatency = Object.fromEntries(
    [...byPlatform].map(([platform, xs]) => {
      xs.sort((a, b) => a - b);
      return [platform, { alerted_posts: xs.length, p50_ms: percentile(xs, 50), p95_ms: percentile(xs, 95), p99_ms: percentile(xs, 99) }];
    }),
  );
  const rateResult = {
    rate: RATE,
    emitted: emittedAt.size,
    matched: matchedKeys.size,
    alerted_posts: latencies.length,
    p50_ms: percentile(latencies, 50),
    p95_ms: percentile(latencies, 95),
    p99_ms: percentile(latencies, 99),
    max_ms: latencies.at(-1) ?? NaN,
    by_platform: platformLatency,
  };
  log(`fixed rate: ${JSON.stringify(rateResult)}; books ${JSON.stringify(booksSummary(afterRate))}`);
  log(`Reddit by 10 s of the fixed-rate run: ${JSON.stringify(redditTimeline(rateStart, afterRate.firstAlertAt, emittedAt))}`);
  writeFileSync(path.join(logDir, 'latency.json'), JSON.stringify({ rateStart, items: [...afterRate.firstAlertAt].flatMap(([k, at]) => (emittedAt.has(k) ? [[k, emittedAt.get(k)! - rateStart, at - emittedAt.get(k)!]] : [])), requests: pipeline.redditRequests.map((r) => [r.at - rateStart, r.path.slice(0, 60)]) }));

  // 2. As fast as possible: a backlog queued while the scorer and the store are down.
  const backlogScenario = new Scenario({ seed: 7, ratePerSec: 0, backlog: 0, maxItemsPerPlatform: BACKLOG + 1000 });
  const backlog = [];
  while (backlog.length < BACKLOG) {
    for (const it of backlogScenario.emit(1000)) {
      const post = rawPostOf({ ...it, externalId: `b${it.externalId}` }, seed.matcher);
      if (post && backlog.length < BACKLOG) backlog.push(post);
    }
  }
  const rawBytes = Math.round(backlog.reduce((n, p) => n + JSON.stringify(p).length, 0) / backlog.length) + 300;
  await pipeline.kill('intent-scorer', 'SIGTERM');
  await pipeline.kill('dedup-embedder', 'SIGTERM');
  const published = Date.now();
  await publishRawPosts(bus, backlog);
  log(`backlog: ${backlog.length} raw posts queued in ${Date.now() - published} ms (avg envelope ~${rawBytes} B)`);
  const storedBefore = await storedPosts();
  const profArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.join(logDir, 'prof')}`] : [];
  await Promise.all([pipeline.startService('intent-scorer', {}, profArgs), pipeline.startService('dedup-embedder', {}, profArgs)]);
  // CPU per post counts from here: the steady state, not the two processes' start-up (loading and
  // transpiling the code was ~1.5 s of CPU each, 0.07 ms per post of a 20k drain).
  const cpuBefore = new Map(pipeline.serviceUsage().map((u) => [u.service, u.cpuMs]));
  const infraBefore = infraCpuMs();
  const machineBefore = machineTicks();
  const benchCpuBefore = process.cpuUsage();
  const storedAtReady = (await storedPosts()) - storedBefore;
  const drainStart = Date.now();
  // Progress from the two consumers' JetStream state (one cheap request each), not count(*) over
  // posts: at 60k rows a count(*) cost ~40 ms of Postgres CPU, four times a second, taken from
  // the pipeline it measures. The store acks a scored post once it is committed, so both consumers
  // with nothing pending and nothing unacked means every post is stored; count(*) confirms it once.
  const postsStream = bus.namespace.stream(streams.posts);
  const consumerState = async (durable: string) => {
    const info = await bus.jsm.consumers.info(postsStream, durable);
    return { idle: info.num_pending === 0 && info.num_ack_pending === 0, acked: info.ack_floor.consumer_seq };
  };
  const storeAckedAtStart = (await consumerState(consumers.dedupEmbedder)).acked;
  let firstStoredAt = 0;
  let drainedAt = 0;
  let stored = 0;
  await waitFor(
    'the backlog to drain',
    async () => {
      const [scorer, store] = await Promise.all([consumerState(consumers.intentScorer), consumerState(consumers.dedupEmbedder)]);
      if (!firstStoredAt && store.acked > storeAckedAtStart) firstStoredAt = Date.now();
      if (!(scorer.idle && store.idle)) return false;
      const at = Date.now();
      stored = (await storedPosts()) - storedBefore;
      if (stored >= backlog.length) drainedAt = at;
      return stored >= backlog.length;
    },
    1_800_000,
    100,
  ).catch((err: Error) => log(err.message));
  if (!drainedAt) stored = (await storedPosts()) - storedBefore;
  const drainEnd = drainedAt || Date.now();
  // A drain cut short by the timeout is measured on what was stored by then, not on the backlog.
  const drained = Math.min(stored, backlog.length);
  const postsPerSec = Math.round(drained / ((drainEnd - (firstStoredAt || drainStart)) / 1000));
  const infraAfter = infraCpuMs();
  const machineAfter = machineTicks();
  const benchCpu = process.cpuUsage(benchCpuBefore);
  // Whether the drain was CPU bound: the share of both cores busy (any process) while it ran.
  const machineBusy = Math.round((100 * (machineAfter.busy - machineBefore.busy)) / Math.max(1, machineAfter.total - machineBefore.total));
  const perPost = (ms: number) => +(ms / Math.max(1, drained - storedAtReady)).toFixed(3);
  const drainCpu = [
    ...pipeline.serviceUsage().map((u) => ({ service: u.service, cpuMsPerPost: perPost(u.cpuMs - (cpuBefore.get(u.service) ?? 0)) })),
    { service: 'postgres', cpuMsPerPost: perPost(infraAfter.postgres - infraBefore.postgres) },
    { service: 'nats-server', cpuMsPerPost: perPost(infraAfter.nats - infraBefore.nats) },
    { service: 'bench+sandbox', cpuMsPerPost: perPost((benchCpu.user + benchCpu.system) / 1000) },
  ];
  log(
    `backlog ${drainedAt ? 'drained' : `NOT drained in time (${drained} of ${backlog.length} stored)`}: ${postsPerSec} posts/s raw -> stored (${((drainEnd - drainStart) / 1000).toFixed(1)} s from ready); CPU ms/post ${JSON.stringify(drainCpu)}; machine ${machineBusy}% busy; load ${loadAvg()}`,
  );

  // 3. LLM cascade on against the sandbox's OpenAI fake.
  let llmPer1000 = 0;
  if (LLM_POSTS > 0) {
    await pipeline.kill('intent-scorer', 'SIGTERM');
    await pipeline.startService('intent-scorer', { LLM_BASE_URL: `${pipeline.sandbox.url}/openai/v1`, LLM_API_KEY: 'sandbox', LLM_MAX_USD_PER_HOUR: '1000', LLM_MAX_USD_PER_DAY: '1000' });
    const llmScenario = new Scenario({ seed: 11, ratePerSec: 0, backlog: 0 });
    const llmPosts = [];
    while (llmPosts.length < LLM_POSTS)
      for (const it of llmScenario.emit(200)) {
        const post = rawPostOf({ ...it, externalId: `l${it.externalId}` }, seed.matcher);
        if (post && llmPosts.length < LLM_POSTS) llmPosts.push(post);
      }
    const callsBefore = pipeline.requests.get('openai') ?? 0;
    const before = await storedPosts();
    await publishRawPosts(bus, llmPosts);
    await waitFor(
      'the LLM batch to be stored',
      async () => (await storedPosts()) - before >= llmPosts.length,
      900_000,
      500,
    ).catch((err: Error) => log(err.message));
    llmPer1000 = Math.round((((pipeline.requests.get('openai') ?? 0) - callsBefore) * 1000) / llmPosts.length);
    log(`LLM cascade: ${llmPer1000} calls per 1,000 posts (${llmPosts.length} posts)`);
  }

  // 4. The ceiling, same message size, same server, same moment.
  const ceiling = await measureCeiling(bus, Math.min(Math.max(BACKLOG, 5_000), 20_000), rawBytes);
  log(`ceiling: bare JetStream publish -> consume ${ceiling.msgsPerSec} msgs/s at ${ceiling.bytes} B; pipeline/ceiling = ${(postsPerSec / ceiling.msgsPerSec).toFixed(3)}`);

  // 5. The books.
  const books = await settle('final books', afterRate.raw + backlog.length + LLM_POSTS, 600_000);
  const usage = pipeline.serviceUsage();
  const self = process.resourceUsage();
  log(`books: ${JSON.stringify(booksSummary(books))}`);
  if (books.lostKeys.length > 0) log(`lost (first 20): ${books.lostKeys.slice(0, 20).join(', ')}`);
  // restarts = stopped on purpose (the backlog and LLM phases restart the scorer and the store); crashes = exits nobody asked for.
  log('service         | CPU s  | peak RSS MB | restarts | crashes');
  for (const u of usage) log(`${u.service.padEnd(15)} | ${(u.cpuMs / 1000).toFixed(1).padStart(6)} | ${String(u.peakRssMb).padStart(11)} | ${String(u.restarts).padStart(8)} | ${u.crashes}`);
  log(`bench+sandbox   | ${((self.userCPUTime + self.systemCPUTime) / 1e6).toFixed(1).padStart(6)} | ${String(Math.round(self.maxRSS / 1024)).padStart(11)} |        0 | 0`);
  log(`load after: ${loadAvg()}; during the fixed-rate run: ${loadDuringRate.join(' | ')}`);
  log(`sandbox requests: ${JSON.stringify(Object.fromEntries(pipeline.requests))}`);
  const lost = lostCount(books);
  if (lost > 0 || books.duplicateAlerts > 0 || usage.some((u) => u.crashes > 0)) exitCode = 1;
  process.stdout.write(
    `${JSON.stringify({
      posts_per_s: postsPerSec,
      p50_ms: rateResult.p50_ms,
      p95_ms: rateResult.p95_ms,
      p99_ms: rateResult.p99_ms,
      rate: RATE,
      backlog: backlog.length,
      ceiling_posts_per_s: ceiling.msgsPerSec,
      ceiling_ratio: +(postsPerSec / ceiling.msgsPerSec).toFixed(3),
      drain_cpu_ms_per_post: Object.fromEntries(drainCpu.map((d) => [d.service, d.cpuMsPerPost])),
      drain_machine_busy_pct: machineBusy,
      llm_calls_per_1000: llmPer1000,
      raw: books.raw,
      states: books.states,
      lost,
      duplicate_alerts: books.duplicateAlerts,
      alerts_missing: books.alertsExpected - books.alertsDelivered,
      service_usage: usage,
      load: loadAvg(),
    })}\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ posts_per_s: postsPerSec, p99_ms: rateResult.p99_ms, ceiling_posts_per_s: ceiling.msgsPerSec, lost, duplicate_alerts: books.duplicateAlerts })}\n`,
  );
} catch (err) {
  log(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  exitCode = 1;
} finally {
  await pipeline.stop().catch((err: unknown) => log(`stop: ${String(err)}`));
  await bus.destroyNamespace().catch(() => undefined);
  await bus.close();
  if (args['keep-db']) log(`kept database: ${db.url}`);
  else await db.drop();
}
process.exit(exitCode);
