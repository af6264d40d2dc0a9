import { consumers, streams, subjects, type EventData, type EventOf } from '@intent-radar/proto-schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from './bus.ts';
import { runConsumer, type MessageContext } from './consumer-runner.ts';
import type { EventInput } from './envelope-validation.ts';
import { BusClosedError, InvalidEventError, UnknownEventTypeError } from './errors.ts';
import type { BusMetrics } from './metrics.ts';
import { parseTraceparent } from './trace-context.ts';
import { openTestBus, waitFor } from './test-bus.ts';

let bus: Bus;
let testBus: Awaited<ReturnType<typeof openTestBus>>;
beforeAll(async () => {
  testBus = await openTestBus();
  bus = testBus.bus;
});
afterAll(async () => testBus.destroy());

function rawPost(externalId: string): EventInput<'post.raw.v1'> {
  const now = new Date().toISOString();
  return {
    platform: 'reddit',
    externalId,
    kind: 'post',
    url: `https://reddit.com/r/sales/${externalId}`,
    content: 'Looking for a ZoomInfo alternative under $500/month',
    author: { handle: 'u_buyer' },
    createdAt: now,
    fetchedAt: now,
    ingestMode: 'search',
    matches: [{ monitorId: 'm1', queryKey: 'zoominfo alternative' }],
  };
}

describe('publish -> consume', () => {
  it('delivers a validated envelope with headers, defaults applied and trace continued', async () => {
    const received: Array<{ event: EventOf<'post.raw.v1'>; ctx: MessageContext }> = [];
    const handle = await runConsumer({
      bus,
      service: 'scorer-test',
      stream: streams.posts,
      pullExpiresMs: 1_000,
      durable: consumers.intentScorer,
      filterSubject: subjects.postsRawAll,
      eventType: 'post.raw.v1',
      concurrency: 4,
      handler: (event, ctx) => {
        received.push({ event, ctx });
        return Promise.resolve();
      },
    });
    const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await bus.publish('post.raw.v1', subjects.postRaw('reddit'), rawPost('abc1'), { msgId: 'reddit:abc1', traceparent: parent });
    expect(res.duplicate).toBe(false);
    expect(res.stream).toBe(bus.namespace.stream(streams.posts));
    await waitFor(() => received.length === 1, 15_000, 'the event');
    await handle.stop();

    const [{ event, ctx }] = received as [(typeof received)[number]];
    expect(event.type).toBe('post.raw.v1');
    expect(event.id).toBe(res.eventId);
    expect(event.source).toBe('bus-test');
    const data: EventData<'post.raw.v1'> = event.data;
    expect(data.externalId).toBe('abc1');
    expect(data.links).toEqual([]); // schema default applied before publishing
    expect(ctx.subject).toBe('posts.raw.reddit');
    expect(ctx.deliveryCount).toBe(1);
    expect(ctx.headers?.get('Nats-Msg-Id')).toBe('reddit:abc1');
    expect(ctx.headers?.get('ir-event-type')).toBe('post.raw.v1');
    expect(parseTraceparent(ctx.traceparent)?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(ctx.traceparent).not.toBe(parent); // new span, same trace
  });

  it('throws on invalid data and publishes nothing', async () => {
    const stream = bus.namespace.stream(streams.posts);
    const before = (await bus.jsm.streams.info(stream)).state.messages;
    const bad = { ...rawPost('bad1'), platform: 'myspace' } as unknown as EventInput<'post.raw.v1'>;
    await expect(bus.publish('post.raw.v1', subjects.postRaw('reddit'), bad, { msgId: 'reddit:bad1' })).rejects.toBeInstanceOf(InvalidEventError);
    await expect(
      bus.publishMany([
        { type: 'post.raw.v1', subject: subjects.postRaw('reddit'), data: rawPost('ok2'), msgId: 'reddit:ok2' },
        { type: 'post.raw.v1', subject: subjects.postRaw('reddit'), data: bad, msgId: 'reddit:bad2' },
      ]),
    ).rejects.toThrow(/platform/);
    await expect(bus.publish('post.raw.v1', subjects.signalUpdated, rawPost('x9'), { msgId: 'reddit:x9' })).rejects.toMatchObject({
      code: 'BUS_WRONG_SUBJECT',
    });
    await expect(bus.publish('post.raw.v1', subjects.postRaw('reddit'), rawPost('x8'), { msgId: '' })).rejects.toMatchObject({
      code: 'BUS_INVALID_MSG_ID',
    });
    await expect(
      bus.publish('nope.v1' as 'post.raw.v1', subjects.postRaw('reddit'), rawPost('x7'), { msgId: 'reddit:x7' }),
    ).rejects.toBeInstanceOf(UnknownEventTypeError);
    const after = (await bus.jsm.streams.info(stream)).state.messages;
    expect(after).toBe(before);
  });

  it('reports received/settled/dead-letter counts and handler latency through the metrics hook', async () => {
    const seen: string[] = [];
    const metrics: BusMetrics = {
      messageReceived: (l) => seen.push(`in:${l.durable}`),
      messageSettled: (l, outcome, ms) => seen.push(`${outcome}:${l.stream}:${ms >= 0 ? 'ms' : 'bad'}`),
      deadLettered: (_l, code) => seen.push(`dlq:${code}`),
    };
    const handle = await runConsumer({
      bus,
      service: 'metrics-test',
      stream: streams.posts,
      pullExpiresMs: 1_000,
      durable: 'metrics-test',
      filterSubject: subjects.postRaw('linkedin'),
      eventType: 'post.raw.v1',
      metrics,
      handler: () => Promise.resolve(),
    });
    await bus.publish('post.raw.v1', subjects.postRaw('linkedin'), { ...rawPost('m1'), platform: 'linkedin' }, { msgId: 'linkedin:m1' });
    await bus.js.publish(bus.namespace.subject(subjects.postRaw('linkedin')), 'junk');
    await waitFor(() => seen.filter((s) => !s.startsWith('in:')).length === 3, 15_000, 'both messages settled');
    await handle.stop();
    expect(seen.sort()).toEqual(['ack:POSTS:ms', 'dead_letter:POSTS:ms', 'dlq:invalid_json', 'in:metrics-test', 'in:metrics-test']);
  });

  it('keeps a handler slower than ack_wait alive with working() so it is not redelivered', async () => {
    const deliveries: number[] = [];
    const handle = await runConsumer({
      bus,
      service: 'slow-test',
      stream: streams.posts,
      pullExpiresMs: 1_000,
      durable: 'slow-test',
      filterSubject: subjects.postRaw('twitter'),
      eventType: 'post.raw.v1',
      retry: { maxDeliver: 3, backoffMs: [100], ackWaitMs: 1_000 },
      handler: async (_event, ctx) => {
        deliveries.push(ctx.deliveryCount);
        // Simulated slow work: 2.5 x ack_wait.
        await new Promise((r) => setTimeout(r, 2_500));
      },
    });
    await bus.publish('post.raw.v1', subjects.postRaw('twitter'), { ...rawPost('slow1'), platform: 'twitter' }, { msgId: 'twitter:slow1' });
    await waitFor(async () => (await bus.jsm.consumers.info(bus.namespace.stream(streams.posts), 'slow-test')).ack_floor.stream_seq > 0, 15_000, 'the ack');
    await handle.stop();
    expect(deliveries).toEqual([1]);
    const info = await bus.jsm.consumers.info(bus.namespace.stream(streams.posts), 'slow-test');
    expect(info.num_redelivered).toBe(0);
  });

  it('refuses to publish on a closed bus', async () => {
    const other = await openTestBus('closed-test');
    await other.destroy();
    await expect(other.bus.publish('post.raw.v1', subjects.postRaw('reddit'), rawPost('c1'), { msgId: 'reddit:c1' })).rejects.toBeInstanceOf(
      BusClosedError,
    );
  });

  it('deduplicates a repeated msgId', async () => {
    const first = await bus.publish('post.raw.v1', subjects.postRaw('reddit'), rawPost('dup1'), { msgId: 'reddit:dup1' });
    const second = await bus.publish('post.raw.v1', subjects.postRaw('reddit'), rawPost('dup1'), { msgId: 'reddit:dup1' });
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.seq).toBe(first.seq);
  });

  it('publishMany publishes a batch under the in-flight bound', async () => {
    const items = Array.from({ length: 600 }, (_, i) => ({
      type: 'post.raw.v1' as const,
      subject: subjects.postRaw('hackernews'),
      data: { ...rawPost(`batch${i}`), platform: 'hackernews' as const },
      msgId: `hackernews:batch${i}`,
    }));
    const results = await bus.publishMany(items);
    expect(results).toHaveLength(600);
    expect(new Set(results.map((r) => r.seq)).size).toBe(600);
    expect(results.every((r) => !r.duplicate)).toBe(true);
  });
});
