import { setMaxListeners } from 'node:events';
import { PermanentError, runConsumer, type Bus, type ConsumerHandle, type RetryPolicy } from '@intent-radar/bus';
import type { Logger } from '@intent-radar/logger';
import { consumers, kvBuckets, streams, subjects, type EventData, type Platform } from '@intent-radar/proto-schemas';
import type { Service } from '@intent-radar/runtime';
import { CursorStore } from './cursor-store.ts';
import { FirehoseLease } from './firehose-lease.ts';
import { ingestMetrics } from './ingest-metrics.ts';
import { MonitorSet } from './monitor-set.ts';
import { PostPublisher } from './post-publisher.ts';
import { RateBudget, type BudgetSpec } from './rate-budget.ts';
import { SourceAuthError, SourceCappedError, SourceError, SourceRateLimitedError, SourceRejectedError } from './source-errors.ts';
import { SourceHealth } from './source-health.ts';

export type IngestJob = EventData<'ingest.job.v1'>;

/** What a platform's search or firehose step gets to work with. */
export interface IngestContext {
  platform: Platform;
  bus: Bus;
  monitors: MonitorSet;
  cursors: CursorStore;
  budget: RateBudget;
  health: SourceHealth;
  publisher: PostPublisher;
  logger: Logger;
  signal: AbortSignal;
  traceparent?: string;
  /**
   * Counts a failed call, pauses every replica on a 429, surfaces auth errors; true when retrying
   * the call later can succeed. For sources that retry single calls inside a step.
   */
  recordFailure(err: unknown): Promise<boolean>;
}

/** One platform's API behind the ingestor shell. */
export interface PlatformSource {
  /** Polls one query from its cursor (or the job's window for a new monitor) and publishes matches. */
  search(job: IngestJob, ctx: IngestContext): Promise<void>;
  /**
   * One firehose step from the stored cursor; `caughtUp` = nothing more right now. The next step
   * waits `nextPollMs` when the source paces itself, else the poll interval once caught up.
   */
  firehoseStep?(ctx: IngestContext): Promise<{ caughtUp: boolean; nextPollMs?: number }>;
  close?(): Promise<void>;
}

export interface IngestorOptions {
  bus: Bus;
  platform: Platform;
  logger: Logger;
  source: PlatformSource;
  budgets: readonly BudgetSpec[];
  /** Jobs handled at once by this replica (a firehose job holds one slot for its lease). */
  concurrency?: number;
  /** How long one firehose job runs before handing over to the next job. Milliseconds. */
  firehoseLeaseMs?: number;
  /** A firehose holder that has not renewed for this long is presumed dead. Milliseconds. */
  firehoseLeaseStaleMs?: number;
  /** Sleep between firehose steps once caught up. Milliseconds. */
  firehosePollMs?: number;
  /** After a 401/403, jobs are skipped without calling the platform for this long. Milliseconds. */
  authCooldownMs?: number;
  /** Attempts of one search inside a job before the job goes back to the stream. */
  searchAttempts?: number;
  matcherWorker?: boolean;
  retry?: RetryPolicy;
}

export const ingestRetryPolicy: RetryPolicy = { maxDeliver: 6, backoffMs: [2_000, 10_000, 30_000, 60_000, 120_000], ackWaitMs: 30_000 };

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * The shell every ingestor shares: consumes ingest.jobs.<platform> (replicas share the durable),
 * runs searches with bounded in-job retries, runs firehose leases (one holder at a time, newest
 * job wins), and turns platform errors into health, metrics and one clear log line.
 */
export function buildIngestor(opts: IngestorOptions): Service & { monitors: MonitorSet; health: () => SourceHealth | undefined } {
  const { bus, platform, source } = opts;
  const logger = opts.logger.child({ platform });
  const monitors = new MonitorSet({ bus, logger, matcherWorker: opts.matcherWorker });
  const leaseMs = opts.firehoseLeaseMs ?? 60_000;
  const pollMs = opts.firehosePollMs ?? 500;
  const authCooldownMs = opts.authCooldownMs ?? 10 * 60_000;
  const leaseStaleMs = opts.firehoseLeaseStaleMs ?? 15_000;
  const attempts = opts.searchAttempts ?? 4;
  const stopping = new AbortController();
  let consumer: ConsumerHandle | undefined;
  let parts: { cursors: CursorStore; budget: RateBudget; health: SourceHealth; publisher: PostPublisher } | undefined;
  let authBlockedUntil = 0;
  let started = false;

  const surfaceAuth = (err: SourceAuthError) => {
    const first = authBlockedUntil < Date.now();
    authBlockedUntil = Date.now() + authCooldownMs;
    parts?.health.failure(err.code, err.message, 'auth_failed');
    // One error line per cooldown, not one per job: the operator must fix the credentials.
    if (first) logger.error({ code: err.code, status: err.status, cooldownMs: authCooldownMs }, `${platform} credentials rejected; skipping ${platform} jobs until they are fixed`);
  };

  /** Counts and records a failed call; true when the caller may retry. */
  const noteFailure = async (err: unknown): Promise<boolean> => {
    const code = err instanceof SourceError ? err.code : 'UNEXPECTED';
    ingestMetrics.sourceErrors.inc({ platform, code });
    if (err instanceof SourceAuthError) {
      surfaceAuth(err);
      return false;
    }
    if (err instanceof SourceRateLimitedError) {
      parts?.health.failure(err.code, err.message, 'rate_limited');
      await parts?.budget.pauseUntil(Date.now() + err.retryAfterMs);
      logger.warn({ retryAfterMs: err.retryAfterMs }, 'rate limited; every replica pauses');
      return true;
    }
    if (err instanceof SourceCappedError) {
      parts?.health.failure(err.code, err.message, 'capped');
      logger.warn({ reason: err.message }, 'monthly cap reached; skipping');
      return false;
    }
    if (err instanceof SourceRejectedError) {
      parts?.health.failure(err.code, err.message, 'degraded');
      return false;
    }
    parts?.health.failure(code, err instanceof Error ? err.message : String(err));
    logger.warn({ err, code }, 'platform call failed; retrying');
    return true;
  };

  const contextFor = (signal: AbortSignal, traceparent: string | undefined, log: Logger): IngestContext => {
    if (!parts) throw new Error('ingestor not started');
    return { platform, bus, monitors, ...parts, logger: log, signal, traceparent, recordFailure: noteFailure };
  };

  const runSearch = async (job: IngestJob, ctx: IngestContext): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await source.search(job, ctx);
        ingestMetrics.jobs.inc({ platform, mode: 'search', outcome: 'ok' });
        return;
      } catch (err) {
        const retry = await noteFailure(err);
        if (err instanceof SourceRejectedError) throw new PermanentError('source_rejected', err.message);
        if (!retry) {
          ingestMetrics.jobs.inc({ platform, mode: 'search', outcome: 'skipped' });
          return;
        }
        if (attempt >= attempts || ctx.signal.aborted) {
          ingestMetrics.jobs.inc({ platform, mode: 'search', outcome: 'retry' });
          throw err;
        }
        await sleep(Math.min(8_000, 250 * 2 ** attempt), ctx.signal);
      }
    }
  };

  const runFirehose = async (jobId: string, ctx: IngestContext): Promise<void> => {
    const step = source.firehoseStep?.bind(source);
    if (!step) throw new PermanentError('no_firehose', `${platform} has no firehose mode`);
    const lease = new FirehoseLease(await bus.kv(kvBuckets.cursors), `lease.firehose.${platform}`, jobId, leaseStaleMs);
    // Waits for the current holder to finish its step and hand over (or to be declared dead).
    if (!(await lease.acquire(ctx.signal, leaseStaleMs * 3))) {
      ingestMetrics.jobs.inc({ platform, mode: 'firehose', outcome: 'skipped' });
      return;
    }
    // Another replica may have held the lease since this one last did: its cursors are re-read.
    ctx.cursors.forgetOwned();
    const endsAt = Date.now() + leaseMs;
    let failures = 0;
    try {
      while (!ctx.signal.aborted && Date.now() < endsAt && Date.now() >= authBlockedUntil) {
        if (!(await lease.renew())) break;
        try {
          const { caughtUp, nextPollMs } = await step(ctx);
          failures = 0;
          const waitMs = nextPollMs ?? (caughtUp ? pollMs : 0);
          if (waitMs > 0) await sleep(waitMs, ctx.signal);
        } catch (err) {
          failures++;
          if (!(await noteFailure(err))) break;
          // Transient: back off inside the lease; the cursor did not move, so nothing is lost.
          // A 429 already paused every replica through the shared budget: no extra wait.
          if (!(err instanceof SourceRateLimitedError)) await sleep(Math.min(2_000, 100 * 2 ** Math.min(failures, 5)), ctx.signal);
        }
      }
    } finally {
      await lease.release();
    }
    ingestMetrics.jobs.inc({ platform, mode: 'firehose', outcome: 'ok' });
  };

  return {
    monitors,
    health: () => parts?.health,
    async start() {
      const [cursors, budget, health] = await Promise.all([
        CursorStore.open(bus),
        RateBudget.open(bus, platform, opts.budgets),
        SourceHealth.open(bus, platform, logger),
      ]);
      parts = { cursors, budget, health, publisher: new PostPublisher(bus, monitors, platform, logger) };
      await monitors.start();
      health.start();
      consumer = await runConsumer({
        bus,
        service: `ingest-${platform}`,
        stream: streams.ingestJobs,
        durable: consumers.ingestor(platform),
        filterSubject: subjects.ingestJob(platform),
        eventType: 'ingest.job.v1',
        concurrency: opts.concurrency ?? 4,
        retry: opts.retry ?? ingestRetryPolicy,
        pullExpiresMs: 1_000,
        shutdownGraceMs: 5_000,
        handler: async (event, mctx) => {
          const job = event.data;
          if (job.platform !== platform) throw new PermanentError('wrong_platform', `job for ${job.platform} on ${platform}`);
          const signal = AbortSignal.any([mctx.signal, stopping.signal]);
          // Every in-flight platform call listens on it (firehose fetches run dozens at once).
          setMaxListeners(0, signal);
          const ctx = contextFor(signal, mctx.traceparent, mctx.logger);
          if (Date.now() < authBlockedUntil) {
            ingestMetrics.jobs.inc({ platform, mode: job.mode, outcome: 'skipped_auth' });
            return;
          }
          if (job.mode === 'firehose') return runFirehose(event.id, ctx);
          return runSearch(job, ctx);
        },
      });
      started = true;
      logger.info({ monitors: monitors.size }, 'ingestor started');
    },
    async stop() {
      stopping.abort(new Error('ingestor stopping'));
      await consumer?.stop();
      await parts?.health.stop();
      await monitors.stop();
      await source.close?.();
    },
    ready: () => started && bus.isConnected(),
  };
}
