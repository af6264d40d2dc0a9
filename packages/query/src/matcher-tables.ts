import type { Automaton } from './aho-corasick.ts';
import { buildAutomaton } from './aho-corasick.ts';
import type { FilterField, FilterNode, QueryNode, TextNode } from './ast.ts';
import { isTextNode } from './ast.ts';
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
  /** Distinct queries (monitors with the same `queryKey` share one). */
  queryCount: number;
  /**
   * One record per distinct query, laid out in posting-list order so that the queries a found
   * pattern triggers sit next to each other in memory (at 100k monitors, scattered per-query
   * arrays cost several cache misses per candidate and dominated matching). A record at offset o:
   * `[stamp, programLength, spanCount, monitorStart, monitorCount, ...program, ...spanLeaves]`.
   * The stamp (0 here) is scratch for the Matcher's own copy: the post that last evaluated the
   * query, kept in the record the candidate check reads anyway (a separate per-query stamp array
   * cost one more cache miss per candidate at 100k monitors).
   * The program is postfix (see `Op`); span leaves are the text leaves outside any negation (whose
   * occurrences are highlighted) as `pattern << 1 | isTitleScope`. programLength 0 means the query matches whenever it is a candidate (a word or an OR of words).
   * Its monitors are `monitorIds[monitorStart .. monitorStart + monitorCount)`.
   */
  queryCode: Int32Array;
  /**
   * CSR: when pattern p is found, the postings to visit are postStart[p] .. postStart[p+1]) in
   * `postings`, `POSTING_SIZE` ints each, interleaved so a list is read from one place:
   * - second: another word the query needs (`pattern << 1 | titleOnly`), or a filter it needs
   *   (`-2 - filter`), or -1. When that does not hold the query cannot match, and its record is
   *   not touched;
   * - skip: the posting index just past the run of postings with the same second (a list is sorted
   *   by it within each pattern's own records), so a failed condition skips the whole run: at 100k
   *   monitors a post finds "crm" once and 100 "crm <intent>" postings share few seconds;
   * - record: the query's offset in `queryCode`.
   */
  postStart: Int32Array;
  postings: Int32Array;
  /** Same, for patterns found in the title (queries indexed under a `title:` word). */
  titlePostStart: Int32Array;
  titlePostings: Int32Array;
  /** Records of queries that can match without any of their words (NOT-only, filter-only): evaluated for every post. */
  alwaysEvaluate: Int32Array;
  filterField: Uint8Array;
  filterValue: string[];
  /** Monitor ids, grouped by query (see `queryCode`). */
  monitorIds: string[];
  /** Monitors left out because their query does not parse. */
  rejected: { monitorId: string; code: string; message: string }[];
};

/** Header length of a `queryCode` record. */
export const RECORD_HEADER = 5;

/** Ints per posting in `MatcherTables.postings`: second, skip, record. */
export const POSTING_SIZE = 3;

/** Postfix opcodes; an instruction is `opcode | argument << 3`. */
export const Op = { textAny: 0, textTitle: 1, filter: 2, not: 3, and: 4, or: 5 } as const;

export const FILTER_FIELDS: readonly FilterField[] = ['site', 'type', 'author', 'lang'];
/** Filter fields by how few posts typically pass them. */
const FILTER_SELECTIVITY: readonly FilterField[] = ['author', 'site', 'lang', 'type'];

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

type Rejection = { code: string; message: string };

/** A word/phrase/prefix, or an OR of them: true whenever one of its words is found (in its scope). */
function isWordDisjunction(node: QueryNode): boolean {
  if (isTextNode(node)) return true;
  return node.kind === 'or' && node.children.every(isTextNode);
}

/** Pattern ids as `pattern << 1 | titleOnly`, at least one of which a match must contain. */
type Clause = number[];

export type MatcherTablesOptions = {
  /** Dense automaton cells (see `buildAutomaton`); tests lower it to exercise the sparse states. */
  denseCells?: number;
};

/** Compile the whole monitor set into matcher tables. */
export function compileMatcherTables(
  monitors: readonly MonitorQuery[],
  options: MatcherTablesOptions = {},
): MatcherTables {
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

  // by identity: cheaper than hashing the pattern string again
  const leafPattern = new Map<TextNode, number>();
  const emit = (node: QueryNode, positive: boolean): void => {
    switch (node.kind) {
      case 'term':
      case 'prefix':
      case 'phrase': {
        const p = patternId(node);
        leafPattern.set(node, p);
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
        return [[(leafPattern.get(node)! << 1) | (node.scope === 'title' ? 1 : 0)]];
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

  const necessaryFilter: number[] = [];
  /** A filter the query requires (a top-level AND operand), most selective field first; -1 if none. */
  const necessaryFilterOf = (node: QueryNode): number => {
    const operands = node.kind === 'and' ? node.children : [node];
    let best: FilterNode | undefined;
    for (const c of operands) {
      if (c.kind !== 'filter') continue;
      if (best === undefined || FILTER_SELECTIVITY.indexOf(c.field) < FILTER_SELECTIVITY.indexOf(best.field))
        best = c;
    }
    return best === undefined ? -1 : filterId(best.field, best.value);
  };

  const queryOfKey = new Map<string, number>();
  // Identical query strings are common (popular brands): parse, normalize and print each once.
  const queryOfText = new Map<string, number | Rejection>();
  const groups: number[][] = [];
  const trivial: number[] = [];
  for (const m of monitors) {
    const text = typeof m.query === 'string' ? m.query : undefined;
    let q = text === undefined ? undefined : queryOfText.get(text);
    if (q === undefined) {
      let ast: QueryNode;
      try {
        ast = normalizeQuery(typeof m.query === 'string' ? parseQuery(m.query) : m.query);
      } catch (err) {
        const e = err as { code?: string; message?: string };
        q = { code: e.code ?? 'QUERY_INVALID', message: e.message ?? String(err) };
        if (text !== undefined) queryOfText.set(text, q);
      }
      if (q === undefined) {
        const key = printQuery(ast!);
        q = queryOfKey.get(key);
        if (q === undefined) {
          q = groups.length;
          queryOfKey.set(key, q);
          groups.push([]);
          programStart.push(program.length);
          spanStart.push(spanLeaf.length);
          emit(ast!, true);
          necessary.push(clausesOf(ast!));
          necessaryFilter.push(necessaryFilterOf(ast!));
          trivial.push(isWordDisjunction(ast!) ? 1 : 0);
        }
        if (text !== undefined) queryOfText.set(text, q);
      }
    }
    if (typeof q !== 'number') {
      rejected.push({ monitorId: m.id, ...q });
      continue;
    }
    groups[q]!.push(monitorIds.length);
    monitorIds.push(m.id);
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
  // A second necessary word (or else filter), checked from the posting list before the record is
  // touched: a post with "crm" wakes every "crm <intent> ..." and "crm ... site:r/x" query, but few
  // of them also find their intent word or come from their subreddit.
  const second = Int32Array.from(necessary, (clauses, q) => {
    let best = -1;
    let bestCost = Infinity;
    const first = chosen[q];
    if (clauses === null || first === null || first === undefined) return -1;
    const filter = necessaryFilter[q]!;
    for (const clause of clauses) {
      const e = clause[0]!;
      if (clause.length !== 1 || first.includes(e)) continue;
      const cost = costOf(e);
      if (cost < bestCost) {
        bestCost = cost;
        best = e;
      }
    }
    return best === -1 && filter >= 0 ? -2 - filter : best;
  });
  const queryCount = groups.length;
  // Record order: by the first posting-list entry of the chosen clause, so each posting list
  // mostly points at one contiguous run of records; always-evaluated queries go last.
  const sortKey = Float64Array.from(chosen, (c) => (c === null ? Infinity : Math.min(...c)));
  const order = Int32Array.from({ length: queryCount }, (_, q) => q).sort(
    (a, b) => sortKey[a]! - sortKey[b]! || second[a]! - second[b]! || a - b,
  );
  let codeLength = 0;
  for (let q = 0; q < queryCount; q++) {
    const programLength = trivial[q] === 1 ? 0 : programStart[q + 1]! - programStart[q]!;
    codeLength += RECORD_HEADER + programLength + spanStart[q + 1]! - spanStart[q]!;
  }
  const queryCode = new Int32Array(codeLength);
  const recordOf = new Int32Array(queryCount);
  const groupedIds: string[] = [];
  let o = 0;
  for (let rank = 0; rank < queryCount; rank++) {
    const q = order[rank]!;
    recordOf[q] = o;
    const programLength = trivial[q] === 1 ? 0 : programStart[q + 1]! - programStart[q]!;
    const spanCount = spanStart[q + 1]! - spanStart[q]!;
    queryCode[o] = 0;
    queryCode[o + 1] = programLength;
    queryCode[o + 2] = spanCount;
    queryCode[o + 3] = groupedIds.length;
    queryCode[o + 4] = groups[q]!.length;
    for (const m of groups[q]!) groupedIds.push(monitorIds[m]!);
    o += RECORD_HEADER;
    for (let i = 0; i < programLength; i++) queryCode[o++] = program[programStart[q]! + i]!;
    for (let i = spanStart[q]!; i < spanStart[q + 1]!; i++) queryCode[o++] = spanLeaf[i]!;
  }
  const always: number[] = [];
  for (const q of order) if (chosen[q] === null) always.push(recordOf[q]!);
  const [postStart, postings] = csr(patterns.length, chosen, second, order, recordOf, 0);
  const [titlePostStart, titlePostings] = csr(
    patterns.length,
    chosen,
    second,
    order,
    recordOf,
    1,
  );

  return {
    automaton: buildAutomaton(patterns, options.denseCells),
    patternLength: Int32Array.from(patterns, (p) => p.length),
    patternIsPrefix: Uint8Array.from(patternIsPrefix),
    queryCount,
    queryCode,
    postStart,
    postings,
    titlePostStart,
    titlePostings,
    alwaysEvaluate: Int32Array.from(always),
    filterField: Uint8Array.from(filterField),
    filterValue,
    monitorIds: groupedIds,
    rejected,
  };
}

/** Posting lists (CSR) from pattern to the records whose chosen clause holds it with the given title flag. */
function csr(
  patternCount: number,
  chosen: (Clause | null)[],
  second: Int32Array,
  order: Int32Array,
  recordOf: Int32Array,
  titleFlag: number,
): [Int32Array, Int32Array] {
  const start = new Int32Array(patternCount + 1);
  for (const clause of chosen) {
    if (clause !== null) for (const e of clause) if ((e & 1) === titleFlag) start[(e >>> 1) + 1]!++;
  }
  for (let p = 0; p < patternCount; p++) start[p + 1]! += start[p]!;
  const list = new Int32Array(start[patternCount]!);
  const secondList = new Int32Array(start[patternCount]!);
  const fill = start.slice(0, patternCount);
  // in record order, so each list walks the records forwards
  for (const q of order) {
    const clause = chosen[q]!;
    if (clause === null) continue;
    for (const e of clause) {
      if ((e & 1) !== titleFlag) continue;
      const i = fill[e >>> 1]!++;
      list[i] = recordOf[q]!;
      secondList[i] = second[q]!;
    }
  }
  const skip = new Int32Array(list.length);
  for (let p = 0; p < patternCount; p++) {
    const end = start[p + 1]!;
    for (let i = end - 1; i >= start[p]!; i--)
      skip[i] = i + 1 < end && secondList[i + 1] === secondList[i] ? skip[i + 1]! : i + 1;
  }
  const postings = new Int32Array(list.length * POSTING_SIZE);
  for (let i = 0; i < list.length; i++) {
    postings[i * POSTING_SIZE] = secondList[i]!;
    postings[i * POSTING_SIZE + 1] = skip[i]!;
    postings[i * POSTING_SIZE + 2] = list[i]!;
  }
  return [start, postings];
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
    t.queryCode,
    t.postStart,
    t.postings,
    t.titlePostStart,
    t.titlePostings,
    t.alwaysEvaluate,
    t.filterField,
  ].map((x) => x.buffer as ArrayBuffer);
}
