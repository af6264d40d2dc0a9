import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing.ts';
import { APP_ROLE, withTransaction, withWorkspace } from './transactions.ts';

/**
 * Every table that holds workspace data. The first test fails when a migration adds a table with a
 * workspace_id column that is missing here, so a new tenant table cannot skip these checks.
 */
const TENANT_TABLES = [
  'memberships',
  'monitors',
  'signals',
  'workspace_contacts',
  'alert_destinations',
  'deliveries',
  'delivery_attempts',
  'usage_events',
  'billing',
  'credit_grants',
  'api_keys',
  'audit_log',
  'outbox',
  'digests',
  'workspace_invites',
] as const;
type TenantTable = (typeof TENANT_TABLES)[number];

/** Tables radar_app may only read: the isolation must still hold for reads, and writes must fail. */
const READ_ONLY: ReadonlySet<string> = new Set(['billing', 'credit_grants', 'workspaces', 'digests']);

interface Seeded {
  workspaceId: string;
  userId: string;
  monitorId: string;
  postId: string;
  signalId: string;
  authorId: string;
  destinationId: string;
  deliveryId: string;
}

let db: TestDatabase;
let a: Seeded;
let b: Seeded;
let counter = 0;
const unique = (label: string) => `${label}-${++counter}-${randomUUID().slice(0, 8)}`;

const one = async (c: pg.PoolClient, sql: string, params: unknown[]): Promise<string> => {
  const { rows } = await c.query<{ id: string }>(sql, params);
  return rows[0]!.id;
};
const newPost = (c: pg.PoolClient) =>
  one(
    c,
    `INSERT INTO posts (platform, external_id, url, kind, author_handle, content, posted_at)
     VALUES ('reddit', $1, 'https://reddit.com/x', 'post', 'someone', 'looking for a CRM', now()) RETURNING id`,
    [unique('t3')],
  );
const newUser = (c: pg.PoolClient) =>
  one(c, 'INSERT INTO users (email) VALUES ($1) RETURNING id', [`${unique('u')}@example.com`]);
const newAuthor = (c: pg.PoolClient) =>
  one(c, "INSERT INTO authors (platform, handle) VALUES ('reddit', $1) RETURNING id", [unique('author')]);
const newSignal = async (c: pg.PoolClient, ws: Seeded) =>
  one(
    c,
    'INSERT INTO signals (workspace_id, monitor_id, post_id, intent_score) VALUES ($1, $2, $3, 8) RETURNING id',
    [ws.workspaceId, ws.monitorId, await newPost(c)],
  );

/** One row of every tenant table for a new workspace, written as the owner. */
async function seedWorkspace(pool: pg.Pool, name: string): Promise<Seeded> {
  return withTransaction(pool, async (c) => {
    const workspaceId = await one(c, 'INSERT INTO workspaces (name) VALUES ($1) RETURNING id', [name]);
    const userId = await newUser(c);
    await c.query("INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'owner')", [
      workspaceId,
      userId,
    ]);
    const monitorId = await one(
      c,
      `INSERT INTO monitors (workspace_id, name, query, query_key, platforms)
       VALUES ($1, 'CRM', 'crm alternative', 'crm alternative', ARRAY['reddit', 'hackernews']) RETURNING id`,
      [workspaceId],
    );
    const partial = { workspaceId, userId, monitorId } as Seeded;
    const signalId = await newSignal(c, partial);
    const postId = (
      await c.query<{ post_id: string }>('SELECT post_id FROM signals WHERE id = $1', [signalId])
    ).rows[0]!.post_id;
    const authorId = await newAuthor(c);
    await c.query("INSERT INTO enriched_contacts (author_id, status, fields) VALUES ($1, 'complete', $2)", [
      authorId,
      { email: { value: `${name}@example.com`, source: 'hunter', confidence: 'verified' } },
    ]);
    await c.query(
      'INSERT INTO workspace_contacts (workspace_id, author_id, signal_id, credits_charged) VALUES ($1, $2, $3, 1)',
      [workspaceId, authorId, signalId],
    );
    const destinationId = await one(
      c,
      "INSERT INTO alert_destinations (workspace_id, name, kind, config) VALUES ($1, 'sales', 'slack', '{}') RETURNING id",
      [workspaceId],
    );
    const deliveryId = await one(
      c,
      'INSERT INTO deliveries (workspace_id, signal_id, destination_id) VALUES ($1, $2, $3) RETURNING id',
      [workspaceId, signalId, destinationId],
    );
    await c.query(
      'INSERT INTO delivery_attempts (workspace_id, delivery_id, attempt, ok) VALUES ($1, $2, 1, true)',
      [workspaceId, deliveryId],
    );
    await c.query(
      "INSERT INTO digests (workspace_id, destination_id, period, period_start, period_end) VALUES ($1, $2, 'daily', now() - interval '1 day', now())",
      [workspaceId, destinationId],
    );
    await c.query(
      "INSERT INTO workspace_invites (workspace_id, email, role, token_hash, expires_at) VALUES ($1, $2, 'member', $3, now() + interval '1 day')",
      [workspaceId, `${unique('inv')}@example.com`, unique('h').padEnd(64, '0').slice(0, 64)],
    );
    await c.query(
      "INSERT INTO usage_events (workspace_id, kind, idempotency_key) VALUES ($1, 'signal', $2)",
      [workspaceId, signalId],
    );
    await c.query(
      "INSERT INTO billing (workspace_id, plan, status, credits) VALUES ($1, 'pro', 'active', 10)",
      [workspaceId],
    );
    await c.query(
      "INSERT INTO credit_grants (workspace_id, credits, reason, stripe_invoice_id) VALUES ($1, 10, 'subscription', $2)",
      [workspaceId, unique('in')],
    );
    await c.query("INSERT INTO api_keys (workspace_id, name, prefix, key_hash) VALUES ($1, 'ci', $2, $3)", [
      workspaceId,
      unique('ir'),
      unique('hash'),
    ]);
    await c.query(
      "INSERT INTO audit_log (workspace_id, actor_type, actor_id, action) VALUES ($1, 'user', $2, 'monitor.created')",
      [workspaceId, userId],
    );
    await c.query(
      "INSERT INTO outbox (workspace_id, type, subject, msg_id, payload) VALUES ($1, 'enrich.requested.v1', 'enrich.requested', $2, '{}')",
      [workspaceId, unique('msg')],
    );
    return { workspaceId, userId, monitorId, postId, signalId, authorId, destinationId, deliveryId };
  });
}

/**
 * An INSERT of a new row belonging to `ws`, with fresh values so no unique constraint interferes.
 * Prerequisite rows (users, posts, authors, signals) are created as the owner first.
 */
async function insertFor(table: TenantTable | 'workspaces', ws: Seeded): Promise<[string, unknown[]]> {
  const owner = <T>(fn: (c: pg.PoolClient) => Promise<T>) => withTransaction(db.pool, fn);
  switch (table) {
    case 'workspaces':
      return ['INSERT INTO workspaces (id, name) VALUES ($1, $2)', [randomUUID(), unique('ws')]];
    case 'memberships':
      return [
        "INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'member')",
        [ws.workspaceId, await owner(newUser)],
      ];
    case 'monitors':
      return [
        "INSERT INTO monitors (workspace_id, name, query, query_key, platforms) VALUES ($1, 'm', 'q', $2, ARRAY['twitter'])",
        [ws.workspaceId, unique('q')],
      ];
    case 'signals':
      return [
        'INSERT INTO signals (workspace_id, monitor_id, post_id, intent_score) VALUES ($1, $2, $3, 5)',
        [ws.workspaceId, ws.monitorId, await owner(newPost)],
      ];
    case 'workspace_contacts':
      return [
        'INSERT INTO workspace_contacts (workspace_id, author_id) VALUES ($1, $2)',
        [ws.workspaceId, await owner(newAuthor)],
      ];
    case 'alert_destinations':
      return [
        "INSERT INTO alert_destinations (workspace_id, name, kind) VALUES ($1, $2, 'webhook')",
        [ws.workspaceId, unique('d')],
      ];
    case 'deliveries':
      return [
        'INSERT INTO deliveries (workspace_id, signal_id, destination_id) VALUES ($1, $2, $3)',
        [ws.workspaceId, await owner((c) => newSignal(c, ws)), ws.destinationId],
      ];
    case 'delivery_attempts':
      return [
        'INSERT INTO delivery_attempts (workspace_id, delivery_id, attempt, ok) VALUES ($1, $2, $3, false)',
        [ws.workspaceId, ws.deliveryId, 100 + ++counter],
      ];
    case 'usage_events':
      return [
        "INSERT INTO usage_events (workspace_id, kind, idempotency_key) VALUES ($1, 'enrichment', $2)",
        [ws.workspaceId, unique('k')],
      ];
    case 'billing':
      return ["INSERT INTO billing (workspace_id, plan) VALUES ($1, 'pro')", [ws.workspaceId]];
    case 'credit_grants':
      return [
        "INSERT INTO credit_grants (workspace_id, credits, reason) VALUES ($1, 5, 'manual')",
        [ws.workspaceId],
      ];
    case 'api_keys':
      return [
        "INSERT INTO api_keys (workspace_id, name, prefix, key_hash) VALUES ($1, 'k', $2, $3)",
        [ws.workspaceId, unique('p'), unique('h')],
      ];
    case 'audit_log':
      return [
        "INSERT INTO audit_log (workspace_id, actor_type, action) VALUES ($1, 'system', 'test')",
        [ws.workspaceId],
      ];
    case 'outbox':
      return [
        "INSERT INTO outbox (workspace_id, type, subject, msg_id, payload) VALUES ($1, 'signal.updated.v1', 'signals.updated', $2, '{}')",
        [ws.workspaceId, unique('m')],
      ];
    case 'workspace_invites':
      return [
        "INSERT INTO workspace_invites (workspace_id, email, role, token_hash, expires_at) VALUES ($1, $2, 'member', $3, now() + interval '1 day')",
        [ws.workspaceId, `${unique('inv')}@example.com`, unique('h').padEnd(64, '0').slice(0, 64)],
      ];
    case 'digests':
      return [
        "INSERT INTO digests (workspace_id, destination_id, period, period_start, period_end) VALUES ($1, $2, 'daily', now() - make_interval(days => $3), now())",
        [ws.workspaceId, ws.destinationId, ++counter],
      ];
  }
}

const workspaceColumn = (table: string) => (table === 'workspaces' ? 'id' : 'workspace_id');

beforeAll(async () => {
  db = await createTestDatabase();
  a = await seedWorkspace(db.pool, 'acme');
  b = await seedWorkspace(db.pool, 'globex');
});
afterAll(async () => {
  await db?.drop();
});

describe('row-level security', () => {
  it('is enabled on workspaces and on every table with a workspace_id column, all listed here', async () => {
    const { rows } = await db.pool.query<{ table: string; rls: boolean }>(
      `SELECT c.relname AS table, c.relrowsecurity AS rls
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r'
          AND (c.relname = 'workspaces' OR EXISTS (
            SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped))`,
    );
    expect(rows.map((r) => r.table).sort()).toEqual([...TENANT_TABLES, 'workspaces'].sort());
    expect(rows.filter((r) => !r.rls).map((r) => r.table)).toEqual([]);
    // Owner-bypass is the design: radar_app must not own anything.
    const owned = await db.pool.query(
      "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = $1",
      [APP_ROLE],
    );
    expect(owned.rows).toEqual([]);
  });

  describe.each([...TENANT_TABLES, 'workspaces' as const])('%s', (table) => {
    const column = workspaceColumn(table);

    it("under workspace A, SELECT * without WHERE returns only A's rows", async () => {
      const asOwner = await db.pool.query<{ ws: string }>(`SELECT ${column} AS ws FROM ${table}`);
      expect(new Set(asOwner.rows.map((r) => r.ws))).toEqual(new Set([a.workspaceId, b.workspaceId]));

      const seen = await withWorkspace(db.pool, a.workspaceId, (c) =>
        c.query<Record<string, unknown>>(`SELECT * FROM ${table}`),
      );
      expect(seen.rows.length).toBeGreaterThan(0);
      expect(seen.rows.every((row) => row[column] === a.workspaceId)).toBe(true);
    });

    it('under workspace A, inserting a row of workspace B fails', async () => {
      const [sql, params] = await insertFor(table, b);
      const err = await withWorkspace(db.pool, a.workspaceId, (c) => c.query(sql, params)).catch(
        (e: unknown) => e,
      );
      // 42501 insufficient_privilege: both "violates row-level security policy" and "permission denied".
      expect(err).toMatchObject({ code: '42501' });
      if (!READ_ONLY.has(table)) expect((err as Error).message).toMatch(/row-level security/);
    });

    if (!READ_ONLY.has(table)) {
      it("under workspace A, inserting A's own row works (the refusal above is about the workspace)", async () => {
        const [sql, params] = await insertFor(table, a);
        const result = await withWorkspace(db.pool, a.workspaceId, (c) => c.query(sql, params));
        expect(result.rowCount).toBe(1);
      });
    }
  });

  it("UPDATE and DELETE without WHERE touch only the current workspace's rows", async () => {
    const before = await db.pool.query<{ status: string }>(
      'SELECT status FROM signals WHERE workspace_id = $1',
      [b.workspaceId],
    );
    const updated = await withWorkspace(db.pool, a.workspaceId, (c) =>
      c.query("UPDATE signals SET status = 'contacted'"),
    );
    expect(updated.rowCount).toBeGreaterThan(0);
    const after = await db.pool.query<{ status: string }>(
      'SELECT status FROM signals WHERE workspace_id = $1',
      [b.workspaceId],
    );
    expect(after.rows).toEqual(before.rows);

    const bKeys = await db.pool.query('SELECT id FROM api_keys WHERE workspace_id = $1', [b.workspaceId]);
    await withWorkspace(db.pool, a.workspaceId, (c) => c.query('DELETE FROM api_keys'));
    const bKeysAfter = await db.pool.query('SELECT id FROM api_keys WHERE workspace_id = $1', [
      b.workspaceId,
    ]);
    expect(bKeysAfter.rows).toEqual(bKeys.rows);
    expect(
      (await db.pool.query('SELECT 1 FROM api_keys WHERE workspace_id = $1', [a.workspaceId])).rowCount,
    ).toBe(0);
  });

  it('as radar_app without a workspace set, tenant tables look empty', async () => {
    const rows = await withTransaction(db.pool, async (c) => {
      await c.query(`SET LOCAL ROLE ${APP_ROLE}`);
      return (await c.query<Record<string, unknown>>('SELECT * FROM signals')).rows;
    });
    expect(rows).toEqual([]);
  });

  it('posts are shared: readable under any workspace, never writable by radar_app', async () => {
    const seen = await withWorkspace(db.pool, a.workspaceId, (c) =>
      c.query<{ id: string }>('SELECT id FROM posts'),
    );
    expect(seen.rows.map((r) => r.id)).toEqual(expect.arrayContaining([a.postId, b.postId]));
    await expect(
      withWorkspace(db.pool, a.workspaceId, (c) =>
        c.query('UPDATE posts SET intent_score = 10 WHERE id = $1', [a.postId]),
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('users are visible only as members of the current workspace; enriched contacts only when the workspace paid', async () => {
    const { users, contacts } = await withWorkspace(db.pool, a.workspaceId, async (c) => ({
      users: (await c.query<{ id: string }>('SELECT id FROM users')).rows.map((r) => r.id),
      contacts: (await c.query<{ author_id: string }>('SELECT author_id FROM enriched_contacts')).rows.map(
        (r) => r.author_id,
      ),
    }));
    expect(users).toContain(a.userId);
    expect(users).not.toContain(b.userId);
    expect(contacts).toEqual([a.authorId]);
  });

  it('system code (owner, withTransaction) sees every workspace', async () => {
    const { rows } = await withTransaction(db.pool, (c) =>
      c.query<{ workspace_id: string }>('SELECT DISTINCT workspace_id FROM signals'),
    );
    expect(rows.map((r) => r.workspace_id).sort()).toEqual([a.workspaceId, b.workspaceId].sort());
  });
});
