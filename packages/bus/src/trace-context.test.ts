import { trace, type Tracer } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { formatTraceparent, nextTraceparent, parseTraceparent, tracingEnabled } from './trace-context.ts';

const valid = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('traceparent', () => {
  it('parses a valid version-00 header', () => {
    expect(parseTraceparent(valid)).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: true });
    expect(parseTraceparent(valid.replace(/-01$/, '-00'))?.sampled).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['uppercase hex', valid.toUpperCase()],
    ['all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
    ['all-zero span id', `00-4bf92f3577b34da6a3ce929d0e0e4736-${'0'.repeat(16)}-01`],
    ['version ff', valid.replace(/^00/, 'ff')],
    ['extra field on version 00', `${valid}-extra`],
    ['short trace id', '00-4bf92f3577b34da6-00f067aa0ba902b7-01'],
    ['garbage', 'hello'],
  ])('rejects %s', (_name, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });

  it('accepts future versions with extra fields', () => {
    expect(parseTraceparent(`01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future`)?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('continues a trace with a new span id', () => {
    const next = parseTraceparent(nextTraceparent(valid));
    expect(next?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(next?.spanId).not.toBe('00f067aa0ba902b7');
    expect(next?.sampled).toBe(true);
  });

  it('starts a new valid trace when the parent is missing or invalid', () => {
    for (const parent of [undefined, 'junk']) {
      const a = parseTraceparent(nextTraceparent(parent));
      const b = parseTraceparent(nextTraceparent(parent));
      expect(a).toBeDefined();
      expect(a?.traceId).not.toBe(b?.traceId);
    }
  });

  it('round-trips through format', () => {
    expect(formatTraceparent(parseTraceparent(valid)!)).toBe(valid);
  });
});

describe('tracingEnabled', () => {
  afterEach(() => trace.disable());

  it('is false with the no-op API and true once a tracer provider is registered', () => {
    expect(tracingEnabled()).toBe(false);
    trace.setGlobalTracerProvider({ getTracer: () => ({}) as Tracer });
    expect(tracingEnabled()).toBe(true);
    trace.disable();
    expect(tracingEnabled()).toBe(false);
  });
});
