import { trace } from '@opentelemetry/api';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceHttpRequests } from './http-tracing.ts';
import { startTestTracing, type TestTracing } from './testing.ts';

let tracing: TestTracing;
beforeAll(async () => {
  tracing = await startTestTracing('http-test');
});
afterAll(async () => tracing.shutdown());

async function appWithRoute() {
  const app = Fastify();
  traceHttpRequests(app);
  const seen: { traceId?: string; spanId?: string } = {};
  app.get('/things/:id', async () => {
    // What a publish or an outbound call inside the handler would take as its parent.
    const active = trace.getActiveSpan()?.spanContext();
    seen.traceId = active?.traceId;
    seen.spanId = active?.spanId;
    return Promise.resolve({ ok: true });
  });
  await app.ready();
  return { app, seen };
}

describe('traceHttpRequests', () => {
  it('continues an incoming traceparent: one SERVER span in that trace, active in the handler', async () => {
    const { app, seen } = await appWithRoute();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await app.inject({ method: 'GET', url: '/things/7', headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    expect(res.statusCode).toBe(200);
    const span = tracing.spans().find((s) => s.name === 'GET /things/:id' && s.spanContext().traceId === traceId);
    expect(span).toBeDefined();
    expect(span!.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(span!.attributes['http.response.status_code']).toBe(200);
    expect(seen).toEqual({ traceId, spanId: span!.spanContext().spanId });
    await app.close();
  });

  it('starts a new trace without a (valid) traceparent', async () => {
    const { app, seen } = await appWithRoute();
    await app.inject({ method: 'GET', url: '/things/8', headers: { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' } });
    expect(seen.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(seen.traceId).not.toBe('0'.repeat(32));
    const span = tracing.spans().find((s) => s.spanContext().spanId === seen.spanId);
    expect(span?.parentSpanContext).toBeUndefined();
    await app.close();
  });
});
