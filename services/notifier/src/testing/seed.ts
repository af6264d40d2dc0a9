import { randomUUID } from 'node:crypto';
import type { Queryable } from '@intent-radar/db';
import type { AlertSignal } from '../format/alert-view.ts';

/** Rows a signal needs (workspace, monitor, post, signal) so deliveries' foreign keys hold. */
export async function seedWorkspace(db: Queryable): Promise<{ workspaceId: string; monitorId: string }> {
  const ws = await db.query<{ id: string }>(`INSERT INTO workspaces (name) VALUES ('Acme') RETURNING id`);
  const workspaceId = ws.rows[0]!.id;
  const mon = await db.query<{ id: string }>(
    `INSERT INTO monitors (workspace_id, name, query, query_key, platforms) VALUES ($1, 'ZoomInfo alternatives', 'zoominfo alternative', 'zoominfo alternative', '{reddit}') RETURNING id`,
    [workspaceId],
  );
  return { workspaceId, monitorId: mon.rows[0]!.id };
}

/** Inserts a scored post and a signal and returns the signal.created data for it. */
export async function seedSignal(db: Queryable, ws: { workspaceId: string; monitorId: string }, overrides: Partial<AlertSignal> = {}): Promise<AlertSignal> {
  const externalId = randomUUID();
  // The analysis fields a stored signal's alert is built from (re-scores load it from here).
  const analysis = { one_line_summary: 'Wants a cheaper ZoomInfo replacement', pain_points: ['too expensive'], competitors_mentioned: ['ZoomInfo'], decision_stage: 'evaluating' };
  const post = await db.query<{ id: string }>(
    `INSERT INTO posts (platform, external_id, url, kind, author_handle, title, content, posted_at, analysis)
     VALUES ('reddit', $1, $2, 'post', 'sdr_lead_42', 'Looking for a ZoomInfo alternative', 'content', now(), $3) RETURNING id`,
    [externalId, `https://www.reddit.com/r/sales/comments/${externalId}/`, analysis],
  );
  const postId = post.rows[0]!.id;
  const score = overrides.intentScore ?? 9;
  const sig = await db.query<{ id: string }>(`INSERT INTO signals (workspace_id, monitor_id, post_id, intent_score) VALUES ($1, $2, $3, $4) RETURNING id`, [
    ws.workspaceId,
    ws.monitorId,
    postId,
    score,
  ]);
  return {
    signalId: sig.rows[0]!.id,
    workspaceId: ws.workspaceId,
    monitorId: ws.monitorId,
    monitorName: 'ZoomInfo alternatives',
    postId,
    platform: 'reddit',
    url: `https://www.reddit.com/r/sales/comments/${externalId}/`,
    title: 'Looking for a ZoomInfo alternative <!channel>',
    excerpt: 'Our SDR team needs better data',
    author: { handle: 'sdr_lead_42' },
    postedAt: new Date(Date.now() - 3_600_000).toISOString(),
    intentScore: score,
    summary: 'Wants a cheaper ZoomInfo <@U123> replacement',
    painPoints: ['too expensive'],
    competitors: ['ZoomInfo'],
    decisionStage: 'evaluating',
    ...overrides,
  };
}

export interface DestinationInput {
  kind: 'slack' | 'email' | 'webhook';
  config?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
  frequency?: 'instant' | 'hourly' | 'daily' | 'weekly';
  minScore?: number;
  quietHours?: { start: string; end: string; timeZone: string };
}

/** Inserts an enabled alert destination. */
export async function seedDestination(db: Queryable, workspaceId: string, input: DestinationInput): Promise<string> {
  const res = await db.query<{ id: string }>(
    `INSERT INTO alert_destinations (workspace_id, name, kind, config, secrets, min_score, frequency, quiet_hours_start, quiet_hours_end, time_zone)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      workspaceId,
      `${input.kind} destination`,
      input.kind,
      input.config ?? {},
      input.secrets ?? {},
      input.minScore ?? 5,
      input.frequency ?? 'instant',
      input.quietHours?.start ?? null,
      input.quietHours?.end ?? null,
      input.quietHours?.timeZone ?? 'UTC',
    ],
  );
  return res.rows[0]!.id;
}
