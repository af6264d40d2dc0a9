import type { Logger } from '@intent-radar/logger';
import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-node';

export interface TracingOptions {
  /** `service.name` of every span this process exports. */
  serviceName: string;
  /** OTLP/HTTP collector base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`); spans go to `<url>/v1/traces`. */
  otlpEndpoint?: string | undefined;
  /** Exports every span synchronously to this exporter instead (tests: InMemorySpanExporter). */
  exporter?: SpanExporter;
  logger?: Logger;
}

/** A started (or skipped) tracer provider. */
export interface Tracing {
  readonly enabled: boolean;
  /** Flushes pending spans and unregisters the provider (the API is a no-op again). */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK when an OTLP endpoint (or a test exporter) is given. Off by
 * default: without it the API stays a no-op, spans are not recorded and nothing is exported,
 * while the W3C traceparent headers on NATS messages keep the trace ids in the logs.
 */
export function startTracing(opts: TracingOptions): Tracing {
  if (!opts.otlpEndpoint && !opts.exporter) return { enabled: false, shutdown: () => Promise.resolve() };
  const processor = opts.exporter
    ? new SimpleSpanProcessor(opts.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: new URL('v1/traces', withSlash(opts.otlpEndpoint as string)).href }));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName }),
    spanProcessors: [processor],
  });
  // Global provider, AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  opts.logger?.info({ otlpEndpoint: opts.otlpEndpoint ?? '(test exporter)' }, 'tracing: OpenTelemetry spans exported');
  return {
    enabled: true,
    async shutdown() {
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
