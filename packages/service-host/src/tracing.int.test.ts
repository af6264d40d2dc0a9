import { parseTraceparent, runConsumer, type ConsumerHandle, type EventInput } from '@intent-radar/bus';
import { openTestBus, waitFor } from '@intent-radar/bus/testing';
import { startTestTracing, type TestTracing } from '@intent-radar/runtime/testing';
import { streams, subjects } from '@intent-radar/proto-schemas';
import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let testBus: Awaited<ReturnType<typeof openTestBus>>;
let tracing: TestTracing;
let consumer: ConsumerHandle | undefined;
beforeAll(async () => {
  tracing = await startTestTracing('bus-tracing-test');
  testBus = await openTestBus('tracing');
});
afterAll(async () => {
  await consumer?.stop();
  await testBus.destroy();
  await tracing.shutdown();
});

function rawPost(externalId: string): EventInput<'post.raw.v1'> {
  const now = new Date().toISOString();
  return {
    platform: 'reddit',
    externalId,
    kind: 'post',
    url: `https://reddit.com/r/sales/${externalId}`,
    content: 'Looking for a ZoomInfo alternative',
    author: { handle: 'u_buyer' },
    createdAt: now,
    fetchedAt: now,
    ingestMode: 'search',
    matches: [{ monitorId: 'm1', queryKey: 'zoominfo alternative' }],
  };
}

describe('OpenTelemetry spans over NATS', () => {
  it('a message published with a traceparent is consumed in a CONSUMER span of the same trace, parented by the PRODUCER span', async () => {
    const { bus } = testBus;
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const upstream = `00-${traceId}-00f067aa0ba902b7-01`;
    const received: { header?: string; ctxTraceparent?: string } = {};
    consumer = await runConsumer({
      bus,
      service: 'tracing-test',
      stream: streams.posts,
      durable: 'tracing-test',
      filterSubject: subjects.postRaw('reddit'),
      eventType: 'post.raw.v1',
      pullExpiresMs: 1_000,
      handler: async (_event, ctx) => {
        received.header = ctx.headers?.get('traceparent');
        received.ctxTraceparent = ctx.traceparent;
        return Promise.resolve();
      },
    });
    const res = await bus.publish('post.raw.v1', subjects.postRaw('reddit'), rawPost('t1'), { msgId: 'reddit:t1', traceparent: upstream });
    await waitFor(() => tracing.spans().some((s) => s.kind === SpanKind.CONSUMER), 15_000, 'the consumer span');

    const producer = tracing.spans().find((s) => s.kind === SpanKind.PRODUCER && s.name === 'publish post.raw.v1');
    const consumerSpan = tracing.spans().find((s) => s.kind === SpanKind.CONSUMER && s.name === 'process tracing-test');
    expect(producer?.spanContext().traceId).toBe(traceId);
    expect(producer?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    // The header on the wire names the producer span, and the consumer span is its child.
    expect(res.traceparent).toBe(received.header);
    expect(parseTraceparent(received.header)?.spanId).toBe(producer?.spanContext().spanId);
    expect(consumerSpan?.spanContext().traceId).toBe(traceId);
    expect(consumerSpan?.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
    expect(consumerSpan?.attributes['messaging.outcome']).toBe('ack');
    // What the handler passes on to its own publishes: the consumer span.
    expect(parseTraceparent(received.ctxTraceparent)?.spanId).toBe(consumerSpan?.spanContext().spanId);
  });
});
