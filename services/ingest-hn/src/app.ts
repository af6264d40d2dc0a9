import type { Bus } from '@intent-radar/bus';
import { buildIngestor } from '@intent-radar/ingest-kit';
import type { Logger } from '@intent-radar/logger';
import type { Service } from '@intent-radar/runtime';
import type { IngestHnConfig } from './config.ts';
import { HnFirehose } from './hn-firehose.ts';
import { searchHn } from './hn-search.ts';

export const SERVICE_NAME = 'ingest-hn';

export interface IngestHnDeps {
  bus: Bus;
  config: IngestHnConfig;
  logger: Logger;
  /** Compile the matcher in a worker thread (default true). */
  matcherWorker?: boolean;
}

/** Hacker News: Algolia search per query, and the Firebase maxitem firehose matched locally. */
export function buildIngestHn({ bus, config, logger, matcherWorker }: IngestHnDeps): Service & ReturnType<typeof buildIngestor> {
  const firehose = new HnFirehose({
    firebaseBaseUrl: config.HN_FIREBASE_BASE_URL.replace(/\/$/, ''),
    concurrency: config.HN_FIREHOSE_FETCH_CONCURRENCY,
    batch: config.HN_FIREHOSE_BATCH,
    startBacklog: config.HN_FIREHOSE_START_BACKLOG,
    retryBaseMs: config.HN_FIREHOSE_RETRY_BASE_MS,
  });
  const search = { algoliaBaseUrl: config.HN_ALGOLIA_BASE_URL.replace(/\/$/, ''), backfillMs: config.HN_SEARCH_BACKFILL_HOURS * 3_600_000 };
  return buildIngestor({
    bus,
    platform: 'hackernews',
    logger: logger.child({ service: SERVICE_NAME }),
    budgets: [{ name: 'algolia', limit: config.HN_ALGOLIA_REQUESTS_PER_HOUR, window: { ms: 3_600_000 } }],
    concurrency: config.INGEST_CONCURRENCY,
    firehoseLeaseMs: config.HN_FIREHOSE_LEASE_MS,
    firehosePollMs: config.HN_FIREHOSE_POLL_MS,
    matcherWorker,
    source: {
      search: (job, ctx) => searchHn(job, ctx, search),
      firehoseStep: (ctx) => firehose.step(ctx),
    },
  });
}
