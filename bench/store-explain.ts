/**
 * npm run bench:store:explain [-- --posts 20000 --batch 64 --ef 40]
 *
 * Where the store path's time goes, statement by statement: loads N synthetic posts (HNSW index
 * built after the load), then stores one batch of new posts through storeScoredPosts with every
 * statement run twice: first as EXPLAIN (ANALYZE, BUFFERS) inside a savepoint that is rolled back,
 * then for real. Prints each statement's plan and time to stdout. Database dropped at the end.
 */
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { createPool, toVector, type Pool } from '@intent-radar/db';
import { createTestDatabase } from '@intent-radar/db/testing';
import {
  createLocalEmbedder,
  LOCAL_EMBEDDING_MODEL,
  localEmbedding,
} from '../services/dedup-embedder/src/embedding/local.ts';
import { storeScoredPosts } from '../services/dedup-embedder/src/store/scored-post-store.ts';
import { rng } from './matcher-corpus.ts';
import { scoredBenchPost } from './store-corpus.ts';

const { values: args } = parseArgs({
  options: {
    posts: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '64' },
    ef: { type: 'string', default: '40' },
    /** Leave the database for manual experiments (its name is printed). */
    keep: { type: 'boolean', default: false },
  },
});
const POSTS = Number(args.posts);
const BATCH = Number(args.batch);
const random = rng(11);
const WORDS = Array.from({ length: 4000 }, (_, i) => `w${i.toString(36)}${'xyz'[i % 3]}`);
const text = () =>
  Array.from(
    { length: 25 + Math.floor(random() * 40) },
    () => WORDS[Math.floor(random() * WORDS.length)],
  ).join(' ');

let statement = 0;
/** A statement as the store sends it: text and parameters, or a named (prepared) statement. */
type Statement = string | { name?: string; text: string; values?: unknown[] };

async function explainThenRun(
  db: pg.Pool | pg.PoolClient,
  query: Statement,
  values: unknown[] | undefined,
  inTransaction: boolean,
) {
  const sql = typeof query === 'string' ? query : query.text;
  const params = typeof query === 'string' ? values : query.values;
  if (!/^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT)/i.test(sql)) {
    if (inTransaction) await db.query('SAVEPOINT explain');
    const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    if (inTransaction) await db.query('ROLLBACK TO SAVEPOINT explain');
    process.stdout.write(`\n--- statement ${++statement}: ${sql.replace(/\s+/g, ' ').slice(0, 140)}\n`);
    process.stdout.write(`${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
  }
  return typeof query === 'string' ? db.query(query, params) : db.query(query);
}

const db = await createTestDatabase();
const pool = createPool({ connectionString: db.url, max: 3 });
try {
  const { rows: ws } = await pool.query<{ id: string }>(
    "INSERT INTO workspaces (name) VALUES ('x') RETURNING id",
  );
  const monitorIds: string[] = [];
  for (let m = 0; m < 12; m++) {
    const r = await pool.query<{ id: string }>(
      `INSERT INTO monitors (workspace_id, name, query, query_key, platforms, min_score)
       VALUES ($1, $2, 'bench', 'bench', ARRAY['reddit'], 3) RETURNING id`,
      [ws[0]!.id, `m${m}`],
    );
    monitorIds.push(r.rows[0]!.id);
  }
  const { rows: hnswDef } = await pool.query<{ indexdef: string }>(
    "SELECT indexdef FROM pg_indexes WHERE indexname = 'posts_embedding_hnsw_idx'",
  );
  await pool.query('DROP INDEX posts_embedding_hnsw_idx');
  const texts: string[] = [];
  for (let i = 0; i < POSTS; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, POSTS - i) }, (_, k) => {
      texts[i + k] = text();
      return scoredBenchPost(i + k, texts[i + k]!, []).data;
    });
    await pool.query(
      `INSERT INTO posts (platform, external_id, url, kind, author_handle, content, posted_at, content_hash, embedding, embedding_model, intent_score,
                          duplicate_of)
       SELECT 'reddit', e, 'https://example.test', 'post', 'u', c, p, h, v, $6, 7, NULL
         FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::vector[]) AS i(e, c, p, h, v)`,
      [
        batch.map((b) => b.externalId),
        batch.map((b) => b.content),
        batch.map((b) => b.createdAt),
        batch.map((b) => b.contentHash),
        batch.map((b) => toVector(localEmbedding(b.content))),
        LOCAL_EMBEDDING_MODEL,
      ],
    );
  }
  // Some duplicates, so the family lookups have rows to find.
  await pool.query(
    `UPDATE posts SET duplicate_of = (SELECT id FROM posts WHERE external_id = 'e0') WHERE external_id IN ('e1', 'e2', 'e3')`,
  );
  await pool.query("SET maintenance_work_mem = '1GB'");
  // The migration's definition (halfvec expression, build parameters), built once after the load.
  await pool.query(hnswDef[0]!.indexdef);
  await pool.query('ANALYZE');

  // One batch: fresh posts, a few reposts of stored ones (near and exact), 1-2 monitors each.
  const events = Array.from({ length: BATCH }, (_, k) => {
    const i = POSTS + k;
    const content =
      k % 8 === 0 ? texts[POSTS - 1 - k]! : k % 8 === 1 ? `${texts[POSTS - 1 - k]!} thanks` : text();
    return scoredBenchPost(i, content, [monitorIds[k % 12]!, ...(k % 2 ? [monitorIds[(k + 5) % 12]!] : [])]);
  });
  const explaining = {
    query: (query: Statement, params?: unknown[]) => explainThenRun(pool, query, params, false),
    connect: async () => {
      const client = await pool.connect();
      return new Proxy(client, {
        get(target, prop, receiver) {
          if (prop === 'query')
            return (query: Statement, params?: unknown[]) => explainThenRun(target, query, params, true);
          return Reflect.get(target, prop, receiver) as unknown;
        },
      });
    },
  } as unknown as Pool;
  const settings = {
    duplicates: { threshold: 0.92, windowDays: 7, candidates: 10, efSearch: Number(args.ef) },
    signalBatchSize: 500,
  };
  const outcomes = await storeScoredPosts(
    { pool: explaining, embedder: createLocalEmbedder(), settings },
    events,
  );
  process.stdout.write(
    `\n${outcomes.filter((o) => o.inserted).length} inserted, ${outcomes.filter((o) => o.duplicateOf).length} linked, ${outcomes.reduce((s, o) => s + o.signalsCreated, 0)} signals\n`,
  );
} finally {
  await pool.end();
  if (args.keep) {
    await db.pool.end();
    process.stderr.write(`kept database ${db.name}\n`);
  } else await db.drop();
}
