import { randomUUID } from 'node:crypto';
import type { Queryable } from '@intent-radar/db';
import { msgIds, subjects, type EventData } from '@intent-radar/proto-schemas';
import { MAX_RELEVANCE_RAISE, monitorScore, type MonitorScore } from './monitor-score.ts';
import type { OutboxEntry } from './outbox.ts';
import { pgText, toJsonb } from './pg-text.ts';

type ScoredPost = EventData<'post.scored.v1'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Usage kind recorded once per new signal (billing counts detected signals per workspace). */
export const SIGNAL_USAGE_KIND = 'signal';

/** A stored post to fan out to the monitors in its match list. */
export interface FanOutPost {
  postId: string;
  post: ScoredPost;
  /** The original of a duplicate post: monitors that already have a signal in its family get none. */
  duplicateOf: string | undefined;
}

export interface NewSignal {
  id: string;
  workspaceId: string;
  monitorId: string;
}

interface EligibleMonitor {
  ord: number;
  id: string;
  workspaceId: string;
  name: string;
  minScore: number;
  context: string | null;
}

/**
 * One signal per (post, monitor in its match list) that the monitor still admits (active, platform
 * allowed, min score reached by the post's score as that monitor sees it: `monitorScore`, which the
 * signal stores as its intent_score) and that has no signal for this post or for another post of its
 * duplicate family, for a whole batch of posts: one statement finds the eligible monitors, one
 * statement per `batchSize` signals writes them with their usage events and signal.created outbox
 * rows. Posts of the same family in the batch are served in batch order (the first one gets the
 * signal). Returns the signals created per post id (redelivery creates none).
 */
export async function fanOutSignals(
  db: Queryable,
  posts: readonly FanOutPost[],
  batchSize: number,
): Promise<Map<string, NewSignal[]>> {
  const created = new Map<string, NewSignal[]>();
  // Ingestors send monitor ids as strings; anything that is not a uuid cannot be a monitor row.
  const pairs: { ord: number; monitorId: string }[] = [];
  posts.forEach((p, ord) => {
    for (const monitorId of new Set(p.post.matches.map((m) => m.monitorId)))
      if (UUID.test(monitorId)) pairs.push({ ord: ord + 1, monitorId });
  });
  if (pairs.length === 0) return created;

  // A signal of the monitor anywhere in the post's family (signals.family_id, migration 071: the
  // original, or the post itself) rules the post out. A monitor with a context sentence may see the
  // post a little higher than its score: admitted here, decided by monitorScore below.
  // The family check is a LATERAL probe with LIMIT 1, not NOT EXISTS: as an anti-join the planner
  // (signals without statistics: autovacuum off here, or a new deployment) probed
  // signals_monitor_family_idx by monitor_id alone and filtered the family, reading every signal
  // of the monitor for each pair (192 pairs x 688 signals, 133 ms per batch at 6k posts, growing
  // with the table). The LATERAL probe binds both columns of the index.
  const { rows: eligible } = await db.query<EligibleMonitor>({
    name: 'store-eligible-monitors',
    text: `SELECT x.ord::int AS ord, m.id, m.workspace_id AS "workspaceId", m.name, m.min_score AS "minScore", m.context
       FROM unnest($1::int[], $2::uuid[]) AS x(ord, monitor_id)
       JOIN unnest($3::uuid[], $4::text[], $5::smallint[], $6::uuid[]) WITH ORDINALITY
              AS p(post_id, platform, score, original, ord) ON p.ord = x.ord
       JOIN monitors m ON m.id = x.monitor_id
       LEFT JOIN LATERAL (
         SELECT true AS served FROM signals s
          WHERE s.monitor_id = m.id AND s.family_id = COALESCE(p.original, p.post_id)
          LIMIT 1
       ) f ON true
      WHERE m.active
        AND p.platform = ANY(m.platforms)
        AND m.min_score <= p.score + CASE WHEN m.context IS NULL THEN 0 ELSE $7::int END
        AND f.served IS NULL
      ORDER BY x.ord, m.id`,
    values: [
      pairs.map((x) => x.ord),
      pairs.map((x) => x.monitorId),
      posts.map((p) => p.postId),
      posts.map((p) => p.post.platform),
      posts.map((p) => p.post.analysis.intent_score),
      posts.map((p) => p.duplicateOf ?? null),
      MAX_RELEVANCE_RAISE,
    ],
  });

  // Copies in the same batch cannot see each other's signals in the query above: the first post of
  // a family (in batch order) takes the monitor, the later copies are skipped.
  const served = new Set<string>();
  const rows: {
    signal: NewSignal;
    postId: string;
    familyId: string;
    post: ScoredPost;
    name: string;
    score: MonitorScore;
  }[] = [];
  for (const m of eligible) {
    const p = posts[m.ord - 1]!;
    const score = monitorScore(p.post.analysis.intent_score, p.post.relevance, m.context);
    if (score.score < m.minScore) continue;
    const familyId = p.duplicateOf ?? p.postId;
    const family = `${familyId}|${m.id}`;
    if (served.has(family)) continue;
    served.add(family);
    rows.push({
      signal: { id: randomUUID(), workspaceId: m.workspaceId, monitorId: m.id },
      postId: p.postId,
      familyId,
      post: p.post,
      name: m.name,
      score,
    });
  }

  // Signal ids are chosen here so each row's outbox payload can be built before the insert; one
  // statement per batch then writes the signals, their usage events and their outbox rows, and the
  // joins on `ins` keep usage and events to the signals this statement really inserted.
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = rows.slice(i, i + batchSize);
    // family_id is written here (the post's original, or the post), so the signals_family trigger
    // (migration 072: only for rows without one) does not look every post up again.
    const { rows: inserted } = await db.query<NewSignal & { postId: string }>({
      name: 'store-insert-signals',
      text: `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::smallint[], $6::text[],
                              $7::text[], $8::text[], $9::jsonb[], $11::smallint[], $12::text[], $13::uuid[])
                    AS i(id, workspace_id, monitor_id, post_id, intent_score, platform, subject, msg_id, payload,
                         relevance_delta, relevance_reason, family_id)
       ), ins AS (
         INSERT INTO signals (id, workspace_id, monitor_id, post_id, intent_score, relevance_delta, relevance_reason, family_id)
         SELECT id, workspace_id, monitor_id, post_id, intent_score, relevance_delta, relevance_reason, family_id FROM input
         ON CONFLICT (monitor_id, post_id) DO NOTHING
         RETURNING id, workspace_id, monitor_id, post_id
       ), usage AS (
         INSERT INTO usage_events (workspace_id, kind, idempotency_key, metadata)
         SELECT ins.workspace_id, $10, ins.id::text,
                jsonb_build_object('signalId', ins.id, 'postId', ins.post_id, 'platform', input.platform)
           FROM ins JOIN input USING (id)
         ON CONFLICT (workspace_id, kind, idempotency_key) DO NOTHING
       ), events AS (
         INSERT INTO outbox (workspace_id, type, subject, msg_id, payload)
         SELECT ins.workspace_id, 'signal.created.v1', input.subject, input.msg_id, input.payload
           FROM ins JOIN input USING (id)
         ON CONFLICT (msg_id) DO NOTHING
       )
       SELECT id, workspace_id AS "workspaceId", monitor_id AS "monitorId", post_id AS "postId" FROM ins`,
      values: [
        batch.map((b) => b.signal.id),
        batch.map((b) => b.signal.workspaceId),
        batch.map((b) => b.signal.monitorId),
        batch.map((b) => b.postId),
        batch.map((b) => b.score.score),
        batch.map((b) => b.post.platform),
        batch.map((b) => subjects.signalCreated(b.post.platform)),
        batch.map((b) => msgIds.signal(b.signal.id)),
        batch.map((b) => toJsonb(signalCreatedData(b.signal, b.name, b.postId, b.post, b.score.score))),
        SIGNAL_USAGE_KIND,
        batch.map((b) => b.score.delta),
        batch.map((b) => (b.score.reason === null ? null : pgText(b.score.reason))),
        batch.map((b) => b.familyId),
      ],
    });
    for (const { postId, ...signal } of inserted) {
      const list = created.get(postId);
      if (list) list.push(signal);
      else created.set(postId, [signal]);
    }
  }
  return created;
}

/**
 * The public signal.created payload: everything an alert needs without reading the database.
 * `intentScore` is the monitor's score (the notifier routes destinations by it), not the post's.
 */
export function signalCreatedData(
  signal: NewSignal,
  monitorName: string,
  postId: string,
  post: ScoredPost,
  intentScore: number,
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
    intentScore,
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
  newScore: number;
  crossedThreshold: boolean;
}

/**
 * Moves every signal of a re-scored post to the post's new score as its monitor sees it
 * (`monitorScore`: each monitor's context sentence again). A signal "crosses" when its old score
 * was below a threshold that its new score reaches: the monitor's min score, or the min score of an
 * enabled alert destination that routes its monitor. Only crossing signals should alert again; the
 * notifier's per-destination delivery record keeps that to destinations not alerted yet. A signal
 * whose score stays the same gets no event (its relevance explanation is still brought up to date).
 */
export async function rescoreSignals(
  db: Queryable,
  postId: string,
  post: ScoredPost,
  cause: string,
): Promise<{ updated: RescoredSignal[]; events: OutboxEntry[] }> {
  // Locked so a concurrent re-score of the same post waits and then sees these scores as old ones.
  const { rows: current } = await db.query<{
    id: string;
    score: number;
    delta: number;
    reason: string | null;
    context: string | null;
  }>(
    `SELECT s.id, s.intent_score AS score, s.relevance_delta AS delta, s.relevance_reason AS reason, m.context
       FROM signals s JOIN monitors m ON m.id = s.monitor_id
      WHERE s.post_id = $1
      ORDER BY s.id
        FOR UPDATE OF s`,
    [postId],
  );
  const changes = current.flatMap((c) => {
    const next = monitorScore(post.analysis.intent_score, post.relevance, c.context);
    const reason = next.reason === null ? null : pgText(next.reason);
    return next.score === c.score && next.delta === c.delta && reason === c.reason
      ? []
      : [{ id: c.id, score: next.score, delta: next.delta, reason }];
  });
  if (changes.length === 0) return { updated: [], events: [] };

  // `old` reads the rows as they were before this statement's UPDATE (one snapshot).
  const { rows } = await db.query<RescoredSignal>(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::smallint[], $4::text[]) AS i(id, score, delta, reason)
     ), old AS (
       SELECT s.id, s.workspace_id, s.monitor_id, s.status, s.intent_score AS old_score
         FROM signals s JOIN input USING (id)
     ), moved AS (
       UPDATE signals s
          SET intent_score = input.score, relevance_delta = input.delta, relevance_reason = input.reason, updated_at = now()
         FROM input WHERE s.id = input.id
       RETURNING s.id
     )
     SELECT old.id, old.workspace_id AS "workspaceId", old.old_score AS "oldScore", input.score AS "newScore",
            old.status = 'new' AND (
              (old.old_score < m.min_score AND m.min_score <= input.score)
              OR EXISTS (SELECT 1 FROM alert_destinations d
                          WHERE d.workspace_id = old.workspace_id AND d.enabled
                            AND (cardinality(d.monitor_ids) = 0 OR old.monitor_id = ANY(d.monitor_ids))
                            AND old.old_score < d.min_score AND d.min_score <= input.score)
            ) AS "crossedThreshold"
       FROM old JOIN input USING (id) JOIN monitors m ON m.id = old.monitor_id
      WHERE old.id IN (SELECT id FROM moved)
      ORDER BY old.id`,
    [
      changes.map((c) => c.id),
      changes.map((c) => c.score),
      changes.map((c) => c.delta),
      changes.map((c) => c.reason),
    ],
  );
  const updated = rows.filter((s) => s.newScore !== s.oldScore);
  const events = updated.map((s): OutboxEntry<'signal.updated.v1'> => ({
    workspaceId: s.workspaceId,
    type: 'signal.updated.v1',
    subject: subjects.signalUpdated,
    msgId: msgIds.signalUpdated(s.id, cause),
    data: {
      signalId: s.id,
      workspaceId: s.workspaceId,
      intentScore: s.newScore,
      crossedThreshold: s.crossedThreshold,
    },
  }));
  return { updated, events };
}
