import { createHash, randomUUID } from 'node:crypto';
import type { EventOf } from '@intent-radar/proto-schemas';

/** sha256 hex, the form of posts.content_hash. */
export const hash = (text: string) => createHash('sha256').update(text).digest('hex');
const t0 = Date.UTC(2025, 0, 1);
/** When bench post i was written: one every 30 s from 2025-01-01, so 1M posts span a year. */
export const postedAtOf = (i: number) => new Date(t0 + i * 30_000).toISOString();

/** Scored post number i of the store benchmarks: one every 30 s (1M posts span a year), a third from HN. */
export function scoredBenchPost(i: number, content: string, monitorIds: string[]): EventOf<'post.scored.v1'> {
  const at = postedAtOf(i);
  return {
    id: randomUUID(),
    type: 'post.scored.v1',
    occurredAt: at,
    source: 'bench',
    data: {
      platform: i % 3 === 0 ? 'hackernews' : 'reddit',
      externalId: `b${i}`,
      kind: 'post',
      url: `https://example.test/${i}`,
      content,
      author: { handle: `u${i % 5000}` },
      createdAt: at,
      fetchedAt: at,
      links: [],
      topComments: [],
      ingestMode: 'search',
      matches: monitorIds.map((monitorId) => ({ monitorId, queryKey: 'bench' })),
      contentHash: hash(content),
      rescore: false,
      analysis: {
        intent_score: 3 + (i % 8),
        urgency: 'medium',
        budget_signals: [],
        pain_points: [],
        decision_stage: 'exploring',
        competitors_mentioned: [],
        is_qualified: true,
        reasoning: 'bench',
        one_line_summary: 'bench post',
        evidence: [],
        category: 'buying_intent',
        language: 'en',
        scored_by: 'local',
        cost_usd: 0,
        needs_rescore: false,
        notes: [],
      },
    },
  };
}
