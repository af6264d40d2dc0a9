import type { Pool } from 'pg';
import { randomSecret, sha256Hex } from './tokens.ts';
import type { Scope } from './authenticate.ts';
import type { ApiKeyCache } from './api-key-cache.ts';

export interface ApiKeyRow {
  id: string;
  workspaceId: string;
  scopes: Scope[];
}

/** Looks a presented `ir_...` key up by its sha256 (system role: the workspace is not known yet). */
export async function findApiKey(pool: Pool, key: string, cache?: ApiKeyCache): Promise<ApiKeyRow | undefined> {
  const hash = sha256Hex(key);
  const cached = cache?.get(hash);
  if (cached) return cached;
  const { rows } = await pool.query<{ id: string; workspace_id: string; scopes: string[]; stale: boolean }>(
    `SELECT id, workspace_id, scopes, (last_used_at IS NULL OR last_used_at < now() - interval '1 minute') AS stale
       FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
    [hash],
  );
  const row = rows[0];
  if (!row) return undefined;
  // last_used_at is advisory: at most one write per key per minute, off the request path.
  if (row.stale) void pool.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [row.id]).catch(() => undefined);
  const found = { id: row.id, workspaceId: row.workspace_id, scopes: row.scopes.filter((s): s is Scope => s === 'read' || s === 'write') };
  cache?.set(hash, found);
  return found;
}

/** A new key: `ir_<8 char prefix>_<secret>`; only the hash and prefix are stored. */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomSecret('', 6);
  const key = `ir_${prefix}_${randomSecret('', 32)}`;
  return { key, prefix, hash: sha256Hex(key) };
}
