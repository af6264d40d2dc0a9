import type { FastifyInstance, FastifyReply } from 'fastify';
import { bearerToken, requestId, type FakeApi, type SandboxContext } from '../api-kit.ts';
import { blankShape, type JsonObject } from '../fixtures.ts';

type Form = Record<string, unknown>;
interface StripeError {
  type: string;
  message: string;
  code?: string;
  param?: string;
}

const API_VERSION = '2025-09-30.clover';
const fail = (reply: FastifyReply, status: number, error: StripeError) =>
  reply.code(status).send({
    error: {
      ...error,
      doc_url: error.code
        ? `https://stripe.com/docs/error-codes/${error.code.replace(/_/g, '-')}`
        : undefined,
      request_log_url: `https://dashboard.stripe.com/test/logs/${requestId('req_', 14)}`,
    },
  });
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const obj = (v: unknown): Form =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Form) : {};

/** The Stripe API routes the gateway uses: customers, checkout and billing portal sessions, subscriptions. */
export function stripeApi(ctx: SandboxContext): FakeApi {
  const customers = new Map<string, JsonObject>();
  const sessions = new Map<string, JsonObject>();
  const subscriptions = new Map<string, JsonObject>();
  const idempotent = new Map<string, { status: number; body: unknown }>();
  const nowSec = () => Math.floor(Date.now() / 1000);
  const newId = (prefix: string) => `${prefix}_${requestId('', 24).replace(/[^a-z0-9]/gi, '')}`;

  const errors: FakeApi['errors'] = {
    unauthorized: (reply) =>
      fail(reply, 401, {
        type: 'invalid_request_error',
        message: 'Invalid API Key provided: sk_test_********',
      }),
    rateLimited: (reply, retryAfterSec) =>
      fail(reply.header('retry-after', String(retryAfterSec)), 429, {
        type: 'invalid_request_error',
        code: 'rate_limit',
        message:
          'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
      }),
    serverError: (reply, status) =>
      fail(reply, status, { type: 'api_error', message: 'An unknown error occurred' }),
  };
  const missing = (reply: FastifyReply, kind: string, id: string) =>
    fail(reply, 404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
      message: `No such ${kind}: '${id}'`,
    });

  function subscriptionFor(
    customer: string,
    price: string,
    quantity: number,
    trialDays: number,
    metadata: Form,
  ): JsonObject {
    const id = newId('sub');
    const now = nowSec();
    const periodEnd = now + 30 * 86400;
    const priceObj = {
      ...blankShape(obj(ctx.shapes.stripeSubscription.price) as JsonObject),
      id: price,
      object: 'price',
      active: true,
      billing_scheme: 'per_unit',
      created: now,
      currency: 'usd',
      livemode: false,
      metadata: {},
      product: `prod_${price.slice(-8)}`,
      type: 'recurring',
      unit_amount: 4900,
      amount: 4900,
      interval: 'month',
      interval_count: 1,
      usage_type: 'licensed',
      trial_period_days: trialDays || null,
    };
    const sub: JsonObject = {
      ...blankShape(ctx.shapes.stripeSubscription),
      id,
      object: 'subscription',
      application_fee_percent: null,
      billing: 'charge_automatically',
      collection_method: 'charge_automatically',
      billing_cycle_anchor: trialDays ? now + trialDays * 86400 : now,
      cancel_at_period_end: false,
      canceled_at: null,
      created: now,
      currency: 'usd',
      customer,
      ended_at: null,
      items: {
        object: 'list',
        data: [
          {
            id: newId('si'),
            object: 'subscription_item',
            created: now,
            current_period_end: periodEnd,
            current_period_start: now,
            metadata: {},
            price: priceObj,
            quantity,
            subscription: id,
          },
        ],
        has_more: false,
        total_count: 1,
        url: `/v1/subscription_items?subscription=${id}`,
      },
      latest_invoice: newId('in'),
      livemode: false,
      metadata: metadata as JsonObject,
      price: priceObj,
      quantity,
      start: now,
      start_date: now,
      status: trialDays ? 'trialing' : 'active',
      trial_end: trialDays ? now + trialDays * 86400 : null,
      trial_start: trialDays ? now : null,
    };
    subscriptions.set(id, sub);
    return sub;
  }

  function register(app: FastifyInstance): void {
    app.addHook('onRequest', async (req, reply) => {
      const token = bearerToken(req);
      if (!token)
        return fail(reply, 401, {
          type: 'invalid_request_error',
          message:
            "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
        });
      if (!/^(sk|rk)_(test|live)_/.test(token)) return errors.unauthorized(reply);
      reply
        .header('request-id', requestId('req_', 14))
        .header('stripe-version', (req.headers['stripe-version'] as string | undefined) ?? API_VERSION);
      return undefined;
    });
    // Idempotency-Key: the same key replays the first answer, as Stripe does for 24 h.
    app.addHook('preHandler', async (req, reply) => {
      const key = req.headers['idempotency-key'];
      const hit = typeof key === 'string' && req.method === 'POST' ? idempotent.get(key) : undefined;
      if (hit) return reply.code(hit.status).header('idempotent-replayed', 'true').send(hit.body);
      return undefined;
    });
    app.addHook('onSend', async (req, reply, payload) => {
      const key = req.headers['idempotency-key'];
      if (
        typeof key === 'string' &&
        req.method === 'POST' &&
        !idempotent.has(key) &&
        typeof payload === 'string'
      )
        idempotent.set(key, { status: reply.statusCode, body: JSON.parse(payload) as unknown });
      return payload;
    });

    app.post('/v1/customers', async (req, reply) => {
      const f = obj(req.body);
      const id = newId('cus');
      const customer: JsonObject = {
        id,
        object: 'customer',
        address: null,
        balance: 0,
        created: nowSec(),
        currency: null,
        default_source: null,
        delinquent: false,
        description: str(f.description),
        discount: null,
        email: str(f.email),
        invoice_prefix: id.slice(-8).toUpperCase(),
        invoice_settings: {
          custom_fields: null,
          default_payment_method: null,
          footer: null,
          rendering_options: null,
        },
        livemode: false,
        metadata: obj(f.metadata) as JsonObject,
        name: str(f.name),
        next_invoice_sequence: 1,
        phone: null,
        preferred_locales: [],
        shipping: null,
        tax_exempt: 'none',
        test_clock: null,
      };
      customers.set(id, customer);
      return reply.send(customer);
    });
    app.get<{ Params: { id: string } }>('/v1/customers/:id', async (req, reply) => {
      const c = customers.get(req.params.id);
      return c ? reply.send(c) : missing(reply, 'customer', req.params.id);
    });

    app.post('/v1/checkout/sessions', async (req, reply) => {
      const f = obj(req.body);
      const mode = str(f.mode);
      if (!mode)
        return fail(reply, 400, {
          type: 'invalid_request_error',
          code: 'parameter_missing',
          param: 'mode',
          message: 'Missing required param: mode.',
        });
      const customer = str(f.customer);
      if (customer && !customers.has(customer)) return missing(reply, 'customer', customer);
      const lineItems = Array.isArray(f.line_items) ? f.line_items.map(obj) : [];
      const id = `cs_test_${requestId('', 40).replace(/[^a-z0-9]/gi, '')}`;
      const session: JsonObject = {
        ...blankShape(ctx.shapes.stripeCheckoutSession),
        id,
        object: 'checkout.session',
        after_expiration: null,
        allow_promotion_codes: null,
        amount_subtotal: 4900 * lineItems.length,
        amount_total: 4900 * lineItems.length,
        automatic_tax: { enabled: false, status: null },
        billing_address_collection: null,
        cancel_url: str(f.cancel_url),
        client_reference_id: str(f.client_reference_id),
        consent: null,
        consent_collection: null,
        currency: 'usd',
        customer,
        customer_creation: customer ? null : 'always',
        customer_details: null,
        customer_email: str(f.customer_email),
        expires_at: nowSec() + 86400,
        livemode: false,
        locale: null,
        metadata: obj(f.metadata) as JsonObject,
        mode,
        payment_intent: null,
        payment_link: null,
        payment_method_options: {},
        payment_method_types: ['card'],
        payment_status: 'unpaid',
        phone_number_collection: { enabled: false },
        recovered_from: null,
        setup_intent: null,
        shipping: null,
        shipping_address_collection: null,
        shipping_options: [],
        shipping_rate: null,
        status: 'open',
        submit_type: null,
        subscription: null,
        success_url: str(f.success_url),
        total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
        url: `${ctx.baseUrl()}/stripe/pay/${id}`,
      };
      sessions.set(id, session);
      // Remember what to subscribe to when the test "pays".
      sessionPlans.set(id, {
        price: str(lineItems[0]?.price) ?? 'price_sandbox',
        quantity: Number(str(lineItems[0]?.quantity) ?? '1'),
        trialDays: Number(str(obj(f.subscription_data).trial_period_days) ?? '0'),
        metadata: obj(obj(f.subscription_data).metadata),
      });
      return reply.send(session);
    });
    app.get<{ Params: { id: string } }>('/v1/checkout/sessions/:id', async (req, reply) => {
      const s = sessions.get(req.params.id);
      return s ? reply.send(s) : missing(reply, 'checkout.session', req.params.id);
    });

    app.post('/v1/billing_portal/sessions', async (req, reply) => {
      const f = obj(req.body);
      const customer = str(f.customer);
      if (!customer)
        return fail(reply, 400, {
          type: 'invalid_request_error',
          code: 'parameter_missing',
          param: 'customer',
          message: 'Missing required param: customer.',
        });
      if (!customers.has(customer)) return missing(reply, 'customer', customer);
      const id = newId('bps');
      return reply.send({
        id,
        object: 'billing_portal.session',
        configuration: 'bpc_sandbox',
        created: nowSec(),
        customer,
        flow: null,
        livemode: false,
        locale: null,
        on_behalf_of: null,
        return_url: str(f.return_url),
        url: `${ctx.baseUrl()}/stripe/portal/${id}`,
      });
    });

    app.get<{ Params: { id: string } }>('/v1/subscriptions/:id', async (req, reply) => {
      const s = subscriptions.get(req.params.id);
      return s ? reply.send(s) : missing(reply, 'subscription', req.params.id);
    });
    app.delete<{ Params: { id: string } }>('/v1/subscriptions/:id', async (req, reply) => {
      const s = subscriptions.get(req.params.id);
      if (!s) return missing(reply, 'subscription', req.params.id);
      Object.assign(s, { status: 'canceled', canceled_at: nowSec(), ended_at: nowSec() });
      return reply.send(s);
    });
  }

  const sessionPlans = new Map<
    string,
    { price: string; quantity: number; trialDays: number; metadata: Form }
  >();

  /** POST /_sandbox/stripe/checkout/:id/complete: "pays" a session; returns the checkout.session.completed event to sign and post. */
  function registerInspection(app: FastifyInstance): void {
    app.post<{ Params: { id: string } }>('/stripe/checkout/:id/complete', async (req, reply) => {
      const session = sessions.get(req.params.id);
      const plan = sessionPlans.get(req.params.id);
      if (!session || !plan)
        return reply.code(404).send({ type: 'about:blank', title: 'Not Found', status: 404 });
      let customer = str(session.customer);
      if (!customer) {
        customer = newId('cus');
        customers.set(customer, {
          id: customer,
          object: 'customer',
          email: str(session.customer_email),
          metadata: {},
          created: nowSec(),
          livemode: false,
        });
      }
      const sub =
        session.mode === 'subscription'
          ? subscriptionFor(customer, plan.price, plan.quantity, plan.trialDays, plan.metadata)
          : null;
      const email = str(customers.get(customer)?.email) ?? str(session.customer_email);
      Object.assign(session, {
        status: 'complete',
        payment_status: plan.trialDays ? 'no_payment_required' : 'paid',
        customer,
        subscription: sub ? sub.id : null,
        customer_details: {
          address: { city: null, country: 'US', line1: null, line2: null, postal_code: '94107', state: null },
          email,
          name: str(customers.get(customer)?.name) ?? email?.split('@')[0] ?? 'Sandbox Customer',
          phone: null,
          tax_exempt: 'none',
          tax_ids: [],
        },
      });
      const event = {
        id: newId('evt'),
        object: 'event',
        api_version: API_VERSION,
        created: nowSec(),
        data: { object: session },
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type: 'checkout.session.completed',
      };
      return reply.send({ session, subscription: sub, event });
    });
  }

  return { name: 'stripe', register, registerInspection, errors };
}
