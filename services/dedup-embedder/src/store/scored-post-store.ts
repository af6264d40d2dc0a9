import { randomUUID } from 'node:crypto';
import { toVector, withTransaction, type Pool, type PoolClient } from '@intent-radar/db';
import type { EventOf } from '@intent-radar/proto-schemas';
import type { Embedder } from '../embedding/embedder.ts';
import { embeddableText } from '../embedding/local.ts';
import { bandKeysLiteral, repostBandKeys } from '../embedding/repost-bands.ts';
import { linkWithinBatch } from './batch-duplicates.ts';
import { writeOutbox } from './outbox.ts';
import {
  findOriginals,
  findPost,
  findStoredState,
  insertPosts,
  postKey,
  updatePostScore,
  type NewPostRow,
} from './post-repository.ts';
import { fanOutSignals, rescoreSignals } from './signal-repository.ts';

export interface DuplicateSettings {
  threshold: number;
  windowDays: number;
  candidates: number;
  /**
   * hnsw.ef_search for the k-NN (raised to `candidates` when lower). A near-duplicate is one of the
   * very nearest neighbours, so a short candidate list finds it; see docs/benchmarks.md (Store).
   */
  efSearch?: number;
}

export interface StoreSettings {
  duplicates: DuplicateSettings;
  signalBatchSize: number;
}

/** hnsw.ef_search when the settings name none: pgvector's default. */
export const DEFAULT_EF_SEARCH = 40;

export interface StoreOutcome {
  postId: string;
  /** False when the post was stored already (redelivery, another monitor's match, or a re-score). */
  inserted: boolean;
  duplicateOf: string | undefined;
  duplicateReason: 'exact' | 'near' | undefined;
  rescored: boolean;
  signalsCreated: number;
  signalsUpdated: number;
  /** Outbox rows written; the relay should be woken when > 0. */
  events: number;
}

export interface StoreDeps {
  pool: Pool;
  embedder: Embedder;
  settings: StoreSettings;
}

type ScoredEvent = EventOf<'post.scored.v1'>;

/** Stores one scored post (see storeScoredPosts). */
export async function storeScoredPost(deps: StoreDeps, event: ScoredEvent): Promise<StoreOutcome> {
  const [outcome] = await storeScoredPosts(deps, [event]);
  return outcome!;
}

/**
 * Stores a batch of scored posts and fans them out, all in one transaction with their outbox
 * events; outcomes come back in input order.
 * - new posts are embedded (one call for the batch), checked for an original (exact hash, repost
 *   band keys, then HNSW near-duplicate: one statement for the batch; then against earlier posts of the same batch),
 *   inserted in one statement (linked with duplicate_of when they repeat one) and fanned out to
 *   their monitors in one statement per signal batch;
 * - a stored post with a different score is a re-score: its analysis moves, its signals move to
 *   their per-monitor scores (also on a re-score event that leaves the post's score as it was), and
 *   monitors it newly qualifies for get their signal;
 * - a stored post with the same score only fans out to monitors not served yet (a redelivery
 *   creates nothing).
 * A failure rolls the whole batch back; the caller retries posts one by one to isolate it.
 */
export async function storeScoredPosts(
  deps: StoreDeps,
  events: readonly ScoredEvent[],
): Promise<StoreOutcome[]> {
  const { pool, embedder, settings } = deps;
  if (events.length === 0) return [];
  const { posts: known, storedText } = await findStoredState(
    pool,
    events.map((e) => ({
      platform: e.data.platform,
      externalId: e.data.externalId,
      contentHash: e.data.contentHash,
      postedAt: e.data.createdAt,
    })),
    settings.duplicates.windowDays,
  );
  // The first delivery of each post not stored yet is inserted; everything else (stored posts,
  // re-scores, a second copy of the same post in this batch) takes the stored-post path.
  const fresh: number[] = [];
  const seen = new Set<string>();
  events.forEach((e, i) => {
    const key = postKey(e.data.platform, e.data.externalId);
    if (known.has(key) || seen.has(key)) return;
    seen.add(key);
    fresh.push(i);
  });
  // Embed outside the transaction (a remote model can take seconds), only posts not stored yet
  // whose text is not stored already: an exact repeat needs no vector of its own.
  // Copies of one text in this batch are embedded once (the later ones are exact repeats).
  const toEmbed = new Map<string, number>();
  for (const i of fresh) if (!storedText.has(i)) toEmbed.set(events[i]!.data.contentHash, i);
  const embedded = toEmbed.size > 0 ? await embedder.embed([...toEmbed.values()].map((i) => embeddableText(events[i]!.data))) : [];
  const vectorOf = new Map([...toEmbed.keys()].map((hash, k) => [hash, embedded[k]!]));
  const vectors = fresh.map((i) => (storedText.has(i) ? null : vectorOf.get(events[i]!.data.contentHash)!));

  return withTransaction(pool, async (client) => {
    // Posts with the same text queue up here (locks taken in one order, so batches cannot deadlock),
    // so two copies arriving at once cannot both be originals. Same round trip: iterative HNSW scans
    // (pgvector 0.8) so the model filter cannot starve the k-NN, and the k-NN's candidate list.
    const { duplicates } = settings;
    // enable_seqscan off: without fresh statistics (a new table, autovacuum behind) the planner
    // took a sequential scan for the k-NN - every probe read the whole table (6 ms at 700 rows,
    // 2026-11-27); the store's statements all have an index to use instead. jit off: the cost
    // that steers the planner away from scans also crossed jit_above_cost, and compiling the
    // lookup took ~70% of its time; short statements never earn their compile back.
    await client.query({
      name: 'store-lock-texts',
      text: `SELECT set_config('hnsw.iterative_scan', 'strict_order', true), set_config('hnsw.ef_search', $2, true),
              set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true),
              (SELECT count(pg_advisory_xact_lock(k))
                 FROM (SELECT DISTINCT hashtextextended(h, 0) AS k FROM unnest($1::text[]) AS h ORDER BY 1) AS locks)`,
      values: [
        [...new Set(events.map((e) => e.data.contentHash))],
        String(Math.max(duplicates.efSearch ?? DEFAULT_EF_SEARCH, duplicates.candidates)),
      ],
    });
    const outcomes = new Array<StoreOutcome | undefined>(events.length);
    if (fresh.length > 0) await storeNewPosts(client, deps, events, fresh, vectors, outcomes);
    for (let i = 0; i < events.length; i++) {
      if (!outcomes[i]) outcomes[i] = await storeKnownPost(client, settings, events[i]!);
    }
    return outcomes as StoreOutcome[];
  });
}

/** The batch path: originals, one insert, one fan-out. Fills `outcomes` for the posts it inserted. */
async function storeNewPosts(
  client: PoolClient,
  { embedder, settings }: StoreDeps,
  events: readonly ScoredEvent[],
  fresh: readonly number[],
  vectors: readonly (number[] | null)[],
  outcomes: (StoreOutcome | undefined)[],
): Promise<void> {
  const { duplicates } = settings;
  const lookup = { embeddingModel: embedder.model, ...duplicates };
  const posts: NewPost[] = fresh.map((i, k) => ({ event: events[i]!, id: randomUUID(), ...vectorFields(events[i]!, vectors[k]!) }));
  const inTable = await findOriginals(client, lookup, posts.map(probeOf));
  // A text the pre-check found stored but the locked lookup did not (its copies deleted since):
  // it is an original after all, so it gets its vector now (rare).
  const unmatched = posts.flatMap((p, k) => (p.vector === null && !inTable.has(k) ? [k] : []));
  if (unmatched.length > 0) {
    const late = await embedder.embed(unmatched.map((k) => embeddableText(posts[k]!.event.data)));
    unmatched.forEach((k, j) => Object.assign(posts[k]!, vectorFields(posts[k]!.event, late[j]!)));
    const found = await findOriginals(client, lookup, unmatched.map((k) => probeOf(posts[k]!)));
    for (const [j, match] of found) inTable.set(unmatched[j]!, match);
  }
  const inBatch = linkWithinBatch(
    posts.map((p, k) => ({
      contentHash: p.event.data.contentHash,
      postedAtMs: Date.parse(p.event.data.createdAt),
      vector: p.vector ?? [],
      stored: inTable.has(k),
    })),
    duplicates.threshold,
    duplicates.windowDays,
  );
  // A stored original wins (it is older than anything in this batch); else an earlier original of
  // the batch.
  const originals: ({ id: string; reason: 'exact' | 'near' } | undefined)[] = [];
  const rows: NewPostRow[] = [];
  posts.forEach((p, k) => {
    const stored = inTable.get(k);
    const earlier = inBatch[k];
    const original = stored
      ? { id: stored.originalId, reason: stored.reason }
      : earlier
        ? { id: posts[earlier.index]!.id, reason: earlier.reason }
        : undefined;
    originals.push(original);
    // An exact repeat is stored without vector and band keys: its original's stand for it, and
    // HNSW inserts of one vector thousands of times were most of the store's Postgres CPU.
    const exact = original?.reason === 'exact';
    rows.push({
      id: p.id,
      post: p.event.data,
      vector: exact ? null : p.vectorSql,
      model: embedder.model,
      duplicateOf: original?.id,
      bandKeys: exact ? null : p.bandKeys,
    });
  });
  const inserted = await insertPosts(client, rows);
  const stored = posts.flatMap((p, k) =>
    inserted.has(p.id) ? [{ postId: p.id, post: p.event.data, duplicateOf: rows[k]!.duplicateOf }] : [],
  );
  const created = await fanOutSignals(client, stored, settings.signalBatchSize);
  posts.forEach((p, k) => {
    if (!inserted.has(p.id)) return; // stored meanwhile by a concurrent delivery: the stored-post path handles it
    const signals = created.get(p.id)?.length ?? 0;
    outcomes[fresh[k]!] = {
      postId: p.id,
      inserted: true,
      duplicateOf: originals[k]?.id,
      duplicateReason: originals[k]?.reason,
      rescored: false,
      signalsCreated: signals,
      signalsUpdated: 0,
      events: signals,
    };
  });
}

/** A new post of a batch with its vector fields (all null for a text stored already). */
interface NewPost {
  event: ScoredEvent;
  id: string;
  vector: number[] | null;
  /** toVector(vector), serialized once for both statements that send it. */
  vectorSql: string | null;
  bandKeys: string | null;
}

function vectorFields(event: ScoredEvent, vector: number[] | null): Pick<NewPost, 'vector' | 'vectorSql' | 'bandKeys'> {
  if (vector === null) return { vector: null, vectorSql: null, bandKeys: null };
  return { vector, vectorSql: toVector(vector), bandKeys: bandKeysLiteral(repostBandKeys(embeddableText(event.data))) };
}

const probeOf = (p: NewPost) => ({
  embedding: p.vectorSql,
  contentHash: p.event.data.contentHash,
  postedAt: p.event.data.createdAt,
  bandKeys: p.bandKeys,
});

/** A post stored already: a re-score moves its signals; any post may still serve monitors not served yet. */
async function storeKnownPost(
  client: PoolClient,
  settings: StoreSettings,
  event: ScoredEvent,
): Promise<StoreOutcome> {
  const post = event.data;
  // Lock it so redeliveries queue up.
  const stored = await findPost(client, post.platform, post.externalId, true);
  if (!stored) throw new Error(`post ${post.platform}:${post.externalId} vanished during the transaction`);
  const newScore = post.analysis.intent_score;
  const rescored = stored.intentScore !== newScore;
  let updated = 0;
  let events = 0;
  if (rescored) await updatePostScore(client, stored.id, post);
  // A re-score can move a monitor's score without moving the post's (a changed relevance profile),
  // so every re-score event revisits the signals; a plain redelivery does not.
  if (rescored || post.rescore) {
    const moved = await rescoreSignals(client, stored.id, post, event.id);
    updated = moved.updated.length;
    events += await writeOutbox(client, moved.events);
  }
  const created = await fanOutSignals(
    client,
    [{ postId: stored.id, post, duplicateOf: stored.duplicateOf ?? undefined }],
    settings.signalBatchSize,
  );
  const signals = created.get(stored.id)?.length ?? 0;
  events += signals;
  return {
    postId: stored.id,
    inserted: false,
    duplicateOf: stored.duplicateOf ?? undefined,
    duplicateReason: undefined,
    rescored,
    signalsCreated: signals,
    signalsUpdated: updated,
    events,
  };
}
