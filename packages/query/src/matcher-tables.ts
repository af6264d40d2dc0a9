import type { Automaton } from './aho-corasick.ts';
import { buildAutomaton } from './aho-corasick.ts';
import type { FilterField, QueryNode, TextNode } from './ast.ts';
import { parseQuery } from './parse.ts';
import { normalizeQuery, printQuery } from './print.ts';

/**
 * Everything a Matcher needs, as typed arrays and strings only: it can be built in a worker thread
 * and posted (buffers transferred, not copied) to the thread that matches.
 */
export type MatcherTables = {
  automaton: Automaton;
  /** Folded length of each pattern (including its boundary spaces). */
  patternLength: Int32Array;
  /** 1 for a prefix pattern (`automat*`): no trailing word boundary. */
  patternIsPrefix: Uint8Array;
  /**
   * Equivalent queries (same `queryKey`) are evaluated once: query q is shared by the monitors
   * groupMonitor[groupStart[q] .. groupStart[q+1]).
   */
  groupStart: Int32Array;
  groupMonitor: Int32Array;
  /** CSR: queries to evaluate when pattern p is found are postQuery[postStart[p] .. postStart[p+1]). */
  postStart: Int32Array;
  postQuery: Int32Array;
  /** Same, for patterns found in the title (queries indexed under a `title:` word). */
  titlePostStart: Int32Array;
  titlePostQuery: Int32Array;
  /** Queries that can match without any of their words (NOT-only, filter-only): evaluated for every post. */
  alwaysEvaluate: Int32Array;
  /** Postfix program of query q: program[programStart[q] .. programStart[q+1]). See `Op`. */
  programStart: Int32Array;
  program: Int32Array;
  /** Text leaves outside any negation (whose occurrences are highlighted): `pattern << 1 | isTitleScope`. */
  spanStart: Int32Array;
  spanLeaf: Int32Array;
  filterField: Uint8Array;
  filterValue: string[];
  monitorIds: string[];
  /** Monitors left out because their query does not parse. */
  rejected: { monitorId: string; code: string; message: string }[];
};

/** Postfix opcodes; an instruction is `opcode | argument << 3`. */
export const Op = { textAny: 0, textTitle: 1, filter: 2, not: 3, and: 4, or: 5 } as const;

export const FILTER_FIELDS: readonly FilterField[] = ['site', 'type', 'author', 'lang'];

/** A monitor as the product stores it. */
export type MonitorQuery = { id: string; query: string | QueryNode };

/**
 * The folded pattern for a text leaf. Surrounding spaces make the automaton enforce whole words:
 * the scanned text is folded to `␠word␠word␠`, so ` crm ` cannot match inside `scrm`.
 */
export function patternOf(leaf: TextNode): string {
  switch (leaf.kind) {
    case 'term':
      return ` ${leaf.word} `;
    case 'phrase':
      return ` ${leaf.words.join(' ')} `;
    case 'prefix':
      return ` ${leaf.prefix}`;
  }
}

/** Pattern ids as `pattern << 1 | titleOnly`, at least one of which a match must contain. */
type Clause = number[];

/** Compile the whole monitor set into matcher tables. */
export function compileMatcherTables(monitors: readonly MonitorQuery[]): MatcherTables {
  const patternIds = new Map<string, number>();
  const patterns: string[] = [];
  const patternIsPrefix: number[] = [];
  const filterIds = new Map<string, number>();
  const filterField: number[] = [];
  const filterValue: string[] = [];
  const program: number[] = [];
  const programStart: number[] = [];
  const spanLeaf: number[] = [];
  const spanStart: number[] = [];
  const monitorIds: string[] = [];
  const rejected: MatcherTables['rejected'] = [];
  const necessary: (Clause[] | null)[] = [];

  const patternId = (leaf: TextNode): number => {
    const p = patternOf(leaf);
    let id = patternIds.get(p);
    if (id === undefined) {
      id = patterns.length;
      patternIds.set(p, id);
      patterns.push(p);
      patternIsPrefix.push(leaf.kind === 'prefix' ? 1 : 0);
    }
    return id;
  };
  const filterId = (field: FilterField, value: string): number => {
    const key = `${field}:${value}`;
    let id = filterIds.get(key);
    if (id === undefined) {
      id = filterField.length;
      filterIds.set(key, id);
      filterField.push(FILTER_FIELDS.indexOf(field));
      filterValue.push(value);
    }
    return id;
  };

  const emit = (node: QueryNode, positive: boolean): void => {
    switch (node.kind) {
      case 'term':
      case 'prefix':
      case 'phrase': {
        const p = patternId(node);
        const title = node.scope === 'title' ? 1 : 0;
        program.push((title ? Op.textTitle : Op.textAny) | (p << 3));
        if (positive) spanLeaf.push((p << 1) | title);
        return;
      }
      case 'filter':
        program.push(Op.filter | (filterId(node.field, node.value) << 3));
        return;
      case 'not':
        emit(node.child, !positive);
        program.push(Op.not);
        return;
      case 'and':
      case 'or':
        for (const c of node.children) emit(c, positive);
        program.push((node.kind === 'and' ? Op.and : Op.or) | (node.children.length << 3));
        return;
    }
  };

  /** Clauses (sets of patterns of which at least one must be found) implied by a match; null = none. */
  const clausesOf = (node: QueryNode): Clause[] | null => {
    switch (node.kind) {
      case 'term':
      case 'prefix':
      case 'phrase':
        return [[(patternIds.get(patternOf(node))! << 1) | (node.scope === 'title' ? 1 : 0)]];
      case 'filter':
      case 'not':
        return null;
      case 'and': {
        const all = node.children.map(clausesOf).filter((c): c is Clause[] => c !== null);
        return all.length === 0 ? null : all.flat();
      }
      case 'or': {
        const merged: number[] = [];
        for (const c of node.children) {
          const cl = clausesOf(c);
          if (cl === null) return null;
          // one clause per alternative is enough; the shortest keeps the candidate set small
          merged.push(...cl.reduce((a, b) => (b.length < a.length ? b : a)));
        }
        return [merged];
      }
    }
  };

  const queryOfKey = new Map<string, number>();
  const groups: number[][] = [];
  for (const m of monitors) {
    let ast: QueryNode;
    try {
      ast = normalizeQuery(typeof m.query === 'string' ? parseQuery(m.query) : m.query);
    } catch (err) {
      const e = err as { code?: string; message?: string };
      rejected.push({ monitorId: m.id, code: e.code ?? 'QUERY_INVALID', message: e.message ?? String(err) });
      continue;
    }
    const monitorIndex = monitorIds.length;
    monitorIds.push(m.id);
    const key = printQuery(ast);
    const existing = queryOfKey.get(key);
    if (existing !== undefined) {
      groups[existing]!.push(monitorIndex);
      continue;
    }
    queryOfKey.set(key, groups.length);
    groups.push([monitorIndex]);
    programStart.push(program.length);
    spanStart.push(spanLeaf.length);
    emit(ast, true);
    necessary.push(clausesOf(ast));
  }
  programStart.push(program.length);
  spanStart.push(spanLeaf.length);

  // Index each query under the clause whose patterns are used by the fewest queries: a pattern
  // common across monitors ("alternative") is likely common in posts too. Phrases are rarer in
  // text than single words, so they count for less.
  const df = new Int32Array(patterns.length);
  for (const clauses of necessary) {
    if (clauses === null) continue;
    for (const clause of clauses) for (const e of clause) df[e >>> 1]!++;
  }
  const costOf = (e: number): number => {
    const p = e >>> 1;
    const weight = patterns[p]!.slice(1, -1).includes(' ') ? 0.25 : 1;
    return df[p]! * weight * ((e & 1) === 1 ? 0.2 : 1);
  };
  const chosen: (Clause | null)[] = necessary.map((clauses) => {
    if (clauses === null) return null;
    let best = clauses[0]!;
    let bestCost = Infinity;
    for (const clause of clauses) {
      let cost = 0;
      for (const e of clause) cost += costOf(e);
      if (cost < bestCost) {
        bestCost = cost;
        best = clause;
      }
    }
    return [...new Set(best)];
  });
  const always: number[] = [];
  chosen.forEach((clause, q) => {
    if (clause === null) always.push(q);
  });
  const [postStart, postQuery] = csr(patterns.length, chosen, 0);
  const [titlePostStart, titlePostQuery] = csr(patterns.length, chosen, 1);
  const groupStart = new Int32Array(groups.length + 1);
  groups.forEach((g, q) => (groupStart[q + 1] = groupStart[q]! + g.length));

  return {
    automaton: buildAutomaton(patterns),
    patternLength: Int32Array.from(patterns, (p) => p.length),
    patternIsPrefix: Uint8Array.from(patternIsPrefix),
    groupStart,
    groupMonitor: Int32Array.from(groups.flat()),
    postStart,
    postQuery,
    titlePostStart,
    titlePostQuery,
    alwaysEvaluate: Int32Array.from(always),
    programStart: Int32Array.from(programStart),
    program: Int32Array.from(program),
    spanStart: Int32Array.from(spanStart),
    spanLeaf: Int32Array.from(spanLeaf),
    filterField: Uint8Array.from(filterField),
    filterValue,
    monitorIds,
    rejected,
  };
}

/** Posting lists (CSR) from pattern to the queries whose chosen clause holds it with the given title flag. */
function csr(patternCount: number, chosen: (Clause | null)[], titleFlag: number): [Int32Array, Int32Array] {
  const start = new Int32Array(patternCount + 1);
  for (const clause of chosen) {
    if (clause !== null) for (const e of clause) if ((e & 1) === titleFlag) start[(e >>> 1) + 1]!++;
  }
  for (let p = 0; p < patternCount; p++) start[p + 1]! += start[p]!;
  const list = new Int32Array(start[patternCount]!);
  const fill = start.slice(0, patternCount);
  chosen.forEach((clause, q) => {
    if (clause !== null) for (const e of clause) if ((e & 1) === titleFlag) list[fill[e >>> 1]!++] = q;
  });
  return [start, list];
}

/** The buffers of a tables object, for a zero-copy postMessage transfer list. */
export function transferListOf(t: MatcherTables): ArrayBuffer[] {
  const a = t.automaton;
  return [
    a.charClass,
    a.delta,
    a.patternAt,
    a.outLink,
    a.outFlag,
    t.patternLength,
    t.patternIsPrefix,
    t.groupStart,
    t.groupMonitor,
    t.postStart,
    t.postQuery,
    t.titlePostStart,
    t.titlePostQuery,
    t.alwaysEvaluate,
    t.programStart,
    t.program,
    t.spanStart,
    t.spanLeaf,
    t.filterField,
  ].map((x) => x.buffer as ArrayBuffer);
}
