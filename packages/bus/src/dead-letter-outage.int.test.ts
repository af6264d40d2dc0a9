import { streams, subjects } from '@intent-radar/proto-schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from './bus.ts';
import { runConsumer } from './consumer-runner.ts';
import { openTestBus, waitFor } from './test-bus.ts';

let testBus: Awaited<ReturnType<typeof openTestBus>>;
let bus: Bus;
beforeAll(async () => {
  testBus = await openTestBus('dlq-outage-test');
  bus = testBus.bus;
});
afterAll(async () => testBus.destroy());

describe('dead-letter stream unavailable', () => {
  it('a message whose dead-letter publish keeps failing is redelivered past its budget and dead-lettered once the stream is back', async () => {
    const dlqStream = bus.namespace.stream(streams.deadLetter);
    await bus.jsm.streams.delete(dlqStream);
    let attempts = 0;
    const consumer = await runConsumer({
      bus,
      service: 'enricher-outage',
      stream: streams.enrich,
      pullExpiresMs: 1_000,
      durable: 'enricher',
      filterSubject: subjects.enrichRequested,
      eventType: 'enrich.requested.v1',
      retry: { maxDeliver: 2, backoffMs: [50], ackWaitMs: 5_000 },
      handler: () => {
        attempts++;
        return Promise.reject(new Error('downstream unavailable'));
      },
    });
    await bus.publish('enrich.requested.v1', subjects.enrichRequested, { requestId: 'r1', workspaceId: 'w1', signalId: 's1', requestedBy: 'user' }, { msgId: 'enrich:r1' });
    const consumerInfo = () => bus.jsm.consumers.info(bus.namespace.stream(streams.enrich), 'enricher');
    // A server-side max_deliver of maxDeliver + 1 would stop at 3 deliveries and strand the message.
    await waitFor(async () => (await consumerInfo()).delivered.consumer_seq >= 5, 15_000, 'deliveries beyond the retry budget');
    expect(attempts).toBe(2); // the handler runs only within the budget; later deliveries only try to dead-letter

    await bus.provision();
    await waitFor(async () => (await bus.jsm.streams.info(dlqStream)).state.messages === 1, 15_000, 'the dead letter');
    await waitFor(async () => {
      const info = await consumerInfo();
      return info.num_pending === 0 && info.num_ack_pending === 0;
    }, 15_000, 'the message settled');
    await consumer.stop();
    const dead = await bus.jsm.streams.getMessage(dlqStream, { seq: 1 });
    expect(dead?.json<{ data: { errorCode: string; service: string } }>().data).toMatchObject({ errorCode: 'retries_exhausted', service: 'enricher-outage' });
  });
});
