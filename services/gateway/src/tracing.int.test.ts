import { parseTraceparent } from '@intent-radar/bus';
import { streams } from '@intent-radar/proto-schemas';
import { startTestTracing, type TestTracing } from '@intent-radar/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, signup, type Harness, type Session } from './testing/gateway-harness.ts';
import { seedSignal } from './testing/seed.ts';

// OpenTelemetry through the gateway (issue 12): an incoming traceparent is continued and the bus publish is a child.
let tracing: TestTracing;
let h: Harness;
let s: Session;
beforeAll(async () => {
  tracing = await startTestTracing('gateway');
  h = await startHarness();
  s = await signup(h);
});
afterAll(async () => {
  await h?.close();
  await tracing.shutdown();
});

describe('gateway tracing', () => {
  it('continues an incoming traceparent; the enrich.requested publish is a child of the request span', async () => {
    const monitorId = (await h.gateway.app.inject({ method: 'POST', url: '/api/v1/monitors', headers: s.headers, payload: { name: 'm', query: 'crm' } })).json<{ id: string }>().id;
    const { signalId } = await seedSignal(h.db.pool, s.workspaceId, monitorId);
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const res = await h.gateway.app.inject({
      method: 'POST',
      url: `/api/v1/signals/${signalId}/enrich`,
      headers: { ...s.headers, traceparent: `00-${traceId}-b7ad6b7169203331-01` },
    });
    expect(res.statusCode).toBe(202);
    const server = tracing.spans().find((x) => x.name === 'POST /api/v1/signals/:id/enrich');
    expect(server?.spanContext().traceId).toBe(traceId);
    expect(server?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(server?.attributes['http.response.status_code']).toBe(202);
    const publish = tracing.spans().find((x) => x.name === 'publish enrich.requested.v1');
    expect(publish?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    const stored = await h.bus.jsm.streams.getMessage(h.bus.namespace.stream(streams.enrich), { last_by_subj: h.bus.namespace.subject('enrich.requested') });
    expect(parseTraceparent(stored?.header.get('traceparent'))).toMatchObject({ traceId, spanId: publish?.spanContext().spanId });
  });
});
