import type { Bus } from '@intent-radar/bus';
import { kvBuckets, type Platform } from '@intent-radar/proto-schemas';
import type { KV } from '@nats-io/kv';
import type { z } from 'zod';
import { keyDigest } from './kv-keys.ts';

/** A cursor read together with the KV revision it was read at (0 = none stored yet). */
export interface CursorRead<T> {
  value: T | undefined;
  revision: number;
}

/** Another replica moved the cursor since it was read: the caller must re-read, not overwrite. */
export class CursorConflictError extends Error {
  readonly code = 'CURSOR_CONFLICT';
  constructor(key: string) {
    super(`cursor ${key} was moved by another replica`);
  }
}

/**
 * Positions per platform + query (or firehose stream) in the `cursors` KV bucket. Writes are
 * compare-and-set on the revision read, so two replicas can never move one cursor backwards.
 */
export class CursorStore {
  /** Cursors this process wrote last, by key (only used through readOwned). */
  private readonly owned = new Map<string, { value: unknown; revision: number }>();

  private constructor(private readonly kv: KV) {}

  static async open(bus: Bus): Promise<CursorStore> {
    return new CursorStore(await bus.kv(kvBuckets.cursors));
  }

  /** `search.<platform>.<digest>` for a query, `firehose.<platform>.<stream>` for a firehose. */
  static searchKey(platform: Platform, queryKey: string): string {
    return `search.${platform}.${keyDigest(queryKey)}`;
  }

  static firehoseKey(platform: Platform, stream: string): string {
    return `firehose.${platform}.${stream}`;
  }

  /** Reads and validates a cursor; an unreadable one counts as absent (the search re-covers its window). */
  async read<S extends z.ZodType>(key: string, schema: S): Promise<CursorRead<z.infer<S>>> {
    const e = await this.kv.get(key);
    if (!e || e.operation !== 'PUT') return { value: undefined, revision: e?.revision ?? 0 };
    let raw: unknown;
    try {
      raw = JSON.parse(e.string());
    } catch {
      return { value: undefined, revision: e.revision };
    }
    const parsed = schema.safeParse(raw);
    return { value: parsed.success ? parsed.data : undefined, revision: e.revision };
  }

  /**
   * For a cursor only the lease holder writes (a firehose): the value this process wrote last,
   * without a KV round trip, else a read. A stale copy cannot do harm: the next write's
   * compare-and-set fails and drops it. Call forgetOwned() when a lease is (re)acquired.
   */
  async readOwned<S extends z.ZodType>(key: string, schema: S): Promise<CursorRead<z.infer<S>>> {
    const mine = this.owned.get(key);
    if (mine) {
      const parsed = schema.safeParse(mine.value);
      if (parsed.success) return { value: parsed.data, revision: mine.revision };
    }
    return this.read(key, schema);
  }

  /** Drops every remembered cursor (another replica may have moved them meanwhile). */
  forgetOwned(): void {
    this.owned.clear();
  }

  /** Writes the cursor if nobody moved it since `revision`; returns the new revision. */
  async write(key: string, value: unknown, revision: number): Promise<number> {
    const data = JSON.stringify(value);
    try {
      const next = revision === 0 ? await this.kv.create(key, data) : await this.kv.update(key, data, revision);
      this.owned.set(key, { value: JSON.parse(data) as unknown, revision: next });
      return next;
    } catch (err) {
      this.owned.delete(key);
      if (isWrongRevision(err)) throw new CursorConflictError(key);
      throw err;
    }
  }
}

/** The KV client reports a failed CAS as a JetStream API error "wrong last sequence" (10071). */
export function isWrongRevision(err: unknown): boolean {
  const code = err instanceof Error && 'code' in err && (typeof err.code === 'string' || typeof err.code === 'number') ? err.code : '';
  const text = err instanceof Error ? `${err.message} ${code}` : String(err);
  return /wrong last sequence|10071|key exists/i.test(text);
}
