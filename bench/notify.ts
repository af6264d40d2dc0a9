/**
 * npm run bench:notify [-- --rate 200 --seconds 10 --workspaces 20]
 *
 * End-to-end notifier latency on the real NATS server and Postgres: a fresh migrated database
 * and a fresh NATS namespace (both removed at the end), one Slack destination per workspace
 * pointing at a local Slack incoming-webhook receiver, and signal.created events published at a
 * fixed rate through the bus. Measures, per signal, the time from the publish call to the Slack
 * receiver getting the message, and counts signals Slack received more than once.
 * Last stdout line: {"p99_ms":…,"duplicates":…}.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { connectBus } from '@intent-radar/bus';
import { createPool } from '@intent-radar/db';
import { createTestDatabase } from '@intent-radar/db/testing';
import { createLogger } from '@intent-radar/logger';
import { subjects } from '@intent-radar/proto-schemas';
import { buildNotifier } from '../services/notifier/src/app.ts';
import { notifierEnv } from '../services/notifier/src/config.ts';
import type { AlertSignal } from '../services/notifier/src/format/alert-view.ts';
import { startSlackReceiver } from '../services/notifier/src/testing/receivers.ts';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    workspaces: { type: 'string', default: '20' },
  },
});
const RATE = Number(args.rate);
const TOTAL = RATE * Number(args.seconds);
const WORKSPACES = Number(args.workspaces);

const logger = createLogger({ service: 'bench-notify', level: 'warn' });
const db = await createTestDatabase();
const bus = await connectBus({ url: '127.0.0.1:4222', name: 'bench-notify', logger, namespace: `b${randomBytes(4).toString('hex')}` });
await bus.provision();
const slack = await startSlackReceiver();

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
    SLACK_EXTRA_ORIGINS: `http://${slack.hostPort}`,
    LOG_LEVEL: 'warn',
  });
  // The notifier's own pool, sized like production (the test pool is small).
  const pool = createPool({ connectionString: db.url, max: 20, applicationName: 'bench-notify' });
  const notifier = await buildNotifier({ config, logger, bus, pool });
  await notifier.start();

  const publishedAt = new Map<string, number>();
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

  // Open loop at a fixed rate: publish i is due at start + i / RATE, whatever earlier publishes do.
  const start = performance.now() + 100;
  const publishes: Promise<unknown>[] = [];
  for (const [i, signal] of signals.entries()) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    publishedAt.set(signal.signalId, Date.now());
    publishes.push(bus.publish('signal.created.v1', subjects.signalCreated('reddit'), signal, { msgId: `signal:${signal.signalId}` }));
  }
  await Promise.all(publishes);

  const received = new Map<string, number[]>();
  const count = () => {
    received.clear();
    for (const m of slack.messages) {
      const id = /signals\/([0-9a-f-]{36})/.exec(JSON.stringify(m.body))?.[1];
      if (!id) continue;
      received.set(id, [...(received.get(id) ?? []), m.at]);
    }
    return received.size;
  };
  const deadline = Date.now() + 60_000;
  while (count() < TOTAL && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  // Let late duplicates (if any) arrive: a poller pass and a redelivery window.
  const settleUntil = Date.now() + 2_000;
  while (Date.now() < settleUntil) await new Promise((r) => setTimeout(r, 100));
  count();
  await notifier.stop();
  await pool.end();

  const latencies: number[] = [];
  let duplicates = 0;
  for (const [id, times] of received) {
    const sent = publishedAt.get(id);
    if (sent !== undefined && times[0] !== undefined) latencies.push(times[0] - sent);
    duplicates += times.length - 1;
  }
  latencies.sort((a, b) => a - b);
  const summary = {
    signals: TOTAL,
    rate_per_s: RATE,
    delivered: received.size,
    missing: TOTAL - received.size,
    p50_ms: percentile(latencies, 50),
    p95_ms: percentile(latencies, 95),
    max_ms: latencies.at(-1) ?? NaN,
  };
  console.log(JSON.stringify(summary));
  console.log(JSON.stringify({ p99_ms: percentile(latencies, 99), duplicates }));
} finally {
  await slack.close();
  await bus.destroyNamespace();
  await bus.close();
  await db.drop();
}
