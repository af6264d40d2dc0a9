import type { Logger } from '@intent-radar/logger';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createBus, type Bus, type BusStatus } from './bus.ts';
import { ConnectAbortedError } from './errors.ts';
import type { BusMetrics } from './metrics.ts';
import { createNamespace } from './namespace.ts';

export interface ConnectBusOptions {
  url: string;
  /** Service name: the envelope `source` and the NATS connection name. */
  name: string;
  logger: Logger;
  /** "" (default) = production names; anything else isolates tests and developers. */
  namespace?: string;
  /** Aborting gives up the initial connection attempts; the promise then rejects. */
  signal?: AbortSignal;
  metrics?: BusMetrics;
  /** Publishes awaiting their ack at once before `publish` waits. */
  maxInFlightPublishes?: number;
  backoff?: ConnectBackoff;
  /** At most one "still unreachable" log line per window. Milliseconds. */
  logWindowMs?: number;
  /** Per-attempt connect timeout. Milliseconds. */
  connectTimeoutMs?: number;
}

/** Exponential back-off between initial connection attempts. Milliseconds. */
export interface ConnectBackoff {
  initialMs: number;
  maxMs: number;
}

export const defaultConnectBackoff: ConnectBackoff = { initialMs: 500, maxMs: 30_000 };

/** A bus connecting in the background: readiness is observable before the connection exists. */
export interface BusConnection {
  /** Resolves once connected; rejects with ConnectAbortedError when the signal aborts first. */
  readonly bus: Promise<Bus>;
  isConnected(): boolean;
  status(): BusStatus;
}

/** Delay before attempt `attempt + 1` after `attempt` failures; +-20% jitter keeps replicas apart. */
export function connectDelayMs(attempt: number, backoff: ConnectBackoff = defaultConnectBackoff, random = Math.random): number {
  const exponential = backoff.initialMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(backoff.maxMs, exponential);
  return Math.round(capped * (0.8 + 0.4 * random()));
}

/** Connects to NATS, retrying with capped back-off until connected or `signal` aborts. */
export function connectBus(options: ConnectBusOptions): Promise<Bus> {
  return startBusConnection(options).bus;
}

/** Like connectBus, but returns at once so a health endpoint can report "not ready" meanwhile. */
export function startBusConnection(options: ConnectBusOptions): BusConnection {
  const namespace = createNamespace(options.namespace ?? '');
  const status: BusStatus = { state: 'connecting', url: options.url, failedAttempts: 0 };
  let connected: Bus | undefined;

  const bus = (async () => {
    const nc = await connectWithRetry(options, status);
    connected = await createBus({
      name: options.name,
      url: options.url,
      nc,
      namespace,
      logger: options.logger,
      metrics: options.metrics,
      maxInFlightPublishes: options.maxInFlightPublishes ?? 256,
    });
    return connected;
  })();
  bus.catch(() => {
    status.state = 'closed';
  });

  return {
    bus,
    isConnected: () => connected?.isConnected() ?? false,
    status: () => connected?.status() ?? { ...status },
  };
}

async function connectWithRetry(options: ConnectBusOptions, status: BusStatus): Promise<NatsConnection> {
  const { url, name, logger, signal } = options;
  const backoff = options.backoff ?? defaultConnectBackoff;
  const logWindowMs = options.logWindowMs ?? 30_000;
  let lastLogAt = -Infinity;
  let sinceLastLog = 0;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new ConnectAbortedError(url, attempt - 1, signal.reason);
    try {
      const nc = await connect({
        servers: url,
        name,
        timeout: options.connectTimeoutMs ?? 5_000,
        // Once connected, the client owns reconnection forever; we never crash-loop on an outage.
        maxReconnectAttempts: -1,
        reconnectTimeWait: 2_000,
        // Without this every request (each JetStream publish) builds an Error for its stack in case
        // it fails: ~7% of the bus's CPU per message. A failed publish still says what failed.
        noAsyncTraces: true,
      });
      if (attempt > 1) logger.info({ url, attempts: attempt }, 'connected to NATS');
      return nc;
    } catch (err) {
      status.failedAttempts = attempt;
      status.lastError = err instanceof Error ? err.message : String(err);
      sinceLastLog++;
      const delay = connectDelayMs(attempt, backoff);
      const now = Date.now();
      if (now - lastLogAt >= logWindowMs) {
        logger.warn(
          { url, attempt, failedSinceLastLog: sinceLastLog, error: status.lastError, retryInMs: delay },
          'NATS unreachable; retrying with back-off',
        );
        lastLogAt = now;
        sinceLastLog = 0;
      }
      await abortableSleep(delay, signal);
    }
  }
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
