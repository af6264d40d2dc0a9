import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, DEFAULT_ADMIN_URL } from './testing.ts';

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: DEFAULT_ADMIN_URL });
  await client.connect();
  try {
    return ((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('creates a migrated ir_test_* database and drop() removes it, even with a connection still open', async () => {
    const db = await createTestDatabase();
    expect(db.name).toMatch(/^ir_test_[0-9a-f]{12}$/);
    expect(db.url.endsWith(`/${db.name}`)).toBe(true);
    expect(await databaseExists(db.name)).toBe(true);
    const migrated = await db.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(migrated.rows[0].n).toBeGreaterThanOrEqual(2);

    // A service under test that was never stopped still holds a connection.
    const straggler = new pg.Client({ connectionString: db.url });
    straggler.on('error', () => {}); // terminated by DROP DATABASE ... WITH (FORCE)
    await straggler.connect();

    await db.drop();
    expect(await databaseExists(db.name)).toBe(false);
    await expect(db.drop()).resolves.toBeUndefined();
    await straggler.end().catch(() => {});
  });

  it('gives every call its own database', async () => {
    const [one, two] = await Promise.all([
      createTestDatabase({ migrate: false }),
      createTestDatabase({ migrate: false }),
    ]);
    try {
      expect(one.name).not.toBe(two.name);
    } finally {
      await Promise.all([one.drop(), two.drop()]);
    }
  });
});
