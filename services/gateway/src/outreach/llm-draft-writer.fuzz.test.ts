import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draftOutputSchema } from './draft-prompt.ts';
import { parseDraftOutput } from './llm-draft-writer.ts';

// Message contents an LLM might return: the right fields with odd values, wrong types, extra
// keys, not JSON at all, fenced JSON, NUL, unicode, lengths around the limits.
const text = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '',
    ' ',
    '\n\t ',
    '\u0000',
    '\ud800',
    '\u202e',
    's'.repeat(200),
    's'.repeat(201),
    ` ${'s'.repeat(200)} `,
    'b'.repeat(4_000),
    'b'.repeat(4_001),
    '🙂'.repeat(1_500),
  ),
);
const value = fc.oneof({ weight: 6, arbitrary: text }, fc.constantFrom(null, 0, true, [], {}), fc.integer());
// Mostly the two fields; sometimes one missing or an extra key (the schema is strict).
const draft = fc.oneof(
  { weight: 4, arbitrary: fc.record({ subject: value, body: value }) },
  fc.record({ subject: value, body: value, extra: value }, { requiredKeys: ['extra'] }),
);
const content = fc.oneof(
  { weight: 6, arbitrary: draft.map((d) => JSON.stringify(d)) },
  draft.map((d) => `\`\`\`json\n${JSON.stringify(d)}\n\`\`\``),
  fc.json(),
  fc.constantFrom(null, undefined, '', 'null', '{', 'Sure! Here is a draft:'),
  fc.string({ unit: 'binary', maxLength: 100 }),
);

describe('parseDraftOutput (fuzz)', () => {
  it('returns a draft within the limits or a reason, never throws', () => {
    let drafts = 0;
    fc.assert(
      fc.property(content, (c) => {
        const r = parseDraftOutput(c);
        if (!r.ok) return r.detail.length > 0 && r.detail.length < 300;
        drafts++;
        // A used draft is trimmed, non-empty, within the limits and parses again to itself.
        const again = draftOutputSchema.safeParse(r.draft);
        return (
          again.success &&
          again.data.subject === r.draft.subject &&
          again.data.body === r.draft.body &&
          r.draft.subject.length <= 200 &&
          r.draft.body.length <= 4_000
        );
      }),
      { numRuns: 10_000 },
    );
    expect(drafts).toBeGreaterThan(500);
  });
});
