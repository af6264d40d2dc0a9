import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../http/problem.ts';
import { validatedQueryKey } from './monitors.ts';

// The route schema lets any 1-5000 char string through; this is the second step, where a query
// that does not parse must become a 422 naming the position, never a 500.
const token = fc.oneof(
  fc.constantFrom(
    'AND',
    'OR',
    'NOT',
    'and',
    '-',
    '(',
    ')',
    '"',
    ':',
    '*',
    ' ',
    '\t',
    'site:',
    'type:',
    'lang:',
    'author:',
    'title:(',
    'type:x',
    'lang:zz-!!',
  ),
  fc.constantFrom(
    'crm',
    'hubspot',
    'a*',
    'Straße',
    'İstanbul',
    '日本語',
    '🙂',
    'e\u0301',
    '\u0000',
    '\u200b',
    '\u202e',
    '\ud800',
  ),
  fc.string({ maxLength: 6 }),
);
const query = fc.oneof(
  { weight: 8, arbitrary: fc.array(token, { minLength: 1, maxLength: 24 }).map((t) => t.join('')) },
  fc.array(token, { minLength: 1, maxLength: 8 }).map((t) => t.join(' ')),
  fc
    .tuple(fc.array(token, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 400 }))
    .map(([t, n]) => t.join(' ').repeat(n).slice(0, 5000)),
);

describe('validatedQueryKey (fuzz)', () => {
  it('gives a stable key or a 422 problem with a position, never another error', () => {
    let keys = 0;
    fc.assert(
      fc.property(query, (q) => {
        try {
          const key = validatedQueryKey(q);
          keys++;
          return key.length > 0 && validatedQueryKey(q) === key;
        } catch (err) {
          if (!(err instanceof ProblemError)) throw err;
          return (
            err.status === 422 && (err.code === 'query_limit' || typeof err.extensions.position === 'number')
          );
        }
      }),
      { numRuns: 10_000 },
    );
    expect(keys).toBeGreaterThan(1_000);
  });
});
