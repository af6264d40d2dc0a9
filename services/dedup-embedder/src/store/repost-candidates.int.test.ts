import { randomUUID } from 'node:crypto';
import { withTransaction } from '@intent-radar/db';
import { createTestDatabase, type TestDatabase } from '@intent-radar/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_EMBEDDING_MODEL, localEmbedding } from '../embedding/local.ts';
import { bandKeysLiteral, repostBandKeys } from '../embedding/repost-bands.ts';
import { scoredPost } from '../test-world.ts';
import { findOriginals, insertPosts, type DuplicateLookup } from './post-repository.ts';

// The band-key stage of findOriginals on a real Postgres: found by a shared key and confirmed by
// cosine, never across embedding models, never outside the window.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

const DAY = 86_400_000;
const lookup: DuplicateLookup = {
  embeddingModel: LOCAL_EMBEDDING_MODEL,
  threshold: 0.92,
  windowDays: 7,
  candidates: 3,
};
const keysOf = (text: string) => bandKeysLiteral(repostBandKeys(text));

/** Stores a post as the store would; `keys: false` stores it without band keys (a pre-030 row). */
async function store(
  text: string,
  at: Date,
  { model = LOCAL_EMBEDDING_MODEL, vectorOf = text, keys = true } = {},
): Promise<string> {
  const id = randomUUID();
  await insertPosts(db.pool, [
    {
      id,
      post: scoredPost({ content: text, createdAt: at.toISOString(), monitorIds: [] }),
      vector: localEmbedding(vectorOf),
      model,
      duplicateOf: undefined,
      bandKeys: keys ? keysOf(text) : null,
    },
  ]);
  return id;
}

const probe = (text: string, at: Date, withKeys = true) => ({
  embedding: localEmbedding(text),
  contentHash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
  postedAt: at.toISOString(),
  bandKeys: withKeys ? keysOf(text) : null,
});

describe('findOriginals: repost band keys', () => {
  it('finds a reworded repost that the k-NN misses, and confirms it by cosine', async () => {
    const now = new Date();
    const original =
      'Looking for a ZoomInfo alternative under $500/month, Apollo data has been terrible for our SDR team';
    const repost = original.replace('Looking', 'Searching');
    const id = await store(original, now);
    // Decoys the k-NN ranks first (the repost's own vector) but outside the window and without
    // keys: with 3 candidates the k-NN returns only them, so only the band keys can find the original.
    for (let i = 0; i < 4; i++)
      await store(`decoy ${i}`, new Date(now.getTime() - 60 * DAY), { vectorOf: repost, keys: false });
    await db.pool.query('ANALYZE posts');

    const withKeys = await findOriginals(db.pool, lookup, [probe(repost, now)]);
    expect(withKeys.get(0)).toMatchObject({ originalId: id, reason: 'near', via: 'band-keys' });
    expect(withKeys.get(0)!.similarity).toBeGreaterThanOrEqual(0.92);
    const knnOnly = await findOriginals(db.pool, lookup, [probe(repost, now, false)]);
    expect(knnOnly.get(0)).toBeUndefined();

    // A shared key alone is not enough: below the cosine threshold nothing is linked.
    const strict = await findOriginals(db.pool, { ...lookup, threshold: 0.99 }, [probe(repost, now)]);
    expect(strict.get(0)).toBeUndefined();
  });

  it('never links posts of another embedding model, even with the same keys', async () => {
    const now = new Date();
    const text =
      'Which payroll provider handles contractors in Portugal and Brazil? Deel quote was 600 a month';
    await store(text, now, { model: 'other-model-v1' });
    const found = await findOriginals(db.pool, lookup, [probe(`${text} thanks!`, now)]);
    expect(found.get(0)).toBeUndefined();
    // The same probe under the other model's name finds it.
    const asOther = await findOriginals(db.pool, { ...lookup, embeddingModel: 'other-model-v1' }, [
      probe(`${text} thanks!`, now),
    ]);
    expect(asOther.get(0)).toMatchObject({ via: 'band-keys' });
  });

  it('respects the window', async () => {
    const now = new Date();
    const text = 'Need a status page tool with SSO and SAML, Statuspage is overkill for our 12 person team';
    const id = await store(text, new Date(now.getTime() - 10 * DAY));
    const repost = `Reposting: ${text}`;
    expect((await findOriginals(db.pool, lookup, [probe(repost, now)])).get(0)).toBeUndefined();
    const wider = await findOriginals(db.pool, { ...lookup, windowDays: 14 }, [probe(repost, now)]);
    expect(wider.get(0)).toMatchObject({ originalId: id, via: 'band-keys' });
  });

  it('serves the key lookup from the GIN index', async () => {
    const plan = await withTransaction(db.pool, async (c) => {
      // On a few rows the planner rightly prefers a scan; this asks whether the index CAN serve `&&`.
      await c.query('SET LOCAL enable_seqscan = off');
      const { rows } = await c.query<{ 'QUERY PLAN': string }>(
        'EXPLAIN SELECT id FROM posts WHERE band_keys && $1::int8[] AND duplicate_of IS NULL LIMIT 200',
        [keysOf('Looking for a ZoomInfo alternative under $500/month')],
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Bitmap Index Scan on posts_band_keys_idx/);
  });
});
