import { randomUUID } from 'node:crypto';
import { createLogger } from '@intent-radar/logger';
import { msgIds, streams, subjects } from '@intent-radar/proto-schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, openTestWorld, streamEvents, type TestWorld } from '../test-world.ts';
import { OutboxRelay, writeOutbox, type OutboxEntry } from './outbox.ts';

let world: TestWorld;
const logger = createLogger({ service: 'dedup-embedder-test', level: 'silent' });

beforeAll(async () => {
  world = await openTestWorld();
});
afterAll(async () => world?.close());

describe('OutboxRelay', () => {
  it('publishes a batch at once and, when one row cannot be published, still sends the others and counts the failure', async () => {
    const ws = await createWorkspace(world.pool);
    const entries = Array.from({ length: 3 }, (): OutboxEntry<'signal.updated.v1'> => {
      const signalId = randomUUID();
      return {
        workspaceId: ws,
        type: 'signal.updated.v1',
        subject: subjects.signalUpdated,
        msgId: msgIds.signalUpdated(signalId, 'archived'),
        data: { signalId, workspaceId: ws, status: 'archived', crossedThreshold: false },
      };
    });
    expect(await writeOutbox(world.pool, entries)).toBe(3);
    // A row whose payload no longer fits its schema: the batch publish refuses the whole batch.
    await world.pool.query(
      `INSERT INTO outbox (workspace_id, type, subject, msg_id, payload)
       VALUES ($1, 'signal.updated.v1', $2, $3, '{"signalId": "not-a-uuid"}')`,
      [ws, subjects.signalUpdated, `broken-${randomUUID()}`],
    );

    const relay = new OutboxRelay({ bus: world.bus, pool: world.pool, logger, pollMs: 60_000 });
    expect(await relay.flush()).toBe(3);
    const sent = await streamEvents(world.bus, streams.signals, 'signal.updated.v1');
    expect(sent.map((e) => e.msgId).sort()).toEqual(entries.map((e) => e.msgId).sort());
    const { rows } = await world.pool.query<{
      msg_id: string;
      published: boolean;
      attempts: number;
      last_error: string | null;
    }>(
      'SELECT msg_id, published_at IS NOT NULL AS published, attempts, last_error FROM outbox WHERE workspace_id = $1',
      [ws],
    );
    const broken = rows.find((r) => r.msg_id.startsWith('broken-'))!;
    expect(broken).toMatchObject({ published: false, attempts: 1 });
    expect(broken.last_error).toBeTruthy();
    expect(rows.filter((r) => r.published)).toHaveLength(3);

    // The next pass sends nothing new and counts the broken row's second failure.
    expect(await relay.flush()).toBe(0);
    const { rows: again } = await world.pool.query<{ attempts: number }>(
      "SELECT attempts FROM outbox WHERE workspace_id = $1 AND msg_id LIKE 'broken-%'",
      [ws],
    );
    expect(again[0]!.attempts).toBe(2);
  });
});
