import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { catalog, EVENT_TYPES } from '@intent-radar/proto-schemas';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { validExamples } from '../../../proto-schemas/scripts/examples.ts';
import { checkEnvelope } from './envelope-validation.ts';
import { fastParserOf } from './schema-fastpath.ts';

/** The fast path gave up, or gave exactly zod's output (same fields, same order, same values). */
function agreesWithZod(schema: z.ZodType, input: unknown): { fast: boolean; ok: boolean } {
  const fast = fastParserOf(schema)(input);
  if (fast === undefined) return { fast: false, ok: true };
  const zod = schema.safeParse(input);
  return { fast: true, ok: zod.success && isDeepStrictEqual(fast, zod.data) && JSON.stringify(fast) === JSON.stringify(zod.data) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('fastParserOf', () => {
  it('parses every catalog example as zod does, without zod', () => {
    for (const type of EVENT_TYPES) {
      const example = JSON.parse(JSON.stringify(validExamples[type])) as unknown;
      const out = fastParserOf(catalog[type].schema)(example);
      // deadletter.v1 has a record (zod parses that part); every other type is parsed whole.
      expect(out, type).toEqual(catalog[type].schema.parse(example));
      expect(agreesWithZod(catalog[type].schema, example), type).toEqual({ fast: true, ok: true });
    }
  });

  it('checkEnvelope leaves valid hot events to the fast path and invalid ones to zod (its issues)', () => {
    const schema = catalog['post.raw.v1'].schema;
    const parse = vi.spyOn(schema, 'safeParse');
    const valid = JSON.parse(JSON.stringify(validExamples['post.raw.v1'])) as Record<string, unknown>;
    expect(checkEnvelope('post.raw.v1', valid).ok).toBe(true);
    expect(parse).not.toHaveBeenCalled();
    const bad = { ...valid, data: { ...(valid.data as object), url: '' } };
    expect(checkEnvelope('post.raw.v1', bad)).toEqual({ ok: false, issues: expect.stringMatching(/^data\.url: /) as string });
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('fills defaults, strips unknown keys, keeps a present undefined optional key, in schema order', () => {
    const schema = z.object({ a: z.string().optional(), b: z.array(z.string()).default([]), c: z.number().int() });
    const input = { extra: 1, c: 2, a: undefined };
    const out = fastParserOf(schema)(input);
    expect(out).toStrictEqual(schema.parse(input));
    expect(Object.keys(out as object)).toEqual(['a', 'b', 'c']);
    expect(fastParserOf(schema)({ c: 2 })).toStrictEqual({ b: [], c: 2 });
  });

  it('counts string lengths in code points, as zod does', () => {
    const schema = z.object({ s: z.string().min(2).max(3), h: z.string().length(2).optional() });
    for (const s of ['🙂🙂🙂', '🙂🙂🙂🙂', 'ab', 'a', '🙂', '\ud83d', '\ud83d\ud83d', 'abcd', '🙂a', 'a\ude42\ud83d']) {
      for (const h of [undefined, '🙂🙂', 'ab', '🙂', 'abc']) {
        const input = h === undefined ? { s } : { s, h };
        expect(agreesWithZod(schema, input), JSON.stringify(input)).toMatchObject({ ok: true });
        expect(fastParserOf(schema)(input) !== undefined, JSON.stringify(input)).toBe(schema.safeParse(input).success);
      }
    }
  });

  it('gives up on every number zod refuses: non-finite, unsafe integers, out of bounds', () => {
    const schema = z.object({ n: z.number().int().min(1).max(10), x: z.number().nonnegative(), y: z.number().gt(0).lt(1) });
    const values = [0, 1, 10, 11, 5.5, -0, NaN, Infinity, -Infinity, 2 ** 53, 0.5, 1e-9, '1', null];
    for (const n of values)
      for (const x of values)
        for (const y of [0, 0.5, 1, NaN]) {
          const input = { n, x, y };
          expect(agreesWithZod(schema, input)).toMatchObject({ ok: true });
          expect(fastParserOf(schema)(input) !== undefined).toBe(schema.safeParse(input).success);
        }
  });

  it('hands kinds it does not know (record, union, refine) to zod and still parses the rest', () => {
    const schema = z.object({
      r: z.record(z.string(), z.number()),
      u: z.union([z.string(), z.number()]),
      f: z.string().refine((s) => s.startsWith('x')),
      t: z.tuple([z.number(), z.number()]),
    });
    expect(fastParserOf(schema)({ r: { a: 1 }, u: 2, f: 'xy', t: [1, 2] })).toEqual({ r: { a: 1 }, u: 2, f: 'xy', t: [1, 2] });
    expect(fastParserOf(schema)({ r: { a: 1 }, u: 2, f: 'y', t: [1, 2] })).toBeUndefined();
    expect(fastParserOf(schema)({ r: { a: 1 }, u: 2, f: 'x', t: [1, 2, 3] })).toBeUndefined();
  });

  it('leaves everything to zod where code generation is disallowed', () => {
    const here = (path: string) => JSON.stringify(fileURLToPath(new URL(path, import.meta.url)));
    const script = `
      const { validExamples } = await import(${here('../../../proto-schemas/scripts/examples.ts')});
      const { checkEnvelope } = await import(${here('./envelope-validation.ts')});
      const raw = validExamples['post.raw.v1'];
      const ok = checkEnvelope('post.raw.v1', JSON.parse(JSON.stringify(raw)));
      const bad = checkEnvelope('post.raw.v1', { ...raw, data: { ...raw.data, url: '' } });
      process.stdout.write(JSON.stringify({ ok: ok.ok, bad }));`;
    const run = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', '--input-type=module', '--eval', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, bad: { ok: false, issues: expect.stringMatching(/^data\.url: /) as string } });
  }, 20_000);

  it('agrees with zod on damaged and arbitrary envelopes of every type (property)', () => {
    const type = fc.constantFrom(...EVENT_TYPES);
    // Valid examples with one field replaced by anything, or removed; and plain arbitrary values.
    const damaged = type.chain((t) => {
      const example = validExamples[t] as unknown as { data: Record<string, unknown> };
      const keys = Object.keys(example.data);
      return fc.tuple(
        fc.constant(t),
        fc.oneof(
          fc.tuple(fc.constantFrom(...keys), fc.oneof(fc.anything(), fc.string({ unit: 'binary', maxLength: 400 }), fc.double())).map(([k, v]) => ({ ...example, data: { ...example.data, [k]: v } })),
          fc.constantFrom(...keys).map((k) => {
            const { [k]: _gone, ...data } = example.data;
            return { ...example, data };
          }),
          fc.anything(),
        ),
      );
    });
    let fast = 0;
    fc.assert(
      fc.property(damaged, ([t, input]) => {
        const r = agreesWithZod(catalog[t].schema, input);
        if (r.fast) fast++;
        return r.ok;
      }),
      { numRuns: 5_000 },
    );
    expect(fast).toBeGreaterThan(500);
  }, 30_000);
});
