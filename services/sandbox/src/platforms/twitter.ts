import type { FastifyInstance, FastifyReply } from 'fastify';
import { bearerToken, intParam, queryOf, RateWindow, type FakeApi, type SandboxContext } from '../api-kit.ts';
import { hash32 } from '../scenario/prng.ts';
import { matches, parseQuery } from '../scenario/query-match.ts';
import type { Persona, ScenarioItem } from '../scenario/types.ts';

const SEVEN_DAYS_MS = 7 * 86_400_000;
const TOKEN_PREFIX = 'sbx';

export interface TwitterOptions {
  /** App-auth recent search budget: 450 per 15 minutes. */
  rateLimit?: number;
  rateWindowMs?: number;
}

type Json = Record<string, unknown>;

function invalidRequest(
  reply: FastifyReply,
  parameter: string,
  value: string,
  message: string,
): FastifyReply {
  return reply.code(400).send({
    errors: [{ parameters: { [parameter]: [value] }, message }],
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: 'https://api.twitter.com/2/problems/invalid-request',
  });
}

/** X API v2 (`/x/2/...`): recent search with expansions, users, x-rate-limit-* headers. */
export function twitterApi(ctx: SandboxContext, opts: TwitterOptions = {}): FakeApi & { rate: RateWindow } {
  const rate = new RateWindow(opts.rateLimit ?? 450, opts.rateWindowMs ?? 900_000);

  const errors: FakeApi['errors'] = {
    unauthorized: (reply) =>
      reply
        .code(401)
        .send({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }),
    rateLimited: (reply, retryAfterSec) =>
      reply
        .code(429)
        .header('x-rate-limit-remaining', '0')
        .header('x-rate-limit-reset', String(Math.ceil(Date.now() / 1000) + retryAfterSec))
        .header('retry-after', String(retryAfterSec))
        .send({ title: 'Too Many Requests', type: 'about:blank', status: 429, detail: 'Too Many Requests' }),
    serverError: (reply, status) =>
      reply
        .code(status)
        .send({ title: 'Service Unavailable', type: 'about:blank', status, detail: 'Service Unavailable' }),
  };

  function tweet(it: ScenarioItem, fields: Set<string>): Json {
    const t: Json = { edit_history_tweet_ids: [it.externalId], id: it.externalId, text: it.body };
    const h = hash32(it.externalId);
    if (fields.has('author_id')) t.author_id = it.author.xId;
    if (fields.has('created_at')) t.created_at = new Date(it.createdAtMs).toISOString();
    if (fields.has('lang')) t.lang = it.lang;
    if (fields.has('conversation_id')) t.conversation_id = it.externalId;
    if (fields.has('possibly_sensitive')) t.possibly_sensitive = false;
    if (fields.has('source')) t.source = 'Twitter Web App';
    if (fields.has('public_metrics')) {
      t.public_metrics = {
        retweet_count: h % 7,
        reply_count: h % 5,
        like_count: h % 40,
        quote_count: h % 3,
        bookmark_count: h % 4,
        impression_count: 50 + (h % 3000),
      };
    }
    const urls = [...it.body.matchAll(/https?:\/\/\S+/g)];
    if (fields.has('entities') && urls.length > 0) {
      t.entities = {
        urls: urls.map((m) => ({
          start: m.index,
          end: m.index + m[0].length,
          url: m[0],
          expanded_url: m[0],
          display_url: m[0].replace(/^https?:\/\//, ''),
        })),
      };
    }
    return t;
  }

  function user(p: Persona, fields: Set<string>): Json {
    const u: Json = { id: p.xId, name: p.fullName, username: p.xUsername };
    if (fields.has('created_at')) u.created_at = new Date(p.createdAtSec * 1000).toISOString();
    if (fields.has('description')) u.description = p.bio;
    if (fields.has('location')) u.location = p.location;
    if (fields.has('url')) u.url = p.website ?? '';
    if (fields.has('verified')) u.verified = false;
    if (fields.has('protected')) u.protected = false;
    if (fields.has('public_metrics'))
      u.public_metrics = {
        followers_count: p.followers,
        following_count: p.followers % 500,
        tweet_count: p.karma % 9000,
        listed_count: p.followers % 30,
      };
    if (fields.has('profile_image_url'))
      u.profile_image_url = `https://pbs.twimg.com/profile_images/${p.xId}/avatar_normal.jpg`;
    return u;
  }

  const list = (v: string | undefined) =>
    new Set(
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );

  function searchRecent(q: Record<string, string>, reply: FastifyReply): FastifyReply {
    const now = ctx.scenario.now();
    if (!q.query) return invalidRequest(reply, 'query', '', 'The `query` query parameter can not be empty');
    if (q.query.length > 512)
      return invalidRequest(reply, 'query', q.query, 'The `query` query parameter value is too long');
    const max = intParam(q.max_results, 10);
    if (max < 10 || max > 100)
      return invalidRequest(
        reply,
        'max_results',
        q.max_results ?? '',
        `The \`max_results\` query parameter value [${q.max_results ?? ''}] is not between 10 and 100`,
      );
    const startMs = q.start_time ? Date.parse(q.start_time) : now - SEVEN_DAYS_MS;
    const endMs = q.end_time ? Date.parse(q.end_time) : now;
    if (Number.isNaN(startMs))
      return invalidRequest(reply, 'start_time', q.start_time ?? '', 'Invalid start_time');
    if (startMs < now - SEVEN_DAYS_MS - 60_000) {
      return invalidRequest(
        reply,
        'start_time',
        q.start_time ?? '',
        `Invalid 'start_time':'${q.start_time ?? ''}'. 'start_time' must be on or after ${new Date(now - SEVEN_DAYS_MS).toISOString()}`,
      );
    }
    const sinceId = q.since_id ? BigInt(q.since_id) : null;
    let untilId = q.until_id ? BigInt(q.until_id) : null;
    if (q.next_token) {
      const m = /^sbx([0-9a-z]+)$/.exec(q.next_token);
      if (!m?.[1])
        return invalidRequest(
          reply,
          'next_token',
          q.next_token,
          'The `next_token` query parameter value is invalid',
        );
      untilId = parseInt36(m[1]);
    }
    const parsed = parseQuery(q.query);
    const langOp = parsed.operators.find((o) => o.key === 'lang' && !o.negated);
    const fromOp = parsed.operators.find((o) => o.key === 'from' && !o.negated);
    const all = ctx.scenario.items('twitter');
    const page: ScenarioItem[] = [];
    let more = false;
    for (let i = all.length - 1; i >= 0; i--) {
      const it = all[i];
      if (!it) continue;
      if (it.createdAtMs > endMs) continue;
      if (it.createdAtMs < startMs) break;
      const id = BigInt(it.externalId);
      if (sinceId !== null && id <= sinceId) break;
      if (untilId !== null && id >= untilId) continue;
      if (langOp && it.lang !== langOp.value) continue;
      if (fromOp && it.author.xUsername.toLowerCase() !== fromOp.value.toLowerCase()) continue;
      if (!matches(parsed, it.body)) continue;
      if (page.length === max) {
        more = true;
        break;
      }
      page.push(it);
    }
    if (page.length === 0) return reply.send({ meta: { result_count: 0 } });
    const tweetFields = list(q['tweet.fields']);
    const expansions = list(q.expansions);
    if (expansions.has('author_id')) tweetFields.add('author_id');
    const body: Json = { data: page.map((it) => tweet(it, tweetFields)) };
    if (expansions.has('author_id')) {
      const userFields = list(q['user.fields']);
      const seen = new Map<string, Persona>();
      for (const it of page) seen.set(it.author.xId, it.author);
      body.includes = { users: [...seen.values()].map((p) => user(p, userFields)) };
    }
    const newest = page[0];
    const oldest = page[page.length - 1];
    const meta: Json = {
      newest_id: newest?.externalId,
      oldest_id: oldest?.externalId,
      result_count: page.length,
    };
    if (more && oldest) meta.next_token = `${TOKEN_PREFIX}${BigInt(oldest.externalId).toString(36)}`;
    body.meta = meta;
    return reply.send(body);
  }

  function register(app: FastifyInstance): void {
    app.addHook('onRequest', async (req, reply) => {
      const token = bearerToken(req);
      if (!token || token === 'invalid') return errors.unauthorized(reply);
      const r = rate.take(token);
      reply
        .header('x-rate-limit-limit', String(rate.limit))
        .header('x-rate-limit-remaining', String(r.remaining))
        .header('x-rate-limit-reset', String(r.resetEpochSec));
      if (!r.allowed) return errors.rateLimited(reply, r.resetSec);
      return undefined;
    });
    app.get('/2/tweets/search/recent', async (req, reply) => searchRecent(queryOf(req), reply));
    app.get<{ Params: { id: string } }>('/2/users/:id', async (req, reply) => {
      const p = ctx.scenario.personaBy((x) => x.xId === req.params.id);
      if (!p)
        return reply.send({
          errors: [
            {
              value: req.params.id,
              detail: `Could not find user with id: [${req.params.id}].`,
              title: 'Not Found Error',
              resource_type: 'user',
              parameter: 'id',
              resource_id: req.params.id,
              type: 'https://api.twitter.com/2/problems/resource-not-found',
            },
          ],
        });
      return reply.send({ data: user(p, list(queryOf(req)['user.fields'])) });
    });
    app.get<{ Params: { username: string } }>('/2/users/by/username/:username', async (req, reply) => {
      const p = ctx.scenario.personaBy(
        (x) => x.xUsername.toLowerCase() === req.params.username.toLowerCase(),
      );
      if (!p)
        return reply.send({
          errors: [
            {
              value: req.params.username,
              detail: `Could not find user with username: [${req.params.username}].`,
              title: 'Not Found Error',
              resource_type: 'user',
              parameter: 'username',
              resource_id: req.params.username,
              type: 'https://api.twitter.com/2/problems/resource-not-found',
            },
          ],
        });
      return reply.send({ data: user(p, list(queryOf(req)['user.fields'])) });
    });
  }

  return { name: 'x', register, errors, rate };
}

function parseInt36(s: string): bigint {
  let n = 0n;
  for (const ch of s) n = n * 36n + BigInt(parseInt(ch, 36));
  return n;
}
