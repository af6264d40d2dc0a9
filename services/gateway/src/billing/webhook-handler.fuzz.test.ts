import fc from 'fast-check';
import type { Logger } from '@intent-radar/logger';
import type { Pool } from 'pg';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { handleStripeEvent } from './webhook-handler.ts';

/*
 * The route verifies Stripe's signature (stripe.webhooks.constructEvent, which JSON.parses the body)
 * and hands the event to handleStripeEvent, which reads event.data.object. That read is fuzzed here
 * with a fake pool and Stripe client (no database: pure and fast); the SQL itself is covered by
 * billing.int.test.ts.
 */

const TYPES = [
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'invoice.paid',
  'invoice.payment_succeeded',
  'invoice.payment_failed',
  'charge.refunded',
  'x',
] as const;

interface Recorded {
  sql: string;
  params: unknown[];
}

/** A pool whose one client records every statement; each answers one row changed. */
function fakePool(recorded: Recorded[]): Pool {
  const client = {
    query: (sql: string, params: unknown[] = []) => {
      recorded.push({ sql, params });
      return Promise.resolve({ rowCount: 1, rows: /RETURNING b\.workspace_id/.test(sql) ? [{ workspace_id: '00000000-0000-4000-8000-000000000001', old: 'trial' }] : [] });
    },
    release: () => undefined,
    // withTransaction listens for a connection that dies mid-transaction (packages/db 7fba542).
    on: () => client,
    off: () => client,
  };
  return { connect: () => Promise.resolve(client) } as unknown as Pool;
}

function fakeStripe(retrieved: unknown[]): Stripe {
  return {
    subscriptions: {
      retrieve: (id: unknown) => {
        retrieved.push(id);
        return Promise.resolve({ id, status: 'active', customer: 'cus_1', items: { data: [{ current_period_end: 1_800_000_000 }] } });
      },
    },
  } as unknown as Stripe;
}

const logger = { warn: () => undefined, info: () => undefined, error: () => undefined } as unknown as Logger;
const uuid = fc.uuid();
const stripeId = (prefix: string) => fc.stringMatching(/^[A-Za-z0-9]{1,24}$/).map((s) => `${prefix}_${s}`);
// Documented types (or null / missing): what Stripe's API can send across versions.
const ref = (prefix: string) => fc.oneof(stripeId(prefix), fc.record({ id: stripeId(prefix) }), fc.constant(null));
const documented = fc.record(
  {
    id: stripeId('obj'),
    client_reference_id: fc.oneof(uuid, fc.constant(null)),
    metadata: fc.oneof(fc.record({ workspaceId: fc.oneof(uuid, fc.string({ maxLength: 40 })) }, { requiredKeys: [] }), fc.constant({}), fc.constant(null)),
    customer: ref('cus'),
    subscription: ref('sub'),
    parent: fc.oneof(fc.constant(null), fc.record({ subscription_details: fc.oneof(fc.constant(null), fc.record({ subscription: ref('sub') })) })),
    status: fc.constantFrom('active', 'trialing', 'canceled', 'paused'),
  },
  { requiredKeys: ['id'] },
);
// Anything at all under the same keys: a Stripe API change or a bug on their side must not crash us.
const garbage = fc.dictionary(
  fc.constantFrom('id', 'client_reference_id', 'metadata', 'customer', 'subscription', 'parent', 'status', 'items'),
  fc.jsonValue({ maxDepth: 3 }),
  { maxKeys: 6 },
);
const event = (object: fc.Arbitrary<unknown>) =>
  fc.record({ id: stripeId('evt'), object: fc.constant('event'), type: fc.constantFrom(...TYPES), data: fc.record({ object }) }).map((e) => e as unknown as Stripe.Event);

const isScalar = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'number' || v instanceof Date;

describe('Stripe webhook event handling (fuzz)', () => {
  it('a documented-shape event is applied with scalar SQL parameters and string subscription ids', async () => {
    await fc.assert(
      fc.asyncProperty(event(documented), async (e) => {
        const recorded: Recorded[] = [];
        const retrieved: unknown[] = [];
        const outcome = await handleStripeEvent(fakePool(recorded), fakeStripe(retrieved), e, logger);
        expect(['processed', 'duplicate', 'ignored']).toContain(outcome);
        for (const r of recorded.filter((q) => /\b(billing|credit_grants)\b/.test(q.sql))) expect(r.params.every(isScalar), r.sql).toBe(true);
        for (const id of retrieved) expect(typeof id === 'string' && id.length > 0).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  }, 20_000);

  it('an event with any JSON under data.object never crashes the handler', async () => {
    await fc.assert(
      fc.asyncProperty(event(fc.oneof({ weight: 4, arbitrary: garbage }, fc.constant({}))), async (e) => {
        const outcome = await handleStripeEvent(fakePool([]), fakeStripe([]), e, logger);
        expect(['processed', 'duplicate', 'ignored']).toContain(outcome);
      }),
      { numRuns: 10_000 },
    );
  }, 20_000);
});
