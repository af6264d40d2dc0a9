import { streams, subjects } from '@intent-radar/proto-schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from './bus.ts';
import { runConsumer, type MessageHandler } from './consumer-runner.ts';
import { openTestBus, waitFor } from './test-bus.ts';

let testBus: Awaited<ReturnType<typeof openTestBus>>;
let bus: Bus;
beforeAll(async () => {
  testBus = await openTestBus('shutdown-test');
  bus = testBus.bus;
});
afterAll(async () => testBus.destroy());

const retry = { maxDeliver: 5, backoffMs: [50], ackWaitMs: 5_000 };

async function publishJobs(prefix: string, n: number): Promise<void> {
  await bus.publishMany(
    Array.from({ length: n }, (_, i) => ({
      type: 'job.scheduled.v1' as const,
      subject: subjects.scheduledJob('digest'),
      data: { kind: 'digest' as const, slot: i, period: 'daily' as const },
      msgId: `${prefix}:${i}`,
    })),
  );
}

function consumerFor(handler: MessageHandler<'job.scheduled.v1'>, shutdownGraceMs: number) {
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
  });
}

describe('stop()', () => {
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
