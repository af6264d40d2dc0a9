import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@intent-radar/logger';

export interface RetryOptions {
  /** What is being attempted, for the log line ("connect to NATS"). */
  what: string;
  logger: Logger;
  signal?: AbortSignal;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** At most one warning per window, however many attempts fail in it. */
  logWindowMs?: number;
}

/** Deterministic-free exponential back-off with full jitter, capped. */
export function backoffDelayMs(attempt: number, initialDelayMs: number, maxDelayMs: number, random = Math.random): number {
  const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Retries `fn` until it succeeds or `signal` aborts, with capped exponential back-off and one
 * log line per window: a dependency that is down must not crash-loop the service or flood logs.
 */
export async function retryUntilSuccess<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  const { what, logger, signal, initialDelayMs = 250, maxDelayMs = 10_000, logWindowMs = 30_000 } = opts;
  let attempt = 0;
  let lastLogAt = 0;
  let failuresSinceLog = 0;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const result = await fn();
      if (attempt > 0) logger.info({ attempts: attempt + 1 }, `${what}: succeeded after retrying`);
      return result;
    } catch (err) {
      failuresSinceLog++;
      const now = Date.now();
      if (now - lastLogAt >= logWindowMs) {
        logger.warn({ err, failures: failuresSinceLog }, `${what}: failed, retrying with back-off`);
        lastLogAt = now;
        failuresSinceLog = 0;
      }
      await sleep(backoffDelayMs(attempt++, initialDelayMs, maxDelayMs), undefined, { signal });
    }
  }
}
