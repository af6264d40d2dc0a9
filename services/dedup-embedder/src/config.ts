import { baseEnv } from '@intent-radar/config';
import { z } from 'zod';

/** dedup-embedder settings; everything has an offline default. */
export const dedupEmbedderEnv = baseEnv.extend({
  /** OpenAI-compatible endpoint; when set (with a key) embeddings use text-embedding-3-small at 384 d. */
  EMBEDDING_BASE_URL: z.url().optional(),
  EMBEDDING_API_KEY: z.string().min(1).optional(),
  EMBEDDING_MODEL: z.string().min(1).default('text-embedding-3-small'),
  /** Cosine similarity at or above which a post is a near-duplicate of an earlier one. */
  NEAR_DUPLICATE_THRESHOLD: z.coerce.number().gt(0).max(1).default(0.92),
  /** How far back (days) an original may be for a near-duplicate link. */
  NEAR_DUPLICATE_WINDOW_DAYS: z.coerce.number().int().positive().default(7),
  /** Nearest neighbours fetched from the HNSW index before the threshold is applied. */
  NEAR_DUPLICATE_CANDIDATES: z.coerce.number().int().min(1).max(1000).default(10),
  /** Signals older than this are archived by the jobs.archive consumer. */
  ARCHIVE_AFTER_DAYS: z.coerce.number().int().positive().default(90),
  SIGNAL_INSERT_BATCH: z.coerce.number().int().min(1).max(5000).default(500),
  /** How often the outbox relay looks for unpublished events, in milliseconds (it is also woken after each commit). */
  OUTBOX_POLL_MS: z.coerce.number().int().positive().default(1000),
  CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
});
export type DedupEmbedderConfig = z.infer<typeof dedupEmbedderEnv>;
