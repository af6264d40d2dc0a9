import type { Bus } from '@intent-radar/bus';
import { buildIngestor } from '@intent-radar/ingest-kit';
import type { Logger } from '@intent-radar/logger';
import type { Service } from '@intent-radar/runtime';
import { BrightDataClient } from './brightdata-client.ts';
import type { IngestLinkedinConfig } from './config.ts';
import { LinkedinSearch } from './linkedin-search.ts';

export const SERVICE_NAME = 'ingest-linkedin';

export interface IngestLinkedinDeps {
  bus: Bus;
  config: IngestLinkedinConfig;
  logger: Logger;
  /** Compile the matcher in a worker thread (default true). */
  matcherWorker?: boolean;
}

/** LinkedIn: Bright Data keyword discovery per query, polled to a deadline, matched locally. */
export function buildIngestLinkedin({ bus, config, logger, matcherWorker }: IngestLinkedinDeps): Service & ReturnType<typeof buildIngestor> {
  const client = new BrightDataClient({
    baseUrl: config.BRIGHTDATA_BASE_URL,
    token: config.BRIGHTDATA_TOKEN,
    datasetId: config.BRIGHTDATA_POSTS_DATASET_ID,
    timeoutMs: config.LINKEDIN_REQUEST_TIMEOUT_MS,
  });
  const search = new LinkedinSearch(client, {
    recordsPerKeyword: config.LINKEDIN_RECORDS_PER_KEYWORD,
    deadlineMs: config.LINKEDIN_SNAPSHOT_DEADLINE_MS,
    pollMinMs: config.LINKEDIN_POLL_MIN_MS,
    pollMaxMs: Math.max(config.LINKEDIN_POLL_MIN_MS, config.LINKEDIN_POLL_MAX_MS),
    backfillMs: config.LINKEDIN_BACKFILL_HOURS * 3_600_000,
  });
  return buildIngestor({
    bus,
    platform: 'linkedin',
    logger: logger.child({ service: SERVICE_NAME }),
    budgets: [{ name: 'records-month', limit: config.LINKEDIN_MONTHLY_RECORD_CAP, window: 'month' }],
    concurrency: config.INGEST_CONCURRENCY,
    matcherWorker,
    source: { search: (job, ctx) => search.search(job, ctx) },
  });
}
