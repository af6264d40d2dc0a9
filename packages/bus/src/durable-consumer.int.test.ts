import { createLogger } from '@intent-radar/logger';
import { nanos } from '@nats-io/transport-node';
import { streams, subjects } from '@intent-radar/proto-schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from './bus.ts';
import { AckPolicy } from '@nats-io/jetstream';
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
    expect(created.config.max_deliver).toBe(-1); // the runner counts deliveries; the server never strands a message
    expect(created.config.ack_wait).toBe(nanos(5_000));
    expect(created.config.filter_subject).toBe(`${bus.namespace.name}.signals.created.>`);
    expect(created.config.ack_policy).toBe('explicit');

    await ensureDurableConsumer(bus.jsm, { ...spec, retry: { ...spec.retry, maxDeliver: 7, ackWaitMs: 9_000 }, maxAckPending: 50 }, logger);
    const updated = await bus.jsm.consumers.info(stream, 'notifier');
    expect(updated.config.max_deliver).toBe(-1);
    expect(updated.config.ack_wait).toBe(nanos(9_000));
    expect(updated.config.max_ack_pending).toBe(50);
    let count = 0;
    for await (const _c of bus.jsm.consumers.list(stream)) count++;
    expect(count).toBe(1);
  });

  it('lifts a server-side delivery limit left by an older deployment', async () => {
    const stream = bus.namespace.stream(streams.signals);
    const filterSubject = bus.namespace.subject(subjects.signalsCreatedAll);
    await bus.jsm.consumers.add(stream, { durable_name: 'legacy', ack_policy: AckPolicy.Explicit, filter_subject: filterSubject, max_deliver: 5, ack_wait: nanos(5_000), max_ack_pending: 100 });
    await ensureDurableConsumer(bus.jsm, { stream, durable: 'legacy', filterSubject, retry: { maxDeliver: 4, backoffMs: [1_000], ackWaitMs: 5_000 }, maxAckPending: 100 }, logger);
    expect((await bus.jsm.consumers.info(stream, 'legacy')).config.max_deliver).toBe(-1);
  });
});
