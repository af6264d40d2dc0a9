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

/** One post's near-duplicate lookup with its settings (bench and single-post callers). */
export type NearDuplicateQuery = DuplicateLookup & DuplicateProbe;

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

/** Posts stored already, keyed by postKey(platform, externalId); one statement for a batch. */
export async function findPosts(
  db: Queryable,
  keys: readonly { platform: string; externalId: string }[],
): Promise<Map<string, StoredPost>> {
  const found = new Map<string, StoredPost>();
  if (keys.length === 0) return found;
  const { rows } = await db.query<StoredPost & { platform: string; externalId: string }>(
    `SELECT p.platform, p.external_id AS "externalId", p.id, p.intent_score AS "intentScore",
            p.duplicate_of AS "duplicateOf", p.embedding_model AS "embeddingModel"
       FROM posts p
      WHERE (p.platform, p.external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [keys.map((k) => k.platform), keys.map((k) => k.externalId)],
  );
  for (const { platform, externalId, ...post } of rows) found.set(postKey(platform, externalId), post);
  return found;
}

/** The natural key of a post as one string (platform names hold no NUL). */
export const postKey = (platform: string, externalId: string): string => `${platform}\u0000${externalId}`;

/** The settings every near-duplicate lookup of a batch shares. */
export interface DuplicateLookup {
  embeddingModel: string;
  /** Cosine similarity at or above which two posts are the same need. */
  threshold: number;
  windowDays: number;
  /** Neighbours fetched from the HNSW index before the threshold and window filter them. */
  candidates: number;
}

/** One post to find an original for. */
export interface DuplicateProbe {
  embedding: readonly number[];
  contentHash: string;
  postedAt: string;
}

/**
 * The originals these posts repeat, by probe index, in one statement: per probe first the same
 * normalized content hash, then the nearest neighbour of the same embedding model above the
 * threshold, both within ±window of the post time. A match that is itself a duplicate resolves to
 * its original, so families stay one level deep.
 *
 * The k-NN is a plain `ORDER BY embedding <=> probe LIMIT k` per probe (a LATERAL subquery, so the
 * planner walks the HNSW index once per probe); the threshold and the window are applied to those k
 * afterwards (a WHERE on distance or time would force a scan of the table). The model filter is
 * checked during the index walk, and iterative scans (pgvector 0.8, set by the caller's
 * transaction) keep walking when it rejects candidates, so a model that is rare in the table is
 * still compared with its own vectors. The k-NN runs only for probes without an exact match.
 */
export async function findOriginals(
  db: Queryable,
  lookup: DuplicateLookup,
  probes: readonly DuplicateProbe[],
): Promise<Map<number, OriginalMatch>> {
  const found = new Map<number, OriginalMatch>();
  if (probes.length === 0) return found;
  const { rows } = await db.query<{
    ord: string;
    originalId: string;
    reason: 'exact' | 'near';
    similarity: number;
  }>(
    `SELECT i.ord, COALESCE(ex.original_id, nn.original_id) AS "originalId",
            CASE WHEN ex.original_id IS NULL THEN 'near' ELSE 'exact' END AS reason,
            COALESCE(ex.similarity, nn.similarity) AS similarity
       FROM unnest($1::text[], $2::timestamptz[], $3::vector[]) WITH ORDINALITY AS i(content_hash, posted_at, embedding, ord)
       LEFT JOIN LATERAL (
         SELECT COALESCE(p.duplicate_of, p.id) AS original_id, 1::float8 AS similarity
           FROM posts p
          WHERE p.content_hash = i.content_hash
            AND p.posted_at BETWEEN i.posted_at - make_interval(days => $4) AND i.posted_at + make_interval(days => $4)
          ORDER BY p.posted_at, p.id
          LIMIT 1
       ) ex ON true
       LEFT JOIN LATERAL (
         SELECT COALESCE(n.duplicate_of, n.id) AS original_id, 1 - n.distance AS similarity
           FROM (SELECT p.id, p.duplicate_of, p.posted_at, p.embedding <=> i.embedding AS distance
                   FROM posts p
                  WHERE p.embedding_model = $5
                  ORDER BY p.embedding <=> i.embedding
                  LIMIT $6) n
          WHERE ex.original_id IS NULL
            AND 1 - n.distance >= $7
            AND n.posted_at BETWEEN i.posted_at - make_interval(days => $4) AND i.posted_at + make_interval(days => $4)
          ORDER BY n.distance
          LIMIT 1
       ) nn ON true
      WHERE ex.original_id IS NOT NULL OR nn.original_id IS NOT NULL`,
    [
      probes.map((p) => p.contentHash),
      probes.map((p) => p.postedAt),
      probes.map((p) => toVector(p.embedding)),
      lookup.windowDays,
      lookup.embeddingModel,
      lookup.candidates,
      lookup.threshold,
    ],
  );
  for (const r of rows) {
    found.set(Number(r.ord) - 1, {
      originalId: r.originalId,
      reason: r.reason,
      similarity: Number(r.similarity),
    });
  }
  return found;
}

/** The original of one post (see findOriginals); kept for callers that look up a single post. */
export async function findOriginal(db: Queryable, q: NearDuplicateQuery): Promise<OriginalMatch | undefined> {
  const found = await findOriginals(db, q, [q]);
  return found.get(0);
}

/** A new post ready to insert: its id is chosen here so copies in the same batch can point at it. */
export interface NewPostRow {
  id: string;
  post: ScoredPost;
  vector: readonly number[];
  model: string;
  duplicateOf: string | undefined;
}

/**
 * Inserts posts in one multi-row statement, each once per platform + external id. Returns the ids
 * really inserted: a post missing from the result existed already (a concurrent delivery won).
 */
export async function insertPosts(db: Queryable, rows: readonly NewPostRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const col = <T>(f: (r: NewPostRow) => T): T[] => rows.map(f);
  const { rows: inserted } = await db.query<{ id: string }>(
    `INSERT INTO posts (id, platform, external_id, url, kind, author_handle, author_display_name, author_profile_url,
                        title, content, site, lang, thread_external_id, parent_external_id, posted_at, fetched_at,
                        content_hash, analysis, intent_score, scored_by, scored_at, embedding, embedding_model, duplicate_of)
     SELECT id, platform, external_id, url, kind, author_handle, author_display_name, author_profile_url,
            title, content, site, lang, thread_external_id, parent_external_id, posted_at, fetched_at,
            content_hash, analysis, intent_score, scored_by, now(), embedding, embedding_model, duplicate_of
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::timestamptz[],
                   $16::timestamptz[], $17::text[], $18::jsonb[], $19::smallint[], $20::text[], $21::vector[],
                   $22::text[], $23::uuid[])
         AS i(id, platform, external_id, url, kind, author_handle, author_display_name, author_profile_url,
              title, content, site, lang, thread_external_id, parent_external_id, posted_at, fetched_at,
              content_hash, analysis, intent_score, scored_by, embedding, embedding_model, duplicate_of)
     ON CONFLICT (platform, external_id) DO NOTHING
     RETURNING id`,
    [
      col((r) => r.id),
      col((r) => r.post.platform),
      col((r) => r.post.externalId),
      col((r) => r.post.url),
      col((r) => r.post.kind),
      col((r) => pgText(r.post.author.handle)),
      col((r) => pgOptionalText(r.post.author.displayName)),
      col((r) => pgOptionalText(r.post.author.profileUrl)),
      col((r) => pgOptionalText(r.post.title)),
      col((r) => pgText(r.post.content)),
      col((r) => pgOptionalText(r.post.site)),
      col((r) => r.post.lang ?? r.post.analysis.language),
      col((r) => r.post.threadExternalId ?? null),
      col((r) => r.post.parentExternalId ?? null),
      col((r) => r.post.createdAt),
      col((r) => r.post.fetchedAt),
      col((r) => r.post.contentHash),
      col((r) => toJsonb(r.post.analysis)),
      col((r) => r.post.analysis.intent_score),
      col((r) => r.post.analysis.scored_by),
      col((r) => toVector(r.vector)),
      col((r) => r.model),
      col((r) => r.duplicateOf ?? null),
    ],
  );
  return new Set(inserted.map((r) => r.id));
}

/** Stores a new analysis of a stored post (a re-score). */
export async function updatePostScore(db: Queryable, postId: string, post: ScoredPost): Promise<void> {
  await db.query(
    `UPDATE posts SET analysis = $2, intent_score = $3, scored_by = $4, content_hash = $5, scored_at = now(), updated_at = now()
      WHERE id = $1`,
    [postId, toJsonb(post.analysis), post.analysis.intent_score, post.analysis.scored_by, post.contentHash],
  );
}
