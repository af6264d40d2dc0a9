import type { PoolClient } from 'pg';
import { audit } from '../audit.ts';
import { randomSecret, sha256Hex } from './tokens.ts';
import type { Role } from './authenticate.ts';

/** An invitation is valid this long after it is sent. */
export const INVITE_TTL_DAYS = 7;

/** A new invitation token: `inv_<secret>`; only its sha256 is stored. */
export function newInviteToken(): { token: string; hash: string } {
  const token = randomSecret('inv_', 32);
  return { token, hash: sha256Hex(token) };
}

export type AcceptOutcome =
  | { ok: true; workspaceId: string; workspaceName: string; role: Role; inviteId: string }
  | { ok: false; reason: 'invalid' | 'email_mismatch' };

/**
 * Uses an invitation for `user` in the caller's (system-role) transaction: the invite must be
 * pending, unexpired and addressed to the user's email. The UPDATE ... RETURNING makes it single
 * use even when two requests race. Adds the membership (a member already keeps their role) and
 * audits it in the inviting workspace.
 */
export async function acceptInvite(db: PoolClient, token: string, user: { id: string; email: string }): Promise<AcceptOutcome> {
  const hash = sha256Hex(token);
  const found = await db.query<{ email: string }>(
    `SELECT email FROM workspace_invites WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()`,
    [hash],
  );
  const invite = found.rows[0];
  if (!invite) return { ok: false, reason: 'invalid' };
  if (invite.email !== user.email.toLowerCase()) return { ok: false, reason: 'email_mismatch' };
  const used = await db.query<{ id: string; workspace_id: string; role: Role; name: string }>(
    `UPDATE workspace_invites i SET accepted_at = now(), accepted_by = $2
       FROM workspaces w
      WHERE w.id = i.workspace_id AND i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
      RETURNING i.id, i.workspace_id, i.role, w.name`,
    [hash, user.id],
  );
  const row = used.rows[0];
  if (!row) return { ok: false, reason: 'invalid' };
  const member = await db.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [row.workspace_id, user.id, row.role]);
  await audit(db, {
    workspaceId: row.workspace_id,
    actor: { type: 'user', id: user.id },
    action: 'member.added',
    target: { type: 'user', id: user.id },
    details: { via: 'invite', inviteId: row.id, role: row.role, alreadyMember: member.rowCount === 0 },
  });
  const role = member.rowCount === 0 ? ((await db.query<{ role: Role }>(`SELECT role FROM memberships WHERE workspace_id = $1 AND user_id = $2`, [row.workspace_id, user.id])).rows[0]?.role ?? row.role) : row.role;
  return { ok: true, workspaceId: row.workspace_id, workspaceName: row.name, role, inviteId: row.id };
}
