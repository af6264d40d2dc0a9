import { PermanentError } from '@intent-radar/bus';
import type { Queryable } from '@intent-radar/db';
import { signalCreatedSchema } from '@intent-radar/proto-schemas';
import type { AlertSignal } from '../format/alert-view.ts';

interface AlertSignalRow {
  signal_id: string;
  workspace_id: string;
  monitor_id: string;
  monitor_name: string;
  post_id: string;
  platform: string;
  url: string;
  title: string | null;
  content: string;
  author_handle: string;
  author_display_name: string | null;
  author_profile_url: string | null;
  posted_at: Date;
  intent_score: number;
  analysis: { one_line_summary?: unknown; pain_points?: unknown; competitors_mentioned?: unknown; decision_stage?: unknown } | null;
}

/**
 * A stored signal as the signal.created payload (the same fields dedup-embedder's
 * `signalCreatedData` puts in the event), with the signal's current per-monitor score. Scoped by
 * workspace: the event naming the signal is not trusted to pair it with another tenant's row.
 * Undefined when the signal is gone, archived, or its post was never scored; a row that cannot
 * make a valid payload will not on a retry either (PermanentError: dead-lettered with the reason).
 */
export async function loadAlertSignal(db: Queryable, workspaceId: string, signalId: string): Promise<AlertSignal | undefined> {
  const res = await db.query<AlertSignalRow>(
    `SELECT s.id AS signal_id, s.workspace_id, s.monitor_id, m.name AS monitor_name, s.post_id, p.platform, p.url, p.title, p.content,
            p.author_handle, p.author_display_name, p.author_profile_url, p.posted_at, s.intent_score, p.analysis
       FROM signals s
       JOIN monitors m ON m.workspace_id = s.workspace_id AND m.id = s.monitor_id
       JOIN posts p ON p.id = s.post_id
      WHERE s.workspace_id = $1 AND s.id = $2 AND s.status <> 'archived' AND p.analysis IS NOT NULL`,
    [workspaceId, signalId],
  );
  const row = res.rows[0];
  if (!row) return undefined;
  const analysis = row.analysis ?? {};
  // Parsed, not cast: the row holds scraped text and an analysis written by another service.
  const parsed = signalCreatedSchema.safeParse({
    signalId: row.signal_id,
    workspaceId: row.workspace_id,
    monitorId: row.monitor_id,
    monitorName: row.monitor_name.slice(0, 200),
    postId: row.post_id,
    platform: row.platform,
    url: row.url,
    ...(row.title === null ? {} : { title: row.title }),
    excerpt: row.content.slice(0, 1000),
    author: {
      handle: row.author_handle,
      ...(row.author_display_name === null ? {} : { displayName: row.author_display_name }),
      ...(row.author_profile_url === null ? {} : { profileUrl: row.author_profile_url }),
    },
    postedAt: row.posted_at.toISOString(),
    intentScore: row.intent_score,
    summary: analysis.one_line_summary,
    painPoints: analysis.pain_points,
    competitors: analysis.competitors_mentioned,
    decisionStage: analysis.decision_stage,
  });
  if (!parsed.success) throw new PermanentError('NOTIFIER_STORED_SIGNAL_INVALID', `signal ${signalId} does not make a valid alert: ${parsed.error.message.slice(0, 500)}`);
  return parsed.data;
}
