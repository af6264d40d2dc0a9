/**
 * Firehose ingest benchmark: the sandbox streams posts and comments live (wall clock) at
 * `--rate` items/s for Reddit + HN together, 10k monitors sit in the `monitors` KV bucket, and
 * ingest-hn (Firebase maxitem walk) + ingest-reddit (snoowrap, /r/all/new + /r/all/comments) run
 * their firehoses in this one process. Measures items walked per second and the lag from the
 * sandbox creating an item to its raw post arriving on posts.raw.
 * Usage: npm run bench:ingest [-- --rate 500 --monitors 10000 --seconds 30]
 * Final stdout line: {"monitors":…,"items_per_s":…,"lag_p99_ms":…}
 */
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { createLogger } from '@intent-radar/logger';
import { ingestMetrics } from '@intent-radar/ingest-kit';
import { collectRawPosts, openIngestTestBus, publishJob, putMonitors } from '@intent-radar/ingest-kit/testing';
import { queryKey } from '@intent-radar/query';
import { buildSandbox } from '@intent-radar/sandbox';
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

const logger = createLogger({ service: 'bench-ingest', level: 'warn' });
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

async function main(): Promise<void> {
  const sandbox = buildSandbox({ logger, port: 0, smtpPort: 0, seed: 42, ratePerSec: SCENARIO_RATE, backlog: 0, clock: 'live', reddit: { rateLimit: 1_000_000, rateWindowMs: 60_000 } });
  await sandbox.start();
  const t = await openIngestTestBus('bench-ingest');
  const records = monitorQueries(MONITORS).map((q) => ({
    id: randomUUID(),
    workspaceId: randomUUID(),
    query: q,
    queryKey: queryKey(q),
    platforms: ['reddit', 'hackernews'] as ('reddit' | 'hackernews')[],
    updatedAt: new Date().toISOString(),
  }));
  await putMonitors(t.bus, records);
  const raw = await collectRawPosts(t.bus, 'hackernews');
  const rawReddit = await collectRawPosts(t.bus, 'reddit');

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
  // Warm-up: let both firehoses place their cursors and catch up.
  await new Promise((r) => setTimeout(r, 5_000));
  const startSeen = await seen();
  const startEvents = raw.events.length + rawReddit.events.length;
  const startAt = Date.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const elapsed = (Date.now() - startAt) / 1000;
  const walked = (await seen()) - startSeen;
  const generated = sandbox.scenario.items('reddit').length + sandbox.scenario.items('hackernews').length;

  // Lag: bus arrival (stream timestamp ~ ack) minus the platform's creation time, for events in the window.
  const lags: number[] = [];
  for (const e of [...raw.events, ...rawReddit.events].slice(startEvents)) lags.push(Date.parse(e.occurredAt) - Date.parse(e.data.createdAt));
  lags.sort((a, b) => a - b);
  const p = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? NaN;

  await hn.stop();
  await reddit.stop();
  raw.stop();
  rawReddit.stop();
  await t.destroy();
  await sandbox.stop();

  console.log(`sandbox rate ${SCENARIO_RATE}/s all platforms (${RATE}/s Reddit+HN); generated Reddit+HN ${generated}; matcher build+start ${buildMs} ms`);
  console.log(`walked ${walked} items in ${elapsed.toFixed(1)} s; published ${lags.length}; lag p50 ${p(0.5)} ms p95 ${p(0.95)} ms p99 ${p(0.99)} ms`);
  console.log(JSON.stringify({ monitors: MONITORS, items_per_s: Math.round(walked / elapsed), lag_p99_ms: Math.round(p(0.99)) }));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
