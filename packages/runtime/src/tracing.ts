import type { Logger } from '@intent-radar/logger';
import type { SpanExporter } from '@opentelemetry/sdk-trace-node';

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
export async function startTracing(opts: TracingOptions): Promise<Tracing> {
  if (!opts.otlpEndpoint && !opts.exporter) return { enabled: false, shutdown: () => Promise.resolve() };
  // Imported only when on: the SDK, exporter and instrumentation cost ~0.3 s of CPU to load.
  const { startTracerProvider } = await import('./tracer-provider.ts');
  return startTracerProvider(opts);
}
