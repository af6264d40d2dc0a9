import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, ensureDatabase } from './pool.ts';
import { createTestDatabase, DEFAULT_ADMIN_URL, type TestDatabase } from './testing.ts';
import type { PoolClient } from 'pg';
import { InvalidWorkspaceIdError } from './errors.ts';
import { withTransaction, withWorkspace } from './transactions.ts';

let db: TestDatabase;
let workspaceId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  const { rows } = await db.pool.query<{ id: string }>(
    "INSERT INTO workspaces (name) VALUES ('acme') RETURNING id",
  );
  workspaceId = rows[0]!.id;
});
afterAll(async () => {
  await db?.drop();
});

describe('withTransaction', () => {
  it('commits when fn resolves', async () => {
    const value = await withTransaction(db.pool, async (c) => {
      await c.query("INSERT INTO users (email) VALUES ('commit@example.com')");
      return 42;
    });
    expect(value).toBe(42);
    expect((await db.pool.query("SELECT 1 FROM users WHERE email = 'commit@example.com'")).rowCount).toBe(1);
  });

  it('rolls back and rethrows when fn throws', async () => {
    const boom = new Error('boom');
    await expect(
      withTransaction(db.pool, async (c) => {
        await c.query("INSERT INTO users (email) VALUES ('rollback@example.com')");
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect((await db.pool.query("SELECT 1 FROM users WHERE email = 'rollback@example.com'")).rowCount).toBe(
      0,
    );
  });
});

describe('withWorkspace', () => {
  it('runs as radar_app with the workspace set, and neither leaks to the next user of the connection', async () => {
    const pool = createPool({ connectionString: db.url, max: 1 });
    try {
      const inside = await withWorkspace(pool, workspaceId, async (c) => {
        const { rows } = await c.query<{ role: string; ws: string }>(
          "SELECT current_user AS role, current_setting('app.workspace_id') AS ws",
        );
        return rows[0];
      });
      expect(inside).toEqual({ role: 'radar_app', ws: workspaceId });

      // Same single connection, no transaction helper: back to the owner, no workspace.
      const { rows } = await pool.query<{ role: string; ws: string | null }>(
        "SELECT current_user AS role, NULLIF(current_setting('app.workspace_id', true), '') AS ws",
      );
      expect(rows[0]).toEqual({ role: 'postgres', ws: null });
    } finally {
      await pool.end();
    }
  });

  it('sets up the transaction in one round trip before fn runs', async () => {
    const pool = createPool({ connectionString: db.url, max: 1 });
    const sent: string[] = [];
    const connect = pool.connect.bind(pool) as () => Promise<PoolClient>;
    // Records each statement the helper sends on the pooled client.
    pool.connect = (async () => {
      const client = await connect();
      const query = client.query.bind(client) as (text: string, values?: unknown[]) => Promise<unknown>;
      Object.assign(client, { query: (text: string, values?: unknown[]) => (sent.push(text), query(text, values)) });
      return client;
    }) as typeof pool.connect;
    try {
      await withWorkspace(pool, workspaceId, () => {
        expect(sent).toHaveLength(1);
        return Promise.resolve();
      });
      expect(sent).toHaveLength(2);
      expect(sent[1]).toBe('COMMIT');
    } finally {
      await pool.end();
    }
  });

  it('refuses anything but a UUID before touching the database, so nothing can be spliced into the setup string', async () => {
    const pool = createPool({ connectionString: db.url, max: 1 });
    let connected = 0;
    pool.on('connect', () => connected++);
    try {
      for (const bad of [
        `${workspaceId}'; RESET ROLE; --`,
        `${workspaceId}\n`,
        `'${workspaceId}'`,
        workspaceId.replace(/-/g, ''),
        `${workspaceId.slice(0, -1)}'`,
        '',
      ]) {
        await expect(withWorkspace(pool, bad, () => Promise.resolve(1)), bad).rejects.toBeInstanceOf(InvalidWorkspaceIdError);
      }
      expect(connected).toBe(0);
    } finally {
      await pool.end();
    }
  });

  it('resets the role after a failed transaction too', async () => {
    const pool = createPool({ connectionString: db.url, max: 1 });
    try {
      await expect(
        withWorkspace(pool, workspaceId, (c) => c.query('SELECT * FROM refresh_sessions')),
      ).rejects.toMatchObject({
        code: '42501',
      });
      const { rows } = await pool.query<{ role: string }>('SELECT current_user AS role');
      expect(rows[0]!.role).toBe('postgres');
    } finally {
      await pool.end();
    }
  });
});

describe('ensureDatabase', () => {
  it('creates a missing database once, also when called concurrently', async () => {
    const url = new URL(DEFAULT_ADMIN_URL);
    url.pathname = `/ir_test_ensure_${Date.now().toString(36)}`;
    try {
      const results = await Promise.all([ensureDatabase(url.toString()), ensureDatabase(url.toString())]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(await ensureDatabase(url.toString())).toEqual({ created: false });
    } finally {
      const admin = createPool({ connectionString: DEFAULT_ADMIN_URL, max: 1 });
      await admin.query(`DROP DATABASE IF EXISTS ${url.pathname.slice(1)} WITH (FORCE)`);
      await admin.end();
    }
  });
});
