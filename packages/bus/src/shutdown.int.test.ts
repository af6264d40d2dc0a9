import { streams, subjects } from '@intent-radar/proto-schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from './bus.ts';
import { runConsumer, type MessageHandler, type RunConsumerOptions } from './consumer-runner.ts';
import { openTestBus, waitFor } from './test-bus.ts';

let testBus: Awaited<ReturnType<typeof openTestBus>>;
let bus: Bus;
beforeAll(async () => {
  testBus = await openTestBus('shutdown-test');
  bus = testBus.bus;
});
afterAll(async () => testBus.destroy());

const retry = { maxDeliver: 5, backoffMs: [50], ackWaitMs: 5_000 };

async function publishJobs(prefix: string, n: number, firstSlot = 0): Promise<void> {
  await bus.publishMany(
    Array.from({ length: n }, (_, i) => ({
      type: 'job.scheduled.v1' as const,
      subject: subjects.scheduledJob('digest'),
      data: { kind: 'digest' as const, slot: firstSlot + i, period: 'daily' as const },
      msgId: `${prefix}:${i}`,
    })),
  );
}

function consumerFor(
  handler: MessageHandler<'job.scheduled.v1'>,
  shutdownGraceMs: number,
  overrides: Partial<RunConsumerOptions<'job.scheduled.v1'>> = {},
) {
  return runConsumer({
    bus,
    service: 'notifier',
    stream: streams.scheduledJobs,
    durable: 'notifier-digests',
    filterSubject: subjects.scheduledJobsAll,
    eventType: 'job.scheduled.v1',
    concurrency: 4,
    retry,
    shutdownGraceMs,
    pullExpiresMs: 1_000,
    handler,
    ...overrides,
  });
}

describe('stop()', () => {
  it('messages that reach the open pull while stopping come back once, not bounced until their retries are gone', async () => {
    await publishJobs('bounce', 3);
    let release: (() => void) | undefined;
    const gate = new Promise<void>((r) => (release = r));
    const handled = new Map<number, number[]>();
    const record: MessageHandler<'job.scheduled.v1'> = (event, ctx) => {
      handled.set(event.data.slot, [...(handled.get(event.data.slot) ?? []), ctx.deliveryCount]);
      return Promise.resolve();
    };
    // 64 slots: 3 held by gated handlers, an open pull for the other 61 while stopping.
    const first = await consumerFor(
      async (event, ctx) => {
        await gate;
        await record(event, ctx);
      },
      10_000,
      { durable: 'notifier-bounce', concurrency: 64, pullExpiresMs: 2_000 },
    );
    await waitFor(() => first.inFlight() === 3, 15_000, '3 handlers in flight');
    const stopping = first.stop();
    await publishJobs('bounce-late', 3, 100);
    release!();
    await stopping;

    const second = await consumerFor(record, 10_000, { durable: 'notifier-bounce' });
    await waitFor(() => handled.size === 6, 20_000, 'all 6 jobs handled');
    await second.stop();
    // A work-queue stream takes one consumer per filter: make room for the tests below.
    await bus.jsm.consumers.delete(bus.namespace.stream(streams.scheduledJobs), 'notifier-bounce');
    // Each late job was handled once, on its first or second delivery; with a plain nak the open
    // pull bounced them past maxDeliver (5) and they were dead-lettered unhandled.
    for (const slot of [100, 101, 102]) {
      expect(handled.get(slot)).toHaveLength(1);
      expect(handled.get(slot)![0]).toBeLessThanOrEqual(2);
    }
  });

  it('finishes in-flight handlers, takes nothing new, and a new consumer gets the rest exactly once', async () => {
    await publishJobs('finish', 20);
    const done = new Map<number, number>();
    let release: (() => void) | undefined;
    const gate = new Promise<void>((r) => (release = r));
    const slow: MessageHandler<'job.scheduled.v1'> = async (event) => {
      await gate; // in flight until the test lets it finish
      done.set(event.data.slot, (done.get(event.data.slot) ?? 0) + 1);
    };
    const first = await consumerFor(slow, 10_000);
    await waitFor(() => first.inFlight() === 4, 15_000, '4 handlers in flight');
    const stopping = first.stop();
    release!();
    await stopping;
    expect(done.size).toBe(4); // the in-flight ones finished, nothing new started

    const second = await consumerFor(async (event) => {
      done.set(event.data.slot, (done.get(event.data.slot) ?? 0) + 1);
      return Promise.resolve();
    }, 10_000);
    await waitFor(() => done.size === 20, 15_000, 'all 20 jobs');
    await second.stop();
    expect([...done.values()].every((n) => n === 1)).toBe(true);
    const info = await bus.jsm.consumers.info(bus.namespace.stream(streams.scheduledJobs), 'notifier-digests');
    expect(info.num_pending + info.num_ack_pending).toBe(0);
  });

  it('returns handlers that outlive the grace period (nak) so a new consumer processes them', async () => {
    await publishJobs('grace', 8);
    const completed = new Map<number, number>();
    let started = 0;
    const stuck: MessageHandler<'job.scheduled.v1'> = async (event, ctx) => {
      started++;
      // Never finishes on its own; honours the shutdown signal without committing its effect.
      await new Promise<void>((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))));
      completed.set(event.data.slot, 1);
    };
    const first = await consumerFor(stuck, 200);
    await waitFor(() => first.inFlight() === 4, 15_000, '4 stuck handlers');
    await first.stop();
    expect(first.inFlight()).toBe(0);
    expect(started).toBe(4);
    expect(completed.size).toBe(0);

    const second = await consumerFor(async (event) => {
      completed.set(event.data.slot, (completed.get(event.data.slot) ?? 0) + 1);
      return Promise.resolve();
    }, 10_000);
    await waitFor(() => completed.size === 8, 15_000, 'all 8 jobs');
    await second.stop();
    expect([...completed.values()].every((n) => n === 1)).toBe(true);
  });
});
