import type { KV } from '@nats-io/kv';
import { z } from 'zod';
import { isWrongRevision } from './cursor-store.ts';

const leaseSchema = z.object({ owner: z.string(), next: z.string().optional(), renewedAt: z.number() });
type Lease = z.infer<typeof leaseSchema>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One firehose runner per platform across all replicas. A new job asks for the lease (`next`);
 * the holder hands it over between two steps, after its cursor write, so two runners never
 * fetch the same items. A holder that stops renewing (crashed) loses the lease after `staleMs`.
 */
export class FirehoseLease {
  private lastRenewAt = 0;

  /**
   * `renewEveryMs`: between two steps the lease is re-read (hand-over, renewal) at most this
   * often, so a fast firehose does not pay two KV round trips per step; a waiting job takes over
   * within this long. Must stay well under `staleMs`.
   */
  constructor(
    private readonly kv: KV,
    private readonly key: string,
    readonly owner: string,
    private readonly staleMs: number,
    private readonly renewEveryMs = Math.min(1_000, Math.floor(staleMs / 5)),
  ) {}

  private async read(): Promise<{ lease: Lease | undefined; revision: number }> {
    const e = await this.kv.get(this.key);
    if (!e || e.operation !== 'PUT') return { lease: undefined, revision: e?.revision ?? 0 };
    const parsed = leaseSchema.safeParse(safeJson(e.string()));
    return { lease: parsed.success ? parsed.data : undefined, revision: e.revision };
  }

  private async cas(value: Lease, revision: number): Promise<boolean> {
    try {
      if (revision === 0) await this.kv.create(this.key, JSON.stringify(value));
      else await this.kv.update(this.key, JSON.stringify(value), revision);
      return true;
    } catch (err) {
      if (isWrongRevision(err)) return false;
      throw err;
    }
  }

  /** Waits until this owner holds the lease; false when `signal` aborts or the wait exceeds `maxWaitMs`. */
  async acquire(signal: AbortSignal, maxWaitMs: number): Promise<boolean> {
    const deadline = Date.now() + maxWaitMs;
    while (!signal.aborted && Date.now() < deadline) {
      const { lease, revision } = await this.read();
      const now = Date.now();
      if (lease?.owner === this.owner) return this.renewed();
      if (!lease || now - lease.renewedAt > this.staleMs) {
        if (await this.cas({ owner: this.owner, renewedAt: now }, revision)) return this.renewed();
        continue;
      }
      if (lease.next !== this.owner) await this.cas({ ...lease, next: this.owner }, revision);
      await sleep(50);
    }
    return false;
  }

  /** Between steps: renews, or hands over to a waiting job. False = stop running now. */
  async renew(): Promise<boolean> {
    if (Date.now() - this.lastRenewAt < this.renewEveryMs) return true;
    for (;;) {
      const { lease, revision } = await this.read();
      if (lease?.owner !== this.owner) return false;
      if (lease.next && lease.next !== this.owner) {
        if (await this.cas({ owner: lease.next, renewedAt: Date.now() }, revision)) return false;
        continue;
      }
      if (await this.cas({ owner: this.owner, renewedAt: Date.now() }, revision)) return this.renewed();
    }
  }

  private renewed(): true {
    this.lastRenewAt = Date.now();
    return true;
  }

  /** Ends this run: hands over to a waiting job, or leaves the lease free for the next one. */
  async release(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      const { lease, revision } = await this.read();
      if (lease?.owner !== this.owner) return;
      const next: Lease = lease.next && lease.next !== this.owner ? { owner: lease.next, renewedAt: Date.now() } : { owner: '', renewedAt: 0 };
      if (await this.cas(next, revision)) return;
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
