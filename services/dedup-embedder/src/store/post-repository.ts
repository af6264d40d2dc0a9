import { toVector, type Queryable } from '@intent-radar/db';
import type { EventData } from '@intent-radar/proto-schemas';
import { pgOptionalText, pgText, toJsonb } from './pg-text.ts';

type ScoredPost = EventData<'post.scored.v1'>;

/** The columns the store needs back about a post. */
export interface StoredPost {
  id: string;
  intentScore: number | null;
  duplicateOf: string | null;
  embeddingModel: string | null;
}

export interface NearDuplicateQuery {
  embedding: readonly number[];
  embeddingModel: string;
  contentHash: string;
  postedAt: string;
  /** Cosine similarity at or above which two posts are the same need. */
  threshold: number;
  windowDays: number;
  /** Neighbours fetched from the HNSW index before the threshold and window filter them. */
  candidates: number;
}

export interface OriginalMatch {
  originalId: string;
  reason: 'exact' | 'near';
  similarity: number;
}

/** Reads a post by its natural key; `lock` holds it until the transaction ends (redeliveries queue up). */
export async function findPost(
  db: Queryable,
  platform: string,
  externalId: string,
  lock = false,
): Promise<StoredPost | undefined> {
  const { rows } = await db.query<StoredPost>(
    `SELECT id, intent_score AS "intentScore", duplicate_of AS "duplicateOf", embedding_model AS "embeddingModel"
       FROM posts WHERE platform = $1 AND external_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
    [platform, externalId],
  );
  return rows[0];
}

/**
 * The original this post repeats, if any: first the same normalized content hash, then the nearest
 * neighbour of the same embedding model above the threshold, both within ±window of the post time.
 * A match that is itself a duplicate resolves to its original, so families stay one level deep.
 */
export async function findOriginal(db: Queryable, q: NearDuplicateQuery): Promise<OriginalMatch | undefined> {
  const exact = await db.query<{ originalId: string }>(
    `SELECT COALESCE(duplicate_of, id) AS "originalId"
       FROM posts
      WHERE content_hash = $1
        AND posted_at BETWEEN $2::timestamptz - make_interval(days => $3) AND $2::timestamptz + make_interval(days => $3)
      ORDER BY posted_at, id
      LIMIT 1`,
    [q.contentHash, q.postedAt, q.windowDays],
  );
  if (exact.rows[0]) return { originalId: exact.rows[0].originalId, reason: 'exact', similarity: 1 };

  // The k-NN must be a plain ORDER BY distance LIMIT k for the planner to walk the HNSW index; the
  // threshold and the window are applied to those k afterwards (a WHERE on distance would force a
  // sequential scan). The model filter is checked during the index walk, and iterative scans
  // (pgvector 0.8) keep walking when it rejects candidates.
  const near = await db.query<{ originalId: string; similarity: number }>(
    `WITH nearest AS (
       SELECT id, duplicate_of, posted_at, embedding <=> $1::vector AS distance
         FROM posts
        WHERE embedding_model = $2
        ORDER BY embedding <=> $1::vector
        LIMIT $3
     )
     SELECT COALESCE(duplicate_of, id) AS "originalId", 1 - distance AS similarity
       FROM nearest
      WHERE 1 - distance >= $4
        AND posted_at BETWEEN $5::timestamptz - make_interval(days => $6) AND $5::timestamptz + make_interval(days => $6)
      ORDER BY distance
      LIMIT 1`,
    [toVector(q.embedding), q.embeddingModel, q.candidates, q.threshold, q.postedAt, q.windowDays],
  );
  const row = near.rows[0];
  return row ? { originalId: row.originalId, reason: 'near', similarity: Number(row.similarity) } : undefined;
}

/** Inserts a post once per platform + external id; undefined when it exists already. */
export async function insertPost(
  db: Queryable,
  post: ScoredPost,
  embedding: { vector: readonly number[]; model: string },
  duplicateOf: string | undefined,
): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO posts (platform, external_id, url, kind, author_handle, author_display_name, author_profile_url,
                        title, content, site, lang, thread_external_id, parent_external_id, posted_at, fetched_at,
                        content_hash, analysis, intent_score, scored_by, scored_at, embedding, embedding_model, duplicate_of)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, now(), $20::vector, $21, $22)
     ON CONFLICT (platform, external_id) DO NOTHING
     RETURNING id`,
    [
      post.platform,
      post.externalId,
      post.url,
      post.kind,
      pgText(post.author.handle),
      pgOptionalText(post.author.displayName),
      pgOptionalText(post.author.profileUrl),
      pgOptionalText(post.title),
      pgText(post.content),
      pgOptionalText(post.site),
      post.lang ?? post.analysis.language,
      post.threadExternalId ?? null,
      post.parentExternalId ?? null,
      post.createdAt,
      post.fetchedAt,
      post.contentHash,
      toJsonb(post.analysis),
      post.analysis.intent_score,
      post.analysis.scored_by,
      toVector(embedding.vector),
      embedding.model,
      duplicateOf ?? null,
    ],
  );
  return rows[0]?.id;
}

/** Stores a new analysis of a stored post (a re-score). */
export async function updatePostScore(db: Queryable, postId: string, post: ScoredPost): Promise<void> {
  await db.query(
    `UPDATE posts SET analysis = $2, intent_score = $3, scored_by = $4, content_hash = $5, scored_at = now(), updated_at = now()
      WHERE id = $1`,
    [postId, toJsonb(post.analysis), post.analysis.intent_score, post.analysis.scored_by, post.contentHash],
  );
}
