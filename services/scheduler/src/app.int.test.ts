import { createTestDatabase, type TestDatabase } from '@intent-radar/db/testing';
import { openIngestTestBus, waitFor } from '@intent-radar/ingest-kit/testing';
import { createLogger } from '@intent-radar/logger';
import { streams, type EventOf } from '@intent-radar/proto-schemas';
import type { Bus } from '@intent-radar/bus';
import { queryKey } from '@intent-radar/query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScheduler } from './app.ts';
import { schedulerEnv } from './config.ts';

const logger = createLogger({ service: 'scheduler-test', level: 'silent' });
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

async function workspace(status: 'trial' | 'canceled'): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(`INSERT INTO workspaces (name) VALUES ('w') RETURNING id`);
  const id = rows[0]!.id;
  await db.pool.query(`INSERT INTO billing (workspace_id, status, trial_ends_at) VALUES ($1, $2, now() + interval '7 days')`, [id, status]);
  return id;
}

async function addMonitor(ws: string, query: string, platforms: string[]): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO monitors (workspace_id, name, query, query_key, platforms) VALUES ($1, 'm', $2, $3, $4) RETURNING id`,
    [ws, query, queryKey(query), platforms],
  );
  return rows[0]!.id;
}

/** Every message in INGEST_JOBS (the work queue keeps them while no ingestor runs). */
async function ingestJobs(bus: Bus, afterSeq = 0): Promise<EventOf<'ingest.job.v1'>['data'][]> {
  const stream = bus.namespace.stream(streams.ingestJobs);
  const info = await bus.jsm.streams.info(stream);
  const out: EventOf<'ingest.job.v1'>['data'][] = [];
  for (let seq = Math.max(afterSeq + 1, info.state.first_seq); seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await bus.jsm.streams.getMessage(stream, { seq });
    if (m) out.push(m.json<EventOf<'ingest.job.v1'>>().data);
  }
  return out;
}

const config = (o: Record<string, string> = {}) =>
  schedulerEnv.parse({ SCHEDULER_SYNC_MS: '1', SCHEDULER_TICK_MS: '3600000', SCHEDULER_FIREHOSE_PLATFORMS: 'hackernews', ...o });

describe('scheduler', () => {
  it('mirrors scanning monitors into KV, runs new monitors at once, one job per slot across two replicas', async () => {
    const t = await openIngestTestBus('scheduler-test');
    try {
      const paying = await workspace('trial');
      const lapsed = await workspace('canceled');
      const m1 = await addMonitor(paying, 'apollo alternative', ['reddit', 'twitter']);
      const m2 = await addMonitor(paying, 'Apollo  Alternative', ['twitter']);
      const dead = await addMonitor(lapsed, 'zoominfo', ['reddit']);
      const a = buildScheduler({ bus: t.bus, pool: db.pool, config: config(), logger });
      const b = buildScheduler({ bus: t.bus, pool: db.pool, config: config(), logger });
      await a.start();
      await b.start();
      const kv = await t.bus.kv('monitors');
      await waitFor(async () => (await kv.get(m1)) !== null && (await kv.get(m2)) !== null, 10_000, 'monitors in KV');
      expect(await kv.get(dead)).toBeNull();

      const t0 = Date.now();
      for (let s = 0; s <= 31 * 60; s += 15) {
        await a.runOnce(t0 + s * 1000);
        await b.runOnce(t0 + s * 1000);
      }
      const jobs = await ingestJobs(t.bus);
      const ids = jobs.map((j) => `${j.platform}|${j.mode}|${j.reason}|${j.queryKey}|${j.slot}`);
      expect(new Set(ids).size).toBe(ids.length);
      const backfills = jobs.filter((j) => j.reason === 'new_monitor');
      expect(backfills.map((j) => j.platform).sort()).toEqual(['reddit', 'twitter']);
      // Both monitors share one query key: one backfill and one scheduled search per slot, not two.
      const twitter = jobs.filter((j) => j.platform === 'twitter' && j.reason === 'schedule');
      expect(twitter.length).toBeGreaterThanOrEqual(1);
      expect(new Set(twitter.map((j) => j.queryKey)).size).toBe(1);
      expect(jobs.some((j) => j.platform === 'hackernews' && j.mode === 'firehose')).toBe(true);

      // Deactivating removes the monitor from the bucket.
      await db.pool.query(`UPDATE monitors SET active = false, updated_at = now() WHERE id = $1`, [m1]);
      await a.runOnce(Date.now() + 10_000_000);
      await waitFor(async () => (await kv.get(m1))?.operation !== 'PUT', 10_000, 'monitor removed');
      await Promise.all([a.stop(), b.stop()]);
    } finally {
      await t.destroy();
    }
  });

  it('10k monitors: Reddit searches stay under 100 requests/minute, X under the monthly cap (coalesced by query key)', async () => {
    const t = await openIngestTestBus('scheduler-test-10k');
    try {
      const ws = await workspace('trial');
      // 10k monitors over 2,000 distinct queries (five workspaces' worth of overlap each).
      await db.pool.query(
        `INSERT INTO monitors (workspace_id, name, query, query_key, platforms)
         SELECT $1, 'm' || g, 'product' || (g % 2000), 'product' || (g % 2000), ARRAY['reddit','twitter'] FROM generate_series(1, 10000) g`,
        [ws],
      );
      const s = buildScheduler({ bus: t.bus, pool: db.pool, config: config({ SCHEDULER_FIREHOSE_PLATFORMS: 'hackernews', SCHEDULER_SYNC_MS: '86400000' }), logger });
      await s.start();
      const t0 = Date.now();
      await s.runOnce(t0);
      const before = (await t.bus.jsm.streams.info(t.bus.namespace.stream(streams.ingestJobs))).state.last_seq;
      // Three simulated minutes, one tick a second.
      for (let sec = 1; sec <= 180; sec++) await s.runOnce(t0 + sec * 1000);
      const jobs = await ingestJobs(t.bus, before);
      const reddit = jobs.filter((j) => j.platform === 'reddit' && j.reason === 'schedule');
      expect(reddit.length).toBeGreaterThan(0);
      expect(reddit.length / 3).toBeLessThanOrEqual(100);
      const x = jobs.filter((j) => j.platform === 'twitter' && j.reason === 'schedule');
      // 15,000 posts a month at 10 posts a poll = 1,500 polls / 30 days ≈ 0.1 per 3 minutes.
      expect(x.length).toBeLessThanOrEqual(1);
      await s.stop();
    } finally {
      await t.destroy();
    }
  });
});
