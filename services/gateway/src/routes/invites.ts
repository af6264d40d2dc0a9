import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withTransaction, withWorkspace } from '@intent-radar/db';
import { createDeliveryClients } from '@intent-radar/notifier';
import { typed, type RouteDeps } from '../app.ts';
import { actorOf, audit } from '../audit.ts';
import { principalOf } from '../auth/authenticate.ts';
import { acceptInvite, INVITE_TTL_DAYS, newInviteToken } from '../auth/invite-repository.ts';
import { notFound, ProblemError } from '../http/problem.ts';
import { email, idParams, iso, ok, problems } from './schemas.ts';

const inviteOut = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(['owner', 'member']),
  invitedBy: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
type InviteRow = { id: string; email: string; role: 'owner' | 'member'; invited_by: string | null; created_at: Date; expires_at: Date };
const toInvite = (r: InviteRow) => ({ id: r.id, email: r.email, role: r.role, invitedBy: r.invited_by, createdAt: iso(r.created_at)!, expiresAt: iso(r.expires_at)! });
const COLUMNS = 'id, email, role, invited_by, created_at, expires_at';

/** Sends through the SMTP transport; a refusal is a 503 problem (the transaction rolls back). */
async function sendInvite(mail: ReturnType<typeof createDeliveryClients>, message: { from: string; to: string; subject: string; text: string }): Promise<void> {
  try {
    await mail.mailer.sendMail(message);
  } catch {
    throw new ProblemError(503, 'email_unavailable', 'the invitation email could not be sent; nothing was saved, try again');
  }
}

/** Invitations by email: owners invite, list and revoke; the invited person accepts signed in or at signup. */
export function inviteRoutes(app: FastifyInstance, deps: RouteDeps, done: (err?: Error) => void): void {
  const api = typed(app);
  const { pool, config } = deps;
  const tags = ['workspace'];

  // The notifier's SMTP transport factory; connects on the first invitation, closes with the app.
  let delivery: ReturnType<typeof createDeliveryClients> | undefined;
  app.addHook('onClose', async () => {
    await delivery?.close();
  });

  api.post(
    '/invites',
    {
      config: { auth: 'user', ownerOnly: true },
      schema: {
        tags,
        summary: 'Invite someone by email (owner only); the link is single-use and expires in 7 days',
        body: z.object({ email, role: z.enum(['owner', 'member']).default('member') }).strict(),
        response: { 201: inviteOut, 409: problems[400] },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const { email: to, role } = req.body;
      // Membership of another account is not visible under RLS: a system query.
      const member = await pool.query(`SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1 AND u.email = $2`, [p.workspaceId, to]);
      if (member.rowCount) throw new ProblemError(409, 'already_member', 'already a member');
      const { token, hash } = newInviteToken();
      delivery ??= createDeliveryClients(config);
      const mail = delivery;
      const row = await withWorkspace(pool, p.workspaceId, async (db) => {
        // A new invitation replaces a pending one to the same address: only the latest link works.
        await db.query(`UPDATE workspace_invites SET revoked_at = now() WHERE email = $1 AND accepted_at IS NULL AND revoked_at IS NULL`, [to]);
        const r = await db.query<InviteRow>(
          `INSERT INTO workspace_invites (workspace_id, email, role, token_hash, invited_by, expires_at)
           VALUES ($1, $2, $3, $4, $5, now() + make_interval(days => $6)) RETURNING ${COLUMNS}`,
          [p.workspaceId, to, role, hash, p.userId, INVITE_TTL_DAYS],
        );
        const created = r.rows[0]!;
        const who = await db.query<{ ws: string; inviter: string }>(
          `SELECT w.name AS ws, coalesce(u.name, u.email) AS inviter FROM workspaces w, users u WHERE u.id = $1`,
          [p.userId],
        );
        await audit(db, { workspaceId: p.workspaceId, actor: actorOf(p), action: 'member.invited', target: { type: 'invite', id: created.id }, details: { email: to, role } });
        // Sent inside the transaction: when the mail server refuses, no invitation exists that nobody received.
        const { ws, inviter } = who.rows[0]!;
        const link = new URL(`/accept-invite#token=${encodeURIComponent(token)}`, config.PUBLIC_URL).toString();
        await sendInvite(mail, {
          from: mail.emailFrom,
          to,
          subject: `${inviter.slice(0, 80)} invited you to ${ws.slice(0, 80)} on Intent Radar`,
          text: [
            `${inviter} invited you to join the workspace "${ws}" on Intent Radar as ${role === 'owner' ? 'an owner' : 'a member'}.`,
            '',
            `Accept: ${link}`,
            '',
            `The link works once and expires on ${iso(created.expires_at)!.slice(0, 10)}. Sign in or create an account with this email address (${to}).`,
            'If you did not expect this, ignore this email.',
          ].join('\n'),
        });
        return created;
      });
      req.log.info({ inviteId: row.id, workspaceId: p.workspaceId }, 'invitation sent');
      return reply.code(201).send(toInvite(row));
    },
  );

  api.get('/invites', { config: { auth: 'user', ownerOnly: true }, schema: { tags, summary: 'Pending invitations (owner only)', response: { 200: z.object({ items: z.array(inviteOut) }) } } }, async (req) => {
    const p = principalOf(req);
    const rows = await withWorkspace(pool, p.workspaceId, async (db) =>
      (await db.query<InviteRow>(`SELECT ${COLUMNS} FROM workspace_invites WHERE accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now() ORDER BY created_at DESC LIMIT 500`)).rows,
    );
    return { items: rows.map(toInvite) };
  });

  api.delete('/invites/:id', { config: { auth: 'user', ownerOnly: true }, schema: { tags, summary: 'Revoke a pending invitation (owner only)', params: idParams, response: { 200: ok, 404: problems[404] } } }, async (req) => {
    const p = principalOf(req);
    const n = await withWorkspace(pool, p.workspaceId, async (db) => {
      const r = await db.query(`UPDATE workspace_invites SET revoked_at = now() WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL`, [req.params.id]);
      if (r.rowCount) await audit(db, { workspaceId: p.workspaceId, actor: actorOf(p), action: 'member.invite_revoked', target: { type: 'invite', id: req.params.id } });
      return r.rowCount ?? 0;
    });
    if (!n) throw notFound('invitation');
    return { ok: true as const };
  });

  api.post(
    '/invites/accept',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Accept an invitation as the signed-in user (the email must match); sign in to that workspace with POST /auth/login workspaceId',
        body: z.object({ token: z.string().min(1).max(200) }).strict(),
        response: { 200: z.object({ workspaceId: z.string(), workspaceName: z.string(), role: z.enum(['owner', 'member']) }), 403: problems[403], 404: problems[404] },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const userId = p.userId!;
      const out = await withTransaction(pool, async (db) => {
        const u = await db.query<{ email: string }>(`SELECT email FROM users WHERE id = $1`, [userId]);
        return acceptInvite(db, req.body.token, { id: userId, email: u.rows[0]!.email });
      });
      if (!out.ok) {
        if (out.reason === 'email_mismatch') throw new ProblemError(403, 'invite_email_mismatch', 'this invitation is for another email address');
        throw new ProblemError(404, 'invalid_invite', 'this invitation is unknown, used, revoked or expired');
      }
      return { workspaceId: out.workspaceId, workspaceName: out.workspaceName, role: out.role };
    },
  );
  done();
}
