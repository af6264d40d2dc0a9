import type { QueryNode } from '../ast.ts';
import { QueryCompileError } from '../errors.ts';
import { mkAnd } from '../parse.ts';
import type { Compiled } from './relax.ts';
import { hasPositiveLeaf, quoteWord, relaxFor } from './relax.ts';

export type XQueryOptions = {
  /** Appended as `lang:xx` unless the query has its own lang: filter. */
  lang?: string;
  /** Append `-is:retweet`. */
  excludeRetweets?: boolean;
  /** X API v2 recent search allows 512 characters (more on higher tiers). */
  maxLength?: number;
};

/**
 * X API v2 search query. X has no titles, subreddits or wildcards: `title:` is searched in the
 * whole text, and `site:r/...` and `automat*` are widened. When the query is longer than
 * `maxLength`, exclusions and then the longest required terms are dropped (wider); a query that
 * still does not fit (a long OR) throws QueryCompileError. An empty `native` means X cannot search
 * it (only exclusions).
 */
export function toXQuery(ast: QueryNode, options: XQueryOptions = {}): Compiled<string> {
  const maxLength = options.maxLength ?? 512;
  const relaxedResult = relaxFor(ast, (leaf) => {
    switch (leaf.kind) {
      case 'term':
      case 'phrase':
        return leaf.scope === 'title'
          ? { node: { ...leaf, scope: 'any' }, exact: false }
          : { node: leaf, exact: true };
      case 'prefix':
        return null;
      case 'filter':
        if (leaf.field === 'site') return leaf.value.startsWith('r/') ? null : { node: leaf, exact: true };
        if (leaf.field === 'lang' && leaf.value.includes('-')) {
          return { node: { ...leaf, value: leaf.value.split('-')[0]! }, exact: false };
        }
        return { node: leaf, exact: true };
    }
  });
  let relaxed = relaxedResult.relaxed;
  let exact = relaxedResult.exact;
  if (typeof relaxed === 'boolean' || !hasPositiveLeaf(relaxed)) return { native: '', exact: false };

  const suffix: string[] = [];
  if (options.lang !== undefined && !containsLang(relaxed)) suffix.push(`lang:${options.lang}`);
  if (options.excludeRetweets) suffix.push('-is:retweet');
  const render = (n: QueryNode) => [print(n), ...suffix].join(' ');

  while (render(relaxed).length > maxLength) {
    const shorter = dropOne(relaxed);
    if (shorter === null) {
      throw new QueryCompileError(
        'twitter',
        `query does not fit in ${maxLength} characters even when widened`,
      );
    }
    relaxed = shorter;
    exact = false;
  }
  return { native: render(relaxed), exact };
}

function containsLang(node: QueryNode): boolean {
  switch (node.kind) {
    case 'filter':
      return node.field === 'lang';
    case 'and':
    case 'or':
      return node.children.some(containsLang);
    case 'not':
      return containsLang(node.child);
    case 'term':
    case 'prefix':
    case 'phrase':
      return false;
  }
}

/** Widen a top-level AND by one operand: an exclusion first, else the longest required operand. */
function dropOne(node: QueryNode): QueryNode | null {
  if (node.kind !== 'and') return null;
  const neg = node.children.filter((c) => c.kind === 'not');
  const victims =
    neg.length > 0 ? neg : node.children.filter((c) => hasPositiveLeaf(c)).length > 1 ? node.children : [];
  if (victims.length === 0) return null;
  const victim = victims.reduce((a, b) => (print(b).length > print(a).length ? b : a));
  return mkAnd(node.children.filter((c) => c !== victim));
}

function print(node: QueryNode): string {
  switch (node.kind) {
    case 'term':
      return quoteWord(node.word);
    case 'phrase':
      return `"${node.words.join(' ')}"`;
    case 'prefix':
      return node.prefix;
    case 'filter':
      switch (node.field) {
        case 'site':
          return `url:${node.value}`;
        case 'author':
          return `from:${node.value}`;
        case 'lang':
          return `lang:${node.value}`;
        case 'type':
          return node.value === 'comment' ? 'is:reply' : '-is:reply';
      }
      break;
    case 'not':
      return `-${group(node.child)}`;
    case 'and':
      return node.children.map(group).join(' ');
    case 'or':
      return node.children.map(group).join(' OR ');
  }
}

function group(node: QueryNode): string {
  return node.kind === 'and' || node.kind === 'or' ? `(${print(node)})` : print(node);
}
