import { CursorConflictError, CursorStore, SourceCappedError, extractLinks, type IngestContext, type IngestJob, type NormalizedPost } from '@intent-radar/ingest-kit';
import { parseQuery, toXQuery } from '@intent-radar/query';
import { z } from 'zod';
import type { SearchPage, XSource } from './x-source.ts';

/** since_id of the last finished poll, plus where an interrupted paging run must resume. */
export const xCursorSchema = z.object({
  sinceId: z.string().optional(),
  resume: z.object({ nextToken: z.string(), newestId: z.string() }).optional(),
});
type XCursor = z.infer<typeof xCursorSchema>;

export interface XSearchOptions {
  backfillMs: number;
  maxPages: number;
}

/** Posts cost cap: recent search pages read 10-100 posts; fewer than 10 left = capped. */
const MIN_PAGE = 10;

/**
 * Recent search with since_id and next_token paging. The cursor is written after every page
 * (with the page's next_token), so a restart resumes the same run instead of repeating or
 * skipping it; the monthly post cap is enforced across replicas before each page.
 */
export async function searchX(source: XSource, job: IngestJob, ctx: IngestContext, opts: XSearchOptions): Promise<void> {
  const key = CursorStore.searchKey('twitter', job.queryKey);
  const read = await ctx.cursors.read(key, xCursorSchema);
  const cursor = read.value;
  let revision = read.revision;
  const backfill = job.reason !== 'schedule';
  const query = toXQuery(parseQuery(job.query)).native;
  let nextToken = backfill ? undefined : cursor?.resume?.nextToken;
  let newestId = backfill ? undefined : cursor?.resume?.newestId;
  const since = backfill ? undefined : cursor?.sinceId;
  for (let page = 0; page < opts.maxPages; page++) {
    const left = await ctx.budget.remaining('posts-month');
    if (left < MIN_PAGE) throw new SourceCappedError(`X monthly post cap reached (${left} left)`);
    await ctx.budget.take('requests', 1, ctx.signal);
    const params: Record<string, string> = {
      query,
      max_results: String(Math.min(100, left)),
      expansions: 'author_id',
      'tweet.fields': 'created_at,lang,conversation_id,entities,author_id',
      'user.fields': 'username,name',
    };
    if (since) params.since_id = since;
    else params.start_time = new Date(job.window ? Date.parse(job.window.from) : Date.now() - opts.backfillMs).toISOString();
    if (nextToken) params.next_token = nextToken;
    const res = await source.searchRecent(params);
    await ctx.budget.spend('posts-month', res.meta.result_count);
    await ctx.publisher.publish(toPosts(res), 'search', ctx.traceparent);
    ctx.health.success(res.meta.result_count);
    newestId ??= res.meta.newest_id;
    nextToken = res.meta.next_token;
    if (backfill) {
      if (!nextToken) break;
      continue;
    }
    const next: XCursor = nextToken && newestId ? { sinceId: since, resume: { nextToken, newestId } } : { sinceId: newestId ?? since };
    try {
      revision = await ctx.cursors.write(key, next, revision);
    } catch (err) {
      if (err instanceof CursorConflictError) return; // another replica is polling this query
      throw err;
    }
    if (!nextToken) break;
  }
}

function toPosts(page: SearchPage): NormalizedPost[] {
  const users = new Map((page.includes?.users ?? []).map((u) => [u.id, u]));
  return (page.data ?? []).map((t) => {
    const user = t.author_id ? users.get(t.author_id) : undefined;
    const handle = user?.username ?? t.author_id ?? 'unknown';
    const reply = t.conversation_id !== undefined && t.conversation_id !== t.id;
    const entityLinks = (t.entities?.urls ?? []).map((u) => u.expanded_url ?? u.url);
    return {
      externalId: t.id,
      kind: reply ? 'comment' : 'post',
      url: `https://x.com/${handle}/status/${t.id}`,
      content: t.text,
      author: { handle, displayName: user?.name, profileUrl: user ? `https://x.com/${user.username}` : undefined },
      lang: t.lang,
      createdAt: t.created_at ?? new Date().toISOString(),
      threadExternalId: reply ? t.conversation_id : undefined,
      links: [...new Set([...entityLinks, ...extractLinks(t.text)])].slice(0, 100),
      topComments: [],
    };
  });
}
