import type { Bus } from '@intent-radar/bus';
import { buildIngestor } from '@intent-radar/ingest-kit';
import type { Logger } from '@intent-radar/logger';
import type { Service } from '@intent-radar/runtime';
import type { IngestTwitterConfig } from './config.ts';
import { searchX } from './x-search.ts';
import { XSource } from './x-source.ts';

export const SERVICE_NAME = 'ingest-twitter';

export interface IngestTwitterDeps {
  bus: Bus;
  config: IngestTwitterConfig;
  logger: Logger;
  matcherWorker?: boolean;
}

/** X: recent search per query (since_id + next_token), under the request window and monthly post cap. */
export function buildIngestTwitter({ bus, config, logger, matcherWorker }: IngestTwitterDeps): Service & ReturnType<typeof buildIngestor> {
  const source = new XSource(config.X_BEARER_TOKEN, config.X_BASE_URL);
  const opts = { backfillMs: config.X_SEARCH_BACKFILL_HOURS * 3_600_000, maxPages: config.X_MAX_PAGES };
  return buildIngestor({
    bus,
    platform: 'twitter',
    logger: logger.child({ service: SERVICE_NAME }),
    budgets: [
      { name: 'requests', limit: config.X_REQUESTS_PER_WINDOW, window: { ms: config.X_REQUEST_WINDOW_MS } },
      { name: 'posts-month', limit: config.X_MONTHLY_POST_CAP, window: 'month' },
    ],
    concurrency: config.INGEST_CONCURRENCY,
    matcherWorker,
    source: { search: (job, ctx) => searchX(source, job, ctx, opts) },
  });
}
