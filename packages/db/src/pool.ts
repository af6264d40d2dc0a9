import pg from 'pg';
import pgvector from 'pgvector/pg';
import type { Logger } from '@intent-radar/logger';
import { MissingDatabaseNameError } from './errors.ts';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything repositories can run a query on: the pool itself or a client inside a transaction. */
export type Queryable = pg.Pool | pg.PoolClient;

export interface PoolOptions {
  connectionString: string;
  /** Most connections this pool opens; pg's default is 10. */
  max?: number;
  /** Shown in pg_stat_activity, so a slow query can be traced to its service. */
  applicationName?: string;
  logger?: Logger;
}

/**
 * Creates a pg Pool whose connections parse `vector` columns into number[] (pgvector types are
 * registered on every new connection). Idle-client errors are logged instead of crashing the process.
 */
export function createPool({ connectionString, max, applicationName, logger }: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    ...(max === undefined ? {} : { max }),
    ...(applicationName === undefined ? {} : { application_name: applicationName }),
    // pg-pool (3.14, with pg 8.23) awaits this hook before handing a new connection out, so the
    // parsers are in place before the caller's first query; a failure fails that connect().
    // @types/pg declares the hook void-returning although pg-pool awaits the returned promise.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    onConnect: registerVectorType,
  });
  pool.on('error', (err) => {
    // A connection that dies while idle (server restart, network) must not crash the service.
    logger?.warn({ err }, 'idle postgres connection failed; the pool will open a new one');
  });
  return pool;
}

/**
 * Registers the vector parsers when the database has the type. A database that is not migrated
 * yet has none; migrate() closes the connection it used so later connections register properly.
 */
async function registerVectorType(client: pg.ClientBase): Promise<void> {
  const found = await client.query<{ present: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'vector') AS present",
  );
  if (found.rows[0]?.present) await pgvector.registerTypes(client);
}

/** Turns a number[] into the text form a `vector` parameter expects (`$1::vector`). */
export function toVector(values: readonly number[]): string {
  return pgvector.toSql(values) as string;
}

/**
 * Creates the database named in `url` when it does not exist, connecting to the `postgres`
 * database of the same server. Safe when several processes race to create it.
 */
export async function ensureDatabase(url: string): Promise<{ created: boolean }> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new MissingDatabaseNameError();
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return { created: false };
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      return { created: true };
    } catch (err) {
      // Another process created it between our check and our CREATE: 42P04 duplicate_database,
      // or 23505 on pg_database's unique index when both CREATEs ran at the same moment.
      const code = (err as { code?: string }).code;
      if (code === '42P04' || code === '23505') return { created: false };
      throw err;
    }
  } finally {
    await client.end();
  }
}
