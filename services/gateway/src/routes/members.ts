import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withWorkspace } from '@intent-radar/db';
import { typed, type RouteDeps } from '../app.ts';
import { actorOf, audit } from '../audit.ts';
import { principalOf } from '../auth/authenticate.ts';
import { notFound, ProblemError } from '../http/problem.ts';
import { email, idParams, iso, ok, problems } from './schemas.ts';

const memberOut = z.object({ userId: z.string(), email: z.string(), name: z.string().nullable(), role: z.enum(['owner', 'member']), joinedAt: z.string() });

/** Workspace members: one flat price, unlimited seats. */
export function memberRoutes(app: FastifyInstance, deps: RouteDeps, done: (err?: Error) => void): void {
  const api = typed(app);
  const { pool } = deps;
  const tags = ['workspace'];

  api.get('/members', { config: { auth: 'user' }, schema: { tags, summary: 'Members of the workspace', response: { 200: z.object({ items: z.array(memberOut) }) } } }, async (req) => {
    const p = principalOf(req);
    const rows = await withWorkspace(pool, p.workspaceId, async (db) =>
      (await db.query<{ user_id: string; email: string; name: string | null; role: 'owner' | 'member'; created_at: Date }>(
        `SELECT m.user_id, u.email, u.name, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id ORDER BY m.created_at`,
      )).rows,
    );
    return { items: rows.map((r) => ({ userId: r.user_id, email: r.email, name: r.name, role: r.role, joinedAt: iso(r.created_at)! })) };
  });

  api.post(
    '/members',
    {
      config: { auth: 'user', ownerOnly: true },
      schema: { tags, summary: 'Add a person who has an account (owner only)', body: z.object({ email, role: z.enum(['owner', 'member']).default('member') }).strict(), response: { 201: memberOut, 404: problems[404], 409: problems[400] } },
    },
    async (req, reply) => {
      const p = principalOf(req);
      // Account lookup by email is a system query: users outside the workspace are invisible to RLS.
      const u = (await pool.query<{ id: string; email: string; name: string | null }>(`SELECT id, email, name FROM users WHERE email = $1`, [req.body.email])).rows[0];
      if (!u) throw new ProblemError(404, 'no_account', 'no account with this email; ask them to sign up first');
      const row = await withWorkspace(pool, p.workspaceId, async (db) => {
        const r = await db.query<{ created_at: Date }>(
          `INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING created_at`,
          [p.workspaceId, u.id, req.body.role],
        );
        if (r.rows[0]) await audit(db, { workspaceId: p.workspaceId, actor: actorOf(p), action: 'member.added', target: { type: 'user', id: u.id }, details: { role: req.body.role } });
        return r.rows[0];
      });
      if (!row) throw new ProblemError(409, 'already_member', 'already a member');
      return reply.code(201).send({ userId: u.id, email: u.email, name: u.name, role: req.body.role, joinedAt: iso(row.created_at)! });
    },
  );

  api.delete('/members/:id', { config: { auth: 'user', ownerOnly: true }, schema: { tags, summary: 'Remove a member (owner only)', params: idParams, response: { 200: ok, 404: problems[404], 409: problems[400] } } }, async (req) => {
    const p = principalOf(req);
    const n = await withWorkspace(pool, p.workspaceId, async (db) => {
      const owners = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM memberships WHERE role = 'owner' AND user_id <> $1`, [req.params.id]);
      const target = await db.query<{ role: string }>(`SELECT role FROM memberships WHERE user_id = $1`, [req.params.id]);
      if (!target.rows[0]) return 0;
      if (target.rows[0].role === 'owner' && (owners.rows[0]?.n ?? 0) === 0) throw new ProblemError(409, 'last_owner', 'a workspace keeps at least one owner');
      const r = await db.query(`DELETE FROM memberships WHERE user_id = $1`, [req.params.id]);
      await audit(db, { workspaceId: p.workspaceId, actor: actorOf(p), action: 'member.removed', target: { type: 'user', id: req.params.id } });
      return r.rowCount ?? 0;
    });
    if (!n) throw notFound('member');
    return { ok: true as const };
  });
  done();
}
