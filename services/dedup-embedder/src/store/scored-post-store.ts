import { withTransaction, type Pool } from '@intent-radar/db';
import type { EventOf } from '@intent-radar/proto-schemas';
import type { Embedder } from '../embedding/embedder.ts';
import { embeddableText } from '../embedding/local.ts';
import { writeOutbox } from './outbox.ts';
import { findOriginal, findPost, insertPost, updatePostScore } from './post-repository.ts';
import { fanOutSignals, rescoreSignals } from './signal-repository.ts';

export interface DuplicateSettings {
  threshold: number;
  windowDays: number;
  candidates: number;
}

export interface StoreSettings {
  duplicates: DuplicateSettings;
  signalBatchSize: number;
}

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

/**
 * Stores one scored post and fans it out, all in one transaction with its outbox events:
 * - a new post is embedded, checked for an original (exact hash, then HNSW near-duplicate),
 *   inserted (linked with duplicate_of when it repeats one) and fanned out to its monitors;
 * - a stored post with a different score is a re-score: its analysis and signals move, and
 *   monitors it newly qualifies for get their signal;
 * - a stored post with the same score only fans out to monitors not served yet (a redelivery
 *   creates nothing).
 */
export async function storeScoredPost(
  deps: { pool: Pool; embedder: Embedder; settings: StoreSettings },
  event: EventOf<'post.scored.v1'>,
): Promise<StoreOutcome> {
  const { pool, embedder, settings } = deps;
  const post = event.data;
  const known = await findPost(pool, post.platform, post.externalId);
  // Embed outside the transaction (a remote model can take seconds) and only for posts not stored yet.
  const vector = known ? undefined : (await embedder.embed([embeddableText(post)]))[0];

  return withTransaction(pool, async (client) => {
    // Posts with the same text queue up here, so two copies arriving at once cannot both be originals.
    // Same round trip: iterative HNSW scans (pgvector 0.8) for this transaction, so the model filter
    // cannot starve the k-NN of candidates.
    await client.query(
      "SELECT pg_advisory_xact_lock(hashtextextended($1, 0)), set_config('hnsw.iterative_scan', 'strict_order', true)",
      [post.contentHash],
    );
    let outcome: StoreOutcome | undefined;
    if (vector) {
      const original = await findOriginal(client, {
        embedding: vector,
        embeddingModel: embedder.model,
        contentHash: post.contentHash,
        postedAt: post.createdAt,
        ...settings.duplicates,
      });
      const postId = await insertPost(client, post, { vector, model: embedder.model }, original?.originalId);
      if (postId) {
        const created = await fanOutSignals(client, {
          postId,
          post,
          duplicateOf: original?.originalId,
          windowDays: settings.duplicates.windowDays,
          batchSize: settings.signalBatchSize,
        });
        outcome = {
          postId,
          inserted: true,
          duplicateOf: original?.originalId,
          duplicateReason: original?.reason,
          rescored: false,
          signalsCreated: created.length,
          signalsUpdated: 0,
          events: created.length,
        };
      }
    }
    if (outcome) return outcome;

    // Stored already (or a concurrent delivery inserted it first): lock it so redeliveries queue up.
    const stored = await findPost(client, post.platform, post.externalId, true);
    if (!stored) throw new Error(`post ${post.platform}:${post.externalId} vanished during the transaction`);
    const newScore = post.analysis.intent_score;
    const rescored = stored.intentScore !== newScore;
    let updated = 0;
    let events = 0;
    if (rescored) {
      await updatePostScore(client, stored.id, post);
      const moved = await rescoreSignals(client, stored.id, newScore, event.id);
      updated = moved.updated.length;
      events += await writeOutbox(client, moved.events);
    }
    const created = await fanOutSignals(client, {
      postId: stored.id,
      post,
      duplicateOf: stored.duplicateOf ?? undefined,
      windowDays: settings.duplicates.windowDays,
      batchSize: settings.signalBatchSize,
    });
    events += created.length;
    return {
      postId: stored.id,
      inserted: false,
      duplicateOf: stored.duplicateOf ?? undefined,
      duplicateReason: undefined,
      rescored,
      signalsCreated: created.length,
      signalsUpdated: updated,
      events,
    };
  });
}
