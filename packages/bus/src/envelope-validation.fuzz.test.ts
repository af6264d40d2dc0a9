import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { catalog, EVENT_TYPES } from '@intent-radar/proto-schemas';
import { describe, expect, it } from 'vitest';
import { validExamples } from '../../../proto-schemas/scripts/examples.ts';
import { checkEnvelope } from './envelope-validation.ts';
import { jsonPathsOf, type JsonPath } from './json-paths.ts';
import { fastParserOf } from './schema-fastpath.ts';


// Wrong types and edge values: NUL, lone surrogates, RTL marks, huge strings, odd numbers, nesting.
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1.5, 1e308, '', '\u0000', '\ud800', '\u202e', '1970-01-01T00:00:00Z', '00000000-0000-0000-0000-000000000000', 'x'.repeat(70_000), '🙂'.repeat(5_000)),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.double(),
  fc.integer(),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
);
// Keys stay short: zod echoes unknown key names into the issue text, so a 20k-char key makes a
// 20k-char reason (dead-letter() cuts it to MAX_REASON; the log line stays long). Values may be huge.
const extraKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'extra', 'k'.repeat(200)), fc.string({ maxLength: 8 }));

type Mutation = { path: JsonPath; kind: 'set' | 'delete' | 'add'; value: unknown; key: string };

function mutate(seed: unknown, mutations: Mutation[]): unknown {
  const root: unknown = structuredClone(seed);
  let out = root;
  for (const { path, kind, value, key } of mutations) {
    if (path.length === 0) {
      if (kind === 'set') out = structuredClone(value);
      continue;
    }
    let parent: unknown = out;
    for (const step of path.slice(0, -1)) parent = parent && typeof parent === 'object' ? (parent as Record<string, unknown>)[step] : undefined;
    if (!parent || typeof parent !== 'object') continue;
    const target = parent as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (kind === 'set') target[last] = structuredClone(value);
    else if (kind === 'delete') delete target[last];
    // A key is added to objects only: on an array a generated key such as "length" cannot be
    // defined at all (TypeError in the test itself), and a named key on an array is not JSON anyway.
    else if (target[last] && typeof target[last] === 'object' && !Array.isArray(target[last])) Object.defineProperty(target[last], key, { value: structuredClone(value), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A valid envelope of the given type with 0-3 fields replaced, removed or added. */
function nearValid(type: (typeof EVENT_TYPES)[number]): fc.Arbitrary<unknown> {
  const seed = validExamples[type];
  const mutation = fc.record({ path: fc.constantFrom(...jsonPathsOf(seed)), kind: fc.constantFrom('set', 'set', 'delete', 'add'), value: junk, key: extraKey }) as fc.Arbitrary<Mutation>;
  return fc.array(mutation, { maxLength: 3 }).map((ms) => mutate(seed, ms));
}

describe('checkEnvelope (fuzz): every consumed message passes through it', () => {
  it('refuses with a short issue list or accepts a value that checks again, never throws', () => {
    const type = fc.constantFrom(...EVENT_TYPES);
    // Mostly a damaged envelope of the right type; sometimes one of another type, sometimes anything.
    const cases = fc.tuple(type, type).chain(([expected, other]) =>
      fc.tuple(fc.constant(expected), fc.oneof({ weight: 8, arbitrary: nearValid(expected) }, { weight: 1, arbitrary: nearValid(other) }, { weight: 1, arbitrary: fc.anything() })),
    );
    let accepted = 0;
    let refused = 0;
    let longest = 0;
    fc.assert(
      fc.property(cases, ([expected, envelope]) => {
        // The consumer hands checkEnvelope what JSON.parse made of the bytes; the publisher hands it objects. Both.
        for (const input of [envelope, JSON.parse(JSON.stringify(envelope) ?? 'null') as unknown]) {
          const check = checkEnvelope(expected, input);
          // The fast path in front of zod: where it answers, zod gives the very same event.
          const fast = fastParserOf(catalog[expected].schema)(input);
          if (fast !== undefined) {
            const zod = catalog[expected].schema.safeParse(input);
            if (!zod.success || !isDeepStrictEqual(fast, zod.data) || JSON.stringify(fast) !== JSON.stringify(zod.data)) return false;
          }
          if (check.ok) {
            accepted++;
            const again = checkEnvelope(expected, check.event);
            if (!again.ok || !isDeepStrictEqual(again.event, check.event)) return false;
          } else {
            refused++;
            longest = Math.max(longest, check.issues.length);
            if (check.issues.length === 0) return false;
          }
        }
        return true;
      }),
      { numRuns: 10_000 },
    );
    expect(accepted).toBeGreaterThan(1_000);
    expect(refused).toBeGreaterThan(1_000);
    // A reason goes into a log line and a dead letter's headers: it stays short whatever the values.
    expect(longest).toBeLessThan(4_000);
  }, 20_000);
});
