/**
 * npm run bench:store [-- --posts 100000 --concurrency 256 --batch 128 --transactions 2 --ef 40 --probe-ef 40,20,100 --queries 2000 --exact-share 0.95 --statements --bulk]
 *
 * Stores N synthetic scored posts in a fresh migrated database (dropped at the end) and reports:
 * - posts/s and CPU per post through the real store path (StoreBatcher + storeScoredPosts, batches
 *   as the service sizes them: local embedding, exact + band-key + HNSW near-duplicate check,
 *   insert with the indexes live, fan-out to 1-2 of 12 monitors, signals, usage events and outbox
 *   rows). CPU is the bench process (the dedup-embedder's share) and its Postgres backends, plus
 *   every postgres process of the server (autovacuum, WAL writer, checkpointer; other databases'
 *   work in the same window counts too). --exact-share 0.95 makes 95% of the posts after the first
 *   1000 exact reposts of a recent post: 17,949 of 20,000 (90%) with --posts 20000, like the
 *   pipeline's backlog (92-96% exact reposts); the default is a stream of mostly new posts (2% near
 *   reposts). --statements prints the backend CPU per statement kind
 *   (from /proc/<pid>/schedstat around each query; adds bench CPU). With --bulk the posts are embedded
 *   and inserted in multi-row batches with the HNSW index dropped, then the index is built once
 *   (posts/s counts load + build; no per-post dedup): how fast a 1M-post table can be built here;
 * - p95 latency of the near-duplicate query (the LIMITed k-NN CTE + threshold) on the full table,
 *   and whether the plan uses the HNSW index.
 * Last stdout line: {"posts":…,"posts_per_s":…,"neardup_p95_ms":…}.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createPool, toVector, type Queryable } from '@intent-radar/db';
import { createTestDatabase } from '@intent-radar/db/testing';
import {
  createLocalEmbedder,
  embeddableText,
  localEmbedding,
} from '../services/dedup-embedder/src/embedding/local.ts';
import {
  storeScoredPosts,
  type StoreSettings,
} from '../services/dedup-embedder/src/store/scored-post-store.ts';
import { StoreBatcher } from '../services/dedup-embedder/src/store/store-batcher.ts';
import { bandKeysLiteral, repostBandKeys } from '../services/dedup-embedder/src/embedding/repost-bands.ts';
import { findOriginal } from '../services/dedup-embedder/src/store/post-repository.ts';
import { rng } from './matcher-corpus.ts';
import { infraCpuMs } from './pipeline-harness.ts';
import { hash, postedAtOf, rewordPost, scoredBenchPost } from './store-corpus.ts';
import { profileStatements, statementProfileLines } from './statement-profile.ts';

const { values: args } = parseArgs({
  options: {
    posts: { type: 'string', default: '100000' },
    /** Handlers in flight: the service runs maxPosts x transactions of them (app.ts). */
    concurrency: { type: 'string', default: '256' },
    /** Most posts per store transaction: the service's defaultStoreBatch (app.ts). */
    batch: { type: 'string', default: '128' },
    transactions: { type: 'string', default: '2' },
    ef: { type: 'string', default: '40' },
    /** ef_search values for the lookup probes, comma-separated; the first one is reported in the JSON line. */
    'probe-ef': { type: 'string', default: '40' },
    queries: { type: 'string', default: '2000' },
    bulk: { type: 'boolean', default: false },
    /** Real post texts (jsonl with a content field) placed among the synthetic ones; probed with reworded copies. */
    real: { type: 'string', default: '/work/shared/datasets/intent-dev.jsonl' },
    /** Reworded copies probed per real text. */
    rewordings: { type: 'string', default: '10' },
    /** Share of the posts (after the first 1000) that repeat a recent post's text exactly. */
    'exact-share': { type: 'string', default: '0' },
    /** Backend CPU per statement kind (diagnosis; the per-statement /proc reads cost bench CPU). */
    statements: { type: 'boolean', default: false },
  },
});
const POSTS = Number(args.posts);
const CONCURRENCY = Number(args.concurrency);
const QUERIES = Number(args.queries);
const BATCH_POSTS = Number(args.batch);
const TRANSACTIONS = Number(args.transactions);
const EF_SEARCH = Number(args.ef);
const PROBE_EF = args['probe-ef'].split(',').map(Number);
const REWORDINGS = Number(args.rewordings);
const EXACT_SHARE = Number(args['exact-share']);
const REAL_TEXTS = existsSync(args.real)
  ? readFileSync(args.real, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => String((JSON.parse(line) as { content: unknown }).content))
  : [];

const log = (line: string) => process.stderr.write(`${line}\n`);

// A vocabulary big enough that random posts are far apart, with the B2B words real posts share.
const random = rng(7);
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'ta',
  'vo',
  'zi',
  'pe',
  'sa',
  'do',
  'gu',
  'fi',
  'ba',
  'xe',
  'ho',
];
const WORDS = Array.from({ length: 4000 }, () =>
  Array.from(
    { length: 2 + Math.floor(random() * 3) },
    () => SYLLABLES[Math.floor(random() * SYLLABLES.length)],
  ).join(''),
);
const COMMON =
  'looking for alternative to zoominfo apollo hubspot salesforce crm budget month team seats pricing data quality recommend switch'.split(
    ' ',
  );
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;

function postText(): string {
  const n = 25 + Math.floor(random() * 40);
  return Array.from({ length: n }, () => (random() < 0.3 ? pick(COMMON) : pick(WORDS))).join(' ');
}

/** A repost: the same text with a few words changed, as people do. */
function repost(text: string): string {
  const words = text.split(' ');
  for (let i = 0; i < 2; i++) words[Math.floor(random() * words.length)] = pick(WORDS);
  return words.join(' ');
}

/** CPU time of a process (user + system) from /proc, in milliseconds; 0 once it has exited. */
function processCpuMs(pid: number): number {
  try {
    // Fields after the ")" that ends the command name: state is [0], utime [11], stime [12] (clock ticks, 100/s).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main(): Promise<void> {
  const db = await createTestDatabase();
  // The helper's pool is small; the service runs CONSUMER_CONCURRENCY handlers on its own pool.
  const pool = createPool({
    connectionString: db.url,
    max: TRANSACTIONS + 2,
    applicationName: 'bench-store',
  });
  log(
    `bench:store database ${db.name}, ${POSTS} posts, ${args.bulk ? 'bulk insert' : `store path: ${CONCURRENCY} handlers, batches of <= ${BATCH_POSTS}, ${TRANSACTIONS} transactions at once, ef_search ${EF_SEARCH}`}`,
  );
  try {
    const monitorIds: string[] = [];
    for (let w = 0; w < 3; w++) {
      const { rows } = await pool.query<{ id: string }>(
        'INSERT INTO workspaces (name) VALUES ($1) RETURNING id',
        [`bench ${w}`],
      );
      for (let m = 0; m < 4; m++) {
        const r = await pool.query<{ id: string }>(
          `INSERT INTO monitors (workspace_id, name, query, query_key, platforms, min_score)
           VALUES ($1, $2, 'bench', 'bench', ARRAY['reddit','hackernews'], $3) RETURNING id`,
          [rows[0]!.id, `m${m}`, 3 + m],
        );
        monitorIds.push(r.rows[0]!.id);
      }
    }

    const texts: string[] = [];
    // Real texts spread over the table, among the synthetic ones (probed with reworded copies below).
    const realAt = new Map<number, string>();
    const realStep = Math.floor((POSTS - 1000) / Math.max(1, REAL_TEXTS.length));
    if (realStep > 0) REAL_TEXTS.forEach((t, k) => realAt.set(1000 + k * realStep, t));
    const recent = (i: number) => texts[i - 1 - Math.floor(random() * 1000)]!;
    const textAt = (i: number): string => {
      // --exact-share exact reposts, else 2% near reposts (two words changed) of a post from the
      // last ~1000 (within the 7-day window). No draw for the exact share when it is 0, so the
      // default corpus stays the one earlier runs measured.
      const text =
        realAt.get(i) ??
        (i > 1000 && EXACT_SHARE > 0 && random() < EXACT_SHARE
          ? recent(i)
          : i > 1000 && random() < 0.02
            ? repost(recent(i))
            : postText());
      texts[i] = text;
      return text;
    };

    // The posts (texts, monitors, events with their content hashes) are made before the clock
    // starts, in the order the handlers took them before: the bench process's CPU is then the
    // store's (batching, embedding, band keys, statements), not the corpus generator's.
    // Each is dropped once handed over (as the service drops a message it has handled): 20,000
    // retained events made every major GC of the bench process mark them.
    const events: (ReturnType<typeof scoredBenchPost> | undefined)[] = args.bulk
      ? []
      : Array.from({ length: POSTS }, (_, i) => {
          const matched = [pick(monitorIds), ...(random() < 0.5 ? [pick(monitorIds)] : [])];
          return scoredBenchPost(i, textAt(i), matched);
        });
    const exactRepeats = events.length - new Set(events.map((e) => e!.data.contentHash)).size;

    // The machine is shared: posts/s depends on everyone's load. CPU time spent per post (this
    // process + its Postgres backends) does not, and bounds what an idle machine could do.
    const warm = await Promise.all(Array.from({ length: TRANSACTIONS + 2 }, () => pool.connect()));
    const backendPids = await Promise.all(
      warm.map(async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid),
    );
    for (const c of warm) c.release();
    if (args.statements) profileStatements();
    const cpuBefore = backendPids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
    const serverCpuBefore = infraCpuMs().postgres;
    const nodeCpuBefore = process.cpuUsage();

    const embedder = createLocalEmbedder();
    const settings: StoreSettings = {
      duplicates: { threshold: 0.92, windowDays: 7, candidates: 10, efSearch: EF_SEARCH },
      signalBatchSize: 500,
    };
    let duplicates = 0;
    const started = performance.now();
    let lastReport = started;
    let indexBuildS = 0;
    if (args.bulk) {
      // Loading 1M rows into a live HNSW index one insert at a time takes hours on 2 cores; building
      // it once after the load is how a big table is (re)built, and what the query latency needs.
      // Both vector-side indexes as the migrations define them, rebuilt after the load.
      const { rows: indexDefs } = await pool.query<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes
          WHERE tablename = 'posts' AND indexname IN ('posts_embedding_hnsw_idx', 'posts_band_keys_idx')`,
      );
      for (const { indexname } of indexDefs) await pool.query(`DROP INDEX ${indexname}`);
      const BATCH = 500;
      for (let i = 0; i < POSTS; i += BATCH) {
        const n = Math.min(BATCH, POSTS - i);
        const rows = Array.from({ length: n }, (_, k) => {
          const ev = scoredBenchPost(i + k, textAt(i + k), []);
          const text = embeddableText(ev.data);
          return {
            ev,
            vector: toVector(localEmbedding(text)),
            bandKeys: bandKeysLiteral(repostBandKeys(text)),
          };
        });
        await pool.query(
          `INSERT INTO posts (platform, external_id, url, kind, author_handle, content, posted_at, fetched_at, content_hash,
                              analysis, intent_score, scored_by, embedding, embedding_model, band_keys)
           SELECT platform, external_id, url, kind, author_handle, content, posted_at, posted_at, content_hash,
                  analysis, intent_score, scored_by, embedding, embedding_model, band_keys::int8[]
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
                         $8::text[], $9::jsonb[], $10::smallint[], $11::text[], $12::vector[], $13::text[], $14::text[])
               AS i(platform, external_id, url, kind, author_handle, content, posted_at, content_hash,
                    analysis, intent_score, scored_by, embedding, embedding_model, band_keys)`,
          [
            rows.map((r) => r.ev.data.platform),
            rows.map((r) => r.ev.data.externalId),
            rows.map((r) => r.ev.data.url),
            rows.map((r) => r.ev.data.kind),
            rows.map((r) => r.ev.data.author.handle),
            rows.map((r) => r.ev.data.content),
            rows.map((r) => r.ev.data.createdAt),
            rows.map((r) => r.ev.data.contentHash),
            rows.map((r) => JSON.stringify(r.ev.data.analysis)),
            rows.map((r) => r.ev.data.analysis.intent_score),
            rows.map(() => 'local'),
            rows.map((r) => r.vector),
            rows.map(() => embedder.model),
            rows.map((r) => r.bandKeys),
          ],
        );
        if (performance.now() - lastReport > 10_000) {
          lastReport = performance.now();
          log(`  ${i + n} posts, ${(((i + n) * 1000) / (lastReport - started)).toFixed(0)} posts/s`);
        }
      }
      const buildStart = performance.now();
      const build = await pool.connect();
      try {
        await build.query("SET maintenance_work_mem = '3GB'");
        await build.query('SET max_parallel_maintenance_workers = 2');
        for (const { indexdef } of indexDefs) await build.query(indexdef);
      } finally {
        build.release();
      }
      indexBuildS = (performance.now() - buildStart) / 1000;
      log(`HNSW and band-key indexes built over ${POSTS} posts in ${indexBuildS.toFixed(1)} s`);
    } else {
      // The service's consumer: CONCURRENCY handlers in flight, each waiting for its post's batch.
      const batcher = new StoreBatcher({
        store: (events) => storeScoredPosts({ pool, embedder, settings }, events),
        maxPosts: BATCH_POSTS,
        transactions: TRANSACTIONS,
      });
      let next = 0;
      const worker = async () => {
        for (;;) {
          const i = next++;
          if (i >= POSTS) return;
          const event = events[i]!;
          events[i] = undefined;
          const outcome = await batcher.store(event);
          if (outcome.duplicateOf) duplicates++;
          if (i % 5000 === 0 && i > 0)
            log(`  ${i} posts, ${((i * 1000) / (performance.now() - started)).toFixed(0)} posts/s`);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    }
    const seconds = (performance.now() - started) / 1000;
    const nodeCpu = process.cpuUsage(nodeCpuBefore);
    const backendCpuMs = backendPids.reduce((sum, pid) => sum + processCpuMs(pid), 0) - cpuBefore;
    const serverCpuMs = infraCpuMs().postgres - serverCpuBefore;
    const nodeCpuMs = (nodeCpu.user + nodeCpu.system) / 1000;
    const cpuMsPerPost = (backendCpuMs + nodeCpuMs) / POSTS;
    log(
      `CPU per post: ${cpuMsPerPost.toFixed(2)} ms (Postgres backends ${(backendCpuMs / POSTS).toFixed(2)} ms, bench process ${(nodeCpuMs / POSTS).toFixed(2)} ms); ` +
        `all postgres processes ${(serverCpuMs / POSTS).toFixed(2)} ms (autovacuum, WAL writer, checkpointer and other databases' work included) => at most ~${Math.round(2000 / cpuMsPerPost)} posts/s on 2 idle cores`,
    );
    if (args.statements) for (const line of statementProfileLines(POSTS, 'post')) log(line);
    const postsPerS = POSTS / seconds;
    log(
      `stored ${POSTS} posts in ${seconds.toFixed(1)} s: ${postsPerS.toFixed(0)} posts/s${args.bulk ? '' : `, ${exactRepeats} exact repeats of an earlier text, ${duplicates} linked as duplicates`}`,
    );

    await pool.query('ANALYZE posts');
    const probe = texts[Math.floor(POSTS / 2)]!;
    // The plan of the lookup statement itself (findOriginal, sent through EXPLAIN): a simpler
    // stand-alone query is planned differently (a literal key list gets estimates, a LIMIT invites
    // a sequential scan) and would not say what the store runs.
    let planText = '';
    const explaining = {
      query: async (statement: string | { text: string; values: unknown[] }, values?: unknown[]) => {
        const [sql, params] = typeof statement === 'string' ? [statement, values] : [statement.text, statement.values];
        const plan = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
        planText = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
        return { rows: [] };
      },
    } as unknown as Queryable;
    await findOriginal(explaining, {
      embedding: localEmbedding(probe),
      embeddingModel: embedder.model,
      contentHash: hash(probe),
      postedAt: postedAtOf(Math.floor(POSTS / 2)),
      bandKeys: bandKeysLiteral(repostBandKeys(probe)),
      ...settings.duplicates,
    });
    const usesHnsw = planText.includes('posts_embedding_hnsw_idx');
    const usesBandIndex = planText.includes('posts_band_keys_idx');
    log(`near-duplicate plan uses posts_embedding_hnsw_idx: ${usesHnsw}`);
    log(`band-key plan uses posts_band_keys_idx: ${usesBandIndex}`);

    // Probes: half reposts of stored posts (should match), half fresh text (should not); then
    // reworded copies of the real texts (should match when the embedding puts them at or above the
    // threshold). The same probes for every setting measured.
    const cosine = (a: readonly number[], b: readonly number[]) =>
      a.reduce((sum, v, k) => sum + v * b[k]!, 0);
    interface Probe {
      kind: 'repost' | 'fresh' | 'real';
      above: boolean;
      text: string;
      vector: number[];
      bandKeys: string | null;
      at: string;
    }
    const probeOf = (kind: Probe['kind'], text: string, source: string | undefined, i: number): Probe => {
      const vector = localEmbedding(text);
      // Recall split: is the copy above the threshold at all (the embedding), and did the lookup find it?
      const above =
        source !== undefined && cosine(vector, localEmbedding(source)) >= settings.duplicates.threshold;
      return {
        kind,
        above,
        text,
        vector,
        bandKeys: bandKeysLiteral(repostBandKeys(text)),
        at: postedAtOf(i),
      };
    };
    const probes: Probe[] = Array.from({ length: QUERIES }, (_, q) => {
      const i = Math.floor(random() * POSTS);
      return q % 2 === 0
        ? probeOf('repost', repost(texts[i]!), texts[i], i)
        : probeOf('fresh', postText(), undefined, i);
    });
    for (const [i, text] of realAt)
      for (let r = 0; r < REWORDINGS; r++) probes.push(probeOf('real', rewordPost(text, random), text, i));
    const count = (kind: Probe['kind'], above?: boolean) =>
      probes.filter((p) => p.kind === kind && (above === undefined || p.above === above)).length;
    const measureLookups = async (ef: number, bandKeys: boolean) => {
      const latencies: number[] = [];
      const foundAbove = { repost: 0, real: 0 };
      const foundBy = { hash: 0, 'band-keys': 0, knn: 0 };
      let falseMatches = 0;
      const client = await pool.connect();
      let cpuMs = 0;
      try {
        await client.query("SET hnsw.iterative_scan = 'strict_order'");
        await client.query(`SET hnsw.ef_search = ${ef}`);
        const probePid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
        const probeCpuBefore = processCpuMs(probePid);
        for (const p of probes) {
          const start = performance.now();
          const match = await findOriginal(client, {
            embedding: p.vector,
            embeddingModel: embedder.model,
            contentHash: hash(p.text),
            postedAt: p.at,
            bandKeys: bandKeys ? p.bandKeys : null,
            ...settings.duplicates,
            candidates: Math.min(settings.duplicates.candidates, ef),
          });
          latencies.push(performance.now() - start);
          if (!match) continue;
          if (p.kind === 'fresh') falseMatches++;
          else if (p.above) {
            foundAbove[p.kind]++;
            foundBy[match.via]++;
          }
        }
        cpuMs = (processCpuMs(probePid) - probeCpuBefore) / probes.length;
      } finally {
        client.release();
      }
      latencies.sort((a, b) => a - b);
      const result = {
        ef,
        bandKeys,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        cpuMs,
        recall: foundAbove.repost / Math.max(1, count('repost', true)),
        realRecall: foundAbove.real / Math.max(1, count('real', true)),
      };
      log(
        `near-duplicate lookup (exact hash${bandKeys ? ' + band keys' : ''} + HNSW k-NN) over ${POSTS} posts, ef_search ${ef}, ${probes.length} probes: p50 ${result.p50.toFixed(2)} ms, p95 ${result.p95.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, ` +
          `${cpuMs.toFixed(2)} ms Postgres CPU per lookup (load-independent); found ${foundAbove.repost}/${count('repost', true)} synthetic reposts above the threshold (${(100 * result.recall).toFixed(1)}%), ` +
          `${foundAbove.real}/${count('real', true)} reworded real posts above it (${(100 * result.realRecall).toFixed(1)}%); found by ${JSON.stringify(foundBy)}; ${falseMatches} fresh posts matched something`,
      );
      return result;
    };
    log(
      `recall of the embedding: ${count('repost', true)}/${count('repost')} synthetic reposts and ${count('real', true)}/${count('real')} reworded real posts (${realAt.size} texts) are at or above the threshold`,
    );
    const lookups = [];
    for (const ef of PROBE_EF) lookups.push(await measureLookups(ef, true));
    // The k-NN alone on the same probes: what the band keys add.
    const knnOnly = await measureLookups(PROBE_EF[0]!, false);
    const main = lookups[0]!;
    process.stdout.write(
      `${JSON.stringify({
        posts: POSTS,
        posts_per_s: Math.round(postsPerS),
        neardup_p95_ms: Number(main.p95.toFixed(2)),
        cpu_ms_per_post: Number(cpuMsPerPost.toFixed(2)),
        node_cpu_ms_per_post: Number((nodeCpuMs / POSTS).toFixed(3)),
        pg_cpu_ms_per_post: Number((backendCpuMs / POSTS).toFixed(3)),
        pg_server_cpu_ms_per_post: Number((serverCpuMs / POSTS).toFixed(3)),
        exact_share: EXACT_SHARE,
        duplicates,
        neardup_cpu_ms: Number(main.cpuMs.toFixed(2)),
        repost_recall: Number(main.recall.toFixed(3)),
        real_recall: Number(main.realRecall.toFixed(3)),
        knn_only_recall: Number(knnOnly.recall.toFixed(3)),
        knn_only_real_recall: Number(knnOnly.realRecall.toFixed(3)),
        ef_search: main.ef,
        mode: args.bulk ? 'bulk' : 'store',
        hnsw: usesHnsw,
        band_index: usesBandIndex,
      })}\n`,
    );
  } finally {
    await pool.end();
    await db.drop();
  }
}

await main();
