import type { EventType } from '../src/catalog.ts';
import { consumers, streams, subjects } from '../src/names.ts';

/**
 * Who publishes and who consumes each event type, as DESIGN.md draws it. This is documentation
 * data for asyncapi.yaml only; the running configuration lives in packages/bus (streams and
 * consumers) and in each service. When a service starts publishing or consuming a new event,
 * add it here and run `npm run generate -w @intent-radar/proto-schemas`.
 */

export interface Publication {
  service: string;
  eventType: EventType;
  /** Concrete subjects (or wildcard filters) when the service uses only part of the channel. */
  subjects?: string[];
}

export interface Subscription extends Publication {
  /** Durable pull consumer shared by the service's replicas; absent for ephemeral watchers. */
  durable?: string;
  stream: string;
}

const INGESTORS = [
  ['ingest-reddit', 'reddit'],
  ['ingest-hn', 'hackernews'],
  ['ingest-twitter', 'twitter'],
  ['ingest-linkedin', 'linkedin'],
] as const;

export const publications: Publication[] = [
  { service: 'scheduler', eventType: 'ingest.job.v1' },
  { service: 'scheduler', eventType: 'job.scheduled.v1' },
  ...INGESTORS.map(([service, platform]): Publication => ({
    service,
    eventType: 'post.raw.v1',
    subjects: [subjects.postRaw(platform)],
  })),
  { service: 'intent-scorer', eventType: 'post.scored.v1' },
  // jobs.rescore: stored posts go back to the scorer as raw posts.
  { service: 'dedup-embedder', eventType: 'post.raw.v1', subjects: [subjects.postsRawAll] },
  { service: 'dedup-embedder', eventType: 'signal.created.v1' },
  { service: 'dedup-embedder', eventType: 'signal.updated.v1' },
  { service: 'gateway', eventType: 'signal.updated.v1' },
  { service: 'gateway', eventType: 'enrich.requested.v1' },
  { service: 'enricher', eventType: 'enrich.requested.v1', subjects: [subjects.enrichRequested] },
  { service: 'enricher', eventType: 'signal.enriched.v1' },
];

export const subscriptions: Subscription[] = [
  ...INGESTORS.map(([service, platform]): Subscription => ({
    service,
    eventType: 'ingest.job.v1',
    stream: streams.ingestJobs,
    durable: consumers.ingestor(platform),
    subjects: [subjects.ingestJob(platform)],
  })),
  {
    service: 'intent-scorer',
    eventType: 'post.raw.v1',
    stream: streams.posts,
    durable: consumers.intentScorer,
    subjects: [subjects.postsRawAll],
  },
  {
    service: 'dedup-embedder',
    eventType: 'post.scored.v1',
    stream: streams.posts,
    durable: consumers.dedupEmbedder,
    subjects: [subjects.postsScoredAll],
  },
  {
    service: 'dedup-embedder',
    eventType: 'job.scheduled.v1',
    stream: streams.scheduledJobs,
    durable: consumers.storeMaintenance,
    subjects: [subjects.scheduledJob('archive')],
  },
  {
    service: 'dedup-embedder',
    eventType: 'job.scheduled.v1',
    stream: streams.scheduledJobs,
    durable: consumers.storeRescore,
    subjects: [subjects.scheduledJob('rescore')],
  },
  {
    service: 'notifier',
    eventType: 'signal.created.v1',
    stream: streams.signals,
    durable: consumers.notifier,
    subjects: [subjects.signalsCreatedAll],
  },
  {
    service: 'notifier',
    eventType: 'signal.updated.v1',
    stream: streams.signals,
    durable: consumers.notifierRescores,
    subjects: [subjects.signalUpdated],
  },
  {
    service: 'notifier',
    eventType: 'job.scheduled.v1',
    stream: streams.scheduledJobs,
    durable: consumers.notifierDigests,
    subjects: [subjects.scheduledJob('digest')],
  },
  {
    service: 'enricher',
    eventType: 'enrich.requested.v1',
    stream: streams.enrich,
    durable: consumers.enricher,
  },
  {
    service: 'enricher',
    eventType: 'signal.created.v1',
    stream: streams.signals,
    durable: consumers.enricherAuto,
    subjects: [subjects.signalsCreatedAll],
  },
  {
    service: 'gateway',
    eventType: 'signal.created.v1',
    stream: streams.signals,
    subjects: [subjects.signalsAll],
  },
  {
    service: 'gateway',
    eventType: 'signal.updated.v1',
    stream: streams.signals,
    subjects: [subjects.signalsAll],
  },
  {
    service: 'gateway',
    eventType: 'signal.enriched.v1',
    stream: streams.signals,
    subjects: [subjects.signalsAll],
  },
];

/** Streams and the subjects they capture (DESIGN.md table; configured in packages/bus). */
export const streamLayout: { name: string; subjects: string[]; retention: string; notes: string }[] = [
  {
    name: streams.ingestJobs,
    subjects: [subjects.ingestJobsAll],
    retention: 'workqueue',
    notes: 'scheduler replicas dedupe by msg id per time slot',
  },
  {
    name: streams.posts,
    subjects: [subjects.postsRawAll, subjects.postsScoredAll],
    retention: 'limits (days)',
    notes: 'replayable: re-score after a model change',
  },
  {
    name: streams.signals,
    subjects: [subjects.signalsAll],
    retention: 'limits (weeks)',
    notes: 'public event API for internal tools',
  },
  { name: streams.enrich, subjects: [subjects.enrichRequested], retention: 'workqueue', notes: '' },
  {
    name: streams.scheduledJobs,
    subjects: [subjects.scheduledJobsAll],
    retention: 'workqueue',
    notes: 'digest, archive and rescore ticks',
  },
  {
    name: streams.deadLetter,
    subjects: [subjects.deadLettersAll],
    retention: 'limits',
    notes: 'poison messages with the error and original headers',
  },
];

/** Every service with a durable consumer copies poison messages to `dlq.<service>`, then terms them. */
export const deadLetterPublications: Publication[] = [
  ...new Set(subscriptions.filter((s) => s.durable !== undefined).map((s) => s.service)),
].map((service) => ({ service, eventType: 'deadletter.v1', subjects: [subjects.deadLetter(service)] }));
