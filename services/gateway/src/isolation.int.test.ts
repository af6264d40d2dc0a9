import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, signup, type Harness, type Session } from './testing/gateway-harness.ts';
import { seedSignal } from './testing/seed.ts';

let h: Harness;
let a: Session;
let b: Session;
const ids: Record<string, string> = {};

// A valid body per templated route, so B's request passes validation and reaches the lookup.
const bodies: Record<string, unknown> = {
  'PATCH /api/v1/monitors/{id}': { name: 'stolen' },
  'PATCH /api/v1/signals/{id}': { status: 'archived' },
  'PATCH /api/v1/destinations/{id}': { name: 'stolen' },
};

beforeAll(async () => {
  h = await startHarness();
  a = await signup(h);
  b = await signup(h);
  const app = h.gateway.app;
  const m = await app.inject({ method: 'POST', url: '/api/v1/monitors', headers: a.headers, payload: { name: 'A', query: 'zoominfo alternative' } });
  ids.monitor = m.json().id;
  const d = await app.inject({ method: 'POST', url: '/api/v1/destinations', headers: a.headers, payload: { name: 'A hook', kind: 'webhook', url: 'https://example.com/hook' } });
  ids.destination = d.json().id;
  const k = await app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: a.headers, payload: { name: 'A key', scopes: ['read', 'write'] } });
  ids.apiKey = k.json().id;
  ids.signal = (await seedSignal(h.db.pool, a.workspaceId, ids.monitor!)).signalId;
  ids.user = a.userId;
  // A pending invitation of A (inserted directly: the invite route's email path is tested in invites.int.test.ts).
  ids.invite = (
    await h.db.pool.query<{ id: string }>(
      `INSERT INTO workspace_invites (workspace_id, email, role, token_hash, expires_at) VALUES ($1, 'someone@example.com', 'member', repeat('a', 64), now() + interval '1 day') RETURNING id`,
      [a.workspaceId],
    )
  ).rows[0]!.id;
});
afterAll(async () => {
  await h?.close();
});

describe('workspace isolation', () => {
  it('gives workspace B a 404 for every object of workspace A on every route that takes an id', async () => {
    const doc = (await h.gateway.app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.includes('{id}'))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
    // Guards against a vacuous pass if routes stop being documented.
    expect(routes.length).toBeGreaterThanOrEqual(14);
    expect(routes).toContainEqual({ method: 'DELETE', path: '/api/v1/invites/{id}' });
    const checked: string[] = [];
    for (const r of routes) {
      for (const id of Object.values(ids)) {
        const res = await h.gateway.app.inject({
          method: r.method as 'GET',
          url: r.path.replace('{id}', id),
          headers: b.headers,
          ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: bodies[`${r.method} ${r.path}`] ?? {} }),
        });
        expect(res.statusCode, `${r.method} ${r.path} with A's ${id}: ${res.body}`).toBe(404);
        checked.push(`${r.method} ${r.path}`);
      }
    }
    expect(new Set(checked).size).toBe(routes.length);
    // A's objects are untouched and still visible to A.
    for (const [url, status] of [
      [`/api/v1/monitors/${ids.monitor}`, 200],
      [`/api/v1/signals/${ids.signal}`, 200],
      [`/api/v1/destinations/${ids.destination}`, 200],
    ] as const) {
      const res = await h.gateway.app.inject({ method: 'GET', url, headers: a.headers });
      expect(res.statusCode).toBe(status);
    }
    const sig = await h.gateway.app.inject({ method: 'GET', url: `/api/v1/signals/${ids.signal}`, headers: a.headers });
    expect(sig.json().status).toBe('new');
    const invites = await h.gateway.app.inject({ method: 'GET', url: '/api/v1/invites', headers: a.headers });
    expect(invites.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([ids.invite]);
    const members = await h.gateway.app.inject({ method: 'GET', url: '/api/v1/members', headers: a.headers });
    expect(members.json<{ items: { userId: string }[] }>().items.map((m) => m.userId)).toContain(a.userId);
  });

  it('does not list A objects in B collections', async () => {
    for (const url of ['/api/v1/monitors', '/api/v1/signals', '/api/v1/destinations', '/api/v1/api-keys', '/api/v1/deliveries', '/api/v1/invites']) {
      const res = await h.gateway.app.inject({ method: 'GET', url, headers: b.headers });
      expect(res.statusCode, url).toBe(200);
      expect(res.json().items, url).toEqual([]);
    }
  });
});
