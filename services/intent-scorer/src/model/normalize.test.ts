import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanPart, normalizeInput, repairPart } from './normalize.ts';

// Mostly clean ASCII prose, with every character class a repair acts on mixed in now and then.
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('looking for a CRM', 'Any alternatives to HubSpot?', 'budget $500/mo.', 'a', 'b c', ' ', '\n', '\n\n', '(x)', '"q"', "it's") },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(' ', '\n', '\t', '\r', 'x', '.', '&', '<', '>', ';', '#', '\u00a0', '\u007f', '\u0000') }) },
  { weight: 1, arbitrary: fc.constantFrom('&amp;', '&#x41;', '<p>', '<br/>', 'e\u0301', '\ufb01', '\u200b', '\ud800', '\udc00', '🙂', '’', 'Ｆｕｌｌ') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));

describe('cleanPart', () => {
  it('gives what the full repair gives, text and notes, for any text (its shortcut skips only no-op passes)', () => {
    fc.assert(
      fc.property(text, (s) => {
        const fastNotes: string[] = [];
        const fullNotes: string[] = [];
        expect(cleanPart(s, fastNotes, 'content')).toBe(repairPart(s, fullNotes, 'content'));
        expect(fastNotes).toEqual(fullNotes);
      }),
      { numRuns: 20_000 },
    );
  });

  it('still repairs what the shortcut must not skip', () => {
    expect(normalizeInput('Hi  there', 'a \n\n\n b\tc &amp; <b>d</b>\r\n')).toEqual({
      text: 'Hi there\n\na\n\nb c & d',
      notes: ['content: HTML markup stripped'],
    });
    expect(normalizeInput(undefined, '  plain ascii, nothing to repair.\n').text).toBe('plain ascii, nothing to repair.');
  });
});
