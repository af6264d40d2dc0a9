import fc from 'fast-check';
import { intentAnalysisSchema } from '@intent-radar/proto-schemas';
import { describe, expect, it } from 'vitest';
import { scorePost } from './score.ts';

// Post text as scraped: buying phrases, HTML, entities, broken UTF-16, controls and noise.
const piece = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom('looking for a CRM', 'alternatives to HubSpot?', 'budget $500/mo', 'we are hiring', 'ZoomInfo', 'asap', 'recommend', '?', '!', '\n\n'),
  fc.constantFrom('<p>', '</p>', '<script>alert(1)</script>', '<a href="https://x.test">x</a>', '&amp;', '&#x1F600;', '&#0;', '&lt;', '<br/>', '<!-- c -->'),
  fc.constantFrom('\ud800', '\udfff', '\udc00\ud800', '\u0000', '\u202e', '\ufeff', '\u200b', 'e\u0301', '🙂', 'Straße', '日本語で探しています', 'مرحبا'),
);
const text = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''));
// Huge repeats: past the scored-character cap, and one word repeated without spaces.
const huge = fc.tuple(fc.constantFrom('looking for a CRM ', 'a', '<b>', '\ud800', 'buy '), fc.integer({ min: 600, max: 2_000 })).map(([s, n]) => s.repeat(n));
const content = fc.oneof({ weight: 60, arbitrary: text }, huge, fc.constant(''));

describe('scorePost (fuzz)', () => {
  it('any text yields a schema-valid analysis with a score of 1-10', () => {
    fc.assert(
      fc.property(
        fc.option(text, { nil: undefined }),
        content,
        fc.option(fc.constantFrom('reddit', 'hackernews', 'twitter', 'linkedin', ''), { nil: undefined }),
        fc.option(fc.constantFrom('post' as const, 'comment' as const), { nil: undefined }),
        fc.option(text, { nil: undefined }),
        fc.option(text, { nil: undefined }),
        (title, body, platform, kind, keyword, monitorContext) => {
          const analysis = scorePost({ title, content: body, platform, kind, keyword, monitorContext });
          const check = intentAnalysisSchema.safeParse(analysis);
          expect(check.success, check.success ? '' : check.error.message).toBe(true);
          expect(analysis.intent_score).toBeGreaterThanOrEqual(1);
          expect(analysis.intent_score).toBeLessThanOrEqual(10);
        },
      ),
      { numRuns: 10_000 },
    );
  }, 20_000);
});
