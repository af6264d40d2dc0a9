import { CursorStore, type IngestContext, type IngestJob } from '@intent-radar/ingest-kit';
import { parseQuery, toRedditSearch } from '@intent-radar/query';
import { callReddit, newestOf, publishThings, redditCursorSchema, saveCursor } from './reddit-calls.ts';
import { RedditFirehose, type RedditFirehoseOptions } from './reddit-firehose.ts';
import { compareIds } from './reddit-ids.ts';
import type { RedditPage, RedditSource, RedditThing } from './reddit-source.ts';

export interface RedditIngestOptions extends RedditFirehoseOptions {
  backfillMs: number;
}

/** The Reddit search and firehose, on top of a RedditSource, with the shared request budget. */
export class RedditIngest {
  private readonly firehose: RedditFirehose;

  constructor(
    private readonly source: RedditSource,
    private readonly opts: RedditIngestOptions,
  ) {
    this.firehose = new RedditFirehose(source, opts);
  }

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
      const res: RedditPage = await callReddit(this.source, ctx, '/search', { q, sort: 'new', t: 'all', limit: 100, type: 'link', ...(after ? { after } : {}) });
      let reachedOld = false;
      for (const t of res.things) {
        const old = backfill ? t.data.created_utc < horizon : compareIds(t.data.id, cursor.newestId) <= 0;
        if (old) reachedOld = true;
        else things.push(t);
      }
      after = res.after;
      if (reachedOld || !after || res.things.length === 0) break;
    }
    await publishThings(things, 'search', ctx);
    ctx.health.success(things.length);
    const newest = newestOf(things);
    if (!newest || (cursor && compareIds(newest.data.id, cursor.newestId) <= 0)) return;
    await saveCursor(ctx, key, { newestId: newest.data.id, newestCreatedUtc: newest.data.created_utc }, revision);
  }

  /** One firehose step (posts and comments of /r/all); `caughtUp` when nothing more is waiting. */
  firehoseStep(ctx: IngestContext): Promise<{ caughtUp: boolean; nextPollMs: number }> {
    return this.firehose.step(ctx);
  }
}
