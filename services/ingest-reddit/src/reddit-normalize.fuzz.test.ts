import fc from 'fast-check';
import { rawPostSchema } from '@intent-radar/proto-schemas';
import { describe, expect, it } from 'vitest';
import { fromRedditThing } from './reddit-normalize.ts';
import { redditThingSchema } from './reddit-source.ts';

// Each field is almost always plausible, otherwise null or garbage: most cases reach the normalizer
// and the rest exercise the schema's refusal.
const mostly = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 60, arbitrary: good }, fc.constant(null), fc.anything({ maxDepth: 1 }));
const text = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', '[deleted]', 'see https://example.com/x?y=1 and <http://evil|x>', '&amp; &lt;b&gt; **bold**'),
);
// Reddit sends floats (`1700000000.0`); out-of-range and non-finite times must be refused, not crash.
const createdUtc = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 4_102_444_800 }) },
  fc.double({ min: 0, max: 4_102_444_800, noNaN: true }),
  fc.double(),
  fc.constantFrom(-62_167_219_201, 1e20, Number.MAX_VALUE, -1),
);
const envelope = { platform: 'reddit' as const, matches: [], ingestMode: 'search' as const, fetchedAt: new Date().toISOString() };

const required = fc.record({
  id: mostly(fc.stringMatching(/^[a-z0-9]{1,8}$/)),
  name: mostly(fc.stringMatching(/^t[13]_[a-z0-9]{1,8}$/)),
  author: mostly(fc.oneof(fc.constant('[deleted]'), fc.string({ minLength: 1, maxLength: 30 }))),
  created_utc: mostly(createdUtc),
  subreddit: mostly(fc.string({ minLength: 1, maxLength: 30 })),
  permalink: mostly(fc.oneof(fc.constant('/r/saas/comments/abc/x/'), fc.string({ minLength: 1, maxLength: 40 }))),
});
const optional = fc.record(
  {
    title: mostly(text),
    selftext: mostly(text),
    body: mostly(text),
    url: mostly(fc.oneof(fc.webUrl(), text)),
    link_id: mostly(fc.string({ maxLength: 12 })),
    parent_id: mostly(fc.string({ maxLength: 12 })),
    link_title: mostly(text),
  },
  { requiredKeys: [] },
);
const thing = fc.record({
  kind: mostly(fc.constantFrom('t1', 't3', 't1', 't3', 'more')),
  data: mostly(fc.tuple(required, optional).map(([r, o]) => ({ ...r, ...o }))),
});

describe('Reddit listing child normalizer (fuzz)', () => {
  it('a t1/t3 child is refused by the schema, skipped as deleted, or becomes a valid raw post; never a crash', () => {
    let normalized = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 9, arbitrary: thing }, fc.anything()), (input) => {
        const parsed = redditThingSchema.safeParse(input);
        if (!parsed.success) return;
        const post = fromRedditThing(parsed.data);
        if (post === null) {
          expect(parsed.data.data.author).toBe('[deleted]');
          return;
        }
        normalized++;
        const check = rawPostSchema.safeParse({ ...post, ...envelope });
        expect(check.success, check.success ? '' : check.error.message).toBe(true);
      }),
      { numRuns: 10_000 },
    );
    // The generator must reach the normalizer, not only the schema's refusal.
    expect(normalized).toBeGreaterThan(500);
  });
});
