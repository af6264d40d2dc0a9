import { CursorConflictError, type IngestContext, type NormalizedPost } from '@intent-radar/ingest-kit';
import { z } from 'zod';
import { compareIds } from './reddit-ids.ts';
import { fromRedditThing } from './reddit-normalize.ts';
import type { RedditPage, RedditSource, RedditThing } from './reddit-source.ts';

export const redditCursorSchema = z.object({ newestId: z.string().min(1), newestCreatedUtc: z.number() });
export type RedditCursor = z.infer<typeof redditCursorSchema>;

/** Every call takes one unit of the shared per-minute budget; an exhausted header pauses all replicas. */
export async function callReddit(source: RedditSource, ctx: IngestContext, path: string, query: Record<string, string | number>): Promise<RedditPage> {
  await ctx.budget.take('requests', 1, ctx.signal);
  const page = await source.listing(path, query);
  if (page.remaining !== undefined && page.remaining < 1 && page.resetMs !== undefined) await ctx.budget.pauseUntil(Date.now() + page.resetMs);
  if (page.skipped > 0) ctx.logger.warn({ path, skipped: page.skipped }, 'skipped malformed listing children');
  return page;
}

export async function publishThings(things: RedditThing[], mode: 'search' | 'firehose', ctx: IngestContext): Promise<void> {
  // Oldest first, so the bus order follows the platform's.
  const sorted = [...things].sort((a, b) => compareIds(a.data.id, b.data.id));
  const posts = sorted.map(fromRedditThing).filter((p): p is NormalizedPost => p !== null);
  await ctx.publisher.publish(posts, mode, ctx.traceparent);
}

/** The newest of `things` (by id), or undefined for none. */
export function newestOf(things: readonly RedditThing[]): RedditThing | undefined {
  return things.reduce<RedditThing | undefined>((m, t) => (!m || compareIds(t.data.id, m.data.id) > 0 ? t : m), undefined);
}

/** A lost compare-and-set means another replica moved the cursor on: its value stands. */
export async function saveCursor(ctx: IngestContext, key: string, value: RedditCursor, revision: number): Promise<void> {
  try {
    await ctx.cursors.write(key, value, revision);
  } catch (err) {
    if (!(err instanceof CursorConflictError)) throw err;
  }
}
