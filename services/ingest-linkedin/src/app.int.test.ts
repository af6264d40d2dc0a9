import { Writable } from 'node:stream';
import type { Bus } from '@intent-radar/bus';
import { CursorStore, ingestMetrics } from '@intent-radar/ingest-kit';
import { collectRawPosts, duplicatesOf, monitorRecord, openIngestTestBus, publishJob, putMonitors, waitFor } from '@intent-radar/ingest-kit/testing';
import { createLogger } from '@intent-radar/logger';
import { buildSandbox, type Sandbox } from '@intent-radar/sandbox';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildIngestLinkedin } from './app.ts';
import { ingestLinkedinEnv } from './config.ts';
import { linkedinCursorSchema, snapshotOutcomes, snapshotTriggers } from './linkedin-search.ts';

const logger = createLogger({ service: 'ingest-linkedin-test', level: 'silent' });
/** Scenario time the sandbox takes to collect a snapshot (services/sandbox/src/platforms/brightdata.ts). */
const COLLECT_MS = 5_000;
let sb: Sandbox;

beforeAll(async () => {
  sb = buildSandbox({ logger, port: 0, smtpPort: 0, seed: 11, clock: 'manual', ratePerSec: 0, backlog: 0, startTimeMs: Date.now() });
  await sb.start();
});
afterAll(async () => sb.stop());
afterEach(() => sb.faults.clear());

type Counter = { get(): Promise<{ values: { labels: Record<string, string | number | undefined>; value: number }[] }> };
async function metric(counter: Counter, labels: Record<string, string> = {}): Promise<number> {
  const m = await counter.get();
  return m.values.filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x)).reduce((s, v) => s + v.value, 0);
}

async function start(bus: Bus, o: Record<string, string> = {}, log = logger) {
  const config = ingestLinkedinEnv.parse({
    BRIGHTDATA_BASE_URL: `${sb.url}/brightdata`,
    BRIGHTDATA_TOKEN: 'sandbox',
    LINKEDIN_POLL_MIN_MS: '20',
    LINKEDIN_POLL_MAX_MS: '200',
    LINKEDIN_RECORDS_PER_KEYWORD: '1000',
    ...o,
  });
  const svc = buildIngestLinkedin({ bus, config, logger: log, matcherWorker: false });
  await svc.start();
  return svc;
}

const searchJob = (m: { queryKey: string; query: string }, slot: number, reason: 'schedule' | 'new_monitor' = 'schedule') => ({
  platform: 'linkedin' as const,
  mode: 'search' as const,
  queryKey: m.queryKey,
  query: m.query,
  slot,
  reason,
});

async function cursorOf(bus: Bus, queryKey: string) {
  const e = await (await bus.kv('cursors')).get(CursorStore.searchKey('linkedin', queryKey));
  return e?.operation === 'PUT' ? linkedinCursorSchema.parse(JSON.parse(e.string())) : undefined;
}

/** Waits until a run of this query has a snapshot pending and returns its id. */
async function pendingSnapshot(bus: Bus, queryKey: string, other?: string): Promise<string> {
  let id: string | undefined;
  await waitFor(async () => {
    id = (await cursorOf(bus, queryKey))?.pending?.snapshotId;
    return id !== undefined && id !== other;
  }, 15_000, 'a pending snapshot');
  return id!;
}

async function healthOf(bus: Bus): Promise<{ status: string; lastErrorCode: string | null } | undefined> {
  const e = await (await bus.kv('source-health')).get('linkedin');
  return e ? (JSON.parse(e.string()) as { status: string; lastErrorCode: string | null }) : undefined;
}

async function brightdata(method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await request(`${sb.url}/brightdata${path}`, {
    method,
    headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, body: await res.body.text() };
}

const matching = (re: RegExp) => sb.scenario.items('linkedin').filter((it) => re.test(it.body)).map((it) => it.externalId);

describe('ingest-linkedin (Bright Data datasets v3 against the sandbox)', () => {
  it('keyword discovery: trigger, back-off polling, download, matched posts published with author; the next run repeats nothing', async () => {
    const t = await openIngestTestBus('ingest-linkedin-test');
    const m = monitorRecord('apollo', ['linkedin']);
    await putMonitors(t.bus, [m]);
    const raw = await collectRawPosts(t.bus, 'linkedin');
    try {
      sb.scenario.emit(150, { platform: 'linkedin' });
      const svc = await start(t.bus);
      const first = matching(/\bapollo\b/i);
      expect(first.length).toBeGreaterThan(5);
      await publishJob(t.bus, searchJob(m, 1, 'new_monitor'));
      await pendingSnapshot(t.bus, m.queryKey);
      sb.scenario.advance(COLLECT_MS);
      await waitFor(() => raw.events.length >= first.length, 20_000, 'first run');
      await waitFor(async () => (await cursorOf(t.bus, m.queryKey))?.pending === undefined, 10_000, 'cursor written');

      sb.scenario.advance(1_000);
      sb.scenario.emit(60, { platform: 'linkedin' });
      const okBefore = await metric(ingestMetrics.jobs, { platform: 'linkedin', mode: 'search', outcome: 'ok' });
      await publishJob(t.bus, searchJob(m, 2));
      await pendingSnapshot(t.bus, m.queryKey);
      sb.scenario.advance(COLLECT_MS);
      await waitFor(async () => (await metric(ingestMetrics.jobs, { platform: 'linkedin', mode: 'search', outcome: 'ok' })) > okBefore, 20_000, 'second run');
      const all = matching(/\bapollo\b/i);
      expect(all.length).toBeGreaterThan(first.length);
      await waitFor(() => raw.events.length >= all.length, 10_000, 'second run published');
      const ids = raw.events.map((e) => e.data.externalId);
      expect(duplicatesOf(ids)).toEqual([]);
      expect(new Set(ids)).toEqual(new Set(all));
      const post = raw.events[0]!.data;
      expect(post.platform).toBe('linkedin');
      expect(post.url).toMatch(/^https:\/\/www\.linkedin\.com\/posts\//);
      expect(post.author.profileUrl).toMatch(/^https:\/\/www\.linkedin\.com\/in\/[^?]+$/);
      expect(post.author.displayName).toBeTruthy();
      expect(post.matches.map((x) => x.monitorId)).toEqual([m.id]);
      // Personas with a company carry it as the post's site.
      expect(raw.events.some((e) => e.data.site !== undefined)).toBe(true);
      await svc.stop();
    } finally {
      raw.stop();
      await t.destroy();
    }
  });

  it('a snapshot that never becomes ready is canceled at the deadline and recorded in source health', async () => {
    const t = await openIngestTestBus('ingest-linkedin-deadline');
    const m = monitorRecord('hubspot', ['linkedin']);
    await putMonitors(t.bus, [m]);
    try {
      const timeoutsBefore = await metric(snapshotOutcomes, { outcome: 'timeout' });
      const svc = await start(t.bus, { LINKEDIN_SNAPSHOT_DEADLINE_MS: '1500' });
      const startedAt = Date.now();
      await publishJob(t.bus, searchJob(m, 1));
      const id = await pendingSnapshot(t.bus, m.queryKey);
      // The sandbox clock does not move: the snapshot stays "running".
      await waitFor(async () => (await metric(snapshotOutcomes, { outcome: 'timeout' })) > timeoutsBefore, 15_000, 'deadline');
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_500);
      const progress = JSON.parse((await brightdata('GET', `/datasets/v3/progress/${id}`)).body) as { status: string };
      expect(progress.status).toBe('canceled');
      await waitFor(async () => (await healthOf(t.bus))?.lastErrorCode === 'SNAPSHOT_TIMEOUT', 10_000, 'health');
      expect((await cursorOf(t.bus, m.queryKey))?.pending).toBeUndefined();
      await svc.stop();
    } finally {
      await t.destroy();
    }
  });

  it('a failed snapshot is recorded, dropped, and publishes nothing', async () => {
    const t = await openIngestTestBus('ingest-linkedin-failed');
    const m = monitorRecord('gong', ['linkedin']);
    await putMonitors(t.bus, [m]);
    const raw = await collectRawPosts(t.bus, 'linkedin');
    try {
      // Keyword discovery never fails in the sandbox; a profile discovery of an unknown person does
      // (every input a dead page). Its id stands in for the query's pending snapshot.
      const trig = await brightdata('POST', '/datasets/v3/trigger?dataset_id=gd_lyy3tktm25m4avu764&type=discover_new&discover_by=profile_url', [
        { url: 'https://www.linkedin.com/in/nobody-at-all-404' },
      ]);
      const snapshotId = (JSON.parse(trig.body) as { snapshot_id: string }).snapshot_id;
      const cursors = await t.bus.kv('cursors');
      await cursors.put(CursorStore.searchKey('linkedin', m.queryKey), JSON.stringify({ idsAtNewest: [], pending: { snapshotId, triggeredAt: Date.now(), perKeyword: 10, backfill: true } }));
      sb.scenario.advance(COLLECT_MS);
      const triggersBefore = await metric(snapshotTriggers);
      const failedBefore = await metric(snapshotOutcomes, { outcome: 'failed' });
      const svc = await start(t.bus);
      await publishJob(t.bus, searchJob(m, 1));
      await waitFor(async () => (await metric(snapshotOutcomes, { outcome: 'failed' })) > failedBefore, 15_000, 'failed snapshot');
      await waitFor(async () => (await healthOf(t.bus))?.lastErrorCode === 'SNAPSHOT_FAILED', 10_000, 'health');
      expect((await cursorOf(t.bus, m.queryKey))?.pending).toBeUndefined();
      expect(await metric(snapshotTriggers)).toBe(triggersBefore);
      expect(raw.events).toEqual([]);
      await svc.stop();
    } finally {
      raw.stop();
      await t.destroy();
    }
  });

  it('restart while a snapshot is pending: the new instance resumes polling the same snapshot, no second trigger', async () => {
    const t = await openIngestTestBus('ingest-linkedin-restart');
    const m = monitorRecord('"salesforce"', ['linkedin']);
    await putMonitors(t.bus, [m]);
    const raw = await collectRawPosts(t.bus, 'linkedin');
    try {
      sb.scenario.emit(120, { platform: 'linkedin' });
      const triggersBefore = await metric(snapshotTriggers);
      const first = await start(t.bus);
      await publishJob(t.bus, searchJob(m, 1));
      const id = await pendingSnapshot(t.bus, m.queryKey);
      await first.stop();
      const second = await start(t.bus);
      await publishJob(t.bus, searchJob(m, 2));
      sb.scenario.advance(COLLECT_MS);
      const expected = matching(/\bsalesforce\b/i);
      expect(expected.length).toBeGreaterThan(0);
      await waitFor(() => raw.events.length >= expected.length, 20_000, 'resumed snapshot published');
      await waitFor(async () => (await cursorOf(t.bus, m.queryKey))?.pending === undefined, 10_000, 'cursor written');
      expect(await metric(snapshotTriggers)).toBe(triggersBefore + 1);
      expect(new Set(raw.events.map((e) => e.data.externalId))).toEqual(new Set(expected));
      expect(duplicatesOf(raw.events.map((e) => e.data.externalId))).toEqual([]);
      expect(id).toMatch(/^sd_/);
      await second.stop();
    } finally {
      raw.stop();
      await t.destroy();
    }
  });

  it('401 (plain text, no token configured): one surfaced error, later jobs skipped without calling Bright Data', async () => {
    const t = await openIngestTestBus('ingest-linkedin-auth');
    const m = monitorRecord('zoominfo', ['linkedin']);
    await putMonitors(t.bus, [m]);
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    try {
      const authBefore = await metric(ingestMetrics.sourceErrors, { platform: 'linkedin', code: 'SOURCE_AUTH' });
      const skippedBefore = await metric(ingestMetrics.jobs, { platform: 'linkedin', mode: 'search', outcome: 'skipped_auth' });
      const svc = await start(t.bus, { INGEST_CONCURRENCY: '1', BRIGHTDATA_TOKEN: '' }, createLogger({ service: 'ingest-linkedin-test', level: 'error', destination: sink }));
      for (let slot = 1; slot <= 4; slot++) await publishJob(t.bus, searchJob(m, slot));
      await waitFor(async () => (await metric(ingestMetrics.jobs, { platform: 'linkedin', mode: 'search', outcome: 'skipped_auth' })) >= skippedBefore + 3, 15_000, 'jobs skipped');
      expect((await metric(ingestMetrics.sourceErrors, { platform: 'linkedin', code: 'SOURCE_AUTH' })) - authBefore).toBe(1);
      expect(lines.filter((l) => l.includes('credentials rejected'))).toHaveLength(1);
      expect((await healthOf(t.bus))?.status).toBe('auth_failed');
      await svc.stop();
    } finally {
      await t.destroy();
    }
  });
});
