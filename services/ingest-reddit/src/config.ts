import { baseEnv } from '@intent-radar/config';
import { z } from 'zod';

/** ingest-reddit settings. Without REDDIT_BASE_URL the real hosts are used (snoowrap's defaults). */
export const ingestRedditEnv = baseEnv.extend({
  /** Both reddit hosts (www for the token, oauth for the API) are rewritten to this base. */
  REDDIT_BASE_URL: z.url().optional(),
  REDDIT_CLIENT_ID: z.string().min(1).default('sandbox-client'),
  REDDIT_CLIENT_SECRET: z.string().min(1).default('sandbox-secret'),
  REDDIT_USER_AGENT: z.string().min(1).default('server:intent-radar:0.1 (read-only monitoring)'),
  /** Reddit's free API budget per OAuth client, shared by every replica. */
  REDDIT_REQUESTS_PER_MIN: z.coerce.number().int().positive().default(100),
  /** The budget's window (60 s on Reddit; tests shorten it). Milliseconds. */
  REDDIT_BUDGET_WINDOW_MS: z.coerce.number().int().positive().default(60_000),
  /** How far back the first search of a query (or a new monitor's backfill) goes. Hours. */
  REDDIT_SEARCH_BACKFILL_HOURS: z.coerce.number().positive().default(24),
  /** Pages of 100 one search or firehose step may walk back (Reddit stops at 1000 items). */
  REDDIT_MAX_PAGES: z.coerce.number().int().min(1).max(10).default(10),
  /** Firehose poll when /r/all is quiet (unset: the budget's pace, 600 ms at 100/min); a busy stream polls faster, spreading what is left of the request budget's window. */
  REDDIT_FIREHOSE_POLL_MS: z.coerce.number().int().positive().optional(),
  /** A firehose kind (posts, comments) whose by-id window brought nothing this long is re-read from its listing. */
  REDDIT_FIREHOSE_RESYNC_MS: z.coerce.number().int().positive().default(10_000),
  REDDIT_FIREHOSE_LEASE_MS: z.coerce.number().int().positive().default(60_000),
  REDDIT_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
});
export type IngestRedditConfig = z.infer<typeof ingestRedditEnv>;

/**
 * The firehose's poll periods: `minPollMs` is the budget's average pace (600 ms for 100/min), the
 * fastest a busy stream steps; `pollMs` is the quiet poll, that pace unless configured. /r/all never
 * sleeps for long: a quiet poll slower than the pace only delayed the first items of a burst
 * (bench:pipeline with 1,000 ms: 0.96-0.99 s for the items of the burst's first second).
 */
export function firehosePollPeriods(config: Pick<IngestRedditConfig, 'REDDIT_FIREHOSE_POLL_MS' | 'REDDIT_BUDGET_WINDOW_MS' | 'REDDIT_REQUESTS_PER_MIN'>): { pollMs: number; minPollMs: number } {
  const paceMs = Math.ceil(config.REDDIT_BUDGET_WINDOW_MS / config.REDDIT_REQUESTS_PER_MIN);
  const pollMs = config.REDDIT_FIREHOSE_POLL_MS ?? paceMs;
  return { pollMs, minPollMs: Math.min(pollMs, paceMs) };
}
