import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withWorkspace } from '@intent-radar/db';
import { buildMatcher, parseQuery, queryKey, QueryLimitError, QuerySyntaxError } from '@intent-radar/query';
import { typed, type RouteDeps } from '../app.ts';
import { actorOf, audit } from '../audit.ts';
import { principalOf } from '../auth/authenticate.ts';
import { notFound, ProblemError } from '../http/problem.ts';
import { idParams, iso, ok, platform, problems } from './schemas.ts';
import { PLATFORMS } from '@intent-radar/proto-schemas';

const monitorInput = z.object({
  name: z.string().trim().min(1).max(200),
  query: z.string().min(1).max(5000),
  platforms: z.array(platform).min(1).max(4).default([...PLATFORMS]),
  minScore: z.number().int().min(1).max(10).default(6),
  context: z.string().max(1000).nullable().optional(),
  active: z.boolean().default(true),
});
const monitorPatch = z
  .object({
    name: z.string().trim().min(1).max(200),
    query: z.string().min(1).max(5000),
    platforms: z.array(platform).min(1).max(4),
    minScore: z.number().int().min(1).max(10),
    context: z.string().max(1000).nullable(),
    active: z.boolean(),
  })
  .partial()
  .strict();

const monitorOut = z.object({
  id: z.string(),
  name: z.string(),
  query: z.string(),
  queryKey: z.string(),
  platforms: z.array(z.string()),
  minScore: z.number(),
  context: z.string().nullable(),
  active: z.boolean(),
  scanning: z.boolean().describe('False when the workspace has no active plan or trial: the scheduler skips it.'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

interface MonitorRow {
  id: string;
  name: string;
  query: string;
  query_key: string;
  platforms: string[];
  min_score: number;
  context: string | null;
  active: boolean;
  scanning: boolean;
  created_at: Date;
  updated_at: Date;
}
const COLUMNS = `m.id, m.name, m.query, m.query_key, m.platforms, m.min_score, m.context, m.active, m.created_at, m.updated_at,
  (m.active AND workspace_can_scan(m.workspace_id)) AS scanning`;

const toMonitor = (r: MonitorRow) => ({
  id: r.id,
  name: r.name,
  query: r.query,
  queryKey: r.query_key,
  platforms: r.platforms,
  minScore: r.min_score,
  context: r.context,
  active: r.active,
  scanning: r.scanning,
  createdAt: iso(r.created_at)!,
  updatedAt: iso(r.updated_at)!,
});

/** Parses a monitor query; a syntax error becomes a 422 that names the position. */
export function validatedQueryKey(query: string): string {
  try {
    parseQuery(query);
    return queryKey(query);
  } catch (err) {
    if (err instanceof QuerySyntaxError) {
      throw new ProblemError(422, 'query_syntax', err.message, { position: err.position, expected: err.expected });
    }
    if (err instanceof QueryLimitError) throw new ProblemError(422, 'query_limit', err.message, { limit: err.limit, max: err.max });
    throw err;
  }
}

/** Monitors CRUD and "preview matches" against recently stored posts. */
export function monitorRoutes(app: FastifyInstance, deps: RouteDeps, done: (err?: Error) => void): void {
  const api = typed(app);
  const { pool } = deps;
  const tags = ['monitors'];

  api.get('/monitors', { schema: { tags, summary: 'List monitors', response: { 200: z.object({ items: z.array(monitorOut) }) } } }, async (req) => {
    const p = principalOf(req);
    const rows = await withWorkspace(pool, p.workspaceId, async (db) => (await db.query<MonitorRow>(`SELECT ${COLUMNS} FROM monitors m ORDER BY m.created_at, m.id`)).rows);
    return { items: rows.map(toMonitor) };
  });

  api.get('/monitors/:id', { schema: { tags, summary: 'One monitor', params: idParams, response: { 200: monitorOut, 404: problems[404] } } }, async (req) => {
    const p = principalOf(req);
    const row = await withWorkspace(pool, p.workspaceId, async (db) => (await db.query<MonitorRow>(`SELECT ${COLUMNS} FROM monitors m WHERE m.id = $1`, [req.params.id])).rows[0]);
    if (!row) throw notFound('monitor');
    return toMonitor(row);
  });

  api.post(
    '/monitors',
    { schema: { tags, summary: 'Create a monitor (query errors name their position)', body: monitorInput, response: { 201: monitorOut, 422: problems[400] } } },
    async (req, reply) => {
      const p = principalOf(req);
      const b = req.body;
      const key = validatedQueryKey(b.query);
      const row = await withWorkspace(pool, p.workspaceId, async (db) =>
        (
          await db.query<MonitorRow>(
            `INSERT INTO monitors AS m (workspace_id, name, query, query_key, platforms, min_score, context, active)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
            [p.workspaceId, b.name, b.query, key, [...new Set(b.platforms)], b.minScore, b.context ?? null, b.active],
          )
        ).rows[0]!,
      );
      return reply.code(201).header('location', `/api/v1/monitors/${row.id}`).send(toMonitor(row));
    },
  );

  api.patch(
    '/monitors/:id',
    { schema: { tags, summary: 'Change a monitor', params: idParams, body: monitorPatch, response: { 200: monitorOut, 404: problems[404], 422: problems[400] } } },
    async (req) => {
      const p = principalOf(req);
      const b = req.body;
      const key = b.query === undefined ? null : validatedQueryKey(b.query);
      const row = await withWorkspace(pool, p.workspaceId, async (db) =>
        (
          await db.query<MonitorRow>(
            `UPDATE monitors AS m SET
               name = COALESCE($2, name), query = COALESCE($3, query), query_key = COALESCE($4, query_key),
               platforms = COALESCE($5, platforms), min_score = COALESCE($6, min_score),
               context = CASE WHEN $7::boolean THEN $8 ELSE context END, active = COALESCE($9, active), updated_at = now()
             WHERE m.id = $1 RETURNING ${COLUMNS}`,
            [req.params.id, b.name ?? null, b.query ?? null, key, b.platforms ? [...new Set(b.platforms)] : null, b.minScore ?? null, b.context !== undefined, b.context ?? null, b.active ?? null],
          )
        ).rows[0],
      );
      if (!row) throw notFound('monitor');
      return toMonitor(row);
    },
  );

  api.delete('/monitors/:id', { schema: { tags, summary: 'Delete a monitor and its signals', params: idParams, response: { 200: ok, 404: problems[404] } } }, async (req) => {
    const p = principalOf(req);
    const deleted = await withWorkspace(pool, p.workspaceId, async (db) => {
      const r = await db.query(`DELETE FROM monitors WHERE id = $1`, [req.params.id]);
      if (r.rowCount) await audit(db, { workspaceId: p.workspaceId, actor: actorOf(p), action: 'monitor.deleted', target: { type: 'monitor', id: req.params.id } });
      return r.rowCount ?? 0;
    });
    if (!deleted) throw notFound('monitor');
    return { ok: true as const };
  });

  api.post(
    '/monitors/preview',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'Preview which recently stored posts a query would match, before saving it',
        body: z.object({ query: z.string().min(1).max(5000), platforms: z.array(platform).min(1).max(4).optional(), days: z.number().int().min(1).max(30).default(7), limit: z.number().int().min(1).max(100).default(20) }),
        response: {
          200: z.object({
            queryKey: z.string(),
            scanned: z.number().int(),
            matches: z.array(z.object({ postId: z.string(), platform: z.string(), url: z.string(), title: z.string().nullable(), excerpt: z.string(), intentScore: z.number().nullable(), postedAt: z.string(), spans: z.array(z.tuple([z.number(), z.number()])) })),
          }),
          422: problems[400],
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const { query, platforms, days, limit } = req.body;
      const key = validatedQueryKey(query);
      const matcher = buildMatcher([{ id: 'preview', query }]);
      // Bounded scan: the newest 5000 posts of the window; the real pipeline matches at ingest time.
      const posts = await withWorkspace(pool, p.workspaceId, async (db) =>
        (
          await db.query<{ id: string; platform: string; url: string; title: string | null; content: string; kind: 'post' | 'comment'; site: string | null; author_handle: string; lang: string | null; intent_score: number | null; posted_at: Date }>(
            `SELECT id, platform, url, title, content, kind, site, author_handle, lang, intent_score, posted_at FROM posts
              WHERE posted_at > now() - make_interval(days => $1) AND ($2::text[] IS NULL OR platform = ANY($2))
              ORDER BY posted_at DESC LIMIT 5000`,
            [days, platforms ?? null],
          )
        ).rows,
      );
      const matches = [];
      for (const post of posts) {
        const m = matcher.match({ title: post.title ?? undefined, content: post.content, kind: post.kind, site: post.site ?? undefined, author: post.author_handle, lang: post.lang ?? undefined, platform: post.platform });
        if (m.length === 0) continue;
        matches.push({ postId: post.id, platform: post.platform, url: post.url, title: post.title, excerpt: post.content.slice(0, 280), intentScore: post.intent_score, postedAt: iso(post.posted_at)!, spans: m[0]?.spans ?? [] });
        if (matches.length >= limit) break;
      }
      return { queryKey: key, scanned: posts.length, matches };
    },
  );
  done();
}
