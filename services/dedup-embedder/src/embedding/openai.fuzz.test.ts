import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EMBEDDING_DIMENSIONS, EmbeddingError } from './embedder.ts';
import { createOpenAIEmbedder, vectorsFromResponse } from './openai.ts';

// The OpenAI SDK reads globalThis.fetch when a client is built: the stub answers each embeddings
// request in-process with the generated body, so the SDK, our schema, the index/count/dimension
// checks and the normalization all run, with no network.
let nextBody = '{}';
beforeAll(() => {
  vi.stubGlobal('fetch', () =>
    Promise.resolve(new Response(nextBody, { status: 200, headers: { 'content-type': 'application/json' } })),
  );
});
afterAll(() => {
  vi.unstubAllGlobals();
});

/** A distinct, recognisable vector per input: component 0 carries the input's number. */
const sampleVectors = Array.from({ length: 5 }, (_, i) =>
  Array.from({ length: EMBEDDING_DIMENSIONS }, (_, d) => (d === 0 ? i + 1 : Math.sin(i * 31 + d))),
);
const vectorFor = (i: number) => sampleVectors[i]!;
const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

type Item = { object: string; index: unknown; embedding: unknown };
// Damage to one item: a wrong, repeated or missing index, a short or long vector, junk numbers.
const itemDamage = fc.oneof(
  fc.constant((it: Item) => it),
  fc.constant((it: Item) => ({ ...it, index: 0 })),
  fc.constant((it: Item) => ({ ...it, index: (it.index as number) + 7 })),
  fc
    .constantFrom<unknown>(-1, 1.5, '0', null, undefined, 1e308)
    .map((index) => (it: Item) => ({ ...it, index })),
  fc
    .integer({ min: 0, max: EMBEDDING_DIMENSIONS + 2 })
    .map((n) => (it: Item) => ({ ...it, embedding: (it.embedding as number[]).slice(0, n) })),
  fc.constant((it: Item) => ({ ...it, embedding: [...(it.embedding as number[]), 0.1] })),
  fc
    .tuple(
      fc.integer({ min: 0, max: EMBEDDING_DIMENSIONS - 1 }),
      fc.constantFrom<unknown>(null, '0.1', 1e308, -1e308, 5e-324, 0, true),
    )
    .map(([d, x]) => (it: Item) => ({
      ...it,
      embedding: (it.embedding as unknown[]).map((v, k) => (k === d ? x : v)),
    })),
  fc.constant((it: Item) => ({ ...it, embedding: new Array<number>(EMBEDDING_DIMENSIONS).fill(0) })),
  fc.constant((it: Item) => ({ ...it, embedding: new Array<number>(EMBEDDING_DIMENSIONS).fill(1e200) })),
);
const batch = fc.integer({ min: 1, max: 3 }).chain((n) =>
  fc.record({
    texts: fc.array(
      fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', '   ', '\u0000', 'x'.repeat(40_000))),
      { minLength: n, maxLength: n },
    ),
    // Mostly untouched items (valid answers, often out of order); otherwise 1-2 damaged ones.
    damage: fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant((it: Item) => it) }, itemDamage), {
      minLength: n,
      maxLength: n,
    }),
    order: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
    extra: fc.oneof({ weight: 9, arbitrary: fc.constant(0) }, fc.constantFrom(-1, 1)),
  }),
);
const junkBody = fc.oneof(
  fc.constantFrom(
    '',
    'null',
    '[]',
    '{"data":null}',
    '{"data":{}}',
    '{"data":[{}]}',
    '<html>',
    '{"error":{"message":"x"}}',
  ),
  fc.json(),
);

interface Case {
  texts: string[];
  items: Item[];
  /** What the SDK hands back: the parsed body, undefined when the body is not JSON. */
  raw: unknown;
  body: string;
}
/** A generated answer: the items sent (to check the mapping) and the JSON body. */
const toCase = (
  c: string | { texts: string[]; damage: ((it: Item) => Item)[]; order: number[]; extra: number },
): Case => {
  if (typeof c === 'string') return { texts: ['a'], items: [], raw: parsedOrUndefined(c), body: c };
  const items = c.order.map((i) => c.damage[i]!({ object: 'embedding', index: i, embedding: vectorFor(i) }));
  if (c.extra === 1)
    items.push({ object: 'embedding', index: items.length, embedding: vectorFor(items.length) });
  if (c.extra === -1) items.pop();
  const raw = { object: 'list', data: items, model: 'text-embedding-3-small', usage: { prompt_tokens: 3 } };
  // Serialized only when the SDK path asks for it: 3 x 384 numbers is most of a case's cost.
  return {
    texts: c.texts,
    items,
    raw,
    get body() {
      return JSON.stringify(raw);
    },
  };
};
function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
const cases = fc.oneof({ weight: 9, arbitrary: batch }, junkBody).map(toCase);

/**
 * The vector for text i is the one the API returned for index i, at unit length; a zero vector
 * stays zero (the store treats it as matching nothing, like the local embedder's empty text).
 */
function mapsInputs(vectors: number[][], { texts, items }: Case): boolean {
  return (
    vectors.length === texts.length &&
    vectors.every((v, i) => {
      const sent = items.find((it) => it.index === i)?.embedding as number[] | undefined;
      if (!sent || v.length !== EMBEDDING_DIMENSIONS) return false;
      if (sent.every((x) => x === 0)) return v.every((x) => x === 0);
      const expected = unit(sent);
      return Math.abs(Math.hypot(...v) - 1) < 1e-9 && v.every((x, d) => Math.abs(x - expected[d]!) < 1e-9);
    })
  );
}

describe('OpenAI embeddings response (fuzz)', () => {
  it('the response check returns one unit vector per input, in input order, or throws EmbeddingError (10k)', () => {
    let returned = 0;
    let refused = 0;
    fc.assert(
      fc.property(cases, (c) => {
        // A body that is not JSON fails inside the SDK, before our check runs.
        if (c.raw === undefined) return true;
        let vectors: number[][];
        try {
          vectors = vectorsFromResponse(c.raw, c.texts.length, 'm');
        } catch (err) {
          if (!(err instanceof EmbeddingError)) throw err;
          refused++;
          return true;
        }
        returned++;
        return mapsInputs(vectors, c);
      }),
      { numRuns: 10_000 },
    );
    expect(returned).toBeGreaterThan(1_000);
    expect(refused).toBeGreaterThan(1_000);
  });

  it('through the SDK: embed() gives the same guarantees (1k; ~0.5 ms a case)', async () => {
    const embedder = createOpenAIEmbedder({
      baseURL: 'http://embed.test/v1',
      apiKey: 'sk-test',
      maxRetries: 0,
    });
    let returned = 0;
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        nextBody = c.body;
        let vectors: number[][];
        try {
          vectors = await embedder.embed(c.texts);
        } catch (err) {
          if (!(err instanceof EmbeddingError)) throw err;
          return true;
        }
        returned++;
        return mapsInputs(vectors, c);
      }),
      { numRuns: 1_000 },
    );
    expect(returned).toBeGreaterThan(100);
  });
});
