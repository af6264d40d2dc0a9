/**
 * A dense Aho-Corasick automaton in typed arrays: a full DFA (`delta[state * alphabetSize + class]`)
 * over character classes, so the scan costs one array read per character whatever the number of
 * patterns. Characters that occur in no pattern share class 0, whose transitions all go to the root.
 */

import { SEPARATOR_UNIT, SLOW_UNIT } from './text-fold.ts';

export type Automaton = {
  /** Code unit -> character class; 0 for units that occur in no pattern; SLOW_UNIT and SEPARATOR_UNIT map to themselves. */
  charClass: Uint16Array;
  alphabetSize: number;
  stateCount: number;
  /** Next state: `delta[state * alphabetSize + charClass[unit]]`. */
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

/** Build the automaton; pattern i is reported with id i. Patterns must be distinct and non-empty. */
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

  // Insert into a trie stored in the same dense rows; grown by doubling.
  let capacity = Math.max(16, Math.min(totalChars + 1, 1024));
  let delta = new Int32Array(capacity * alphabetSize);
  let patternAt = new Int32Array(capacity).fill(-1);
  let states = 1;
  for (let id = 0; id < patterns.length; id++) {
    const p = patterns[id]!;
    let s = 0;
    for (let i = 0; i < p.length; i++) {
      const cell = s * alphabetSize + charClass[p.charCodeAt(i)]!;
      let next = delta[cell]!;
      if (next === 0) {
        if (states === capacity) {
          const grown = Math.min(capacity * 2, totalChars + 1);
          if (grown * alphabetSize > maxAutomatonCells)
            throw new AutomatonCapacityError(grown * alphabetSize);
          const d = new Int32Array(grown * alphabetSize);
          d.set(delta);
          delta = d;
          const pa = new Int32Array(grown).fill(-1);
          pa.set(patternAt);
          patternAt = pa;
          capacity = grown;
        }
        next = states++;
        delta[cell] = next;
      }
      s = next;
    }
    patternAt[s] = id;
  }

  // Breadth-first: complete each row from its failure state's (already complete) row.
  const fail = new Int32Array(states);
  const outLink = new Int32Array(states).fill(-1);
  const outFlag = new Uint8Array(states);
  const queue = new Int32Array(states);
  let head = 0;
  let tail = 0;
  for (let c = 0; c < alphabetSize; c++) {
    const t = delta[c]!;
    if (t !== 0) {
      fail[t] = 0;
      queue[tail++] = t;
    }
  }
  while (head < tail) {
    const s = queue[head++]!;
    const f = fail[s]!;
    outLink[s] = patternAt[f]! >= 0 ? f : outLink[f]!;
    outFlag[s] = patternAt[s]! >= 0 || outLink[s] >= 0 ? 1 : 0;
    const row = s * alphabetSize;
    const frow = f * alphabetSize;
    for (let c = 0; c < alphabetSize; c++) {
      const t = delta[row + c]!;
      if (t !== 0 && t > s) {
        // a trie child (children are always created after their parent, so t > s)
        fail[t] = delta[frow + c]!;
        queue[tail++] = t;
      } else if (t === 0) {
        delta[row + c] = delta[frow + c]!;
      }
    }
  }
  return renumberBreadthFirst(
    { charClass, alphabetSize, stateCount: states, delta, patternAt, outLink, outFlag },
    queue,
  );
}

/**
 * Renumber states in breadth-first order. Scanning ordinary text stays near the root most of the
 * time; giving shallow states the lowest ids packs their rows together, which keeps the hot part
 * of a 100k-monitor DFA (tens of MB) in the CPU cache.
 */
function renumberBreadthFirst(a: Automaton, bfsOrder: Int32Array): Automaton {
  const n = a.stateCount;
  const A = a.alphabetSize;
  const newId = new Int32Array(n);
  const oldId = new Int32Array(n);
  // root stays 0; bfsOrder holds every other state exactly once
  for (let i = 0; i < n - 1; i++) {
    newId[bfsOrder[i]!] = i + 1;
    oldId[i + 1] = bfsOrder[i]!;
  }
  const delta = new Int32Array(n * A);
  const patternAt = new Int32Array(n);
  const outLink = new Int32Array(n);
  const outFlag = new Uint8Array(n);
  for (let s = 0; s < n; s++) {
    const o = oldId[s]!;
    const src = o * A;
    const dst = s * A;
    for (let c = 0; c < A; c++) delta[dst + c] = newId[a.delta[src + c]!]!;
    patternAt[s] = a.patternAt[o]!;
    const link = a.outLink[o]!;
    outLink[s] = link < 0 ? -1 : newId[link]!;
    outFlag[s] = a.outFlag[o]!;
  }
  return { ...a, delta, patternAt, outLink, outFlag };
}
