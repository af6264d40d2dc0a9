import { withTransaction, type Pool } from '@intent-radar/db';
import { msgIds, subjects } from '@intent-radar/proto-schemas';
import { writeOutbox, type OutboxEntry } from '../store/outbox.ts';

/**
 * Archives signals created more than `olderThanDays` ago that are not archived yet, in batches of
 * `batchSize` (short transactions, no long row locks), each with its signal.updated outbox rows.
 * Idempotent: a second run finds nothing. Returns how many signals it archived.
 */
export async function archiveOldSignals(
  pool: Pool,
  olderThanDays: number,
  batchSize = 1000,
): Promise<{ archived: number; events: number }> {
  let archived = 0;
  let events = 0;
  for (;;) {
    const batch = await withTransaction(pool, async (client) => {
      const { rows } = await client.query<{ id: string; workspaceId: string }>(
        `WITH due AS (
           SELECT id FROM signals
            WHERE status <> 'archived' AND created_at < now() - make_interval(days => $1)
            ORDER BY created_at
            LIMIT $2
            FOR UPDATE SKIP LOCKED
         )
         UPDATE signals s SET status = 'archived', archived_at = now(), updated_at = now()
           FROM due WHERE s.id = due.id
         RETURNING s.id, s.workspace_id AS "workspaceId"`,
        [olderThanDays, batchSize],
      );
      const entries = rows.map((r): OutboxEntry<'signal.updated.v1'> => ({
        workspaceId: r.workspaceId,
        type: 'signal.updated.v1',
        subject: subjects.signalUpdated,
        msgId: msgIds.signalUpdated(r.id, 'archived'),
        data: { signalId: r.id, workspaceId: r.workspaceId, status: 'archived', crossedThreshold: false },
      }));
      return { count: rows.length, events: await writeOutbox(client, entries) };
    });
    archived += batch.count;
    events += batch.events;
    if (batch.count < batchSize) return { archived, events };
  }
}
