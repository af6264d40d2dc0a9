import type { Bus } from '@intent-radar/bus';
import { ingestMetrics } from '@intent-radar/ingest-kit';
import {
  collectRawPosts,
  duplicatesOf,
  monitorRecord,
  openIngestTestBus,
  publishJob,
  putMonitors,
  waitFor,
} from '@intent-radar/ingest-kit/testing';
import { createLogger } from '@intent-radar/logger';
import { buildSandbox, type Sandbox, type ScenarioItem } from '@intent-radar/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildIngestReddit } from './app.ts';
import { ingestRedditEnv } from './config.ts';

const logger = createLogger({ service: 'ingest-reddit-test', level: 'silent' });
let sb: Sandbox;
/** Requests the fake Reddit answered, by path. */
const redditCalls = new Map<string, number>();

beforeAll(async () => {
  // The fake's own budget is twice ours: its windows are not aligned with ours, so at most two of
  // our windows overlap one of its windows and a 429 means our budget leaked.
  sb = buildSandbox({ logger, port: 0, smtpPort: 0, seed: 5, clock: 'manual', backlog: 0, startTimeMs: Date.now(), reddit: { rateLimit: 30, rateWindowMs: 1_000 } });
  sb.app.addHook('onRequest', (req, _reply, done) => {
    const path = /^\/reddit(\/[^?]*)/.exec(req.url)?.[1];
    if (path) redditCalls.set(path, (redditCalls.get(path) ?? 0) + 1);
    done();
  });
  await sb.start();
});
afterAll(async () => sb.stop());
afterEach(() => sb.faults.clear());

const fullname = (it: ScenarioItem) => `${it.kind === 'post' ? 't3' : 't1'}_${it.externalId}`;

function config(o: Record<string, string> = {}) {
  return ingestRedditEnv.parse({
    REDDIT_BASE_URL: `${sb.url}/reddit`,
    REDDIT_FIREHOSE_POLL_MS: '20',
    REDDIT_REQUESTS_PER_MIN: '15',
    REDDIT_BUDGET_WINDOW_MS: '1000',
    ...o,
  });
}

async function start(bus: Bus, o: Record<string, string> = {}) {
  const svc = buildIngestReddit({ bus, config: config(o), logger, matcherWorker: false });
  await svc.start();
  return svc;
}

const firehoseJob = (slot: number) => ({ platform: 'reddit' as const, mode: 'firehose' as const, queryKey: '*', query: '', slot, reason: 'schedule' as const });

type Counter = { get(): Promise<{ values: { labels: Record<string, string | number | undefined>; value: number }[] }> };

async function metric(counter: Counter, labels: Record<string, string>): Promise<number> {
  const m = await counter.get();
  return m.values.filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x)).reduce((s, v) => s + v.value, 0);
}

describe('ingest-reddit (snoowrap against the sandbox)', () => {
  it('firehose: /r/all/new + /r/all/comments by fullname, restart mid-stream, 5xx/malformed/truncated, 429 storm: each item once', async () => {
    const t = await openIngestTestBus('ingest-reddit-test');
    const everything = monitorRecord('-qqqzzzxxyy', ['reddit']);
    await putMonitors(t.bus, [everything]);
    const raw = await collectRawPosts(t.bus, 'reddit');
    try {
      const a = await start(t.bus);
      await publishJob(t.bus, firehoseJob(1));
      const kv = await t.bus.kv('cursors');
      await waitFor(async () => (await kv.get('firehose.reddit.posts')) !== null && (await kv.get('firehose.reddit.comments')) !== null, 10_000, 'cursors');
      sb.scenario.emit(260, { platform: 'reddit' });
      sb.faults.add({ api: 'reddit', kind: 'server_error', count: 2, path: '/r/all/' });
      sb.faults.add({ api: 'reddit', kind: 'malformed_json', count: 2, path: '/r/all/' });
      sb.faults.add({ api: 'reddit', kind: 'truncated', count: 1, path: '/r/all/' });
      sb.faults.add({ api: 'reddit', kind: 'rate_limit', count: 3, retryAfterSec: 1, path: '/r/all/' });
      // Once both cursors exist the firehose counts ids through /api/info: the same faults there.
      sb.faults.add({ api: 'reddit', kind: 'server_error', count: 2, path: '/api/info' });
      sb.faults.add({ api: 'reddit', kind: 'malformed_json', count: 2, path: '/api/info' });
      sb.faults.add({ api: 'reddit', kind: 'truncated', count: 1, path: '/api/info' });
      sb.faults.add({ api: 'reddit', kind: 'rate_limit', count: 3, retryAfterSec: 1, path: '/api/info' });
      await waitFor(() => raw.events.length >= 50, 20_000, 'first items');
      await a.stop();
      const b = await start(t.bus);
      await publishJob(t.bus, firehoseJob(2));
      const expected = sb.scenario.items('reddit').map(fullname);
      await waitFor(() => raw.events.length >= expected.length, 30_000, `all ${expected.length} items`);
      const ids = raw.events.map((e) => e.data.externalId);
      expect(duplicatesOf(ids)).toEqual([]);
      expect(new Set(ids)).toEqual(new Set(expected));
      const comment = raw.events.find((e) => e.data.kind === 'comment');
      expect(comment?.data.threadExternalId).toMatch(/^t3_/);
      expect(comment?.data.site).toMatch(/^r\//);
      for (const code of ['SOURCE_UNAVAILABLE', 'SOURCE_MALFORMED', 'SOURCE_RATE_LIMITED'])
        expect(await metric(ingestMetrics.sourceErrors, { platform: 'reddit', code }), code).toBeGreaterThan(0);
      await b.stop();
    } finally {
      raw.stop();
      await t.destroy();
    }
  });

  it('firehose by id: one /api/info call a step for both kinds; a late item is picked up, a run of invisible ids re-synced from the listing', async () => {
    const t = await openIngestTestBus('ingest-reddit-byid');
    await putMonitors(t.bus, [monitorRecord('-qqqzzzxxyy', ['reddit'])]);
    const raw = await collectRawPosts(t.bus, 'reddit');
    const have = (it: ScenarioItem) => raw.events.some((e) => e.data.externalId === fullname(it));
    // emit() may add a cross-post on another platform: only the Reddit items count here.
    const emitReddit = (n: number, kind: 'post' | 'comment') => sb.scenario.emit(n, { platform: 'reddit', kind }).filter((it) => it.platform === 'reddit');
    try {
      const svc = await start(t.bus, { REDDIT_FIREHOSE_RESYNC_MS: '700' });
      await publishJob(t.bus, firehoseJob(3));
      const kv = await t.bus.kv('cursors');
      const alreadyThere = new Set(sb.scenario.items('reddit').map(fullname));
      sb.scenario.emit(40, { platform: 'reddit' });
      await waitFor(async () => (await kv.get('firehose.reddit.posts')) !== null && (await kv.get('firehose.reddit.comments')) !== null, 10_000, 'cursors');
      await waitFor(() => sb.scenario.items('reddit').every((it) => alreadyThere.has(fullname(it)) || have(it)), 10_000, 'the first items');
      const before = new Map(redditCalls);
      const calls = (path: string) => (redditCalls.get(path) ?? 0) - (before.get(path) ?? 0);

      // Steady flow of both kinds: counted by id, one request a step.
      for (let i = 0; i < 8; i++) {
        sb.scenario.emit(15, { platform: 'reddit' });
        await new Promise((r) => setTimeout(r, 60));
      }
      // A post invisible for a moment (its successors are seen first): asked again, then found.
      const [late] = emitReddit(1, 'post');
      // A post that never becomes visible: skipped.
      const [gone] = emitReddit(1, 'post');
      sb.scenario.setHidden('reddit', late!.externalId, true);
      sb.scenario.setHidden('reddit', gone!.externalId, true);
      const after = emitReddit(5, 'post');
      await waitFor(() => after.every(have), 10_000, 'the posts after the hidden ones');
      sb.scenario.setHidden('reddit', late!.externalId, false);
      await waitFor(() => have(late!), 5_000, 'the late post');

      // 150 invisible post ids in a row (wider than any window): the listing re-syncs the posts.
      for (const it of emitReddit(150, 'post')) sb.scenario.setHidden('reddit', it.externalId, true);
      const beyond = emitReddit(10, 'post');
      await waitFor(() => beyond.every(have), 10_000, 'the posts beyond the invisible run');

      const visible = sb.scenario.items('reddit').filter((it) => !alreadyThere.has(fullname(it)) && !sb.scenario.isHidden('reddit', it.externalId));
      const ids = raw.events.map((e) => e.data.externalId);
      expect(duplicatesOf(ids)).toEqual([]);
      // (The first walk also brought the newest page of what was there before: no history walk.)
      expect(new Set(ids.filter((id) => !alreadyThere.has(id)))).toEqual(new Set(visible.map(fullname)));
      expect(ids).not.toContain(fullname(gone!));
      // Listings only start a kind or re-sync a quiet/stuck one; the steps are /api/info calls.
      expect(calls('/api/info')).toBeGreaterThan(10);
      // One token serves every call (it was asked for once, before this count started).
      expect(calls('/api/v1/access_token')).toBe(0);
      expect(calls('/r/all/new') + calls('/r/all/comments')).toBeLessThan(calls('/api/info') / 2);
      expect(calls('/r/all/new')).toBeGreaterThan(0);
      await svc.stop();
    } finally {
      raw.stop();
      await t.destroy();
    }
  });

  it('search under 10k monitors: queries coalesced by key, the shared budget is never exceeded, results re-checked', async () => {
    const t = await openIngestTestBus('ingest-reddit-search');
    // 10k monitors over 40 distinct queries.
    const words = ['apollo', 'zoominfo', 'hubspot', 'salesforce', 'gong', 'outreach', 'clay', 'lusha'];
    const records = Array.from({ length: 10_000 }, (_, i) => monitorRecord(i % 5 === 0 ? `${words[i % 8]!} alternative` : words[i % 8]!, ['reddit']));
    await putMonitors(t.bus, records);
    const raw = await collectRawPosts(t.bus, 'reddit');
    try {
      sb.scenario.emit(80, { platform: 'reddit', kind: 'post' });
      const limited = await metric(ingestMetrics.sourceErrors, { platform: 'reddit', code: 'SOURCE_RATE_LIMITED' });
      const svc = await start(t.bus, { REDDIT_REQUESTS_PER_MIN: '10', INGEST_CONCURRENCY: '8' });
      const keys = [...new Map(records.map((r) => [r.queryKey, r])).values()];
      expect(keys.length).toBeLessThanOrEqual(16);
      for (const r of keys) await publishJob(t.bus, { platform: 'reddit', mode: 'search', queryKey: r.queryKey, query: r.query, slot: 1, reason: 'schedule' });
      await waitFor(async () => (await metric(ingestMetrics.jobs, { platform: 'reddit', mode: 'search', outcome: 'ok' })) >= keys.length, 30_000, 'all searches');
      expect(await metric(ingestMetrics.sourceErrors, { platform: 'reddit', code: 'SOURCE_RATE_LIMITED' })).toBe(limited);
      expect(raw.events.length).toBeGreaterThan(0);
      const apollo = raw.events.find((e) => /\bapollo\b/i.test(`${e.data.title ?? ''} ${e.data.content}`));
      // Every monitor of every matching query is named: 10k monitors share a handful of keys.
      expect(apollo?.data.matches.length).toBeGreaterThan(100);
      await svc.stop();
    } finally {
      raw.stop();
      await t.destroy();
    }
  });

  it('401 from the token endpoint: one surfaced error, jobs skipped without a retry storm', async () => {
    const t = await openIngestTestBus('ingest-reddit-auth');
    await putMonitors(t.bus, [monitorRecord('apollo', ['reddit'])]);
    try {
      const before = await metric(ingestMetrics.sourceErrors, { platform: 'reddit', code: 'SOURCE_AUTH' });
      const svc = await start(t.bus, { REDDIT_CLIENT_ID: 'invalid' });
      for (let slot = 1; slot <= 5; slot++) await publishJob(t.bus, { platform: 'reddit', mode: 'search', queryKey: 'apollo', query: 'apollo', slot, reason: 'schedule' });
      await waitFor(async () => (await metric(ingestMetrics.jobs, { platform: 'reddit', mode: 'search', outcome: 'skipped_auth' })) >= 1, 15_000, 'jobs skipped');
      await waitFor(async () => (await t.bus.jsm.streams.info(t.bus.namespace.stream('INGEST_JOBS'))).state.messages === 0, 15_000, 'queue drained');
      expect((await metric(ingestMetrics.sourceErrors, { platform: 'reddit', code: 'SOURCE_AUTH' })) - before).toBeLessThanOrEqual(4);
      const health = await (await t.bus.kv('source-health')).get('reddit');
      expect(JSON.parse(health!.string()).status).toBe('auth_failed');
      await svc.stop();
    } finally {
      await t.destroy();
    }
  });
});
