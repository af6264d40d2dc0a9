import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPool } from './pool.ts';
import { migrate } from './migrations.ts';

/** The machine's Postgres as scripts/local-services.sh sets it up (same server as baseEnv's DATABASE_URL default). */
export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** Connection string of the new database, for code under test that opens its own pool. */
  url: string;
  name: string;
  /** A pool on the new database (pgvector types registered); closed by drop(). */
  pool: pg.Pool;
  /** Closes the pool and drops the database, disconnecting anyone still connected. Idempotent. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** A URL on the server to create the database on; its own database name is ignored. */
  adminUrl?: string;
  /** Run the migrations (default true); false gives an empty database for migration tests. */
  migrate?: boolean;
}

/**
 * Creates a fresh database `ir_test_<random>` with every migration applied: the one fixture for
 * integration tests, so tests run in parallel and leave nothing behind (call drop() in afterAll).
 */
export async function createTestDatabase({
  adminUrl = DEFAULT_ADMIN_URL,
  migrate: runMigrations = true,
}: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `ir_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const target = new URL(adminUrl);
  target.pathname = `/${name}`;
  const url = target.toString();
  const pool = createPool({ connectionString: url, max: 5, applicationName: name });
  let dropped = false;
  const drop = async (): Promise<void> => {
    if (dropped) return;
    dropped = true;
    await pool.end();
    // FORCE: code under test may still hold connections (a service that was not stopped).
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  try {
    if (runMigrations) await migrate(pool);
  } catch (err) {
    await drop();
    throw err;
  }
  return { url, name, pool, drop };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
