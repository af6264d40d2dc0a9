import { createLogger } from '@intent-radar/logger';
import { ingestMetrics, RateBudget } from '@intent-radar/ingest-kit';
import {
  collectRawPosts,
  connectReplica,
  duplicatesOf,
  monitorRecord,
  openIngestTestBus,
  publishJob,
  putMonitors,
  waitFor,
} from '@intent-radar/ingest-kit/testing';
import type { Bus } from '@intent-radar/bus';
import { buildSandbox, type Sandbox } from '@intent-radar/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildIngestHn } from './app.ts';
import { ingestHnEnv } from './config.ts';

const logger = createLogger({ service: 'ingest-hn-test', level: 'silent' });
let sb: Sandbox;

beforeAll(async () => {
  // The scenario clock starts a minute in the past: search windows end at the wall clock's now, so
  // items the test creates by advancing the scenario must not lie in the future.
  sb = buildSandbox({ logger, port: 0, smtpPort: 0, seed: 11, clock: 'manual', backlog: 0, startTimeMs: Date.now() - 60_000 });
  await sb.start();
});
afterAll(async () => sb.stop());
afterEach(() => sb.faults.clear());

function config(overrides: Record<string, string> = {}) {
  return ingestHnEnv.parse({
    HN_ALGOLIA_BASE_URL: `${sb.url}/hn/algolia/api/v1`,
    HN_FIREBASE_BASE_URL: `${sb.url}/hn/firebase/v0`,
    HN_FIREHOSE_POLL_MS: '20',
    HN_FIREHOSE_START_BACKLOG: '0',
    HN_FIREHOSE_BATCH: '40',
    // Injected 5xx/malformed items are re-fetched after 5, 20, 80 ms (production: 200, 800, 3200).
    HN_FIREHOSE_RETRY_BASE_MS: '5',
    ...overrides,
  });
}

/** Items the sandbox holds for HN with an id above `afterId`. */
function hnItemsAfter(afterId: number) {
  return sb.scenario.items('hackernews').filter((it) => Number(it.externalId) > afterId);
}

async function duplicateCount(): Promise<number> {
  const m = await ingestMetrics.posts.get();
  return m.values.filter((v) => v.labels.platform === 'hackernews' && v.labels.outcome === 'duplicate').reduce((s, v) => s + v.value, 0);
}

async function world() {
  const t = await openIngestTestBus('ingest-hn-test');
  // A NOT-only query matches every item: the firehose must then publish each one exactly once.
  const everything = monitorRecord('-qqqzzzxxyy', ['hackernews']);
  const apollo = monitorRecord('apollo', ['hackernews']);
  await putMonitors(t.bus, [everything, apollo]);
  const raw = await collectRawPosts(t.bus, 'hackernews');
  return { ...t, everything, apollo, raw };
}

function firstMaxItem(): number {
  const all = sb.scenario.items('hackernews');
  return Number(all[all.length - 1]?.externalId ?? 0);
}

const firehoseJob = (slot: number) => ({ platform: 'hackernews' as const, mode: 'firehose' as const, queryKey: '*', query: '', slot, reason: 'schedule' as const });

async function startIngestor(bus: Bus, overrides: Record<string, string> = {}) {
  const svc = buildIngestHn({ bus, config: config(overrides), logger, matcherWorker: false });
  await svc.start();
  return svc;
}

describe('ingest-hn', () => {
  it('search: Algolia search_by_date per query, re-checked locally, cursor advances without repeats', async () => {
    const w = await world();
    try {
      sb.scenario.emit(30, { platform: 'hackernews' });
      const svc = await startIngestor(w.bus);
      const job = { platform: 'hackernews' as const, mode: 'search' as const, queryKey: w.apollo.queryKey, query: w.apollo.query, slot: 1, reason: 'schedule' as const };
      await publishJob(w.bus, job);
      const expected = sb.scenario.items('hackernews').filter((it) => /\bapollo\b/i.test(`${it.title ?? ''} ${it.body}`));
      expect(expected.length).toBeGreaterThan(0);
      await waitFor(() => w.raw.events.length >= expected.length, 15_000, 'search results');
      for (const e of w.raw.events) {
        expect(e.data.ingestMode).toBe('search');
        expect(e.data.matches.map((m) => m.monitorId)).toContain(w.apollo.id);
        expect(e.data.content).not.toMatch(/&#x27;|&quot;|<p>/);
        expect(e.data.author.profileUrl).toMatch(/^https:\/\/news\.ycombinator\.com\/user\?id=/);
      }
      expect(new Set(w.raw.events.map((e) => e.data.externalId))).toEqual(new Set(expected.map((it) => it.externalId)));
      // Next poll: only new items come back.
      sb.scenario.advance(5_000);
      sb.scenario.emit(20, { platform: 'hackernews', category: 'buying_intent' });
      const before = await duplicateCount();
      await publishJob(w.bus, { ...job, slot: 2 });
      const expected2 = sb.scenario.items('hackernews').filter((it) => /\bapollo\b/i.test(`${it.title ?? ''} ${it.body}`));
      await waitFor(() => w.raw.events.length >= expected2.length, 15_000, 'second poll');
      await waitFor(async () => (await ingestMetrics.jobs.get()).values.some((v) => v.labels.mode === 'search' && v.labels.outcome === 'ok' && v.value >= 2), 10_000, 'second job done');
      expect(await duplicateCount()).toBe(before);
      await svc.stop();
    } finally {
      w.raw.stop();
      await w.destroy();
    }
  });

  it('firehose: walks maxitem, publishes every item once, survives a restart mid-stream and 5xx/malformed/truncated answers', async () => {
    const w = await world();
    try {
      const start = firstMaxItem();
      const a = await startIngestor(w.bus);
      // The first step only places the cursor at maxitem (no backlog).
      await publishJob(w.bus, firehoseJob(1));
      await waitFor(async () => (await (await w.bus.kv('cursors')).get('firehose.hackernews.items')) !== null, 10_000, 'cursor placed');
      sb.scenario.emit(200, { platform: 'hackernews' });
      const expected = hnItemsAfter(start);
      sb.faults.add({ api: 'hn', kind: 'server_error', ratio: 0.1, path: '/item/' });
      sb.faults.add({ api: 'hn', kind: 'malformed_json', count: 3, path: '/item/' });
      sb.faults.add({ api: 'hn', kind: 'truncated', count: 3, path: '/item/' });
      await waitFor(() => w.raw.events.length >= 60, 20_000, 'first part');
      // Restart mid-stream: the cursor in KV makes the new process continue where the old one stopped.
      await a.stop();
      const b = await startIngestor(w.bus);
      await publishJob(w.bus, firehoseJob(2));
      await waitFor(() => w.raw.events.length >= expected.length, 30_000, `all ${expected.length} items`);
      const ids = w.raw.events.map((e) => e.data.externalId);
      expect(duplicatesOf(ids)).toEqual([]);
      expect(new Set(ids)).toEqual(new Set(expected.map((it) => it.externalId)));
      expect(w.raw.events.every((e) => e.data.ingestMode === 'firehose')).toBe(true);
      const errors = (await ingestMetrics.sourceErrors.get()).values.filter((v) => v.labels.platform === 'hackernews');
      expect(errors.map((v) => v.labels.code)).toEqual(expect.arrayContaining(['SOURCE_UNAVAILABLE', 'SOURCE_MALFORMED']));
      const apolloPost = w.raw.events.find((e) => /\bapollo\b/i.test(`${e.data.title ?? ''} ${e.data.content}`));
      expect(apolloPost?.data.matches.map((m) => m.monitorId).sort()).toEqual([w.apollo.id, w.everything.id].sort());
      expect(await duplicateCount()).toBe(0);
      await b.stop();
    } finally {
      w.raw.stop();
      await w.destroy();
    }
  });

  it('429 storm: every replica pauses on Retry-After, nothing is lost; two replicas share the firehose without duplicates', async () => {
    const w = await world();
    const replicaBus = await connectReplica(w.namespace, 'ingest-hn-replica');
    try {
      const start = firstMaxItem();
      const a = await startIngestor(w.bus, { HN_FIREHOSE_START_BACKLOG: '0' });
      const b = await startIngestor(replicaBus);
      await publishJob(w.bus, firehoseJob(1));
      await waitFor(async () => (await (await w.bus.kv('cursors')).get('firehose.hackernews.items')) !== null, 10_000, 'cursor placed');
      sb.scenario.emit(150, { platform: 'hackernews' });
      sb.faults.add({ api: 'hn', kind: 'rate_limit', count: 15, retryAfterSec: 1, path: '/item/' });
      // Newer jobs keep arriving (as the scheduler sends one per slot); replicas hand the lease over.
      for (let slot = 2; slot <= 4; slot++) await publishJob(slot % 2 ? w.bus : replicaBus, firehoseJob(slot));
      const expected = hnItemsAfter(start);
      await waitFor(() => w.raw.events.length >= expected.length, 30_000, 'all items through the storm');
      const budget = await RateBudget.open(w.bus, 'hackernews', []);
      expect(await budget.pausedUntil()).toBeGreaterThan(0);
      const ids = w.raw.events.map((e) => e.data.externalId);
      expect(duplicatesOf(ids)).toEqual([]);
      expect(new Set(ids)).toEqual(new Set(expected.map((it) => it.externalId)));
      expect(await duplicateCount()).toBe(0);
      const health = await (await w.bus.kv('source-health')).get('hackernews');
      expect(health).not.toBeNull();
      await Promise.all([a.stop(), b.stop()]);
    } finally {
      w.raw.stop();
      await replicaBus.close();
      await w.destroy();
    }
  });
});
