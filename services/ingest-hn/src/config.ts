import { baseEnv } from '@intent-radar/config';
import { z } from 'zod';

/** ingest-hn settings; the base URLs point at the sandbox in development (services/radar). */
export const ingestHnEnv = baseEnv.extend({
  HN_ALGOLIA_BASE_URL: z.url().default('https://hn.algolia.com/api/v1'),
  HN_FIREBASE_BASE_URL: z.url().default('https://hacker-news.firebaseio.com/v0'),
  /** Algolia allows 10,000 requests per hour per IP; shared by every replica. */
  HN_ALGOLIA_REQUESTS_PER_HOUR: z.coerce.number().int().positive().default(9_000),
  /** How far back the first search of a query (or a new monitor's backfill) goes. Hours. */
  HN_SEARCH_BACKFILL_HOURS: z.coerce.number().positive().default(24),
  /** Items fetched from Firebase at once by the firehose. */
  HN_FIREHOSE_FETCH_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(48),
  /** Items walked per firehose step. */
  HN_FIREHOSE_BATCH: z.coerce.number().int().min(1).max(5_000).default(500),
  /** Items behind maxitem where a firehose without a cursor starts. */
  HN_FIREHOSE_START_BACKLOG: z.coerce.number().int().min(0).default(100),
  /** First wait before re-fetching a failed item (x4 per attempt, 4 attempts). Milliseconds. */
  HN_FIREHOSE_RETRY_BASE_MS: z.coerce.number().int().min(1).max(10_000).default(200),
  /**
   * Sleep between firehose steps once caught up: half of it on average is added to every item's
   * latency. Firebase documents no rate limit; at 250 ms a caught-up step is ~4 maxitem reads/s.
   * Milliseconds.
   */
  HN_FIREHOSE_POLL_MS: z.coerce.number().int().positive().default(250),
  /** How long one firehose job runs (the scheduler sends the next one each interval). Milliseconds. */
  HN_FIREHOSE_LEASE_MS: z.coerce.number().int().positive().default(60_000),
  INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
});
export type IngestHnConfig = z.infer<typeof ingestHnEnv>;
