import { randomBytes } from 'node:crypto';
import { createLogger } from '@intent-radar/logger';
import { streams, subjects } from '@intent-radar/proto-schemas';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from './bus.ts';
import { connectBus } from './connection.ts';
import { runConsumer } from './consumer-runner.ts';
import type { EventInput } from './envelope-validation.ts';
import { openTestBus, TEST_NATS_URL, waitFor } from './test-bus.ts';

const schema = `bus_test_${randomBytes(4).toString('hex')}`;
let pool: pg.Pool;
let testBus: Awaited<ReturnType<typeof openTestBus>>;
let bus: Bus;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres', max: 4 });
  await pool.query(`CREATE SCHEMA ${schema}`);
  await pool.query(`CREATE TABLE ${schema}.signals_written (event_id text PRIMARY KEY, request_id text NOT NULL)`);
  await pool.query(`CREATE TABLE ${schema}.attempts (event_id text NOT NULL, delivery int NOT NULL)`);
  testBus = await openTestBus('redelivery-test');
  bus = testBus.bus;
});
afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.end();
  await testBus.destroy();
});

function enrichRequest(id: string): EventInput<'enrich.requested.v1'> {
  return { requestId: id, workspaceId: 'w1', signalId: `s-${id}`, requestedBy: 'auto_rule' };
}

/** The idempotent write every consumer is expected to make: keyed by event id. */
async function writeEffect(eventId: string, requestId: string, delivery: number): Promise<void> {
  await pool.query(`INSERT INTO ${schema}.attempts (event_id, delivery) VALUES ($1, $2)`, [eventId, delivery]);
  await pool.query(`INSERT INTO ${schema}.signals_written (event_id, request_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [eventId, requestId]);
}

async function count(table: string, requestPrefix: string): Promise<number> {
  const { rows } =
    table === 'signals_written'
      ? await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.signals_written WHERE request_id LIKE $1`, [`${requestPrefix}%`])
      : await pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM ${schema}.attempts a JOIN ${schema}.signals_written s USING (event_id) WHERE s.request_id LIKE $1`,
          [`${requestPrefix}%`],
        );
  return Number(rows[0]?.n);
}

describe('redelivery', () => {
  it('a handler that throws after its write is redelivered and the effect lands once', async () => {
    const consumer = await runConsumer({
      bus,
      service: 'enricher',
      stream: streams.enrich,
      pullExpiresMs: 1_000,
      durable: 'enricher-throws',
      filterSubject: subjects.enrichRequested,
      eventType: 'enrich.requested.v1',
      retry: { maxDeliver: 5, backoffMs: [50], ackWaitMs: 5_000 },
      handler: async (event, ctx) => {
        await writeEffect(event.id, event.data.requestId, ctx.deliveryCount);
        if (ctx.deliveryCount === 1) throw new Error('crashed before ack');
      },
    });
    for (let i = 0; i < 5; i++) {
      await bus.publish('enrich.requested.v1', subjects.enrichRequested, enrichRequest(`throw${i}`), { msgId: `enrich:throw${i}` });
    }
    await waitFor(async () => (await count('attempts', 'throw')) === 10, 15_000, 'two attempts per message');
    await consumer.stop();
    expect(await count('signals_written', 'throw')).toBe(5);
    const info = await bus.jsm.consumers.info(bus.namespace.stream(streams.enrich), 'enricher-throws');
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_pending).toBe(0);
    // A work-queue stream allows one consumer per filter: free it for the next test.
    await bus.jsm.consumers.delete(bus.namespace.stream(streams.enrich), 'enricher-throws');
  });

  it('a process that dies mid-handler (no ack, no nak) gets its message redelivered to another replica after ack_wait', async () => {
    // Replica A: its own connection, killed while the handler hangs after writing.
    const replicaA = await connectBus({
      url: TEST_NATS_URL,
      name: 'replica-a',
      logger: createLogger({ service: 'replica-a', level: 'silent' }),
      namespace: bus.namespace.name,
    });
    let aStarted = false;
    const retry = { maxDeliver: 5, backoffMs: [50], ackWaitMs: 1_000 };
    const common = {
      service: 'enricher',
      stream: streams.enrich,
      pullExpiresMs: 1_000,
      durable: 'enricher-dies',
      filterSubject: subjects.enrichRequested,
      eventType: 'enrich.requested.v1' as const,
      retry,
    };
    await runConsumer({
      ...common,
      bus: replicaA,
      handler: async (event, ctx) => {
        await writeEffect(event.id, event.data.requestId, ctx.deliveryCount);
        aStarted = true;
        await new Promise(() => undefined); // hangs forever: the process "dies" below
      },
    });
    await bus.publish('enrich.requested.v1', subjects.enrichRequested, enrichRequest('die1'), { msgId: 'enrich:die1' });
    await waitFor(() => aStarted, 15_000, 'replica A to start the handler');
    await replicaA.nc.close(); // no ack, no nak, no drain

    const deliveries: number[] = [];
    const replicaB = await runConsumer({
      ...common,
      bus,
      handler: async (event, ctx) => {
        deliveries.push(ctx.deliveryCount);
        await writeEffect(event.id, event.data.requestId, ctx.deliveryCount);
      },
    });
    await waitFor(() => deliveries.length === 1, 15_000, 'redelivery to replica B');
    await replicaB.stop();
    expect(deliveries).toEqual([2]);
    expect(await count('signals_written', 'die')).toBe(1);
    expect(await count('attempts', 'die')).toBe(2);
  });
});
