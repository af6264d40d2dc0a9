/**
 * A dense Aho-Corasick automaton in typed arrays: a full DFA (`delta[row + class]`, see `Automaton`)
 * over character classes, so the scan costs one array read per character whatever the number of
 * patterns. Characters that occur in no pattern share class 0, whose transitions all go to the root.
 */

import { SEPARATOR_UNIT, SLOW_UNIT } from './text-fold.ts';

export type Automaton = {
  /** Code unit -> character class; 0 for units that occur in no pattern; SLOW_UNIT and SEPARATOR_UNIT map to themselves. */
  charClass: Uint16Array;
  alphabetSize: number;
  stateCount: number;
  /**
   * Transitions, indexed by `row + charClass[unit]` where `row = state * alphabetSize`. An entry is
   * the next state's row, or `-row - 1` when that state reports a pattern (outFlag): the scan needs
   * neither a multiply nor a second (cache-missing) outFlag read per character.
   */
  delta: Int32Array;
  /** Pattern that ends exactly at a state, or -1. */
  patternAt: Int32Array;
  /** Nearest state on the failure chain (excluding itself) where a pattern ends, or -1. */
  outLink: Int32Array;
  /** 1 when any pattern ends at this state or along its failure chain. */
  outFlag: Uint8Array;
};

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
 *
 * States are numbered breadth-first straight from the sorted pattern list (a node is the range of
 * sorted patterns sharing its prefix), so the dense table is allocated once at its final size:
 * no trie insertion into growing rows and no renumbering copy (together ~100 MB of short-lived
 * buffers and most of the build time at 100k monitors).
 *
 * Breadth-first numbering also helps the scan: ordinary text stays near the root most of the time,
 * and giving shallow states the lowest ids packs their rows together in the CPU cache.
 */
export function buildAutomaton(patterns: readonly string[]): Automaton {
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
  // depth[s]-unit prefix. Processing states in id order while appending children is the BFS queue.
  const maxStates = totalChars + 1;
  const lo = new Int32Array(maxStates);
  const hi = new Int32Array(maxStates);
  const depth = new Int32Array(maxStates);
  const parent = new Int32Array(maxStates);
  const via = new Int32Array(maxStates);
  const endsHere = new Int32Array(maxStates).fill(-1);
  hi[0] = patterns.length;
  let states = 1;
  for (let s = 0; s < states; s++) {
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
      parent[t] = s;
      via[t] = charClass[c]!;
      i = j;
    }
  }
  if (states * A > maxAutomatonCells) throw new AutomatonCapacityError(states * A);

  const delta = new Int32Array(states * A);
  for (let t = 1; t < states; t++) delta[parent[t]! * A + via[t]!] = t;
  const patternAt = endsHere.slice(0, states);
  // Complete each row from its failure state's row, in BFS order so that row is already complete.
  // Before row s is completed, its non-zero entries are exactly its trie children.
  const fail = new Int32Array(states);
  const outLink = new Int32Array(states).fill(-1);
  const outFlag = new Uint8Array(states);
  for (let s = 0; s < states; s++) {
    const row = s * A;
    if (s === 0) continue; // root: children fail to the root (0); missing transitions stay at the root
    const f = fail[s]!;
    outLink[s] = patternAt[f]! >= 0 ? f : outLink[f]!;
    outFlag[s] = patternAt[s]! >= 0 || outLink[s]! >= 0 ? 1 : 0;
    const frow = f * A;
    for (let c = 0; c < A; c++) {
      const t = delta[row + c]!;
      if (t !== 0) fail[t] = delta[frow + c]!;
      else delta[row + c] = delta[frow + c]!;
    }
  }
  for (let i = 0; i < delta.length; i++) {
    const t = delta[i]!;
    delta[i] = outFlag[t] === 1 ? -t * A - 1 : t * A;
  }
  return { charClass, alphabetSize: A, stateCount: states, delta, patternAt, outLink, outFlag };
}
