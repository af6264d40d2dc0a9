import { baseEnv } from '@intent-radar/config';
import { z } from 'zod';

/** ingest-twitter settings. Without X_BASE_URL the real api.x.com is used. */
export const ingestTwitterEnv = baseEnv.extend({
  /** Replaces https://api.x.com (e.g. the sandbox's `${url}/x`). */
  X_BASE_URL: z.url().optional(),
  X_BEARER_TOKEN: z.string().min(1).default('sandbox-bearer'),
  /** App-auth recent search: 450 requests per 15 minutes, shared by every replica. */
  X_REQUESTS_PER_WINDOW: z.coerce.number().int().positive().default(450),
  X_REQUEST_WINDOW_MS: z.coerce.number().int().positive().default(15 * 60_000),
  /** Posts readable per calendar month on the plan (Basic tier: 15,000). */
  X_MONTHLY_POST_CAP: z.coerce.number().int().positive().default(15_000),
  /** How far back the first search of a query goes (recent search covers 7 days). Hours. */
  X_SEARCH_BACKFILL_HOURS: z.coerce.number().positive().max(167).default(24),
  X_MAX_PAGES: z.coerce.number().int().min(1).max(50).default(5),
  INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
});
export type IngestTwitterConfig = z.infer<typeof ingestTwitterEnv>;
