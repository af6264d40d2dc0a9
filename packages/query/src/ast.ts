/**
 * The query AST. Text leaves hold case-folded words (see text-fold.ts), so two queries that differ
 * only in case parse to the same tree.
 */

/** Where a text leaf must match: anywhere in title+body, or in the title only (`title:`). */
export type TextScope = 'any' | 'title';

/** Post attributes a query can filter on. `title:` is a text scope, not a filter. */
export type FilterField = 'site' | 'type' | 'author' | 'lang';

export type TermNode = { kind: 'term'; word: string; scope: TextScope };
/** `automat*`: a word starting with `prefix`. */
export type PrefixNode = { kind: 'prefix'; prefix: string; scope: TextScope };
/** Consecutive words, separated by any non-word characters in the text. Always 2+ words. */
export type PhraseNode = { kind: 'phrase'; words: string[]; scope: TextScope };
export type FilterNode = { kind: 'filter'; field: FilterField; value: string };
/** 2+ children; never directly contains another `and`. */
export type AndNode = { kind: 'and'; children: QueryNode[] };
/** 2+ children; never directly contains another `or`. */
export type OrNode = { kind: 'or'; children: QueryNode[] };
export type NotNode = { kind: 'not'; child: QueryNode };

export type TextNode = TermNode | PrefixNode | PhraseNode;
export type QueryNode = TextNode | FilterNode | AndNode | OrNode | NotNode;

/** Hard limits: inputs beyond them get a QueryLimitError instead of unbounded work. */
export const queryLimits = {
  /** Characters of query text. */
  maxLength: 4096,
  /** Nesting of parentheses and negations. */
  maxDepth: 32,
  /** Text leaves and filters in one query. */
  maxTerms: 256,
  /** Word characters required before a trailing `*`, so `a*` cannot match half the language. */
  minPrefixLength: 2,
} as const;

export function isTextNode(node: QueryNode): node is TextNode {
  return node.kind === 'term' || node.kind === 'prefix' || node.kind === 'phrase';
}
