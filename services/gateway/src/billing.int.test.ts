import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { startTestSandbox } from '../../sandbox/src/test-sandbox.ts';
import { createStripeClient } from './billing/stripe-client.ts';
import { startHarness, signup, type Harness, type Session } from './testing/gateway-harness.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures/stripe');
const WHSEC = 'whsec_test_gateway';

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let stripe: Stripe;
let h: Harness;
let s: Session;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  const env = { STRIPE_SECRET_KEY: 'sk_test_gateway', STRIPE_WEBHOOK_SECRET: WHSEC, STRIPE_API_BASE: `${sandbox.url}/stripe`, STRIPE_PRICE_ID: 'price_flat' };
  stripe = createStripeClient(env)!;
  h = await startHarness(env, stripe);
  s = await signup(h);
});
afterAll(async () => {
  await h?.close();
  await sandbox?.stop();
});

/** Signs and posts an event the way Stripe does. */
async function deliver(event: Record<string, unknown>) {
  const payload = JSON.stringify(event);
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret: WHSEC });
  const res = await h.gateway.app.inject({ method: 'POST', url: '/api/v1/billing/webhook', headers: { 'content-type': 'application/json', 'stripe-signature': header }, payload });
  return { status: res.statusCode, outcome: res.json<{ outcome?: string }>().outcome };
}
const planOf = async () => (await h.db.pool.query<{ status: string; credits: number }>(`SELECT status, credits FROM billing WHERE workspace_id = $1`, [s.workspaceId])).rows[0]!;
const fixture = (name: string) => JSON.parse(readFileSync(path.join(fixtures, name), 'utf8')) as { object: Record<string, unknown> };
let evtN = 0;
const envelope = (type: string, object: Record<string, unknown>) => ({ id: `evt_gw_${++evtN}`, object: 'event', api_version: '2024-06-20', created: Math.floor(Date.now() / 1000), data: { object }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type });

describe('billing', () => {
  it('rejects an unsigned or tampered webhook', async () => {
    const res = await h.gateway.app.inject({ method: 'POST', url: '/api/v1/billing/webhook', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=abc' }, payload: '{"id":"evt_x"}' });
    expect(res.statusCode).toBe(400);
  });

  it('checkout -> active; duplicate and out-of-order events leave the state Stripe reports', async () => {
    const checkout = await h.gateway.app.inject({ method: 'POST', url: '/api/v1/billing/checkout', headers: s.headers });
    expect(checkout.statusCode).toBe(200);
    const sessionId = /\/(cs_[A-Za-z0-9_]+)/.exec(checkout.json<{ url: string }>().url)?.[1] ?? (await h.db.pool.query(`SELECT details->>'session' AS id FROM audit_log WHERE action = 'billing.checkout_started'`)).rows[0].id;
    const done = await fetch(`${sandbox.url}/_sandbox/stripe/checkout/${sessionId}/complete`, { method: 'POST' });
    expect(done.status).toBe(200);
    const { event, subscription } = (await done.json()) as { event: Record<string, unknown>; subscription: { id: string; customer: string } };
    expect(await deliver(event)).toEqual({ status: 200, outcome: 'processed' });
    expect((await planOf()).status).toBe('active');
    expect(await deliver(event)).toEqual({ status: 200, outcome: 'duplicate' });

    // A stale "past_due" update arrives after the fact: the re-fetched subscription is active.
    const stale = fixture('subscription.updated.event_data.pay-rails.json').object;
    const staleEvent = envelope('customer.subscription.updated', { ...stale, id: subscription.id, customer: subscription.customer, status: 'past_due' });
    expect((await deliver(staleEvent)).status).toBe(200);
    expect((await planOf()).status).toBe('active');

    // Canceled at Stripe; an older "active" update delivered afterwards cannot revive it.
    await stripe.subscriptions.cancel(subscription.id);
    const deleted = fixture('subscription.deleted.event_data.pay-rails.json').object;
    expect((await deliver(envelope('customer.subscription.deleted', { ...deleted, id: subscription.id, customer: subscription.customer }))).status).toBe(200);
    expect((await planOf()).status).toBe('canceled');
    expect((await deliver(envelope('customer.subscription.updated', { ...stale, id: subscription.id, customer: subscription.customer, status: 'active' }))).status).toBe(200);
    expect((await planOf()).status).toBe('canceled');
    const ws = await h.gateway.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: s.headers });
    expect(ws.json<{ plan: { scanning: boolean } }>().plan.scanning).toBe(false);

    // Monthly credits: once per invoice, even when Stripe sends invoice.paid twice with new event ids.
    const before = (await planOf()).credits;
    const inv = fixture('invoice.payment_failed.event_data.pay-rails.json').object;
    const paid = { ...inv, id: 'in_gateway_1', customer: subscription.customer, subscription: subscription.id, parent: null };
    expect((await deliver(envelope('invoice.paid', paid))).status).toBe(200);
    expect((await deliver(envelope('invoice.paid', paid))).status).toBe(200);
    expect((await planOf()).credits).toBe(before + 1000);
  });
});
