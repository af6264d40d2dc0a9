import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAutomaton, stateOfCode, stepFrom } from './aho-corasick.ts';

/** Every state the automaton passes through on `text`, and the patterns reported at each step. */
function run(patterns: string[], text: string, denseCells: number): { states: number[]; found: number[][] } {
  const a = buildAutomaton(patterns, denseCells);
  const dense = a.denseStates * a.alphabetSize;
  let code = 0;
  const states: number[] = [];
  const found: number[][] = [];
  for (let i = 0; i < text.length; i++) {
    let next = stepFrom(a.delta, dense, code, a.charClass[text.charCodeAt(i)]!);
    const flagged = next < 0;
    if (flagged) next = -next - 1;
    const state = stateOfCode(a, next);
    states.push(state);
    const here: number[] = [];
    for (let s = a.patternAt[state]! >= 0 ? state : a.outLink[state]!; s >= 0; s = a.outLink[s]!) here.push(a.patternAt[s]!);
    // the sign bit is exactly "some pattern ends here"
    expect(flagged).toBe(here.length > 0);
    found.push(here);
    code = next;
  }
  return { states, found };
}

/** Pattern ids ending at each position, by brute force. */
function bruteForce(patterns: string[], text: string): number[][] {
  return [...text].map((_, i) =>
    patterns
      .map((p, id) => ({ p, id }))
      .filter(({ p }) => i + 1 >= p.length && text.slice(i + 1 - p.length, i + 1) === p)
      .sort((x, y) => y.p.length - x.p.length)
      .map(({ id }) => id),
  );
}

const alphabet = fc.constantFrom(' ', 'a', 'b', 'c', 'é');
const word = fc.array(alphabet, { minLength: 1, maxLength: 6 }).map((a) => a.join(''));

describe('buildAutomaton', () => {
  it('sparse states (any dense budget) step exactly like the fully dense table, and report every pattern', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 30 }),
        fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')),
        fc.integer({ min: 0, max: 400 }),
        (patterns, text, denseCells) => {
          const dense = run(patterns, text, Infinity);
          const mixed = run(patterns, text, denseCells);
          expect(mixed.states).toEqual(dense.states);
          expect(mixed.found).toEqual(dense.found);
          expect(dense.found.map((f) => [...f].sort())).toEqual(bruteForce(patterns, text).map((f) => f.sort()));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps a small set fully dense and a large one within the dense budget', () => {
    const small = buildAutomaton([' crm ', ' hubspot ']);
    expect(small.denseStates).toBe(small.stateCount);
    const many = Array.from({ length: 20_000 }, (_, i) => ` w${i.toString(36)}x `);
    const big = buildAutomaton(many, 1024);
    expect(big.denseStates * big.alphabetSize).toBeLessThanOrEqual(1024);
    expect(big.denseStates).toBeLessThan(big.stateCount);
    // far smaller than full rows for every state
    expect(big.delta.length).toBeLessThan((big.stateCount * big.alphabetSize) / 4);
  });
});
