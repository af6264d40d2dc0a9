import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTracing, type TestTracing } from './testing.ts';

let tracing: TestTracing;
let server: Server;
let origin: string;
const received: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  tracing = await startTestTracing('outbound-test');
  server = createServer((req, res) => {
    received.push(req.headers);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await tracing.shutdown();
});

describe('outbound HTTP tracing', () => {
  it('a fetch inside a span gets a CLIENT child span, carries traceparent, and the span keeps no path or query', async () => {
    // As a consumer handler or a gateway route runs: inside an active span.
    await trace.getTracer('test').startActiveSpan('work', async (span) => {
      const res = await fetch(`${origin}/services/T1/B1/secret-token?api_key=hunter2`);
      expect(res.status).toBe(200);
      span.end();
    });
    const work = tracing.spans().find((s) => s.name === 'work');
    const client = tracing.spans().find((s) => s.kind === SpanKind.CLIENT);
    expect(client?.parentSpanContext?.spanId).toBe(work?.spanContext().spanId);
    expect(received.at(-1)?.traceparent).toBe(`00-${client!.spanContext().traceId}-${client!.spanContext().spanId}-01`);
    const attributes = JSON.stringify(client?.attributes);
    expect(attributes).not.toContain('secret-token');
    expect(attributes).not.toContain('hunter2');
    expect(client?.attributes['url.full']).toBe(origin);
    expect(client?.attributes['http.response.status_code']).toBe(200);
  });

  it('a fetch outside any span makes no span and sends no traceparent', async () => {
    const before = tracing.spans().length;
    await fetch(`${origin}/poll`);
    expect(tracing.spans().length).toBe(before);
    expect(received.at(-1)?.traceparent).toBeUndefined();
  });
});
