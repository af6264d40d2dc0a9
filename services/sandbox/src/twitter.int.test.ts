import http from 'node:http';
import { ApiResponseError, TwitterApi, type ITwitterApiClientPlugin } from 'twitter-api-v2';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from './app.ts';
import { compareShape } from './fixture-shape.ts';
import { capture, startTestSandbox } from './test-sandbox.ts';

/**
 * twitter-api-v2 has no base-URL option: a plugin rewrites every request URL (paginators
 * included) to the sandbox, and a plain http.Agent lets it speak http.
 */
function sandboxTwitter(baseUrl: string, token: string): TwitterApi {
  const rehost: ITwitterApiClientPlugin = {
    onBeforeRequestConfig({ params }) {
      params.url = params.url.replace(/^https:\/\/api\.(x|twitter)\.com/, `${baseUrl}/x`);
    },
  };
  return new TwitterApi(token, { httpAgent: new http.Agent(), plugins: [rehost] });
}

let sb: Sandbox;
beforeAll(async () => {
  sb = await startTestSandbox({ backlog: 0, twitter: { rateLimit: 40 } });
  sb.scenario.emit(80, { platform: 'twitter', category: 'buying_intent' });
  sb.scenario.emit(40, { platform: 'twitter', category: 'news' });
});
afterAll(async () => sb.stop());

describe('X API v2 fake', () => {
  it('serves twitter-api-v2 recent search with author expansion and pages with next_token', async () => {
    const client = sandboxTwitter(sb.url, 'app-token').readOnly.v2;
    const page = await client.search('alternative OR vs OR recommendations', {
      max_results: 10,
      expansions: ['author_id'],
      'tweet.fields': ['created_at', 'author_id', 'lang'],
      'user.fields': ['description', 'url', 'created_at'],
    });
    expect(page.tweets).toHaveLength(10);
    const first = page.tweets[0];
    expect(
      page.includes.author(first ?? { id: '', text: '', edit_history_tweet_ids: [] })?.username,
    ).toBeTruthy();
    expect(page.rateLimit.limit).toBe(40);
    const shape = capture('twitter/search_recent.with_includes_users.json');
    expect(
      compareShape(shape, page.data, {
        ignore: [
          '$.data[].attachments',
          '$.data[].entities',
          '$.data[].geo',
          '$.data[].in_reply_to_user_id',
          '$.data[].referenced_tweets',
          '$.data[].possibly_sensitive',
          '$.data[].source',
          '$.includes.tweets',
        ],
      }),
    ).toEqual([]);
    const next = await page.fetchNext();
    const ids = next.tweets.map((t) => BigInt(t.id));
    expect(ids.length).toBeGreaterThan(10);
    // Newest first, no duplicates across pages.
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[10]).toBeLessThan(BigInt(first?.id ?? '0'));
  });

  it('filters by since_id and start_time, answers the empty meta, validates max_results', async () => {
    const client = sandboxTwitter(sb.url, 'app-token').v2;
    const all = sb.scenario.items('twitter');
    const newest = all[all.length - 1]?.externalId ?? '';
    const empty = await client.search('alternative', { since_id: newest });
    expect(empty.meta.result_count).toBe(0);
    expect(empty.tweets).toEqual([]);
    sb.scenario.advance(1000);
    const fresh = sb.scenario.emit(5, { platform: 'twitter', category: 'buying_intent' });
    const since = await client.search('alternative OR vs OR recommendations OR replacing OR need', {
      since_id: newest,
      max_results: 100,
    });
    expect(since.tweets.map((t) => t.id).sort()).toEqual(
      fresh
        .filter((f) => f.platform === 'twitter')
        .map((f) => f.externalId)
        .sort(),
    );
    const window = await client.search('alternative OR vs', {
      start_time: new Date(sb.scenario.now() - 500).toISOString(),
      max_results: 100,
    });
    for (const t of window.tweets) expect(fresh.map((f) => f.externalId)).toContain(t.id);
    const bad = await request(`${sb.url}/x/2/tweets/search/recent?query=crm&max_results=5`, {
      headers: { authorization: 'Bearer t' },
    });
    expect(bad.statusCode).toBe(400);
    expect(((await bad.body.json()) as { title: string }).title).toBe('Invalid Request');
  });

  it('rejects a missing bearer token and answers 429 with the captured body when the budget is spent', async () => {
    const noAuth = await request(`${sb.url}/x/2/tweets/search/recent?query=crm`);
    expect(noAuth.statusCode).toBe(401);
    await noAuth.body.text();
    const client = sandboxTwitter(sb.url, 'budget-token').v2;
    let error: unknown;
    for (let i = 0; i < 45 && !error; i++) {
      try {
        await client.search('crm');
      } catch (err) {
        error = err;
      }
    }
    expect(error).toBeInstanceOf(ApiResponseError);
    const e = error as ApiResponseError;
    expect(e.code).toBe(429);
    expect(e.rateLimit?.remaining).toBe(0);
    expect(e.data).toEqual(capture('twitter/error_429_too_many_requests.json'));
  });
});
