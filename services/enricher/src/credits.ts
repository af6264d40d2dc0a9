import { withTransaction, type Pool, type Queryable } from '@intent-radar/db';

/** A workspace's claim on an author: paid (or being paid) by request `requestId`. */
export interface PaidContact {
  requestId: string | null;
  creditsCharged: number;
}

export type Reservation = { kind: 'reserved' } | { kind: 'no_credits' } | { kind: 'already_paid' };

class AlreadyPaid extends Error {}

/** Whether the workspace already holds this author (each workspace pays once per author). */
export async function paidContact(db: Queryable, workspaceId: string, authorId: string): Promise<PaidContact | undefined> {
  const { rows } = await db.query<{ request_id: string | null; credits_charged: number }>(
    `SELECT request_id, credits_charged FROM workspace_contacts WHERE workspace_id = $1 AND author_id = $2`,
    [workspaceId, authorId],
  );
  const r = rows[0];
  return r ? { requestId: r.request_id, creditsCharged: r.credits_charged } : undefined;
}

/**
 * Takes one credit and claims the author for the workspace in one transaction. The check and the
 * decrement are a single statement (`credits >= 1` in the UPDATE's WHERE), so concurrent requests
 * can never spend more than the balance; the unique (workspace, author) claim makes a second
 * request for the same author roll its decrement back instead of paying twice.
 */
export async function reserveCredit(
  pool: Pool,
  claim: { workspaceId: string; authorId: string; requestId: string; signalId: string; requestedBy: string },
): Promise<Reservation> {
  try {
    return await withTransaction(pool, async (db) => {
      const taken = await db.query(
        `UPDATE billing SET credits = credits - 1, updated_at = now() WHERE workspace_id = $1 AND credits >= 1 RETURNING credits`,
        [claim.workspaceId],
      );
      if (taken.rowCount === 0) return { kind: 'no_credits' } as const;
      const inserted = await db.query(
        `INSERT INTO workspace_contacts (workspace_id, author_id, signal_id, request_id, requested_by, credits_charged)
         VALUES ($1, $2, $3, $4, $5, 1)
         ON CONFLICT (workspace_id, author_id) DO NOTHING
         RETURNING id`,
        [claim.workspaceId, claim.authorId, claim.signalId, claim.requestId, claim.requestedBy],
      );
      if (inserted.rowCount === 0) throw new AlreadyPaid();
      return { kind: 'reserved' } as const;
    });
  } catch (err) {
    if (err instanceof AlreadyPaid) return { kind: 'already_paid' };
    throw err;
  }
}

/** Makes a reservation final: one usage event per request (idempotent under redelivery). */
export async function confirmCharge(db: Queryable, workspaceId: string, requestId: string, authorId: string): Promise<void> {
  await db.query(
    `INSERT INTO usage_events (workspace_id, kind, quantity, idempotency_key, metadata)
     VALUES ($1, 'enrichment', 1, $2, $3)
     ON CONFLICT (workspace_id, kind, idempotency_key) DO NOTHING`,
    [workspaceId, requestId, JSON.stringify({ authorId })],
  );
}

/**
 * Gives the credit back and drops the claim, so the workspace neither pays for nor sees a result
 * it did not buy. Only the request that reserved can refund, and only once. Returns true if it did.
 */
export async function refundCredit(pool: Pool, workspaceId: string, authorId: string, requestId: string): Promise<boolean> {
  return withTransaction(pool, async (db) => {
    const released = await db.query(
      `DELETE FROM workspace_contacts
        WHERE workspace_id = $1 AND author_id = $2 AND request_id = $3 AND credits_charged > 0
        RETURNING credits_charged`,
      [workspaceId, authorId, requestId],
    );
    const credits = (released.rows as { credits_charged: number }[])[0]?.credits_charged ?? 0;
    if (credits === 0) return false;
    await db.query(`UPDATE billing SET credits = credits + $2, updated_at = now() WHERE workspace_id = $1`, [workspaceId, credits]);
    return true;
  });
}
