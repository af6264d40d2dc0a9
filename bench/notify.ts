/**
 * npm run bench:notify [-- --rate 200 --seconds 10 --workspaces 20]
 *
 * End-to-end notifier latency on the real NATS server and Postgres: a fresh migrated database
 * and a fresh NATS namespace (both removed at the end), one Slack destination per workspace
 * pointing at the sandbox's Slack incoming-webhook sink (the sandbox runs as its own process, as
 * Slack would be), and signal.created events published at a fixed rate through the bus.
 * Measures, per signal, the time from the publish call to the sandbox recording the message
 * (its `at` stamp), and counts signals Slack received more than once. The publisher is a child
 * process (this file, BENCH_NOTIFY_ROLE=publisher) with its own NATS connection, so the CPU this
 * process spends per signal is the notifier's alone; the publisher's is reported apart. Also prints the load average,
 * since the shared machine's load moves the latency a lot.
 * --statements prints the Postgres backend CPU per statement kind (from /proc/<pid>/schedstat around
 * each query; adds some CPU to this process, so compare cpu_ms_per_signal without it).
 * Last stdout line: {"p99_ms":…,"duplicates":…}.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectBus } from '@intent-radar/bus';
import { createPool } from '@intent-radar/db';
import { createTestDatabase } from '@intent-radar/db/testing';
import { createLogger } from '@intent-radar/logger';
import type { OutboundClient } from '@intent-radar/outbound';
import { subjects } from '@intent-radar/proto-schemas';
import { buildNotifier } from '../services/notifier/src/app.ts';
import { notifierEnv } from '../services/notifier/src/config.ts';
import { createDeliveryClients } from '../services/notifier/src/delivery/delivery-clients.ts';
import type { AlertSignal } from '../services/notifier/src/format/alert-view.ts';
import { profileStatements, statementProfileLines } from './statement-profile.ts';

interface PublisherInput {
  namespace: string;
  rate: number;
  signals: AlertSignal[];
}
type PublisherReport = { ready: true } | { publishedAt: Array<[string, number]>; cpuMs: number };

if (process.env.BENCH_NOTIFY_ROLE === 'publisher') {
  // The publisher process: open loop at a fixed rate, publish i is due at start + i / rate whatever
  // earlier publishes do. Reports its own CPU over the publishing span.
  const send = (m: PublisherReport) => new Promise<void>((resolve, reject) => process.send!(m, (err: Error | null) => (err ? reject(err) : resolve())));
  const [input] = (await once(process, 'message')) as [PublisherInput];
  const log = createLogger({ service: 'bench-notify-publisher', level: 'warn' });
  const publisher = await connectBus({ url: '127.0.0.1:4222', name: 'bench-notify-publisher', logger: log, namespace: input.namespace });
  const go = once(process, 'message');
  await send({ ready: true });
  await go;
  const cpuStart = process.cpuUsage();
  const publishedAt: Array<[string, number]> = [];
  const start = performance.now() + 100;
  const publishes: Promise<unknown>[] = [];
  for (const [i, signal] of input.signals.entries()) {
    const due = start + (i * 1000) / input.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    publishedAt.push([signal.signalId, Date.now()]);
    publishes.push(publisher.publish('signal.created.v1', subjects.signalCreated('reddit'), signal, { msgId: `signal:${signal.signalId}` }));
  }
  await Promise.all(publishes);
  const cpu = process.cpuUsage(cpuStart);
  await send({ publishedAt, cpuMs: (cpu.user + cpu.system) / 1000 });
  await publisher.close();
  process.exit(0);
}

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    workspaces: { type: 'string', default: '20' },
    concurrency: { type: 'string' },
    statements: { type: 'boolean', default: false },
  },
});
const RATE = Number(args.rate);
const TOTAL = RATE * Number(args.seconds);
const WORKSPACES = Number(args.workspaces);

const logger = createLogger({ service: 'bench-notify', level: 'warn' });
const db = await createTestDatabase();
const namespace = `b${randomBytes(4).toString('hex')}`;
const bus = await connectBus({ url: '127.0.0.1:4222', name: 'bench-notify', logger, namespace });
await bus.provision();
const slack = await startSandbox();

/** A free TCP port on 127.0.0.1 (the sandbox process binds it right after). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

interface SandboxSlackMessage {
  at: string;
  path: string;
  status: number;
  body: unknown;
}

/** The sandbox in its own process (no scenario traffic), and its Slack sink over the inspection API. */
async function startSandbox() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const [port, smtpPort, healthPort] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'services/sandbox/src/main.ts')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      SANDBOX_PORT: String(port),
      SANDBOX_SMTP_PORT: String(smtpPort),
      HEALTH_PORT: String(healthPort),
      SANDBOX_RATE_PER_SEC: '0',
      SANDBOX_BACKLOG: '0',
    },
  });
  const base = `http://127.0.0.1:${port}`;
  const get = async <T>(route: string): Promise<T> => {
    const res = await fetch(`${base}${route}`);
    if (!res.ok) throw new Error(`${route}: HTTP ${res.status}`);
    return (await res.json()) as T;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await get('/_sandbox/status');
      break;
    } catch (err) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`sandbox did not start: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    hostPort: `127.0.0.1:${port}`,
    origin: base,
    url: (hookPath: string) => `${base}/slack${hookPath}`,
    count: async () => (await get<{ sinks: { slack: number } }>('/_sandbox/status')).sinks.slack,
    messages: async () => (await get<{ messages: SandboxSlackMessage[] }>('/_sandbox/slack')).messages,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * CPU (user + system) spent so far by the Postgres backends of `pool`'s connections, in
 * milliseconds: the server runs on this machine, and its work per statement competes for the same
 * cores. The notifier's pool opens its connections during the run, so this is the notifier's share.
 */
async function backendCpuMs(pool: ReturnType<typeof createPool>): Promise<number> {
  const res = await pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = 'bench-notify' AND datname = current_database()`);
  let ticks = 0;
  for (const { pid } of res.rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The backend exited meanwhile (idle timeout): its CPU is lost to the count.
    }
  }
  return ticks * 10;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

try {
  // Seed: workspaces, one monitor and one Slack destination each, and TOTAL posts + signals.
  const ws = await db.pool.query<{ id: string; monitor_id: string }>(
    `WITH w AS (INSERT INTO workspaces (name) SELECT 'bench ' || g FROM generate_series(1, $1) g RETURNING id)
     INSERT INTO monitors (workspace_id, name, query, query_key, platforms)
     SELECT id, 'bench monitor', 'crm alternative', 'crm alternative', '{reddit}' FROM w RETURNING workspace_id AS id, id AS monitor_id`,
    [WORKSPACES],
  );
  for (const [i, w] of ws.rows.entries()) {
    await db.pool.query(`INSERT INTO alert_destinations (workspace_id, name, kind, secrets, min_score) VALUES ($1, 'slack', 'slack', $2, 5)`, [
      w.id,
      { webhookUrl: slack.url(`/services/TBENCH/B${i}/secret`) },
    ]);
  }
  const seeded = await db.pool.query<{ signal_id: string; post_id: string; workspace_id: string; monitor_id: string; external_id: string }>(
    `WITH m AS (SELECT workspace_id, id AS monitor_id, row_number() OVER (ORDER BY id) - 1 AS k FROM monitors),
          p AS (INSERT INTO posts (platform, external_id, url, kind, author_handle, title, content, posted_at)
                SELECT 'reddit', 'bench' || g, 'https://www.reddit.com/r/sales/comments/bench' || g || '/', 'post', 'buyer' || g,
                       'Looking for a CRM alternative', 'content', now() - interval '1 hour'
                  FROM generate_series(1, $1) g RETURNING id, external_id)
     INSERT INTO signals (workspace_id, monitor_id, post_id, intent_score)
     SELECT m.workspace_id, m.monitor_id, p.id, 8 FROM p JOIN m ON m.k = (substr(p.external_id, 6)::int % $2)
     RETURNING id AS signal_id, post_id, workspace_id, monitor_id, (SELECT external_id FROM posts WHERE posts.id = post_id)`,
    [TOTAL, WORKSPACES],
  );

  const config = notifierEnv.parse({
    DASHBOARD_URL: 'https://app.intentradar.test',
    OUTBOUND_ALLOW_HTTP_HOSTS: slack.hostPort,
    OUTBOUND_ALLOW_PRIVATE_HOSTS: slack.hostPort,
    SLACK_EXTRA_ORIGINS: slack.origin,
    LOG_LEVEL: 'warn',
    ...(args.concurrency ? { NOTIFIER_CONCURRENCY: args.concurrency } : {}),
  });
  // The notifier's own pool, sized as in production (the default), not the small test pool.
  const pool = createPool({ connectionString: db.url, applicationName: 'bench-notify' });
  // Statements the notifier runs (each is a round trip and a Postgres execution competing for the CPUs).
  let statements = 0;
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    statements++;
    return query(...args);
  };
  // Phase stamps (bench only): when a handler picked the signal up, and how long each Slack POST
  // took. The outbound client is the one the notifier would build (same policy and timeouts).
  const handlerStartedAt = new Map<string, number>();
  const postMs: number[] = [];
  const clients = createDeliveryClients(config);
  const outbound: OutboundClient = {
    ...clients.outbound,
    request: async (url, options) => {
      const started = performance.now();
      try {
        return await clients.outbound.request(url, options);
      } finally {
        postMs.push(performance.now() - started);
      }
    },
  };
  const notifier = await buildNotifier({ config, logger, bus, pool, outbound });
  if (args.statements) profileStatements();
  const onSignal = notifier.engine.onSignal.bind(notifier.engine);
  notifier.engine.onSignal = (signal) => {
    handlerStartedAt.set(signal.signalId, Date.now());
    return onSignal(signal);
  };
  await notifier.start();

  const signals: AlertSignal[] = seeded.rows.map((row) => ({
    signalId: row.signal_id,
    workspaceId: row.workspace_id,
    monitorId: row.monitor_id,
    monitorName: 'bench monitor',
    postId: row.post_id,
    platform: 'reddit',
    url: `https://www.reddit.com/r/sales/comments/${row.external_id}/`,
    title: 'Looking for a CRM alternative',
    excerpt: 'We need a CRM that does not cost a fortune',
    author: { handle: 'buyer' },
    postedAt: new Date(Date.now() - 3_600_000).toISOString(),
    intentScore: 8,
    summary: 'Team wants a cheaper CRM this quarter',
    painPoints: ['price'],
    competitors: ['Salesforce'],
    decisionStage: 'evaluating',
  }));

  // The publisher process connects first; the measured span starts when it begins publishing.
  const publisherProcess = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_NOTIFY_ROLE: 'publisher' },
  });
  publisherProcess.send({ namespace, rate: RATE, signals } satisfies PublisherInput);
  const nextReport = async (): Promise<PublisherReport> => {
    const exited = once(publisherProcess, 'exit').then(([code]) => {
      throw new Error(`publisher exited (${String(code)}) before reporting`);
    });
    return ((await Promise.race([once(publisherProcess, 'message'), exited])) as [PublisherReport])[0];
  };
  await nextReport();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const statementsBefore = statements;
  const cpuBefore = process.cpuUsage();
  const loadBefore = loadavg()[0]!;
  publisherProcess.send('go');
  const published = await nextReport();
  if (!('publishedAt' in published)) throw new Error('publisher sent no report');
  const publishedAt = new Map(published.publishedAt);

  // The sandbox stamps each message when it arrives: polling the count only decides when to stop.
  const deadline = Date.now() + 120_000;
  while ((await slack.count()) < TOTAL && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  const cpu = process.cpuUsage(cpuBefore);
  const statementsDuring = statements - statementsBefore;
  loopDelay.disable();
  const loadAfter = loadavg()[0]!;
  // Let late duplicates (if any) arrive: a poller pass and a redelivery window.
  await new Promise((r) => setTimeout(r, 2_000));
  const postgresCpuMs = await backendCpuMs(pool);
  await notifier.stop();
  await clients.close();
  await pool.end();

  const received = new Map<string, number[]>();
  for (const m of await slack.messages()) {
    if (m.status !== 200) continue;
    const id = /signals\/([0-9a-f-]{36})/.exec(JSON.stringify(m.body))?.[1];
    if (!id) continue;
    received.set(id, [...(received.get(id) ?? []), Date.parse(m.at)]);
  }

  const latencies: number[] = [];
  const pickup: number[] = [];
  let duplicates = 0;
  for (const [id, times] of received) {
    const sent = publishedAt.get(id);
    if (sent !== undefined && times[0] !== undefined) latencies.push(times[0] - sent);
    const started = handlerStartedAt.get(id);
    if (sent !== undefined && started !== undefined) pickup.push(started - sent);
    duplicates += times.length - 1;
  }
  const ascending = (a: number, b: number) => a - b;
  latencies.sort(ascending);
  pickup.sort(ascending);
  postMs.sort(ascending);
  const summary = {
    signals: TOTAL,
    rate_per_s: RATE,
    delivered: received.size,
    missing: TOTAL - received.size,
    p50_ms: percentile(latencies, 50),
    p95_ms: percentile(latencies, 95),
    max_ms: latencies.at(-1) ?? NaN,
    // Where the time goes: publish -> a notifier handler starts (NATS, consumer), and the Slack POST.
    pickup_p50_ms: percentile(pickup, 50),
    pickup_p99_ms: percentile(pickup, 99),
    slack_post_p50_ms: Math.round(percentile(postMs, 50)),
    slack_post_p99_ms: Math.round(percentile(postMs, 99)),
    // A starved process shows here first: every callback of the notifier waits this long for the loop.
    event_loop_delay_p99_ms: Math.round(loopDelay.percentile(99) / 1e6),
    concurrency: config.NOTIFIER_CONCURRENCY,
    // CPU of the notifier (this process; the publisher is another) from the first publish until the last message arrived.
    cpu_ms_per_signal: Math.round(((cpu.user + cpu.system) / 1000 / TOTAL) * 100) / 100,
    // CPU of the Postgres backends serving the notifier (counted at the end, including the 2 s wait).
    postgres_cpu_ms_per_signal: Math.round((postgresCpuMs / TOTAL) * 100) / 100,
    publisher_cpu_ms_per_signal: Math.round((published.cpuMs / TOTAL) * 100) / 100,
    // Notifier statements (pool.query calls) per signal over the same span.
    statements_per_signal: Math.round((statementsDuring / TOTAL) * 1000) / 1000,
    load_avg_1m: { before: Math.round(loadBefore * 10) / 10, after: Math.round(loadAfter * 10) / 10 },
  };
  if (args.statements) for (const line of statementProfileLines(TOTAL, 'signal')) console.log(line);
  console.log(JSON.stringify(summary));
  console.log(JSON.stringify({ p99_ms: percentile(latencies, 99), duplicates }));
} finally {
  await slack.close();
  await bus.destroyNamespace();
  await bus.close();
  await db.drop();
}
