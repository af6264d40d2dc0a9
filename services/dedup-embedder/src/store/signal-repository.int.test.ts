import { withTransaction, type PoolClient, type Queryable } from '@intent-radar/db';
import { createTestDatabase, type TestDatabase } from '@intent-radar/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalEmbedder } from '../embedding/local.ts';
import { contentHashOf, createMonitor, createWorkspace, scoredEvent, scoredPost } from '../test-world.ts';
import { findStoredState, postKey } from './post-repository.ts';
import { storeScoredPosts, type StoreSettings } from './scored-post-store.ts';
import { fanOutSignals } from './signal-repository.ts';

let db: TestDatabase;
const settings: StoreSettings = { duplicates: { threshold: 0.92, windowDays: 7, candidates: 10 }, signalBatchSize: 500 };
const store = (contents: { content: string; monitorIds: string[]; platform?: 'reddit' | 'hackernews' }[]) =>
  storeScoredPosts(
    { pool: db.pool, embedder: createLocalEmbedder(), settings },
    contents.map((c) => scoredEvent(scoredPost(c))),
  );

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

/** A client whose named statement `name` is first run through EXPLAIN ANALYZE (plan text kept). */
function explainingClient(client: PoolClient, name: string, plans: string[]): Queryable {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'query') return Reflect.get(target, prop, receiver) as unknown;
      return async (query: { name?: string; text: string; values?: unknown[] }) => {
        if (query.name === name) {
          const plan = await target.query<{ 'QUERY PLAN': string }>(`EXPLAIN ANALYZE ${query.text}`, query.values);
          plans.push(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
        }
        return target.query(query);
      };
    },
  });
}

describe('signals.family_id', () => {
  it('is written by the store, and the trigger fills it only for writers that leave it out', async () => {
    const ws = await createWorkspace(db.pool);
    const [m1, m2, m3] = await Promise.all([1, 2, 3].map((n) => createMonitor(db.pool, { workspaceId: ws, name: `m${n}` })));
    const text = 'Looking for a Gong alternative that a five person sales team can afford, any ideas?';
    const [original] = await store([{ content: text, monitorIds: [m1!] }]);
    const [copy] = await store([{ content: text, monitorIds: [m2!], platform: 'hackernews' }]);
    expect(copy).toMatchObject({ duplicateOf: original!.postId, duplicateReason: 'exact', signalsCreated: 1 });
    const familyOf = async (postId: string, monitorId: string) =>
      (
        await db.pool.query<{ family_id: string }>('SELECT family_id FROM signals WHERE post_id = $1 AND monitor_id = $2', [
          postId,
          monitorId,
        ])
      ).rows[0]?.family_id;
    expect(await familyOf(original!.postId, m1!)).toBe(original!.postId);
    expect(await familyOf(copy!.postId, m2!)).toBe(original!.postId);

    // Another writer (seeds, other services) leaves family_id out: the trigger resolves the copy.
    await db.pool.query('INSERT INTO signals (workspace_id, monitor_id, post_id, intent_score) VALUES ($1, $2, $3, 7)', [
      ws,
      m3,
      copy!.postId,
    ]);
    expect(await familyOf(copy!.postId, m3!)).toBe(original!.postId);

    // A writer that sets it keeps its value (migration 072: the trigger runs only WHEN it is NULL).
    await db.pool.query('DELETE FROM signals WHERE monitor_id = $1', [m3]);
    await db.pool.query(
      'INSERT INTO signals (workspace_id, monitor_id, post_id, intent_score, family_id) VALUES ($1, $2, $3, 7, $4)',
      [ws, m3, original!.postId, copy!.postId],
    );
    expect(await familyOf(original!.postId, m3!)).toBe(copy!.postId);
  });
});

describe('fanOutSignals', () => {
  it('checks a monitor for a signal in the family by monitor and family together, however many signals it has', async () => {
    const ws = await createWorkspace(db.pool, 'Busy');
    const monitorId = await createMonitor(db.pool, { workspaceId: ws });
    // 300 signals of one monitor, in a table without statistics (autovacuum may be off): the
    // anti-join plan probed by monitor_id alone and read all of them for every pair.
    await store(Array.from({ length: 300 }, (_, i) => ({ content: `post ${i} about a crm with ${i} seats and more words`, monitorIds: [monitorId] })));
    const posts = Array.from({ length: 20 }, (_, i) => ({
      postId: crypto.randomUUID(),
      post: scoredPost({ content: `new ${i}`, monitorIds: [monitorId] }),
      duplicateOf: undefined,
    }));
    const plans: string[] = [];
    await withTransaction(db.pool, async (client) => {
      // What the store transaction sets (scored-post-store.ts).
      await client.query("SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)");
      for (const p of posts)
        await client.query(
          `INSERT INTO posts (id, platform, external_id, url, kind, author_handle, content, posted_at)
           VALUES ($1, 'reddit', $2, 'https://example.test', 'post', 'u', $3, now())`,
          [p.postId, p.post.externalId, p.post.content],
        );
      const created = await fanOutSignals(explainingClient(client, 'store-eligible-monitors', plans), posts, 500);
      expect([...created.values()].flat()).toHaveLength(20);
      throw new RollbackForTest();
    }).catch((err: unknown) => {
      if (!(err instanceof RollbackForTest)) throw err;
    });
    expect(plans).toHaveLength(1);
    const familyProbe = plans[0]!.split('\n').find((line) => line.includes('Index Cond') && line.includes('monitor_id'));
    expect(familyProbe).toMatch(/monitor_id = m\.id\) AND \(family_id = /);
    expect(plans[0]).not.toMatch(/Rows Removed by Join Filter: [1-9]/);
  });
});

class RollbackForTest extends Error {}

describe('findStoredState', () => {
  it('finds stored posts by key and, for the others, whether their text is stored within the window', async () => {
    const text = 'Need a data enrichment vendor cheaper than Clearbit for 40k contacts a month';
    const [stored] = await store([{ content: text, monitorIds: [] }]);
    const { rows } = await db.pool.query<{ platform: string; external_id: string; posted_at: Date }>(
      'SELECT platform, external_id, posted_at FROM posts WHERE id = $1',
      [stored!.postId],
    );
    const at = (days: number) => new Date(rows[0]!.posted_at.getTime() + days * 86_400_000).toISOString();
    const probe = (externalId: string, content: string, days: number) => ({
      platform: 'reddit',
      externalId,
      contentHash: contentHashOf(`\n${content}`),
      postedAt: at(days),
    });
    const state = await findStoredState(
      db.pool,
      [
        { ...probe(rows[0]!.external_id, text, 0), platform: rows[0]!.platform },
        probe('same-text-in-window', text, 6),
        probe('same-text-outside-window', text, 8),
        probe('other-text', 'Which help desk tool for a 3 person support team?', 0),
      ],
      7,
    );
    expect([...state.posts.keys()]).toEqual([postKey(rows[0]!.platform, rows[0]!.external_id)]);
    expect(state.posts.get(postKey(rows[0]!.platform, rows[0]!.external_id))).toMatchObject({ id: stored!.postId, duplicateOf: null });
    expect([...state.storedText]).toEqual([1]);
  });

  it('probes posts by key through the index, not a scan, on a table without statistics', async () => {
    await db.pool.query(`INSERT INTO posts (platform, external_id, url, kind, author_handle, content, posted_at, content_hash)
      SELECT 'reddit', 'bulk-' || g, 'https://example.test', 'post', 'u', 'text ' || g, now(), md5(g::text) || md5(g::text)
        FROM generate_series(1, 20000) g`);
    const client = await db.pool.connect();
    const plans: string[] = [];
    try {
      const probes = Array.from({ length: 128 }, (_, i) => ({
        platform: 'reddit',
        externalId: i % 2 ? `bulk-${i * 100}` : `not-stored-${i}`,
        contentHash: contentHashOf(`text ${i}`),
        postedAt: new Date().toISOString(),
      }));
      const state = await findStoredState(explainingClient(client, 'store-find-stored-state', plans), probes, 7);
      expect(state.posts.size).toBe(64);
    } finally {
      client.release();
    }
    expect(plans[0]).toMatch(/Index Scan using posts_platform_external_id_key/);
    expect(plans[0]).not.toMatch(/Seq Scan/);
  });
});
