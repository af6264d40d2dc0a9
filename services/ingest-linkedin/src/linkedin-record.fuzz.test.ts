import fc from 'fast-check';
import { rawPostSchema } from '@intent-radar/proto-schemas';
import { describe, expect, it } from 'vitest';
import { fromLinkedinRecord, linkedinRecordSchema } from './linkedin-record.ts';

// Almost always plausible, otherwise null or garbage: most records reach the mapper and the rest
// exercise the schema's refusal.
const mostly = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 30, arbitrary: good }, fc.constant(null), fc.anything({ maxDepth: 1 }));
const text = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constant('x'.repeat(310)),
  fc.constantFrom('', 'VP Sales at Acme', 'Head of RevOps at ', ' at ', 'https://www.linkedin.com/in/x?trk=abc', 'javascript:alert(1)'),
);
// Dates as Bright Data sends them, plus what Date.parse accepts at and past its range.
const date = fc.oneof(
  { weight: 4, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
  fc.constantFrom('2026-09-09T17:28:05.539Z', '+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z', '0000-01-01', 'Tue, 01 Jan 30000 00:00:00 GMT', 'yesterday'),
  text,
);
// A few fixed URLs instead of url: generating URLs dominated the run time.
const url = fc.constantFrom('https://www.linkedin.com/posts/acme_x-7503504518433878017', 'http://a.b/c', 'https://www.linkedin.com/in/jane?trk=public_post#x', 'HTTPS://X.Y');
const record = fc.record(
  {
    id: mostly(fc.oneof({ weight: 9, arbitrary: fc.stringMatching(/^\d{1,19}$/) }, fc.string({ maxLength: 210 }))),
    url: mostly(fc.oneof({ weight: 9, arbitrary: url }, text)),
    user_id: mostly(text),
    use_url: mostly(fc.oneof(url, text)),
    user_name: mostly(text),
    user_title: mostly(text),
    account_type: mostly(fc.constantFrom('Person', 'Organization', '')),
    headline: mostly(text),
    post_text: mostly(text),
    original_post_text: mostly(text),
    date_posted: mostly(date),
    timestamp: mostly(date),
    embedded_links: mostly(fc.array(fc.oneof(url, text, fc.integer()), { maxLength: 4 })),
    top_visible_comments: mostly(fc.array(fc.record({ comment: fc.oneof(text, fc.constant(null)) }), { maxLength: 12, size: 'small' })),
    hashtags: mostly(fc.anything({ maxDepth: 1 })),
  },
  { requiredKeys: ['id', 'url'] },
);
const envelope = { platform: 'linkedin' as const, matches: [], ingestMode: 'search' as const, fetchedAt: new Date().toISOString() };

describe('Bright Data LinkedIn record mapper (fuzz)', () => {
  it('a record is refused by the schema or becomes a valid raw post; never a crash', () => {
    let mapped = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 9, arbitrary: record }, fc.anything()), fc.integer({ min: 0, max: 4_102_444_800_000 }), (input, now) => {
        const parsed = linkedinRecordSchema.safeParse(input);
        if (!parsed.success) return;
        mapped++;
        const check = rawPostSchema.safeParse({ ...fromLinkedinRecord(parsed.data, now), ...envelope });
        expect(check.success, check.success ? '' : check.error.message).toBe(true);
      }),
      { numRuns: 10_000 },
    );
    // The generator must reach the mapper, not only the schema's refusal.
    expect(mapped).toBeGreaterThan(2_000);
  }, 20_000);
});
