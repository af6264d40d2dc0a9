import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, signup, type Harness, type Session } from './testing/gateway-harness.ts';

let h: Harness;
let s: Session;

const newKey = async (scopes: string[]) =>
  (await h.gateway.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: s.headers, payload: { name: 'k', scopes } })).json<{ key: string }>().key;
const call = (key: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  h.gateway.app.inject(payload === undefined ? { method, url, headers: { authorization: `Bearer ${key}` } } : { method, url, headers: { authorization: `Bearer ${key}` }, payload });

beforeAll(async () => {
  h = await startHarness({ RATE_LIMIT_READS_PER_MIN: '3', RATE_LIMIT_WRITES_PER_MIN: '2', RATE_LIMIT_EXPORTS_PER_MIN: '1' });
  s = await signup(h);
});
afterAll(async () => {
  await h?.close();
});

describe('API-key rate limits', () => {
  it('answers 429 with Retry-After past the read limit, for that key only; people on cookies are not limited', async () => {
    const key = await newKey(['read']);
    for (let i = 0; i < 3; i++) expect((await call(key, 'GET', '/api/v1/monitors')).statusCode).toBe(200);
    const limited = await call(key, 'GET', '/api/v1/monitors');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    const retry = Number(limited.headers['retry-after']);
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(20);
    expect((await call(await newKey(['read']), 'GET', '/api/v1/monitors')).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await h.gateway.app.inject({ method: 'GET', url: '/api/v1/monitors', headers: s.headers })).statusCode).toBe(200);
  });

  it('limits writes and exports separately from reads', async () => {
    const key = await newKey(['read', 'write']);
    const body = { name: 'm', query: 'crm alternative' };
    expect((await call(key, 'POST', '/api/v1/monitors', body)).statusCode).toBe(201);
    expect((await call(key, 'POST', '/api/v1/monitors', body)).statusCode).toBe(201);
    const write = await call(key, 'POST', '/api/v1/monitors', body);
    expect(write.statusCode).toBe(429);
    expect(write.json().detail).toMatch(/write requests/);
    // Reads and exports still have their own budget.
    expect((await call(key, 'GET', '/api/v1/monitors')).statusCode).toBe(200);
    expect((await call(key, 'GET', '/api/v1/signals/export.csv')).statusCode).toBe(200);
    const exp = await call(key, 'GET', '/api/v1/signals/export.csv');
    expect(exp.statusCode).toBe(429);
    expect(Number(exp.headers['retry-after'])).toBeGreaterThan(20);
    expect((await call(key, 'GET', '/api/v1/monitors')).statusCode).toBe(200);
  });
});
