import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASK_CUES, MODIFIER_CUES, NEGATIVE_CUES } from './cues.ts';
import { cueKeys, mayMatch, wordStarts } from './cue-prefilter.ts';

const CUES = [...NEGATIVE_CUES, ...ASK_CUES, ...MODIFIER_CUES];
// One buffer for the whole file, as features.ts keeps one (the bitset is 88 kB).
const buffer = wordStarts('');
const may = (pattern: RegExp, text: string) => mayMatch(wordStarts(text, buffer), cueKeys(pattern));

describe('cueKeys', () => {
  it('rules out texts in which no word starts as a match must', () => {
    const cue = /\b(?:looking for|need) (?:a|an) (?:crm|tool)\b/gi;
    expect(cueKeys(cue)).toBeDefined();
    expect(may(cue, 'We NEED a crm')).toBe(true);
    expect(may(cue, 'Looking for one')).toBe(true); // a false positive: the exec decides
    expect(may(cue, 'we want a crm')).toBe(false);
    expect(may(cue, 'unneeded, xlooking for')).toBe(false); // "nee" and "loo" not at a word start
  });

  it('folds case only as far as a non-unicode regex does', () => {
    const cue = /\bkelvin\b/gi;
    expect(may(cue, 'KELVIN')).toBe(true);
    expect(may(cue, '\u212aelvin')).toBe(false); // Kelvin sign: /i without u does not fold it to k
    expect(cue.test('\u212aelvin')).toBe(false);
    expect(may(/\bstra\w*/gi, 'ſtrasse')).toBe(false); // long s, likewise
  });

  it('treats a non-ASCII letter as a non-word character, as \\b does without u', () => {
    expect(may(/\bber\b/g, 'über')).toBe(true);
    expect(/\bber\b/g.test('über')).toBe(true);
  });

  it('pads a match shorter than a key with any character', () => {
    const cue = /\b(?:sdk|crm)\b/gi;
    expect(cueKeys(cue)?.length).toBe(2 * 29);
    expect(may(cue, 'an SDK.')).toBe(true);
    expect(may(cue, 'crm')).toBe(true);
    expect(may(cue, 'sd card')).toBe(false);
    expect(cueKeys(/\b(?:jk|crm)\b/gi)).toBeUndefined(); // 29 * 29 keys for "jk": too many to be worth it
  });

  it('gives up when a match may start elsewhere than at a word start, or on what it does not parse', () => {
    for (const p of [/(a)\1/g, /\u0061bc/g, /\babc/gu, /(?<name>abc)/g, /\babc|d/g, /\b(?:abc)?d/g, /x{2/g, new RegExp('\\b[[a]]', 'gv'), /\babc/gs, /a]b/g, /\bx/gy, /\s\bword/g, /^word/gm, /\b(?:abc|)/g, /\b.bc/g, /\b's plan/g, /\b\d{1,6}\w*/g]) {
      expect(cueKeys(p), String(p)).toBeUndefined();
    }
  });

  it('prefilters most cues of the model', () => {
    // A cue the analysis cannot read still runs on every text; this guards the speed-up only.
    expect(CUES.filter((c) => cueKeys(c.pattern) !== undefined).length).toBeGreaterThanOrEqual(55);
  });
});

// Random regexes over a small alphabet, and random texts over the same alphabet with case and
// Unicode look-alikes: whenever the regex matches a text, mayMatch must say that it may.
const letter = fc.constantFrom('a', 'b', 'c', 'A', '1', '_', ' ', '-', "'", 'é');
const regex: fc.Arbitrary<string> = fc.letrec<{ re: string; seq: string; atom: string }>((tie) => ({
  re: fc.array(tie('seq'), { minLength: 1, maxLength: 3 }).map((bs) => bs.join('|')),
  seq: fc.array(tie('atom'), { minLength: 0, maxLength: 5 }).map((as) => as.join('')),
  atom: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    letter,
    letter,
    fc.constantFrom('\\b', '\\b', '\\B', '^', '$', '\\s', '\\w', '\\W', '\\d', '.', '\\.', '[ab]', '[^a]', '[- ]', '[a-c1]', '[\\w-]', '\\-', "\\'"),
    fc.tuple(fc.constantFrom('(?:', '(?:', '(?=', '(?!', '(?<=', '(?<!'), tie('re')).map(([o, r]) => `${o}${r})`),
    fc.tuple(letter, fc.constantFrom('?', '*', '+', '{2}', '{0,2}', '{1,}', '??', '+?', '{3,5}')).map(([c, q]) => c + q),
    fc.tuple(tie('re'), fc.constantFrom('?', '*', '+', '{2}', '{0,1}', '{1,3}?', '{4}')).map(([r, q]) => `(?:${r})${q}`),
  ),
})).re;
const textOf = fc
  .array(fc.constantFrom('a', 'b', 'c', 'A', 'B', 'C', '1', '9', '_', ' ', '-', "'", '.', '\n', 'é', 'İ', '\u212a', 'ſ', '\ud83d'), { maxLength: 20 })
  .map((cs) => cs.join(''));

describe('mayMatch', () => {
  it('never rules out a text the regex matches (generated regexes)', () => {
    let keyed = 0;
    fc.assert(
      fc.property(fc.constantFrom('\\b', '\\b(?:', ''), fc.constantFrom('a', 'b', 'A', '1', '_', ''), regex, fc.constantFrom('g', 'gi', 'gim'), fc.array(textOf, { minLength: 1, maxLength: 8 }), (head, first, body, flags, texts) => {
        const source = head === '\\b(?:' ? `${head}${first}${body})` : head + first + body;
        const pattern = new RegExp(source, flags);
        const keys = cueKeys(pattern);
        if (keys) keyed++;
        for (const t of texts) {
          pattern.lastIndex = 0;
          if (pattern.test(t)) expect(mayMatch(wordStarts(t, buffer), keys), `${String(pattern)} on ${JSON.stringify(t)}`).toBe(true);
        }
      }),
      { numRuns: 12_000 },
    );
    // The property is only worth something if many generated regexes get a prefilter.
    expect(keyed).toBeGreaterThan(1_000);
  }, 60_000);

  it('reuses the buffer it is given, cleared', () => {
    const own = wordStarts('hiring now');
    const again = wordStarts('we need a crm', own);
    expect(again).toBe(own);
    expect(mayMatch(again, cueKeys(/\bhiring\b/gi))).toBe(false);
    expect(mayMatch(again, cueKeys(/\bneed\b/gi))).toBe(true);
  });
});
