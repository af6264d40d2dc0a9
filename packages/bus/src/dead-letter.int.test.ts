import { streams, subjects, type EventOf } from '@intent-radar/proto-schemas';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from './bus.ts';
import { runConsumer, type ConsumerHandle } from './consumer-runner.ts';
import type { EventInput } from './envelope-validation.ts';
import { PermanentError } from './errors.ts';
import { openTestBus, waitFor } from './test-bus.ts';

let testBus: Awaited<ReturnType<typeof openTestBus>>;
let bus: Bus;
let dlqReader: ConsumerHandle;
const deadLetters: Array<EventOf<'deadletter.v1'>> = [];

beforeAll(async () => {
  testBus = await openTestBus('dlq-test');
  bus = testBus.bus;
  // Dogfooding: the dead-letter stream is read with the same runner.
  dlqReader = await runConsumer({
    bus,
    service: 'dlq-reader',
    stream: streams.deadLetter,
    pullExpiresMs: 1_000,
    durable: 'dlq-reader',
    filterSubject: subjects.deadLettersAll,
    eventType: 'deadletter.v1',
    handler: (event) => {
      deadLetters.push(event);
      return Promise.resolve();
    },
  });
});
afterAll(async () => {
  await dlqReader.stop();
  await testBus.destroy();
});

function enrichRequest(id: string): EventInput<'enrich.requested.v1'> {
  return { requestId: id, workspaceId: 'w1', signalId: `s-${id}`, requestedBy: 'user' };
}

async function queueDrained(): Promise<boolean> {
  const info = await bus.jsm.consumers.info(bus.namespace.stream(streams.enrich), 'enricher');
  return info.num_pending === 0 && info.num_ack_pending === 0;
}

const fastRetry = { maxDeliver: 3, backoffMs: [50, 100], ackWaitMs: 5_000 };

describe('dead letters', () => {
  it('poison messages land in DEADLETTER with their reason while good ones keep flowing', async () => {
    const handled: string[] = [];
    const consumer = await runConsumer({
      bus,
      service: 'enricher-a',
      stream: streams.enrich,
      pullExpiresMs: 1_000,
      durable: 'enricher',
      filterSubject: subjects.enrichRequested,
      eventType: 'enrich.requested.v1',
      retry: fastRetry,
      handler: (event) => {
        handled.push(event.data.requestId);
        return Promise.resolve();
      },
    });
    const physical = bus.namespace.subject(subjects.enrichRequested);
    const h = natsHeaders();
    h.set('x-origin', 'raw-test');
    await bus.js.publish(physical, new Uint8Array([0xff, 0xfe, 0x7b]), { headers: h });
    await bus.publish('enrich.requested.v1', subjects.enrichRequested, enrichRequest('good1'), { msgId: 'enrich:good1' });
    const wrongShape = { id: 'x1', type: 'enrich.requested.v1', occurredAt: new Date().toISOString(), source: 'rogue', data: { requestId: 'r9' } };
    await bus.js.publish(physical, JSON.stringify(wrongShape));
    await bus.js.publish(physical, JSON.stringify({ ...wrongShape, type: 'post.raw.v1' }));
    await bus.publish('enrich.requested.v1', subjects.enrichRequested, enrichRequest('good2'), { msgId: 'enrich:good2' });

    await waitFor(() => handled.length === 2 && deadLetters.filter((d) => d.data.service === 'enricher-a').length === 3, 15_000, 'good messages and 3 dead letters');
    await consumer.stop();

    expect(handled).toEqual(['good1', 'good2']);
    const mine = deadLetters.filter((d) => d.data.service === 'enricher-a').map((d) => d.data);
    const byCode = Object.fromEntries(mine.map((d) => [d.errorCode, d]));
    expect(Object.keys(byCode).sort()).toEqual(['invalid_json', 'schema_invalid', 'unexpected_event_type']);
    expect(byCode.invalid_json!.reason).toMatch(/not JSON/);
    expect(Buffer.from(byCode.invalid_json!.payloadBase64, 'base64')).toEqual(Buffer.from([0xff, 0xfe, 0x7b]));
    expect(byCode.invalid_json!.headers['x-origin']).toEqual(['raw-test']);
    expect(byCode.invalid_json!.subject).toBe(subjects.enrichRequested);
    expect(byCode.invalid_json!.consumer).toBe('enricher');
    expect(byCode.invalid_json!.deliveryCount).toBe(1);
    expect(byCode.schema_invalid!.reason).toMatch(/data\.workspaceId/);
    expect(JSON.parse(Buffer.from(byCode.schema_invalid!.payloadBase64, 'base64').toString())).toEqual(wrongShape);

    // Terminated, not retried: the work queue drains (term follows the dead-letter ack) and nothing was redelivered.
    await waitFor(queueDrained, 5_000, 'the work queue to drain');
    const info = await bus.jsm.consumers.info(bus.namespace.stream(streams.enrich), 'enricher');
    expect(info.num_redelivered).toBe(0);
  });

  it('PermanentError dead-letters once with its code and is never redelivered', async () => {
    let calls = 0;
    const consumer = await runConsumer({
      bus,
      service: 'enricher-b',
      stream: streams.enrich,
      pullExpiresMs: 1_000,
      durable: 'enricher',
      filterSubject: subjects.enrichRequested,
      eventType: 'enrich.requested.v1',
      retry: fastRetry,
      handler: () => {
        calls++;
        throw new PermanentError('signal_missing', 'signal s-perm1 does not exist');
      },
    });
    await bus.publish('enrich.requested.v1', subjects.enrichRequested, enrichRequest('perm1'), { msgId: 'enrich:perm1' });
    await waitFor(() => deadLetters.some((d) => d.data.service === 'enricher-b'), 15_000, 'the dead letter');
    await waitFor(queueDrained, 5_000, 'the work queue to drain');
    await consumer.stop();

    const dl = deadLetters.find((d) => d.data.service === 'enricher-b')!.data;
    expect(dl.errorCode).toBe('signal_missing');
    expect(dl.reason).toBe('signal s-perm1 does not exist');
    expect(calls).toBe(1);
  });

  it('a handler that keeps failing is retried maxDeliver times, then dead-lettered', async () => {
    const attempts: number[] = [];
    const consumer = await runConsumer({
      bus,
      service: 'enricher-c',
      stream: streams.enrich,
      pullExpiresMs: 1_000,
      durable: 'enricher',
      filterSubject: subjects.enrichRequested,
      eventType: 'enrich.requested.v1',
      retry: fastRetry,
      handler: (_event, ctx) => {
        attempts.push(ctx.deliveryCount);
        throw new Error('provider returned 503');
      },
    });
    await bus.publish('enrich.requested.v1', subjects.enrichRequested, enrichRequest('flaky1'), { msgId: 'enrich:flaky1' });
    await waitFor(() => deadLetters.some((d) => d.data.service === 'enricher-c'), 15_000, 'the dead letter');
    await consumer.stop();

    const dl = deadLetters.find((d) => d.data.service === 'enricher-c')!.data;
    expect(attempts).toEqual([1, 2, 3]);
    expect(dl.errorCode).toBe('retries_exhausted');
    expect(dl.reason).toBe('provider returned 503');
    expect(dl.deliveryCount).toBe(3);
  });
});
