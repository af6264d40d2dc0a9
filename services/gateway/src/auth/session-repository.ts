import type { Pool, PoolClient } from 'pg';
import { REFRESH_TTL_SECONDS, randomSecret, sha256Hex } from './tokens.ts';

export interface NewSession {
  sessionId: string;
  refreshToken: string;
}

export interface SessionMeta {
  ip: string;
  userAgent: string | undefined;
}

/** Creates a refresh session; only the token's sha256 is stored. */
export async function createSession(db: Pool | PoolClient, userId: string, meta: SessionMeta, familyId?: string): Promise<NewSession> {
  const refreshToken = randomSecret('rt_');
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO refresh_sessions (user_id, token_hash, family_id, user_agent, ip, expires_at)
     VALUES ($1, $2, COALESCE($3::uuid, gen_random_uuid()), $4, $5, now() + make_interval(secs => $6))
     RETURNING id`,
    [userId, sha256Hex(refreshToken), familyId ?? null, meta.userAgent?.slice(0, 500) ?? null, meta.ip, REFRESH_TTL_SECONDS],
  );
  return { sessionId: rows[0]!.id, refreshToken };
}

export type RotateResult =
  | { kind: 'rotated'; userId: string; session: NewSession }
  | { kind: 'invalid' }
  | { kind: 'reused'; userId: string };

/**
 * Swaps a refresh token for a new one. Presenting a token that was already rotated means it was
 * stolen or replayed: the whole family is revoked.
 */
export async function rotateSession(client: PoolClient, refreshToken: string, meta: SessionMeta): Promise<RotateResult> {
  const { rows } = await client.query<{ id: string; user_id: string; family_id: string; revoked_at: Date | null; replaced_by: string | null; live: boolean }>(
    `SELECT id, user_id, family_id, revoked_at, replaced_by, expires_at > now() AS live
       FROM refresh_sessions WHERE token_hash = $1 FOR UPDATE`,
    [sha256Hex(refreshToken)],
  );
  const row = rows[0];
  if (!row || !row.live) return { kind: 'invalid' };
  if (row.revoked_at) {
    if (row.replaced_by) {
      await client.query(`UPDATE refresh_sessions SET revoked_at = COALESCE(revoked_at, now()) WHERE family_id = $1`, [row.family_id]);
      return { kind: 'reused', userId: row.user_id };
    }
    return { kind: 'invalid' };
  }
  const session = await createSession(client, row.user_id, meta, row.family_id);
  await client.query(`UPDATE refresh_sessions SET revoked_at = now(), replaced_by = $2 WHERE id = $1`, [row.id, session.sessionId]);
  return { kind: 'rotated', userId: row.user_id, session };
}

/** Ends one session (logout). */
export async function revokeSession(db: Pool | PoolClient, sessionId: string): Promise<void> {
  await db.query(`UPDATE refresh_sessions SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1`, [sessionId]);
}
