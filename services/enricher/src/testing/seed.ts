import { randomUUID } from 'node:crypto';
import type { Pool } from '@intent-radar/db';
import type { Platform } from '@intent-radar/proto-schemas';

/** A workspace with a billing row holding `credits`, and one monitor. */
export async function seedWorkspace(pool: Pool, credits: number, settings: Record<string, unknown> = {}): Promise<{ workspaceId: string; monitorId: string }> {
  const ws = await pool.query<{ id: string }>(`INSERT INTO workspaces (name, settings) VALUES ($1, $2) RETURNING id`, [`ws-${randomUUID().slice(0, 8)}`, JSON.stringify(settings)]);
  const workspaceId = ws.rows[0]!.id;
  await pool.query(`INSERT INTO billing (workspace_id, plan, status, credits) VALUES ($1, 'starter', 'active', $2)`, [workspaceId, credits]);
  const m = await pool.query<{ id: string }>(
    `INSERT INTO monitors (workspace_id, name, query, query_key, platforms) VALUES ($1, 'm', 'crm', 'crm', ARRAY['reddit','hackernews','twitter','linkedin']) RETURNING id`,
    [workspaceId],
  );
  return { workspaceId, monitorId: m.rows[0]!.id };
}

export interface PostAuthor {
  platform: Platform;
  handle: string;
  displayName?: string;
  profileUrl?: string;
}

/** A post by `author` (shared by every workspace) with external id derived from the handle. */
export async function seedPost(pool: Pool, author: PostAuthor): Promise<string> {
  const externalId = `${author.handle}-${randomUUID().slice(0, 8)}`;
  const res = await pool.query<{ id: string }>(
    `INSERT INTO posts (platform, external_id, url, kind, author_handle, author_display_name, author_profile_url, content, posted_at)
     VALUES ($1, $2, $3, 'post', $4, $5, $6, 'looking for a CRM', now()) RETURNING id`,
    [author.platform, externalId, `https://example.test/${externalId}`, author.handle, author.displayName ?? null, author.profileUrl ?? null],
  );
  return res.rows[0]!.id;
}

/** A signal of the workspace's monitor on the post. */
export async function seedSignal(pool: Pool, ws: { workspaceId: string; monitorId: string }, postId: string, intentScore = 8): Promise<string> {
  const res = await pool.query<{ id: string }>(
    `INSERT INTO signals (workspace_id, monitor_id, post_id, intent_score) VALUES ($1, $2, $3, $4) RETURNING id`,
    [ws.workspaceId, ws.monitorId, postId, intentScore],
  );
  return res.rows[0]!.id;
}

export async function creditsOf(pool: Pool, workspaceId: string): Promise<number> {
  const res = await pool.query<{ credits: number }>(`SELECT credits FROM billing WHERE workspace_id = $1`, [workspaceId]);
  return res.rows[0]!.credits;
}
