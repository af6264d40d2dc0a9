import type { Bus, PublishRequest } from '@intent-radar/bus';
import { withTransaction, type Pool, type Queryable } from '@intent-radar/db';
import type { Logger } from '@intent-radar/logger';
import type { EventData, EventType } from '@intent-radar/proto-schemas';
import { toJsonb } from './pg-text.ts';

/** One event to publish once the surrounding transaction commits. `subject` is logical (unnamespaced). */
export interface OutboxEntry<T extends EventType = EventType> {
  workspaceId: string | null;
  type: T;
  subject: string;
  msgId: string;
  data: EventData<T>;
}

/**
 * Writes events in the caller's transaction: they exist exactly when the change that caused them
 * committed. UNIQUE (msg_id) turns writing the same event twice into a no-op.
 */
export async function writeOutbox(db: Queryable, entries: readonly OutboxEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const result = await db.query(
    `INSERT INTO outbox (workspace_id, type, subject, msg_id, payload)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[])
     ON CONFLICT (msg_id) DO NOTHING`,
    [
      entries.map((e) => e.workspaceId),
      entries.map((e) => e.type),
      entries.map((e) => e.subject),
      entries.map((e) => e.msgId),
      entries.map((e) => toJsonb(e.data)),
    ],
  );
  return result.rowCount ?? 0;
}

export interface OutboxRelayOptions {
  bus: Bus;
  pool: Pool;
  logger: Logger;
  /** Idle poll interval; the relay is also woken right after each commit that wrote events. Milliseconds. */
  pollMs: number;
  batchSize?: number;
  /** Rows that failed this many times are left for an operator (last_error says why). */
  maxAttempts?: number;
}

interface OutboxRow {
  id: string;
  type: EventType;
  subject: string;
  msgId: string;
  payload: unknown;
}

/**
 * Publishes unpublished outbox rows in id order with their msg id, then stamps published_at.
 *
 * A crash after the commit and before the publish loses nothing: the row is still unpublished and
 * the next pass (here or in another replica) sends it. A crash after the publish and before the
 * stamp re-sends it with the same Nats-Msg-Id, which the stream drops inside its duplicate window.
 * Replicas split rows with FOR UPDATE SKIP LOCKED.
 */
export class OutboxRelay {
  readonly #opts: Required<OutboxRelayOptions>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = true;

  constructor(opts: OutboxRelayOptions) {
    this.#opts = { batchSize: 200, maxAttempts: 20, ...opts };
  }

  start(): void {
    this.#stopped = false;
    this.wake();
  }

  /** Asks for a pass now (coalesced with one already running). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#running = this.#drain()
      .catch((err: unknown) =>
        this.#opts.logger.warn({ err }, 'outbox relay pass failed; retrying on the next tick'),
      )
      .finally(() => {
        this.#running = undefined;
        if (this.#stopped) return;
        if (this.#again) {
          this.#again = false;
          this.wake();
        } else {
          this.#timer = setTimeout(() => this.wake(), this.#opts.pollMs);
        }
      });
  }

  /** Publishes until nothing is pending; returns how many rows went out. Used by wake() and tests. */
  async flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.#pass();
      total += sent.published;
      if (sent.claimed < this.#opts.batchSize) return total;
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  async #drain(): Promise<void> {
    await this.flush();
  }

  async #pass(): Promise<{ claimed: number; published: number }> {
    const { bus, pool, logger, batchSize, maxAttempts } = this.#opts;
    return withTransaction(pool, async (client) => {
      const { rows } = await client.query<OutboxRow>(
        `SELECT id, type, subject, msg_id AS "msgId", payload
           FROM outbox
          WHERE published_at IS NULL AND attempts < $2
          ORDER BY id
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [batchSize, maxAttempts],
      );
      if (rows.length === 0) return { claimed: 0, published: 0 };
      const results = await publishAll(bus, rows);
      const published: string[] = [];
      const failed: { id: string; error: string }[] = [];
      results.forEach((r, i) => {
        const row = rows[i]!;
        if (r.status === 'fulfilled') published.push(row.id);
        else
          failed.push({ id: row.id, error: r.reason instanceof Error ? r.reason.message : String(r.reason) });
      });
      if (published.length > 0) {
        await client.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [
          published,
        ]);
      }
      if (failed.length > 0) {
        await client.query(
          `UPDATE outbox o SET attempts = o.attempts + 1, last_error = f.error
             FROM unnest($1::bigint[], $2::text[]) AS f(id, error) WHERE o.id = f.id`,
          [failed.map((f) => f.id), failed.map((f) => f.error.slice(0, 2000))],
        );
        for (const f of failed)
          logger.warn({ outboxId: f.id, error: f.error }, 'outbox publish failed; will retry');
      }
      // A batch where everything failed (NATS down) stops the flush loop instead of spinning.
      return { claimed: failed.length === rows.length ? 0 : rows.length, published: published.length };
    });
  }
}

/**
 * Publishes the rows as one batch (validated together, acks awaited together). When the batch
 * fails (one row invalid, or NATS went away part-way), each row is sent again on its own to learn
 * which ones failed: rows that went out already carry the same msg id, so the stream drops them.
 */
async function publishAll(bus: Bus, rows: readonly OutboxRow[]): Promise<PromiseSettledResult<unknown>[]> {
  const requests = rows.map((row): PublishRequest => ({
    type: row.type,
    subject: row.subject,
    data: row.payload as never,
    msgId: row.msgId,
  }));
  try {
    const results = await bus.publishMany(requests);
    return results.map((value) => ({ status: 'fulfilled', value }));
  } catch {
    return Promise.allSettled(
      requests.map((r) => bus.publish(r.type, r.subject, r.data, { msgId: r.msgId })),
    );
  }
}
