import type { FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import { z } from 'zod';
import { typed, type RouteDeps } from '../app.ts';
import { actorOf, audit } from '../audit.ts';
import { principalOf } from '../auth/authenticate.ts';
import { ProblemError } from '../http/problem.ts';
import { handleStripeEvent } from '../billing/webhook-handler.ts';
import { problems } from './schemas.ts';

const urlOut = z.object({ url: z.string() });

/** Checkout for the flat plan, the customer portal, and the signed Stripe webhook. */
export function billingRoutes(app: FastifyInstance, deps: RouteDeps, done: (err?: Error) => void): void {
  const api = typed(app);
  const { pool, config, stripe } = deps;
  const tags = ['billing'];
  const needStripe = (): Stripe => {
    if (!stripe) throw new ProblemError(503, 'billing_unconfigured', 'billing is not configured on this server');
    return stripe;
  };

  const customerOf = async (workspaceId: string) =>
    (await pool.query<{ stripe_customer_id: string | null }>(`SELECT stripe_customer_id FROM billing WHERE workspace_id = $1`, [workspaceId])).rows[0]?.stripe_customer_id ?? null;

  api.post(
    '/billing/checkout',
    { config: { auth: 'user', ownerOnly: true }, schema: { tags, summary: 'Start Stripe Checkout for the flat plan ($129/month)', response: { 200: urlOut, 503: problems[400] } } },
    async (req) => {
      const p = principalOf(req);
      const s = needStripe();
      const customer = await customerOf(p.workspaceId);
      const session = await s.checkout.sessions.create({
        mode: 'subscription',
        line_items: [{ price: config.STRIPE_PRICE_ID, quantity: 1 }],
        client_reference_id: p.workspaceId,
        metadata: { workspaceId: p.workspaceId },
        subscription_data: { metadata: { workspaceId: p.workspaceId } },
        ...(customer ? { customer } : {}),
        success_url: `${config.PUBLIC_URL}/billing?checkout=success`,
        cancel_url: `${config.PUBLIC_URL}/billing?checkout=cancel`,
      });
      await audit(pool, { workspaceId: p.workspaceId, actor: actorOf(p), action: 'billing.checkout_started', details: { session: session.id } });
      if (!session.url) throw new ProblemError(502, 'stripe_no_url', 'Stripe returned no checkout URL');
      return { url: session.url };
    },
  );

  api.post(
    '/billing/portal',
    { config: { auth: 'user', ownerOnly: true }, schema: { tags, summary: 'Open the Stripe customer portal', response: { 200: urlOut, 409: problems[400], 503: problems[400] } } },
    async (req) => {
      const p = principalOf(req);
      const s = needStripe();
      const customer = await customerOf(p.workspaceId);
      if (!customer) throw new ProblemError(409, 'no_customer', 'subscribe first');
      const portal = await s.billingPortal.sessions.create({ customer, return_url: `${config.PUBLIC_URL}/billing` });
      return { url: portal.url };
    },
  );

  // Own context: the webhook needs the raw bytes to verify Stripe's signature.
  void app.register((hook, _opts, next) => {
    hook.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 512 * 1024 }, (_req, body, cb) => cb(null, body));
    typed(hook).post(
      '/billing/webhook',
      {
        config: { auth: 'public' },
        schema: { tags, summary: 'Stripe webhook (signature verified on the raw body; idempotent per event id)', hide: false, response: { 200: z.object({ received: z.literal(true), outcome: z.string() }), 400: problems[400] } },
      },
      async (req) => {
        const s = needStripe();
        if (!config.STRIPE_WEBHOOK_SECRET) throw new ProblemError(503, 'billing_unconfigured', 'webhook secret not configured');
        const signature = req.headers['stripe-signature'];
        if (typeof signature !== 'string' || !Buffer.isBuffer(req.body)) throw new ProblemError(400, 'bad_signature', 'missing Stripe-Signature or body');
        let event: Stripe.Event;
        try {
          event = s.webhooks.constructEvent(req.body, signature, config.STRIPE_WEBHOOK_SECRET);
        } catch {
          throw new ProblemError(400, 'bad_signature', 'signature verification failed');
        }
        const outcome = await handleStripeEvent(pool, s, event, req.log as never);
        req.log.info({ eventId: event.id, type: event.type, outcome }, 'stripe event');
        return { received: true as const, outcome };
      },
    );
    next();
  });
  done();
}
