import type { QueryNode } from '../ast.ts';
import type { Compiled } from './relax.ts';
import { hasPositiveLeaf, quoteWord, relaxFor } from './relax.ts';

/**
 * Reddit search syntax (`q` of /search): AND, OR, NOT, quotes, parentheses, `title:`,
 * `subreddit:`, `author:`, `site:` (link domain). Reddit has no wildcards, no language filter and
 * searches posts only, so those parts are widened. An empty `native` means the search cannot be
 * narrowed (e.g. a NOT-only query): read the subreddit listing instead.
 */
export function toRedditSearch(ast: QueryNode): Compiled<string> {
  const { relaxed, exact } = relaxFor(ast, (leaf) => {
    switch (leaf.kind) {
      case 'term':
      case 'phrase':
        return { node: leaf, exact: true };
      case 'prefix':
        return null;
      case 'filter':
        return leaf.field === 'site' || leaf.field === 'author' ? { node: leaf, exact: true } : null;
    }
  });
  if (typeof relaxed === 'boolean' || !hasPositiveLeaf(relaxed)) return { native: '', exact: false };
  return { native: print(relaxed), exact };
}

function print(node: QueryNode): string {
  switch (node.kind) {
    case 'term':
      return (node.scope === 'title' ? 'title:' : '') + quoteWord(node.word);
    case 'phrase':
      return `${node.scope === 'title' ? 'title:' : ''}"${node.words.join(' ')}"`;
    case 'prefix':
      return `${node.prefix}*`;
    case 'filter':
      if (node.field === 'site') {
        return node.value.startsWith('r/') ? `subreddit:${node.value.slice(2)}` : `site:${node.value}`;
      }
      return `${node.field}:${node.value}`;
    case 'not':
      return `NOT ${group(node.child)}`;
    case 'and':
      return node.children.map(group).join(' AND ');
    case 'or':
      return node.children.map(group).join(' OR ');
  }
}

function group(node: QueryNode): string {
  return node.kind === 'and' || node.kind === 'or' ? `(${print(node)})` : print(node);
}
