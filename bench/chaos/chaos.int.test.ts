/**
 * The part of the chaos suite that fits CI: kill -9 of the scorer and of the store mid-stream,
 * and a sandbox fault storm (429s, 5xx, malformed JSON) under the HN and Reddit firehoses. The
 * books must balance: 0 raw posts lost, 0 duplicate alerts, every owed alert delivered.
 * The rest (every service, NATS and Postgres restarts, LLM garbage) is `npm run test:chaos`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lostCount } from '../pipeline-books.ts';
import { waitFor } from '../pipeline-harness.ts';
import { startChaosWorld, type ChaosWorld } from './chaos-world.ts';

describe('chaos (CI part)', () => {
  let world: ChaosWorld;

  beforeAll(async () => {
    world = await startChaosWorld({ services: ['scheduler', 'ingest-hn', 'ingest-reddit', 'intent-scorer', 'dedup-embedder', 'notifier'] });
  }, 180_000);

  afterAll(async () => {
    await world?.close();
  }, 60_000);

  it('loses no post and sends no alert twice through kill -9 of scorer and store and a fault storm', async () => {
    const { pipeline } = world;
    const storedCount = async () => Number((await world.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM posts')).rows[0]?.n);

    // Fault storm on the platforms the firehoses read, while posts keep appearing there.
    const faults = pipeline.sandbox.faults;
    faults.add({ api: 'hn', kind: 'rate_limit', count: 20, retryAfterSec: 1 });
    faults.add({ api: 'hn', kind: 'server_error', ratio: 0.2 });
    faults.add({ api: 'hn', kind: 'malformed_json', ratio: 0.1 });
    faults.add({ api: 'reddit', kind: 'server_error', ratio: 0.3, status: 502 });
    faults.add({ api: 'reddit', kind: 'malformed_json', count: 5 });
    faults.add({ api: 'slack', kind: 'server_error', count: 10 });

    await world.publishRaw(400);
    world.emitOnPlatforms(60);
    // kill -9 the scorer once it is mid-stream, restart it.
    await waitFor('the scorer to be mid-stream', async () => (await storedCount()) > 20, 60_000, 100);
    await pipeline.kill('intent-scorer');
    await world.publishRaw(300);
    world.emitOnPlatforms(60);
    await pipeline.startService('intent-scorer');
    // kill -9 the store while it works through the rest.
    const before = await storedCount();
    await waitFor('the store to be mid-stream', async () => (await storedCount()) > before + 20, 60_000, 100);
    await pipeline.kill('dedup-embedder');
    world.emitOnPlatforms(60);
    await pipeline.startService('dedup-embedder');
    faults.clear();

    const books = await world.settle(90_000);
    expect(books.raw).toBeGreaterThanOrEqual(world.published);
    expect(books.states.lost).toBe(0);
    expect(lostCount(books)).toBe(0);
    expect(books.doubleBooked).toBe(0);
    expect(books.duplicateAlerts).toBe(0);
    expect(books.alertsDelivered).toBe(books.alertsExpected);
    expect(books.alertsExpected).toBeGreaterThan(0);
    expect(pipeline.serviceUsage().find((u) => u.service === 'intent-scorer')?.restarts).toBe(1);
  }, 240_000);
});
