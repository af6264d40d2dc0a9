import { randomFillSync } from 'node:crypto';
import { context, isSpanContextValid, ProxyTracerProvider, trace, TraceFlags, type Context, type Span, type SpanOptions } from '@opentelemetry/api';

/** A parsed W3C `traceparent` header (https://www.w3.org/TR/trace-context/#traceparent-header). */
export interface TraceContext {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/** Parses a traceparent header; returns undefined for anything the spec says to ignore. */
export function parseTraceparent(header: string | undefined | null): TraceContext | undefined {
  if (!header) return undefined;
  const m = TRACEPARENT.exec(header.trim());
  if (!m) return undefined;
  const [, version, traceId, spanId, flags, rest] = m as unknown as [string, string, string, string, string, string?];
  // Version 00 has exactly four fields; later versions may append more, "ff" is forbidden.
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

/** Formats a context as a version-00 traceparent header. */
export function formatTraceparent(ctx: TraceContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.sampled ? '01' : '00'}`;
}

/**
 * The traceparent for an outgoing message: same trace as `parent` with a new span id, or a new
 * sampled trace when there is no valid parent.
 */
export function nextTraceparent(parent?: string | null): string {
  return formatTraceparent(childTraceContext(parseTraceparent(parent)));
}

/** A new span id in `parent`'s trace, or a new sampled trace when there is no parent. */
export function childTraceContext(parent: TraceContext | undefined): TraceContext {
  return { traceId: parent?.traceId ?? nonZeroHex(16, ZERO_TRACE), spanId: nonZeroHex(8, ZERO_SPAN), sampled: parent?.sampled ?? true };
}

// Ids come from a refilled pool: randomBytes() per id was a native job and a Buffer per message.
const randomPool = Buffer.allocUnsafe(4096);
let randomOffset = randomPool.length;

function nonZeroHex(bytes: number, zero: string): string {
  for (;;) {
    if (randomOffset + bytes > randomPool.length) {
      randomFillSync(randomPool);
      randomOffset = 0;
    }
    const hex = randomPool.toString('hex', randomOffset, (randomOffset += bytes));
    if (hex !== zero) return hex;
  }
}

/**
 * OpenTelemetry side of the same headers. The API is a no-op until a tracer provider is
 * registered (runtime's startTracing, only when an OTLP endpoint is configured); the traceparent
 * headers keep flowing either way.
 */
export const busTracer = trace.getTracer('@intent-radar/bus');

const noopTracerProvider = new ProxyTracerProvider().getDelegate();

/**
 * False until a tracer provider is registered. The bus then skips spans and OTel contexts
 * altogether (they were ~4% of its CPU per message while doing nothing) and only carries the
 * traceparent on. Checked per message: a provider can be registered after a consumer started.
 */
export function tracingEnabled(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== noopTracerProvider;
}

/** A started span, the context it runs under, and the trace context its children carry. */
export interface StartedSpan {
  span: Span;
  /** The context the span was started in (its parent); `trace.setSpan(parent, span)` makes it active. */
  parent: Context;
  traceContext: TraceContext;
}

/** Starts a span whose parent is the one `incoming` names (the active context when undefined). */
export function startSpanUnder(incoming: TraceContext | undefined, name: string, options: SpanOptions): StartedSpan {
  const parent = incoming
    ? trace.setSpanContext(context.active(), {
        traceId: incoming.traceId,
        spanId: incoming.spanId,
        traceFlags: incoming.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
        isRemote: true,
      })
    : context.active();
  const span = busTracer.startSpan(name, options, parent);
  return { span, parent, traceContext: traceContextForSpan(span, parent) };
}

/**
 * The trace context children of `span` carry: the span's own ids when it is a real span; when it
 * only mirrors its parent (sampled out, or a no-op tracer) a new span id in the parent's trace.
 */
function traceContextForSpan(span: Span, parent: Context): TraceContext {
  const own = span.spanContext();
  const parentSpan = trace.getSpanContext(parent);
  if (isSpanContextValid(own) && own.spanId !== parentSpan?.spanId) {
    return { traceId: own.traceId, spanId: own.spanId, sampled: (own.traceFlags & TraceFlags.SAMPLED) !== 0 };
  }
  const valid = parentSpan && isSpanContextValid(parentSpan);
  return childTraceContext(valid ? { traceId: parentSpan.traceId, spanId: parentSpan.spanId, sampled: (parentSpan.traceFlags & TraceFlags.SAMPLED) !== 0 } : undefined);
}
