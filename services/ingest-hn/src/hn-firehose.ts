import { CursorConflictError, CursorStore, fetchSourceJson, type IngestContext, type NormalizedPost } from '@intent-radar/ingest-kit';
import { z } from 'zod';
import { firebaseItemSchema, fromFirebaseItem, type FirebaseItem, type ThreadInfo } from './hn-normalize.ts';

export const hnFirehoseCursorSchema = z.object({ lastId: z.number().int().nonnegative() });

type FetchResult = { ok: true; item: FirebaseItem | null } | { ok: false; error: unknown };

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
  /** Items read but behind a not-yet-visible or failed id: the cursor cannot pass them yet. */
  private readonly ahead = new Map<number, FirebaseItem>();

  constructor(private readonly opts: HnFirehoseOptions) {}

  async step(ctx: IngestContext): Promise<{ caughtUp: boolean }> {
    const key = CursorStore.firehoseKey('hackernews', 'items');
    await ctx.budget.waitWhilePaused(ctx.signal);
    const max = (await fetchSourceJson(`${this.opts.firebaseBaseUrl}/maxitem.json`, z.number().int().nonnegative(), { signal: ctx.signal, timeoutMs: 10_000 })).body;
    const { value, revision } = await ctx.cursors.readOwned(key, hnFirehoseCursorSchema);
    if (!value) {
      // An empty HN (maxitem 0: a fresh fake, a broken answer) is no position: starting at 0
      // would walk every id ever issued. Wait until there is a real maxitem.
      if (max === 0) return { caughtUp: true };
      await ctx.cursors.write(key, { lastId: Math.max(0, max - this.opts.startBacklog) }, revision);
      return { caughtUp: false };
    }
    this.forgetUpTo(value.lastId);
    if (max <= value.lastId) return { caughtUp: true };
    const upTo = Math.min(max, value.lastId + this.opts.batch);
    const ids = Array.from({ length: upTo - value.lastId }, (_, i) => value.lastId + 1 + i);
    // Items already read past a hole in an earlier step are not fetched again.
    const missing = ids.filter((id) => !this.ahead.has(id));
    const results = await this.fetchAll(missing, ctx);
    const fetched = new Map(missing.map((id, i) => [id, results[i]!]));

    const posts: NormalizedPost[] = [];
    let lastId = value.lastId;
    let blocked = false;
    let failure: unknown;
    for (const id of ids) {
      const r = this.ahead.has(id) ? { ok: true as const, item: this.ahead.get(id)! } : fetched.get(id)!;
      if (!r.ok) {
        failure ??= r.error;
        blocked = true;
        continue;
      }
      if (r.item === null) {
        // Every null in the range is counted in the same step (not only the first one), so a
        // run of missing ids is skipped after NULL_PATIENCE steps, not after NULL_PATIENCE
        // steps per id (a 100-id hole took 200 steps and re-read the whole batch each time).
        const seen = (this.nullSeen.get(id) ?? 0) + 1;
        this.nullSeen.set(id, seen);
        if (seen < NULL_PATIENCE) blocked = true;
        else if (!blocked) this.nullSeen.delete(id);
      } else if (blocked) {
        this.ahead.set(id, r.item);
      } else {
        const post = fromFirebaseItem(r.item, this.threadOf(r.item));
        this.remember(r.item);
        if (post) posts.push(post);
      }
      if (!blocked) lastId = id;
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

  /** Drops what the cursor has passed (this replica's or another's). */
  private forgetUpTo(lastId: number): void {
    for (const id of this.ahead.keys()) if (id <= lastId) this.ahead.delete(id);
    for (const id of this.nullSeen.keys()) if (id <= lastId) this.nullSeen.delete(id);
  }

  private async fetchAll(ids: number[], ctx: IngestContext): Promise<FetchResult[]> {
    const out = new Array<FetchResult>(ids.length);
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
