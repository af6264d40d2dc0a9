import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../embedding/embedder.ts';
import { createLocalEmbedder } from '../embedding/local.ts';
import { contentHashOf, createMonitor, createWorkspace, openTestWorld, scoredEvent, scoredPost, type TestWorld } from '../test-world.ts';
import { storeScoredPosts, type StoreSettings } from './scored-post-store.ts';

// Exact repeats (the same text again) are neither embedded nor given vector and band keys:
// their original's stand for them. And only originals are candidates for later posts.
let world: TestWorld;
const settings: StoreSettings = { duplicates: { threshold: 0.92, windowDays: 7, candidates: 10 }, signalBatchSize: 10 };

beforeAll(async () => {
  world = await openTestWorld();
});
afterAll(async () => world?.close());

/** The local embedder, recording every text it was asked for; `during` runs inside each call. */
function countingEmbedder(during: () => Promise<void> = () => Promise.resolve()): Embedder & { texts: string[] } {
  const local = createLocalEmbedder();
  const texts: string[] = [];
  return {
    model: local.model,
    texts,
    async embed(batch) {
      texts.push(...batch);
      await during();
      return local.embed(batch);
    },
  };
}

const vectorColumns = async (postId: string) =>
  (
    await world.pool.query<{ has_embedding: boolean; has_band_keys: boolean; embedding_model: string | null }>(
      `SELECT embedding IS NOT NULL AS has_embedding, band_keys IS NOT NULL AS has_band_keys, embedding_model
         FROM posts WHERE id = $1`,
      [postId],
    )
  ).rows[0]!;

describe('exact repeats', () => {
  it('are stored without a vector of their own and later reposts still find the original', async () => {
    const text = 'Shortlisting a revenue intelligence tool, Clari is too heavy for our 12 person sales team';
    const embedder = countingEmbedder();
    const store = (contents: { content: string; platform?: 'reddit' | 'hackernews' }[]) =>
      storeScoredPosts(
        { pool: world.pool, embedder, settings },
        contents.map((c) => scoredEvent(scoredPost({ ...c, monitorIds: [] }))),
      );

    const [original] = await store([{ content: text }]);
    expect(await vectorColumns(original!.postId)).toEqual({ has_embedding: true, has_band_keys: true, embedding_model: embedder.model });

    embedder.texts.length = 0;
    const other = 'Which SOC 2 automation vendor works for a 20 person startup, Vanta or Drata?';
    const [repeat, unrelated] = await store([{ content: text, platform: 'hackernews' }, { content: other }]);
    expect(repeat).toMatchObject({ inserted: true, duplicateOf: original!.postId, duplicateReason: 'exact' });
    expect(unrelated).toMatchObject({ inserted: true, duplicateOf: undefined });
    expect(embedder.texts).toHaveLength(1); // the unrelated post only
    expect(await vectorColumns(repeat!.postId)).toEqual({ has_embedding: false, has_band_keys: false, embedding_model: null });

    // Two copies new in one batch: the second links to the first within the batch and keeps no vector.
    const fresh = 'Looking for a dunning tool for Stripe subscriptions, Churnkey quote was too high';
    const [first, second] = await store([{ content: fresh }, { content: fresh, platform: 'hackernews' }]);
    expect(second).toMatchObject({ duplicateOf: first!.postId, duplicateReason: 'exact' });
    expect(await vectorColumns(first!.postId)).toMatchObject({ has_embedding: true });
    expect(await vectorColumns(second!.postId)).toMatchObject({ has_embedding: false, has_band_keys: false });

    // A reworded repost finds the original through the original's vector.
    const [reworded] = await store([{ content: `${text}, any tips welcome` }]);
    expect(reworded).toMatchObject({ duplicateOf: original!.postId, duplicateReason: 'near' });
  });

  it('embeds a repeat after all when its stored text is gone by the time the transaction runs', async () => {
    const text = 'Need a contract lifecycle tool that plugs into HubSpot, Ironclad is overkill for us';
    const seed = createLocalEmbedder();
    const [stored] = await storeScoredPosts({ pool: world.pool, embedder: seed, settings }, [
      scoredEvent(scoredPost({ content: text, monitorIds: [] })),
    ]);
    expect(stored).toMatchObject({ inserted: true });
    // Between the pre-check (text stored) and the locked lookup, the stored copy is deleted.
    const embedder = countingEmbedder(async () => {
      await world.pool.query('DELETE FROM posts WHERE content_hash = $1', [contentHashOf(`\n${text}`)]);
    });
    const [repeat] = await storeScoredPosts({ pool: world.pool, embedder, settings }, [
      scoredEvent(scoredPost({ content: text, monitorIds: [] })),
      scoredEvent(scoredPost({ content: 'Best cold email deliverability tool in 2026? Instantly vs Smartlead', monitorIds: [] })),
    ]);
    expect(repeat).toMatchObject({ inserted: true, duplicateOf: undefined });
    expect(embedder.texts).toContain(text);
    expect(await vectorColumns(repeat!.postId)).toEqual({ has_embedding: true, has_band_keys: true, embedding_model: embedder.model });
  });

  it('compares later posts with originals only, not with their near repeats', async () => {
    // Three unrelated texts (no shared band keys) with vectors on a circle: B is 0.96 from A,
    // C is 0.96 from B but 0.84 from A.
    const angle = Math.acos(0.96);
    const at = (k: number) => [Math.cos(k * angle), Math.sin(k * angle), ...new Array<number>(382).fill(0)];
    const texts = ['alpha quarterly churn tooling', 'bravo onboarding checklist app', 'charlie invoice reminders'];
    const onCircle: Embedder = {
      model: 'circle-test-v1',
      embed: (batch) => Promise.resolve(batch.map((t) => at(texts.findIndex((x) => t.includes(x))))),
    };
    const store = async (content: string) =>
      (await storeScoredPosts({ pool: world.pool, embedder: onCircle, settings }, [scoredEvent(scoredPost({ content, monitorIds: [] }))]))[0]!;
    const a = await store(texts[0]!);
    const b = await store(texts[1]!);
    expect(b).toMatchObject({ duplicateOf: a.postId, duplicateReason: 'near' });
    const c = await store(texts[2]!);
    expect(c).toMatchObject({ inserted: true, duplicateOf: undefined });
  });

  it('serves a monitor once per family when a copy, not the original, took the signal', async () => {
    const ws = await createWorkspace(world.pool);
    const monitorId = await createMonitor(world.pool, { workspaceId: ws });
    const text = 'Any good alternatives to Hotjar for session replay on a Shopify store with 50k visits?';
    const deps = { pool: world.pool, embedder: createLocalEmbedder(), settings };
    const store = async (monitorIds: string[], platform: 'reddit' | 'hackernews') =>
      (await storeScoredPosts(deps, [scoredEvent(scoredPost({ content: text, platform, monitorIds }))]))[0]!;
    const original = await store([], 'reddit'); // matched no monitor
    const copy = await store([monitorId], 'hackernews');
    expect(copy).toMatchObject({ duplicateOf: original.postId, signalsCreated: 1 });
    const family = await world.pool.query<{ family_id: string }>('SELECT family_id FROM signals WHERE post_id = $1', [copy.postId]);
    expect(family.rows).toEqual([{ family_id: original.postId }]);
    const another = await store([monitorId], 'reddit');
    expect(another).toMatchObject({ duplicateOf: original.postId, signalsCreated: 0 });
  });
});

