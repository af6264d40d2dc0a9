import { consumers, streams, subjects, type EventData, type EventOf } from '@intent-radar/proto-schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from './bus.ts';
import { runConsumer, type MessageContext } from './consumer-runner.ts';
import type { EventInput } from './envelope-validation.ts';
import { InvalidEventError } from './errors.ts';
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
    const after = (await bus.jsm.streams.info(stream)).state.messages;
    expect(after).toBe(before);
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
