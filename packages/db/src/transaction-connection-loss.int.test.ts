import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing.ts';
import { withTransaction } from './transactions.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
});
afterAll(async () => db.drop());

describe('withTransaction when the server ends the connection', () => {
  it('a connection terminated while fn awaits something else fails the transaction instead of crashing the process', async () => {
    let pid = 0;
    const run = withTransaction(db.pool, async (client) => {
      pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      // Listen before terminating: the end can arrive before pg_terminate_backend's own reply
      // (CI hung here for 60 s when the listener was added afterwards).
      const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
      // What a Postgres restart does to a checked-out connection between two statements.
      await db.pool.query('SELECT pg_terminate_backend($1)', [pid]);
      // Wait for the FATAL to reach the client before the next statement (no fixed sleep).
      await ended;
      await client.query('SELECT 1');
    });
    await expect(run).rejects.toThrow();
    expect(pid).toBeGreaterThan(0);
    // The broken connection was dropped, not pooled: the pool still works.
    expect((await db.pool.query<{ ok: number }>('SELECT 1 AS ok')).rows[0]?.ok).toBe(1);
  });
});
