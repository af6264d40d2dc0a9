import fc from 'fast-check';
import type { QueryNode } from './ast.ts';

// fast-check generators shared by the property tests.

const vocabulary = [
  'crm',
  'hubspot',
  'sales',
  'navigator',
  'zoominfo',
  'é',
  'straße',
  'or',
  'and',
  'not',
  '42',
];
const word = fc.constantFrom(...vocabulary);
const scope = fc.constantFrom<'any' | 'title'>('any', 'title');

/** Random ASTs (not necessarily in parser-normal shape, e.g. and inside and). */
export const queryArb: fc.Arbitrary<QueryNode> = fc.letrec<{ node: QueryNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('term' as const), word, scope }),
    fc.record({
      kind: fc.constant('phrase' as const),
      words: fc.array(word, { minLength: 2, maxLength: 3 }),
      scope,
    }),
    fc.record({
      kind: fc.constant('prefix' as const),
      prefix: fc.constantFrom('cr', 'hub', 'sal', 'zoom', 'na'),
      scope,
    }),
    fc.oneof(
      fc.record({
        kind: fc.constant('filter' as const),
        field: fc.constant('site' as const),
        value: fc.constantFrom('r/sales', 'r/saas', 'example.com'),
      }),
      fc.record({
        kind: fc.constant('filter' as const),
        field: fc.constant('type' as const),
        value: fc.constantFrom('post', 'comment'),
      }),
      fc.record({
        kind: fc.constant('filter' as const),
        field: fc.constant('author' as const),
        value: fc.constantFrom('bob', 'alice'),
      }),
      fc.record({
        kind: fc.constant('filter' as const),
        field: fc.constant('lang' as const),
        value: fc.constantFrom('en', 'de'),
      }),
    ),
    fc.record({
      kind: fc.constant('and' as const),
      children: fc.array(tie('node'), { minLength: 2, maxLength: 3 }),
    }),
    fc.record({
      kind: fc.constant('or' as const),
      children: fc.array(tie('node'), { minLength: 2, maxLength: 3 }),
    }),
    fc.record({ kind: fc.constant('not' as const), child: tie('node') }),
  ),
})).node;
