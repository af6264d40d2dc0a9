import type { Pool } from 'pg';

let counter = 0;
/** Inserts a post and a signal for a monitor, as the system role (what dedup-embedder does). */
export async function seedSignal(pool: Pool, workspaceId: string, monitorId: string, opts: { score?: number; title?: string; content?: string } = {}): Promise<{ postId: string; signalId: string }> {
  counter++;
  const post = await pool.query<{ id: string }>(
    `INSERT INTO posts (platform, external_id, url, kind, author_handle, title, content, posted_at, analysis, intent_score, scored_by)
     VALUES ('reddit', $1, $2, 'post', 'buyer_' || $1, $3, $4, now(), $5, $6, 'local') RETURNING id`,
    [
      `t${counter}-${Math.random().toString(36).slice(2)}`,
      `https://reddit.com/r/sales/${counter}`,
      opts.title ?? 'Looking for a ZoomInfo alternative',
      opts.content ?? 'Our team needs a cheaper CRM data provider under $500/month, any recommendations?',
      { one_line_summary: 'Wants a cheaper data provider', decision_stage: 'evaluating', pain_points: ['price'], competitors_mentioned: ['ZoomInfo'], evidence: [{ quote: 'cheaper', start: 0, end: 7, cue: 'budget', weight: 1 }] },
      opts.score ?? 8,
    ],
  );
  const postId = post.rows[0]!.id;
  const signal = await pool.query<{ id: string }>(
    `INSERT INTO signals (workspace_id, monitor_id, post_id, intent_score) VALUES ($1, $2, $3, $4) RETURNING id`,
    [workspaceId, monitorId, postId, opts.score ?? 8],
  );
  return { postId, signalId: signal.rows[0]!.id };
}
