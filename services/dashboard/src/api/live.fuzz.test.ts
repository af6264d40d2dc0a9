import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signalFromEvent } from './live.ts';

// signal.created payloads as the stream might carry them: the right fields with wrong types,
// missing ones, unicode, NUL, huge strings, or not an object at all.
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', '\u0000', '\ud800', '\u202e', 'x'.repeat(50_000)),
);
const junk = fc.constantFrom(null, 0, true, [], {}, 'NaN', -1);
const maybe = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: good }, junk);
const payload = fc.record(
  {
    signalId: maybe(fc.uuid()),
    monitorId: maybe(fc.uuid()),
    monitorName: maybe(text),
    postId: maybe(text),
    intentScore: maybe(fc.integer({ min: 1, max: 10 })),
    platform: maybe(fc.constantFrom('reddit', 'hackernews', 'twitter', 'linkedin')),
    url: maybe(fc.webUrl()),
    title: maybe(text),
    excerpt: maybe(text),
    author: maybe(
      fc.record(
        { handle: maybe(text), displayName: maybe(text), profileUrl: maybe(text) },
        { requiredKeys: [] },
      ),
    ),
    summary: maybe(text),
    decisionStage: maybe(text),
    postedAt: maybe(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
    painPoints: maybe(fc.array(maybe(text), { maxLength: 4 })),
    competitors: maybe(fc.array(maybe(text), { maxLength: 4 })),
  },
  { requiredKeys: ['signalId', 'intentScore'] },
);
const nullableString = (v: unknown) => v === null || typeof v === 'string';

describe('signalFromEvent (fuzz)', () => {
  it('gives null or a signal whose every field has its type, never throws', () => {
    let signals = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 9, arbitrary: payload }, fc.anything()), (raw) => {
        const s = signalFromEvent(raw);
        if (s === null) return true;
        signals++;
        return (
          [
            s.id,
            s.monitorId,
            s.monitorName,
            s.postId,
            s.platform,
            s.url,
            s.excerpt,
            s.postedAt,
            s.author.handle,
          ].every((v) => typeof v === 'string') &&
          [s.title, s.summary, s.decisionStage, s.author.displayName, s.author.profileUrl].every(
            nullableString,
          ) &&
          typeof s.intentScore === 'number' &&
          s.painPoints.every((p) => typeof p === 'string') &&
          s.competitors.every((c) => typeof c === 'string')
        );
      }),
      { numRuns: 10_000 },
    );
    expect(signals).toBeGreaterThan(1_000);
  });
});
