import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidMigrationFileError, InvalidWorkspaceIdError } from './errors.ts';
import { loadMigrations } from './migrations.ts';
import { withWorkspace } from './transactions.ts';

const dirs: string[] = [];
async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ir-migrations-'));
  dirs.push(dir);
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(dir, name), sql);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('loadMigrations', () => {
  it('orders files by number, not by name, and ignores non-sql files', async () => {
    const dir = await dirWith({
      '010_later.sql': 'SELECT 10',
      '002_second.sql': 'SELECT 2',
      '001_first.sql': 'SELECT 1',
      'README.md': 'x',
    });
    const files = await loadMigrations(dir);
    expect(files.map((f) => [f.version, f.file])).toEqual([
      [1, '001_first.sql'],
      [2, '002_second.sql'],
      [10, '010_later.sql'],
    ]);
  });

  it('gives CRLF and LF checkouts of the same file the same checksum', async () => {
    const lf = await loadMigrations(await dirWith({ '001_a.sql': 'SELECT 1;\nSELECT 2;\n' }));
    const crlf = await loadMigrations(await dirWith({ '001_a.sql': 'SELECT 1;\r\nSELECT 2;\r\n' }));
    const changed = await loadMigrations(await dirWith({ '001_a.sql': 'SELECT 1;\nSELECT 3;\n' }));
    expect(crlf[0]!.checksum).toBe(lf[0]!.checksum);
    expect(changed[0]!.checksum).not.toBe(lf[0]!.checksum);
  });

  it('rejects a file that does not follow NNN_name.sql', async () => {
    const dir = await dirWith({ '001_ok.sql': 'SELECT 1', '2_bad name.sql': 'SELECT 2' });
    await expect(loadMigrations(dir)).rejects.toMatchObject({
      code: 'MIGRATION_INVALID_FILE',
      file: '2_bad name.sql',
    });
  });

  it('rejects two files with the same number', async () => {
    const dir = await dirWith({ '001_one.sql': 'SELECT 1', '0001_other.sql': 'SELECT 2' });
    await expect(loadMigrations(dir)).rejects.toBeInstanceOf(InvalidMigrationFileError);
  });

  it('finds the schema v1 migrations in packages/db/migrations', async () => {
    const files = await loadMigrations();
    expect(files.map((f) => f.file).slice(0, 2)).toEqual(['001_init.sql', '002_row_level_security.sql']);
  });
});

describe('withWorkspace', () => {
  it('refuses a workspace id that is not a uuid before touching the pool', async () => {
    const pool = {
      connect: () => {
        throw new Error('must not connect');
      },
    } as unknown as pg.Pool;
    await expect(
      withWorkspace(pool, "x'; DROP TABLE signals; --", () => Promise.resolve(1)),
    ).rejects.toBeInstanceOf(InvalidWorkspaceIdError);
  });
});
