import { randomUUID } from 'node:crypto';
import type { Queryable } from '@intent-radar/db';
import { msgIds, subjects, type EventData } from '@intent-radar/proto-schemas';
import type { OutboxEntry } from './outbox.ts';
import { toJsonb } from './pg-text.ts';

type ScoredPost = EventData<'post.scored.v1'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Usage kind recorded once per new signal (billing counts detected signals per workspace). */
export const SIGNAL_USAGE_KIND = 'signal';

export interface FanOutInput {
  postId: string;
  post: ScoredPost;
  /** The original of a duplicate post: monitors that already have a signal in its family get none. */
  duplicateOf: string | undefined;
  /** The near-duplicate window: copies of an original lie within ±windowDays of it. */
  windowDays: number;
  batchSize: number;
}

export interface NewSignal {
  id: string;
  workspaceId: string;
  monitorId: string;
}

interface EligibleMonitor {
  id: string;
  workspaceId: string;
  name: string;
}

/**
 * One signal per monitor in the post's match list that still admits it (active, platform allowed,
 * min score reached) and has no signal for this post or for another post of its duplicate family.
 * Signals are inserted in batches; each new one gets a signal.created outbox row and a usage event
 * in the same transaction. Returns only the signals this call created (redelivery creates none);
 * each has its signal.created row in the outbox.
 */
export async function fanOutSignals(db: Queryable, input: FanOutInput): Promise<NewSignal[]> {
  const { postId, post, duplicateOf, batchSize, windowDays } = input;
  // Ingestors send monitor ids as strings; anything that is not a uuid cannot be a monitor row.
  const monitorIds = [...new Set(post.matches.map((m) => m.monitorId).filter((id) => UUID.test(id)))];
  if (monitorIds.length === 0) return [];

  // The family check runs only for duplicates (a few percent of posts): it looks up the posts
  // linked to the original, so it must not sit in the plan of every post.
  // Every copy was linked within ±window of the original's time, which bounds the lookup of its
  // copies to that range of posts_posted_at_idx (there is no index on duplicate_of yet).
  const family = duplicateOf
    ? `AND NOT EXISTS (SELECT 1 FROM signals s
                        WHERE s.monitor_id = m.id
                          AND s.post_id IN (SELECT $5::uuid UNION ALL
                                            SELECT c.id FROM posts o JOIN posts c
                                                ON c.posted_at BETWEEN o.posted_at - make_interval(days => $6)
                                                                   AND o.posted_at + make_interval(days => $6)
                                             WHERE o.id = $5::uuid AND c.duplicate_of = $5::uuid))`
    : '';
  const { rows: monitors } = await db.query<EligibleMonitor>(
    `SELECT m.id, m.workspace_id AS "workspaceId", m.name
       FROM monitors m
      WHERE m.id = ANY($1::uuid[])
        AND m.active
        AND $2 = ANY(m.platforms)
        AND m.min_score <= $3
        AND NOT EXISTS (SELECT 1 FROM signals s WHERE s.monitor_id = m.id AND s.post_id = $4)
        ${family}
      ORDER BY m.id`,
    [
      monitorIds,
      post.platform,
      post.analysis.intent_score,
      postId,
      ...(duplicateOf ? [duplicateOf, windowDays] : []),
    ],
  );

  // Signal ids are chosen here so each row's outbox payload can be built before the insert; one
  // statement per batch then writes the signals, their usage events and their outbox rows, and the
  // joins on `ins` keep usage and events to the signals this statement really inserted.
  const created: NewSignal[] = [];
  for (let i = 0; i < monitors.length; i += batchSize) {
    const batch = monitors.slice(i, i + batchSize).map((m) => {
      const signal: NewSignal = { id: randomUUID(), workspaceId: m.workspaceId, monitorId: m.id };
      return {
        signal,
        msgId: msgIds.signal(signal.id),
        payload: toJsonb(signalCreatedData(signal, m.name, postId, post)),
      };
    });
    const { rows } = await db.query<NewSignal>(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::jsonb[])
                    AS i(id, workspace_id, monitor_id, msg_id, payload)
       ), ins AS (
         INSERT INTO signals (id, workspace_id, monitor_id, post_id, intent_score)
         SELECT id, workspace_id, monitor_id, $6, $7 FROM input
         ON CONFLICT (monitor_id, post_id) DO NOTHING
         RETURNING id, workspace_id, monitor_id
       ), usage AS (
         INSERT INTO usage_events (workspace_id, kind, idempotency_key, metadata)
         SELECT workspace_id, $8, id::text, jsonb_build_object('signalId', id, 'postId', $6::uuid, 'platform', $9::text) FROM ins
         ON CONFLICT (workspace_id, kind, idempotency_key) DO NOTHING
       ), events AS (
         INSERT INTO outbox (workspace_id, type, subject, msg_id, payload)
         SELECT ins.workspace_id, 'signal.created.v1', $10, input.msg_id, input.payload FROM ins JOIN input USING (id)
         ON CONFLICT (msg_id) DO NOTHING
       )
       SELECT id, workspace_id AS "workspaceId", monitor_id AS "monitorId" FROM ins`,
      [
        batch.map((b) => b.signal.id),
        batch.map((b) => b.signal.workspaceId),
        batch.map((b) => b.signal.monitorId),
        batch.map((b) => b.msgId),
        batch.map((b) => b.payload),
        postId,
        post.analysis.intent_score,
        SIGNAL_USAGE_KIND,
        post.platform,
        subjects.signalCreated(post.platform),
      ],
    );
    created.push(...rows);
  }
  return created;
}

/** The public signal.created payload: everything an alert needs without reading the database. */
export function signalCreatedData(
  signal: NewSignal,
  monitorName: string,
  postId: string,
  post: ScoredPost,
): EventData<'signal.created.v1'> {
  const { analysis } = post;
  return {
    signalId: signal.id,
    workspaceId: signal.workspaceId,
    monitorId: signal.monitorId,
    monitorName: monitorName.slice(0, 200),
    postId,
    platform: post.platform,
    url: post.url,
    ...(post.title === undefined ? {} : { title: post.title }),
    excerpt: post.content.slice(0, 1000),
    author: post.author,
    postedAt: post.createdAt,
    intentScore: analysis.intent_score,
    summary: analysis.one_line_summary,
    painPoints: analysis.pain_points,
    competitors: analysis.competitors_mentioned,
    decisionStage: analysis.decision_stage,
  };
}

export interface RescoredSignal {
  id: string;
  workspaceId: string;
  oldScore: number;
  crossedThreshold: boolean;
}

/**
 * Moves every signal of a re-scored post to the new score. A signal "crosses" when its old score
 * was below a threshold that the new score reaches: the monitor's min score, or the min score of an
 * enabled alert destination that routes its monitor. Only crossing signals should alert again; the
 * notifier's per-destination delivery record keeps that to destinations not alerted yet.
 */
export async function rescoreSignals(
  db: Queryable,
  postId: string,
  newScore: number,
  cause: string,
): Promise<{ updated: RescoredSignal[]; events: OutboxEntry[] }> {
  const { rows } = await db.query<RescoredSignal>(
    `WITH old AS (
       SELECT id, workspace_id, monitor_id, status, intent_score AS old_score
         FROM signals WHERE post_id = $1 AND intent_score <> $2
          FOR UPDATE
     ), moved AS (
       UPDATE signals s SET intent_score = $2, updated_at = now() FROM old WHERE s.id = old.id RETURNING s.id
     )
     SELECT old.id, old.workspace_id AS "workspaceId", old.old_score AS "oldScore",
            old.status = 'new' AND (
              (old.old_score < m.min_score AND m.min_score <= $2)
              OR EXISTS (SELECT 1 FROM alert_destinations d
                          WHERE d.workspace_id = old.workspace_id AND d.enabled
                            AND (cardinality(d.monitor_ids) = 0 OR old.monitor_id = ANY(d.monitor_ids))
                            AND old.old_score < d.min_score AND d.min_score <= $2)
            ) AS "crossedThreshold"
       FROM old JOIN monitors m ON m.id = old.monitor_id
      WHERE old.id IN (SELECT id FROM moved)
      ORDER BY old.id`,
    [postId, newScore],
  );
  const events = rows.map((s): OutboxEntry<'signal.updated.v1'> => ({
    workspaceId: s.workspaceId,
    type: 'signal.updated.v1',
    subject: subjects.signalUpdated,
    msgId: msgIds.signalUpdated(s.id, cause),
    data: {
      signalId: s.id,
      workspaceId: s.workspaceId,
      intentScore: newScore,
      crossedThreshold: s.crossedThreshold,
    },
  }));
  return { updated: rows, events };
}
