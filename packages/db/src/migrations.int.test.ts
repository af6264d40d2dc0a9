import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MigrationChecksumError } from './errors.ts';
import { loadMigrations, MIGRATION_LOCK_KEY, migrate } from './migrations.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const migrateScript = fileURLToPath(new URL('../scripts/migrate.ts', import.meta.url));

const databases: TestDatabase[] = [];
const dirs: string[] = [];
async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrate: false });
  databases.push(db);
  return db;
}
async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ir-migrations-'));
  dirs.push(dir);
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(dir, name), sql);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

async function appliedVersions(pool: pg.Pool): Promise<number[]> {
  const { rows } = await pool.query<{ version: number }>(
    'SELECT version FROM schema_migrations ORDER BY version',
  );
  return rows.map((r) => r.version);
}

describe('migrate', () => {
  it('applies every file once; a second run is a no-op', async () => {
    const db = await emptyDatabase();
    const files = (await loadMigrations()).map((f) => f.file);

    const first = await migrate(db.pool);
    expect(first).toEqual({ applied: files, alreadyApplied: [] });
    const second = await migrate(db.pool);
    expect(second).toEqual({ applied: [], alreadyApplied: files });

    expect(await appliedVersions(db.pool)).toEqual((await loadMigrations()).map((f) => f.version));
    const tables = await db.pool.query(
      "SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'signals'",
    );
    expect(tables.rowCount).toBe(1);
  });

  it('refuses to run when an applied file was edited, and applies nothing', async () => {
    const db = await emptyDatabase();
    const dir = await dirWith({ '001_a.sql': 'CREATE TABLE a (id int);' });
    await migrate(db.pool, { dir });
    await writeFile(path.join(dir, '001_a.sql'), 'CREATE TABLE a (id bigint);');
    await writeFile(path.join(dir, '002_b.sql'), 'CREATE TABLE b (id int);');

    const err = await migrate(db.pool, { dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationChecksumError);
    expect(err).toMatchObject({ code: 'MIGRATION_CHECKSUM_MISMATCH', file: '001_a.sql' });
    expect((err as Error).message).toMatch(/001_a\.sql was changed after it was applied/);
    expect(await appliedVersions(db.pool)).toEqual([1]);
    const b = await db.pool.query("SELECT to_regclass('public.b') AS b");
    expect(b.rows[0].b).toBeNull();
  });

  it('rolls a failing file back completely and keeps the files before it', async () => {
    const db = await emptyDatabase();
    const dir = await dirWith({
      '001_a.sql': 'CREATE TABLE a (id int);',
      '002_b.sql': 'CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);\nSELECT no_such_function();',
    });
    await expect(migrate(db.pool, { dir })).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
      file: '002_b.sql',
    });
    expect(await appliedVersions(db.pool)).toEqual([1]);
    const b = await db.pool.query("SELECT to_regclass('public.b') AS b");
    expect(b.rows[0].b).toBeNull();

    // Fixed file: the next start applies it.
    await writeFile(path.join(dir, '002_b.sql'), 'CREATE TABLE b (id int);');
    expect((await migrate(db.pool, { dir })).applied).toEqual(['002_b.sql']);
  });

  it('two processes migrating the same fresh database at once both succeed and apply each file once', async () => {
    const db = await emptyDatabase();
    const files = (await loadMigrations()).map((f) => f.file);

    // Hold the migration lock so both processes are provably inside migrate() at the same time,
    // then let them race for it.
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      const runs = [runMigrateProcess(db.url), runMigrateProcess(db.url)];
      await waitFor(async () => {
        const { rows } = await holder.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_locks l JOIN pg_database d ON d.oid = l.database
            WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = $1`,
          [db.name],
        );
        return rows[0]!.waiting === 2;
      }, 30_000);
      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);

      const results = await Promise.all(runs);
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      const outputs = results.map(
        (r) => JSON.parse(r.stdout) as { applied: string[]; alreadyApplied: string[] },
      );
      const appliedByEither = outputs.flatMap((o) => o.applied).sort();
      expect(appliedByEither).toEqual([...files].sort());
      // One process applied everything, the other found it done.
      expect(outputs.map((o) => o.applied.length).sort((a, b) => a - b)).toEqual([0, files.length]);
      expect(await appliedVersions(db.pool)).toHaveLength(files.length);
    } finally {
      await holder.end();
    }
  });
});

function runMigrateProcess(url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', migrateScript, url], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
