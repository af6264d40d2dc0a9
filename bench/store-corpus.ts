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

/** Word swaps people make when they post the same need again. */
const SYNONYMS: Record<string, string> = {
  looking: 'searching',
  best: 'top',
  tool: 'app',
  tools: 'apps',
  alternative: 'replacement',
  alternatives: 'replacements',
  need: 'want',
  software: 'tool',
  cheap: 'affordable',
  good: 'great',
  what: 'which',
  recommend: 'suggest',
  any: 'some',
  app: 'tool',
  startup: 'company',
  free: 'open',
  help: 'advice',
};

/**
 * A reworded copy of a real post: one or two edits of the kinds reposts show (a synonym, a dropped
 * or added word, a prefix or sign-off, punctuation, case, two words swapped). Many copies of short
 * titles fall below the cosine threshold; the bench counts only those at or above it.
 */
export function rewordPost(text: string, random: () => number): string {
  let words = text.split(/\s+/).filter(Boolean);
  const edits = 1 + Math.floor(random() * 2);
  for (let e = 0; e < edits; e++) {
    const r = random();
    const i = Math.floor(random() * words.length);
    const word = words[i] ?? '';
    const bare = word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
    if (r < 0.25) words[i] = SYNONYMS[bare] ?? word.toUpperCase();
    else if (r < 0.4 && words.length > 3) words = [...words.slice(0, i), ...words.slice(i + 1)];
    else if (r < 0.55) words = [['Reposting:', 'Update:', 'Again:'][Math.floor(random() * 3)]!, ...words];
    else if (r < 0.7)
      words = [...words, ['thanks!', '(x-post)', 'any ideas?', 'please help'][Math.floor(random() * 4)]!];
    else if (r < 0.85) words[i] = `${word}${['!', ',', '?', '.'][Math.floor(random() * 4)]}`;
    else {
      const j = Math.min(words.length - 1, i + 1);
      [words[i], words[j]] = [words[j]!, words[i]!];
    }
  }
  return words.join(' ');
}
