import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withWorkspace } from '@intent-radar/db';
import { typed, type RouteDeps } from '../app.ts';
import { actorOf, audit } from '../audit.ts';
import { principalOf } from '../auth/authenticate.ts';
import { newApiKey } from '../auth/api-key-repository.ts';
import { notFound } from '../http/problem.ts';
import { idParams, iso, ok, problems } from './schemas.ts';

const keyOut = z.object({ id: z.string(), name: z.string(), prefix: z.string(), scopes: z.array(z.string()), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() });
interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}
const toKey = (r: KeyRow) => ({ id: r.id, name: r.name, prefix: `ir_${r.prefix}`, scopes: r.scopes, createdAt: iso(r.created_at)!, lastUsedAt: iso(r.last_used_at), revokedAt: iso(r.revoked_at) });

/** API keys: created by signed-in users (never by another key), shown once, stored hashed. */
export function apiKeyRoutes(app: FastifyInstance, deps: RouteDeps, done: (err?: Error) => void): void {
  const api = typed(app);
  const { pool } = deps;
  const tags = ['api-keys'];

  api.get('/api-keys', { config: { auth: 'user' }, schema: { tags, summary: 'List API keys (never the secret)', response: { 200: z.object({ items: z.array(keyOut) }) } } }, async (req) => {
    const p = principalOf(req);
    const rows = await withWorkspace(pool, p.workspaceId, async (db) => (await db.query<KeyRow>(`SELECT id, name, prefix, scopes, created_at, last_used_at, revoked_at FROM api_keys ORDER BY created_at, id`)).rows);
    return { items: rows.map(toKey) };
  });

  api.post(
    '/api-keys',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Create an API key; the key is in this response only',
        body: z.object({ name: z.string().trim().min(1).max(200), scopes: z.array(z.enum(['read', 'write'])).min(1).max(2) }).strict(),
        response: { 201: keyOut.extend({ key: z.string() }) },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const k = newApiKey();
      const row = await withWorkspace(pool, p.workspaceId, async (db) => {
        const r = await db.query<KeyRow>(
          `INSERT INTO api_keys (workspace_id, name, prefix, key_hash, scopes, created_by) VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING id, name, prefix, scopes, created_at, last_used_at, revoked_at`,
          [p.workspaceId, req.body.name, k.prefix, k.hash, [...new Set(req.body.scopes)], p.userId],
        );
        const created = r.rows[0]!;
        await audit(db, { workspaceId: p.workspaceId, actor: actorOf(p), action: 'api_key.created', target: { type: 'api_key', id: created.id }, details: { scopes: created.scopes } });
        return created;
      });
      return reply.code(201).send({ ...toKey(row), key: k.key });
    },
  );

  api.delete('/api-keys/:id', { config: { auth: 'user' }, schema: { tags, summary: 'Revoke an API key', params: idParams, response: { 200: ok, 404: problems[404] } } }, async (req) => {
    const p = principalOf(req);
    const n = await withWorkspace(pool, p.workspaceId, async (db) => {
      const r = await db.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [req.params.id]);
      if (r.rowCount) await audit(db, { workspaceId: p.workspaceId, actor: actorOf(p), action: 'api_key.revoked', target: { type: 'api_key', id: req.params.id } });
      return r.rowCount ?? 0;
    });
    if (!n) throw notFound('api key');
    deps.apiKeyCache.evict(req.params.id);
    return { ok: true as const };
  });
  done();
}
