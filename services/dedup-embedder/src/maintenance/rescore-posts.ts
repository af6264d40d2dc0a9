import type { Bus, PublishRequest } from '@intent-radar/bus';
import type { Queryable } from '@intent-radar/db';
import { msgIds, subjects, type EventData, type Platform } from '@intent-radar/proto-schemas';

/** Most posts one jobs.rescore tick sends back to the scorer. */
export const RESCORE_LIMIT = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface StoredRawPost {
  id: string;
  platform: Platform;
  externalId: string;
  url: string;
  kind: 'post' | 'comment';
  authorHandle: string;
  authorDisplayName: string | null;
  authorProfileUrl: string | null;
  title: string | null;
  content: string;
  site: string | null;
  lang: string | null;
  threadExternalId: string | null;
  parentExternalId: string | null;
  postedAt: Date;
  fetchedAt: Date;
  matches: { monitorId: string; queryKey: string }[];
}

/**
 * Picks the posts a jobs.rescore tick re-scores: the listed ids, or else recent posts whose
 * analysis asked for it (`needs_rescore`: an LLM stage failed and the local score stands in).
 * Each goes with the monitors it has signals for as its match list.
 */
export async function selectPostsToRescore(
  db: Queryable,
  postIds: readonly string[] | undefined,
  windowDays: number,
): Promise<StoredRawPost[]> {
  const ids = postIds?.filter((id) => UUID.test(id));
  const { rows } = await db.query<StoredRawPost>(
    `SELECT p.id, p.platform, p.external_id AS "externalId", p.url, p.kind, p.author_handle AS "authorHandle",
            p.author_display_name AS "authorDisplayName", p.author_profile_url AS "authorProfileUrl", p.title, p.content,
            p.site, p.lang, p.thread_external_id AS "threadExternalId", p.parent_external_id AS "parentExternalId",
            p.posted_at AS "postedAt", p.fetched_at AS "fetchedAt",
            COALESCE((SELECT jsonb_agg(jsonb_build_object('monitorId', m.id::text, 'queryKey', m.query_key) ORDER BY m.id)
                        FROM signals s JOIN monitors m ON m.id = s.monitor_id
                       WHERE s.post_id = p.id AND m.active), '[]'::jsonb) AS matches
       FROM posts p
      WHERE CASE WHEN $1::uuid[] IS NOT NULL THEN p.id = ANY($1::uuid[])
                 ELSE (p.analysis->>'needs_rescore')::boolean AND p.posted_at > now() - make_interval(days => $2) END
      ORDER BY p.posted_at DESC
      LIMIT $3`,
    [ids ?? null, windowDays, RESCORE_LIMIT],
  );
  return rows;
}

/** The stored post as the scorer's input event. */
export function toRawPost(p: StoredRawPost): EventData<'post.raw.v1'> {
  return {
    platform: p.platform,
    externalId: p.externalId,
    kind: p.kind,
    url: p.url,
    ...(p.title === null ? {} : { title: p.title }),
    content: p.content,
    author: {
      handle: p.authorHandle,
      ...(p.authorDisplayName === null ? {} : { displayName: p.authorDisplayName }),
      ...(p.authorProfileUrl === null ? {} : { profileUrl: p.authorProfileUrl }),
    },
    ...(p.site === null ? {} : { site: p.site }),
    ...(p.lang === null ? {} : { lang: p.lang }),
    createdAt: p.postedAt.toISOString(),
    fetchedAt: p.fetchedAt.toISOString(),
    ...(p.parentExternalId === null ? {} : { parentExternalId: p.parentExternalId }),
    ...(p.threadExternalId === null ? {} : { threadExternalId: p.threadExternalId }),
    links: [],
    topComments: [],
    ingestMode: 'search',
    matches: p.matches,
  };
}

/**
 * Sends stored posts back to the scorer on posts.raw.<platform>. The msg id carries the job slot,
 * so a redelivered job publishes nothing twice and the next tick can re-score the same post again.
 * The scorer's post.scored comes back to storeScoredPost, which applies it as a re-score.
 */
export async function requestRescore(
  bus: Bus,
  db: Queryable,
  job: EventData<'job.scheduled.v1'>,
  windowDays: number,
  traceparent?: string,
): Promise<number> {
  const posts = await selectPostsToRescore(db, job.postIds, windowDays);
  if (posts.length === 0) return 0;
  const requests = posts.map((p): PublishRequest<'post.raw.v1'> => ({
    type: 'post.raw.v1',
    subject: subjects.postRaw(p.platform),
    data: toRawPost(p),
    msgId: msgIds.rescorePost(p.platform, p.externalId, job.slot),
    traceparent,
  }));
  await bus.publishMany(requests);
  return posts.length;
}
