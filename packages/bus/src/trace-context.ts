import { randomBytes } from 'node:crypto';
import { context, isSpanContextValid, trace, TraceFlags, type Context, type Span } from '@opentelemetry/api';

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
  const ctx = parseTraceparent(parent);
  return formatTraceparent({
    traceId: ctx?.traceId ?? nonZeroHex(16),
    spanId: nonZeroHex(8),
    sampled: ctx?.sampled ?? true,
  });
}

function nonZeroHex(bytes: number): string {
  for (;;) {
    const hex = randomBytes(bytes).toString('hex');
    if (/[^0]/.test(hex)) return hex;
  }
}

/**
 * OpenTelemetry side of the same headers. The API is a no-op until a tracer provider is
 * registered (runtime's startTracing, only when an OTLP endpoint is configured), so spans cost a
 * few allocations when tracing is off and the traceparent headers keep flowing either way.
 */
export const busTracer = trace.getTracer('@intent-radar/bus');

/** An OTel context whose parent is the span a traceparent header names; the active context when absent or invalid. */
export function contextFromTraceparent(header: string | undefined | null): Context {
  const parent = parseTraceparent(header);
  if (!parent) return context.active();
  return trace.setSpanContext(context.active(), {
    traceId: parent.traceId,
    spanId: parent.spanId,
    traceFlags: parent.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });
}

/**
 * The traceparent that children of `span` carry: the span's own ids when tracing is on; with the
 * no-op API (the span just mirrors its parent) a new span id in the parent's trace, as before OTel.
 */
export function traceparentForSpan(span: Span, parent: Context): string {
  const own = span.spanContext();
  const parentSpan = trace.getSpanContext(parent);
  if (isSpanContextValid(own) && own.spanId !== parentSpan?.spanId) {
    return formatTraceparent({ traceId: own.traceId, spanId: own.spanId, sampled: (own.traceFlags & TraceFlags.SAMPLED) !== 0 });
  }
  const parentHeader =
    parentSpan && isSpanContextValid(parentSpan)
      ? formatTraceparent({ traceId: parentSpan.traceId, spanId: parentSpan.spanId, sampled: (parentSpan.traceFlags & TraceFlags.SAMPLED) !== 0 })
      : undefined;
  return nextTraceparent(parentHeader);
}
