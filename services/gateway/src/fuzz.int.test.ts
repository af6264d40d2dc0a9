import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startHarness, signup, type Harness, type Session } from './testing/gateway-harness.ts';

let h: Harness;
let s: Session;
let monitorId: string;

// Routes not fuzzed: the SSE stream never ends by design; checkout and portal call Stripe itself
// (covered in billing.int.test.ts against a Stripe-compatible server).
const SKIP = new Set(['GET /api/v1/stream', 'POST /api/v1/billing/checkout', 'POST /api/v1/billing/portal']);

beforeAll(async () => {
  // A Stripe client that must never be reached: the webhook rejects every fuzzed signature first.
  h = await startHarness({ STRIPE_SECRET_KEY: 'sk_test_fuzz', STRIPE_WEBHOOK_SECRET: 'whsec_fuzz' }, new Stripe('sk_test_fuzz', { host: '127.0.0.1', port: 9, protocol: 'http' }));
  s = await signup(h);
  monitorId = (await h.gateway.app.inject({ method: 'POST', url: '/api/v1/monitors', headers: s.headers, payload: { name: 'fz', query: 'crm' } })).json<{ id: string }>().id;
});
afterAll(async () => {
  await h?.close();
});

const junk = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.string({ maxLength: 3000 }),
  fc.constantFrom('', 'null', '{', '[]', '"x"', '{"a":', '\u0000', 'x'.repeat(300_000)),
);
const idLike = fc.oneof(fc.uuid(), fc.string({ maxLength: 300 }), fc.constantFrom('', '%00', '..%2F..', "1' OR '1'='1"));
const queryValue = fc.oneof(fc.string({ maxLength: 500 }), fc.integer().map(String), fc.constantFrom('-1', '1e309', 'NaN', '2024-13-45T99:99:99Z', 'all', '"'));

describe('OpenAPI-driven fuzz', () => {
  it('answers malformed, oversized, wrong-typed and missing input on every route without a 5xx', async () => {
    const doc = (await h.gateway.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>>;
    }>();
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
    );
    expect(ops.length).toBeGreaterThan(30);
    let requests = 0;
    for (const { method, path, op } of ops) {
      if (SKIP.has(`${method} ${path}`)) continue;
      const queryNames = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const bodyProps = Object.keys(op.requestBody?.content['application/json']?.schema.properties ?? {});
      const bodyArb = fc.oneof(
        junk,
        // Right field names, wrong or missing values.
        fc.dictionary(bodyProps.length ? fc.constantFrom(...bodyProps) : fc.string(), fc.anything({ maxDepth: 2 }), { maxKeys: bodyProps.length + 1 }),
      );
      const queryArb = fc.dictionary(queryNames.length ? fc.constantFrom(...queryNames) : fc.string({ maxLength: 20 }), queryValue, { maxKeys: 4 });
      await fc.assert(
        fc.asyncProperty(idLike, bodyArb, queryArb, fc.boolean(), fc.boolean(), async (id, body, query, rawString, useReal) => {
          const url = path.replace('{id}', encodeURIComponent(useReal ? monitorId : id));
          const qs = new URLSearchParams(query).toString();
          const hasBody = method !== 'GET' && method !== 'DELETE';
          const res = await h.gateway.app.inject({
            method: method as 'GET',
            url: qs ? `${url}?${qs}` : url,
            headers: { ...s.headers, ...(hasBody ? { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' } : {}) },
            ...(hasBody ? { payload: rawString && typeof body === 'string' ? body : JSON.stringify(body) ?? 'null' } : {}),
          });
          requests++;
          expect(res.statusCode, `${method} ${url}?${qs} -> ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.statusCode >= 400) expect(res.headers['content-type']).toContain('application/problem+json');
        }),
        { numRuns: 12, seed: 1337 },
      );
    }
    expect(requests).toBeGreaterThan(300);
  }, 240_000);
});
