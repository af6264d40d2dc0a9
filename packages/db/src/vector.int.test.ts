import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toVector } from './pool.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';
import { withTransaction } from './transactions.ts';

const DIMENSIONS = 384;

/** Deterministic pseudo-random vectors whose components are exact in float4 (multiples of 1/1024). */
function vectorFrom(seed: number): number[] {
  let state = seed * 2_654_435_761;
  return Array.from({ length: DIMENSIONS }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.round(((state / 2_147_483_648) * 2 - 1) * 1024) / 1024;
  });
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

async function insertPost(externalId: string, embedding: number[]): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO posts (platform, external_id, url, kind, author_handle, content, posted_at, embedding, embedding_model)
     VALUES ('hackernews', $1, 'https://news.ycombinator.com/item?id=1', 'comment', 'pg', 'text', now(), $2, 'local-384')
     RETURNING id`,
    [externalId, toVector(embedding)],
  );
  return rows[0]!.id;
}

describe('posts.embedding vector(384)', () => {
  it('round-trips a 384-d vector as number[]', async () => {
    const embedding = vectorFrom(1);
    const id = await insertPost('rt-1', embedding);
    const { rows } = await db.pool.query<{ embedding: number[] }>(
      'SELECT embedding FROM posts WHERE id = $1',
      [id],
    );
    const back = rows[0]!.embedding;
    expect(Array.isArray(back)).toBe(true);
    // Postgres prints float4 with the fewest digits that read back as the same float4.
    expect(back.map((x) => Math.fround(x))).toEqual(embedding);
  });

  it('rejects a vector of the wrong dimension', async () => {
    await expect(insertPost('rt-short', [1, 2, 3])).rejects.toMatchObject({
      message: expect.stringMatching(/expected 384 dimensions/),
    });
  });

  it('has an HNSW cosine index over halfvec that serves ORDER BY embedding::halfvec(384) <=> $1 LIMIT k', async () => {
    const index = await db.pool.query<{ indexdef: string }>(
      "SELECT indexdef FROM pg_indexes WHERE tablename = 'posts' AND indexname = 'posts_embedding_hnsw_idx'",
    );
    // Migration 031: half-precision copies (cheaper inserts, same recall; docs/benchmarks.md, Store);
    // migration 070: originals only.
    expect(index.rows[0]?.indexdef).toMatch(
      /USING hnsw \(\(\(embedding\)::halfvec\(384\)\) halfvec_cosine_ops\) WITH \(m='?16'?, ef_construction='?32'?\) WHERE \(duplicate_of IS NULL\)/,
    );

    const ids: string[] = [];
    for (let i = 0; i < 200; i++) ids.push(await insertPost(`knn-${i}`, vectorFrom(100 + i)));
    await db.pool.query('ANALYZE posts');
    const query = toVector(vectorFrom(100 + 42));

    const { plan, nearest } = await withTransaction(db.pool, async (c) => {
      // On a few hundred rows the planner may rightly prefer a sequential scan; turning that off
      // asks whether the index CAN serve this exact operator (an L2 index, say, could not).
      await c.query('SET LOCAL enable_seqscan = off');
      const sql =
        'SELECT id FROM posts WHERE duplicate_of IS NULL ORDER BY embedding::halfvec(384) <=> $1::vector::halfvec(384) LIMIT 5';
      const explained = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [query]);
      const result = await c.query<{ id: string }>(sql, [query]);
      return {
        plan: explained.rows.map((r) => r['QUERY PLAN']).join('\n'),
        nearest: result.rows.map((r) => r.id),
      };
    });
    expect(plan).toMatch(/Index Scan using posts_embedding_hnsw_idx on posts/);
    expect(nearest).toHaveLength(5);
    expect(nearest[0]).toBe(ids[42]);
  });
});
