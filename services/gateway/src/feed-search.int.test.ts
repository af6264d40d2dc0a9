import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, signup, type Harness, type Session } from './testing/gateway-harness.ts';

// The feed's full-text search (q) finds signals on duplicates too, though posts_fts_idx holds
// originals only (migration 073): the same rows, in the same order, as a match on every post.

let h: Harness;
let s: Session;
let monitorId: string;
let other: string;
let n = 0;

/** A post as dedup-embedder stores it: a duplicate points at its original; an exact repeat has no vector. */
async function post(title: string, content: string, duplicateOf: string | null = null): Promise<string> {
  n++;
  const { rows } = await h.db.pool.query<{ id: string }>(
    `INSERT INTO posts (platform, external_id, url, kind, author_handle, title, content, posted_at, analysis, intent_score, scored_by, duplicate_of)
     VALUES ('reddit', $1, $2, 'post', 'buyer', $3, $4, now(), '{"decision_stage": "evaluating"}', 7, 'local', $5) RETURNING id`,
    [`fts${n}`, `https://reddit.com/r/sales/fts${n}`, title, content, duplicateOf],
  );
  return rows[0]!.id;
}

/** A signal of `monitor` on `postId`, `ageS` seconds old (family_id from the post, as the trigger sets it). */
async function signal(monitor: string, postId: string, ageS: number): Promise<string> {
  const { rows } = await h.db.pool.query<{ id: string }>(
    `INSERT INTO signals (workspace_id, monitor_id, post_id, intent_score, created_at)
     VALUES ($1, $2, $3, 7, now() - make_interval(secs => $4)) RETURNING id`,
    [s.workspaceId, monitor, postId, ageS],
  );
  return rows[0]!.id;
}

const search = async (query: string): Promise<string[]> => {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/v1/signals?limit=2&q=${encodeURIComponent(query)}${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await h.gateway.app.inject({ method: 'GET', url, headers: s.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ items: { id: string }[]; nextCursor: string | null }>();
    ids.push(...body.items.map((i) => i.id));
    cursor = body.nextCursor;
  } while (cursor);
  return ids;
};

const created = (payload: { name: string; query: string }) =>
  h.gateway.app.inject({ method: 'POST', url: '/api/v1/monitors', headers: s.headers, payload }).then((r) => r.json<{ id: string }>().id);

beforeAll(async () => {
  h = await startHarness();
  s = await signup(h);
  monitorId = await created({ name: 'crm', query: 'crm' });
  other = await created({ name: 'sales', query: 'sales' });
});
afterAll(async () => {
  await h?.close();
});

describe('feed full-text search over originals and duplicates', () => {
  it('finds a signal on an exact repeat whose original has no signal, by the repeat text', async () => {
    const original = await post('Pipedrive is too slow', 'Which CRM should a ten-person team move to?');
    const repeat = await post('Pipedrive is too slow', 'Which CRM should a ten-person team move to?', original);
    const sig = await signal(monitorId, repeat, 10);
    expect(await search('pipedrive')).toEqual([sig]);
  });

  it('finds a near duplicate by its own words only, merged newest first with originals across pages', async () => {
    const original = await post('Salesforce renewal', 'Our Salesforce renewal doubled, looking at Attio and Folk.');
    const near = await post('Salesforce renewal shock', 'The Salesforce renewal doubled; we are trialling Attio and Copper now.', original);
    const older = await post('Salesforce pricing', 'Salesforce pricing for small teams is painful.');
    const onOriginal = await signal(monitorId, original, 30);
    const onNear = await signal(other, near, 20);
    const onOlder = await signal(monitorId, older, 40);
    // Newest first across both halves of the search, paged two at a time.
    expect(await search('salesforce')).toEqual([onNear, onOriginal, onOlder]);
    expect(await search('copper')).toEqual([onNear]);
    expect(await search('folk')).toEqual([onOriginal]);
    expect(await search('"renewal doubled" attio')).toEqual([onNear, onOriginal]);
  });

  it('still finds a copy whose original was deleted (it becomes an original)', async () => {
    const original = await post('Close.com alternatives', 'Moving off Close.com, need a dialer with a CRM.');
    const copy = await post('Close.com alternatives', 'Moving off Close.com, need a dialer with a CRM.', original);
    const sig = await signal(other, copy, 5);
    await h.db.pool.query('DELETE FROM posts WHERE id = $1', [original]);
    expect(await search('dialer')).toEqual([sig]);
  });

  it('applies the other filters to both halves', async () => {
    const original = await post('Zoho migration', 'Zoho CRM export is a mess.');
    const repeat = await post('Zoho migration', 'Zoho CRM export is a mess.', original);
    const onRepeat = await signal(other, repeat, 1);
    const onOriginal = await signal(monitorId, original, 2);
    expect(await search('zoho')).toEqual([onRepeat, onOriginal]);
    const byMonitor = await h.gateway.app.inject({ method: 'GET', url: `/api/v1/signals?q=zoho&monitorId=${other}`, headers: s.headers });
    expect(byMonitor.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([onRepeat]);
  });
});
