import { randomBytes, randomUUID } from 'node:crypto';
import { connectBus, type Bus } from '@intent-radar/bus';
import { createTestDatabase, type TestDatabase } from '@intent-radar/db/testing';
import { createLogger } from '@intent-radar/logger';
import { createOutboundClient } from '@intent-radar/outbound';
import { consumers, streams, subjects, type EventData } from '@intent-radar/proto-schemas';
import { buildSandbox, type Sandbox } from '@intent-radar/sandbox';
import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildNotifier, type Notifier } from './app.ts';
import { notifierEnv } from './config.ts';
import { sendToDestination } from './delivery/channels.ts';
import { parseDestination, type DestinationRow } from './delivery/destination.ts';
import { claimDueDeliveries, insertDeliveries, markRequestsStarted, NEVER_SENT, OUTCOME_UNKNOWN } from './delivery/delivery-repository.ts';
import type { AlertSignal } from './format/alert-view.ts';
import { seedDestination, seedSignal, seedWorkspace } from './testing/seed.ts';
import { generateWebhookSecret, verifyWebhook } from './webhooks/signing.ts';

const logger = createLogger({ service: 'notifier-test', level: 'silent' });
let db: TestDatabase;
let bus: Bus;
// The one fake-server kit: Slack, customer webhook and SMTP sinks of the sandbox.
let sandbox: Sandbox;
let sandboxHost: string;
const running: Notifier[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  bus = await connectBus({ url: '127.0.0.1:4222', name: 'notifier-test', logger, namespace: `t${randomBytes(4).toString('hex')}` });
  await bus.provision();
  sandbox = buildSandbox({ logger, port: 0, smtpPort: 0, clock: 'manual', backlog: 0 });
  await sandbox.start();
  sandboxHost = new URL(sandbox.url).host;
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((n) => n.stop()));
});
afterAll(async () => {
  await bus.destroyNamespace();
  await bus.close();
  await sandbox.stop();
  await db.drop();
});

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function config() {
  return notifierEnv.parse({
    DASHBOARD_URL: 'https://app.intentradar.test',
    OUTBOUND_ALLOW_HTTP_HOSTS: sandboxHost,
    OUTBOUND_ALLOW_PRIVATE_HOSTS: sandboxHost,
    SLACK_EXTRA_ORIGINS: new URL(sandbox.url).origin,
    SMTP_URL: `smtp://127.0.0.1:${sandbox.smtpPort}`,
    NOTIFIER_POLL_MS: '100',
  });
}

/** A Slack incoming-webhook URL on the sandbox; `secret` = an error code (no_service) makes Slack answer it. */
const slackUrl = (path: string) => `${sandbox.url}/slack${path}`;
/** Slack messages the sandbox accepted at `path` (/services/T../B../secret). */
const slackAt = (path: string) => sandbox.sinks.slack.filter((m) => m.path === path && m.status === 200);
const webhookUrl = (name: string) => `${sandbox.url}/webhooks/${name}`;
const webhookHits = (name: string) => sandbox.sinks.webhooks.filter((w) => w.path === `/${name}`);

async function startNotifier(now?: () => Date): Promise<Notifier> {
  const notifier = await buildNotifier({ config: config(), logger, bus, pool: db.pool, ...(now ? { now } : {}) });
  await notifier.start();
  running.push(notifier);
  return notifier;
}

async function publish(signal: AlertSignal, msgId = `signal:${signal.signalId}`): Promise<void> {
  await bus.publish('signal.created.v1', subjects.signalCreated(signal.platform), signal, { msgId });
}

/** Publishes a signal.updated; returns its stream sequence (see `rescoresHandled`). */
async function publishUpdate(update: EventData<'signal.updated.v1'>, msgId: string): Promise<number> {
  return (await bus.publish('signal.updated.v1', subjects.signalUpdated, update, { msgId })).seq;
}

/** True once the rescore consumer has acked everything up to `seq` (the only way to see "did nothing"). */
async function rescoresHandled(seq: number): Promise<boolean> {
  const info = await bus.jsm.consumers.info(bus.namespace.stream(streams.signals), consumers.notifierRescores);
  return info.ack_floor.stream_seq >= seq && info.num_ack_pending === 0;
}

async function deliveryRow(signalId: string, destinationId: string) {
  const res = await db.pool.query<{ status: string; attempts: number; last_error: string | null }>(
    'SELECT status, attempts, last_error FROM deliveries WHERE signal_id = $1 AND destination_id = $2',
    [signalId, destinationId],
  );
  return res.rows[0];
}

describe('notifier end to end', () => {
  it('delivers one signal to Slack, email and a signed webhook (two secrets during rotation), once each', async () => {
    const ws = await seedWorkspace(db.pool);
    const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const slackPath = `/services/T1/B1/${randomUUID()}`;
    const hookName = `acme-${randomUUID()}`;
    const slackId = await seedDestination(db.pool, ws.workspaceId, { kind: 'slack', secrets: { webhookUrl: slackUrl(slackPath) } });
    const emailId = await seedDestination(db.pool, ws.workspaceId, { kind: 'email', config: { to: ['sales@acme.test'] } });
    const hookId = await seedDestination(db.pool, ws.workspaceId, {
      kind: 'webhook',
      config: { url: webhookUrl(hookName) },
      secrets: { signingSecrets: [current, previous] },
    });
    await seedDestination(db.pool, ws.workspaceId, { kind: 'slack', minScore: 10, secrets: { webhookUrl: slackUrl(`/services/T1/B1/${randomUUID()}`) } });
    await startNotifier();
    const signal = await seedSignal(db.pool, ws);
    await publish(signal);
    // The same event again under another msg id (JetStream would not dedupe it): the deliveries row does.
    await publish(signal, `replay:${signal.signalId}`);

    await waitFor(async () => (await deliveryRow(signal.signalId, hookId))?.status === 'sent' && (await deliveryRow(signal.signalId, emailId))?.status === 'sent' && (await deliveryRow(signal.signalId, slackId))?.status === 'sent', 'three deliveries sent');
    await waitFor(async () => (await db.pool.query('SELECT 1 FROM deliveries WHERE signal_id = $1', [signal.signalId])).rowCount === 4, 'four rows');

    const mine = slackAt(slackPath);
    expect(mine).toHaveLength(1);
    const text = JSON.stringify(mine[0]!.body);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&lt;@U123&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain(`https://app.intentradar.test/signals/${signal.signalId}`);

    const mails = sandbox.sinks.emails.filter((m) => m.raw.includes(signal.signalId));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['sales@acme.test']);
    expect(mails[0]!.raw).toContain('&lt;!channel&gt;');

    // Verified with the Standard Webhooks algorithm from what the sandbox recorded; during rotation
    // a receiver holding only the previous secret accepts it too.
    const hits = webhookHits(hookName);
    expect(hits).toHaveLength(1);
    const hit = hits[0]!;
    expect(verifyWebhook(hit.body, hit.headers, previous)).toBe(hit.headers['webhook-id']);
    expect(verifyWebhook(hit.body, hit.headers, current)).toBe(hit.headers['webhook-id']);
    expect(() => verifyWebhook(hit.body, hit.headers, generateWebhookSecret())).toThrow(/signature/i);
    expect(JSON.parse(hit.body)).toMatchObject({ type: 'signal.created', data: { signalId: signal.signalId } });
    const skipped = await db.pool.query("SELECT count(*)::int AS n FROM deliveries WHERE signal_id = $1 AND status = 'skipped'", [signal.signalId]);
    expect(skipped.rows[0]).toEqual({ n: 1 });
    const attempts = await db.pool.query('SELECT count(*)::int AS n FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.signal_id = $1 AND a.ok', [signal.signalId]);
    expect(attempts.rows[0]).toEqual({ n: 3 });
  });

  it('the same signal handled three times at once (batched into one statement) sends once', async () => {
    const ws = await seedWorkspace(db.pool);
    const path = `/services/T5/B5/${randomUUID()}`;
    const destinationId = await seedDestination(db.pool, ws.workspaceId, { kind: 'slack', secrets: { webhookUrl: slackUrl(path) } });
    const notifier = await startNotifier();
    const signal = await seedSignal(db.pool, ws);
    const others = [await seedSignal(db.pool, ws), await seedSignal(db.pool, ws)];
    await Promise.all([signal, signal, ...others, signal].map((s) => notifier.engine.onSignal(s)));
    expect(slackAt(path).filter((m) => JSON.stringify(m.body).includes(signal.signalId))).toHaveLength(1);
    expect(slackAt(path)).toHaveLength(3);
    expect(await deliveryRow(signal.signalId, destinationId)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('honours Slack 429 Retry-After, then disables a destination Slack answers 404 no_service', async () => {
    const ws = await seedWorkspace(db.pool);
    const path = `/services/T2/B2/${randomUUID()}`;
    const destinationId = await seedDestination(db.pool, ws.workspaceId, { kind: 'slack', secrets: { webhookUrl: slackUrl(path) } });
    // A revoked webhook: the sandbox answers a hook whose secret is an error code with that error.
    const revokedId = await seedDestination(db.pool, ws.workspaceId, { kind: 'slack', secrets: { webhookUrl: slackUrl('/services/T2/B2/no_service') } });
    await startNotifier();
    sandbox.faults.add({ api: 'slack', kind: 'rate_limit', count: 1, retryAfterSec: 1, path });
    const first = await seedSignal(db.pool, ws);
    const startedAt = Date.now();
    await publish(first);
    await waitFor(async () => (await deliveryRow(first.signalId, destinationId))?.status === 'sent', 'sent after the 429');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(700);
    expect(await deliveryRow(first.signalId, destinationId)).toMatchObject({ attempts: 2 });
    const tried = await db.pool.query<{ http_status: number | null; ok: boolean }>(
      'SELECT a.http_status, a.ok FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.signal_id = $1 AND d.destination_id = $2 ORDER BY a.attempt',
      [first.signalId, destinationId],
    );
    expect(tried.rows).toEqual([{ http_status: 429, ok: false }, { http_status: 200, ok: true }]);
    expect(slackAt(path)).toHaveLength(1);

    await waitFor(async () => (await deliveryRow(first.signalId, revokedId))?.status === 'failed', 'failed on 404');
    const dest = await db.pool.query('SELECT enabled, disabled_reason FROM alert_destinations WHERE id = $1', [revokedId]);
    expect(dest.rows[0]).toEqual({ enabled: false, disabled_reason: 'Slack: no_service' });
    // Once disabled it gets nothing more; the healthy destination carries on.
    const second = await seedSignal(db.pool, ws);
    await publish(second);
    await waitFor(async () => (await deliveryRow(second.signalId, destinationId))?.status === 'sent', 'the healthy destination sent again');
    expect(await deliveryRow(second.signalId, revokedId)).toBeUndefined();
    expect(sandbox.sinks.slack.filter((m) => m.response === 'no_service')).toHaveLength(1);
  });

  it('a crash between sending and recording never produces a duplicate after restart', async () => {
    const ws = await seedWorkspace(db.pool);
    const path = `/services/T3/B3/${randomUUID()}`;
    const hookName = `crash-${randomUUID()}`;
    const slackDest = await seedDestination(db.pool, ws.workspaceId, { kind: 'slack', secrets: { webhookUrl: slackUrl(path) } });
    const secret = generateWebhookSecret();
    const hookDest = await seedDestination(db.pool, ws.workspaceId, { kind: 'webhook', config: { url: webhookUrl(hookName) }, secrets: { signingSecrets: [secret] } });
    const signal = await seedSignal(db.pool, ws);
    // The first process: records the deliveries, claims them with a short lease, sends... and dies
    // before recording the outcome (nothing after the send runs).
    const now = new Date();
    const { claimed } = await insertDeliveries(
      db.pool,
      [slackDest, hookDest].map((destinationId) => ({ workspaceId: ws.workspaceId, signalId: signal.signalId, destinationId, status: 'pending', nextAttemptAt: now, payload: signal })),
      now,
      300,
    );
    expect(claimed).toHaveLength(2);
    expect(await claimDueDeliveries(db.pool, { signalId: signal.signalId }, now, 300)).toHaveLength(0);
    const rows = await db.pool.query<DestinationRow>(
      `SELECT id, workspace_id, name, kind, config, secrets, monitor_ids::text[] AS monitor_ids, min_score, frequency, quiet_hours_start::text, quiet_hours_end::text, time_zone FROM alert_destinations WHERE id = ANY($1::uuid[])`,
      [[slackDest, hookDest]],
    );
    const outbound = createOutboundClient({ allowHttpHosts: [sandboxHost], allowPrivateHosts: [sandboxHost] });
    const channels = {
      outbound,
      mailer: nodemailer.createTransport({ jsonTransport: true }),
      emailFrom: 'x@y.test',
      dashboardUrl: 'https://app.intentradar.test',
      slackOrigins: [new URL(sandbox.url).origin],
      now: () => new Date(),
    };
    // As the engine does: the requests are marked started before they are written.
    await markRequestsStarted(db.pool, claimed.map((c) => c.id), now);
    try {
      for (const c of claimed) {
        const destination = parseDestination(rows.rows.find((r) => r.id === c.destination_id)!);
        expect((await sendToDestination(channels, destination, { kind: 'alert', signal, messageId: `msg_${c.id}` })).kind).toBe('sent');
      }
    } finally {
      await outbound.close();
    }
    expect(slackAt(path)).toHaveLength(1);

    // Restart: a new notifier, and JetStream redelivers the unacked event.
    await startNotifier();
    await publish(signal);
    await waitFor(async () => (await deliveryRow(signal.signalId, slackDest))?.status === 'failed', 'the interrupted Slack send settled');
    await waitFor(async () => (await deliveryRow(signal.signalId, hookDest))?.status === 'sent', 'the webhook resent');
    expect(await deliveryRow(signal.signalId, slackDest)).toMatchObject({ last_error: OUTCOME_UNKNOWN, attempts: 1 });
    expect(slackAt(path)).toHaveLength(1);
    // The webhook went out again with the same webhook-id (and a valid signature): a receiver that
    // dedupes on webhook-id, as the spec asks, processes it once.
    const hits = webhookHits(hookName);
    expect(hits).toHaveLength(2);
    const ids = hits.map((h) => verifyWebhook(h.body, h.headers, secret));
    expect(new Set(ids).size).toBe(1);
  });

  it('a crash after the claim and before the send: the alert is sent after restart, once', async () => {
    const ws = await seedWorkspace(db.pool);
    const path = `/services/T4/B4/${randomUUID()}`;
    const slackDest = await seedDestination(db.pool, ws.workspaceId, { kind: 'slack', secrets: { webhookUrl: slackUrl(path) } });
    const signal = await seedSignal(db.pool, ws);
    // The first process records and claims the delivery (short lease), then dies before marking
    // the request started: nothing was written to Slack.
    const now = new Date();
    const { claimed } = await insertDeliveries(
      db.pool,
      [{ workspaceId: ws.workspaceId, signalId: signal.signalId, destinationId: slackDest, status: 'pending', nextAttemptAt: now, payload: signal }],
      now,
      300,
    );
    expect(claimed).toHaveLength(1);

    await startNotifier();
    await publish(signal);
    await waitFor(async () => (await deliveryRow(signal.signalId, slackDest))?.status === 'sent', 'the never-sent alert sent after the claim expired');
    expect(slackAt(path)).toHaveLength(1);
    const attempts = await db.pool.query<{ ok: boolean; error: string | null }>(
      `SELECT a.ok, a.error FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.signal_id = $1 ORDER BY a.attempt`,
      [signal.signalId],
    );
    expect(attempts.rows).toEqual([
      { ok: false, error: NEVER_SENT },
      { ok: true, error: null },
    ]);
  });

  it('holds alerts during quiet hours and sends them when quiet hours end', async () => {
    const ws = await seedWorkspace(db.pool);
    const path = `/services/T4/B4/${randomUUID()}`;
    let clock = new Date('2026-03-29T00:30:00Z'); // 00:30 GMT in London: quiet (22:00-07:00)
    const destinationId = await seedDestination(db.pool, ws.workspaceId, {
      kind: 'slack',
      secrets: { webhookUrl: slackUrl(path) },
      quietHours: { start: '22:00', end: '07:00', timeZone: 'Europe/London' },
    });
    await startNotifier(() => clock);
    const signal = await seedSignal(db.pool, ws);
    await publish(signal);
    await waitFor(async () => (await deliveryRow(signal.signalId, destinationId))?.status === 'pending', 'held');
    const held = await db.pool.query<{ next_attempt_at: Date }>('SELECT next_attempt_at FROM deliveries WHERE signal_id = $1', [signal.signalId]);
    // Spring-forward night: 07:00 BST is 06:00Z.
    expect(held.rows[0]!.next_attempt_at.toISOString()).toBe('2026-03-29T06:00:00.000Z');
    expect(slackAt(path)).toHaveLength(0);
    clock = new Date('2026-03-29T06:00:00Z');
    await waitFor(async () => (await deliveryRow(signal.signalId, destinationId))?.status === 'sent', 'sent after quiet hours');
    expect(slackAt(path)).toHaveLength(1);
  });

  it('a re-scored signal alerts, once, only the destinations whose min score it newly reaches', async () => {
    const ws = await seedWorkspace(db.pool);
    const lowPath = `/services/T6/B6/${randomUUID()}`;
    const highPath = `/services/T6/B7/${randomUUID()}`;
    const lowId = await seedDestination(db.pool, ws.workspaceId, { kind: 'slack', minScore: 5, secrets: { webhookUrl: slackUrl(lowPath) } });
    const highId = await seedDestination(db.pool, ws.workspaceId, { kind: 'slack', minScore: 7, secrets: { webhookUrl: slackUrl(highPath) } });
    const digestId = await seedDestination(db.pool, ws.workspaceId, { kind: 'email', minScore: 7, frequency: 'daily', config: { to: [`rescore-${randomUUID()}@acme.test`] } });
    await startNotifier();
    const signal = await seedSignal(db.pool, ws, { intentScore: 5 });
    await publish(signal);
    await waitFor(async () => (await deliveryRow(signal.signalId, lowId))?.status === 'sent', 'the min-5 destination alerted at creation');
    expect(await deliveryRow(signal.signalId, highId)).toMatchObject({ status: 'skipped' });
    expect(await deliveryRow(signal.signalId, digestId)).toMatchObject({ status: 'skipped' });

    // dedup-embedder's re-score: the signal row moves to 8, then signal.updated says it crossed.
    await db.pool.query('UPDATE signals SET intent_score = 8 WHERE id = $1', [signal.signalId]);
    const update = { signalId: signal.signalId, workspaceId: ws.workspaceId, intentScore: 8, crossedThreshold: true };
    await publishUpdate(update, `signal-updated:${signal.signalId}:rescore-1`);
    await waitFor(async () => (await deliveryRow(signal.signalId, highId))?.status === 'sent', 'the min-7 destination alerted after the re-score');
    expect(await deliveryRow(signal.signalId, digestId)).toMatchObject({ status: 'digest' });
    const alerts = slackAt(highPath);
    expect(alerts).toHaveLength(1);
    expect(JSON.stringify(alerts[0]!.body)).toContain(signal.signalId);
    // The reopened digest row stores the re-scored payload its digest renders; the row sent at once
    // stores none (a retry of it renders the stored signal, score 8 too).
    const stored = async (destinationId: string) =>
      (await db.pool.query<{ payload: { intentScore: number } | null }>('SELECT payload FROM deliveries WHERE signal_id = $1 AND destination_id = $2', [signal.signalId, destinationId])).rows[0]!.payload;
    expect((await stored(digestId))?.intentScore).toBe(8);
    expect(await stored(highId)).toBeNull();

    // Redelivered (another msg id, so JetStream does not drop it): the deliveries rows keep it to one alert each.
    const replaySeq = await publishUpdate(update, `signal-updated:${signal.signalId}:replay`);
    await waitFor(() => rescoresHandled(replaySeq), 'the redelivery handled');
    expect(slackAt(highPath)).toHaveLength(1);
    expect(slackAt(lowPath)).toHaveLength(1);
    expect(await deliveryRow(signal.signalId, highId)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await deliveryRow(signal.signalId, digestId)).toMatchObject({ status: 'digest' });
  });

  it('signal.updated without crossedThreshold (status changes, scores that crossed nothing) alerts nobody', async () => {
    const ws = await seedWorkspace(db.pool);
    const path = `/services/T7/B7/${randomUUID()}`;
    const destinationId = await seedDestination(db.pool, ws.workspaceId, { kind: 'slack', minScore: 7, secrets: { webhookUrl: slackUrl(path) } });
    await startNotifier();
    const signal = await seedSignal(db.pool, ws, { intentScore: 5 });
    await publish(signal);
    await waitFor(async () => (await deliveryRow(signal.signalId, destinationId))?.status === 'skipped', 'skipped at creation');
    // The stored score would qualify now: only the flag keeps these from alerting.
    await db.pool.query('UPDATE signals SET intent_score = 9 WHERE id = $1', [signal.signalId]);
    await publishUpdate({ signalId: signal.signalId, workspaceId: ws.workspaceId, status: 'contacted', crossedThreshold: false }, `signal-updated:${signal.signalId}:contacted`);
    const seq = await publishUpdate({ signalId: signal.signalId, workspaceId: ws.workspaceId, intentScore: 9, crossedThreshold: false }, `signal-updated:${signal.signalId}:rescore-1`);
    await waitFor(() => rescoresHandled(seq), 'both updates handled');
    expect(await deliveryRow(signal.signalId, destinationId)).toMatchObject({ status: 'skipped' });
    expect(slackAt(path)).toHaveLength(0);

    // Another workspace's id on the event finds no signal: scoped, nothing sent.
    const other = await seedWorkspace(db.pool);
    const foreignSeq = await publishUpdate({ signalId: signal.signalId, workspaceId: other.workspaceId, intentScore: 9, crossedThreshold: true }, `signal-updated:${signal.signalId}:foreign`);
    await waitFor(() => rescoresHandled(foreignSeq), 'the foreign update handled');
    expect(await deliveryRow(signal.signalId, destinationId)).toMatchObject({ status: 'skipped' });
    expect(slackAt(path)).toHaveLength(0);
  });

  it('sends a daily digest once per period even with two replicas', async () => {
    const ws = await seedWorkspace(db.pool);
    let clock = new Date('2026-06-01T10:00:00Z');
    const to = `digest-${randomUUID()}@acme.test`;
    const destinationId = await seedDestination(db.pool, ws.workspaceId, { kind: 'email', frequency: 'daily', config: { to: [to] } });
    const a = await startNotifier(() => clock);
    const b = await startNotifier(() => clock);
    const signals = [await seedSignal(db.pool, ws, { intentScore: 6 }), await seedSignal(db.pool, ws, { intentScore: 9 })];
    for (const s of signals) await publish(s);
    await waitFor(async () => (await db.pool.query("SELECT 1 FROM deliveries WHERE destination_id = $1 AND status = 'digest'", [destinationId])).rowCount === 2, 'queued for the digest');
    clock = new Date('2026-06-02T01:00:00Z');
    await Promise.all([a.engine.onDigestJob('daily'), b.engine.onDigestJob('daily'), a.engine.onDigestJob(undefined)]);
    const digests = await db.pool.query('SELECT status, signal_count, period_start FROM digests WHERE destination_id = $1', [destinationId]);
    expect(digests.rows).toEqual([{ status: 'sent', signal_count: 2, period_start: new Date('2026-06-01T00:00:00Z') }]);
    const mails = sandbox.sinks.emails.filter((m) => m.to.includes(to));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.raw).toContain('Daily digest: 2 new signals');
  });
});
