import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import type { Logger } from '@intent-radar/logger';
import { InvalidMigrationFileError, MigrationChecksumError, MigrationFailedError } from './errors.ts';

/** The schema of Intent Radar: packages/db/migrations. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

/**
 * Advisory lock key held while migrating. Advisory locks are scoped to the current database, so
 * services migrating the same database serialize while separate test databases do not.
 */
export const MIGRATION_LOCK_KEY = 7_391_202_401;

const FILE_NAME = /^(\d{3,})_([a-z0-9]+(?:_[a-z0-9]+)*)\.sql$/;

export interface MigrationFile {
  version: number;
  /** File name, e.g. `001_init.sql`. */
  file: string;
  /** sha256 hex of the SQL with line endings normalized, so a CRLF checkout is not "changed". */
  checksum: string;
  sql: string;
}

export interface MigrateOptions {
  /** Folder of numbered `.sql` files; defaults to MIGRATIONS_DIR. */
  dir?: string;
  logger?: Logger;
}

export interface MigrateResult {
  /** Files applied by this call, in order. Empty when the database was already up to date. */
  applied: string[];
  /** Files found already applied (checksums verified). */
  alreadyApplied: string[];
}

/** Reads and orders the migration files of a folder; rejects stray names and duplicate numbers. */
export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const byVersion = new Map<number, MigrationFile>();
  for (const file of names) {
    const match = FILE_NAME.exec(file);
    if (!match?.[1]) throw new InvalidMigrationFileError(file, 'name must look like 001_snake_case_name.sql');
    const version = Number(match[1]);
    const clash = byVersion.get(version);
    if (clash)
      throw new InvalidMigrationFileError(file, `number ${version} is already used by ${clash.file}`);
    const sql = (await readFile(path.join(dir, file), 'utf8')).replace(/\r\n/g, '\n');
    const checksum = createHash('sha256').update(sql).digest('hex');
    byVersion.set(version, { version, file, checksum, sql });
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so several
 * services starting at once apply every file exactly once. Already applied files are verified
 * against their recorded checksum; an edited one throws MigrationChecksumError and nothing runs.
 */
export async function migrate(
  pool: pg.Pool,
  { dir = MIGRATIONS_DIR, logger }: MigrateOptions = {},
): Promise<MigrateResult> {
  const files = await loadMigrations(dir);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const got = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      MIGRATION_LOCK_KEY,
    ]);
    if (!got.rows[0]?.locked) {
      logger?.info('another process is migrating this database; waiting for it');
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    }
    try {
      return await applyPending(client, files, logger);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } catch (err) {
    if (!(err instanceof MigrationChecksumError || err instanceof MigrationFailedError))
      broken = err as Error;
    throw err;
  } finally {
    // Never reuse this connection: it may have opened before the vector type existed, and so
    // without pgvector's parsers. Later connections register them (see createPool).
    client.release(broken ?? true);
  }
}

async function applyPending(
  client: pg.PoolClient,
  files: MigrationFile[],
  logger: Logger | undefined,
): Promise<MigrateResult> {
  // Created under the lock: CREATE TABLE IF NOT EXISTS itself races between concurrent sessions.
  await client.query(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version     integer PRIMARY KEY,
      name        text NOT NULL,
      checksum    text NOT NULL,
      applied_at  timestamptz NOT NULL DEFAULT now(),
      duration_ms integer NOT NULL
    )`);
  const { rows } = await client.query<AppliedRow>('SELECT version, name, checksum FROM schema_migrations');
  const applied = new Map(rows.map((row) => [row.version, row]));

  // Verify every applied file before running anything: an edited history is a deploy mistake.
  for (const file of files) {
    const row = applied.get(file.version);
    if (row && row.checksum !== file.checksum)
      throw new MigrationChecksumError(file.file, row.checksum, file.checksum);
  }
  const known = new Set(files.map((f) => f.version));
  const unknown = rows.filter((row) => !known.has(row.version)).map((row) => row.name);
  if (unknown.length > 0) {
    // A newer release migrated this database while an older one still runs (rolling deploy).
    logger?.warn({ unknown }, 'database has migrations this code does not know');
  }

  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  for (const file of files) {
    if (applied.has(file.version)) {
      result.alreadyApplied.push(file.file);
      continue;
    }
    const started = Date.now();
    try {
      await client.query('BEGIN');
      await client.query(file.sql);
      await client.query(
        'INSERT INTO schema_migrations (version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4)',
        [file.version, file.file, file.checksum, Date.now() - started],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw new MigrationFailedError(file.file, err);
    }
    logger?.info({ migration: file.file, durationMs: Date.now() - started }, 'applied migration');
    result.applied.push(file.file);
  }
  return result;
}
