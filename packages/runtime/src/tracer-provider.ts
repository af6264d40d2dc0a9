import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { Tracing, TracingOptions } from './tracing.ts';

/** The SDK side of startTracing (loaded only when tracing is on). */
export function startTracerProvider(opts: TracingOptions): Tracing {
  const processor = opts.exporter
    ? new SimpleSpanProcessor(opts.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: new URL('v1/traces', withSlash(opts.otlpEndpoint as string)).href }));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName }),
    spanProcessors: [processor],
  });
  // Global provider, AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  const stopInstrumentations = registerInstrumentations({ tracerProvider: provider, instrumentations: [outboundHttpInstrumentation()] });
  opts.logger?.info({ otlpEndpoint: opts.otlpEndpoint ?? '(test exporter)' }, 'tracing: OpenTelemetry spans exported');
  return {
    enabled: true,
    async shutdown() {
      stopInstrumentations();
      try {
        await provider.shutdown();
      } catch (err) {
        opts.logger?.warn({ err }, 'tracing: spans could not be flushed at shutdown');
      }
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * CLIENT spans for outbound HTTP made with fetch or undici (platform APIs, LLM, Slack, webhooks,
 * the SSRF-safe client), with `traceparent` added to the request. Only inside a traced operation
 * (a consumer or HTTP span), so background polls make no root spans. URLs are cut to their origin:
 * paths and query strings carry secrets (Slack webhook paths, `api_key=` parameters).
 */
function outboundHttpInstrumentation(): UndiciInstrumentation {
  return new UndiciInstrumentation({
    requireParentforSpans: true,
    startSpanHook: (request) => ({ 'url.full': request.origin, 'url.path': '', 'url.query': '' }),
  });
}
