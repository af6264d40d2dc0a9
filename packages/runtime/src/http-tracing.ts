import { context, defaultTextMapGetter, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const tracer = trace.getTracer('@intent-radar/runtime/http');
// Always W3C, registered SDK or not: the same traceparent format the bus carries on NATS headers.
const w3c = new W3CTraceContextPropagator();
const spans = new WeakMap<FastifyRequest, Span>();

/**
 * Adds a SERVER span per request that continues an incoming `traceparent` header, and runs the
 * rest of the request (handlers, bus publishes, outbound calls) inside it. Call on the root
 * instance before registering routes. A no-op span when tracing is off.
 */
export function traceHttpRequests(app: FastifyInstance): void {
  app.addHook('onRequest', (req, _reply, done) => {
    const parent = w3c.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
    const route = req.routeOptions.url ?? 'unmatched';
    const span = tracer.startSpan(
      `${req.method} ${route}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'http.route': route } },
      parent,
    );
    spans.set(req, span);
    // Later hooks and the handler run in this async context (AsyncLocalStorage follows `done`).
    context.with(trace.setSpan(parent, span), done);
  });
  const end = (req: FastifyRequest, statusCode: number | undefined): void => {
    const span = spans.get(req);
    if (!span) return;
    spans.delete(req);
    if (statusCode !== undefined) span.setAttribute('http.response.status_code', statusCode);
    if (statusCode === undefined || statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  app.addHook('onResponse', (req, reply, done) => {
    end(req, reply.statusCode);
    done();
  });
  app.addHook('onRequestAbort', (req, done) => {
    end(req, undefined);
    done();
  });
}
