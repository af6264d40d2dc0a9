import { CursorConflictError, CursorStore, type IngestContext, type IngestJob, type NormalizedPost } from '@intent-radar/ingest-kit';
import { parseQuery, toRedditSearch } from '@intent-radar/query';
import { z } from 'zod';
import { compareIds, fromRedditThing } from './reddit-normalize.ts';
import type { RedditPage, RedditSource, RedditThing } from './reddit-source.ts';

export const redditCursorSchema = z.object({ newestId: z.string().min(1), newestCreatedUtc: z.number() });

export interface RedditIngestOptions {
  maxPages: number;
  backfillMs: number;
}

/** The Reddit search and firehose, on top of a RedditSource, with the shared request budget. */
export class RedditIngest {
  constructor(
    private readonly source: RedditSource,
    private readonly opts: RedditIngestOptions,
  ) {}

  /** /search sort=new for one query, paged with `after` back to the cursor (or the backfill horizon). */
  async search(job: IngestJob, ctx: IngestContext): Promise<void> {
    const key = CursorStore.searchKey('reddit', job.queryKey);
    const { value: cursor, revision } = await ctx.cursors.read(key, redditCursorSchema);
    const backfill = job.reason !== 'schedule' || !cursor;
    const horizon = job.window ? Date.parse(job.window.from) / 1000 : backfill ? (Date.now() - this.opts.backfillMs) / 1000 : cursor.newestCreatedUtc;
    const q = toRedditSearch(parseQuery(job.query)).native;
    const things: RedditThing[] = [];
    let after: string | null = null;
    for (let page = 0; page < this.opts.maxPages; page++) {
      const res: RedditPage = await this.call(ctx, '/search', { q, sort: 'new', t: 'all', limit: 100, type: 'link', ...(after ? { after } : {}) });
      let reachedOld = false;
      for (const t of res.things) {
        const old = backfill ? t.data.created_utc < horizon : compareIds(t.data.id, cursor.newestId) <= 0;
        if (old) reachedOld = true;
        else things.push(t);
      }
      after = res.after;
      if (reachedOld || !after || res.things.length === 0) break;
    }
    await this.publish(things, 'search', ctx);
    ctx.health.success(things.length);
    const newest = things.reduce<RedditThing | undefined>((m, t) => (!m || compareIds(t.data.id, m.data.id) > 0 ? t : m), undefined);
    if (!newest || (cursor && compareIds(newest.data.id, cursor.newestId) <= 0)) return;
    await this.saveCursor(ctx, key, { newestId: newest.data.id, newestCreatedUtc: newest.data.created_utc }, revision);
  }

  /** One firehose step: /r/all/new then /r/all/comments from their fullname cursors. */
  async firehoseStep(ctx: IngestContext): Promise<{ caughtUp: boolean }> {
    // Independent cursors: both listings are walked at once (two round trips in parallel, not in a row).
    const [posts, comments] = await Promise.allSettled([this.stream(ctx, 'posts', '/r/all/new'), this.stream(ctx, 'comments', '/r/all/comments')]);
    if (posts.status === 'rejected') throw posts.reason;
    if (comments.status === 'rejected') throw comments.reason;
    return { caughtUp: posts.value && comments.value };
  }

  /**
   * Newest page first (one request when caught up); walks back with `after` while the page holds
   * only unseen items, so nothing between two polls is skipped. Returns true when caught up.
   */
  private async stream(ctx: IngestContext, name: string, path: string): Promise<boolean> {
    const key = CursorStore.firehoseKey('reddit', name);
    const { value: cursor, revision } = await ctx.cursors.readOwned(key, redditCursorSchema);
    const fresh: RedditThing[] = [];
    let after: string | null = null;
    let full = false;
    for (let page = 0; page < this.opts.maxPages; page++) {
      const res: RedditPage = await this.call(ctx, path, { limit: 100, ...(after ? { after } : {}) });
      const unseen = cursor ? res.things.filter((t) => compareIds(t.data.id, cursor.newestId) > 0) : res.things;
      fresh.push(...unseen);
      full = res.things.length >= 100;
      // Without a cursor the stream starts at the newest page (no history walk).
      if (!cursor || unseen.length < res.things.length || !res.after || res.things.length === 0) break;
      after = res.after;
    }
    if (fresh.length === 0) {
      // An empty stream still gets a cursor: from now on every item is new (walked back to it).
      if (!cursor) await this.saveCursor(ctx, key, { newestId: '0', newestCreatedUtc: 0 }, revision);
      return true;
    }
    await this.publish(fresh, 'firehose', ctx);
    ctx.health.success(fresh.length);
    const newest = fresh.reduce((m, t) => (compareIds(t.data.id, m.data.id) > 0 ? t : m));
    await this.saveCursor(ctx, key, { newestId: newest.data.id, newestCreatedUtc: newest.data.created_utc }, revision);
    return !full || fresh.length < 100;
  }

  private async publish(things: RedditThing[], mode: 'search' | 'firehose', ctx: IngestContext): Promise<void> {
    // Oldest first, so the bus order follows the platform's.
    const sorted = [...things].sort((a, b) => compareIds(a.data.id, b.data.id));
    const posts = sorted.map(fromRedditThing).filter((p): p is NormalizedPost => p !== null);
    await ctx.publisher.publish(posts, mode, ctx.traceparent);
  }

  private async saveCursor(ctx: IngestContext, key: string, value: z.infer<typeof redditCursorSchema>, revision: number): Promise<void> {
    try {
      await ctx.cursors.write(key, value, revision);
    } catch (err) {
      if (!(err instanceof CursorConflictError)) throw err;
    }
  }

  /** Every call takes one unit of the shared per-minute budget; an exhausted header pauses all replicas. */
  private async call(ctx: IngestContext, path: string, query: Record<string, string | number>): Promise<RedditPage> {
    await ctx.budget.take('requests', 1, ctx.signal);
    const page = await this.source.listing(path, query);
    if (page.remaining !== undefined && page.remaining < 1 && page.resetMs !== undefined) await ctx.budget.pauseUntil(Date.now() + page.resetMs);
    if (page.skipped > 0) ctx.logger.warn({ path, skipped: page.skipped }, 'skipped malformed listing children');
    return page;
  }
}
