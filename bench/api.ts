/**
 * Gateway feed benchmark: bulk-loads N signals across W workspaces (COPY-free: generate_series in
 * SQL), then measures GET /api/v1/signals latency (p50/p95) and requests/s over real HTTP.
 * Usage: npm run bench:api [-- --signals 1000000 --workspaces 1000 --requests 3000 --concurrency 16 --rounds 3 --baseline --search]
 * `--search` measures full-text searches of the feed (`q`: a common word, a phrase, two words, a rare
 * number) instead of the filter variants.
 * Final stdout line: {"signals":…,"feed_p95_ms":…,"feed_rps":…} (medians over the rounds; `rounds` has each).
 * `--rounds` repeats the measurement on the same loaded database (the load is most of the wall time).
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { connectBus } from '@intent-radar/bus';
import { parseEnv } from '@intent-radar/config';
import { createTestDatabase } from '@intent-radar/db/testing';
import { createLogger } from '@intent-radar/logger';
import { createPool } from '@intent-radar/db';
import { buildGateway } from '../services/gateway/src/app.ts';
import { gatewayEnv } from '../services/gateway/src/config.ts';
import { sha256Hex } from '../services/gateway/src/auth/tokens.ts';
import { ApiKeyCache } from '../services/gateway/src/auth/api-key-cache.ts';

const { values } = parseArgs({
  options: {
    signals: { type: 'string', default: '1000000' },
    workspaces: { type: 'string', default: '1000' },
    requests: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '1' },
    baseline: { type: 'boolean', default: false },
    search: { type: 'boolean', default: false },
  },
});
const SIGNALS = Number(values.signals);
const WORKSPACES = Number(values.workspaces);
const PER_WS = Math.ceil(SIGNALS / WORKSPACES);
const POSTS = Math.max(PER_WS * 10, 10_000);
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Math.max(1, Number(values.rounds));
const BASELINE = values.baseline;
const log = (msg: string) => process.stderr.write(`${msg}\n`);

const db = await createTestDatabase();
const logger = createLogger({ service: 'bench-api', level: 'warn' });
const bus = await connectBus({ url: 'nats://127.0.0.1:4222', name: 'gateway', logger, namespace: `bench${randomBytes(3).toString('hex')}` });
try {
  const t0 = Date.now();
  const pool = db.pool;
  await pool.query(`INSERT INTO workspaces (id, name) SELECT gen_random_uuid(), 'ws ' || g FROM generate_series(1, $1) g`, [WORKSPACES]);
  await pool.query(`INSERT INTO billing (workspace_id, status, trial_ends_at, credits) SELECT id, 'trial', now() + interval '7 days', 250 FROM workspaces`);
  await pool.query(`INSERT INTO monitors (workspace_id, name, query, query_key, platforms) SELECT id, 'm', 'crm alternative', 'crm alternative', ARRAY['reddit','hackernews'] FROM workspaces`);
  await pool.query(
    `INSERT INTO posts (platform, external_id, url, kind, author_handle, title, content, posted_at, analysis, intent_score, scored_by)
     SELECT (ARRAY['reddit','hackernews','twitter','linkedin'])[1 + g % 4], 'p' || g, 'https://example.com/p/' || g, 'post', 'author' || (g % 5000),
            'Looking for a CRM alternative #' || g,
            'We are evaluating tools; budget about $' || (g % 900 + 100) || ' per month. Apollo data quality is poor, ZoomInfo too pricey. ' || md5(g::text),
            now() - make_interval(mins => g % 40000),
            jsonb_build_object('one_line_summary', 'Evaluating CRM data tools', 'decision_stage', (ARRAY['exploring','evaluating','ready_to_buy'])[1 + g % 3], 'pain_points', jsonb_build_array('price'), 'competitors_mentioned', jsonb_build_array('ZoomInfo')),
            1 + g % 10, 'local'
       FROM generate_series(1, $1) g`,
    [POSTS],
  );
  log(`loaded ${WORKSPACES} workspaces and ${POSTS} posts in ${Date.now() - t0} ms; inserting ${PER_WS * WORKSPACES} signals`);
  const t1 = Date.now();
  // Each workspace gets PER_WS distinct posts from a window that starts at a workspace-specific offset.
  await pool.query(
    `INSERT INTO signals (workspace_id, monitor_id, post_id, intent_score, status, created_at)
     SELECT m.workspace_id, m.id, p.id, p.intent_score, (ARRAY['new','new','new','contacted','archived'])[1 + (k % 5)],
            now() - make_interval(secs => k * 37 + w.n)
       FROM (SELECT id, workspace_id, row_number() OVER (ORDER BY id) AS n FROM monitors) m
       JOIN LATERAL (SELECT m.n AS n) w ON true
       CROSS JOIN generate_series(0, $1 - 1) k
       JOIN posts p ON p.external_id = 'p' || (1 + ((w.n * 7919 + k) % $2))`,
    [PER_WS, POSTS],
  );
  await pool.query('ANALYZE');
  const total = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM signals`)).rows[0]!.n;
  log(`inserted ${total} signals in ${Date.now() - t1} ms`);

  // One read API key per workspace, inserted directly (signup's argon2 is not what we measure).
  const keys: string[] = [];
  const wsIds = (await pool.query<{ id: string }>(`SELECT id FROM workspaces ORDER BY id`)).rows.map((r) => r.id);
  for (const [i, id] of wsIds.entries()) {
    const key = `ir_bench${i}_${randomBytes(16).toString('hex')}`;
    keys.push(key);
    await pool.query(`INSERT INTO api_keys (workspace_id, name, prefix, key_hash, scopes) VALUES ($1, 'bench', $2, $3, ARRAY['read'])`, [id, `bench${i}`, sha256Hex(key)]);
  }

  const config = parseEnv(gatewayEnv, { NODE_ENV: 'production', SESSION_SECRET: randomBytes(32).toString('hex'), GATEWAY_PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: db.url });
  // The gateway's own pool, sized like production (the test database pool is small).
  const appPool = createPool({ connectionString: db.url, max: 20 });
  const gateway = await buildGateway({ config, logger, pool: appPool, bus });
  await gateway.start();
  const currentBase = `http://127.0.0.1:${gateway.port()}/api/v1/signals`;
  // --baseline: a second gateway on the same database as the code was before the feed-latency
  // change (API-key lookup on every request, RLS setup in three round trips), measured in
  // alternating rounds so both see the same machine load.
  let baseline: { gateway: Awaited<ReturnType<typeof buildGateway>>; pool: ReturnType<typeof createPool>; base: string } | undefined;
  if (BASELINE) {
    const pool = createPool({ connectionString: db.url, max: 20 });
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
      const folded = /^BEGIN; SET LOCAL ROLE radar_app; SELECT set_config\('app\.workspace_id', '([0-9a-f-]{36})', true\)$/;
      Object.assign(client, {
        // Everything else passes through untouched (pool.query calls with a callback).
        query: async (...args: unknown[]) => {
          const m = typeof args[0] === 'string' ? folded.exec(args[0]) : null;
          if (!m) return query(...args);
          await query('BEGIN');
          await query('SET LOCAL ROLE radar_app');
          return query("SELECT set_config('app.workspace_id', $1, true)", [m[1]]);
        },
      });
    });
    const gw = await buildGateway({ config, logger, pool, bus, apiKeyCache: new ApiKeyCache(0) });
    await gw.start();
    baseline = { gateway: gw, pool, base: `http://127.0.0.1:${gw.port()}/api/v1/signals` };
  }
  let base = currentBase;
  // --search: every post says "Apollo", "ZoomInfo too pricey" and "CRM alternative"; "$<n> per month"
  // is in about 1 post of 900, so a workspace may have no match for it (an empty page is an answer).
  const variants = values.search
    ? ['?limit=50&q=apollo', '?limit=50&q=%22crm%20alternative%22', '?limit=50&q=zoominfo%20pricey', '?limit=50&q=%22%24150%20per%20month%22']
    : ['?limit=50', '?limit=50&minScore=7', '?limit=50&platform=reddit', '?limit=50&status=all'];

  // Per HTTP request, sequential phase only (no queueing): `one` below times page 1 + page 2 together.
  const perRequest: number[] = [];
  const phase = { sequential: false };
  const one = async (i: number): Promise<number> => {
    const key = keys[(i * 7919) % keys.length]!;
    const start = performance.now();
    const res = await fetch(base + variants[i % variants.length], { headers: { authorization: `Bearer ${key}` } });
    const body = (await res.json()) as { items?: unknown[]; nextCursor?: string | null };
    if (res.status !== 200 || (!body.items?.length && !values.search)) throw new Error(`feed answered ${res.status}`);
    const first = performance.now();
    if (phase.sequential) perRequest.push(first - start);
    // Every other request also follows the cursor once: the second page is the common pattern.
    if (i % 2 === 0 && body.nextCursor) {
      // A search's second page keeps its query; the filter variants' has always been the plain feed.
      const page2 = values.search ? `${variants[i % variants.length]}&cursor=${body.nextCursor}` : `?limit=50&cursor=${body.nextCursor}`;
      const r2 = await fetch(base + page2, { headers: { authorization: `Bearer ${key}` } });
      await r2.arrayBuffer();
      if (phase.sequential) perRequest.push(performance.now() - first);
    }
    return performance.now() - start;
  };
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
  };
  // Raw percentile (no rounding): the RLS setup is sub-millisecond.
  const exact = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  const ms3 = (x: number) => Math.round(x * 1000) / 1000;

  // CPU time is what the machine's load does not distort (wall clock here is mostly waiting for a core).
  const CLK_TCK_MS = 10; // USER_HZ = 100 on Linux
  const backendPids = async () =>
    (await pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows.map((r) => r.pid);
  /** utime + stime per Postgres backend of this database, milliseconds. */
  const backendCpuMs = async () => {
    const out = new Map<number, number>();
    for (const pid of await backendPids()) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        out.set(pid, (Number(fields[11]) + Number(fields[12])) * CLK_TCK_MS);
      } catch {
        // ended between the two reads
      }
    }
    return out;
  };
  /** CPU the backends spent between two readings; a backend that ended in between is not counted (slight under-count). */
  const cpuBetween = (before: Map<number, number>, after: Map<number, number>) => {
    let sum = 0;
    for (const [pid, ms] of after) sum += Math.max(0, ms - (before.get(pid) ?? 0));
    return sum;
  };

  /** One measurement: a concurrent phase (throughput, p95 under load), then 300 sequential samples. */
  const round = async () => {
    perRequest.length = 0;
    phase.sequential = false;
    for (let i = 0; i < 50; i++) await one(i); // warm-up
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    let requests = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) {
          const i = next++;
          latencies.push(await one(i));
          requests += i % 2 === 0 ? 2 : 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    // Single-request latency without queueing: sequential requests.
    const solo: number[] = [];
    phase.sequential = true;
    const pgBefore = await backendCpuMs();
    const nodeBefore = process.cpuUsage();
    for (let i = 0; i < 300; i++) solo.push(await one(i * 13 + 1));
    const node = process.cpuUsage(nodeBefore);
    const pgCpu = cpuBetween(pgBefore, await backendCpuMs());
    const r = {
      feed_p50_ms: pct(solo, 50),
      feed_p95_ms: pct(solo, 95),
      feed_request_p50_ms: pct(perRequest, 50),
      feed_request_p95_ms: pct(perRequest, 95),
      feed_p95_ms_under_load: pct(latencies, 95),
      feed_rps: Math.round(requests / seconds),
      // Per HTTP request of the sequential phase: the Node process (gateway and client together) and Postgres.
      node_cpu_ms_per_request: Math.round(((node.user + node.system) / 1000 / perRequest.length) * 100) / 100,
      pg_cpu_ms_per_request: Math.round((pgCpu / perRequest.length) * 100) / 100,
      load1: Math.round(loadavg()[0]! * 10) / 10,
    };
    log(`round: ${JSON.stringify(r)}`);
    return r;
  };

  /**
   * Same-run ratio for the RLS setup that withWorkspace does per request: the former three round
   * trips (BEGIN, SET LOCAL ROLE, set_config) + COMMIT against today's one + COMMIT, interleaved.
   */
  const rlsSetup = async () => {
    const client = await appPool.connect();
    const old: number[] = [];
    const folded: number[] = [];
    try {
      for (let i = 0; i < 400; i++) {
        const ws = wsIds[i % wsIds.length]!;
        let t = performance.now();
        await client.query('BEGIN');
        await client.query('SET LOCAL ROLE radar_app');
        await client.query("SELECT set_config('app.workspace_id', $1, true)", [ws]);
        await client.query('COMMIT');
        old.push(performance.now() - t);
        t = performance.now();
        await client.query(`BEGIN; SET LOCAL ROLE radar_app; SELECT set_config('app.workspace_id', '${ws}', true)`);
        await client.query('COMMIT');
        folded.push(performance.now() - t);
      }
    } finally {
      client.release();
    }
    return {
      rls_setup_3rt_p50_ms: ms3(exact(old, 50)),
      rls_setup_1rt_p50_ms: ms3(exact(folded, 50)),
      rls_setup_3rt_p95_ms: ms3(exact(old, 95)),
      rls_setup_1rt_p95_ms: ms3(exact(folded, 95)),
    };
  };

  const rounds: Awaited<ReturnType<typeof round>>[] = [];
  const baselineRounds: Awaited<ReturnType<typeof round>>[] = [];
  for (let n = 0; n < ROUNDS; n++) {
    // Alternate which goes first, so neither always gets the warmer cache.
    const order = baseline && n % 2 === 0 ? ['baseline', 'current'] : ['current', 'baseline'];
    for (const which of order) {
      if (which === 'baseline' && !baseline) continue;
      base = which === 'baseline' ? baseline!.base : currentBase;
      log(which);
      (which === 'baseline' ? baselineRounds : rounds).push(await round());
    }
  }
  if (baseline) {
    await baseline.gateway.stop();
    await baseline.pool.end();
  }
  const rls = await rlsSetup();
  await gateway.stop();
  await appPool.end();

  type Round = Awaited<ReturnType<typeof round>>;
  const med = (k: keyof Round, of: Round[] = rounds) => pct(of.map((r: Round) => r[k]), 50);
  log(`rls setup per request: three round trips p50/p95 ${rls.rls_setup_3rt_p50_ms}/${rls.rls_setup_3rt_p95_ms} ms, one ${rls.rls_setup_1rt_p50_ms}/${rls.rls_setup_1rt_p95_ms} ms`);
  process.stdout.write(
    `${JSON.stringify({
      signals: total,
      workspaces: WORKSPACES,
      feed_p95_ms: med('feed_p95_ms'),
      feed_request_p95_ms: med('feed_request_p95_ms'),
      feed_p95_ms_under_load: med('feed_p95_ms_under_load'),
      feed_rps: med('feed_rps'),
      node_cpu_ms_per_request: med('node_cpu_ms_per_request'),
      pg_cpu_ms_per_request: med('pg_cpu_ms_per_request'),
      concurrency: CONCURRENCY,
      ...rls,
      ...(baseline
        ? {
            baseline: {
              feed_p95_ms: med('feed_p95_ms', baselineRounds),
              feed_request_p95_ms: med('feed_request_p95_ms', baselineRounds),
              feed_p95_ms_under_load: med('feed_p95_ms_under_load', baselineRounds),
              feed_rps: med('feed_rps', baselineRounds),
              node_cpu_ms_per_request: med('node_cpu_ms_per_request', baselineRounds),
              pg_cpu_ms_per_request: med('pg_cpu_ms_per_request', baselineRounds),
              rounds: baselineRounds,
            },
          }
        : {}),
      rounds,
    })}\n`,
  );
} finally {
  await bus.destroyNamespace().catch(() => undefined);
  await bus.close();
  await db.drop();
}
