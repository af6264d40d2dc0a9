import { z } from 'zod';
import { intentAnalysisSchema } from './analysis.ts';
import { PLATFORMS, SCHEDULED_JOB_KINDS } from './names.ts';

export const platformSchema = z.enum(PLATFORMS);
const id = z.string().min(1).max(200);
const isoTime = z.iso.datetime({ offset: true });

/** A poll job for one normalized query on one platform, or a firehose tick (`queryKey: "*"`). */
export const ingestJobSchema = z.object({
  platform: platformSchema,
  mode: z.enum(['search', 'firehose']),
  queryKey: z.string().min(1).max(2000),
  query: z.string().max(5000).describe('Canonical query text; empty for firehose.'),
  slot: z.number().int().nonnegative().describe('Time slot index (epoch ms / interval ms); part of the msg id.'),
  reason: z.enum(['schedule', 'new_monitor', 'backfill']),
  window: z.object({ from: isoTime, to: isoTime }).optional().describe('Backfill range.'),
});

export const authorSchema = z.object({
  handle: z.string().min(1).max(200),
  displayName: z.string().max(300).optional(),
  profileUrl: z.string().max(2000).optional(),
});

export const monitorMatchSchema = z.object({
  monitorId: id,
  queryKey: z.string().max(2000),
  spans: z.array(z.tuple([z.number().int(), z.number().int()])).max(100).optional(),
});

/** A post or comment as an ingestor found it, normalized across platforms. */
export const rawPostSchema = z.object({
  platform: platformSchema,
  externalId: z.string().min(1).max(200),
  kind: z.enum(['post', 'comment']),
  url: z.string().min(1).max(2000),
  title: z.string().max(1000).optional(),
  content: z.string().max(100_000),
  author: authorSchema,
  site: z.string().max(300).optional().describe('Subreddit (r/sales), domain, or LinkedIn company.'),
  lang: z.string().max(10).optional(),
  createdAt: isoTime,
  fetchedAt: isoTime,
  parentExternalId: z.string().max(200).optional(),
  threadExternalId: z.string().max(200).optional(),
  threadTitle: z.string().max(1000).optional(),
  links: z.array(z.string().max(2000)).max(100).default([]),
  topComments: z.array(z.string().max(5000)).max(10).default([]),
  ingestMode: z.enum(['search', 'firehose']),
  matches: z.array(monitorMatchSchema).max(10_000).describe('Monitors the local matcher confirmed.'),
});

export const scoredPostSchema = rawPostSchema.extend({
  contentHash: z.string().length(64).describe('sha256 hex of the normalized text that was scored.'),
  analysis: intentAnalysisSchema,
  rescore: z.boolean().default(false).describe('True when this is a re-score of a stored post.'),
  relevance: z
    .object({
      categories: z.array(z.string().min(1).max(60)).max(50).describe('Product categories of the vendors and category phrases the post names.'),
      enterprise: z.boolean().describe('The writer describes an enterprise-sized buyer.'),
    })
    .optional()
    .describe(
      'Monitor-independent relevance profile (added in place: optional). A subscriber that knows a monitor applies its context sentence to it (intent-scorer monitorRelevance / scoreForMonitor) before comparing with min_score.',
    ),
});

export const signalCreatedSchema = z.object({
  signalId: id,
  workspaceId: id,
  monitorId: id,
  monitorName: z.string().max(200),
  postId: id,
  platform: platformSchema,
  url: z.string().max(2000),
  title: z.string().max(1000).optional(),
  excerpt: z.string().max(1000),
  author: authorSchema,
  postedAt: isoTime,
  intentScore: z.number().int().min(1).max(10),
  summary: z.string().max(300),
  painPoints: z.array(z.string().max(300)).max(20),
  competitors: z.array(z.string().max(100)).max(50),
  decisionStage: z.string().max(40),
});

export const signalUpdatedSchema = z.object({
  signalId: id,
  workspaceId: id,
  status: z.enum(['new', 'contacted', 'archived']).optional(),
  intentScore: z.number().int().min(1).max(10).optional(),
  crossedThreshold: z.boolean().default(false),
});

const confidence = z.enum(['verified', 'likely', 'guessed', 'none']);
export const contactFieldSchema = z.object({
  value: z.string().max(2000),
  source: z.string().max(100),
  confidence,
});

export const signalEnrichedSchema = z.object({
  requestId: id,
  workspaceId: id,
  signalId: id,
  status: z.enum(['complete', 'partial', 'failed', 'refused']),
  charged: z.boolean(),
  fields: z.record(z.string(), contactFieldSchema),
  emailConfidence: confidence,
  reasons: z.array(z.string().max(500)).max(20),
});

export const enrichRequestedSchema = z.object({
  requestId: id,
  workspaceId: id,
  signalId: id,
  requestedBy: z.enum(['user', 'api', 'auto_rule']),
  userId: id.optional(),
});

export const scheduledJobSchema = z.object({
  kind: z.enum(SCHEDULED_JOB_KINDS),
  period: z.enum(['hourly', 'daily', 'weekly']).optional(),
  slot: z.number().int().nonnegative(),
  olderThanDays: z.number().int().positive().optional(),
  postIds: z.array(id).max(10_000).optional(),
});

export const deadLetterSchema = z.object({
  service: z.string().max(100),
  consumer: z.string().max(100),
  stream: z.string().max(100),
  subject: z.string().max(500),
  streamSeq: z.number().int().nonnegative(),
  deliveryCount: z.number().int().nonnegative(),
  errorCode: z.string().max(100),
  reason: z.string().max(5000),
  headers: z.record(z.string(), z.array(z.string())),
  payloadBase64: z.string().describe('Original message bytes; may not be valid JSON.'),
  failedAt: isoTime,
});
