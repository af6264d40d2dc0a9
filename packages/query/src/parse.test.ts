import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QueryNode } from './ast.ts';
import { queryArb } from './query.arbitrary.ts';
import { QueryLimitError, QuerySyntaxError } from './errors.ts';
import { parseQuery } from './parse.ts';
import { printQuery, queryKey } from './print.ts';

describe('parseQuery', () => {
  it('parses the operators of the issue', () => {
    expect(parseQuery('"exact phrase" crm OR hubspot')).toEqual({
      kind: 'or',
      children: [
        {
          kind: 'and',
          children: [
            { kind: 'phrase', words: ['exact', 'phrase'], scope: 'any' },
            { kind: 'term', word: 'crm', scope: 'any' },
          ],
        },
        { kind: 'term', word: 'hubspot', scope: 'any' },
      ],
    });
    expect(parseQuery('-spam NOT free')).toEqual({
      kind: 'and',
      children: [
        { kind: 'not', child: { kind: 'term', word: 'spam', scope: 'any' } },
        { kind: 'not', child: { kind: 'term', word: 'free', scope: 'any' } },
      ],
    });
    expect(parseQuery('site:r/Sales type:comment author:u/Bob lang:EN title:ZoomInfo automat*')).toEqual({
      kind: 'and',
      children: [
        { kind: 'filter', field: 'site', value: 'r/sales' },
        { kind: 'filter', field: 'type', value: 'comment' },
        { kind: 'filter', field: 'author', value: 'bob' },
        { kind: 'filter', field: 'lang', value: 'en' },
        { kind: 'term', word: 'zoominfo', scope: 'title' },
        { kind: 'prefix', prefix: 'automat', scope: 'any' },
      ],
    });
  });

  it('treats lower-case or/and/not as words and AND as implicit AND', () => {
    expect(printQuery(parseQuery('crm or hubspot'))).toBe('crm or hubspot');
    expect(parseQuery('a AND b')).toEqual(parseQuery('a b'));
  });

  it('normalizes site values for subreddits and domains', () => {
    expect(printQuery(parseQuery('site:https://www.reddit.com/r/SaaS/'))).toBe('site:r/saas');
    expect(printQuery(parseQuery('site:WWW.Example.com'))).toBe('site:example.com');
  });

  it('scopes a parenthesized group under title:', () => {
    expect(printQuery(parseQuery('title:(apollo OR "zoom info") pricing'))).toBe(
      '(title:apollo OR title:"zoom info") pricing',
    );
  });

  it('splits words at punctuation, so salesforce\'s is a phrase and node.js is "node js"', () => {
    expect(printQuery(parseQuery('node.js'))).toBe('"node js"');
    expect(parseQuery('"CRM"')).toEqual({ kind: 'term', word: 'crm', scope: 'any' });
  });

  it.each([
    ['"sales navigator" (crm OR hubspot))', 34, "unexpected ')' at 34"],
    ['crm OR', 6, 'unexpected end of query at 6'],
    ['(crm', 4, "expected ')'"],
    ['"open quote', 11, "expected closing '\"'"],
    ['a*b', 1, 'wildcard only at the end'],
    ['a*', 0, "before '*'"],
    ['type:thread', 5, "'post' or 'comment'"],
    ['lang:english!', 5, 'language code'],
    ['()', 1, "unexpected ')' at 1"],
    ['site:', 5, "a value after 'site:'"],
    ['OR crm', 0, "unexpected 'OR' at 0"],
  ])('rejects %j at %i', (q, position, message) => {
    let error: unknown;
    try {
      parseQuery(q);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QuerySyntaxError);
    const e = error as QuerySyntaxError;
    expect(e.code).toBe('QUERY_SYNTAX');
    expect(e.position).toBe(position);
    expect(e.message).toContain(message);
    expect(e.expected.length).toBeGreaterThan(0);
  });
});

describe('printQuery', () => {
  it('printing a parsed query and parsing it again gives the same tree', () => {
    fc.assert(
      fc.property(queryArb, (ast) => {
        let parsed: QueryNode;
        try {
          parsed = parseQuery(printQuery(ast));
        } catch (e) {
          if (e instanceof QueryLimitError) return;
          throw e;
        }
        expect(parseQuery(printQuery(parsed))).toEqual(parsed);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips arbitrary token soup that parses', () => {
    const token = fc.constantFrom(
      'crm',
      'Hub-Spot',
      '"a b"',
      '"x"',
      '(',
      ')',
      'OR',
      'AND',
      'NOT',
      '-',
      '-x',
      'auto*',
      'site:r/sales',
      'title:',
      'title:foo',
      'type:post',
      'lang:en',
      "o'neil",
      'É',
      '"',
      '*',
      'or',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), fc.constantFrom(' ', '', '  '), (tokens, sep) => {
        let parsed: QueryNode;
        try {
          parsed = parseQuery(tokens.join(sep));
        } catch (e) {
          expect(e).toBeInstanceOf(QuerySyntaxError);
          return;
        }
        expect(parseQuery(printQuery(parsed))).toEqual(parsed);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('queryKey', () => {
  it('is stable across whitespace, case and operand order', () => {
    expect(queryKey('  CRM   OR hubspot ')).toBe(queryKey('hubspot OR crm'));
    expect(queryKey('site:r/sales (b OR a) -x')).toBe(queryKey('-x (a OR b) site:r/Sales'));
    expect(queryKey('--crm')).toBe('crm');
    expect(queryKey('a a (a OR a)')).toBe('a');
    expect(queryKey('crm hubspot')).not.toBe(queryKey('crm OR hubspot'));
    expect(queryKey('title:crm')).not.toBe(queryKey('crm'));
  });

  it('is a fixed point and depends only on the tree', () => {
    fc.assert(
      fc.property(queryArb, (ast) => {
        let key: string;
        try {
          key = queryKey(ast);
        } catch (e) {
          if (e instanceof QueryLimitError) return;
          throw e;
        }
        expect(queryKey(key)).toBe(key);
      }),
      { numRuns: 300 },
    );
  });
});
