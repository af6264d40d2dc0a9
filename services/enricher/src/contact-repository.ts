import { withTransaction, type Pool, type Queryable } from '@intent-radar/db';
import type { Platform } from '@intent-radar/proto-schemas';
import { z } from 'zod';
import type { Confidence, ContactFields, EnrichStatus } from './contact.ts';
import type { AuthorRef } from './waterfall/waterfall.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SignalAuthor {
  signalId: string;
  intentScore: number;
  author: AuthorRef;
}

/** The signal's post author, scoped to the workspace; undefined when the workspace has no such signal. */
export async function loadSignalAuthor(db: Queryable, workspaceId: string, signalId: string): Promise<SignalAuthor | undefined> {
  if (!UUID.test(signalId) || !UUID.test(workspaceId)) return undefined;
  const { rows } = await db.query<{ intent_score: number; platform: Platform; author_handle: string; author_display_name: string | null; author_profile_url: string | null }>(
    `SELECT s.intent_score, p.platform, p.author_handle, p.author_display_name, p.author_profile_url
       FROM signals s JOIN posts p ON p.id = s.post_id
      WHERE s.id = $1 AND s.workspace_id = $2`,
    [signalId, workspaceId],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    signalId,
    intentScore: r.intent_score,
    author: { platform: r.platform, handle: r.author_handle, displayName: r.author_display_name, profileUrl: r.author_profile_url },
  };
}

/** The authors row for a platform handle (created on first enrichment); returns its id. */
export async function upsertAuthor(db: Queryable, author: AuthorRef): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO authors (platform, handle, display_name, profile_url) VALUES ($1, $2, $3, $4)
     ON CONFLICT (platform, handle) DO UPDATE
       SET display_name = COALESCE(EXCLUDED.display_name, authors.display_name),
           profile_url = COALESCE(EXCLUDED.profile_url, authors.profile_url),
           updated_at = now()
     RETURNING id`,
    [author.platform, author.handle, author.displayName ?? null, author.profileUrl ?? null],
  );
  return rows[0]!.id;
}

const storedFields = z.record(z.string(), z.object({ value: z.string(), source: z.string(), confidence: z.enum(['verified', 'likely', 'guessed', 'none']) }));

export interface CachedContact {
  status: Exclude<EnrichStatus, 'refused'>;
  fields: ContactFields;
  emailConfidence: Confidence;
  /** False once expires_at has passed: the waterfall runs again. */
  fresh: boolean;
}

/** The shared per-author result, if any (system role: callers decide who may see it). */
export async function readCachedContact(db: Queryable, authorId: string): Promise<CachedContact | undefined> {
  const { rows } = await db.query<{ status: CachedContact['status']; fields: unknown; email_confidence: Confidence; fresh: boolean }>(
    `SELECT status, fields, email_confidence, COALESCE(expires_at > now(), false) AS fresh FROM enriched_contacts WHERE author_id = $1`,
    [authorId],
  );
  const r = rows[0];
  if (!r) return undefined;
  const fields = storedFields.safeParse(r.fields);
  // A row written by an older version in another shape is treated as absent and rewritten.
  if (!fields.success) return undefined;
  return { status: r.status, fields: fields.data, emailConfidence: r.email_confidence, fresh: r.fresh };
}

/** Stores the author's result for every workspace; ttlMs 0 = stale at once (results of an outage). */
export async function saveContact(
  db: Queryable,
  authorId: string,
  contact: { status: CachedContact['status']; fields: ContactFields; emailConfidence: Confidence; ttlMs: number },
): Promise<void> {
  await db.query(
    `INSERT INTO enriched_contacts (author_id, status, fields, email_confidence, fetched_at, expires_at)
     VALUES ($1, $2, $3, $4, now(), now() + $5 * interval '1 millisecond')
     ON CONFLICT (author_id) DO UPDATE
       SET status = EXCLUDED.status, fields = EXCLUDED.fields, email_confidence = EXCLUDED.email_confidence,
           fetched_at = EXCLUDED.fetched_at, expires_at = EXCLUDED.expires_at`,
    [authorId, contact.status, JSON.stringify(contact.fields), contact.emailConfidence, contact.ttlMs],
  );
}

/**
 * Removes a workspace's enriched contact for the author of one of its signals: the workspace loses
 * access (row-level security keys on workspace_contacts), and the cached data itself is deleted once
 * no workspace holds it any more. No refund: the credit bought the lookup. Returns false when the
 * workspace had no contact for that signal's author.
 */
export async function deleteEnrichedContact(pool: Pool, workspaceId: string, signalId: string): Promise<boolean> {
  if (!UUID.test(signalId) || !UUID.test(workspaceId)) return false;
  return withTransaction(pool, async (db) => {
    const { rows } = await db.query<{ author_id: string }>(
      `DELETE FROM workspace_contacts wc
        USING signals s, posts p, authors a
        WHERE s.id = $2 AND s.workspace_id = $1 AND p.id = s.post_id
          AND a.platform = p.platform AND a.handle = p.author_handle
          AND wc.workspace_id = $1 AND wc.author_id = a.id
        RETURNING wc.author_id`,
      [workspaceId, signalId],
    );
    const authorId = rows[0]?.author_id;
    if (!authorId) return false;
    await db.query(
      `DELETE FROM enriched_contacts ec WHERE ec.author_id = $1
         AND NOT EXISTS (SELECT 1 FROM workspace_contacts wc WHERE wc.author_id = $1)`,
      [authorId],
    );
    return true;
  });
}
