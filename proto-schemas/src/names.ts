/**
 * Wire names: every NATS subject, stream, durable consumer and KV bucket the product uses.
 *
 * These names are contracts. Deployed consumers, internal tools subscribed to `signals.>` and
 * JetStream state on disk all refer to them: renaming one breaks them. Add, never rename.
 */

export const PLATFORMS = ['reddit', 'hackernews', 'twitter', 'linkedin'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const subjects = {
  ingestJob: (platform: Platform) => `ingest.jobs.${platform}`,
  ingestJobsAll: 'ingest.jobs.>',
  postRaw: (platform: Platform) => `posts.raw.${platform}`,
  postsRawAll: 'posts.raw.>',
  postScored: (platform: Platform) => `posts.scored.${platform}`,
  postsScoredAll: 'posts.scored.>',
  signalCreated: (platform: Platform) => `signals.created.${platform}`,
  signalsCreatedAll: 'signals.created.>',
  signalUpdated: 'signals.updated',
  signalEnriched: 'signals.enriched',
  signalsAll: 'signals.>',
  enrichRequested: 'enrich.requested',
  scheduledJob: (kind: ScheduledJobKind) => `jobs.${kind}`,
  scheduledJobsAll: 'jobs.>',
  deadLetter: (service: string) => `dlq.${service}`,
  deadLettersAll: 'dlq.>',
} as const;

export const SCHEDULED_JOB_KINDS = ['digest', 'archive', 'rescore'] as const;
export type ScheduledJobKind = (typeof SCHEDULED_JOB_KINDS)[number];

export const streams = {
  ingestJobs: 'INGEST_JOBS',
  posts: 'POSTS',
  signals: 'SIGNALS',
  enrich: 'ENRICH',
  scheduledJobs: 'SCHEDULED_JOBS',
  deadLetter: 'DEADLETTER',
} as const;
export type StreamName = (typeof streams)[keyof typeof streams];

/** Durable consumer names; replicas of a service share one durable and split its messages. */
export const consumers = {
  ingestor: (platform: Platform) => `ingest-${platform}`,
  intentScorer: 'intent-scorer',
  dedupEmbedder: 'dedup-embedder',
  notifier: 'notifier',
  notifierDigests: 'notifier-digests',
  /** signals.updated: alerts a re-scored signal to destinations whose min score it newly reaches. */
  notifierRescores: 'notifier-rescores',
  enricher: 'enricher',
  enricherAuto: 'enricher-auto',
  storeMaintenance: 'store-maintenance',
  /** jobs.rescore; SCHEDULED_JOBS is a work queue, so each subject needs its own durable. */
  storeRescore: 'store-rescore',
} as const;

export const kvBuckets = {
  monitors: 'monitors',
  cursors: 'cursors',
  sourceHealth: 'source-health',
  /** LLM intent analyses by content hash, shared by intent-scorer replicas. */
  llmScores: 'llm-scores',
} as const;

/** Header names set on every publish. */
export const headers = {
  msgId: 'Nats-Msg-Id',
  traceparent: 'traceparent',
  eventType: 'ir-event-type',
  /** Set by `radar dlq replay`: the DEADLETTER message a replay came from (operator audits). */
  replayedFrom: 'ir-replayed-from',
  /** Set by `radar dlq replay`: the one durable that should process the replay; other consumers ack and skip it. */
  replayFor: 'ir-replay-for',
} as const;

/** Deterministic message ids (JetStream dedupes on them inside the stream's duplicate window). */
export const msgIds = {
  post: (platform: Platform, externalId: string) => `${platform}:${externalId}`,
  scoredPost: (platform: Platform, externalId: string) => `scored:${platform}:${externalId}`,
  signal: (signalId: string) => `signal:${signalId}`,
  /** One change of a signal; `cause` names it (the re-scored event's id, `archived`). */
  signalUpdated: (signalId: string, cause: string) => `signal-updated:${signalId}:${cause}`,
  /** A stored post sent back to the scorer by a jobs.rescore tick. */
  rescorePost: (platform: Platform, externalId: string, slot: number) => `rescore:${platform}:${externalId}:${slot}`,
  /**
   * The post.scored answering a rescorePost request: distinct from the first score's `scoredPost`
   * (which JetStream would drop as a repeat inside the duplicate window), the same for a redelivery.
   */
  rescoredPost: (platform: Platform, externalId: string, slot: number) => `rescored:${platform}:${externalId}:${slot}`,
  ingestJob: (platform: Platform, queryKey: string, slot: number) => `job:${platform}:${queryKey}:${slot}`,
} as const;

/** The job slot of a `msgIds.rescorePost` id (the raw post is a re-score request), else undefined. */
export function rescoreSlotOf(msgId: string | undefined, platform: Platform, externalId: string): number | undefined {
  const prefix = `rescore:${platform}:${externalId}:`;
  if (!msgId?.startsWith(prefix)) return undefined;
  const slot = msgId.slice(prefix.length);
  return /^\d{1,15}$/.test(slot) ? Number(slot) : undefined;
}
