import type { z } from 'zod';
import { envelope } from './envelope.ts';
import {
  deadLetterSchema,
  enrichRequestedSchema,
  ingestJobSchema,
  rawPostSchema,
  scheduledJobSchema,
  scoredPostSchema,
  signalCreatedSchema,
  signalEnrichedSchema,
  signalUpdatedSchema,
} from './events.ts';

/**
 * Every event type, versioned in its name. A breaking change adds `<name>.v2` next to v1;
 * consumers of v1 keep working until it is retired.
 */
export const catalog = {
  'ingest.job.v1': {
    schema: envelope('ingest.job.v1', ingestJobSchema),
    subject: 'ingest.jobs.<platform>',
    summary: 'Poll one query (or a firehose tick) on one platform.',
  },
  'post.raw.v1': {
    schema: envelope('post.raw.v1', rawPostSchema),
    subject: 'posts.raw.<platform>',
    summary: 'A post or comment found by an ingestor, normalized, with the monitors it matched.',
  },
  'post.scored.v1': {
    schema: envelope('post.scored.v1', scoredPostSchema),
    subject: 'posts.scored.<platform>',
    summary: 'A raw post plus its intent analysis.',
  },
  'signal.created.v1': {
    schema: envelope('signal.created.v1', signalCreatedSchema),
    subject: 'signals.created.<platform>',
    summary: 'A new signal for one workspace monitor. Public: internal tools subscribe to signals.>.',
  },
  'signal.updated.v1': {
    schema: envelope('signal.updated.v1', signalUpdatedSchema),
    subject: 'signals.updated',
    summary: 'A signal changed status or score.',
  },
  'signal.enriched.v1': {
    schema: envelope('signal.enriched.v1', signalEnrichedSchema),
    subject: 'signals.enriched',
    summary: 'Author contact data found (or not) for a signal.',
  },
  'enrich.requested.v1': {
    schema: envelope('enrich.requested.v1', enrichRequestedSchema),
    subject: 'enrich.requested',
    summary: 'A user, API client or auto rule asked to enrich a signal.',
  },
  'job.scheduled.v1': {
    schema: envelope('job.scheduled.v1', scheduledJobSchema),
    subject: 'jobs.<kind>',
    summary: 'A periodic job: digest, archive or rescore.',
  },
  'deadletter.v1': {
    schema: envelope('deadletter.v1', deadLetterSchema),
    subject: 'dlq.<service>',
    summary: 'A message that can never succeed, with the reason and its original bytes and headers.',
  },
} as const;

export type EventType = keyof typeof catalog;
export type EventOf<T extends EventType> = z.infer<(typeof catalog)[T]['schema']>;
export type EventData<T extends EventType> = EventOf<T>['data'];
export const EVENT_TYPES = Object.keys(catalog) as EventType[];
