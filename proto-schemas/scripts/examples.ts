import type { IntentAnalysis } from '../src/analysis.ts';
import type { EventData, EventOf, EventType } from '../src/catalog.ts';

/**
 * One valid envelope per event type. They are published in asyncapi.yaml as message examples
 * (what a subscriber in another language will see on the wire) and the catalog tests parse them.
 */

const analysis: IntentAnalysis = {
  intent_score: 8,
  urgency: 'high',
  budget_signals: ['under $500/month'],
  pain_points: ['data quality is terrible'],
  decision_stage: 'evaluating',
  competitors_mentioned: ['ZoomInfo', 'Apollo'],
  is_qualified: true,
  reasoning: 'Explicit ask for an alternative with a budget and a deadline.',
  one_line_summary: 'Looking for a ZoomInfo alternative under $500/month this quarter.',
  evidence: [
    { quote: 'looking for a ZoomInfo alternative', start: 0, end: 35, cue: 'explicit_ask', weight: 3 },
  ],
  category: 'buying_intent',
  language: 'en',
  scored_by: 'local',
  cost_usd: 0,
  needs_rescore: false,
  notes: [],
};

const rawPost: EventData<'post.raw.v1'> = {
  platform: 'reddit',
  externalId: 't3_1abcde',
  kind: 'post',
  url: 'https://www.reddit.com/r/sales/comments/1abcde/zoominfo_alternative/',
  title: 'ZoomInfo alternative?',
  content: 'looking for a ZoomInfo alternative under $500/month, Apollo data is terrible',
  author: { handle: 'sdr_lead', profileUrl: 'https://www.reddit.com/user/sdr_lead' },
  site: 'r/sales',
  lang: 'en',
  createdAt: '2025-01-15T09:30:00Z',
  fetchedAt: '2025-01-15T09:31:02Z',
  links: [],
  topComments: [],
  ingestMode: 'search',
  matches: [{ monitorId: 'mon_1', queryKey: 'zoominfo alternative', spans: [[14, 34]] }],
};

const head = (source: string) => ({
  id: '0b6f3a2e-8f1c-4d5e-9a7b-1c2d3e4f5a6b',
  occurredAt: '2025-01-15T09:31:05.120Z',
  source,
});

export const validExamples: { [T in EventType]: EventOf<T> } = {
  'ingest.job.v1': {
    ...head('scheduler'),
    type: 'ingest.job.v1',
    data: {
      platform: 'hackernews',
      mode: 'search',
      queryKey: 'zoominfo alternative',
      query: '"zoominfo alternative"',
      slot: 29120000,
      reason: 'schedule',
    },
  },
  'post.raw.v1': { ...head('ingest-reddit'), type: 'post.raw.v1', data: rawPost },
  'post.scored.v1': {
    ...head('intent-scorer'),
    type: 'post.scored.v1',
    data: {
      ...rawPost,
      matches: [{ monitorId: 'mon_1', queryKey: 'zoominfo alternative' }],
      contentHash: 'a'.repeat(64),
      analysis,
      rescore: false,
    },
  },
  'signal.created.v1': {
    ...head('dedup-embedder'),
    type: 'signal.created.v1',
    data: {
      signalId: '42',
      workspaceId: 'ws_1',
      monitorId: 'mon_1',
      monitorName: 'ZoomInfo alternatives',
      postId: '1001',
      platform: 'reddit',
      url: rawPost.url,
      title: rawPost.title,
      excerpt: rawPost.content,
      author: { handle: 'sdr_lead' },
      postedAt: '2025-01-15T09:30:00Z',
      intentScore: 8,
      summary: analysis.one_line_summary,
      painPoints: ['data quality is terrible'],
      competitors: ['ZoomInfo', 'Apollo'],
      decisionStage: 'evaluating',
    },
  },
  'signal.updated.v1': {
    ...head('dedup-embedder'),
    type: 'signal.updated.v1',
    data: { signalId: '42', workspaceId: 'ws_1', intentScore: 9, crossedThreshold: true },
  },
  'signal.enriched.v1': {
    ...head('enricher'),
    type: 'signal.enriched.v1',
    data: {
      requestId: 'req_1',
      workspaceId: 'ws_1',
      signalId: '42',
      status: 'partial',
      charged: true,
      fields: {
        linkedin: { value: 'https://www.linkedin.com/in/example', source: 'serpapi', confidence: 'likely' },
      },
      emailConfidence: 'none',
      reasons: ['no email pattern found for the company domain'],
    },
  },
  'enrich.requested.v1': {
    ...head('gateway'),
    type: 'enrich.requested.v1',
    data: { requestId: 'req_1', workspaceId: 'ws_1', signalId: '42', requestedBy: 'user', userId: 'usr_1' },
  },
  'job.scheduled.v1': {
    ...head('scheduler'),
    type: 'job.scheduled.v1',
    data: { kind: 'archive', slot: 20103, olderThanDays: 90 },
  },
  'deadletter.v1': {
    ...head('intent-scorer'),
    type: 'deadletter.v1',
    data: {
      service: 'intent-scorer',
      consumer: 'intent-scorer',
      stream: 'POSTS',
      subject: 'posts.raw.reddit',
      streamSeq: 1207,
      deliveryCount: 1,
      errorCode: 'SCHEMA_INVALID',
      reason: 'data.platform: Invalid option',
      headers: { 'Nats-Msg-Id': ['reddit:t3_1abcde'] },
      payloadBase64: 'eyJub3QiOiJ2YWxpZCJ9',
      failedAt: '2025-01-15T09:31:06Z',
    },
  },
};

/** One invalid envelope per event type, each breaking a rule a subscriber relies on. */
export const invalidExamples: { [T in EventType]: { breaks: string; event: unknown } } = {
  'ingest.job.v1': { breaks: 'unknown platform', event: withData('ingest.job.v1', { platform: 'facebook' }) },
  'post.raw.v1': { breaks: 'missing author', event: withData('post.raw.v1', { author: undefined }) },
  'post.scored.v1': {
    breaks: 'intent score above 10',
    event: withData('post.scored.v1', {
      analysis: { ...validExamples['post.scored.v1'].data.analysis, intent_score: 11 },
    }),
  },
  'signal.created.v1': {
    breaks: 'fractional intent score',
    event: withData('signal.created.v1', { intentScore: 7.5 }),
  },
  'signal.updated.v1': {
    breaks: 'unknown status',
    event: withData('signal.updated.v1', { status: 'deleted' }),
  },
  'signal.enriched.v1': {
    breaks: 'unknown confidence',
    event: withData('signal.enriched.v1', { emailConfidence: 'sure' }),
  },
  'enrich.requested.v1': {
    breaks: 'empty signal id',
    event: withData('enrich.requested.v1', { signalId: '' }),
  },
  'job.scheduled.v1': { breaks: 'unknown job kind', event: withData('job.scheduled.v1', { kind: 'vacuum' }) },
  'deadletter.v1': {
    breaks: 'negative stream sequence',
    event: withData('deadletter.v1', { streamSeq: -1 }),
  },
};

function withData(type: EventType, patch: Record<string, unknown>): unknown {
  const valid = validExamples[type];
  return { ...valid, data: { ...valid.data, ...patch } };
}
