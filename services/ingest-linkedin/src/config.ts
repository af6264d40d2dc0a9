import { baseEnv } from '@intent-radar/config';
import { z } from 'zod';

/** ingest-linkedin settings. Without BRIGHTDATA_BASE_URL the real api.brightdata.com is used. */
export const ingestLinkedinEnv = baseEnv.extend({
  /** Bright Data API root (the sandbox's `${url}/brightdata` in development). */
  BRIGHTDATA_BASE_URL: z.url().default('https://api.brightdata.com'),
  /** Bright Data API token (Bearer), shared with the enricher. Empty: every run fails with one surfaced 401. */
  BRIGHTDATA_TOKEN: z.string().default(''),
  /** The LinkedIn posts dataset (keyword discovery). */
  BRIGHTDATA_POSTS_DATASET_ID: z.string().regex(/^[\w-]{1,100}$/).default('gd_lyy3tktm25m4avu764'),
  /** Posts collected per keyword per run; Bright Data bills per record. */
  LINKEDIN_RECORDS_PER_KEYWORD: z.coerce.number().int().min(1).max(1_000).default(50),
  /** Records billable per calendar month (UTC) across every replica; a run stops when spent. */
  LINKEDIN_MONTHLY_RECORD_CAP: z.coerce.number().int().positive().default(100_000),
  /** A snapshot not ready this long after its trigger is canceled (the next run triggers again). Milliseconds. */
  LINKEDIN_SNAPSHOT_DEADLINE_MS: z.coerce.number().int().min(100).max(3_600_000).default(20 * 60_000),
  /** First wait between progress polls; doubles up to the maximum. Milliseconds. */
  LINKEDIN_POLL_MIN_MS: z.coerce.number().int().min(10).max(60_000).default(2_000),
  LINKEDIN_POLL_MAX_MS: z.coerce.number().int().min(10).max(300_000).default(30_000),
  LINKEDIN_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** How far back the first run of a query keeps posts (discovery returns the newest). Hours. */
  LINKEDIN_BACKFILL_HOURS: z.coerce.number().positive().default(7 * 24),
  INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
});
export type IngestLinkedinConfig = z.infer<typeof ingestLinkedinEnv>;
