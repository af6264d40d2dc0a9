import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  intParam,
  paragraphsHtml,
  queryOf,
  RateWindow,
  requestId,
  type FakeApi,
  type SandboxContext,
} from '../api-kit.ts';
import { blankShape, type JsonObject } from '../fixtures.ts';
import { hash32 } from '../scenario/prng.ts';
import { matches, parseQuery } from '../scenario/query-match.ts';
import type { Persona, ScenarioItem } from '../scenario/types.ts';

/** Reddit answers at most this many items of any listing, however far you page. */
export const REDDIT_LISTING_CAP = 1000;
const TOKEN_TTL_SEC = 86_400;

export interface RedditOptions {
  /** Requests per window per token (2026 budget: 1000 per 600 s). */
  rateLimit?: number;
  rateWindowMs?: number;
}

function jsonError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=UTF-8').send({ message, error: status });
}

/** reddit.com (token, www host) and oauth.reddit.com (listings, users) under one prefix. */
export function redditApi(ctx: SandboxContext, opts: RedditOptions = {}): FakeApi & { rate: RateWindow } {
  const tokens = new Map<string, number>();
  const rate = new RateWindow(opts.rateLimit ?? 1000, opts.rateWindowMs ?? 600_000);

  const errors: FakeApi['errors'] = {
    unauthorized: (reply) =>
      jsonError(
        reply.header('www-authenticate', 'Bearer realm="reddit", error="invalid_token"'),
        401,
        'Unauthorized',
      ),
    rateLimited: (reply, retryAfterSec) =>
      jsonError(
        reply
          .header('retry-after', String(retryAfterSec))
          .header('x-ratelimit-remaining', '0.0')
          .header('x-ratelimit-reset', String(retryAfterSec)),
        429,
        'Too Many Requests',
      ),
    serverError: (reply, status) =>
      reply
        .code(status)
        .type('text/html; charset=UTF-8')
        .send(
          `<html><body><h1>${status} Server Error</h1>Our CDN was unable to reach our servers.</body></html>`,
        ),
  };

  function userId(p: Persona): string {
    return (hash32(`reddit:${p.key}`) % 2_000_000_000).toString(36);
  }

  function textFields(req: FastifyRequest): (s: string) => string {
    // Without raw_json=1 Reddit escapes &, < and > inside JSON strings (legacy behaviour).
    return queryOf(req).raw_json === '1'
      ? (s) => s
      : (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  function postData(item: ScenarioItem, t: (s: string) => string): JsonObject {
    const sub = item.site ?? 'all';
    const permalink = `/r/${sub}/comments/${item.externalId}/${slugTitle(item.title ?? '')}/`;
    const created = Math.floor(item.createdAtMs / 1000);
    const score = 1 + (hash32(item.externalId) % 40);
    const comments = ctx.scenario.childrenOf('reddit', item.externalId).length;
    return {
      ...blankShape(ctx.shapes.redditPost),
      subreddit: sub,
      selftext: t(item.body),
      selftext_html: item.body
        ? t(`<!-- SC_OFF --><div class="md">${paragraphsHtml(item.body)}\n</div><!-- SC_ON -->`)
        : null,
      author_fullname: `t2_${userId(item.author)}`,
      title: t(item.title ?? ''),
      subreddit_name_prefixed: `r/${sub}`,
      name: `t3_${item.externalId}`,
      upvote_ratio: 0.9,
      ups: score,
      score,
      created,
      created_utc: created,
      id: item.externalId,
      domain: `self.${sub}`,
      url: `https://www.reddit.com${permalink}`,
      permalink,
      num_comments: comments,
      is_self: true,
      author: item.author.redditName,
      subreddit_id: `t5_${(hash32(sub) % 1e8).toString(36)}`,
      subreddit_type: 'public',
      thumbnail: 'self',
      media_embed: {},
      secure_media_embed: {},
      media: null,
      secure_media: null,
    };
  }

  function commentData(item: ScenarioItem, t: (s: string) => string): JsonObject {
    const sub = item.site ?? 'all';
    const parent = item.parentId ? ctx.scenario.find('reddit', item.parentId) : undefined;
    const linkPermalink = `https://www.reddit.com/r/${sub}/comments/${item.parentId ?? ''}/${slugTitle(parent?.title ?? '')}/`;
    const created = Math.floor(item.createdAtMs / 1000);
    return {
      ...blankShape(ctx.shapes.redditComment),
      subreddit_id: `t5_${(hash32(sub) % 1e8).toString(36)}`,
      link_title: t(parent?.title ?? ''),
      subreddit: sub,
      link_author: parent?.author.redditName ?? '[deleted]',
      replies: '',
      id: item.externalId,
      author: item.author.redditName,
      num_comments: parent ? ctx.scenario.childrenOf('reddit', parent.externalId).length : 0,
      parent_id: `t3_${item.parentId ?? ''}`,
      score: 1,
      ups: 1,
      author_fullname: `t2_${userId(item.author)}`,
      body: t(item.body),
      body_html: t(`<div class="md">${paragraphsHtml(item.body)}\n</div>`),
      link_id: `t3_${item.parentId ?? ''}`,
      name: `t1_${item.externalId}`,
      link_permalink: linkPermalink,
      link_url: linkPermalink,
      permalink: `/r/${sub}/comments/${item.parentId ?? ''}/${slugTitle(parent?.title ?? '')}/${item.externalId}/`,
      subreddit_name_prefixed: `r/${sub}`,
      subreddit_type: 'public',
      created,
      created_utc: created,
      author_flair_type: 'text',
      gildings: {},
    };
  }

  function listing(req: FastifyRequest, reply: FastifyReply, candidates: ScenarioItem[]): FastifyReply {
    const q = queryOf(req);
    const limit = Math.min(100, Math.max(1, intParam(q.limit, 25)));
    const capped = candidates.slice(0, REDDIT_LISTING_CAP);
    const fullname = (it: ScenarioItem) => `${it.kind === 'post' ? 't3' : 't1'}_${it.externalId}`;
    let start = 0;
    let end = 0;
    if (q.after) {
      const idx = capped.findIndex((it) => fullname(it) === q.after);
      start = idx < 0 ? capped.length : idx + 1;
      end = Math.min(capped.length, start + limit);
    } else if (q.before) {
      const idx = capped.findIndex((it) => fullname(it) === q.before);
      end = idx < 0 ? 0 : idx;
      start = Math.max(0, end - limit);
    } else {
      end = Math.min(capped.length, limit);
    }
    const page = capped.slice(start, end);
    const last = page[page.length - 1];
    const first = page[0];
    return reply.send(
      listingBody(
        req,
        page,
        last && end < capped.length ? fullname(last) : null,
        first && start > 0 ? fullname(first) : null,
      ),
    );
  }

  function listingBody(req: FastifyRequest, page: ScenarioItem[], after: string | null, before: string | null): JsonObject {
    const t = textFields(req);
    const children = page.map((it) =>
      it.kind === 'post' ? { kind: 't3', data: postData(it, t) } : { kind: 't1', data: commentData(it, t) },
    );
    return { kind: 'Listing', data: { after, dist: children.length, modhash: '', geo_filter: '', children, before } };
  }

  /**
   * GET /api/info?id=t3_x,t1_y: the things with these fullnames, as one Listing, in the order
   * asked; unknown (not yet created, removed) ids are left out. Reddit answers at most 100.
   */
  function info(req: FastifyRequest, reply: FastifyReply): FastifyReply {
    const names = (queryOf(req).id ?? '').split(',').filter(Boolean).slice(0, 100);
    const found: ScenarioItem[] = [];
    for (const name of names) {
      const m = /^(t1|t3)_([0-9a-z]+)$/.exec(name);
      const it = m?.[2] ? ctx.scenario.find('reddit', m[2]) : undefined;
      if (it && (it.kind === 'post') === (m?.[1] === 't3') && !ctx.scenario.isHidden('reddit', it.externalId))
        found.push(it);
    }
    return reply.send(listingBody(req, found, null, null));
  }

  function inSubs(sub: string): (it: ScenarioItem) => boolean {
    if (sub === 'all' || sub === 'popular') return () => true;
    const wanted = new Set(sub.toLowerCase().split('+'));
    return (it) => wanted.has((it.site ?? '').toLowerCase());
  }

  function newestFirst(filter: (it: ScenarioItem) => boolean): ScenarioItem[] {
    const all = ctx.scenario.items('reddit');
    const out: ScenarioItem[] = [];
    for (let i = all.length - 1; i >= 0; i--) {
      const it = all[i];
      if (it && filter(it) && !ctx.scenario.isHidden('reddit', it.externalId)) out.push(it);
    }
    return out;
  }

  function search(req: FastifyRequest, reply: FastifyReply, sub: string): FastifyReply {
    const q = queryOf(req);
    const parsed = parseQuery(q.q ?? '');
    const restrict =
      sub !== 'all' && q.restrict_sr !== 'false' && q.restrict_sr !== '0' && q.restrict_sr !== 'False';
    const subFilter = restrict ? inSubs(sub) : () => true;
    const minCreated = timeFloor(q.t, ctx.scenario.now());
    for (const op of parsed.operators)
      if (op.key === 'subreddit')
        return listing(
          req,
          reply,
          newestFirst(
            (it) =>
              it.kind === 'post' &&
              (it.site ?? '').toLowerCase() === op.value.toLowerCase() &&
              matches(parsed, `${it.title ?? ''} ${it.body}`),
          ),
        );
    const found = newestFirst(
      (it) =>
        it.kind === 'post' &&
        subFilter(it) &&
        it.createdAtMs >= minCreated &&
        matches(parsed, `${it.title ?? ''} ${it.body}`),
    );
    return listing(req, reply, found);
  }

  function isForbidden(sub: string): boolean {
    return sub.toLowerCase().startsWith('private');
  }

  function register(app: FastifyInstance): void {
    app.post('/api/v1/access_token', async (req, reply) => {
      const h = req.headers.authorization ?? '';
      const m = /^basic\s+(\S+)$/i.exec(h);
      const [id, secret] = m?.[1] ? Buffer.from(m[1], 'base64').toString('utf8').split(':') : [];
      const body = (req.body ?? {}) as Record<string, string>;
      if (!id || !secret || id === 'invalid' || secret === 'invalid')
        return jsonError(reply, 401, 'Unauthorized');
      if (
        ![
          'client_credentials',
          'password',
          'refresh_token',
          'https://oauth.reddit.com/grants/installed_client',
        ].includes(body.grant_type ?? '')
      ) {
        return reply.send({ error: 'unsupported_grant_type' });
      }
      const token = `sbx-${requestId('', 20)}`;
      tokens.set(token, Date.now() + TOKEN_TTL_SEC * 1000);
      return reply
        .type('application/json; charset=UTF-8')
        .send({ access_token: token, token_type: 'bearer', expires_in: TOKEN_TTL_SEC, scope: '*' });
    });

    // Every oauth.reddit.com route: bearer token, then the rate budget, then the handler.
    app.register((oauth, _opts, done) => {
      oauth.addHook('onRequest', async (req, reply) => {
        const h = req.headers.authorization ?? '';
        const m = /^bearer\s+(\S+)$/i.exec(h);
        const expiry = m?.[1] ? tokens.get(m[1]) : undefined;
        if (!m?.[1] || expiry === undefined || expiry < Date.now()) return errors.unauthorized(reply);
        const r = rate.take(m[1]);
        reply
          .header('x-ratelimit-remaining', r.remaining.toFixed(1))
          .header('x-ratelimit-used', String(r.used))
          .header('x-ratelimit-reset', String(r.resetSec));
        if (!r.allowed) return errors.rateLimited(reply, r.resetSec);
        return undefined;
      });
      oauth.get('/search', async (req, reply) => search(req, reply, 'all'));
      oauth.get('/api/info', async (req, reply) => info(req, reply));
      oauth.get<{ Params: { sub: string } }>('/r/:sub/search', async (req, reply) =>
        isForbidden(req.params.sub) ? jsonError(reply, 403, 'Forbidden') : search(req, reply, req.params.sub),
      );
      oauth.get<{ Params: { sub: string } }>('/r/:sub/new', async (req, reply) => {
        if (isForbidden(req.params.sub)) return jsonError(reply, 403, 'Forbidden');
        const inSub = inSubs(req.params.sub);
        return listing(
          req,
          reply,
          newestFirst((it) => it.kind === 'post' && inSub(it)),
        );
      });
      oauth.get<{ Params: { sub: string } }>('/r/:sub/comments', async (req, reply) => {
        if (isForbidden(req.params.sub)) return jsonError(reply, 403, 'Forbidden');
        const inSub = inSubs(req.params.sub);
        return listing(
          req,
          reply,
          newestFirst((it) => it.kind === 'comment' && inSub(it)),
        );
      });
      oauth.get<{ Params: { name: string } }>('/user/:name/about', async (req, reply) => {
        const p = ctx.scenario.personaBy((x) => x.redditName.toLowerCase() === req.params.name.toLowerCase());
        if (!p) return jsonError(reply, 404, 'Not Found');
        return reply.send({ kind: 't2', data: userData(p) });
      });
      oauth.get('/api/v1/me', async (_req, reply) => jsonError(reply, 403, 'Forbidden'));
      done();
    });
  }

  function userData(p: Persona): JsonObject {
    const shape = blankShape(ctx.shapes.redditUser);
    const subShape =
      shape.subreddit && typeof shape.subreddit === 'object' && !Array.isArray(shape.subreddit)
        ? shape.subreddit
        : {};
    const linkKarma = Math.floor(p.karma / 3);
    return {
      ...shape,
      subreddit: {
        ...subShape,
        display_name: `u_${p.redditName}`,
        display_name_prefixed: `u/${p.redditName}`,
        title: p.fullName,
        public_description: p.bio,
        description: '',
        url: `/user/${p.redditName}/`,
        name: `t5_${(hash32(`u:${p.key}`) % 1e8).toString(36)}`,
        subreddit_type: 'user',
        icon_size: [256, 256],
      },
      id: userId(p),
      name: p.redditName,
      created: p.createdAtSec,
      created_utc: p.createdAtSec,
      link_karma: linkKarma,
      comment_karma: p.karma - linkKarma,
      total_karma: p.karma,
      icon_img: 'https://www.redditstatic.com/avatars/defaults/v2/avatar_default_3.png',
      has_verified_email: true,
    };
  }

  return { name: 'reddit', register, errors, rate };
}

function slugTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 50);
}

function timeFloor(t: string | undefined, nowMs: number): number {
  const hours: Record<string, number> = { hour: 1, day: 24, week: 168, month: 720, year: 8760 };
  const h = t ? hours[t] : undefined;
  return h ? nowMs - h * 3600_000 : 0;
}
