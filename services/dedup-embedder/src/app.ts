import {
  PermanentError,
  runConsumer,
  type Bus,
  type ConsumerHandle,
  type RetryPolicy,
} from '@intent-radar/bus';
import type { Pool } from '@intent-radar/db';
import type { Logger } from '@intent-radar/logger';
import { consumers, streams, subjects } from '@intent-radar/proto-schemas';
import { metrics, type Service } from '@intent-radar/runtime';
import type { DedupEmbedderConfig } from './config.ts';
import type { Embedder } from './embedding/embedder.ts';
import { createLocalEmbedder } from './embedding/local.ts';
import { createOpenAIEmbedder } from './embedding/openai.ts';
import { archiveOldSignals } from './maintenance/archive-signals.ts';
import { requestRescore } from './maintenance/rescore-posts.ts';
import { OutboxRelay } from './store/outbox.ts';
import { storeScoredPosts, type StoreSettings } from './store/scored-post-store.ts';
import { StoreBatcher } from './store/store-batcher.ts';

export const SERVICE_NAME = 'dedup-embedder';

/** Storing a post touches only Postgres (and the embedding endpoint when configured). */
export const storeRetryPolicy: RetryPolicy = {
  maxDeliver: 6,
  backoffMs: [500, 2_000, 10_000, 30_000, 120_000],
  ackWaitMs: 30_000,
};
/** Maintenance jobs are periodic: a failed tick is retried a few times, then the next tick covers it. */
export const maintenanceRetryPolicy: RetryPolicy = {
  maxDeliver: 3,
  backoffMs: [5_000, 60_000],
  ackWaitMs: 120_000,
};

export interface DedupEmbedderDeps {
  bus: Bus;
  pool: Pool;
  config: DedupEmbedderConfig;
  logger: Logger;
  /** Overrides the embedder chosen from config (tests compare two models). */
  embedder?: Embedder;
  /** Overrides how scored posts are grouped into store transactions (benchmarks, tests). */
  storeBatch?: Partial<StoreBatchOptions>;
}

/** How scored posts are grouped into store transactions. */
export interface StoreBatchOptions {
  /** Most posts in one transaction. */
  maxPosts: number;
  /** Store transactions at once: two keep both the embedding (here) and Postgres busy on 2 cores. */
  transactions: number;
}

/**
 * Batches of up to 128 posts cut the per-post round trips, plans and commits (docs/benchmarks.md,
 * Store; pipeline drain 2026-11-27: 64 -> 128 took Postgres from 0.61 to 0.51 ms CPU per post,
 * 256 gained no more) while a batch still commits within tens of milliseconds; when the pipeline
 * is not saturated a batch holds what arrived during the previous one, usually a few posts. Not env settings yet: a new variable
 * changes the generated README table (npm run docs:config).
 */
export const defaultStoreBatch: StoreBatchOptions = { maxPosts: 128, transactions: 2 };

export interface DedupEmbedder extends Service {
  ready(): boolean;
  readonly embedder: Embedder;
  readonly relay: OutboxRelay;
}

/** The embedder the config asks for: OpenAI-compatible when an endpoint and key are set, else the local one. */
export function embedderFromConfig(config: DedupEmbedderConfig): Embedder {
  if (config.EMBEDDING_BASE_URL && config.EMBEDDING_API_KEY) {
    return createOpenAIEmbedder({
      baseURL: config.EMBEDDING_BASE_URL,
      apiKey: config.EMBEDDING_API_KEY,
      model: config.EMBEDDING_MODEL,
    });
  }
  return createLocalEmbedder();
}

const postsStored = metrics.counter(
  'dedup_posts_stored_total',
  'Scored posts handled by the store, by outcome.',
  ['outcome'],
);
const signalsCreated = metrics.counter('dedup_signals_created_total', 'Signals created by the fan-out.');
const signalsRescored = metrics.counter(
  'dedup_signals_rescored_total',
  'Signals whose score moved after a re-score.',
);

/**
 * Postgres classes 22 (data exception) and 23 (constraint violation) say this post can never be
 * stored as it is: dead-letter it instead of retrying. Anything else (connection, deadlock,
 * embedding endpoint) is worth a retry.
 */
function rejectedByDatabase(err: unknown): never {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  if (/^2[23][0-9A-Z]{3}$/.test(code)) {
    throw new PermanentError(
      'store_rejected',
      `postgres ${code}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  throw err;
}

/**
 * The dedup-embedder: consumes posts.scored.>, stores each post once with its embedding, links
 * duplicates, fans out signals per monitor and publishes them through the outbox; also runs the
 * jobs.archive and jobs.rescore ticks.
 */
export function buildDedupEmbedder({
  bus,
  pool,
  config,
  logger,
  embedder = embedderFromConfig(config),
  storeBatch,
}: DedupEmbedderDeps): DedupEmbedder {
  const relay = new OutboxRelay({
    bus,
    pool,
    logger: logger.child({ component: 'outbox-relay' }),
    pollMs: config.OUTBOX_POLL_MS,
  });
  const settings: StoreSettings = {
    duplicates: {
      threshold: config.NEAR_DUPLICATE_THRESHOLD,
      windowDays: config.NEAR_DUPLICATE_WINDOW_DAYS,
      candidates: config.NEAR_DUPLICATE_CANDIDATES,
    },
    signalBatchSize: config.SIGNAL_INSERT_BATCH,
  };
  const batching = { ...defaultStoreBatch, ...storeBatch };
  const batcher = new StoreBatcher({
    store: (events) => storeScoredPosts({ pool, embedder, settings }, events),
    ...batching,
  });
  let handles: ConsumerHandle[] = [];

  const start = async (): Promise<void> => {
    relay.start();
    const posts = await runConsumer({
      bus,
      service: SERVICE_NAME,
      stream: streams.posts,
      durable: consumers.dedupEmbedder,
      filterSubject: subjects.postsScoredAll,
      eventType: 'post.scored.v1',
      // Handlers only wait for their batch: enough of them in flight to fill every transaction.
      concurrency: Math.max(config.CONSUMER_CONCURRENCY, batching.maxPosts * batching.transactions),
      retry: storeRetryPolicy,
      handler: async (event, ctx) => {
        const outcome = await batcher.store(event).catch(rejectedByDatabase);
        if (outcome.events > 0) relay.wake();
        const kind = outcome.inserted
          ? outcome.duplicateOf
            ? 'duplicate'
            : 'new'
          : outcome.rescored
            ? 'rescored'
            : 'known';
        postsStored.inc({ outcome: kind });
        signalsCreated.inc(outcome.signalsCreated);
        signalsRescored.inc(outcome.signalsUpdated);
        // Debug: one line per post at thousands a second is noise; the metrics count every outcome.
        ctx.logger.debug(
          {
            postId: outcome.postId,
            outcome: kind,
            duplicateOf: outcome.duplicateOf,
            duplicateReason: outcome.duplicateReason,
            signalsCreated: outcome.signalsCreated,
            signalsUpdated: outcome.signalsUpdated,
          },
          'scored post stored',
        );
      },
    });
    const archive = await runConsumer({
      bus,
      service: SERVICE_NAME,
      stream: streams.scheduledJobs,
      durable: consumers.storeMaintenance,
      filterSubject: subjects.scheduledJob('archive'),
      eventType: 'job.scheduled.v1',
      retry: maintenanceRetryPolicy,
      handler: async (event, ctx) => {
        if (event.data.kind !== 'archive')
          throw new PermanentError('wrong_job_kind', `jobs.archive carried kind ${event.data.kind}`);
        const days = event.data.olderThanDays ?? config.ARCHIVE_AFTER_DAYS;
        const result = await archiveOldSignals(pool, days);
        if (result.events > 0) relay.wake();
        ctx.logger.info({ olderThanDays: days, archived: result.archived }, 'old signals archived');
      },
    });
    const rescore = await runConsumer({
      bus,
      service: SERVICE_NAME,
      stream: streams.scheduledJobs,
      durable: consumers.storeRescore,
      filterSubject: subjects.scheduledJob('rescore'),
      eventType: 'job.scheduled.v1',
      retry: maintenanceRetryPolicy,
      handler: async (event, ctx) => {
        if (event.data.kind !== 'rescore')
          throw new PermanentError('wrong_job_kind', `jobs.rescore carried kind ${event.data.kind}`);
        const sent = await requestRescore(
          bus,
          pool,
          event.data,
          config.NEAR_DUPLICATE_WINDOW_DAYS,
          ctx.traceparent,
        );
        ctx.logger.info({ posts: sent, slot: event.data.slot }, 'posts sent back to the scorer');
      },
    });
    handles = [posts, archive, rescore];
  };

  return {
    embedder,
    relay,
    start,
    async stop() {
      await Promise.all(handles.map((h) => h.stop()));
      handles = [];
      // After the consumers: their last commits may have woken the relay.
      await relay.stop();
    },
    ready: () => bus.isConnected(),
  };
}
