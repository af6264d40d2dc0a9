import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliverPolicy } from '@nats-io/jetstream';
import { streams, subjects } from '@intent-radar/proto-schemas';
import { startHarness, signup, type Harness, type Session } from './testing/gateway-harness.ts';
import { seedSignal } from './testing/seed.ts';

let h: Harness;
let s: Session;
let monitorId: string;
const ids: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  s = await signup(h);
  monitorId = (await h.gateway.app.inject({ method: 'POST', url: '/api/v1/monitors', headers: s.headers, payload: { name: 'm', query: '"zoominfo alternative" OR apollo' } })).json<{ id: string }>().id;
  for (let i = 0; i < 5; i++) ids.push((await seedSignal(h.db.pool, s.workspaceId, monitorId, { score: 4 + i, title: i === 0 ? 'Need a Hubspot replacement' : undefined })).signalId);
});
afterAll(async () => {
  await h?.close();
});
const get = (url: string) => h.gateway.app.inject({ method: 'GET', url, headers: s.headers });

describe('monitors and signals', () => {
  it('reports a query syntax error with its position', async () => {
    const res = await h.gateway.app.inject({ method: 'POST', url: '/api/v1/monitors', headers: s.headers, payload: { name: 'bad', query: 'crm AND (apollo' } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'query_syntax', position: expect.any(Number) });
  });

  it('previews matches against stored posts', async () => {
    const res = await h.gateway.app.inject({ method: 'POST', url: '/api/v1/monitors/preview', headers: s.headers, payload: { query: 'hubspot' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().matches).toHaveLength(1);
  });

  it('pages the feed by cursor and filters by score and full text', async () => {
    const p1 = (await get('/api/v1/signals?limit=2')).json();
    const p2 = (await get(`/api/v1/signals?limit=2&cursor=${p1.nextCursor}`)).json();
    const p3 = (await get(`/api/v1/signals?limit=2&cursor=${p2.nextCursor}`)).json();
    const all = [...p1.items, ...p2.items, ...p3.items].map((x: { id: string }) => x.id);
    expect(new Set(all).size).toBe(5);
    expect(p3.nextCursor).toBeNull();
    expect((await get('/api/v1/signals?minScore=7')).json().items).toHaveLength(2);
    expect((await get('/api/v1/signals?q=hubspot')).json().items).toHaveLength(1);
    expect((await get('/api/v1/signals?cursor=garbage')).statusCode).toBe(400);
  });

  it('bulk-archives, publishes signal.updated, hides archived from the default feed, and restores', async () => {
    const consumer = await h.bus.js.consumers.get(h.bus.namespace.stream(streams.signals), { filter_subjects: h.bus.namespace.subject(subjects.signalUpdated), deliver_policy: DeliverPolicy.All });
    const res = await h.gateway.app.inject({ method: 'POST', url: '/api/v1/signals/bulk', headers: s.headers, payload: { ids: ids.slice(0, 2), action: 'archive' } });
    expect(res.json().updated).toHaveLength(2);
    const m = await consumer.next({ expires: 5000 });
    expect(m?.json<{ data: { status: string } }>().data.status).toBe('archived');
    expect((await get('/api/v1/signals')).json().items).toHaveLength(3);
    expect((await get('/api/v1/signals?status=archived')).json().items).toHaveLength(2);
    const restore = await h.gateway.app.inject({ method: 'PATCH', url: `/api/v1/signals/${ids[0]}`, headers: s.headers, payload: { status: 'new' } });
    expect(restore.json().status).toBe('new');
  });

  it('returns detail with evidence, a template outreach draft, 202 for enrich, and a CSV export', async () => {
    const d = (await get(`/api/v1/signals/${ids[1]}`)).json();
    expect(d.evidence).toHaveLength(1);
    expect(d.relevance).toEqual({ delta: 0, reason: null });
    // dedup-embedder stores how the monitor's context moved the post's score (migration 060).
    await h.db.pool.query("UPDATE signals SET relevance_delta = 1, relevance_reason = 'post is about sales_intelligence, which the monitor sells into' WHERE id = $1", [ids[2]]);
    expect((await get(`/api/v1/signals/${ids[2]}`)).json()).toMatchObject({ intentScore: 6, relevance: { delta: 1, reason: expect.stringContaining('sells into') } });
    expect(d.analysis.decision_stage).toBe('evaluating');
    const draft = (await get(`/api/v1/signals/${ids[1]}/outreach-draft`)).json();
    expect(draft.generatedBy).toBe('template');
    expect(draft.body).toContain('ZoomInfo');
    const enrich = await h.gateway.app.inject({ method: 'POST', url: `/api/v1/signals/${ids[1]}/enrich`, headers: s.headers });
    expect(enrich.statusCode).toBe(202);
    const info = await h.bus.jsm.streams.info(h.bus.namespace.stream(streams.enrich));
    expect(info.state.messages).toBe(1);
    const csv = await get('/api/v1/signals/export.csv?status=all');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toContain('pain_points');
    expect(lines).toHaveLength(6);
    const stats = (await get('/api/v1/stats')).json();
    expect(stats.week).toBe(5);
    expect(stats.credits).toBe(250);
  });

  it('carries pain points, competitors, summary and stage on feed items', async () => {
    const items = (await get('/api/v1/signals?status=all&limit=200')).json().items as Record<string, unknown>[];
    expect(items).toHaveLength(5);
    for (const it of items) {
      expect(it).toMatchObject({ painPoints: ['price'], competitors: ['ZoomInfo'], summary: 'Wants a cheaper data provider', decisionStage: 'evaluating' });
    }
    // Post-side filters are applied while paging the signal ids (before the LIMIT), not after it.
    expect((await get('/api/v1/signals?status=all&platform=reddit&limit=2')).json().items).toHaveLength(2);
    expect((await get('/api/v1/signals?status=all&platform=twitter')).json().items).toHaveLength(0);
    expect((await get('/api/v1/signals?status=all&stage=evaluating')).json().items).toHaveLength(5);
    expect((await get('/api/v1/signals?status=all&stage=decided')).json().items).toHaveLength(0);
    const openapi = (await h.gateway.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const item = openapi.paths['/api/v1/signals'].get.responses['200'].content['application/json'].schema.properties.items.items;
    expect(item.required).toEqual(expect.arrayContaining(['painPoints', 'competitors', 'summary', 'decisionStage']));
  });

  it('ranks pain points and competitors in SQL (case-folded, per signal) and reports the response rate', async () => {
    const post = async (id: string) => (await h.db.pool.query<{ post_id: string }>('SELECT post_id FROM signals WHERE id = $1', [id])).rows[0]!.post_id;
    // Duplicated within one analysis: still one signal for "price". Non-arrays are ignored.
    await h.db.pool.query(`UPDATE posts SET analysis = analysis || $2 WHERE id = $1`, [await post(ids[3]!), { pain_points: ['Price ', 'price', 'onboarding'], competitors_mentioned: ['zoominfo', 'Apollo'] }]);
    await h.db.pool.query(`UPDATE posts SET analysis = analysis || $2 WHERE id = $1`, [await post(ids[4]!), { pain_points: 'not a list', competitors_mentioned: ['Apollo'] }]);
    await h.gateway.app.inject({ method: 'PATCH', url: `/api/v1/signals/${ids[4]}`, headers: s.headers, payload: { status: 'contacted' } });
    const stats = (await get('/api/v1/stats')).json();
    expect(stats.topPainPoints).toEqual([
      { label: 'price', count: 4 },
      { label: 'onboarding', count: 1 },
    ]);
    expect(stats.topCompetitors).toEqual([
      { label: 'ZoomInfo', count: 4 },
      { label: 'Apollo', count: 2 },
    ]);
    expect(stats.responseRate).toEqual({ contacted: 1, signals: 5, rate: 0.2 });
  });

  it("deletes the workspace's enriched contact for a signal's author, once", async () => {
    const { rows } = await h.db.pool.query<{ platform: string; author_handle: string }>(
      'SELECT p.platform, p.author_handle FROM signals s JOIN posts p ON p.id = s.post_id WHERE s.id = $1',
      [ids[2]],
    );
    const author = await h.db.pool.query<{ id: string }>('INSERT INTO authors (platform, handle) VALUES ($1, $2) RETURNING id', [rows[0]!.platform, rows[0]!.author_handle]);
    const authorId = author.rows[0]!.id;
    await h.db.pool.query(`INSERT INTO enriched_contacts (author_id, status, fields, email_confidence) VALUES ($1, 'complete', $2, 'likely')`, [
      authorId,
      { email: { value: 'buyer@example.com', source: 'hunter', confidence: 'likely' } },
    ]);
    await h.db.pool.query('INSERT INTO workspace_contacts (workspace_id, author_id, signal_id, credits_charged) VALUES ($1, $2, $3, 1)', [s.workspaceId, authorId, ids[2]]);
    expect((await get(`/api/v1/signals/${ids[2]}`)).json().enrichment.emailConfidence).toBe('likely');
    const del = () => h.gateway.app.inject({ method: 'DELETE', url: `/api/v1/signals/${ids[2]}/enrichment`, headers: s.headers });
    expect((await del()).statusCode).toBe(204);
    expect((await get(`/api/v1/signals/${ids[2]}`)).json().enrichment).toBeNull();
    expect((await del()).statusCode).toBe(404);
  });
});
