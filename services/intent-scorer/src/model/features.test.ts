import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASK_CUES, MODIFIER_CUES, NEGATIVE_CUES } from './cues.ts';
import { firstMatches } from './features.ts';

/** What firstMatches replaced: the generator over text.matchAll(pattern), cut at 12. */
function viaMatchAll(text: string, pattern: RegExp): { index: number; groups: string[] }[] {
  return [...text.matchAll(pattern)].slice(0, 12).map((m) => ({ index: m.index, groups: [...m] }));
}
const plain = (ms: RegExpExecArray[]) => ms.map((m) => ({ index: m.index, groups: [...m] }));

const words = fc.constantFrom('we ', 'need ', 'a CRM', ' or ', 'HubSpot', '?', '. ', '\n', 'hiring', '$500/mo', 'asap', 'looking for ', 'alternative to ', '🙂', '\ud83d', 'é', '');
const text = fc.array(fc.oneof(words, fc.string({ maxLength: 6 })), { maxLength: 40 }).map((p) => p.join(''));
// Every cue of the model, and patterns that match the empty string (with and without /u).
const patterns = [...NEGATIVE_CUES, ...ASK_CUES, ...MODIFIER_CUES].map((c) => c.pattern).concat([/x*/g, /(?:)/gu, /\b/g, /a|/giu, /\p{L}*/gu]);

describe('firstMatches', () => {
  it('yields what text.matchAll yields (first 12), and leaves the pattern as it found it', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...patterns), fc.constantFrom(0, 0, 0, 3), (t, pattern, lastIndex) => {
        pattern.lastIndex = lastIndex;
        const expected = viaMatchAll(t, pattern);
        expect(plain(firstMatches(t, pattern))).toEqual(expected);
        expect(pattern.lastIndex).toBe(lastIndex);
        pattern.lastIndex = 0;
      }),
      { numRuns: 5_000 },
    );
  }, 30_000);

  it('refuses a pattern without the g flag, as matchAll does', () => {
    expect(() => firstMatches('a', /a/)).toThrow(TypeError);
  });
});
