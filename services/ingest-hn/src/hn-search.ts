import { CursorConflictError, CursorStore, fetchSourceJson, type IngestContext, type IngestJob } from '@intent-radar/ingest-kit';
import { parseQuery, toAlgoliaParams } from '@intent-radar/query';
import { z } from 'zod';
import { algoliaHitSchema, fromAlgoliaHit, type AlgoliaHit } from './hn-normalize.ts';

const searchResponseSchema = z.object({
  hits: z.array(z.unknown()),
  nbHits: z.number().int(),
  page: z.number().int(),
  nbPages: z.number().int(),
});

/** Where the last search of a query stopped: the newest second seen and the ids seen in it. */
export const hnSearchCursorSchema = z.object({ createdAtI: z.number().int(), idsAtSecond: z.array(z.string()) });
type HnSearchCursor = z.infer<typeof hnSearchCursorSchema>;

/** Algolia answers at most 1000 hits per query: narrower windows get the rest. */
const HIT_CAP = 1000;
const PAGE = 200;

export interface HnSearchOptions {
  algoliaBaseUrl: string;
  backfillMs: number;
}

/**
 * search_by_date for one query from its cursor, windowed by created_at_i so no window holds more
 * than Algolia's 1000 reachable hits. The cursor moves only after every window is published.
 */
export async function searchHn(job: IngestJob, ctx: IngestContext, opts: HnSearchOptions): Promise<void> {
  const key = CursorStore.searchKey('hackernews', job.queryKey);
  const { value: cursor, revision } = await ctx.cursors.read(key, hnSearchCursorSchema);
  const nowSec = Math.floor(Date.now() / 1000);
  const backfill = job.reason !== 'schedule' || !cursor;
  const fromSec = job.window
    ? Math.floor(Date.parse(job.window.from) / 1000)
    : backfill
      ? nowSec - Math.floor(opts.backfillMs / 1000)
      : cursor.createdAtI;
  const toSec = job.window ? Math.floor(Date.parse(job.window.to) / 1000) : nowSec;
  const compiled = toAlgoliaParams(parseQuery(job.query)).native;

  const hits: AlgoliaHit[] = [];
  const windows: [number, number][] = [[fromSec, toSec]];
  while (windows.length > 0) {
    const [from, to] = windows.pop()!;
    const first = await page(from, to, 0);
    if (first.nbHits > HIT_CAP && to > from) {
      const mid = Math.floor((from + to) / 2);
      windows.push([from, mid], [mid + 1, to]);
      continue;
    }
    hits.push(...first.hits);
    for (let p = 1; p < first.nbPages && p * PAGE < HIT_CAP; p++) hits.push(...(await page(from, to, p)).hits);
  }

  const seenAtBoundary = new Set(cursor?.idsAtSecond ?? []);
  const fresh = hits.filter((h) => backfill || !(h.created_at_i === cursor?.createdAtI && seenAtBoundary.has(h.objectID)));
  const result = await ctx.publisher.publish(fresh.map(fromAlgoliaHit), 'search', ctx.traceparent);
  ctx.health.success(hits.length);
  ctx.logger.debug({ queryKey: job.queryKey, hits: hits.length, ...result }, 'hn search done');

  // The new window starts at the newest second seen; ids in that second are skipped next time.
  const newest = hits.reduce((m, h) => Math.max(m, h.created_at_i), cursor?.createdAtI ?? fromSec);
  if (backfill && cursor && cursor.createdAtI >= newest) return;
  const next: HnSearchCursor = {
    createdAtI: newest,
    idsAtSecond: [
      ...new Set([...(newest === cursor?.createdAtI ? cursor.idsAtSecond : []), ...hits.filter((h) => h.created_at_i === newest).map((h) => h.objectID)]),
    ].slice(-500),
  };
  try {
    await ctx.cursors.write(key, next, revision);
  } catch (err) {
    // Another replica polled the same query meanwhile and moved the cursor at least as far.
    if (!(err instanceof CursorConflictError)) throw err;
  }

  async function page(from: number, to: number, n: number) {
    await ctx.budget.take('algolia', 1, ctx.signal);
    const params = new URLSearchParams({
      query: compiled.query,
      hitsPerPage: String(PAGE),
      page: String(n),
      numericFilters: [`created_at_i>=${from}`, `created_at_i<=${to}`, ...(compiled.numericFilters ? [compiled.numericFilters] : [])].join(','),
    });
    if (compiled.tags) params.set('tags', compiled.tags);
    const res = await fetchSourceJson(`${opts.algoliaBaseUrl}/search_by_date?${params.toString()}`, searchResponseSchema, { signal: ctx.signal });
    const parsed: AlgoliaHit[] = [];
    for (const raw of res.body.hits) {
      const h = algoliaHitSchema.safeParse(raw);
      if (h.success) parsed.push(h.data);
      else ctx.logger.warn({ issues: h.error.message.slice(0, 200) }, 'skipping malformed Algolia hit');
    }
    return { hits: parsed, nbHits: res.body.nbHits, nbPages: res.body.nbPages };
  }
}
