import type { Bus } from '@intent-radar/bus';
import { ingestMetrics } from '@intent-radar/ingest-kit';
import { collectRawPosts, duplicatesOf, monitorRecord, openIngestTestBus, publishJob, putMonitors, waitFor } from '@intent-radar/ingest-kit/testing';
import { createLogger } from '@intent-radar/logger';
import { buildSandbox, type Sandbox } from '@intent-radar/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildIngestTwitter } from './app.ts';
import { ingestTwitterEnv } from './config.ts';

const logger = createLogger({ service: 'ingest-twitter-test', level: 'silent' });
let sb: Sandbox;

beforeAll(async () => {
  sb = buildSandbox({ logger, port: 0, smtpPort: 0, seed: 9, clock: 'manual', backlog: 0, startTimeMs: Date.now() });
  await sb.start();
});
afterAll(async () => sb.stop());
afterEach(() => sb.faults.clear());

type Counter = { get(): Promise<{ values: { labels: Record<string, string | number | undefined>; value: number }[] }> };
async function metric(counter: Counter, labels: Record<string, string>): Promise<number> {
  const m = await counter.get();
  return m.values.filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x)).reduce((s, v) => s + v.value, 0);
}

async function start(bus: Bus, o: Record<string, string> = {}) {
  const config = ingestTwitterEnv.parse({ X_BASE_URL: `${sb.url}/x`, X_MAX_PAGES: '20', ...o });
  const svc = buildIngestTwitter({ bus, config, logger, matcherWorker: false });
  await svc.start();
  return svc;
}

const matching = (re: RegExp) => sb.scenario.items('twitter').filter((it) => re.test(it.body)).map((it) => it.externalId);

describe('ingest-twitter (twitter-api-v2 against the sandbox)', () => {
  it('recent search: since_id + next_token paging, 5xx and 429 retried, nothing repeated on the next poll', async () => {
    const t = await openIngestTestBus('ingest-twitter-test');
    const m = monitorRecord('apollo', ['twitter']);
    await putMonitors(t.bus, [m]);
    const raw = await collectRawPosts(t.bus, 'twitter');
    try {
      sb.scenario.emit(150, { platform: 'twitter' });
      const svc = await start(t.bus);
      sb.faults.add({ api: 'x', kind: 'server_error', count: 1 });
      sb.faults.add({ api: 'x', kind: 'rate_limit', count: 1, retryAfterSec: 1 });
      const job = { platform: 'twitter' as const, mode: 'search' as const, queryKey: m.queryKey, query: m.query, slot: 1, reason: 'schedule' as const };
      await publishJob(t.bus, job);
      const first = matching(/\bapollo\b/i);
      expect(first.length).toBeGreaterThan(10);
      await waitFor(() => raw.events.length >= first.length, 20_000, 'first poll');
      sb.scenario.advance(2_000);
      sb.scenario.emit(60, { platform: 'twitter' });
      const dupBefore = await metric(ingestMetrics.posts, { platform: 'twitter', outcome: 'duplicate' });
      await publishJob(t.bus, { ...job, slot: 2 });
      const all = matching(/\bapollo\b/i);
      await waitFor(async () => (await metric(ingestMetrics.jobs, { platform: 'twitter', mode: 'search', outcome: 'ok' })) >= 2, 20_000, 'second poll');
      const ids = raw.events.map((e) => e.data.externalId);
      expect(duplicatesOf(ids)).toEqual([]);
      expect(new Set(ids)).toEqual(new Set(all));
      expect(await metric(ingestMetrics.posts, { platform: 'twitter', outcome: 'duplicate' })).toBe(dupBefore);
      expect(raw.events[0]?.data.author.profileUrl).toMatch(/^https:\/\/x\.com\//);
      for (const code of ['SOURCE_UNAVAILABLE', 'SOURCE_RATE_LIMITED']) expect(await metric(ingestMetrics.sourceErrors, { platform: 'twitter', code })).toBeGreaterThan(0);
      await svc.stop();
    } finally {
      raw.stop();
      await t.destroy();
    }
  });

  it('monthly post cap: reading stops at the cap across jobs; health says capped', async () => {
    const t = await openIngestTestBus('ingest-twitter-cap');
    const m = monitorRecord('the', ['twitter']);
    await putMonitors(t.bus, [m]);
    const raw = await collectRawPosts(t.bus, 'twitter');
    try {
      sb.scenario.emit(200, { platform: 'twitter' });
      const svc = await start(t.bus, { X_MONTHLY_POST_CAP: '45' });
      for (let slot = 1; slot <= 4; slot++) await publishJob(t.bus, { platform: 'twitter', mode: 'search', queryKey: m.queryKey, query: m.query, slot, reason: 'new_monitor' });
      await waitFor(async () => (await t.bus.jsm.streams.info(t.bus.namespace.stream('INGEST_JOBS'))).state.messages === 0, 20_000, 'jobs done');
      await waitFor(async () => {
        const h = await (await t.bus.kv('source-health')).get('twitter');
        return h !== null && (JSON.parse(h.string()) as { status: string }).status === 'capped';
      }, 10_000, 'capped health');
      // 45 posts a month: pages of 45 then fewer than 10 left -> stop.
      expect(raw.events.length).toBeLessThanOrEqual(45);
      expect(raw.events.length).toBeGreaterThan(0);
      await svc.stop();
    } finally {
      raw.stop();
      await t.destroy();
    }
  });
});
