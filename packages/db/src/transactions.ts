import type pg from 'pg';
import { InvalidWorkspaceIdError } from './errors.ts';

/** The non-owner role request-path code runs as; row-level security applies to it (002_row_level_security.sql). */
export const APP_ROLE = 'radar_app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs fn in a transaction as the table owner: COMMIT when it resolves, ROLLBACK when it throws.
 * For system services that work across workspaces (dedup-embedder, notifier, enricher, billing);
 * row-level security does not restrict the owner, so every query must scope itself.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  return inTransaction(pool, 'BEGIN', fn);
}

/** BEGIN (plus whatever `begin` sets up, in the same round trip), fn, COMMIT; ROLLBACK on a throw. */
async function inTransaction<T>(pool: pg.Pool, begin: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out client has no pool listener: a server that ends the connection while fn awaits
  // something else (Postgres restart, pg_terminate_backend) emits 'error' with nobody listening,
  // which crashed dedup-embedder in the chaos suite. The error is kept; the next query fails.
  const onError = (err: Error) => (broken ??= err);
  client.on('error', onError);
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackErr) {
      // The connection is unusable (e.g. the server went away): drop it instead of pooling it.
      broken = rollbackErr as Error;
    }
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/**
 * Runs fn in a transaction as radar_app with app.workspace_id set, so row-level security limits
 * every statement to that workspace's rows even without a WHERE clause. Both settings are LOCAL:
 * they end with the transaction and never leak into the next user of the pooled connection.
 */
export async function withWorkspace<T>(
  pool: pg.Pool,
  workspaceId: string,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  if (!UUID.test(workspaceId)) throw new InvalidWorkspaceIdError(workspaceId);
  // One round trip instead of three (BEGIN, SET ROLE, set_config): a simple-query string, which
  // takes no bind parameters, so the id is inlined. Safe only because the UUID check above lets
  // nothing but hex digits and dashes through (no quote can reach the SQL).
  const begin = `BEGIN; SET LOCAL ROLE ${APP_ROLE}; SELECT set_config('app.workspace_id', '${workspaceId}', true)`;
  return inTransaction(pool, begin, fn);
}
