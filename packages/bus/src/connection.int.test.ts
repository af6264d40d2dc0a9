import { Writable } from 'node:stream';
import { createLogger } from '@intent-radar/logger';
import { nanos } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { connectBus, startBusConnection } from './connection.ts';
import { ConnectAbortedError } from './errors.ts';
import { openTestBus, waitFor } from './test-bus.ts';

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'conn-test', level: 'info', destination }) };
}

describe('connectBus', () => {
  it('keeps retrying a dead port with back-off, reports not connected, logs once per window, and rejects only on abort', async () => {
    const { lines, logger } = capturingLogger();
    const abort = new AbortController();
    const conn = startBusConnection({
      url: '127.0.0.1:1',
      name: 'conn-test',
      logger,
      signal: abort.signal,
      backoff: { initialMs: 10, maxMs: 80 },
      logWindowMs: 60_000,
    });
    let settled = false;
    conn.bus.then(
      () => (settled = true),
      () => (settled = true),
    );
    await waitFor(() => conn.status().failedAttempts >= 5, 15_000, '5 failed attempts');
    expect(settled).toBe(false);
    expect(conn.isConnected()).toBe(false);
    expect(conn.status().state).toBe('connecting');
    expect(conn.status().lastError).toBeTruthy();
    const warnings = lines.filter((l) => l.msg === 'NATS unreachable; retrying with back-off');
    expect(warnings).toHaveLength(1); // one line for the window, not one per attempt
    expect(warnings[0]).toMatchObject({ url: '127.0.0.1:1', attempt: 1 });

    abort.abort(new Error('shutdown'));
    await expect(conn.bus).rejects.toBeInstanceOf(ConnectAbortedError);
    expect(conn.isConnected()).toBe(false);
  });

  it('connectBus rejects with ConnectAbortedError when its signal is already aborted', async () => {
    const { logger } = capturingLogger();
    await expect(connectBus({ url: '127.0.0.1:1', name: 'x', logger, signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'BUS_CONNECT_ABORTED',
    });
  });

  it('reports connected on a live server and closed after close()', async () => {
    const { bus, destroy } = await openTestBus('conn-live');
    expect(bus.isConnected()).toBe(true);
    expect(bus.status().state).toBe('connected');
    await destroy();
    await waitFor(() => bus.status().state === 'closed', 5_000, 'closed state');
    expect(bus.isConnected()).toBe(false);
  });

  it('provision() is idempotent and safe when several services run it at once', async () => {
    const { bus, destroy } = await openTestBus('provision-test');
    try {
      const others = await Promise.all(
        [1, 2, 3].map((i) =>
          connectBus({ url: '127.0.0.1:4222', name: `svc${i}`, logger: capturingLogger().logger, namespace: bus.namespace.name }),
        ),
      );
      await Promise.all(others.map((b) => b.provision()));
      await Promise.all(others.map((b) => b.close()));
      const names: string[] = [];
      for await (const s of bus.jsm.streams.list()) if (s.config.name.endsWith(`_${bus.namespace.name}`) || s.config.name.endsWith(`-${bus.namespace.name}`)) names.push(s.config.name);
      const ns = bus.namespace.name;
      expect(names.sort()).toEqual(
        [`DEADLETTER_${ns}`, `ENRICH_${ns}`, `INGEST_JOBS_${ns}`, `KV_cursors-${ns}`, `KV_llm-scores-${ns}`, `KV_monitors-${ns}`, `KV_source-health-${ns}`, `POSTS_${ns}`, `SCHEDULED_JOBS_${ns}`, `SIGNALS_${ns}`].sort(),
      );
      const posts = await bus.jsm.streams.info(`POSTS_${ns}`);
      expect(posts.config.subjects).toEqual([`${ns}.posts.raw.>`, `${ns}.posts.scored.>`]);
      expect(posts.config.retention).toBe('limits');
      expect((await bus.jsm.streams.info(`ENRICH_${ns}`)).config.retention).toBe('workqueue');

      // Drift (someone edited the stream by hand) is put back by the next provision.
      await bus.jsm.streams.update(`POSTS_${ns}`, { duplicate_window: nanos(30_000), subjects: [`${ns}.posts.raw.>`] });
      await bus.provision();
      const restored = await bus.jsm.streams.info(`POSTS_${ns}`);
      expect(restored.config.duplicate_window).toBe(nanos(10 * 60_000));
      expect(restored.config.subjects).toEqual([`${ns}.posts.raw.>`, `${ns}.posts.scored.>`]);

      const kv = await bus.kv('monitors');
      await kv.put('m1', JSON.stringify({ query: 'zoominfo alternative' }));
      expect((await kv.get('m1'))?.string()).toContain('zoominfo');
      await bus.destroyNamespace();
      const left: string[] = [];
      for await (const s of bus.jsm.streams.list()) left.push(s.config.name);
      expect(left.filter((n) => n.includes(bus.namespace.name))).toEqual([]);
    } finally {
      await destroy();
    }
  });
});
