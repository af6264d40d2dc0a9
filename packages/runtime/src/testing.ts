import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { startTracing, type Tracing } from './tracing.ts';

/** Tracing with every span kept in memory, for tests that assert on spans. */
export interface TestTracing extends Tracing {
  spans(): ReadableSpan[];
}

/** Registers the SDK with an in-memory exporter (the same path as an OTLP endpoint, synchronous export). */
export async function startTestTracing(serviceName = 'test'): Promise<TestTracing> {
  const exporter = new InMemorySpanExporter();
  const tracing = await startTracing({ serviceName, exporter });
  return { enabled: tracing.enabled, shutdown: () => tracing.shutdown(), spans: () => exporter.getFinishedSpans() };
}
