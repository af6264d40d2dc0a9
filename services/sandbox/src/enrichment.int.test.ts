import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from './app.ts';
import { compareShape } from './fixture-shape.ts';
import {
  LINKEDIN_POSTS_DATASET,
  LINKEDIN_PROFILES_DATASET,
  SNAPSHOT_COLLECT_MS,
} from './platforms/brightdata.ts';
import type { Persona } from './scenario/types.ts';
import { capture, startTestSandbox } from './test-sandbox.ts';

let sb: Sandbox;
let person: Persona;
beforeAll(async () => {
  sb = await startTestSandbox({ ratePerSec: 0 });
  sb.scenario.emit(60, { platform: 'linkedin', category: 'buying_intent' });
  const withCompany = sb.scenario.items('linkedin').find((it) => it.author.company);
  if (!withCompany) throw new Error('scenario has no LinkedIn author with a company');
  person = withCompany.author;
});
afterAll(async () => sb.stop());

const bd = (path: string, init: { method?: 'GET' | 'POST'; body?: unknown; auth?: string } = {}) =>
  request(`${sb.url}/brightdata${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: init.auth ?? 'Bearer bd-token',
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

describe('Bright Data fake', () => {
  it('triggers, reports progress, answers 202 until ready, then LinkedIn post records with every key', async () => {
    const company = `https://www.linkedin.com/company/${person.company?.linkedinSlug ?? ''}`;
    const trig = await bd(
      `/datasets/v3/trigger?dataset_id=${LINKEDIN_POSTS_DATASET}&type=discover_new&discover_by=company_url&include_errors=true`,
      {
        method: 'POST',
        body: [{ url: company }, { url: 'https://www.linkedin.com/company/zq-no-such-company' }],
      },
    );
    const { snapshot_id: id } = (await trig.body.json()) as { snapshot_id: string };
    expect(id).toMatch(/^sd_/);
    const running = await (await bd(`/datasets/v3/progress/${id}`)).body.json();
    expect(compareShape(capture('brightdata/progress_running.json'), running)).toEqual([]);
    const early = await bd(`/datasets/v3/snapshot/${id}?format=json`);
    expect(early.statusCode).toBe(202);
    expect(await early.body.json()).toEqual(capture('brightdata/snapshot_202_not_ready.json'));
    sb.scenario.advance(SNAPSHOT_COLLECT_MS);
    const ready = await (await bd(`/datasets/v3/progress/${id}`)).body.json();
    expect(compareShape(capture('brightdata/progress_ready_with_errors.json'), ready)).toEqual([]);
    const records = (await (await bd(`/datasets/v3/snapshot/${id}?format=json`)).body.json()) as Record<
      string,
      unknown
    >[];
    const posts = records.filter((r) => !('error_code' in r));
    expect(posts.length).toBeGreaterThan(0);
    for (const p of posts)
      expect(
        compareShape(capture('brightdata/snapshot_linkedin_post.company_discovery.json'), [p], {
          ignore: ['$[].top_visible_comments'],
        }),
      ).toEqual([]);
    const failed = records.filter((r) => 'error_code' in r);
    expect(compareShape(capture('brightdata/snapshot_error_record.json'), failed)).toEqual([]);
    expect(failed).toHaveLength(1);
  });

  it('serves profile records consistent with the persona, cancels, and answers plain-text 401s and 404s', async () => {
    const trig = await bd(`/datasets/v3/trigger?dataset_id=${LINKEDIN_PROFILES_DATASET}`, {
      method: 'POST',
      body: [{ url: `https://www.linkedin.com/in/${person.linkedinSlug}` }],
    });
    const { snapshot_id: id } = (await trig.body.json()) as { snapshot_id: string };
    sb.scenario.advance(SNAPSHOT_COLLECT_MS);
    const [profile] = (await (await bd(`/datasets/v3/snapshot/${id}`)).body.json()) as Record<
      string,
      unknown
    >[];
    expect(
      compareShape(capture('brightdata/snapshot_linkedin_profile.docs_example.json'), [profile]),
    ).toEqual([]);
    expect(profile?.name).toBe(person.fullName);
    expect(profile?.current_company_name).toBe(person.company?.name);
    const second = (await (
      await bd(`/datasets/v3/trigger?dataset_id=${LINKEDIN_PROFILES_DATASET}`, {
        method: 'POST',
        body: [{ url: 'https://www.linkedin.com/in/x' }],
      })
    ).body.json()) as { snapshot_id: string };
    const cancel = await bd(`/datasets/v3/snapshot/${second.snapshot_id}/cancel`, { method: 'POST' });
    expect(await cancel.body.text()).toBe('OK');
    expect(
      ((await (await bd(`/datasets/v3/progress/${second.snapshot_id}`)).body.json()) as { status: string })
        .status,
    ).toBe('canceled');
    const noAuth = await request(`${sb.url}/brightdata/datasets/v3/progress/${id}`);
    expect([noAuth.statusCode, await noAuth.body.text()]).toEqual([401, 'Credentials are missing']);
    const basic = await bd(`/datasets/v3/progress/${id}`, { auth: 'Basic eDp5' });
    expect([basic.statusCode, await basic.body.text()]).toEqual([401, 'Basic auth is not allowed']);
    const unknown = await bd('/datasets/v3/progress/sd_nope');
    expect([unknown.statusCode, await unknown.body.text()]).toEqual([404, 'Snapshot does not exist']);
    const badDataset = await bd('/datasets/v3/trigger?dataset_id=gd_nope', {
      method: 'POST',
      body: [{ url: 'x' }],
    });
    expect([badDataset.statusCode, await badDataset.body.text()]).toEqual([404, 'dataset does not exist']);
  });
});

describe('Hunter and SerpAPI fakes', () => {
  it('finds the same person by name and domain, pages domain-search, and answers Hunter errors', async () => {
    const c = person.company;
    const found = await request(
      `${sb.url}/hunter/v2/email-finder?domain=${c?.domain ?? ''}&first_name=${person.firstName}&last_name=${person.lastName}&api_key=k`,
    );
    const body = (await found.body.json()) as { data: { email: string; linkedin_url: string } };
    expect(compareShape(capture('hunter/email_finder.reddit_alexis.2023.json'), body)).toEqual([]);
    expect(body.data.email).toBe(person.workEmail);
    expect(body.data.linkedin_url).toContain(person.linkedinSlug);
    const domain = await request(
      `${sb.url}/hunter/v2/domain-search?domain=${c?.domain ?? ''}&limit=1&offset=0`,
      { headers: { 'x-api-key': 'k' } },
    );
    const ds = (await domain.body.json()) as { data: { emails: unknown[] }; meta: { results: number } };
    expect(compareShape(capture('hunter/domain_search.stripe.2023.trimmed.json'), ds)).toEqual([]);
    expect(ds.data.emails).toHaveLength(1);
    expect(ds.meta.results).toBeGreaterThanOrEqual(1);
    const missing = await request(`${sb.url}/hunter/v2/email-finder?first_name=a&last_name=b&api_key=k`);
    expect(missing.statusCode).toBe(400);
    expect(await missing.body.json()).toEqual(capture('hunter/error_400_wrong_params.docs.json'));
    const noKey = await request(`${sb.url}/hunter/v2/domain-search?domain=x.com`);
    expect(noKey.statusCode).toBe(401);
    await noKey.body.text();
  });

  it('returns organic_results with the LinkedIn profile of a named author and errors without a key', async () => {
    const q = encodeURIComponent(`site:linkedin.com/in "${person.fullName}" ${person.company?.name ?? ''}`);
    const res = await request(`${sb.url}/serpapi/search.json?engine=google&q=${q}&api_key=k`);
    const body = (await res.body.json()) as { organic_results: { link: string }[] };
    expect(
      compareShape(capture('serpapi/google_search.texas_black_boutiques.2023.trimmed.json'), body, {
        ignore: ['$.local_map', '$.local_results'],
      }),
    ).toEqual([]);
    expect(body.organic_results[0]?.link).toBe(`https://www.linkedin.com/in/${person.linkedinSlug}`);
    const noKey = await request(`${sb.url}/serpapi/search.json?engine=google&q=x`);
    expect(noKey.statusCode).toBe(401);
    expect(((await noKey.body.json()) as { error: string }).error).toMatch(/API key/);
  });
});
