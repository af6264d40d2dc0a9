import fc from 'fast-check';
import type { IngestContext, IngestJob, NormalizedPost } from '@intent-radar/ingest-kit';
import { rawPostSchema } from '@intent-radar/proto-schemas';
import { describe, expect, it } from 'vitest';
import { searchX } from './x-search.ts';
import { searchPageSchema, type XSource } from './x-source.ts';

// Almost always plausible, otherwise null or garbage: most pages reach the normalizer and the rest
// exercise the schema's refusal (which XSource turns into SourceMalformedError).
const mostly = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 60, arbitrary: good }, fc.constant(null), fc.anything({ maxDepth: 1 }));
const text = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', 'looking for a CRM https://t.co/abc', '@someone &amp; <b>', '\ud800 broken'),
);
const tweetId = fc.stringMatching(/^\d{1,19}$/);
// Ids and names at and past the contract's bounds: empty, and longer than 200.
const edgeId = fc.oneof({ weight: 60, arbitrary: tweetId }, fc.constant(''), fc.stringMatching(/^\d{201,210}$/), fc.string({ minLength: 201, maxLength: 210 }));
const isoTime = fc.date({ min: new Date('2006-03-21T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });

const tweet = fc.record({
  id: mostly(edgeId),
  text: mostly(text),
  author_id: optional(mostly(edgeId)),
  created_at: optional(mostly(fc.oneof({ weight: 5, arbitrary: isoTime }, text))),
  lang: optional(mostly(fc.oneof({ weight: 5, arbitrary: fc.constantFrom('en', 'de', 'und', 'qme') }, text))),
  conversation_id: optional(mostly(edgeId)),
  entities: optional(mostly(fc.record({ urls: optional(fc.array(fc.record({ expanded_url: optional(fc.oneof(fc.webUrl(), text)), url: fc.oneof(fc.webUrl(), text) }), { maxLength: 3 })) }))),
});
const user = fc.record({ id: tweetId, username: mostly(fc.oneof(fc.stringMatching(/^\w{1,15}$/), text, edgeId)), name: optional(text) });
const page = fc.record({
  data: optional(mostly(fc.array(tweet, { maxLength: 4 }))),
  includes: optional(mostly(fc.record({ users: optional(fc.array(user, { maxLength: 4 })) }))),
  meta: mostly(fc.record({ result_count: mostly(fc.nat(100)), newest_id: optional(tweetId), oldest_id: optional(tweetId), next_token: optional(fc.string({ maxLength: 10 })) })),
});

const job: IngestJob = { platform: 'twitter', mode: 'search', queryKey: 'crm', query: 'crm', slot: 0, reason: 'backfill' };
const envelope = { platform: 'twitter' as const, matches: [], ingestMode: 'search' as const, fetchedAt: new Date().toISOString() };

/** Runs one searchX poll over `body` (as the source returns it after its schema) and returns what it would publish. */
async function publishedFrom(body: unknown): Promise<NormalizedPost[]> {
  const published: NormalizedPost[] = [];
  const source = { searchRecent: () => Promise.resolve(searchPageSchema.parse(body)) } as unknown as XSource;
  const ctx = {
    cursors: { read: () => Promise.resolve({ value: undefined, revision: 0 }), write: () => Promise.resolve(1) },
    budget: { remaining: () => Promise.resolve(10_000), take: () => Promise.resolve(), spend: () => Promise.resolve() },
    publisher: {
      publish: (items: readonly NormalizedPost[]) => {
        published.push(...items);
        return Promise.resolve({ published: items.length, unmatched: 0, duplicates: 0 });
      },
    },
    health: { success: () => undefined },
    signal: new AbortController().signal,
  } as unknown as IngestContext;
  await searchX(source, job, ctx, { backfillMs: 86_400_000, maxPages: 1 });
  return published;
}

describe('X recent-search page parser + normalizer (fuzz)', () => {
  it('a page is refused by the schema or every tweet becomes a valid raw post; never a crash', async () => {
    let normalized = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 9, arbitrary: page }, fc.anything()), async (body) => {
        const parsed = searchPageSchema.safeParse(body);
        if (!parsed.success) return;
        const posts = await publishedFrom(body);
        expect(posts).toHaveLength(parsed.data.data?.length ?? 0);
        for (const post of posts) {
          normalized++;
          const check = rawPostSchema.safeParse({ ...post, ...envelope });
          expect(check.success, check.success ? '' : check.error.message).toBe(true);
        }
      }),
      { numRuns: 10_000 },
    );
    // The generator must reach the normalizer, not only the schema's refusal.
    expect(normalized).toBeGreaterThan(2_000);
  }, 20_000);
});
