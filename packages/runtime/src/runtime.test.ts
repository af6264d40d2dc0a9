import { trace } from '@opentelemetry/api';
import { startTracing } from './tracing.ts';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@intent-radar/logger';
import { backoffDelayMs, retryUntilSuccess } from './retry.ts';
import { startHealthServer } from './health-server.ts';
import { stopWithin } from './lifecycle.ts';
import { metrics } from './metrics.ts';

const logger = createLogger({ service: 'runtime-test', level: 'silent' });

describe('backoffDelayMs', () => {
  it('grows exponentially with jitter and caps', () => {
    expect(backoffDelayMs(0, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelayMs(3, 100, 10_000, () => 1)).toBe(800);
    expect(backoffDelayMs(3, 100, 10_000, () => 0)).toBe(400);
    expect(backoffDelayMs(40, 100, 10_000, () => 1)).toBe(10_000);
  });
});

describe('retryUntilSuccess', () => {
  it('retries until the call succeeds', async () => {
    let calls = 0;
    const result = await retryUntilSuccess(
      () => (++calls < 3 ? Promise.reject(new Error('down')) : Promise.resolve('up')),
      { what: 'test', logger, initialDelayMs: 1, maxDelayMs: 2 },
    );
    expect(result).toBe('up');
    expect(calls).toBe(3);
  });

  it('gives up when aborted', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    await expect(
      retryUntilSuccess(() => Promise.reject(new Error('down')), { what: 't', logger, signal: ac.signal, initialDelayMs: 5 }),
    ).rejects.toThrow();
  });
});

describe('health server', () => {
  it('serves healthz, readyz and metrics', async () => {
    let ready = false;
    metrics.counter('ir_test_total', 'test counter').inc(3);
    const server = await startHealthServer({ port: 0, host: '127.0.0.1', logger, ready: () => ready });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      ready = true;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toMatch(/ir_test_total 3/);
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('stopWithin', () => {
  it('reports a stop that overruns the grace period', async () => {
    const slow = { start: async () => {}, stop: () => new Promise<void>((r) => setTimeout(r, 200)) };
    expect(await stopWithin(slow, 10)).toBe(false);
    const fast = { start: async () => {}, stop: async () => {} };
    expect(await stopWithin(fast, 100)).toBe(true);
  });
});

describe('startTracing', () => {
  it('is off without an OTLP endpoint: nothing registered, spans are not recorded', async () => {
    const tracing = await startTracing({ serviceName: 'off-test', otlpEndpoint: undefined });
    expect(tracing.enabled).toBe(false);
    const span = trace.getTracer('off-test').startSpan('x');
    expect(span.isRecording()).toBe(false);
    span.end();
    await tracing.shutdown();
  });
});
