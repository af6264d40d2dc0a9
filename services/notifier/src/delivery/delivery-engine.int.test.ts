import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@intent-radar/db/testing';
import { createLogger } from '@intent-radar/logger';
import { createOutboundClient, type OutboundClient } from '@intent-radar/outbound';
import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedDestination, seedSignal, seedWorkspace } from '../testing/seed.ts';
import { generateWebhookSecret, verifyWebhook } from '../webhooks/signing.ts';
import { DeliveryEngine } from './delivery-engine.ts';
import { expireStaleSends, insertDeliveries, markRequestsStarted, NEVER_SENT, OUTCOME_UNKNOWN } from './delivery-repository.ts';

/**
 * The duplicate seen under load (bench:pipeline at load 40: 47 extra Slack alerts): a starved
 * receiver records the alert, answers after the sender's timeout, and the sender retries. These
 * tests use a local receiver that records first and answers late, on purpose.
 */

const logger = createLogger({ service: 'notifier-test', level: 'silent' });
const TIMEOUT_MS = 250;
let db: TestDatabase;

interface Receipt {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
interface Receiver {
  origin: string;
  receipts: Receipt[];
  /** Answer delay for the n-th request (0-based), in milliseconds. */
  delayMs: (n: number) => number;
  close(): Promise<void>;
}

async function receiver(delayMs: (n: number) => number): Promise<Receiver> {
  const receipts: Receipt[] = [];
  const state: Receiver = { origin: '', receipts, delayMs, close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // Recorded (as Slack posts it) before the answer, which may come after the sender gave up.
      const n = receipts.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() }) - 1;
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      }, state.delayMs(n));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

const open: Array<{ close(): Promise<unknown> }> = [];
beforeAll(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});
afterAll(async () => {
  await db.drop();
});

/** An engine as the notifier builds it, with a movable clock and short channel timeouts. */
function engineFor(origins: string[], clock: { now: Date }, statementsInFlight?: number): DeliveryEngine {
  const hosts = origins.map((o) => new URL(o).host);
  const outbound: OutboundClient = createOutboundClient({ allowHttpHosts: hosts, allowPrivateHosts: hosts, timeoutMs: 5_000 });
  open.push(outbound);
  const now = () => clock.now;
  return new DeliveryEngine({
    pool: db.pool,
    logger,
    now,
    random: () => 0.5,
    ...(statementsInFlight === undefined ? {} : { statementsInFlight }),
    channels: {
      outbound,
      mailer: nodemailer.createTransport({ jsonTransport: true }),
      emailFrom: 'alerts@intentradar.test',
      dashboardUrl: 'https://app.intentradar.test',
      slackOrigins: origins,
      now,
      timeoutsMs: { slack: TIMEOUT_MS, webhook: TIMEOUT_MS },
    },
  });
}

async function delivery(signalId: string, destinationId: string) {
  const res = await db.pool.query<{ status: string; attempts: number; last_error: string | null; next_attempt_at: Date | null }>(
    'SELECT status, attempts, last_error, next_attempt_at FROM deliveries WHERE signal_id = $1 AND destination_id = $2',
    [signalId, destinationId],
  );
  return res.rows[0];
}

async function attempts(signalId: string, destinationId: string): Promise<number> {
  const res = await db.pool.query('SELECT 1 FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.signal_id = $1 AND d.destination_id = $2', [
    signalId,
    destinationId,
  ]);
  return res.rowCount ?? 0;
}

// Tests share the database, so a poller pass may also pick up rows another test left due: the
// assertions look at this test's rows and receiver only.
const later = (clock: { now: Date }, ms: number) => {
  clock.now = new Date(clock.now.getTime() + ms);
};

/** A workspace with one Slack destination posting to `origin`, and a signal to alert on. */
async function seedSlackAlert(origin: string) {
  const ws = await seedWorkspace(db.pool);
  const destinationId = await seedDestination(db.pool, ws.workspaceId, { kind: 'slack', secrets: { webhookUrl: `${origin}/slack/services/T1/B1/${randomUUID()}` } });
  const signal = await seedSignal(db.pool, ws);
  return { destinationId, signal };
}

describe('a receiver that records the alert and answers after the timeout', () => {
  it('Slack: posted once and never resent (no idempotency key); the delivery says the outcome is unconfirmed', async () => {
    const slack = await receiver(() => TIMEOUT_MS * 4);
    open.push(slack);
    const clock = { now: new Date() };
    const engine = engineFor([slack.origin], clock);
    const { destinationId, signal } = await seedSlackAlert(slack.origin);

    await engine.onSignal(signal);
    expect(slack.receipts).toHaveLength(1);
    const row = await delivery(signal.signalId, destinationId);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, next_attempt_at: null });
    expect(row?.last_error).toContain('OUTBOUND_TIMEOUT');
    expect(row?.last_error).toContain('may have been delivered');
    // Past every retry the Slack schedule has: nothing is due, nothing goes out again.
    later(clock, 24 * 3_600_000);
    await engine.pollOnce();
    expect(slack.receipts).toHaveLength(1);
    expect(await delivery(signal.signalId, destinationId)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('webhook: retried (at least once) with the same webhook-id and a valid signature, so the receiver can drop the copy', async () => {
    const hook = await receiver((n) => (n === 0 ? TIMEOUT_MS * 4 : 0));
    open.push(hook);
    const clock = { now: new Date() };
    const engine = engineFor([hook.origin], clock);
    const ws = await seedWorkspace(db.pool);
    const secret = generateWebhookSecret();
    const destinationId = await seedDestination(db.pool, ws.workspaceId, { kind: 'webhook', config: { url: `${hook.origin}/hooks/acme` }, secrets: { signingSecrets: [secret] } });
    const signal = await seedSignal(db.pool, ws);

    await engine.onSignal(signal);
    expect(hook.receipts).toHaveLength(1);
    expect(await delivery(signal.signalId, destinationId)).toMatchObject({ status: 'pending', attempts: 1 });
    later(clock, 3_600_000);
    await engine.pollOnce();
    expect(await delivery(signal.signalId, destinationId)).toMatchObject({ status: 'sent', attempts: 2 });
    // The mechanism of the duplicates: the receiver saw the same alert twice...
    expect(hook.receipts).toHaveLength(2);
    // ...under one webhook-id, each copy signed (the timestamp and so the signature differ).
    const ids = hook.receipts.map((r) => verifyWebhook(r.body, r.headers, secret, { now: clock.now, toleranceSeconds: 2 * 3_600 }));
    expect(new Set(ids).size).toBe(1);
    expect(hook.receipts[0]!.headers['webhook-id']).toBe(hook.receipts[1]!.headers['webhook-id']);
  });

  it('Slack that was never reached (connection refused) is retried: nothing was sent, so no duplicate is possible', async () => {
    const gone = await receiver(() => 0);
    await gone.close();
    const clock = { now: new Date() };
    const engine = engineFor([gone.origin], clock);
    const { destinationId, signal } = await seedSlackAlert(gone.origin);

    await engine.onSignal(signal);
    const row = await delivery(signal.signalId, destinationId);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row?.last_error).toContain('OUTBOUND_CONNECT');
    expect(row?.next_attempt_at?.getTime()).toBeGreaterThan(clock.now.getTime());
  });
});

describe('payloads are stored only for rows rendered later', () => {
  it('a row sent at once and a skipped row store none; a retry of the sent-at-once row is rendered from the stored signal', async () => {
    const slack = await receiver(() => 0);
    open.push(slack);
    const clock = { now: new Date() };
    const engine = engineFor([slack.origin], clock);
    const ws = await seedWorkspace(db.pool);
    const destinationId = await seedDestination(db.pool, ws.workspaceId, { kind: 'slack', secrets: { webhookUrl: `${slack.origin}/slack/services/T1/B1/${randomUUID()}` } });
    const picky = await seedDestination(db.pool, ws.workspaceId, { kind: 'slack', minScore: 10, secrets: { webhookUrl: `${slack.origin}/slack/services/T1/B2/${randomUUID()}` } });
    const daily = await seedDestination(db.pool, ws.workspaceId, { kind: 'slack', frequency: 'daily', secrets: { webhookUrl: `${slack.origin}/slack/services/T1/B3/${randomUUID()}` } });
    // The event's title differs from the stored post's on purpose: a retry shows the stored one.
    const signal = await seedSignal(db.pool, ws, { title: 'Rendered from the event' });
    const { claimed } = await insertDeliveries(
      db.pool,
      [destinationId, picky, daily].map((d) => ({
        workspaceId: ws.workspaceId,
        signalId: signal.signalId,
        destinationId: d,
        status: d === picky ? ('skipped' as const) : d === daily ? ('digest' as const) : ('pending' as const),
        nextAttemptAt: d === destinationId ? clock.now : null,
        payload: signal,
      })),
      clock.now,
      1_000,
    );
    expect(claimed).toHaveLength(1);
    const payloads = await db.pool.query<{ destination_id: string; stored: boolean }>('SELECT destination_id, payload IS NOT NULL AS stored FROM deliveries WHERE signal_id = $1', [signal.signalId]);
    expect(Object.fromEntries(payloads.rows.map((r) => [r.destination_id, r.stored]))).toEqual({ [destinationId]: false, [picky]: false, [daily]: true });
    // The process dies before the request starts; after the lease the poller sends it, from the store.
    later(clock, 5_000);
    expect(await engine.pollOnce()).toBeGreaterThanOrEqual(1);
    expect(await delivery(signal.signalId, destinationId)).toMatchObject({ status: 'sent', attempts: 2 });
    const mine = slack.receipts.filter((r) => r.path.includes('/B1/'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toContain('Looking for a ZoomInfo alternative');
    expect(mine[0]!.body).not.toContain('Rendered from the event');
  });
});

describe('the attempt is recorded before the event is acked', () => {
  it('a crash after the record and before the ack: the redelivered event sends nothing more and loses nothing', async () => {
    const slack = await receiver(() => 0);
    open.push(slack);
    const clock = { now: new Date() };
    const { destinationId, signal } = await seedSlackAlert(slack.origin);

    // The first process handles the event completely (sent, recorded) and dies before acking it.
    await engineFor([slack.origin], clock).onSignal(signal);
    expect(await delivery(signal.signalId, destinationId)).toMatchObject({ status: 'sent', attempts: 1 });
    // A restarted process gets the redelivery (same event), and later runs its poller.
    const restarted = engineFor([slack.origin], clock);
    await restarted.onSignal(signal);
    later(clock, 3_600_000);
    await restarted.pollOnce();
    expect(slack.receipts).toHaveLength(1);
    expect(await delivery(signal.signalId, destinationId)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await attempts(signal.signalId, destinationId)).toBe(1);
  });
});

describe('a crash between the send and the record (the claim expires)', () => {
  it('resends only what the receiver can dedupe: Standard Webhooks yes; Discord, Slack and email no', async () => {
    const ws = await seedWorkspace(db.pool);
    const url = 'https://hooks.example.com/x';
    const standard = await seedDestination(db.pool, ws.workspaceId, { kind: 'webhook', config: { url } });
    const discord = await seedDestination(db.pool, ws.workspaceId, { kind: 'webhook', config: { url, format: 'discord' } });
    const slack = await seedDestination(db.pool, ws.workspaceId, { kind: 'slack', secrets: { webhookUrl: 'https://hooks.slack.com/services/T1/B1/x' } });
    const email = await seedDestination(db.pool, ws.workspaceId, { kind: 'email', config: { to: ['a@acme.test'] } });
    const signal = await seedSignal(db.pool, ws);
    const now = new Date();
    const { claimed } = await insertDeliveries(
      db.pool,
      [standard, discord, slack, email].map((destinationId) => ({ workspaceId: ws.workspaceId, signalId: signal.signalId, destinationId, status: 'pending', nextAttemptAt: now, payload: signal })),
      now,
      1_000,
    );
    expect(claimed).toHaveLength(4);
    await markRequestsStarted(db.pool, claimed.map((c) => c.id), now);
    await expireStaleSends(db.pool, new Date(now.getTime() + 5_000));
    const states = await Promise.all([standard, discord, slack, email].map((d) => delivery(signal.signalId, d)));
    expect(states.map((r) => [r?.status, r?.last_error])).toEqual([
      ['pending', OUTCOME_UNKNOWN],
      ['failed', OUTCOME_UNKNOWN],
      ['failed', OUTCOME_UNKNOWN],
      ['failed', OUTCOME_UNKNOWN],
    ]);
  });

  it('a claim whose request never started was not sent: every channel gets it again', async () => {
    const ws = await seedWorkspace(db.pool);
    const discord = await seedDestination(db.pool, ws.workspaceId, { kind: 'webhook', config: { url: 'https://hooks.example.com/y', format: 'discord' } });
    const slack = await seedDestination(db.pool, ws.workspaceId, { kind: 'slack', secrets: { webhookUrl: 'https://hooks.slack.com/services/T1/B1/y' } });
    const email = await seedDestination(db.pool, ws.workspaceId, { kind: 'email', config: { to: ['b@acme.test'] } });
    const signal = await seedSignal(db.pool, ws);
    const now = new Date();
    const { claimed } = await insertDeliveries(
      db.pool,
      [discord, slack, email].map((destinationId) => ({ workspaceId: ws.workspaceId, signalId: signal.signalId, destinationId, status: 'pending', nextAttemptAt: now, payload: signal })),
      now,
      1_000,
    );
    expect(claimed).toHaveLength(3);
    // Only the Slack request had started when the process died.
    await markRequestsStarted(db.pool, claimed.filter((c) => c.destination_id === slack).map((c) => c.id), now);
    await expireStaleSends(db.pool, new Date(now.getTime() + 5_000));
    const states = await Promise.all([discord, slack, email].map((d) => delivery(signal.signalId, d)));
    expect(states.map((r) => [r?.status, r?.last_error])).toEqual([
      ['pending', NEVER_SENT],
      ['failed', OUTCOME_UNKNOWN],
      ['pending', NEVER_SENT],
    ]);
  });
});

describe('destination lookups of many workspaces in one statement', () => {
  it('each signal reaches its own workspace destinations, none of another workspace', async () => {
    const slack = await receiver(() => 0);
    open.push(slack);
    // One statement at a time: the lookups of signals arriving meanwhile go together.
    const engine = engineFor([slack.origin], { now: new Date() }, 1);
    const workspaces = await Promise.all([1, 2, 3, 4].map(() => seedWorkspace(db.pool)));
    const paths = new Map<string, string>();
    for (const ws of workspaces) {
      const path = `/slack/services/T1/B1/${randomUUID()}`;
      paths.set(ws.workspaceId, path);
      await seedDestination(db.pool, ws.workspaceId, { kind: 'slack', secrets: { webhookUrl: `${slack.origin}${path}` } });
    }
    const signals = await Promise.all(workspaces.flatMap((ws) => [seedSignal(db.pool, ws), seedSignal(db.pool, ws)]));
    await Promise.all(signals.map((s) => engine.onSignal(s)));
    expect(slack.receipts).toHaveLength(signals.length);
    for (const signal of signals) {
      const got = slack.receipts.filter((r) => r.body.includes(signal.signalId));
      expect(got.map((r) => r.path)).toEqual([paths.get(signal.workspaceId)]);
    }
  });
});
