import { withTransaction, type Pool, type Queryable } from '@intent-radar/db';
import type { DigestPeriod } from '../format/digest.ts';
import type { DestinationRow } from './destination.ts';

/**
 * SQL of the notifier: deliveries (one row per signal x destination, the idempotency record),
 * delivery_attempts (every attempt, for the dashboard) and digests (one per destination x period).
 * The notifier is a system service: it runs as the table owner and scopes every query itself.
 */

const DESTINATION_COLUMNS = `id, workspace_id, name, kind, config, secrets, monitor_ids::text[] AS monitor_ids, min_score,
  frequency, quiet_hours_start::text AS quiet_hours_start, quiet_hours_end::text AS quiet_hours_end, time_zone`;

export type DeliveryStatus = 'pending' | 'digest' | 'sending' | 'sent' | 'failed' | 'skipped';

/** Enabled destinations of some workspaces (one statement for the lookups of many concurrent signals). */
export async function listActiveDestinations(db: Queryable, workspaceIds: readonly string[]): Promise<DestinationRow[]> {
  if (workspaceIds.length === 0) return [];
  const res = await db.query<DestinationRow>(`SELECT ${DESTINATION_COLUMNS} FROM alert_destinations WHERE workspace_id = ANY($1::uuid[]) AND enabled`, [workspaceIds]);
  return res.rows;
}

/** Enabled destinations by id (for retries and held alerts). */
export async function getActiveDestinations(db: Queryable, ids: readonly string[]): Promise<DestinationRow[]> {
  if (ids.length === 0) return [];
  const res = await db.query<DestinationRow>(`SELECT ${DESTINATION_COLUMNS} FROM alert_destinations WHERE id = ANY($1::uuid[]) AND enabled`, [ids]);
  return res.rows;
}

/** One destination by id, enabled or not (the "send test" button works on a disabled one too). */
export async function getDestination(db: Queryable, id: string): Promise<DestinationRow | undefined> {
  const res = await db.query<DestinationRow>(`SELECT ${DESTINATION_COLUMNS} FROM alert_destinations WHERE id = $1`, [id]);
  return res.rows[0];
}

/** Enabled destinations that receive digests. */
export async function listDigestDestinations(db: Queryable): Promise<DestinationRow[]> {
  const res = await db.query<DestinationRow>(`SELECT ${DESTINATION_COLUMNS} FROM alert_destinations WHERE enabled AND frequency <> 'instant'`);
  return res.rows;
}

export interface NewDelivery {
  workspaceId: string;
  signalId: string;
  destinationId: string;
  status: Extract<DeliveryStatus, 'pending' | 'digest' | 'skipped'>;
  nextAttemptAt: Date | null;
  payload: unknown;
}

/**
 * Inserts the idempotency records; rows that exist already (a redelivered event) are left alone.
 * Rows due now are inserted already claimed ('sending', attempt 1, leased) and returned, which saves
 * the claim round trip on the hot path; `conflicts` tells the caller to claim leftovers of an earlier delivery.
 * `reopenSkipped` (a re-scored signal): a row recorded as 'skipped' whose destination the signal now
 * qualifies for takes the new state and payload instead, once; any other existing row stays as it is.
 */
export async function insertDeliveries(
  db: Queryable,
  rows: readonly NewDelivery[],
  now: Date,
  leaseMs: number,
  options: { reopenSkipped?: boolean } = {},
): Promise<{ claimed: ClaimedDelivery[]; conflicts: number; conflictedSignals: Set<string> }> {
  if (rows.length === 0) return { claimed: [], conflicts: 0, conflictedSignals: new Set() };
  // Rows of many signals may go in one statement: a fixed order keeps concurrent inserts of the
  // same (redelivered) rows from deadlocking on the unique index.
  const ordered = [...rows].sort((a, b) => (a.signalId === b.signalId ? cmp(a.destinationId, b.destinationId) : cmp(a.signalId, b.signalId)));
  // Named (prepared once per connection): the hot path's statements skip parse and analysis.
  const res = await db.query<ClaimedDelivery & { status: string }>({
    name: options.reopenSkipped ? 'notifier-insert-deliveries-reopen' : 'notifier-insert-deliveries',
    text: `INSERT INTO deliveries (workspace_id, signal_id, destination_id, status, attempts, lease_until, next_attempt_at, payload, created_at, updated_at)
     SELECT w, s, d,
            CASE WHEN st = 'pending' AND na <= $7 THEN 'sending' ELSE st END,
            CASE WHEN st = 'pending' AND na <= $7 THEN 1 ELSE 0 END,
            CASE WHEN st = 'pending' AND na <= $7 THEN $7::timestamptz + make_interval(secs => $8::double precision / 1000) END,
            na, p, $7, $7
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::jsonb[]) AS t(w, s, d, st, na, p)
     ${
       options.reopenSkipped
         ? `ON CONFLICT (signal_id, destination_id) DO UPDATE
              SET status = EXCLUDED.status, attempts = EXCLUDED.attempts, lease_until = EXCLUDED.lease_until,
                  next_attempt_at = EXCLUDED.next_attempt_at, payload = EXCLUDED.payload, updated_at = EXCLUDED.updated_at
            WHERE deliveries.status = 'skipped' AND EXCLUDED.status <> 'skipped'`
         : 'ON CONFLICT (signal_id, destination_id) DO NOTHING'
     }
     RETURNING id, workspace_id, signal_id, destination_id, attempts, status`,
    values: [
      ordered.map((r) => r.workspaceId),
      ordered.map((r) => r.signalId),
      ordered.map((r) => r.destinationId),
      ordered.map((r) => r.status),
      ordered.map((r) => r.nextAttemptAt),
      // A row claimed here is sent from the event in hand, and a skipped one is never rendered (a
      // reopen writes the new payload): neither stores it. Held and digest rows do. A claimed row
      // that is retried or outlives a crash is rendered from the stored signal (loadAlertSignal).
      ordered.map((r) => (r.status === 'skipped' || (r.status === 'pending' && r.nextAttemptAt !== null && r.nextAttemptAt <= now) ? null : JSON.stringify(r.payload))),
      now,
      leaseMs,
    ],
  });
  // The payload is not read back: the caller holds it (the event it is handling).
  const claimed = res.rows.filter((r) => r.status === 'sending').map(({ status: _status, ...rest }) => ({ ...rest, payload: null }));
  const inserted = new Map<string, number>();
  for (const r of res.rows) inserted.set(r.signal_id, (inserted.get(r.signal_id) ?? 0) + 1);
  const requested = new Map<string, number>();
  for (const r of rows) requested.set(r.signalId, (requested.get(r.signalId) ?? 0) + 1);
  const conflictedSignals = new Set([...requested].filter(([id, n]) => (inserted.get(id) ?? 0) < n).map(([id]) => id));
  return { claimed, conflicts: rows.length - res.rows.length, conflictedSignals };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A delivery claimed for one send attempt by this process. */
export interface ClaimedDelivery {
  id: string;
  workspace_id: string;
  signal_id: string;
  destination_id: string;
  attempts: number;
  /** The stored signal.created data; null for rows that were claimed when inserted (see insertDeliveries). */
  payload: unknown;
}

/**
 * Atomically moves due 'pending' deliveries to 'sending' with a lease and counts the attempt:
 * only one replica can claim a row, so a redelivered event or a second poller never sends twice.
 */
export async function claimDueDeliveries(
  db: Queryable,
  scope: { signalId: string } | { limit: number },
  now: Date,
  leaseMs: number,
): Promise<ClaimedDelivery[]> {
  const bySignal = 'signalId' in scope;
  const res = await db.query<ClaimedDelivery>(
    `UPDATE deliveries d
        SET status = 'sending', attempts = d.attempts + 1, lease_until = $1::timestamptz + make_interval(secs => $2::double precision / 1000), updated_at = $1,
            request_started_at = NULL
      WHERE d.id IN (
        SELECT id FROM deliveries
         WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $1)
           AND ${bySignal ? 'signal_id = $3' : 'true'}
         ORDER BY next_attempt_at NULLS FIRST
         LIMIT ${bySignal ? 1000 : '$3'}
         FOR UPDATE SKIP LOCKED)
      RETURNING d.id, d.workspace_id, d.signal_id, d.destination_id, d.attempts, d.payload`,
    [now, leaseMs, bySignal ? scope.signalId : scope.limit],
  );
  return res.rows;
}

export interface AttemptResult {
  ok: boolean;
  httpStatus?: number;
  error?: string;
  startedAt: Date;
  finishedAt: Date;
  /** New status of the delivery: sent, pending (retry at nextAttemptAt), failed, or digest (back in the queue). */
  status: Extract<DeliveryStatus, 'sent' | 'pending' | 'failed' | 'digest'>;
  nextAttemptAt?: Date | null;
}

/** Records the attempt and the delivery's new state in one statement (atomic), releasing the claim. */
export async function recordAttempts(db: Queryable, deliveries: readonly ClaimedDelivery[], result: AttemptResult): Promise<void> {
  await recordAttemptResults(
    db,
    deliveries.map((delivery) => ({ delivery, result })),
  );
}

/**
 * Records many attempts, each with its own result, in one statement: every attempt row and every
 * delivery's new state (releasing its claim) commit together.
 */
export async function recordAttemptResults(db: Queryable, entries: ReadonlyArray<{ delivery: ClaimedDelivery; result: AttemptResult }>): Promise<void> {
  if (entries.length === 0) return;
  const ordered = [...entries].sort((a, b) => cmp(a.delivery.id, b.delivery.id));
  await db.query({
    name: 'notifier-record-attempts',
    text: `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::boolean[], $5::int[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::text[], $10::timestamptz[])
         AS t(w, d, a, ok, http_status, error, started_at, finished_at, status, next_attempt_at)),
     attempt AS (
       INSERT INTO delivery_attempts (workspace_id, delivery_id, attempt, ok, http_status, error, started_at, finished_at)
       SELECT w, d, a, ok, http_status, error, started_at, finished_at FROM input
       ON CONFLICT (delivery_id, attempt) DO NOTHING)
     UPDATE deliveries
        SET status = i.status, lease_until = NULL, last_error = i.error, next_attempt_at = i.next_attempt_at, updated_at = i.finished_at,
            sent_at = CASE WHEN i.status = 'sent' THEN i.finished_at ELSE deliveries.sent_at END,
            digest_id = CASE WHEN i.status = 'digest' THEN NULL ELSE deliveries.digest_id END
       FROM input i
      WHERE deliveries.id = i.d AND deliveries.status = 'sending'`,
    values: [
      ordered.map((e) => e.delivery.workspace_id),
      ordered.map((e) => e.delivery.id),
      ordered.map((e) => e.delivery.attempts),
      ordered.map((e) => e.result.ok),
      ordered.map((e) => e.result.httpStatus ?? null),
      ordered.map((e) => e.result.error?.slice(0, 2000) ?? null),
      ordered.map((e) => e.result.startedAt),
      ordered.map((e) => e.result.finishedAt),
      ordered.map((e) => e.result.status),
      ordered.map((e) => e.result.nextAttemptAt ?? null),
    ],
  });
}

/** Turns a destination off with the reason shown to its owner, and fails what was waiting for it. */
export async function disableDestination(pool: Pool, destinationId: string, reason: string, now: Date): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query(`UPDATE alert_destinations SET enabled = false, disabled_reason = $2, updated_at = $3 WHERE id = $1 AND enabled`, [
      destinationId,
      reason.slice(0, 1000),
      now,
    ]);
    await client.query(
      `UPDATE deliveries SET status = 'failed', last_error = $2, updated_at = $3, next_attempt_at = NULL
        WHERE destination_id = $1 AND status IN ('pending', 'digest')`,
      [destinationId, `destination disabled: ${reason}`.slice(0, 2000), now],
    );
  });
}

/**
 * Turns back on a destination the notifier disabled after a permanent failure (disabled_reason
 * set), once a "send test" to it succeeded: the owner fixed it. One the owner switched off
 * (no reason recorded) stays off. True when it was re-enabled.
 */
export async function reenableDestination(db: Queryable, destinationId: string, now: Date): Promise<boolean> {
  const res = await db.query(
    `UPDATE alert_destinations SET enabled = true, disabled_reason = NULL, updated_at = $2
      WHERE id = $1 AND NOT enabled AND disabled_reason IS NOT NULL`,
    [destinationId, now],
  );
  return (res.rowCount ?? 0) > 0;
}

export const OUTCOME_UNKNOWN = 'process stopped during the send; outcome unknown';
export const NEVER_SENT = 'process stopped before the send; sent again';

/**
 * Records that the requests of these claimed deliveries are about to be written: from here on a
 * crash leaves the outcome unknown. Before it, a crash leaves a claim that was never sent.
 */
export async function markRequestsStarted(db: Queryable, deliveryIds: readonly string[], now: Date): Promise<void> {
  await db.query({
    name: 'notifier-mark-requests-started',
    text: `UPDATE deliveries SET request_started_at = $2 WHERE id = ANY($1::uuid[]) AND status = 'sending'`,
    values: [deliveryIds, now],
  });
}

/**
 * Settles sends whose claim expired (the process died). A claim whose request never started was
 * not sent: it goes back to pending on every channel. One whose request started may have been
 * acted on: Slack, email and Discord have no idempotency key, so resending could duplicate: they
 * are failed (at most once). Standard Webhooks go back to pending: the retry carries the same
 * webhook-id, which receivers dedupe on.
 */
export async function expireStaleSends(db: Queryable, now: Date): Promise<number> {
  const resendable = `d.request_started_at IS NULL OR (dest.kind = 'webhook' AND COALESCE(dest.config->>'format', dest.secrets->>'format', 'standard') <> 'discord')`;
  const res = await db.query(
    `WITH stale AS (
       UPDATE deliveries d
          SET status = CASE WHEN ${resendable} THEN 'pending' ELSE 'failed' END,
              next_attempt_at = CASE WHEN ${resendable} THEN $1::timestamptz ELSE NULL END,
              lease_until = NULL, updated_at = $1, digest_id = NULL,
              last_error = CASE WHEN d.request_started_at IS NULL THEN $3 ELSE $2 END
         FROM alert_destinations dest
        WHERE dest.id = d.destination_id AND d.status = 'sending' AND d.lease_until < $1
        RETURNING d.id, d.workspace_id, d.attempts, d.last_error)
     INSERT INTO delivery_attempts (workspace_id, delivery_id, attempt, ok, error, started_at, finished_at)
     SELECT workspace_id, id, attempts, false, last_error, $1, $1 FROM stale
     ON CONFLICT (delivery_id, attempt) DO NOTHING`,
    [now, OUTCOME_UNKNOWN, NEVER_SENT],
  );
  await db.query(`UPDATE digests SET status = 'failed', last_error = $2, lease_until = NULL, updated_at = $1 WHERE status = 'sending' AND lease_until < $1`, [now, OUTCOME_UNKNOWN]);
  return res.rowCount ?? 0;
}

/** Claims a digest period for a destination; null when another replica (or an earlier run) has it. */
export async function claimDigest(
  db: Queryable,
  input: { workspaceId: string; destinationId: string; period: DigestPeriod; start: Date; end: Date },
  now: Date,
  leaseMs: number,
): Promise<string | null> {
  const res = await db.query<{ id: string }>(
    `INSERT INTO digests (workspace_id, destination_id, period, period_start, period_end, lease_until, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::timestamptz + make_interval(secs => $7::double precision / 1000), $6, $6)
     ON CONFLICT (destination_id, period_start) DO NOTHING RETURNING id`,
    [input.workspaceId, input.destinationId, input.period, input.start, input.end, now, leaseMs],
  );
  return res.rows[0]?.id ?? null;
}

/** Moves the destination's waiting digest deliveries created before `end` into the claimed digest. */
export async function takeDigestDeliveries(db: Queryable, digestId: string, destinationId: string, end: Date, now: Date, leaseMs: number): Promise<ClaimedDelivery[]> {
  const res = await db.query<ClaimedDelivery>(
    `UPDATE deliveries SET status = 'sending', digest_id = $1, attempts = attempts + 1,
            lease_until = $4::timestamptz + make_interval(secs => $5::double precision / 1000), updated_at = $4
      WHERE destination_id = $2 AND status = 'digest' AND created_at < $3
      RETURNING id, workspace_id, signal_id, destination_id, attempts, payload`,
    [digestId, destinationId, end, now, leaseMs],
  );
  return res.rows;
}

/** Final state of a digest. */
export async function finishDigest(db: Queryable, digestId: string, status: 'sent' | 'failed' | 'empty', count: number, error: string | null, now: Date): Promise<void> {
  await db.query(
    `UPDATE digests SET status = $2::text, signal_count = $3, last_error = $4, lease_until = NULL, updated_at = $5::timestamptz,
            sent_at = CASE WHEN $2::text = 'sent' THEN $5::timestamptz ELSE NULL END
      WHERE id = $1`,
    [digestId, status, count, error, now],
  );
}
