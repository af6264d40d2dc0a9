import type { QueryNode } from '../ast.ts';
import type { Compiled } from './relax.ts';

/** Parameters of Algolia HN `search` / `search_by_date`. */
export type AlgoliaParams = { query: string; tags: string; numericFilters?: string };

/**
 * Algolia HN parameters. Algolia ANDs the words of `query` and supports quoted phrases; it has no
 * OR, NOT, wildcard, site or language filter in our use, so only the required words, phrases,
 * `type:` (story/comment tag) and `author:` (author_ tag) of the top-level AND are sent and the
 * rest is widened. `numericFilters` (e.g. `created_at_i>…`) is left to the caller's time window.
 */
export function toAlgoliaParams(ast: QueryNode): Compiled<AlgoliaParams> {
  const parts = ast.kind === 'and' ? ast.children : [ast];
  const words: string[] = [];
  const tags: string[] = [];
  let exact = true;
  for (const p of parts) {
    switch (p.kind) {
      case 'term':
        words.push(p.word);
        if (p.scope === 'title') exact = false;
        break;
      case 'phrase':
        words.push(`"${p.words.join(' ')}"`);
        if (p.scope === 'title') exact = false;
        break;
      case 'filter':
        if (p.field === 'type') tags.push(p.value === 'post' ? 'story' : 'comment');
        else if (p.field === 'author') tags.push(`author_${p.value}`);
        else exact = false;
        break;
      case 'prefix':
      case 'or':
      case 'not':
      case 'and':
        exact = false;
        break;
    }
  }
  return { native: { query: words.join(' '), tags: tags.join(',') }, exact };
}
