import type { PoolClient } from 'pg';
import { z } from 'zod';
import { DECISION_STAGES } from '@intent-radar/proto-schemas';
import { ProblemError } from '../http/problem.ts';
import { platform } from './schemas.ts';

/** Feed filters, shared by the feed and the CSV export. */
export const feedFilters = z.object({
  platform: z.union([platform, z.array(platform).max(4)]).optional(),
  minScore: z.coerce.number().int().min(1).max(10).optional(),
  maxScore: z.coerce.number().int().min(1).max(10).optional(),
  stage: z.enum(DECISION_STAGES).optional(),
  status: z.union([z.enum(['new', 'contacted', 'archived', 'all']), z.array(z.enum(['new', 'contacted', 'archived'])).max(3)]).optional().describe('Default: new and contacted.'),
  monitorId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Full-text search in title and content (web search syntax).'),
});
export type FeedFilters = z.infer<typeof feedFilters>;

export interface SignalRow {
  id: string;
  monitor_id: string;
  monitor_name: string;
  post_id: string;
  status: 'new' | 'contacted' | 'archived';
  intent_score: number;
  created_at: Date;
  cursor_ts: string;
  updated_at: Date;
  platform: string;
  url: string;
  title: string | null;
  content: string;
  author_handle: string;
  author_display_name: string | null;
  author_profile_url: string | null;
  posted_at: Date;
  analysis: Record<string, unknown> | null;
}

export const SIGNAL_COLUMNS = `s.id, s.monitor_id, m.name AS monitor_name, s.post_id, s.status, s.intent_score, s.created_at, s.updated_at,
  to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_ts,
  p.platform, p.url, p.title, p.content, p.author_handle, p.author_display_name, p.author_profile_url, p.posted_at, p.analysis`;

/** Opaque keyset cursor over (created_at, id), microsecond exact. */
export const encodeCursor = (ts: string, id: string) => Buffer.from(JSON.stringify([ts, id])).toString('base64url');
export function decodeCursor(cursor: string): [string, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const parsed = z.tuple([z.iso.datetime(), z.uuid()]).parse(v);
    return parsed;
  } catch {
    throw new ProblemError(400, 'bad_cursor', 'cursor is not one this API issued');
  }
}

/** Builds the WHERE clause of the feed without the full-text filter `q` (feedPage applies it); parameters are numbered from `params.length + 1`. */
export function feedWhere(f: FeedFilters, params: unknown[]): string {
  const where: string[] = [];
  const add = (sql: (n: string) => string, v: unknown) => {
    params.push(v);
    where.push(sql(`$${params.length}`));
  };
  if (f.platform) add((n) => `p.platform = ANY(${n}::text[])`, Array.isArray(f.platform) ? f.platform : [f.platform]);
  if (f.minScore !== undefined) add((n) => `s.intent_score >= ${n}`, f.minScore);
  if (f.maxScore !== undefined) add((n) => `s.intent_score <= ${n}`, f.maxScore);
  if (f.stage) add((n) => `p.analysis->>'decision_stage' = ${n}`, f.stage);
  const status = f.status === undefined ? ['new', 'contacted'] : f.status === 'all' ? null : Array.isArray(f.status) ? f.status : [f.status];
  if (status) add((n) => `s.status = ANY(${n}::text[])`, status);
  if (f.monitorId) add((n) => `s.monitor_id = ${n}`, f.monitorId);
  if (f.from) add((n) => `s.created_at >= ${n}`, f.from);
  if (f.to) add((n) => `s.created_at < ${n}`, f.to);
  return where.length ? where.join(' AND ') : 'true';
}

/** The full-text match of `q` (parameter `n`) on the post's title and content: posts_fts_idx's expression. */
const textMatch = (n: string) => `to_tsvector('english', coalesce(p.title, '') || ' ' || p.content) @@ websearch_to_tsquery('english', ${n})`;

/** Whether the filters read posts columns (platform, stage, full text), i.e. `p` must be joined. */
export const needsPost = (f: FeedFilters): boolean => f.platform !== undefined || f.stage !== undefined || f.q !== undefined;

/** One page of the workspace's feed (RLS scopes `db` to the workspace). */
export async function feedPage(db: PoolClient, f: FeedFilters, limit: number, cursor?: string): Promise<{ rows: SignalRow[]; next: string | null }> {
  const params: unknown[] = [];
  let where = feedWhere(f, params);
  if (cursor) {
    const [ts, id] = decodeCursor(cursor);
    params.push(ts, id);
    where += ` AND (s.created_at, s.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
  }
  params.push(limit + 1);
  // Page the signal ids first (walking signals_feed_idx newest first, posts only probed when a
  // filter needs them), then join posts and monitors for the page's rows only. Joining monitors
  // before the LIMIT let the planner start from the workspace's monitor and hash-join all of its
  // signals (49 ms instead of 1-7 ms at 1M signals with platform=reddit; docs/benchmarks.md).
  const postJoin = needsPost(f) ? 'JOIN posts p ON p.id = s.post_id' : '';
  const order = 'ORDER BY s.created_at DESC, s.id DESC';
  const lim = `$${params.length}`;
  let ids = `SELECT s.* FROM signals s ${postJoin} WHERE ${where} ${order} LIMIT ${lim}`;
  if (f.q !== undefined) {
    params.push(f.q);
    const q = `$${params.length}`;
    // posts_fts_idx holds originals only (migration 073), so the text search is two disjoint
    // halves, each the newest `limit` matches: signals on originals through the index, and signals
    // on duplicates matched on their own text. A signal on a duplicate has family_id <> post_id
    // (its family is the post's original, and a post never becomes a duplicate after it is
    // stored). Those signals are few: the second half walks them newest first
    // (signals_feed_duplicate_idx) and reads each one's post by id. The OFFSET 0 fences keep that
    // shape whatever the statistics say; the planner could otherwise start from
    // posts_duplicate_of_idx, which lists every stored duplicate, and tokenize them all.
    ids = `SELECT s.* FROM (
             (SELECT s.* FROM signals s ${postJoin} WHERE ${where} AND p.duplicate_of IS NULL AND ${textMatch(q)} ${order} LIMIT ${lim})
             UNION ALL
             (SELECT s.* FROM (SELECT * FROM signals s WHERE s.family_id <> s.post_id ${order} OFFSET 0) s
                JOIN LATERAL (SELECT * FROM posts p WHERE p.id = s.post_id OFFSET 0) p ON true
               WHERE ${where} AND p.duplicate_of IS NOT NULL AND ${textMatch(q)} ${order} LIMIT ${lim})
           ) s ${order} LIMIT ${lim}`;
  }
  const { rows } = await db.query<SignalRow>(
    `SELECT ${SIGNAL_COLUMNS}
       FROM (${ids}) s
       JOIN posts p ON p.id = s.post_id JOIN monitors m ON m.id = s.monitor_id
      ${order}`,
    params,
  );
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? encodeCursor(last.cursor_ts, last.id) : null };
}
