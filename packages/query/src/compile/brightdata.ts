import type { QueryNode } from '../ast.ts';
import type { Compiled } from './relax.ts';

/**
 * Bright Data keyword inputs (one discovery run per keyword; a post is found when it contains
 * any of them). For an AND the most selective required part is chosen; for an OR every
 * alternative needs a keyword. An empty list means the query has no plain keyword that every match
 * must contain (only wildcards, filters or exclusions): discovery cannot be narrowed.
 */
export function toBrightDataKeywords(ast: QueryNode): Compiled<string[]> {
  let exact = true;
  const keywords = (n: QueryNode): string[] | null => {
    switch (n.kind) {
      case 'term':
        if (n.scope === 'title') exact = false;
        return [n.word];
      case 'phrase':
        if (n.scope === 'title') exact = false;
        return [n.words.join(' ')];
      case 'prefix':
      case 'filter':
      case 'not':
        exact = false;
        return null;
      case 'and': {
        exact = false;
        const options = n.children.map(keywords).filter((k): k is string[] => k !== null);
        if (options.length === 0) return null;
        // fewest keywords, then the longest (phrases and rare words narrow the most)
        return options.reduce((a, b) =>
          b.length < a.length || (b.length === a.length && b.join(' ').length > a.join(' ').length) ? b : a,
        );
      }
      case 'or': {
        const all: string[] = [];
        for (const c of n.children) {
          const k = keywords(c);
          if (k === null) return null;
          all.push(...k);
        }
        return [...new Set(all)];
      }
    }
  };
  const result = keywords(ast);
  return result === null ? { native: [], exact: false } : { native: result, exact };
}
