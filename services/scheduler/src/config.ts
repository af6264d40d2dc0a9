import { baseEnv } from '@intent-radar/config';
import { PLATFORMS } from '@intent-radar/proto-schemas';
import { z } from 'zod';

const platformList = z
  .string()
  .default('hackernews,reddit')
  .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
  .pipe(z.array(z.enum(PLATFORMS)));

/** scheduler settings. Intervals are milliseconds; budgets size the intervals under many queries. */
export const schedulerEnv = baseEnv.extend({
  SCHEDULER_HN_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
  SCHEDULER_REDDIT_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
  SCHEDULER_X_INTERVAL_MS: z.coerce.number().int().positive().default(5 * 60_000),
  SCHEDULER_LINKEDIN_INTERVAL_MS: z.coerce.number().int().positive().default(30 * 60_000),
  /** Platforms read by firehose (every item matched locally); their searches only backfill new monitors. */
  SCHEDULER_FIREHOSE_PLATFORMS: platformList,
  /** One firehose job per platform per this interval; the ingestor holding it runs that long. */
  SCHEDULER_FIREHOSE_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
  /** Search requests per minute the scheduler may plan on Reddit (the API allows 100; the rest is headroom). */
  SCHEDULER_REDDIT_SEARCH_PER_MIN: z.coerce.number().positive().default(80),
  /** Algolia search requests per hour the scheduler may plan (10,000/h per IP). */
  SCHEDULER_HN_SEARCH_PER_HOUR: z.coerce.number().positive().default(8_000),
  /** X Basic tier: posts readable per month, and how many posts one poll is expected to read. */
  X_MONTHLY_POST_CAP: z.coerce.number().int().positive().default(15_000),
  SCHEDULER_X_POSTS_PER_POLL: z.coerce.number().positive().default(10),
  /** Bright Data discovery runs per day the scheduler may plan. */
  SCHEDULER_LINKEDIN_RUNS_PER_DAY: z.coerce.number().positive().default(200),
  /** How often the monitors table is compared with the `monitors` KV bucket. */
  SCHEDULER_SYNC_MS: z.coerce.number().int().positive().default(5_000),
  SCHEDULER_TICK_MS: z.coerce.number().int().positive().default(1_000),
  ARCHIVE_AFTER_DAYS: z.coerce.number().int().positive().default(90),
});
export type SchedulerConfig = z.infer<typeof schedulerEnv>;
