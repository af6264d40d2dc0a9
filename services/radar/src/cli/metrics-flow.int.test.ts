import { randomBytes, randomUUID } from 'node:crypto';
import { connectBus, type Bus } from '@intent-radar/bus';
import { TEST_NATS_URL, waitFor } from '@intent-radar/bus/testing';
import { createTestDatabase, type TestDatabase } from '@intent-radar/db/testing';
import { SourceHealth } from '@intent-radar/ingest-kit';
import { intentScorerService } from '@intent-radar/intent-scorer/service';
import { createLogger } from '@intent-radar/logger';
import { notifierService } from '@intent-radar/notifier/service';
import { subjects } from '@intent-radar/proto-schemas';
import { busMetrics, startHealthServer, type HealthServer, type Service } from '@intent-radar/runtime';
import { buildSandbox, type Sandbox } from '@intent-radar/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricSample as sample, scrapeMetrics } from './metrics-scrape.ts';

/*
 * The metrics the issue names beyond the bus ones (metrics-endpoint.int.test.ts): LLM calls and
 * spend, alert latency and source health, scraped from /metrics while the real code paths run
 * against NATS, Postgres and the sandbox's OpenAI and Slack fakes.
 */

const logger = createLogger({ service: 'metrics-flow-test', level: 'silent' });
let bus: Bus;
let db: TestDatabase;
let sandbox: Sandbox;
let health: HealthServer;
const running: Service[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  bus = await connectBus({ url: TEST_NATS_URL, name: 'metrics-flow-test', logger, namespace: `t${randomBytes(4).toString('hex')}`, metrics: busMetrics() });
  await bus.provision();
  sandbox = buildSandbox({ logger, port: 0, smtpPort: 0, clock: 'manual', backlog: 0 });
  await sandbox.start();
  health = await startHealthServer({ port: 0, host: '127.0.0.1', logger, ready: () => true });
});
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  await health.close();
  await bus.destroyNamespace();
  await bus.close();
  await sandbox.stop();
  await db.drop();
});

const scrape = (): Promise<string> => scrapeMetrics(health.port);

describe('/metrics while work flows', () => {
  it('LLM calls and spend rise when the scorer sends a borderline post to the LLM', async () => {
    const config = intentScorerService.env.parse({ LLM_BASE_URL: `${sandbox.url}/openai/v1`, LLM_API_KEY: 'sk-test', LLM_MODEL: 'gpt-4o-mini' });
    const scorer = await intentScorerService.build({ config, logger, bus, pool: db.pool });
    await scorer.start();
    running.push(scorer);
    const labels = { feature: 'intent_scoring', model: 'gpt-4o-mini', outcome: 'ok' };
    const before = await scrape();
    const now = new Date().toISOString();
    // Local score 6: the kind of post the cascade's gate sends to the LLM.
    await bus.publish(
      'post.raw.v1',
      subjects.postRaw('hackernews'),
      {
        platform: 'hackernews',
        externalId: 'm1',
        kind: 'post',
        url: 'https://news.ycombinator.com/item?id=1',
        content: 'Ask HN: Nested Virtualization / NAT Supported VPS',
        author: { handle: 'someone' },
        createdAt: now,
        fetchedAt: now,
        ingestMode: 'search',
        matches: [{ monitorId: 'm1', queryKey: 'vps' }],
      },
      { msgId: 'hackernews:m1' },
    );
    await waitFor(async () => sample(await scrape(), 'radar_llm_calls_total', labels) > sample(before, 'radar_llm_calls_total', labels), 15_000, 'an LLM call');
    const after = await scrape();
    expect(sample(after, 'radar_llm_spend_usd_total', { feature: 'intent_scoring', model: 'gpt-4o-mini' })).toBeGreaterThan(sample(before, 'radar_llm_spend_usd_total', { feature: 'intent_scoring' }));
  });

  it('alert latency is observed when the notifier delivers an alert', async () => {
    const host = new URL(sandbox.url).host;
    const config = notifierService.env.parse({ OUTBOUND_ALLOW_HTTP_HOSTS: host, OUTBOUND_ALLOW_PRIVATE_HOSTS: host, SLACK_EXTRA_ORIGINS: new URL(sandbox.url).origin, NOTIFIER_POLL_MS: '100' });
    const notifier = await notifierService.build({ config, logger, bus, pool: db.pool });
    await notifier.start();
    running.push(notifier);
    const ws = await db.pool.query<{ id: string }>(`INSERT INTO workspaces (name) VALUES ('Metrics') RETURNING id`);
    const workspaceId = ws.rows[0]!.id;
    const mon = await db.pool.query<{ id: string }>(
      `INSERT INTO monitors (workspace_id, name, query, query_key, platforms) VALUES ($1, 'crm', 'crm', 'crm', '{reddit}') RETURNING id`,
      [workspaceId],
    );
    const monitorId = mon.rows[0]!.id;
    const slackPath = `/services/T1/B1/${randomUUID()}`;
    await db.pool.query(`INSERT INTO alert_destinations (workspace_id, name, kind, config, secrets, min_score, frequency) VALUES ($1, 'slack', 'slack', '{}', $2, 5, 'instant')`, [
      workspaceId,
      { webhookUrl: `${sandbox.url}/slack${slackPath}` },
    ]);
    const externalId = randomUUID();
    const post = await db.pool.query<{ id: string }>(
      `INSERT INTO posts (platform, external_id, url, kind, author_handle, content, posted_at) VALUES ('reddit', $1, $2, 'post', 'buyer', 'crm?', now()) RETURNING id`,
      [externalId, `https://www.reddit.com/r/sales/comments/${externalId}/`],
    );
    const signal = await db.pool.query<{ id: string }>(`INSERT INTO signals (workspace_id, monitor_id, post_id, intent_score) VALUES ($1, $2, $3, 8) RETURNING id`, [
      workspaceId,
      monitorId,
      post.rows[0]!.id,
    ]);
    const beforeText = await scrape();
    const before = sample(beforeText, 'radar_alert_latency_seconds_count', { channel: 'slack' });
    const bucket = (text: string, le: string) => sample(text, 'radar_alert_latency_seconds_bucket', { channel: 'slack', le });
    const postedAt = new Date(Date.now() - 90_000).toISOString();
    await bus.publish(
      'signal.created.v1',
      subjects.signalCreated('reddit'),
      {
        signalId: signal.rows[0]!.id,
        workspaceId,
        monitorId,
        monitorName: 'crm',
        postId: post.rows[0]!.id,
        platform: 'reddit',
        url: `https://www.reddit.com/r/sales/comments/${externalId}/`,
        excerpt: 'need a crm',
        author: { handle: 'buyer' },
        postedAt,
        intentScore: 8,
        summary: 'wants a CRM',
        painPoints: [],
        competitors: [],
        decisionStage: 'evaluating',
      },
      { msgId: `signal:${signal.rows[0]!.id}` },
    );
    await waitFor(async () => sample(await scrape(), 'radar_alert_latency_seconds_count', { channel: 'slack' }) === before + 1, 15_000, 'an alert delivered');
    expect(sandbox.sinks.slack.filter((m) => m.path === slackPath)).toHaveLength(1);
    // Posted 90 s ago: the observation lands above the 60 s bucket and at or below 120 s.
    const after = await scrape();
    expect(bucket(after, '60')).toBe(bucket(beforeText, '60'));
    expect(bucket(after, '120')).toBe(bucket(beforeText, '120') + 1);
    expect(sample(after, 'radar_alert_latency_seconds_sum', { channel: 'slack' })).toBeGreaterThanOrEqual(90);
  });

  it('source health: last success, last error and status per platform', async () => {
    const health = await SourceHealth.open(bus, 'reddit', logger, 60_000);
    health.start();
    const t0 = Date.now() / 1000;
    health.success(3);
    let text = await scrape();
    expect(sample(text, 'ingest_source_last_success_timestamp_seconds', { platform: 'reddit' })).toBeGreaterThanOrEqual(Math.floor(t0));
    expect(sample(text, 'ingest_source_status', { platform: 'reddit', status: 'ok' })).toBe(1);
    health.failure('rate_limited', 'HTTP 429', 'rate_limited');
    text = await scrape();
    expect(sample(text, 'ingest_source_last_error_timestamp_seconds', { platform: 'reddit', code: 'rate_limited' })).toBeGreaterThanOrEqual(Math.floor(t0));
    expect(sample(text, 'ingest_source_status', { platform: 'reddit', status: 'rate_limited' })).toBe(1);
    expect(sample(text, 'ingest_source_status', { platform: 'reddit', status: 'ok' })).toBe(0);
    await health.stop();
  });
});
