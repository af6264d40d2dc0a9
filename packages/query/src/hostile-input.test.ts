import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryLimits } from './ast.ts';
import { QueryLimitError, QuerySyntaxError } from './errors.ts';
import { buildMatcher } from './matcher.ts';
import { parseQuery } from './parse.ts';

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('hostile queries', () => {
  it('rejects 10k-deep nesting with a typed limit error, not a stack overflow', () => {
    for (const q of [
      '('.repeat(10_000) + 'a' + ')'.repeat(10_000),
      '-'.repeat(3000) + 'a',
      'NOT '.repeat(1000) + 'a',
    ]) {
      const e = errorOf(() => parseQuery(q.slice(0, 4000)));
      expect(e).toBeInstanceOf(QueryLimitError);
      expect((e as QueryLimitError).code).toBe('QUERY_LIMIT');
    }
    expect((errorOf(() => parseQuery('('.repeat(40) + 'a' + ')'.repeat(40))) as QueryLimitError).limit).toBe(
      'depth',
    );
  });

  it('rejects 10k-term queries by length and 300-term queries by term count', () => {
    const tenK = Array.from({ length: 10_000 }, (_, i) => `t${i}`).join(' OR ');
    expect((errorOf(() => parseQuery(tenK)) as QueryLimitError).limit).toBe('length');
    const many = Array.from({ length: 300 }, (_, i) => `t${i}`).join(' ');
    expect((errorOf(() => parseQuery(many)) as QueryLimitError).limit).toBe('terms');
    expect(() =>
      parseQuery(Array.from({ length: queryLimits.maxTerms }, (_, i) => `t${i}`).join(' ')),
    ).not.toThrow();
  });

  it('rejects pathological wildcards and unbalanced quotes with a position', () => {
    for (const q of [
      '*',
      '**',
      '*a',
      'a**',
      '*a*',
      'a*b*c',
      'a*',
      '"unbalanced',
      'a "b c',
      '"',
      '""',
      '" "',
    ]) {
      const e = errorOf(() => parseQuery(q));
      expect(e, q).toBeInstanceOf(QuerySyntaxError);
      expect((e as QuerySyntaxError).position).toBeGreaterThanOrEqual(0);
    }
  });

  it('treats control characters as separators', () => {
    expect(parseQuery('crm\u0000hubspot\u001b[31m')).toEqual(parseQuery('crm hubspot [31m'));
  });

  it('never throws anything but a typed query error on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (q) => {
        const e = errorOf(() => parseQuery(q));
        if (e !== undefined) expect(e instanceof QuerySyntaxError || e instanceof QueryLimitError).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('hostile posts', () => {
  it('matches a 5 MB post with pathological content in bounded time and capped spans', () => {
    const m = buildMatcher([
      { id: 'w', query: 'aa*' },
      { id: 'p', query: '"a a a a"' },
      { id: 'n', query: '-zz' },
    ]);
    const content = 'a '.repeat(2_500_000) + 'aaaa\u0000\u202e😀'.repeat(1000);
    const started = performance.now();
    const result = m.match({ title: 'A'.repeat(10_000), content });
    const elapsed = performance.now() - started;
    expect(result.map((r) => r.monitorId).sort()).toEqual(['n', 'p', 'w']);
    for (const r of result) expect(r.spans.length).toBeLessThanOrEqual(16);
    // linear scan: generous bound, a hang would take far longer
    expect(elapsed).toBeLessThan(10_000);
  });
});
