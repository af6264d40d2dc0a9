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

  it('switches a session only into workspaces the account is a member of, and a refused switch keeps the session', async () => {
    const app = h.gateway.app;
    const c = await signup(h);
    // C joins A's workspace as a member (what an accepted invitation does; that path is in invites.int.test.ts).
    await h.db.pool.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'member')`, [a.workspaceId, c.userId]);
    const refresh = (headers: Record<string, string>, workspaceId: string) =>
      app.inject({ method: 'POST', url: `/api/v1/auth/refresh?workspaceId=${workspaceId}`, headers });
    const sessionOf = (res: Awaited<ReturnType<typeof refresh>>) => {
      const cookie = res.cookies.map((k) => `${k.name}=${k.value}`).join('; ');
      return { cookie, 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken };
    };

    for (const foreign of [b.workspaceId, '00000000-0000-4000-8000-000000000000']) {
      const refused = await refresh(c.headers, foreign);
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().code).toBe('not_a_member');
      expect(refused.cookies.map((k) => k.name)).not.toContain('ir_at');
    }

    // The refused attempts did not rotate C's refresh token: the same cookie still switches into A.
    const intoA = await refresh(c.headers, a.workspaceId);
    expect(intoA.statusCode, intoA.body).toBe(200);
    expect(intoA.json().workspace).toMatchObject({ id: a.workspaceId, role: 'member' });
    const inA = sessionOf(intoA);
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: inA });
    expect(me.json()).toMatchObject({ workspaceId: a.workspaceId, role: 'member' });
    expect(me.json<{ workspaces: { id: string }[] }>().workspaces.map((w) => w.id).sort()).toEqual([a.workspaceId, c.workspaceId].sort());
    const monitors = await app.inject({ method: 'GET', url: '/api/v1/monitors', headers: inA });
    expect(monitors.json<{ items: { id: string }[] }>().items.map((m) => m.id)).toEqual([ids.monitor]);

    // From A, still no way into B; back into C's own workspace works and shows none of A's objects.
    expect((await refresh(inA, b.workspaceId)).statusCode).toBe(403);
    const back = await refresh(inA, c.workspaceId);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().workspace).toMatchObject({ id: c.workspaceId, role: 'owner' });
    const own = await app.inject({ method: 'GET', url: '/api/v1/monitors', headers: sessionOf(back) });
    expect(own.json().items).toEqual([]);
  });
});
