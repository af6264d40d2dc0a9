import type { QueryNode, TextScope } from './ast.ts';
import { mkAnd, mkOr, parseQuery } from './parse.ts';

function scopePrefix(scope: TextScope): string {
  return scope === 'title' ? 'title:' : '';
}

/** The canonical text of an AST; parsing it gives the same tree back. */
export function printQuery(node: QueryNode): string {
  switch (node.kind) {
    case 'term':
      return scopePrefix(node.scope) + node.word;
    case 'prefix':
      return `${scopePrefix(node.scope)}${node.prefix}*`;
    case 'phrase':
      return `${scopePrefix(node.scope)}"${node.words.join(' ')}"`;
    case 'filter':
      return `${node.field}:${node.value}`;
    case 'not': {
      const child = node.child;
      return child.kind === 'and' || child.kind === 'or'
        ? `-(${printQuery(child)})`
        : `-${printQuery(child)}`;
    }
    case 'and':
      return node.children.map((c) => (c.kind === 'or' ? `(${printQuery(c)})` : printQuery(c))).join(' ');
    case 'or':
      return node.children.map(printQuery).join(' OR ');
  }
}

/**
 * Semantics-preserving normal form: double negations removed, AND/OR operands deduplicated and
 * sorted. Two queries with the same normal form match exactly the same posts.
 */
export function normalizeQuery(node: QueryNode): QueryNode {
  switch (node.kind) {
    case 'term':
    case 'prefix':
    case 'phrase':
    case 'filter':
      return node;
    case 'not': {
      const child = normalizeQuery(node.child);
      return child.kind === 'not' ? child.child : { kind: 'not', child };
    }
    case 'and':
    case 'or': {
      const byKey = new Map<string, QueryNode>();
      for (const c of node.children) {
        const n = normalizeQuery(c);
        // flatten after normalization: `a (b c)` and `a b c` are the same conjunction
        const parts = n.kind === node.kind ? n.children : [n];
        for (const p of parts) byKey.set(printQuery(p), p);
      }
      const sorted = [...byKey.keys()].sort().map((k) => byKey.get(k)!);
      return node.kind === 'and' ? mkAnd(sorted) : mkOr(sorted);
    }
  }
}

/** The `query_key` that lets workspaces with equivalent queries share one upstream search. */
export function queryKey(query: string | QueryNode): string {
  return printQuery(normalizeQuery(typeof query === 'string' ? parseQuery(query) : query));
}
