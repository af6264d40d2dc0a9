import snoowrap from 'snoowrap';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from './app.ts';
import { compareShape } from './fixture-shape.ts';
import { REDDIT_LISTING_CAP } from './platforms/reddit.ts';
import { capture, startTestSandbox } from './test-sandbox.ts';

/**
 * snoowrap hard-codes https://www.reddit.com and https://oauth.reddit.com; its documented
 * extension point is `rawRequest`, so a subclass rewrites the base URL to the sandbox.
 */
function sandboxSnoowrap(baseUrl: string): typeof snoowrap {
  return class SandboxSnoowrap extends snoowrap {
    override rawRequest(options: Parameters<snoowrap['rawRequest']>[0]): Promise<unknown> {
      const o = options as { baseUrl?: string };
      o.baseUrl = (o.baseUrl ?? '').replace(/^https:\/\/(oauth|www)\.reddit\.com/, `${baseUrl}/reddit`);
      return super.rawRequest(options) as Promise<unknown>;
    }
  };
}

// The capture is a video post; self posts carry null/{} media fields.
const SELF_POST_MEDIA = ['media_embed', 'secure_media_embed', 'media', 'secure_media'].map(
  (k) => `$.data.children[].data.${k}`,
);

let sb: Sandbox;
let r: snoowrap;

beforeAll(async () => {
  sb = await startTestSandbox({ backlog: 0 });
  sb.scenario.emit(60, { platform: 'reddit', category: 'buying_intent' });
  sb.scenario.emit(60, { platform: 'reddit', category: 'collision' });
  r = await sandboxSnoowrap(sb.url).fromApplicationOnlyAuth({
    userAgent: 'intent-radar-test/1.0',
    clientId: 'cid',
    clientSecret: 'secret',
    grantType: 'client_credentials',
  });
  r.config({ requestDelay: 0, continueAfterRatelimitError: false, warnings: false });
});
afterAll(async () => sb.stop());

async function getJson(
  path: string,
  token: string | null,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: unknown }> {
  const res = await request(`${sb.url}/reddit${path}`, {
    headers: token ? { authorization: `bearer ${token}`, 'user-agent': 'test' } : {},
  });
  return { status: res.statusCode, headers: res.headers, body: await res.body.json() };
}

async function token(): Promise<string> {
  const res = await request(`${sb.url}/reddit/api/v1/access_token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('cid:secret').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const body = (await res.body.json()) as { access_token: string };
  expect(compareShape(capture('reddit/access_token.client_credentials.2026.json'), body)).toEqual([]);
  return body.access_token;
}

describe('reddit fake', () => {
  it('serves snoowrap: client-credentials token, new posts, search, comments, user about', async () => {
    const posts = await r.getNew(
      'sales+SaaS+startups+Entrepreneur+smallbusiness+salesforce+CRM+marketing+b2bmarketing+salesops',
      { limit: 10 },
    );
    expect(posts.length).toBeGreaterThan(0);
    const first = posts[0];
    expect(first?.name).toMatch(/^t3_/);
    const results = await r.search({ query: 'alternative', sort: 'new', time: 'all' });
    expect(results.length).toBeGreaterThan(0);
    for (const p of results) expect(`${p.title} ${p.selftext}`.toLowerCase()).toContain('alternative');
    const author = posts[0]?.author.name ?? '';
    // snoowrap objects are thenables whose types confuse `await`; read the plain fields.
    const user = await (r.getUser(author).fetch() as unknown as Promise<{ name: string }>);
    expect(user.name).toBe(author);
    expect(r.ratelimitRemaining).toBeGreaterThan(0);
  });

  it('answers in the captured Listing, t3, t1 and t2 shapes with float-string rate-limit headers', async () => {
    const t = await token();
    const news = await getJson('/r/all/new?limit=5&raw_json=1', t);
    expect(news.status).toBe(200);
    const t3 = capture('reddit/listing_t3.r_popular_hot.2026.json');
    expect(compareShape(t3, news.body, { ignore: SELF_POST_MEDIA })).toEqual([]);
    expect(news.headers['x-ratelimit-remaining']).toMatch(/^\d+\.0$/);
    expect(news.headers['x-ratelimit-used']).toMatch(/^\d+$/);
    expect(Number(news.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
    // Emit a comment thread so /r/all/comments has content.
    for (let i = 0; i < 20 && sb.scenario.items('reddit').every((x) => x.kind !== 'comment'); i++)
      sb.scenario.emit(10, { platform: 'reddit' });
    const comments = await getJson('/r/all/comments?limit=5&raw_json=1', t);
    expect(compareShape(capture('reddit/listing_t1.r_sub_comments.2023.json'), comments.body)).toEqual([]);
    const name = sb.scenario.items('reddit')[0]?.author.redditName ?? '';
    const about = await getJson(`/user/${name}/about?raw_json=1`, t);
    expect(compareShape(capture('reddit/user_about.2025.json'), about.body)).toEqual([]);
  });

  it('pages with after/before fullnames, limit <= 100, and stops at the 1000-item cap', async () => {
    sb.scenario.emit(1100, { platform: 'reddit', category: 'news', kind: 'post' });
    const t = await token();
    type Page = {
      data: {
        after: string | null;
        before: string | null;
        dist: number;
        children: { data: { name: string } }[];
      };
    };
    const seen = new Set<string>();
    let after: string | null = null;
    let pages = 0;
    do {
      const res = await getJson(`/r/all/new?limit=500${after ? `&after=${after}` : ''}`, t);
      const page = res.body as Page;
      expect(page.data.dist).toBeLessThanOrEqual(100);
      for (const c of page.data.children) seen.add(c.data.name);
      after = page.data.after;
      pages++;
    } while (after && pages < 50);
    expect(seen.size).toBe(REDDIT_LISTING_CAP);
    expect(pages).toBe(10);
    const second = (await getJson('/r/all/new?limit=3', t)).body as Page;
    const back = (await getJson(`/r/all/new?limit=2&before=${second.data.children[2]?.data.name ?? ''}`, t))
      .body as Page;
    expect(back.data.children.map((c) => c.data.name)).toEqual(
      second.data.children.slice(0, 2).map((c) => c.data.name),
    );
    const none = (await getJson(`/r/all/new?before=${second.data.children[0]?.data.name ?? ''}`, t))
      .body as Page;
    expect(none.data.children).toEqual([]);
  });

  it('/api/info: things by fullname, both kinds in one Listing, in the order asked; unknown, mismatched and hidden ids left out', async () => {
    const t = await token();
    for (let i = 0; i < 20 && sb.scenario.items('reddit').every((x) => x.kind !== 'comment'); i++)
      sb.scenario.emit(10, { platform: 'reddit' });
    const items = sb.scenario.items('reddit');
    const post = items.findLast((x) => x.kind === 'post');
    const comment = items.findLast((x) => x.kind === 'comment');
    const hidden = items.findLast((x) => x.kind === 'post' && x !== post);
    if (!post || !comment || !hidden) throw new Error('the scenario emitted no post/comment');
    sb.scenario.setHidden('reddit', hidden.externalId, true);
    type Info = { kind: string; data: { after: null; dist: number; children: { kind: string; data: { name: string } }[] } };
    const ids = [`t1_${comment.externalId}`, 't3_zzzzzzzzzz', `t1_${post.externalId}`, `t3_${hidden.externalId}`, `t3_${post.externalId}`];
    const res = await getJson(`/api/info?id=${ids.join(',')}&raw_json=1`, t);
    expect(res.status).toBe(200);
    const body = res.body as Info;
    expect(body.kind).toBe('Listing');
    expect(body.data.children.map((c) => `${c.kind}:${c.data.name}`)).toEqual([`t1:t1_${comment.externalId}`, `t3:t3_${post.externalId}`]);
    expect(body.data.dist).toBe(2);
    expect(body.data.after).toBeNull();
    // The captured listing pages on (`after` set); /api/info never does.
    const asPage = { ...body, data: { ...body.data, after: 't3_x', children: body.data.children.filter((c) => c.kind === 't3') } };
    expect(compareShape(capture('reddit/listing_t3.r_popular_hot.2026.json'), asPage, { ignore: SELF_POST_MEDIA })).toEqual([]);
    // Hidden things are gone from the listings too, and come back when unhidden.
    const newest = async () => ((await getJson('/r/all/new?limit=100', t)).body as Info).data.children.map((c) => c.data.name);
    expect(await newest()).not.toContain(`t3_${hidden.externalId}`);
    sb.scenario.setHidden('reddit', hidden.externalId, false);
    expect(await newest()).toContain(`t3_${hidden.externalId}`);
    // At most 100 fullnames are answered.
    const many = Array.from({ length: 101 }, () => `t3_${post.externalId}`);
    expect(((await getJson(`/api/info?id=${many.join(',')}`, t)).body as Info).data.dist).toBe(100);
  });

  it('answers 401 on a bad token, 403 on a private subreddit, 429 when the budget is spent', async () => {
    const bad = await getJson('/r/all/new', 'nope');
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ message: 'Unauthorized', error: 401 });
    const t = await token();
    const forbidden = await getJson('/r/private_club/new', t);
    expect(forbidden.status).toBe(403);
    expect(compareShape(capture('reddit/error_403.2025.json'), forbidden.body)).toEqual([]);
    const small = await startTestSandbox({ reddit: { rateLimit: 2 } });
    try {
      const tok = (
        (await (
          await request(`${small.url}/reddit/api/v1/access_token`, {
            method: 'POST',
            headers: {
              authorization: `Basic ${Buffer.from('a:b').toString('base64')}`,
              'content-type': 'application/x-www-form-urlencoded',
            },
            body: 'grant_type=client_credentials',
          })
        ).body.json()) as { access_token: string }
      ).access_token;
      const hit = async () =>
        request(`${small.url}/reddit/r/all/new`, { headers: { authorization: `bearer ${tok}` } });
      await (await hit()).body.text();
      const second = await hit();
      expect(second.headers['x-ratelimit-remaining']).toBe('0.0');
      await second.body.text();
      const third = await hit();
      expect(third.statusCode).toBe(429);
      expect(await third.body.json()).toEqual({ message: 'Too Many Requests', error: 429 });
    } finally {
      await small.stop();
    }
  });
});
