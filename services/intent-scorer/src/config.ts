import { baseEnv } from '@intent-radar/config';
import { z } from 'zod';

/** intent-scorer settings; with none set it scores with the local model only. */
export const intentScorerEnv = baseEnv.extend({
  /**
   * Raw posts handled at once by this replica. Local scoring is CPU only, so this bounds I/O in
   * flight; 64 lets pulls, scored publishes and acks go out in bursts (16: ~20% more CPU per post).
   */
  SCORER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(64),
  /** Analyses kept in memory by content hash (each post is scored once while it is here). */
  SCORE_CACHE_SIZE: z.coerce.number().int().min(0).max(5_000_000).default(100_000),
  /** OpenAI-compatible endpoint; when set (with a key) the LLM cascade is on. */
  LLM_BASE_URL: z.url().optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** LLM requests in flight at once. */
  LLM_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** One LLM request's deadline, milliseconds. */
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  /** Spend caps in US dollars; past one the local result stands (marked needs_rescore). */
  LLM_MAX_USD_PER_HOUR: z.coerce.number().nonnegative().default(1),
  LLM_MAX_USD_PER_DAY: z.coerce.number().nonnegative().default(10),
});
export type IntentScorerConfig = z.infer<typeof intentScorerEnv>;
