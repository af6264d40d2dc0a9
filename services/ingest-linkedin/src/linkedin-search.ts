import { CursorConflictError, CursorStore, ingestMetrics, SourceCappedError, SourceRejectedError, type IngestContext, type IngestJob, type NormalizedPost } from '@intent-radar/ingest-kit';
import { parseQuery, toBrightDataKeywords } from '@intent-radar/query';
import { metrics } from '@intent-radar/runtime';
import { z } from 'zod';
import type { BrightDataClient, SnapshotContent } from './brightdata-client.ts';
import { fromLinkedinRecord, postedAtMs, type LinkedinRecord } from './linkedin-record.ts';

/**
 * Per query: the newest post time published so far (and the ids at that instant), plus the
 * snapshot a run triggered and has not finished, so a restart resumes polling that snapshot
 * instead of triggering (and paying for) another one.
 */
export const linkedinCursorSchema = z.object({
  newestPostedAt: z.number().int().optional(),
  idsAtNewest: z.array(z.string()).default([]),
  pending: z
    .object({
      snapshotId: z.string().min(1),
      /** Epoch ms; the deadline counts from here, across restarts. */
      triggeredAt: z.number().int(),
      perKeyword: z.number().int().positive(),
      /** A first run or new monitor: keep everything inside the backfill horizon. */
      backfill: z.boolean(),
    })
    .optional(),
});
type LinkedinCursor = z.infer<typeof linkedinCursorSchema>;
type Pending = NonNullable<LinkedinCursor['pending']>;

export interface LinkedinSearchOptions {
  recordsPerKeyword: number;
  /** From the trigger; a snapshot not ready by then is canceled. Milliseconds. */
  deadlineMs: number;
  pollMinMs: number;
  pollMaxMs: number;
  backfillMs: number;
}

/** How a snapshot ended when it did not deliver records. */
type SnapshotEnd = { kind: 'ready'; content: SnapshotContent } | { kind: 'failed' | 'canceled' | 'lost' | 'timeout'; detail: string };

export const snapshotOutcomes = metrics.counter('ingest_linkedin_snapshots_total', 'Bright Data discovery snapshots by how they ended.', ['outcome']);
export const snapshotTriggers = metrics.counter('ingest_linkedin_triggers_total', 'Bright Data discovery runs triggered (each is billed per record).');

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * LinkedIn search through Bright Data keyword discovery: trigger one snapshot per query (a
 * keyword input per keyword), poll its progress with back-off until a deadline (then cancel),
 * download, keep posts newer than the cursor, re-check with the matcher and publish.
 */
export class LinkedinSearch {
  constructor(
    private readonly client: BrightDataClient,
    private readonly opts: LinkedinSearchOptions,
  ) {}

  async search(job: IngestJob, ctx: IngestContext): Promise<void> {
    const key = CursorStore.searchKey('linkedin', job.queryKey);
    const read = await ctx.cursors.read(key, linkedinCursorSchema);
    const cursor: LinkedinCursor = read.value ?? { idsAtNewest: [] };
    let revision = read.revision;
    let pending = cursor.pending;
    if (pending) {
      ctx.logger.info({ snapshotId: pending.snapshotId, queryKey: job.queryKey }, 'resuming a pending LinkedIn snapshot');
    } else {
      const started = await this.trigger(job, cursor, ctx);
      if (!started) return;
      pending = started;
      try {
        revision = await ctx.cursors.write(key, { ...cursor, pending }, revision);
      } catch (err) {
        if (!(err instanceof CursorConflictError)) throw err;
        // Another replica triggered this query at the same moment: its snapshot wins, ours stops billing.
        await this.client.cancel(pending.snapshotId, ctx.signal).catch(() => undefined);
        snapshotOutcomes.inc({ outcome: 'superseded' });
        return;
      }
    }

    const end = await this.awaitSnapshot(pending, ctx);
    if (end.kind !== 'ready') {
      snapshotOutcomes.inc({ outcome: end.kind });
      ingestMetrics.sourceErrors.inc({ platform: 'linkedin', code: `SNAPSHOT_${end.kind.toUpperCase()}` });
      ctx.health.failure(`SNAPSHOT_${end.kind.toUpperCase()}`, `snapshot ${pending.snapshotId}: ${end.detail}`);
      ctx.logger.warn({ snapshotId: pending.snapshotId, outcome: end.kind, detail: end.detail }, 'LinkedIn snapshot gave no records; the next run triggers a new one');
      await this.saveCursor(ctx, key, { newestPostedAt: cursor.newestPostedAt, idsAtNewest: cursor.idsAtNewest }, revision);
      return;
    }
    snapshotOutcomes.inc({ outcome: 'ready' });
    const { records, skipped } = end.content;
    await ctx.budget.spend('records-month', records.length);
    if (skipped > 0) ctx.logger.warn({ snapshotId: pending.snapshotId, skipped }, 'snapshot entries that are not post records (failed inputs) skipped');

    const fresh = this.freshRecords(records, cursor, pending);
    this.warnOnPossibleGap(records, cursor, pending, ctx);
    const posts: NormalizedPost[] = fresh.sort((a, b) => (postedAtMs(a) ?? 0) - (postedAtMs(b) ?? 0)).map((r) => fromLinkedinRecord(r));
    await ctx.publisher.publish(posts, 'search', ctx.traceparent);
    ctx.health.success(records.length);

    // The cursor moves only forward and drops the pending snapshot in the same write.
    let newest = cursor.newestPostedAt;
    let ids = new Set(cursor.idsAtNewest);
    for (const r of records) {
      const at = postedAtMs(r);
      if (at === undefined || (newest !== undefined && at < newest)) continue;
      if (newest === undefined || at > newest) {
        newest = at;
        ids = new Set();
      }
      ids.add(r.id);
    }
    await this.saveCursor(ctx, key, { newestPostedAt: newest, idsAtNewest: [...ids].slice(-500) }, revision);
  }

  /** Starts a discovery run for the job's query; undefined when the query has no keyword to discover by. */
  private async trigger(job: IngestJob, cursor: LinkedinCursor, ctx: IngestContext): Promise<Pending | undefined> {
    const keywords = toBrightDataKeywords(parseQuery(job.query)).native;
    if (keywords.length === 0) {
      // Only wildcards, filters or exclusions: discovery cannot be narrowed, and all of LinkedIn is not for sale.
      snapshotOutcomes.inc({ outcome: 'no_keywords' });
      ctx.logger.warn({ queryKey: job.queryKey }, 'query has no keyword Bright Data can discover by; LinkedIn skipped for it');
      return undefined;
    }
    const left = await ctx.budget.remaining('records-month');
    if (left < keywords.length) throw new SourceCappedError(`Bright Data monthly record cap reached (${left} left)`);
    const perKeyword = Math.max(1, Math.min(this.opts.recordsPerKeyword, Math.floor(left / keywords.length)));
    await ctx.budget.waitWhilePaused(ctx.signal);
    const snapshotId = await this.client.triggerKeywords(keywords, perKeyword, ctx.signal);
    snapshotTriggers.inc();
    ctx.logger.info({ snapshotId, keywords: keywords.length, perKeyword, queryKey: job.queryKey }, 'LinkedIn discovery triggered');
    return { snapshotId, triggeredAt: Date.now(), perKeyword, backfill: job.reason !== 'schedule' || cursor.newestPostedAt === undefined };
  }

  /**
   * Polls progress with doubling waits until ready, a terminal status, or the deadline (then
   * cancels so it stops billing). A 202 on download after `ready` keeps polling. Aborting (shutdown)
   * throws and leaves the snapshot pending for the next run.
   */
  private async awaitSnapshot(pending: Pending, ctx: IngestContext): Promise<SnapshotEnd> {
    const deadline = pending.triggeredAt + this.opts.deadlineMs;
    let wait = this.opts.pollMinMs;
    for (;;) {
      if (ctx.signal.aborted) throw new Error('ingestor stopping; snapshot stays pending');
      await ctx.budget.waitWhilePaused(ctx.signal);
      let status;
      try {
        status = (await this.client.progress(pending.snapshotId, ctx.signal)).status;
      } catch (err) {
        // 404: Bright Data no longer knows the snapshot (expired, or another account's id).
        if (err instanceof SourceRejectedError && err.status === 404) return { kind: 'lost', detail: 'snapshot does not exist' };
        throw err;
      }
      switch (status) {
        case 'ready': {
          const content = await this.client.download(pending.snapshotId, ctx.signal);
          if (content) return { kind: 'ready', content };
          break;
        }
        case 'failed':
          return { kind: 'failed', detail: 'Bright Data reported the collection failed' };
        case 'canceled':
          return { kind: 'canceled', detail: 'the snapshot was canceled' };
        case 'starting':
        case 'running':
          break;
      }
      const now = Date.now();
      if (now >= deadline) {
        await this.client.cancel(pending.snapshotId, ctx.signal);
        return { kind: 'timeout', detail: `not ready ${this.opts.deadlineMs} ms after the trigger; canceled` };
      }
      await sleep(Math.min(wait, deadline - now), ctx.signal);
      wait = Math.min(wait * 2, this.opts.pollMaxMs);
    }
  }

  /** Records the last run has not published: newer than the cursor (or inside the backfill horizon). */
  private freshRecords(records: LinkedinRecord[], cursor: LinkedinCursor, pending: Pending): LinkedinRecord[] {
    const seen = new Set(cursor.idsAtNewest);
    const horizon = pending.triggeredAt - this.opts.backfillMs;
    return records.filter((r) => {
      const at = postedAtMs(r);
      // Undated records cannot be placed: published, and the msg id drops a repeat.
      if (at === undefined) return true;
      if (pending.backfill || cursor.newestPostedAt === undefined) return at >= horizon;
      return at > cursor.newestPostedAt || (at === cursor.newestPostedAt && !seen.has(r.id));
    });
  }

  /** A keyword that filled its limit with only unseen posts may have had older unseen ones too. */
  private warnOnPossibleGap(records: LinkedinRecord[], cursor: LinkedinCursor, pending: Pending, ctx: IngestContext): void {
    if (pending.backfill || cursor.newestPostedAt === undefined) return;
    const perKeyword = new Map<string, number[]>();
    for (const r of records) {
      const input = (r as { discovery_input?: unknown }).discovery_input;
      const keyword = typeof input === 'object' && input !== null && 'keyword' in input && typeof input.keyword === 'string' ? input.keyword : '';
      const list = perKeyword.get(keyword) ?? [];
      list.push(postedAtMs(r) ?? 0);
      perKeyword.set(keyword, list);
    }
    for (const [keyword, times] of perKeyword) {
      if (times.length >= pending.perKeyword && Math.min(...times) > cursor.newestPostedAt) {
        ingestMetrics.sourceErrors.inc({ platform: 'linkedin', code: 'POSSIBLE_GAP' });
        ctx.logger.warn({ keyword, limit: pending.perKeyword }, 'discovery hit its per-keyword limit with only new posts; older ones may be missed (raise LINKEDIN_RECORDS_PER_KEYWORD or shorten the interval)');
      }
    }
  }

  private async saveCursor(ctx: IngestContext, key: string, value: LinkedinCursor, revision: number): Promise<void> {
    try {
      await ctx.cursors.write(key, value, revision);
    } catch (err) {
      // Another replica finished the same snapshot (or a newer run) first; its cursor is at least as far.
      if (!(err instanceof CursorConflictError)) throw err;
    }
  }
}
