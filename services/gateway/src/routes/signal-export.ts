import { Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import type { Pool } from 'pg';
import { withWorkspace } from '@intent-radar/db';
import { feedPage, type FeedFilters, type SignalRow } from './signal-queries.ts';

const HEADER = ['signal_id', 'created_at', 'status', 'intent_score', 'platform', 'url', 'title', 'author', 'monitor', 'summary', 'decision_stage', 'urgency', 'pain_points', 'competitors', 'budget_signals', 'reasoning'];
const PAGE = 500;
/** Hard stop so one export cannot hold a connection for minutes. */
const MAX_ROWS = 100_000;

/** RFC 4180 quoting; a leading =,+,-,@ is prefixed so spreadsheets do not run it as a formula. */
export function csvCell(v: unknown): string {
  let s = v == null ? '' : Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('; ') : typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function line(r: SignalRow): string {
  const a = r.analysis ?? {};
  return [r.id, r.created_at.toISOString(), r.status, r.intent_score, r.platform, r.url, r.title, r.author_handle, r.monitor_name, a.one_line_summary, a.decision_stage, a.urgency, a.pain_points, a.competitors_mentioned, a.budget_signals, a.reasoning]
    .map(csvCell)
    .join(',');
}

/** Streams the filtered feed as CSV, one keyset page per read, so memory stays flat. */
export function streamSignalsCsv(pool: Pool, workspaceId: string, filters: FeedFilters, log: FastifyBaseLogger): Readable {
  async function* rows() {
    yield `${HEADER.join(',')}\n`;
    let cursor: string | undefined;
    let sent = 0;
    do {
      const page = await withWorkspace(pool, workspaceId, (db) => feedPage(db, filters, PAGE, cursor));
      if (page.rows.length) yield `${page.rows.map(line).join('\n')}\n`;
      sent += page.rows.length;
      cursor = page.next ?? undefined;
    } while (cursor && sent < MAX_ROWS);
    log.debug({ sent }, 'csv export finished');
  }
  return Readable.from(rows());
}
