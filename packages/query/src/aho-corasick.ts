/**
 * An Aho-Corasick automaton in one typed array. Shallow states (where ordinary text spends nearly
 * all its time) are full DFA rows over character classes: one array read per character whatever the
 * number of patterns. Deeper states are sparse records (their trie children plus a failure link):
 * at 100k monitors the trie has ~240k states, and full rows for all of them made a 27 MB table whose
 * cache misses cost the scan ~40% over a small monitor set; the sparse part takes ~4 MB.
 * Characters that occur in no pattern share class 0, whose transitions all go to the root.
 */

import { SEPARATOR_UNIT, SLOW_UNIT } from './text-fold.ts';

export type Automaton = {
  /** Code unit -> character class; 0 for units that occur in no pattern; SLOW_UNIT and SEPARATOR_UNIT map to themselves. */
  charClass: Uint16Array;
  alphabetSize: number;
  stateCount: number;
  /** States 0 .. denseStates-1 (the shallowest, breadth-first) have a full row; the rest a sparse record. */
  denseStates: number;
  /**
   * A state is addressed by its code: `state * alphabetSize` for a dense state (its row), or
   * `denseStates * alphabetSize + offset` for a sparse state (its record). Dense rows come first:
   * `delta[code + class]` is the next state's code, or `-code - 1` when that state reports a
   * pattern (outFlag), so the scan needs neither a multiply nor a second (cache-missing) outFlag
   * read per character. A sparse record is `[failCode, childCount, state, (class, nextCode)*]`
   * (nextCode signed the same way); a class that is not a child follows failCode (see `stepFrom`).
   */
  delta: Int32Array;
  /** Pattern that ends exactly at a state, or -1. */
  patternAt: Int32Array;
  /** Nearest state on the failure chain (excluding itself) where a pattern ends, or -1. */
  outLink: Int32Array;
  /** 1 when any pattern ends at this state or along its failure chain. */
  outFlag: Uint8Array;
};

/** Header length of a sparse state record in `Automaton.delta`. */
export const SPARSE_HEADER = 3;

/**
 * Default budget of dense cells (4 bytes each): the shallowest states, breadth-first, get full rows
 * until it is spent. 1 MB keeps a small monitor set (1k monitors: ~3.7k states x 29 classes)
 * entirely dense and, at 100k monitors, the ~9k states down to depth ~8 where ordinary text spends
 * most of its steps; measured there, the scan is no slower than with 27 MB of dense rows.
 */
export const defaultDenseCells = 1 << 18;

/** The next state's code from state code `code` (non-negative) on class `cls`; see `Automaton.delta`. */
export function stepFrom(delta: Int32Array, denseCells: number, code: number, cls: number): number {
  for (;;) {
    if (code < denseCells) return delta[code + cls]!;
    for (let j = code + SPARSE_HEADER, end = j + 2 * delta[code + 1]!; j < end; j += 2) {
      if (delta[j] === cls) return delta[j + 1]!;
    }
    code = delta[code]!;
  }
}

/** The state a non-negative code addresses. */
export function stateOfCode(a: Automaton, code: number): number {
  const denseCells = a.denseStates * a.alphabetSize;
  return code < denseCells ? code / a.alphabetSize : a.delta[code + 2]!;
}

/** Upper bound on DFA cells (4 bytes each): keeps a monitor set with a huge alphabet from exhausting memory. */
export const maxAutomatonCells = 96 * 1024 * 1024;

/** Thrown when the pattern set would need more DFA cells than `maxAutomatonCells`. */
export class AutomatonCapacityError extends Error {
  readonly code = 'MATCHER_CAPACITY' as const;
  constructor(cells: number) {
    super(`matcher automaton needs ${cells} cells, over the limit of ${maxAutomatonCells}`);
    this.name = 'AutomatonCapacityError';
  }
}

/**
 * Build the automaton; pattern i is reported with id i. Patterns must be distinct and non-empty.
 * The first states (breadth-first) get dense rows while they fit in `denseCells`, the rest sparse
 * records (see `Automaton`); tests pass 0 to exercise the sparse path on small pattern sets (only
 * the root stays dense), or Infinity for a fully dense table.
 *
 * States are numbered breadth-first straight from the sorted pattern list (a node is the range of
 * sorted patterns sharing its prefix), so every array is allocated once at its final size: no trie
 * insertion into growing rows and no renumbering copy. Breadth-first numbering also puts a state's
 * children at consecutive ids and the shallow (dense) states first.
 */
export function buildAutomaton(patterns: readonly string[], denseCells = defaultDenseCells): Automaton {
  const charClass = new Uint16Array(65536);
  let alphabetSize = 1;
  let totalChars = 0;
  for (const p of patterns) {
    totalChars += p.length;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (charClass[c] === 0) charClass[c] = alphabetSize++;
    }
  }
  if (alphabetSize >= SLOW_UNIT) throw new AutomatonCapacityError(Infinity);
  // the scanner's flag units (never in a pattern) keep their value as their class
  charClass[SLOW_UNIT] = SLOW_UNIT;
  charClass[SEPARATOR_UNIT] = SEPARATOR_UNIT;
  const A = alphabetSize;

  const sorted = Int32Array.from(patterns.keys()).sort((a, b) => {
    const x = patterns[a]!;
    const y = patterns[b]!;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  // Breadth-first over prefix ranges: state s covers sorted[lo[s] .. hi[s]), all sharing its
  // depth[s]-unit prefix. Processing states in id order while appending children is the BFS queue,
  // so the children of s are the ids firstChild[s] .. firstChild[s + 1) - 1.
  const maxStates = totalChars + 1;
  const lo = new Int32Array(maxStates);
  const hi = new Int32Array(maxStates);
  const depth = new Int32Array(maxStates);
  const via = new Int32Array(maxStates);
  const firstChild = new Int32Array(maxStates + 1);
  const endsHere = new Int32Array(maxStates).fill(-1);
  hi[0] = patterns.length;
  let states = 1;
  for (let s = 0; s < states; s++) {
    firstChild[s] = states;
    let i = lo[s]!;
    const end = hi[s]!;
    const d = depth[s]!;
    // a pattern equal to the prefix sorts before its extensions; patterns are distinct
    if (i < end && patterns[sorted[i]!]!.length === d) endsHere[s] = sorted[i++]!;
    while (i < end) {
      const c = patterns[sorted[i]!]!.charCodeAt(d);
      let j = i + 1;
      while (j < end && patterns[sorted[j]!]!.charCodeAt(d) === c) j++;
      const t = states++;
      lo[t] = i;
      hi[t] = j;
      depth[t] = d + 1;
      via[t] = charClass[c]!;
      i = j;
    }
  }
  firstChild[states] = states;
  // any breadth-first prefix works: a failure state is always shallower, so it has a smaller id
  const denseStates = Math.max(1, Math.min(states, Math.floor(denseCells / A)));
  const denseLength = denseStates * A;
  let sparseCells = 0;
  for (let s = denseStates; s < states; s++) sparseCells += SPARSE_HEADER + 2 * (firstChild[s + 1]! - firstChild[s]!);
  if (denseLength + sparseCells > maxAutomatonCells) throw new AutomatonCapacityError(denseLength + sparseCells);

  // Dense rows hold state ids until the final encoding pass.
  const delta = new Int32Array(denseLength + sparseCells);
  for (let s = 0; s < denseStates; s++) {
    for (let t = firstChild[s]!; t < firstChild[s + 1]!; t++) delta[s * A + via[t]!] = t;
  }
  const patternAt = endsHere.slice(0, states);
  const fail = new Int32Array(states);
  const outLink = new Int32Array(states).fill(-1);
  const outFlag = new Uint8Array(states);
  /** Goto-or-fail transition on state ids (rows of dense states are complete once reached). */
  const next = (s: number, c: number): number => {
    for (;;) {
      if (s < denseStates) return delta[s * A + c]!;
      for (let t = firstChild[s]!; t < firstChild[s + 1]!; t++) if (via[t] === c) return t;
      s = fail[s]!;
    }
  };
  // In BFS order every failure state is shallower, so its row (or record chain) is complete.
  for (let s = 1; s < states; s++) {
    const f = fail[s]!;
    outLink[s] = patternAt[f]! >= 0 ? f : outLink[f]!;
    outFlag[s] = patternAt[s]! >= 0 || outLink[s]! >= 0 ? 1 : 0;
    if (s >= denseStates) {
      for (let t = firstChild[s]!; t < firstChild[s + 1]!; t++) fail[t] = next(f, via[t]!);
      continue;
    }
    // Complete row s from its failure state's row. Before that, its non-zero entries are exactly
    // its trie children (never the root).
    const row = s * A;
    const frow = f * A; // f < s is dense
    for (let c = 0; c < A; c++) {
      const t = delta[row + c]!;
      if (t !== 0) fail[t] = delta[frow + c]!;
      else delta[row + c] = delta[frow + c]!;
    }
  }
  // root children fail to the root; fail[] of them is already 0

  // Sparse records in depth-first order: a word walking down the trie reads consecutive records.
  const codeOf = new Int32Array(states);
  let offset = denseLength;
  const stack: number[] = [];
  for (let s = 0; s < denseStates; s++) {
    codeOf[s] = s * A;
    for (let t = firstChild[s]!; t < firstChild[s + 1]!; t++) {
      if (t < denseStates) continue;
      stack.push(t);
      while (stack.length > 0) {
        const u = stack.pop()!;
        codeOf[u] = offset;
        offset += SPARSE_HEADER + 2 * (firstChild[u + 1]! - firstChild[u]!);
        for (let v = firstChild[u + 1]! - 1; v >= firstChild[u]!; v--) stack.push(v);
      }
    }
  }
  const signed = (t: number): number => (outFlag[t] === 1 ? -codeOf[t]! - 1 : codeOf[t]!);
  for (let i = 0; i < denseLength; i++) delta[i] = signed(delta[i]!);
  for (let s = denseStates; s < states; s++) {
    let o = codeOf[s]!;
    delta[o++] = codeOf[fail[s]!]!;
    delta[o++] = firstChild[s + 1]! - firstChild[s]!;
    delta[o++] = s;
    for (let t = firstChild[s]!; t < firstChild[s + 1]!; t++) {
      delta[o++] = via[t]!;
      delta[o++] = signed(t);
    }
  }
  return { charClass, alphabetSize: A, stateCount: states, denseStates, delta, patternAt, outLink, outFlag };
}
