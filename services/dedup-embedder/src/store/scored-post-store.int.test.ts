import { createLogger } from '@intent-radar/logger';
import { streams } from '@intent-radar/proto-schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../embedding/embedder.ts';
import { createLocalEmbedder, embeddableText, localEmbedding } from '../embedding/local.ts';
import {
  createMonitor,
  createWorkspace,
  openTestWorld,
  scoredEvent,
  scoredPost,
  streamEvents,
  type TestWorld,
} from '../test-world.ts';
import { OutboxRelay } from './outbox.ts';
import { storeScoredPost, storeScoredPosts, type StoreSettings } from './scored-post-store.ts';
import { StoreBatcher } from './store-batcher.ts';

// The store without the consumer: the outbox under crashes, and which vectors get compared.
let world: TestWorld;
const logger = createLogger({ service: 'dedup-embedder-test', level: 'silent' });
const settings: StoreSettings = {
  duplicates: { threshold: 0.92, windowDays: 7, candidates: 10 },
  signalBatchSize: 2,
};

beforeAll(async () => {
  world = await openTestWorld();
});
afterAll(async () => world?.close());

const unpublished = async () =>
  (await world.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL'))
    .rows[0]!.n;

describe('storeScoredPost + outbox relay', () => {
  it('loses nothing when the process dies between the commit and the publish, and publishes nothing twice', async () => {
    const ws = await createWorkspace(world.pool);
    const monitorIds = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => createMonitor(world.pool, { workspaceId: ws, name: `m${i}` })),
    );
    const post = scoredPost({
      content: 'We need a sales engagement platform that is not Outreach, budget approved for Q3',
      monitorIds,
    });

    // Commit, then "crash": no relay ran.
    const outcome = await storeScoredPost(
      { pool: world.pool, embedder: createLocalEmbedder(), settings },
      scoredEvent(post),
    );
    expect(outcome).toMatchObject({ inserted: true, signalsCreated: 5, events: 5 });
    expect(await unpublished()).toBe(5);
    expect(await streamEvents(world.bus, streams.signals, 'signal.created.v1')).toHaveLength(0);

    // The next process's relay finds the rows and sends them.
    const relay = new OutboxRelay({ bus: world.bus, pool: world.pool, logger, pollMs: 60_000 });
    expect(await relay.flush()).toBe(5);
    expect(await unpublished()).toBe(0);
    const sent = await streamEvents(world.bus, streams.signals, 'signal.created.v1');
    expect(sent).toHaveLength(5);

    // A crash after the publish and before the stamp: the rows go out again with the same msg ids.
    await world.pool.query('UPDATE outbox SET published_at = NULL');
    expect(await relay.flush()).toBe(5);
    expect(await streamEvents(world.bus, streams.signals, 'signal.created.v1')).toHaveLength(5);
    expect(new Set(sent.map((e) => e.msgId)).size).toBe(5);

    // And a redelivered scored post writes no new outbox rows at all.
    const again = await storeScoredPost(
      { pool: world.pool, embedder: createLocalEmbedder(), settings },
      scoredEvent(post),
    );
    expect(again).toMatchObject({ inserted: false, rescored: false, signalsCreated: 0, events: 0 });
    expect(await unpublished()).toBe(0);
  });

  it('compares vectors of the same embedding model only', async () => {
    const text = 'Looking for a conversation intelligence tool cheaper than Gong for a 6 person team';
    // Same vector as the local model, under another name: a different vector space as far as the store knows.
    const otherModel: Embedder = {
      model: 'other-model-v1',
      embed: (texts) => Promise.resolve(texts.map(localEmbedding)),
    };
    const local = createLocalEmbedder();
    const deps = (embedder: Embedder) => ({ pool: world.pool, embedder, settings });

    const first = await storeScoredPost(
      deps(local),
      scoredEvent(scoredPost({ content: text, monitorIds: [] })),
    );
    // Different wording so the content hash differs and only the vector could link them.
    const reworded = `${text}!! thanks`;
    expect(embeddableText({ content: reworded })).not.toBe(text);
    const viaOther = await storeScoredPost(
      deps(otherModel),
      scoredEvent(scoredPost({ content: reworded, monitorIds: [] })),
    );
    expect(viaOther.duplicateOf).toBeUndefined();
    const viaLocal = await storeScoredPost(
      deps(local),
      scoredEvent(scoredPost({ content: `${text}, thanks all`, monitorIds: [] })),
    );
    expect(viaLocal).toMatchObject({ duplicateOf: first.postId, duplicateReason: 'near' });

    const { rows } = await world.pool.query<{ embedding_model: string }>(
      'SELECT embedding_model FROM posts WHERE id = $1',
      [viaOther.postId],
    );
    expect(rows[0]!.embedding_model).toBe('other-model-v1');
  });

  it('stores a post whose scraped text carries NUL characters', async () => {
    const ws = await createWorkspace(world.pool);
    const monitorId = await createMonitor(world.pool, { workspaceId: ws });
    const post = scoredPost({
      content: 'Need a dialer\u0000 that works with Pipedrive',
      monitorIds: [monitorId],
    });
    post.analysis.evidence = [{ quote: 'dialer\u0000', start: 7, end: 14, cue: 'explicit_ask', weight: 2 }];
    const outcome = await storeScoredPost(
      { pool: world.pool, embedder: createLocalEmbedder(), settings },
      scoredEvent(post),
    );
    expect(outcome).toMatchObject({ inserted: true, signalsCreated: 1 });
    const { rows } = await world.pool.query<{ content: string }>('SELECT content FROM posts WHERE id = $1', [
      outcome.postId,
    ]);
    expect(rows[0]!.content).toBe('Need a dialer that works with Pipedrive');
  });

  it('links an exact copy by content hash and a post outside the window not at all', async () => {
    const text =
      'Need recommendations for a sales tax compliance tool for Shopify plus, Avalara quote was too high';
    const local = createLocalEmbedder();
    const deps = { pool: world.pool, embedder: local, settings };
    const original = await storeScoredPost(deps, scoredEvent(scoredPost({ content: text, monitorIds: [] })));
    const copy = await storeScoredPost(
      deps,
      scoredEvent(scoredPost({ platform: 'hackernews', content: text, monitorIds: [] })),
    );
    expect(copy).toMatchObject({ duplicateOf: original.postId, duplicateReason: 'exact' });
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const monthLater = await storeScoredPost(
      deps,
      scoredEvent(scoredPost({ content: text, createdAt: later, monitorIds: [] })),
    );
    expect(monthLater.duplicateOf).toBeUndefined();
  });

  it('links copies that arrive in the same batch and serves each monitor once per family', async () => {
    const ws = await createWorkspace(world.pool);
    const monitorIds = [
      await createMonitor(world.pool, { workspaceId: ws, name: 'a' }),
      await createMonitor(world.pool, { workspaceId: ws, name: 'b' }),
    ];
    const text =
      'Which payroll provider handles contractors in Portugal and Brazil? Deel quote was 600 a month for 9 people';
    const original = scoredPost({ content: text, monitorIds });
    const batch = [
      scoredEvent(original),
      scoredEvent(scoredPost({ platform: 'hackernews', content: text, monitorIds })),
      scoredEvent(scoredPost({ platform: 'hackernews', content: `Ask HN: ${text}`, monitorIds })),
      scoredEvent(original), // a redelivery in the same batch
      scoredEvent(
        scoredPost({ content: 'Need a status page tool with SSO, Statuspage is overkill', monitorIds }),
      ),
    ];
    const outcomes = await storeScoredPosts(
      { pool: world.pool, embedder: createLocalEmbedder(), settings },
      batch,
    );
    const [first, exact, near, redelivery, other] = outcomes;
    expect(first).toMatchObject({ inserted: true, duplicateOf: undefined, signalsCreated: 2 });
    expect(exact).toMatchObject({
      inserted: true,
      duplicateOf: first!.postId,
      duplicateReason: 'exact',
      signalsCreated: 0,
    });
    expect(near).toMatchObject({
      inserted: true,
      duplicateOf: first!.postId,
      duplicateReason: 'near',
      signalsCreated: 0,
    });
    expect(redelivery).toMatchObject({
      inserted: false,
      postId: first!.postId,
      signalsCreated: 0,
      events: 0,
    });
    expect(other).toMatchObject({ inserted: true, duplicateOf: undefined, signalsCreated: 2 });
    const { rows } = await world.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM signals WHERE workspace_id = $1',
      [ws],
    );
    expect(rows[0]!.n).toBe(4);

    // A later batch: a copy of the family still gets nothing, through the stored duplicates.
    const [later] = await storeScoredPosts({ pool: world.pool, embedder: createLocalEmbedder(), settings }, [
      scoredEvent(scoredPost({ platform: 'hackernews', content: `${text} Thanks!`, monitorIds })),
    ]);
    expect(later).toMatchObject({ inserted: true, duplicateOf: first!.postId, signalsCreated: 0 });
  });

  it('stores the rest of a batch when the database rejects one post, which fails alone', async () => {
    const ws = await createWorkspace(world.pool);
    const monitorId = await createMonitor(world.pool, { workspaceId: ws });
    const good = [
      'Shortlisting field service tools for HVAC crews, ServiceTitan is pricey',
      'Any recommendations for an e-signature API with EU data residency?',
      'Our support team outgrew Zendesk macros, evaluating Intercom and Front',
    ].map((content) => scoredEvent(scoredPost({ content, monitorIds: [monitorId] })));
    const bad = scoredPost({ content: 'A post with an absurd url', monitorIds: [monitorId] });
    bad.url = `https://example.test/${'x'.repeat(2100)}`; // posts.url CHECK: at most 2000 characters
    let batches = 0;
    const batcher = new StoreBatcher({
      store: (events) => {
        batches++;
        return storeScoredPosts({ pool: world.pool, embedder: createLocalEmbedder(), settings }, events);
      },
      maxPosts: 10,
      transactions: 1,
    });
    // The first post goes alone (nothing is running yet); the other four wait and go together.
    const results = await Promise.allSettled([...good, scoredEvent(bad)].map((e) => batcher.store(e)));
    expect(results.slice(0, 3).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(results[3]).toMatchObject({ status: 'rejected', reason: { code: '23514' } });
    expect(batches).toBe(2 + 3); // two batches, then the failed one retried post by post
    const { rows } = await world.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM signals WHERE monitor_id = $1',
      [monitorId],
    );
    expect(rows[0]!.n).toBe(3);
  });
});
