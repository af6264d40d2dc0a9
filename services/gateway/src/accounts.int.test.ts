import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, signup, type Harness } from './testing/gateway-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('accounts', () => {
  it('signup creates user, workspace, owner membership and a 7-day trial with 250 credits', async () => {
    const s = await signup(h);
    const me = await h.gateway.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: { cookie: s.cookie } });
    expect(me.statusCode).toBe(200);
    const ws = me.json();
    expect(ws.plan).toMatchObject({ status: 'trial', credits: 250, scanning: true });
    const hash = await h.db.pool.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE id = $1`, [s.userId]);
    expect(hash.rows[0]!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('sets httpOnly SameSite cookies and refuses short and common passwords', async () => {
    const res = await h.gateway.app.inject({ method: 'POST', url: '/api/v1/auth/signup', remoteAddress: '10.9.0.1', payload: { email: 'cookies@example.com', password: Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ').slice(0, 1024) } });
    expect(res.statusCode).toBe(201);
    const at = res.cookies.find((c) => c.name === 'ir_at')!;
    const rt = res.cookies.find((c) => c.name === 'ir_rt')!;
    expect(at.httpOnly).toBe(true);
    expect(at.sameSite).toBe('Lax');
    expect(rt.httpOnly).toBe(true);
    expect(rt.sameSite).toBe('Strict');
    expect(rt.path).toBe('/api/v1/auth');
    for (const password of ['short pass', 'password1234', 'abcdefghijklmnop', 'x'.repeat(1025)]) {
      const bad = await h.gateway.app.inject({ method: 'POST', url: '/api/v1/auth/signup', remoteAddress: '10.9.0.2', payload: { email: 'weak@example.com', password } });
      expect([400, 422]).toContain(bad.statusCode);
      expect(bad.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('requires the CSRF header on cookie mutations but not on API-key calls', async () => {
    const s = await signup(h);
    const body = { name: 'm', query: 'crm alternative', platforms: ['reddit'] };
    const noCsrf = await h.gateway.app.inject({ method: 'POST', url: '/api/v1/monitors', headers: { cookie: s.cookie }, payload: body });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('csrf_token');
    const withCsrf = await h.gateway.app.inject({ method: 'POST', url: '/api/v1/monitors', headers: s.headers, payload: body });
    expect(withCsrf.statusCode).toBe(201);

    const key = await h.gateway.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: s.headers, payload: { name: 'ci', scopes: ['read'] } });
    expect(key.statusCode).toBe(201);
    const { key: secret, id } = key.json();
    expect(secret).toMatch(/^ir_/);
    const stored = await h.db.pool.query(`SELECT key_hash FROM api_keys WHERE id = $1`, [id]);
    expect(stored.rows[0].key_hash).not.toContain(secret);
    const read = await h.gateway.app.inject({ method: 'GET', url: '/api/v1/monitors', headers: { authorization: `Bearer ${secret}` } });
    expect(read.statusCode).toBe(200);
    expect(read.json().items).toHaveLength(1);
    const write = await h.gateway.app.inject({ method: 'POST', url: '/api/v1/monitors', headers: { authorization: `Bearer ${secret}` }, payload: body });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('insufficient_scope');
    const revoke = await h.gateway.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: s.headers });
    expect(revoke.statusCode).toBe(200);
    const after = await h.gateway.app.inject({ method: 'GET', url: '/api/v1/monitors', headers: { authorization: `Bearer ${secret}` } });
    expect(after.statusCode).toBe(401);
  });

  it('rotates refresh sessions, revokes the family on reuse, and logout ends the access token', async () => {
    const s = await signup(h);
    const refreshCookie = s.cookie;
    const r1 = await h.gateway.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: s.headers });
    expect(r1.statusCode).toBe(200);
    const reuse = await h.gateway.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: refreshCookie, 'x-csrf-token': s.csrf } });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().code).toBe('session_reused');
    const newAccess = r1.json().accessToken as string;
    const me = await h.gateway.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${newAccess}` } });
    expect(me.statusCode).toBe(401);
  });

  it('slows brute-force login with 429 and Retry-After', async () => {
    const email = 'target@example.com';
    await h.gateway.app.inject({ method: 'POST', url: '/api/v1/auth/signup', remoteAddress: '10.8.0.1', payload: { email, password: 'the right passphrase 9' } });
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 10; i++) {
      const res = await h.gateway.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: `10.7.0.${i + 1}`, payload: { email, password: `wrong guess number ${i}` } });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) retryAfter = res.headers['retry-after'];
    }
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Even the right password waits out the window: the account is locked for this window.
    const right = await h.gateway.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.7.1.1', payload: { email, password: 'the right passphrase 9' } });
    expect(right.statusCode).toBe(429);
  });

  it('answers unknown routes and bad JSON with problem+json, and serves the OpenAPI document', async () => {
    const nf = await h.gateway.app.inject({ method: 'GET', url: '/nope' });
    expect(nf.statusCode).toBe(404);
    expect(nf.headers['content-type']).toContain('application/problem+json');
    const bad = await h.gateway.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().status).toBe(400);
    const doc = await h.gateway.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toMatch(/^3\./);
    expect(Object.keys(doc.json().paths)).toContain('/api/v1/signals');
    expect(nf.headers['x-content-type-options']).toBe('nosniff');
  });
});
