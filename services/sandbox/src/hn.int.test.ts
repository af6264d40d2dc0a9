import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from './app.ts';
import { compareShape } from './fixture-shape.ts';
import { ALGOLIA_CAP_MESSAGE, ALGOLIA_HIT_CAP } from './platforms/hn.ts';
import { capture, startTestSandbox } from './test-sandbox.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startTestSandbox({ backlog: 0, ratePerSec: 0 });
  sb.scenario.emit(40, { platform: 'hackernews', category: 'buying_intent', kind: 'post' });
  sb.scenario.emit(40, { platform: 'hackernews', category: 'buying_intent', kind: 'comment' });
});
afterAll(async () => sb.stop());

async function get(path: string): Promise<{ status: number; text: string; json: () => unknown }> {
  const res = await request(`${sb.url}/hn${path}`);
  const text = await res.body.text();
  return { status: res.statusCode, text, json: () => JSON.parse(text) as unknown };
}

type Algolia = {
  hits: { objectID: string; created_at_i: number; _tags: string[] }[];
  nbHits: number;
  nbPages: number;
  page: number;
  hitsPerPage: number;
};

describe('HN fake (Algolia + Firebase)', () => {
  it('answers search_by_date in the current key-sorted format, newest first, with highlights', async () => {
    const res = await get('/algolia/api/v1/search_by_date?query=alternative&tags=story&hitsPerPage=5');
    expect(res.status).toBe(200);
    const body = res.json() as Algolia & Record<string, unknown>;
    expect(Object.keys(body)).toEqual([...Object.keys(body)].sort());
    // Stories without text leave story_text out; fullyHighlighted exists only on matching fields.
    const withText = { ...body, hits: body.hits.filter((h) => 'story_text' in h) };
    expect(withText.hits.length).toBeGreaterThan(0);
    expect(
      compareShape(capture('hn/algolia_search_tags_story.2024.json'), withText, {
        ignore: ['$.hits[]._highlightResult.story_text.fullyHighlighted'],
      }),
    ).toEqual([]);
    const times = body.hits.map((h) => h.created_at_i);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(res.text).toContain('<em>');
    expect(res.text).not.toContain(':null');
  });

  it('filters by tags (AND, OR groups) and numericFilters created_at_i windows', async () => {
    const comments = (
      await get('/algolia/api/v1/search_by_date?tags=comment&hitsPerPage=100')
    ).json() as Algolia;
    expect(comments.hits.length).toBeGreaterThan(0);
    for (const h of comments.hits) expect(h._tags[0]).toBe('comment');
    const either = (
      await get('/algolia/api/v1/search_by_date?tags=(story,comment)&hitsPerPage=1000')
    ).json() as Algolia;
    expect(either.nbHits).toBe(sb.scenario.items('hackernews').length);
    sb.scenario.advance(60_000);
    const fresh = sb.scenario.emit(3, { platform: 'hackernews', category: 'buying_intent', kind: 'post' });
    const from = Math.floor((sb.scenario.now() - 1000) / 1000);
    const windowed = (
      await get(`/algolia/api/v1/search_by_date?numericFilters=created_at_i>${from}&hitsPerPage=100`)
    ).json() as Algolia;
    expect(windowed.hits.map((h) => h.objectID).sort()).toEqual(
      fresh
        .filter((f) => f.platform === 'hackernews')
        .map((f) => f.externalId)
        .sort(),
    );
    const bad = await get('/algolia/api/v1/search?numericFilters=bogus');
    expect(bad.status).toBe(400);
  });

  it('pages up to the 1000-hit cap and answers its error beyond', async () => {
    sb.scenario.emit(1100, { platform: 'hackernews', category: 'news', kind: 'post' });
    const p0 = (
      await get('/algolia/api/v1/search_by_date?tags=story&hitsPerPage=100&page=0')
    ).json() as Algolia;
    expect(p0.nbHits).toBeGreaterThan(ALGOLIA_HIT_CAP);
    expect(p0.nbPages).toBe(10);
    const p9 = (
      await get('/algolia/api/v1/search_by_date?tags=story&hitsPerPage=100&page=9')
    ).json() as Algolia;
    expect(p9.hits).toHaveLength(100);
    const beyond = await get('/algolia/api/v1/search_by_date?tags=story&hitsPerPage=100&page=10');
    expect(beyond.status).toBe(400);
    expect((beyond.json() as { message: string }).message).toBe(ALGOLIA_CAP_MESSAGE);
    const clamped = (await get('/algolia/api/v1/search?hitsPerPage=5000')).json() as Algolia;
    expect(clamped.hitsPerPage).toBe(1000);
  });

  it('serves Firebase maxitem, items with HTML text, null for unknown ids, users with about', async () => {
    const max = Number((await get('/firebase/v0/maxitem.json')).text);
    const all = sb.scenario.items('hackernews');
    expect(String(max)).toBe(all[all.length - 1]?.externalId);
    const story =
      all.find(
        (it) => it.kind === 'post' && it.body.includes("'") && it.truth.category === 'buying_intent',
      ) ?? all.find((it) => it.kind === 'post' && it.truth.category === 'buying_intent');
    const item = (await get(`/firebase/v0/item/${story?.externalId ?? ''}.json`)).json() as Record<
      string,
      unknown
    >;
    expect(
      compareShape(capture('hn/firebase_item_ask_story_with_text.json'), item, { ignore: ['$.kids'] }),
    ).toEqual([]);
    expect(item.type).toBe('story');
    const comment = all.find((it) => it.kind === 'comment');
    const c = (await get(`/firebase/v0/item/${comment?.externalId ?? ''}.json`)).json();
    expect(compareShape(capture('hn/firebase_item_comment.json'), c, { ignore: ['$.kids'] })).toEqual([]);
    const unknown = await get('/firebase/v0/item/1.json');
    expect(unknown.status).toBe(200);
    expect(unknown.text).toBe('null');
    const user = (await get(`/firebase/v0/user/${story?.author.hnId ?? ''}.json`)).json() as {
      about: string;
      submitted: number[];
    };
    expect(compareShape(capture('hn/firebase_user.json'), user, { ignore: ['$.delay'] })).toEqual([]);
    expect(user.about).toContain(story?.author.company?.name ?? story?.author.title ?? '');
    expect(user.submitted).toContain(Number(story?.externalId));
  });
});
