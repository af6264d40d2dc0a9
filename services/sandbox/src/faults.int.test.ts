import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from './app.ts';
import { startTestSandbox } from './test-sandbox.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startTestSandbox({ ratePerSec: 0 });
});
afterAll(async () => sb.stop());

const hn = () => request(`${sb.url}/hn/algolia/api/v1/search_by_date?tags=story&hitsPerPage=50`);
const setFault = async (spec: Record<string, unknown>) => {
  const res = await request(`${sb.url}/_sandbox/faults`, {
    method: 'POST',
    body: JSON.stringify(spec),
    headers: { 'content-type': 'application/json' },
  });
  expect(res.statusCode).toBe(201);
  return (await res.body.json()) as { id: string };
};

describe('faults on demand', () => {
  it('rate_limit: a counted 429 burst with Retry-After in the API format, then normal answers', async () => {
    await setFault({ api: 'x', kind: 'rate_limit', count: 2, retryAfterSec: 7 });
    const call = () =>
      request(`${sb.url}/x/2/tweets/search/recent?query=crm`, { headers: { authorization: 'Bearer t' } });
    for (let i = 0; i < 2; i++) {
      const r = await call();
      expect(r.statusCode).toBe(429);
      expect(r.headers['retry-after']).toBe('7');
      expect(((await r.body.json()) as { title: string }).title).toBe('Too Many Requests');
    }
    const ok = await call();
    expect(ok.statusCode).toBe(200);
    await ok.body.text();
  });

  it('server_error, auth and latency', async () => {
    await setFault({ api: 'reddit', kind: 'server_error', count: 1, status: 502 });
    const r = await request(`${sb.url}/reddit/r/all/new`);
    expect(r.statusCode).toBe(502);
    await r.body.text();
    await setFault({ api: 'hunter', kind: 'auth', count: 1 });
    const a = await request(`${sb.url}/hunter/v2/domain-search?domain=x.com&api_key=good`);
    expect(a.statusCode).toBe(401);
    expect(((await a.body.json()) as { errors: { id: string }[] }).errors[0]?.id).toBe(
      'authentication_failed',
    );
    await setFault({ api: 'hn', kind: 'latency', count: 1, delayMs: 300 });
    const started = Date.now();
    const l = await hn();
    await l.body.text();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('malformed_json, truncated and slow_loris damage the real answer', async () => {
    await setFault({ api: 'hn', kind: 'malformed_json', count: 1 });
    const m = await hn();
    const text = await m.body.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
    await setFault({ api: 'hn', kind: 'truncated', count: 1 });
    const t = await hn();
    await expect(t.body.text()).rejects.toThrow();
    // Slow loris: headers at once, then the body dribbles for 20 s; a client deadline must fire.
    await setFault({ api: 'hn', kind: 'slow_loris', count: 1, delayMs: 20_000 });
    const started = Date.now();
    const slow = await request(`${sb.url}/hn/algolia/api/v1/search_by_date?tags=story`, {
      signal: AbortSignal.timeout(800),
    });
    expect(slow.statusCode).toBe(200);
    await expect(slow.body.text()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('ratio faults hit a fraction, path filters scope them, DELETE clears them', async () => {
    const f = await setFault({ api: 'serpapi', kind: 'server_error', ratio: 0.5 });
    let failed = 0;
    for (let i = 0; i < 40; i++) {
      const r = await request(`${sb.url}/serpapi/search.json?q=x&api_key=k`);
      if (r.statusCode === 503) failed++;
      await r.body.text();
    }
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
    const del = await request(`${sb.url}/_sandbox/faults/${f.id}`, { method: 'DELETE' });
    expect(del.statusCode).toBe(200);
    await del.body.text();
    await setFault({ api: 'hn', kind: 'server_error', path: '/firebase/' });
    const algolia = await hn();
    expect(algolia.statusCode).toBe(200);
    await algolia.body.text();
    const fb = await request(`${sb.url}/hn/firebase/v0/maxitem.json`);
    expect(fb.statusCode).toBe(503);
    await fb.body.text();
    const clear = await request(`${sb.url}/_sandbox/faults`, { method: 'DELETE' });
    expect(((await clear.body.json()) as { faults: unknown[] }).faults).toEqual([]);
  });
});

describe('inspection API', () => {
  it('emits items with ground truth, advances the clock, and is absent in production mode', async () => {
    const emit = await request(`${sb.url}/_sandbox/scenario/emit`, {
      method: 'POST',
      body: JSON.stringify({ count: 3, platform: 'reddit', category: 'buying_intent', kind: 'post' }),
      headers: { 'content-type': 'application/json' },
    });
    const { items } = (await emit.body.json()) as {
      items: { externalId: string; truth: { scoreBand: number[] } }[];
    };
    expect(items).toHaveLength(3);
    const truth = (await (
      await request(`${sb.url}/_sandbox/truth/reddit/${items[0]?.externalId ?? ''}`)
    ).body.json()) as { truth: { category: string; intent: string } };
    expect(truth.truth).toMatchObject({ category: 'buying_intent', intent: 'strong' });
    await (
      await request(`${sb.url}/_sandbox/scenario/rate`, {
        method: 'POST',
        body: JSON.stringify({ ratePerSec: 100 }),
        headers: { 'content-type': 'application/json' },
      })
    ).body.text();
    const adv = (await (
      await request(`${sb.url}/_sandbox/scenario/advance`, {
        method: 'POST',
        body: JSON.stringify({ ms: 1000 }),
        headers: { 'content-type': 'application/json' },
      })
    ).body.json()) as { generated: number };
    expect(adv.generated).toBeGreaterThanOrEqual(100);
    const bad = await request(`${sb.url}/_sandbox/scenario/emit`, {
      method: 'POST',
      body: JSON.stringify({ count: -1 }),
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.statusCode).toBe(400);
    await bad.body.text();
    const prod = await startTestSandbox({ production: true });
    try {
      const hidden = await request(`${prod.url}/_sandbox/status`);
      expect(hidden.statusCode).toBe(404);
      await hidden.body.text();
    } finally {
      await prod.stop();
    }
  });
});
