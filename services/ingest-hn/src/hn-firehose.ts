import { CursorConflictError, CursorStore, fetchSourceJson, type IngestContext, type NormalizedPost } from '@intent-radar/ingest-kit';
import { z } from 'zod';
import { firebaseItemSchema, fromFirebaseItem, type FirebaseItem, type ThreadInfo } from './hn-normalize.ts';

export const hnFirehoseCursorSchema = z.object({ lastId: z.number().int().nonnegative() });

export interface HnFirehoseOptions {
  firebaseBaseUrl: string;
  concurrency: number;
  batch: number;
  startBacklog: number;
  /** First wait before re-fetching a failed item; x4 per attempt. Milliseconds. */
  retryBaseMs: number;
}

/** A missing item (null) is waited for this many steps, then skipped (deleted before it was read). */
const NULL_PATIENCE = 3;
const THREAD_CACHE = 50_000;
/** Attempts per item inside one step (each failure is counted) before the step stops there. */
const ITEM_ATTEMPTS = 4;

/**
 * Walks Firebase item ids from the stored cursor up to `maxitem`, in order, so every new story
 * and comment is seen once and matched locally. The cursor only moves over a contiguous prefix
 * of fetched ids: a failure or a not-yet-visible item stops the step there.
 */
export class HnFirehose {
  private readonly threads = new Map<number, ThreadInfo>();
  private readonly nullSeen = new Map<number, number>();

  constructor(private readonly opts: HnFirehoseOptions) {}

  async step(ctx: IngestContext): Promise<{ caughtUp: boolean }> {
    const key = CursorStore.firehoseKey('hackernews', 'items');
    await ctx.budget.waitWhilePaused(ctx.signal);
    const max = (await fetchSourceJson(`${this.opts.firebaseBaseUrl}/maxitem.json`, z.number().int().nonnegative(), { signal: ctx.signal, timeoutMs: 10_000 })).body;
    const { value, revision } = await ctx.cursors.readOwned(key, hnFirehoseCursorSchema);
    if (!value) {
      await ctx.cursors.write(key, { lastId: Math.max(0, max - this.opts.startBacklog) }, revision);
      return { caughtUp: false };
    }
    if (max <= value.lastId) return { caughtUp: true };
    const upTo = Math.min(max, value.lastId + this.opts.batch);
    const ids = Array.from({ length: upTo - value.lastId }, (_, i) => value.lastId + 1 + i);
    const fetched = await this.fetchAll(ids, ctx);

    const posts: NormalizedPost[] = [];
    let lastId = value.lastId;
    let failure: unknown;
    for (const [i, id] of ids.entries()) {
      const r = fetched[i]!;
      if (!r.ok) {
        failure = r.error;
        break;
      }
      if (r.item === null) {
        const seen = (this.nullSeen.get(id) ?? 0) + 1;
        this.nullSeen.set(id, seen);
        if (seen < NULL_PATIENCE) break;
        this.nullSeen.delete(id);
      } else {
        const post = fromFirebaseItem(r.item, this.threadOf(r.item));
        this.remember(r.item);
        if (post) posts.push(post);
      }
      lastId = id;
    }
    if (posts.length > 0) await ctx.publisher.publish(posts, 'firehose', ctx.traceparent);
    if (lastId > value.lastId) {
      try {
        await ctx.cursors.write(key, { lastId }, revision);
      } catch (err) {
        if (err instanceof CursorConflictError) return { caughtUp: true };
        throw err;
      }
    }
    ctx.health.success(lastId - value.lastId);
    // Failures were already counted per attempt; only a step that made no progress backs off.
    if (failure && lastId === value.lastId) throw failure;
    return { caughtUp: lastId >= max || lastId === value.lastId };
  }

  private async fetchAll(ids: number[], ctx: IngestContext): Promise<({ ok: true; item: FirebaseItem | null } | { ok: false; error: unknown })[]> {
    const out = new Array<{ ok: true; item: FirebaseItem | null } | { ok: false; error: unknown }>(ids.length);
    let next = 0;
    const fetchOne = async (id: number) => {
      for (let attempt = 1; ; attempt++) {
        // A 429 seen by any replica pauses every fetch here until Retry-After has passed.
        await ctx.budget.waitWhilePaused(ctx.signal);
        try {
          const res = await fetchSourceJson(`${this.opts.firebaseBaseUrl}/item/${id}.json`, firebaseItemSchema, { signal: ctx.signal, timeoutMs: 10_000 });
          return { ok: true as const, item: res.body };
        } catch (error) {
          const retry = await ctx.recordFailure(error);
          if (!retry || attempt >= ITEM_ATTEMPTS || ctx.signal.aborted) return { ok: false as const, error };
          await new Promise((r) => setTimeout(r, this.opts.retryBaseMs * 4 ** (attempt - 1)));
        }
      }
    };
    const worker = async () => {
      while (next < ids.length) {
        const i = next++;
        out[i] = await fetchOne(ids[i]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency, ids.length) }, worker));
    return out;
  }

  private threadOf(item: FirebaseItem): ThreadInfo | undefined {
    return item.parent === undefined ? undefined : this.threads.get(item.parent);
  }

  private remember(item: FirebaseItem): void {
    const info: ThreadInfo | undefined = item.type === 'story' ? { threadId: String(item.id), threadTitle: item.title } : this.threadOf(item);
    if (!info) return;
    this.threads.set(item.id, info);
    if (this.threads.size > THREAD_CACHE) {
      const oldest = this.threads.keys().next().value;
      if (oldest !== undefined) this.threads.delete(oldest);
    }
  }
}
