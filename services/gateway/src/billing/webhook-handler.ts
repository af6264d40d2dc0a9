import type { Pool, PoolClient } from 'pg';
import type Stripe from 'stripe';
import type { Logger } from '@intent-radar/logger';
import { withTransaction } from '@intent-radar/db';
import { audit } from '../audit.ts';
import { MONTHLY_CREDITS, PLAN_NAME, planStatusOf } from './plan.ts';

export type WebhookOutcome = 'processed' | 'duplicate' | 'ignored';

const idOf = (v: string | { id: string } | null | undefined): string | null => (v == null ? null : typeof v === 'string' ? v : v.id);

/**
 * Applies one verified Stripe event, once per event id. Plan state always comes from a fresh
 * subscriptions.retrieve: events arrive out of order and repeat, the subscription is the truth.
 */
export async function handleStripeEvent(pool: Pool, stripe: Stripe, event: Stripe.Event, logger: Logger): Promise<WebhookOutcome> {
  return withTransaction(pool, async (db) => {
    const inserted = await db.query(
      `INSERT INTO stripe_events (id, type, payload) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [event.id, event.type, JSON.stringify(event)],
    );
    if (!inserted.rowCount) {
      // Lock the earlier row: a concurrent first delivery finishes before we answer.
      const prior = await db.query<{ processed_at: Date | null }>(`SELECT processed_at FROM stripe_events WHERE id = $1 FOR UPDATE`, [event.id]);
      if (prior.rows[0]?.processed_at) return 'duplicate';
    }
    const outcome = await apply(db, stripe, event, logger);
    await db.query(`UPDATE stripe_events SET processed_at = now(), error = NULL WHERE id = $1`, [event.id]);
    return outcome;
  });
}

async function apply(db: PoolClient, stripe: Stripe, event: Stripe.Event, logger: Logger): Promise<WebhookOutcome> {
  // Stripe has hundreds of event types; only these change a plan. Everything else is ignored.
  if (event.type === 'checkout.session.completed') {
    const s = event.data.object;
    const workspaceId = s.client_reference_id ?? s.metadata?.workspaceId ?? null;
    const customer = idOf(s.customer);
    const subscription = idOf(s.subscription);
    if (!workspaceId || !customer) return 'ignored';
    await db.query(
      `UPDATE billing SET stripe_customer_id = $2, stripe_subscription_id = COALESCE($3, stripe_subscription_id), updated_at = now() WHERE workspace_id = $1`,
      [workspaceId, customer, subscription],
    );
    if (subscription) await syncSubscription(db, stripe, subscription, logger);
    return 'processed';
  }
  if (
    event.type === 'customer.subscription.created' ||
    event.type === 'customer.subscription.updated' ||
    event.type === 'customer.subscription.deleted' ||
    event.type === 'customer.subscription.paused' ||
    event.type === 'customer.subscription.resumed'
  ) {
    const sub = event.data.object;
    await linkSubscription(db, idOf(sub.customer), sub.id, sub.metadata?.workspaceId);
    return (await syncSubscription(db, stripe, sub.id, logger)) ? 'processed' : 'ignored';
  }
  if (event.type === 'invoice.paid' || event.type === 'invoice.payment_succeeded' || event.type === 'invoice.payment_failed') {
    const inv = event.data.object as Stripe.Invoice & { subscription?: string | { id: string } | null };
    const subscriptionId = idOf(inv.parent?.subscription_details?.subscription) ?? idOf(inv.subscription);
    const customer = idOf(inv.customer);
    if (subscriptionId) await linkSubscription(db, customer, subscriptionId, undefined);
    if (event.type !== 'invoice.payment_failed' && inv.id) await grantInvoiceCredits(db, customer, subscriptionId, inv.id);
    if (subscriptionId) await syncSubscription(db, stripe, subscriptionId, logger);
    return 'processed';
  }
  return 'ignored';
}

/** Remembers the subscription id on the customer's billing row (metadata names the workspace on our own checkouts). */
async function linkSubscription(db: PoolClient, customer: string | null, subscriptionId: string, workspaceId: string | undefined): Promise<void> {
  await db.query(
    `UPDATE billing SET stripe_subscription_id = $3, stripe_customer_id = COALESCE(stripe_customer_id, $1), updated_at = now()
      WHERE (stripe_customer_id = $1 OR ($2::uuid IS NOT NULL AND workspace_id = $2::uuid))
        AND (stripe_subscription_id IS NULL OR stripe_subscription_id = $3 OR $2::uuid IS NOT NULL)`,
    [customer, workspaceId && /^[0-9a-f-]{36}$/i.test(workspaceId) ? workspaceId : null, subscriptionId],
  );
}

/** Re-fetches the subscription and writes its state; returns false when no workspace has it. */
export async function syncSubscription(db: PoolClient, stripe: Stripe, subscriptionId: string, logger: Logger): Promise<boolean> {
  const sub = await stripe.subscriptions.retrieve(subscriptionId);
  const status = planStatusOf(sub.status);
  const periodEnd = sub.items.data[0]?.current_period_end ?? (sub as unknown as { current_period_end?: number }).current_period_end;
  const { rows } = await db.query<{ workspace_id: string; old: string }>(
    `UPDATE billing b SET status = $2, plan = $3, current_period_end = $4, updated_at = now()
       FROM billing old WHERE old.workspace_id = b.workspace_id AND (b.stripe_subscription_id = $1 OR b.stripe_customer_id = $5)
     RETURNING b.workspace_id, old.status AS old`,
    [subscriptionId, status, status === 'canceled' ? 'none' : PLAN_NAME, periodEnd ? new Date(periodEnd * 1000) : null, idOf(sub.customer)],
  );
  for (const r of rows) {
    if (r.old !== status) await audit(db, { workspaceId: r.workspace_id, actor: { type: 'system' }, action: 'billing.plan_changed', details: { from: r.old, to: status, subscriptionId } });
  }
  if (!rows.length) logger.warn({ subscriptionId }, 'stripe subscription belongs to no workspace');
  return rows.length > 0;
}

/** Adds the monthly credits once per invoice (credit_grants.stripe_invoice_id is unique). */
async function grantInvoiceCredits(db: PoolClient, customer: string | null, subscriptionId: string | null, invoiceId: string): Promise<void> {
  const ws = await db.query<{ workspace_id: string }>(
    `SELECT workspace_id FROM billing WHERE stripe_customer_id = $1 OR stripe_subscription_id = $2 LIMIT 1`,
    [customer, subscriptionId],
  );
  const workspaceId = ws.rows[0]?.workspace_id;
  if (!workspaceId) return;
  const grant = await db.query(
    `INSERT INTO credit_grants (workspace_id, credits, reason, stripe_invoice_id) VALUES ($1, $2, 'subscription', $3)
     ON CONFLICT (stripe_invoice_id) DO NOTHING RETURNING id`,
    [workspaceId, MONTHLY_CREDITS, invoiceId],
  );
  if (grant.rowCount) await db.query(`UPDATE billing SET credits = credits + $2, updated_at = now() WHERE workspace_id = $1`, [workspaceId, MONTHLY_CREDITS]);
}
