import { toVector, type Queryable } from '@intent-radar/db';
import type { EventData } from '@intent-radar/proto-schemas';
import { pgOptionalText, pgText, toJsonb } from './pg-text.ts';

type ScoredPost = EventData<'post.scored.v1'>;

// The statements the store runs for every batch are named ('store-...'): node-postgres prepares
// each once per connection, so Postgres parses it once and, after a few runs, reuses its plan
// instead of planning the batch's LATERAL lookups again (a few ms per batch). Names are unique per
// text; the deployment has no transaction-mode connection pooler (which would not keep them).

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
  /** Which stage found it: same content hash, a shared repost band key, or the HNSW k-NN. */
  via: 'hash' | 'band-keys' | 'knn';
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

/** One post of a batch as the pre-check sees it. */
export interface StoredStateProbe {
  platform: string;
  externalId: string;
  contentHash: string;
  postedAt: string;
}

/** What the table already holds for a batch (findStoredState). */
export interface StoredState {
  /** Posts stored already, keyed by postKey(platform, externalId). */
  posts: Map<string, StoredPost>;
  /**
   * Probe indexes of posts not stored yet whose text is (same normalized content hash within
   * ±windowDays of the post time): exact repeats, not embedded; findOriginals decides under the locks.
   */
  storedText: Set<number>;
}

/**
 * The batch's pre-check outside the store transaction, in one statement: which posts are stored
 * already (by natural key), and for the others whether their text is. It was two statements on
 * two connections; the text probe is skipped for stored posts.
 */
export async function findStoredState(
  db: Queryable,
  probes: readonly StoredStateProbe[],
  windowDays: number,
): Promise<StoredState> {
  const state: StoredState = { posts: new Map(), storedText: new Set() };
  if (probes.length === 0) return state;
  // A row per probe that found something: its stored post (textStored false), or its stored text.
  const { rows } = await db.query<StoredPost & { ord: string; textStored: boolean }>({
    name: 'store-find-stored-state',
    // The key probe is a LATERAL subquery with LIMIT (the key is unique): as a plain LEFT JOIN, a
    // table without statistics was hash-joined through a sequential scan of all posts.
    text: `SELECT i.ord, p.id, p.intent_score AS "intentScore", p.duplicate_of AS "duplicateOf",
                  p.embedding_model AS "embeddingModel", p.id IS NULL AS "textStored"
             FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
                    WITH ORDINALITY AS i(platform, external_id, content_hash, posted_at, ord)
             LEFT JOIN LATERAL (
               SELECT p.id, p.intent_score, p.duplicate_of, p.embedding_model FROM posts p
                WHERE p.platform = i.platform AND p.external_id = i.external_id
                LIMIT 1
             ) p ON true
            WHERE p.id IS NOT NULL
               OR EXISTS (SELECT 1 FROM posts t
                           WHERE t.content_hash = i.content_hash
                             AND t.posted_at BETWEEN i.posted_at - make_interval(days => $5)
                                                 AND i.posted_at + make_interval(days => $5))`,
    values: [
      probes.map((p) => p.platform),
      probes.map((p) => p.externalId),
      probes.map((p) => p.contentHash),
      probes.map((p) => p.postedAt),
      windowDays,
    ],
  });
  for (const { ord, textStored, ...post } of rows) {
    const k = Number(ord) - 1;
    if (textStored) state.storedText.add(k);
    else state.posts.set(postKey(probes[k]!.platform, probes[k]!.externalId), post);
  }
  return state;
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

/**
 * A vector as a query parameter: the numbers, or their toVector literal when the caller sends the
 * same vector in several statements (serializing 384 floats was 6% of the store's Node CPU).
 */
export type VectorParam = readonly number[] | string;
const vectorParam = (v: VectorParam): string => (typeof v === 'string' ? v : toVector(v));

/** One post to find an original for. */
export interface DuplicateProbe {
  /** Null for a text stored already (findStoredState): only the exact stage can match it. */
  embedding: VectorParam | null;
  contentHash: string;
  postedAt: string;
  /** Repost band keys as an int8[] literal (bandKeysLiteral), null when the text has none. */
  bandKeys: string | null;
}

/** Key-sharing posts read per probe by the band-key stage: bounds the cost of keys shared by many posts (short stock phrases); a probe that finds nothing there still gets the k-NN. */
export const BAND_CANDIDATE_LIMIT = 200;

/**
 * The originals these posts repeat, by probe index, in one statement. Per probe, within ±window of
 * the post time, first match wins:
 * 1. the same normalized content hash;
 * 2. an original sharing a repost band key (embedding/repost-bands.ts, GIN index) whose vector of
 *    the same embedding model is at or above the threshold, the most similar one;
 * 3. the nearest original of the same model above the threshold by the HNSW k-NN.
 * A same-text match that is itself a duplicate resolves to its original, so families stay one
 * level deep. Stages 2 and 3 compare with originals only (migration 070: both indexes hold
 * originals only), so a post is a repost when it is close enough to the original itself.
 *
 * Stage 1 takes the earliest post of the text in the window straight from the (content_hash,
 * posted_at) index: no tie-break on id, which made Postgres read and sort every copy of the text
 * (thousands in a repost burst) for each new one; every copy resolves to the same original.
 *
 * Stage 2 is exact for the posts it reads: the k-NN alone missed about half of the reposts above
 * the threshold at 1M posts, stage 2 finds those whose word shingles overlap (docs/benchmarks.md,
 * Store). Stage 3 catches the rest (similar vectors with different words, texts without keys).
 *
 * The k-NN is a plain `ORDER BY embedding::halfvec <=> probe LIMIT k` per probe (a LATERAL
 * subquery, so the planner walks the HNSW index, an expression index over halfvec since migration
 * 031, once per probe); the threshold (on the full-precision vectors) and the window are applied to
 * those k afterwards (a WHERE on distance or time would force a scan of the table). The model
 * filter is checked during the index walk, and iterative scans (pgvector 0.8, set by the caller's
 * transaction) keep walking when it rejects candidates, so a model that is rare in the table is
 * still compared with its own vectors. Stages 2 and 3 run only for probes without an earlier match.
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
    via: OriginalMatch['via'];
  }>({
    name: 'store-find-originals',
    text: `SELECT i.ord, COALESCE(ex.original_id, bk.original_id, nn.original_id) AS "originalId",
            CASE WHEN ex.original_id IS NULL THEN 'near' ELSE 'exact' END AS reason,
            CASE WHEN ex.original_id IS NOT NULL THEN 'hash' WHEN bk.original_id IS NOT NULL THEN 'band-keys' ELSE 'knn' END AS via,
            COALESCE(ex.similarity, bk.similarity, nn.similarity) AS similarity
       FROM unnest($1::text[], $2::timestamptz[], $3::vector[], $8::text[])
              WITH ORDINALITY AS i(content_hash, posted_at, embedding, band_keys, ord)
       LEFT JOIN LATERAL (
         SELECT COALESCE(p.duplicate_of, p.id) AS original_id, 1::float8 AS similarity
           FROM posts p
          WHERE p.content_hash = i.content_hash
            AND p.posted_at BETWEEN i.posted_at - make_interval(days => $4) AND i.posted_at + make_interval(days => $4)
          ORDER BY p.posted_at
          LIMIT 1
       ) ex ON true
       LEFT JOIN LATERAL (
         SELECT c.id AS original_id, 1 - (c.embedding <=> i.embedding) AS similarity
           FROM (SELECT p.id, p.posted_at, p.embedding
                   FROM posts p
                  WHERE p.band_keys && i.band_keys::int8[]
                    AND p.embedding_model = $5 AND p.duplicate_of IS NULL
                  LIMIT $9) c
          WHERE ex.original_id IS NULL
            AND i.band_keys IS NOT NULL
            AND c.posted_at BETWEEN i.posted_at - make_interval(days => $4) AND i.posted_at + make_interval(days => $4)
            AND 1 - (c.embedding <=> i.embedding) >= $7
          ORDER BY c.embedding <=> i.embedding
          LIMIT 1
       ) bk ON true
       LEFT JOIN LATERAL (
         SELECT n.id AS original_id, 1 - (n.embedding <=> i.embedding) AS similarity
           FROM (SELECT p.id, p.posted_at, p.embedding
                   FROM posts p
                  WHERE p.embedding_model = $5 AND p.duplicate_of IS NULL
                  ORDER BY p.embedding::halfvec(384) <=> i.embedding::halfvec(384)
                  LIMIT $6) n
          WHERE ex.original_id IS NULL AND bk.original_id IS NULL AND i.embedding IS NOT NULL
            AND 1 - (n.embedding <=> i.embedding) >= $7
            AND n.posted_at BETWEEN i.posted_at - make_interval(days => $4) AND i.posted_at + make_interval(days => $4)
          ORDER BY n.embedding <=> i.embedding
          LIMIT 1
       ) nn ON true
      WHERE ex.original_id IS NOT NULL OR bk.original_id IS NOT NULL OR nn.original_id IS NOT NULL`,
    values: [
      probes.map((p) => p.contentHash),
      probes.map((p) => p.postedAt),
      probes.map((p) => (p.embedding === null ? null : vectorParam(p.embedding))),
      lookup.windowDays,
      lookup.embeddingModel,
      lookup.candidates,
      lookup.threshold,
      probes.map((p) => p.bandKeys),
      BAND_CANDIDATE_LIMIT,
    ],
  });
  for (const r of rows) {
    found.set(Number(r.ord) - 1, {
      originalId: r.originalId,
      reason: r.reason,
      similarity: Number(r.similarity),
      via: r.via,
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
  /** Null for an exact repeat: its original's vector stands for it (no HNSW entry of its own). */
  vector: VectorParam | null;
  model: string | null;
  duplicateOf: string | undefined;
  /** Repost band keys as an int8[] literal (bandKeysLiteral), null when the text has none. */
  bandKeys: string | null;
}

/**
 * Inserts posts in one multi-row statement, each once per platform + external id. Returns the ids
 * really inserted: a post missing from the result existed already (a concurrent delivery won).
 */
export async function insertPosts(db: Queryable, rows: readonly NewPostRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const col = <T>(f: (r: NewPostRow) => T): T[] => rows.map(f);
  const { rows: inserted } = await db.query<{ id: string }>({
    name: 'store-insert-posts',
    text: `INSERT INTO posts (id, platform, external_id, url, kind, author_handle, author_display_name, author_profile_url,
                        title, content, site, lang, thread_external_id, parent_external_id, posted_at, fetched_at,
                        content_hash, analysis, intent_score, scored_by, scored_at, embedding, embedding_model, duplicate_of, band_keys)
     SELECT id, platform, external_id, url, kind, author_handle, author_display_name, author_profile_url,
            title, content, site, lang, thread_external_id, parent_external_id, posted_at, fetched_at,
            content_hash, analysis, intent_score, scored_by, now(), embedding, embedding_model, duplicate_of,
            band_keys::int8[]
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::timestamptz[],
                   $16::timestamptz[], $17::text[], $18::jsonb[], $19::smallint[], $20::text[], $21::vector[],
                   $22::text[], $23::uuid[], $24::text[])
         AS i(id, platform, external_id, url, kind, author_handle, author_display_name, author_profile_url,
              title, content, site, lang, thread_external_id, parent_external_id, posted_at, fetched_at,
              content_hash, analysis, intent_score, scored_by, embedding, embedding_model, duplicate_of, band_keys)
     ON CONFLICT (platform, external_id) DO NOTHING
     RETURNING id`,
    values: [
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
      col((r) => (r.vector === null ? null : vectorParam(r.vector))),
      col((r) => (r.vector === null ? null : r.model)),
      col((r) => r.duplicateOf ?? null),
      col((r) => r.bandKeys),
    ],
  });
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
