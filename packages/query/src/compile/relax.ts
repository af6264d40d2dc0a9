import type { FilterNode, QueryNode, TextNode } from '../ast.ts';
import { mkAnd, mkOr } from '../parse.ts';

/**
 * A relaxed query: the AST, or `true` when nothing narrows the search (match everything), or
 * `false` (match nothing).
 */
export type Relaxed = QueryNode | boolean;

/**
 * How a platform handles one leaf: the leaf it can express (possibly widened, e.g. title:x -> x),
 * with `exact: false` when widened; or null when it cannot express it at all.
 */
export type LeafRewrite = (
  leaf: TextNode | FilterNode,
) => { node: TextNode | FilterNode; exact: boolean } | null;

/**
 * Replace every leaf a platform cannot express by whatever makes the query WIDER: `true` where the
 * leaf is required (even number of negations above it), `false` where it is negated. The result
 * matches a superset of the posts the original matches; `exact` says whether it is the same set.
 */
export function relaxFor(node: QueryNode, rewrite: LeafRewrite): { relaxed: Relaxed; exact: boolean } {
  let exact = true;
  const walk = (n: QueryNode, positive: boolean): Relaxed => {
    switch (n.kind) {
      case 'term':
      case 'prefix':
      case 'phrase':
      case 'filter': {
        const r = rewrite(n);
        if (r === null) {
          exact = false;
          return positive;
        }
        if (!r.exact) exact = false;
        return r.node;
      }
      case 'not': {
        const c = walk(n.child, !positive);
        return typeof c === 'boolean' ? !c : { kind: 'not', child: c };
      }
      case 'and': {
        const kids: QueryNode[] = [];
        for (const child of n.children) {
          const c = walk(child, positive);
          if (c === false) return false;
          if (c !== true) kids.push(c);
        }
        return kids.length === 0 ? true : mkAnd(kids);
      }
      case 'or': {
        const kids: QueryNode[] = [];
        for (const child of n.children) {
          const c = walk(child, positive);
          if (c === true) return true;
          if (c !== false) kids.push(c);
        }
        return kids.length === 0 ? false : mkOr(kids);
      }
    }
  };
  const relaxed = walk(node, true);
  return { relaxed, exact };
}

/** Whether a query has a required (non-negated) leaf: platforms reject searches made only of exclusions. */
export function hasPositiveLeaf(node: QueryNode, positive = true): boolean {
  switch (node.kind) {
    case 'term':
    case 'prefix':
    case 'phrase':
    case 'filter':
      return positive;
    case 'not':
      return hasPositiveLeaf(node.child, !positive);
    case 'and':
      return node.children.some((c) => hasPositiveLeaf(c, positive));
    case 'or':
      // every alternative must be searchable on its own
      return node.children.every((c) => hasPositiveLeaf(c, positive));
  }
}

/** The result of compiling to a platform: `exact: false` means the native search is wider and the local matcher must filter. */
export type Compiled<T> = { native: T; exact: boolean };

/** Quote a word that the platform would read as an operator. */
export function quoteWord(word: string): string {
  return /^(or|and|not)$/i.test(word) ? `"${word}"` : word;
}
