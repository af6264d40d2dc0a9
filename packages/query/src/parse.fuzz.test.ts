import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QueryNode } from './ast.ts';
import { QueryLimitError, QuerySyntaxError } from './errors.ts';
import { parseQuery } from './parse.ts';

// Query-ish tokens: operators in both cases, quotes, parens, fields, wildcards, unicode, controls, lone surrogates.
const token = fc.oneof(
  fc.constantFrom('AND', 'OR', 'NOT', 'and', 'or', 'not', '-', '--', '(', ')', '((', '))', '"', '""', ':', '*', '**', ' ', '  ', '\t', '\n'),
  fc.constantFrom('site:', 'type:', 'author:', 'title:', 'lang:', 'SITE:', 'title:(', 'lang:en', 'lang:zz-!!', 'type:post', 'type:x', 'site:r/sales', 'author:@a'),
  fc.constantFrom('crm', 'hubspot', 'a*', 'ab*', 'zoominfo', 'Straße', 'İstanbul', 'ﬁ', '日本語', '🙂', 'e\u0301', '\u0000', '\u001b', '\u200b', '\u202e', '\ufeff', '\ud800', '\udc00'),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);
const query = fc.oneof(
  { weight: 8, arbitrary: fc.array(token, { maxLength: 24 }).map((t) => t.join('')) },
  fc.array(token, { maxLength: 8 }).map((t) => t.join(' ')),
  // Long and deep inputs near and past the limits.
  fc.tuple(fc.array(token, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 1_200 })).map(([t, n]) => t.join(' ').repeat(n)),
);

/** Checks the tree's shape: known kinds, non-empty children, words present. */
function wellFormed(n: QueryNode): boolean {
  switch (n.kind) {
    case 'term':
      return n.word.length > 0;
    case 'prefix':
      return n.prefix.length > 0;
    case 'phrase':
      return n.words.length > 0;
    case 'filter':
      return typeof n.value === 'string';
    case 'and':
    case 'or':
      return n.children.length > 0 && n.children.every(wellFormed);
    case 'not':
      return wellFormed(n.child);
  }
}

describe('parseQuery (fuzz)', () => {
  it('any query-ish string parses to a well-formed tree or a typed query error, in bounded time', () => {
    let parsed = 0;
    let slowest = 0;
    fc.assert(
      fc.property(query, (text) => {
        const started = performance.now();
        try {
          expect(wellFormed(parseQuery(text))).toBe(true);
          parsed++;
        } catch (err) {
          if (!(err instanceof QuerySyntaxError || err instanceof QueryLimitError)) throw err;
          if (err instanceof QuerySyntaxError) expect(err.position).toBeGreaterThanOrEqual(0);
        }
        slowest = Math.max(slowest, performance.now() - started);
      }),
      { numRuns: 10_000 },
    );
    // Both outcomes are exercised, and no input takes long (inputs are at most ~4k characters past the limit).
    expect(parsed).toBeGreaterThan(1_000);
    expect(slowest).toBeLessThan(250);
  }, 20_000);
});
