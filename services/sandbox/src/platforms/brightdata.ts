import type { FastifyInstance, FastifyReply } from 'fastify';
import { intParam, queryOf, requestId, type FakeApi, type SandboxContext } from '../api-kit.ts';
import { blankShape, type JsonObject } from '../fixtures.ts';
import { hash32 } from '../scenario/prng.ts';
import { matches, parseQuery } from '../scenario/query-match.ts';
import type { Persona, ScenarioItem } from '../scenario/types.ts';

export const LINKEDIN_POSTS_DATASET = 'gd_lyy3tktm25m4avu764';
export const LINKEDIN_PROFILES_DATASET = 'gd_l1viktl72bvl7bjuj0';
/** Scenario time a snapshot takes to collect (tests advance the clock past it). */
export const SNAPSHOT_COLLECT_MS = 5_000;

interface Snapshot {
  id: string;
  datasetId: string;
  createdMs: number;
  readyMs: number;
  canceled: boolean;
  records: JsonObject[];
  failures: JsonObject[];
  includeErrors: boolean;
}

const text = (reply: FastifyReply, status: number, body: string) =>
  reply.code(status).type('text/plain; charset=utf-8').send(body);

/** Bright Data Web Scraper API (datasets v3) serving LinkedIn posts and profiles of the scenario. */
export function brightdataApi(ctx: SandboxContext): FakeApi {
  const snapshots = new Map<string, Snapshot>();
  const errors: FakeApi['errors'] = {
    unauthorized: (reply) => text(reply, 401, 'Credentials are missing'),
    rateLimited: (reply, retryAfterSec) =>
      text(reply.header('retry-after', String(retryAfterSec)), 429, 'Too many requests'),
    serverError: (reply, status) => text(reply, status, 'Internal server error'),
  };

  const profileUrl = (p: Persona) => `https://www.linkedin.com/in/${p.linkedinSlug}`;
  const postUrl = (it: ScenarioItem) =>
    `https://www.linkedin.com/posts/${it.author.linkedinSlug}_${it.externalId}-${(hash32(it.externalId) % 46656).toString(36)}`;

  function postRecord(it: ScenarioItem, input: JsonObject, discovery: JsonObject | null): JsonObject {
    const p = it.author;
    const headline = it.body.split('\n')[0] ?? '';
    const h = hash32(it.externalId);
    return {
      ...blankShape(ctx.shapes.linkedinPost, true),
      url: postUrl(it),
      id: it.externalId,
      user_id: p.linkedinSlug,
      use_url: `${profileUrl(p)}?trk=public_post_feed-actor-image`,
      title: `${headline.slice(0, 80)} | ${p.fullName} | ${h % 30} comments`,
      headline,
      post_text: it.body,
      date_posted: new Date(it.createdAtMs).toISOString(),
      top_visible_comments: [],
      num_likes: h % 300,
      num_comments: h % 30,
      user_followers: p.followers,
      user_posts: ctx.scenario.itemsBy('linkedin', p).length,
      user_articles: 0,
      post_type: 'post',
      account_type: 'Person',
      post_text_html: it.body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, '<br>'),
      repost: { repost_hangtags: null, repost_attachments: null, tagged_users: null, tagged_companies: null },
      tagged_companies: [],
      tagged_people: [],
      user_title: p.company ? `${p.title} at ${p.company.name}` : p.title,
      author_profile_pic: `https://media.licdn.com/dms/image/sandbox/${p.linkedinSlug}.jpg`,
      user_profile_pic: `https://media.licdn.com/dms/image/sandbox/${p.linkedinSlug}.jpg`,
      user_name: p.fullName,
      original_post_text: it.body,
      timestamp: new Date(ctx.scenario.now()).toISOString(),
      input,
      discovery_input: discovery,
    };
  }

  function profileRecord(p: Persona, input: JsonObject): JsonObject {
    const c = p.company;
    return {
      ...blankShape(ctx.shapes.linkedinProfile, true),
      id: p.linkedinSlug,
      name: p.fullName,
      city: p.location,
      country_code: p.location.endsWith('United States') ? 'US' : 'XX',
      position: c ? `${p.title} at ${c.name}` : p.title,
      about: p.bio,
      current_company: c
        ? {
            company_id: c.linkedinSlug,
            link: `https://www.linkedin.com/company/${c.linkedinSlug}`,
            location: null,
            name: c.name,
          }
        : null,
      experience: c
        ? [
            {
              company: c.name,
              company_logo_url: `https://media.licdn.com/dms/image/sandbox/${c.linkedinSlug}_logo.png`,
              description_html: null,
              subtitle: c.name,
              title: p.title,
            },
          ]
        : [],
      url: profileUrl(p),
      people_also_viewed: [],
      avatar: `https://media.licdn.com/dms/image/sandbox/${p.linkedinSlug}.jpg`,
      followers: p.followers,
      connections: Math.min(500, p.followers),
      current_company_company_id: c?.linkedinSlug ?? null,
      current_company_name: c?.name ?? null,
      location: p.location.split(',')[0] ?? p.location,
      input_url: typeof input.url === 'string' ? input.url : profileUrl(p),
      linkedin_id: p.linkedinSlug,
      linkedin_num_id: String(hash32(p.key)),
      banner_image: 'https://static.licdn.com/aero-v1/sc/h/sandbox-banner',
      similar_profiles: [],
      default_avatar: false,
      memorialized_account: false,
      bio_links: p.website ? [{ title: 'Website', link: p.website }] : [],
      first_name: p.firstName,
      last_name: p.lastName,
      influencer: false,
    };
  }

  function deadPage(input: JsonObject): JsonObject {
    return {
      timestamp: new Date(ctx.scenario.now()).toISOString(),
      input,
      error: '4XX page - dead page.',
      error_code: 'dead_page',
    };
  }

  function collect(
    datasetId: string,
    discoverBy: string | undefined,
    input: JsonObject,
    limit: number,
  ): JsonObject[] | null {
    const url = typeof input.url === 'string' ? input.url.replace(/\?.*$/, '').replace(/\/$/, '') : '';
    const posts = ctx.scenario.items('linkedin');
    const newest = (filter: (it: ScenarioItem) => boolean) =>
      [...posts].reverse().filter(filter).slice(0, limit);
    if (datasetId === LINKEDIN_PROFILES_DATASET) {
      const p = ctx.scenario.personaBy((x) => profileUrl(x) === url);
      return p ? [profileRecord(p, input)] : null;
    }
    if (discoverBy === 'company_url') {
      const slug = /\/company\/([^/]+)/.exec(url)?.[1];
      if (!slug || !ctx.scenario.personaBy((x) => x.company?.linkedinSlug === slug)) return null;
      return newest((it) => it.author.company?.linkedinSlug === slug).map((it) =>
        postRecord(it, { url: postUrl(it) }, input),
      );
    }
    if (discoverBy === 'profile_url') {
      const p = ctx.scenario.personaBy((x) => profileUrl(x) === url);
      return p
        ? newest((it) => it.author.key === p.key).map((it) => postRecord(it, { url: postUrl(it) }, input))
        : null;
    }
    if (discoverBy === 'keyword') {
      // Not in the captures: lets an ingestor search LinkedIn posts by keyword in the sandbox.
      const parsed = parseQuery(typeof input.keyword === 'string' ? input.keyword : '');
      return newest((it) => matches(parsed, it.body)).map((it) =>
        postRecord(it, { url: postUrl(it) }, input),
      );
    }
    const it = posts.find((x) => postUrl(x) === url || url.endsWith(x.externalId));
    return it ? [postRecord(it, input, null)] : null;
  }

  function register(app: FastifyInstance): void {
    app.addHook('onRequest', async (req, reply) => {
      const h = req.headers.authorization;
      if (!h) return errors.unauthorized(reply);
      if (/^basic\s/i.test(h)) return text(reply, 401, 'Basic auth is not allowed');
      if (!/^bearer\s+\S+/i.test(h)) return text(reply, 401, 'Auth method is not supported');
      return undefined;
    });

    app.post('/datasets/v3/trigger', async (req, reply) => {
      const q = queryOf(req);
      const datasetId = q.dataset_id ?? '';
      if (datasetId !== LINKEDIN_POSTS_DATASET && datasetId !== LINKEDIN_PROFILES_DATASET)
        return text(reply, 404, 'dataset does not exist');
      const inputs = req.body;
      if (!Array.isArray(inputs) || inputs.length === 0)
        return reply.code(400).send({
          error: 'Invalid input provided',
          code: 'validation_error',
          type: 'validation',
          errors: [['input', 'Expected a non-empty JSON array']],
        });
      const records: JsonObject[] = [];
      const failures: JsonObject[] = [];
      for (const [index, raw] of (inputs as unknown[]).entries()) {
        const input = (typeof raw === 'object' && raw !== null ? raw : {}) as JsonObject;
        const needsKeyword = q.discover_by === 'keyword';
        if (needsKeyword ? typeof input.keyword !== 'string' : typeof input.url !== 'string') {
          return reply.code(400).send({
            error: 'Invalid input provided',
            code: 'validation_error',
            type: 'validation',
            line: JSON.stringify(input),
            index: index + 1,
            errors: [[needsKeyword ? 'keyword' : 'url', 'Required field']],
          });
        }
        const found = collect(datasetId, q.discover_by, input, intParam(q.limit_per_input, 25));
        if (found) records.push(...found);
        else failures.push(deadPage(input));
      }
      const id = `sd_${requestId('', 17).toLowerCase()}`;
      const now = ctx.scenario.now();
      snapshots.set(id, {
        id,
        datasetId,
        createdMs: now,
        readyMs: now + SNAPSHOT_COLLECT_MS,
        canceled: false,
        records,
        failures,
        includeErrors: q.include_errors === 'true',
      });
      return reply.send({ snapshot_id: id });
    });

    app.get<{ Params: { id: string } }>('/datasets/v3/progress/:id', async (req, reply) => {
      const s = snapshots.get(req.params.id);
      if (!s) return text(reply, 404, 'Snapshot does not exist');
      const base = { snapshot_id: s.id, dataset_id: s.datasetId };
      const now = ctx.scenario.now();
      if (s.canceled) return reply.send({ status: 'canceled', ...base, error_codes: { aborted_page: 1 } });
      if (now < s.readyMs) return reply.send({ status: 'running', ...base, running_time: now - s.createdMs });
      const duration = s.readyMs - s.createdMs;
      const inputs = Math.max(1, s.records.length + s.failures.length);
      if (s.records.length === 0 && s.failures.length > 0)
        return reply.send({
          status: 'failed',
          ...base,
          error_codes: { dead_page: s.failures.length },
          records: 0,
          errors: s.failures.length,
          collection_duration: duration,
        });
      return reply.send({
        status: 'ready',
        ...base,
        ...(s.failures.length ? { error_codes: { dead_page: s.failures.length } } : {}),
        records: s.records.length,
        errors: s.failures.length,
        collection_duration: duration,
        avg_duration_per_input: Math.round(duration / inputs),
      });
    });

    app.get<{ Params: { id: string } }>('/datasets/v3/snapshot/:id', async (req, reply) => {
      const s = snapshots.get(req.params.id);
      if (!s) return text(reply, 404, 'Snapshot does not exist');
      if (s.canceled) return text(reply, 400, 'Snapshot is canceled');
      if (ctx.scenario.now() < s.readyMs)
        return reply
          .code(202)
          .send({ status: 'running', message: 'Snapshot is not ready yet, try again in 30s' });
      return reply.send(s.includeErrors ? [...s.records, ...s.failures] : s.records);
    });

    app.post<{ Params: { id: string } }>('/datasets/v3/snapshot/:id/cancel', async (req, reply) => {
      const s = snapshots.get(req.params.id);
      if (!s) return text(reply, 404, 'Snapshot does not exist');
      s.canceled = true;
      return text(reply, 200, 'OK');
    });
  }

  return { name: 'brightdata', register, errors };
}
