import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QueryCompileError } from '../errors.ts';
import { buildMatcher } from '../matcher.ts';
import { parseQuery } from '../parse.ts';
import { queryArb } from '../query.arbitrary.ts';
import { toAlgoliaParams } from './algolia.ts';
import { toBrightDataKeywords } from './brightdata.ts';
import { relaxFor } from './relax.ts';
import { toRedditSearch } from './reddit.ts';
import { toXQuery } from './x.ts';

const q = parseQuery;

describe('toRedditSearch', () => {
  it.each([
    ['"sales navigator" (crm OR hubspot)', '"sales navigator" AND (crm OR hubspot)', true],
    ['apollo -spam site:r/sales', 'apollo AND NOT spam AND subreddit:sales', true],
    [
      'title:zoominfo author:u/bob site:example.com',
      'title:zoominfo AND author:bob AND site:example.com',
      true,
    ],
    ['automat* crm', 'crm', false],
    ['crm type:comment lang:en', 'crm', false],
    ['crm -automat*', 'crm', false],
    ['crm OR automat*', '', false],
    ['-crm', '', false],
    ['"or" OR and', '"or" OR "and"', true],
  ])('%s -> %s', (query, native, exact) => {
    expect(toRedditSearch(q(query))).toEqual({ native, exact });
  });
});

describe('toXQuery', () => {
  it.each([
    ['"sales navigator" (crm OR hubspot) -spam', {}, '"sales navigator" (crm OR hubspot) -spam', true],
    ['crm type:comment author:@bob', {}, 'crm is:reply from:bob', true],
    ['crm type:post', { lang: 'en', excludeRetweets: true }, 'crm -is:reply lang:en -is:retweet', true],
    ['crm lang:de', { lang: 'en' }, 'crm lang:de', true],
    ['title:apollo site:r/sales', {}, 'apollo', false],
    ['apollo automat*', {}, 'apollo', false],
    ['apollo site:example.com lang:pt-br', {}, 'apollo url:example.com lang:pt', false],
    ['-crm', { excludeRetweets: true }, '', false],
  ] as const)('%s %j -> %s', (query, options, native, exact) => {
    expect(toXQuery(q(query), options)).toEqual({ native, exact });
  });

  it('widens a long query to fit maxLength: exclusions first, then the longest required part', () => {
    const r = toXQuery(q('crm "a very long phrase about sales engagement" -spam -hiring'), { maxLength: 30 });
    expect(r).toEqual({ native: 'crm', exact: false });
    expect(toXQuery(q('crm hubspot -spam'), { maxLength: 11 })).toEqual({
      native: 'crm hubspot',
      exact: false,
    });
  });

  it('throws a typed error when even the widest form does not fit', () => {
    const long = Array.from({ length: 60 }, (_, i) => `brand${i}`).join(' OR ');
    expect(() => toXQuery(q(long))).toThrow(QueryCompileError);
  });
});

describe('toAlgoliaParams', () => {
  it.each([
    ['crm "sales navigator"', { query: 'crm "sales navigator"', tags: '' }, true],
    ['crm type:post author:pg', { query: 'crm', tags: 'story,author_pg' }, true],
    ['crm type:comment -spam', { query: 'crm', tags: 'comment' }, false],
    ['crm OR hubspot', { query: '', tags: '' }, false],
    ['automat* site:r/sales', { query: '', tags: '' }, false],
  ])('%s', (query, native, exact) => {
    expect(toAlgoliaParams(q(query))).toEqual({ native, exact });
  });
});

describe('toBrightDataKeywords', () => {
  it.each([
    ['crm', ['crm'], true],
    ['crm OR "sales navigator"', ['crm', 'sales navigator'], true],
    ['crm "sales navigator" -spam', ['sales navigator'], false],
    ['(apollo OR zoominfo) alternative', ['alternative'], false],
    ['automat* OR crm', [], false],
    ['-crm', [], false],
  ])('%s -> %j', (query, native, exact) => {
    expect(toBrightDataKeywords(q(query))).toEqual({ native, exact });
  });
});

describe('relaxFor', () => {
  it('never narrows: every post the query matches, the relaxed query matches too', () => {
    const post = fc.record({
      title: fc.constantFrom('crm', 'sales navigator', ''),
      content: fc.constantFrom('hubspot crm', 'zoominfo straße', 'navigator 42', 'é sales', ''),
      site: fc.constantFrom('r/sales', 'example.com'),
      kind: fc.constantFrom<'post' | 'comment'>('post', 'comment'),
    });
    fc.assert(
      fc.property(queryArb, fc.array(post, { maxLength: 5 }), fc.boolean(), (ast, posts, dropText) => {
        // drop either every text leaf or every filter: the widest and the most structural cases
        const { relaxed } = relaxFor(ast, (leaf) =>
          (leaf.kind === 'filter') === dropText ? { node: leaf, exact: true } : null,
        );
        if (relaxed === true) return;
        const original = buildMatcher([{ id: 'o', query: ast }]);
        for (const p of posts) {
          if (original.match(p).length === 0) continue;
          expect(relaxed).not.toBe(false);
          if (typeof relaxed === 'boolean') continue;
          expect(buildMatcher([{ id: 'r', query: relaxed }]).match(p)).toHaveLength(1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
