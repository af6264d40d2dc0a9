import { createLogger } from '@intent-radar/logger';
import { nanos } from '@nats-io/transport-node';
import { streams, subjects } from '@intent-radar/proto-schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from './bus.ts';
import { ensureDurableConsumer } from './durable-consumer.ts';
import { openTestBus } from './test-bus.ts';

let testBus: Awaited<ReturnType<typeof openTestBus>>;
let bus: Bus;
beforeAll(async () => {
  testBus = await openTestBus('durable-test');
  bus = testBus.bus;
});
afterAll(async () => testBus.destroy());

const logger = createLogger({ service: 'durable-test', level: 'silent' });

describe('ensureDurableConsumer', () => {
  it('creates once when replicas race, then updates the fields the retry policy owns', async () => {
    const stream = bus.namespace.stream(streams.signals);
    const spec = {
      stream,
      durable: 'notifier',
      filterSubject: bus.namespace.subject(subjects.signalsCreatedAll),
      retry: { maxDeliver: 4, backoffMs: [1_000], ackWaitMs: 5_000 },
      maxAckPending: 100,
    };
    await Promise.all([1, 2, 3, 4].map(() => ensureDurableConsumer(bus.jsm, spec, logger)));
    const created = await bus.jsm.consumers.info(stream, 'notifier');
    expect(created.config.max_deliver).toBe(5); // one spare delivery for a process that died on the last attempt
    expect(created.config.ack_wait).toBe(nanos(5_000));
    expect(created.config.filter_subject).toBe(`${bus.namespace.name}.signals.created.>`);
    expect(created.config.ack_policy).toBe('explicit');

    await ensureDurableConsumer(bus.jsm, { ...spec, retry: { ...spec.retry, maxDeliver: 7, ackWaitMs: 9_000 }, maxAckPending: 50 }, logger);
    const updated = await bus.jsm.consumers.info(stream, 'notifier');
    expect(updated.config.max_deliver).toBe(8);
    expect(updated.config.ack_wait).toBe(nanos(9_000));
    expect(updated.config.max_ack_pending).toBe(50);
    let count = 0;
    for await (const _c of bus.jsm.consumers.list(stream)) count++;
    expect(count).toBe(1);
  });
});
