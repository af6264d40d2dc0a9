import { IncomingWebhook } from '@slack/webhook';
import nodemailer from 'nodemailer';
import OpenAI from 'openai';
import Stripe from 'stripe';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from './app.ts';
import { compareShape } from './fixture-shape.ts';
import { capture, startTestSandbox } from './test-sandbox.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startTestSandbox({ ratePerSec: 0 });
});
afterAll(async () => sb.stop());

const intentSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'intent_score',
    'urgency',
    'decision_stage',
    'competitors_mentioned',
    'is_qualified',
    'category',
    'evidence',
  ],
  properties: {
    intent_score: { type: 'integer', minimum: 1, maximum: 10 },
    urgency: { type: 'string', enum: ['none', 'low', 'medium', 'high'] },
    decision_stage: {
      type: 'string',
      enum: ['none', 'problem_aware', 'exploring', 'evaluating', 'ready_to_buy', 'decided'],
    },
    competitors_mentioned: { type: 'array', items: { type: 'string' } },
    is_qualified: { type: 'boolean' },
    category: {
      type: 'string',
      enum: [
        'buying_intent',
        'frustration',
        'exploratory',
        'news',
        'opinion',
        'job_post',
        'self_promotion',
        'consumer',
        'collision',
        'decided',
        'other',
      ],
    },
    evidence: { type: 'array', items: { $ref: '#/$defs/span' } },
  },
  $defs: {
    span: {
      type: 'object',
      properties: { quote: { type: 'string' }, start: { type: 'integer' } },
      required: ['quote', 'start'],
    },
  },
};

describe('OpenAI fake (official SDK)', () => {
  const client = () => new OpenAI({ apiKey: 'sk-test', baseURL: `${sb.url}/openai/v1`, maxRetries: 0 });
  const score = async (text: string) => {
    const res = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Score buying intent.' },
        { role: 'user', content: text },
      ],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'intent', strict: true, schema: intentSchema },
      },
    });
    return {
      res,
      analysis: JSON.parse(res.choices[0]?.message.content ?? '{}') as {
        intent_score: number;
        category: string;
        competitors_mentioned: string[];
      },
    };
  };

  it('answers json_schema requests with schema-valid, plausible JSON, usage and x-request-id', async () => {
    const strong = await score(
      'Looking for an alternative to ZoomInfo for our 10-person team. Budget $500/month, need it this week.',
    );
    expect(strong.analysis.intent_score).toBeGreaterThanOrEqual(8);
    expect(strong.analysis.category).toBe('buying_intent');
    expect(strong.analysis.competitors_mentioned).toContain('ZoomInfo');
    expect(strong.res.usage?.total_tokens).toBeGreaterThan(0);
    expect(compareShape(capture('openai/chat_completion.json_schema.location.json'), strong.res)).toEqual([]);
    const noise = await score('Apollo 11 mission audio restored in full');
    expect(noise.analysis.intent_score).toBeLessThanOrEqual(2);
    expect(noise.analysis.category).toBe('collision');
    const raw = await client()
      .chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(raw.response.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('returns deterministic embeddings honouring dimensions (float and the SDK default base64)', async () => {
    const a = await client().embeddings.create({
      model: 'text-embedding-3-small',
      input: ['zoominfo alternative', 'zoominfo alternative'],
      dimensions: 384,
    });
    expect(a.data[0]?.embedding).toHaveLength(384);
    expect(a.data[0]?.embedding).toEqual(a.data[1]?.embedding);
    const f = await client().embeddings.create({
      model: 'text-embedding-3-small',
      input: 'zoominfo alternative',
      dimensions: 384,
      encoding_format: 'float',
    });
    const x = f.data[0]?.embedding ?? [];
    const y = a.data[0]?.embedding ?? [];
    expect(x.every((v, i) => Math.abs(v - (y[i] ?? 0)) < 1e-6)).toBe(true);
    expect(compareShape(capture('openai/embeddings.text-embedding-3-large.trimmed.json'), f)).toEqual([]);
  });

  it('answers 400 for a bad response_format and maps 429 to RateLimitError', async () => {
    await expect(
      client().chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
        response_format: { type: 'json_schema', schema: {} } as never,
      }),
    ).rejects.toMatchObject({ status: 400, code: 'unknown_parameter' });
    sb.faults.add({ api: 'openai', kind: 'rate_limit', count: 1, retryAfterSec: 1 });
    const err = await client()
      .chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as InstanceType<typeof OpenAI.RateLimitError>).error).toMatchObject({ type: 'requests' });
  });
});

describe('Slack, webhook and SMTP sinks', () => {
  it('records @slack/webhook messages and answers the real error bodies', async () => {
    sb.sinks.reset();
    const hook = new IncomingWebhook(`${sb.url}/slack/services/T000/B000/secret`);
    const res = await hook.send({
      text: 'New signal: ZoomInfo alternative',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*score 9*' } }],
    });
    expect(res.text).toBe('ok');
    expect(sb.sinks.slack[0]?.text).toBe('New signal: ZoomInfo alternative');
    const archived = await request(`${sb.url}/slack/services/T000/B000/channel_is_archived`, {
      method: 'POST',
      body: '{"text":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    expect([archived.statusCode, await archived.body.text()]).toEqual([410, 'channel_is_archived']);
    const bad = await request(`${sb.url}/slack/services/T000/B000/secret`, {
      method: 'POST',
      body: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect([bad.statusCode, await bad.body.text()]).toEqual([400, 'invalid_payload']);
    const list = (await (await request(`${sb.url}/_sandbox/slack`)).body.json()) as { messages: unknown[] };
    expect(list.messages).toHaveLength(3);
    const hit = await request(`${sb.url}/webhooks/acme/status-503`, {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    });
    expect(hit.statusCode).toBe(503);
    await hit.body.text();
    expect(sb.sinks.webhooks[0]).toMatchObject({ path: '/acme/status-503', body: '{"a":1}', status: 503 });
  });

  it('records mail sent with nodemailer over SMTP', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: sb.smtpPort,
      secure: false,
      ignoreTLS: true,
    });
    await transport.sendMail({
      from: 'alerts@intent-radar.test',
      to: 'sales@acme.test',
      subject: 'Nouveau signal: équipe',
      text: 'score 9',
    });
    const mail = sb.sinks.emails.at(-1);
    expect(mail?.to).toEqual(['sales@acme.test']);
    expect(mail?.subject).toBe('Nouveau signal: équipe');
    expect(mail?.raw).toContain('score 9');
  });
});

describe('Stripe fake (official SDK)', () => {
  it('creates customers, checkout and portal sessions, completes checkout, retrieves the subscription', async () => {
    const stripe = new Stripe('sk_test_sandbox', {
      host: '127.0.0.1',
      port: Number(new URL(sb.url).port),
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const customer = await stripe.customers.create({
      email: 'owner@acme.test',
      metadata: { workspaceId: 'ws_1' },
    });
    expect(customer.metadata.workspaceId).toBe('ws_1');
    const session = await stripe.checkout.sessions.create(
      {
        mode: 'subscription',
        customer: customer.id,
        line_items: [{ price: 'price_pro', quantity: 1 }],
        success_url: 'https://app/ok',
        cancel_url: 'https://app/cancel',
        subscription_data: { trial_period_days: 14 },
      },
      { idempotencyKey: 'checkout-1' },
    );
    expect(session.url).toContain('/stripe/pay/');
    const again = await stripe.checkout.sessions.create(
      {
        mode: 'subscription',
        customer: customer.id,
        line_items: [{ price: 'price_pro', quantity: 1 }],
        success_url: 'https://app/ok',
        cancel_url: 'https://app/cancel',
      },
      { idempotencyKey: 'checkout-1' },
    );
    expect(again.id).toBe(session.id);
    const done = (await (
      await request(`${sb.url}/_sandbox/stripe/checkout/${session.id}/complete`, { method: 'POST' })
    ).body.json()) as { event: { data: { object: unknown } }; subscription: { id: string } };
    expect(
      compareShape(capture('stripe/checkout.session.completed.event_data.pay-rails.json'), done.event.data),
    ).toEqual([]);
    const sub = await stripe.subscriptions.retrieve(done.subscription.id);
    expect(sub.status).toBe('trialing');
    // The capture is a canceled subscription inside an *.updated event: an active one has null end dates.
    const ignore = [
      '$.object.latest_invoice',
      '$.object.canceled_at',
      '$.object.ended_at',
      '$.previous_attributes',
    ];
    expect(
      compareShape(
        capture('stripe/subscription.updated.event_data.pay-rails.json'),
        { object: sub },
        { ignore },
      ),
    ).toEqual([]);
    const portal = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'https://app/billing',
    });
    expect(portal.url).toContain('/stripe/portal/');
    await expect(stripe.subscriptions.retrieve('sub_missing')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
    const bad = new Stripe('nope', {
      host: '127.0.0.1',
      port: Number(new URL(sb.url).port),
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    await expect(bad.customers.create({})).rejects.toMatchObject({ statusCode: 401 });
  });
});
