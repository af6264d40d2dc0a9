import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMBEDDING_DIMENSIONS } from './embedder.ts';
import { createLocalEmbedder, localEmbedding } from './local.ts';

const cosine = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);
const norm = (a: number[]) => Math.sqrt(cosine(a, a));

const post =
  "Looking for a ZoomInfo alternative under $500/month. Apollo's data has been terrible for us, bounce rates over 30%. What are other sales teams using for B2B contact data?";
const THRESHOLD = 0.92;

describe('localEmbedding', () => {
  it('has 384 dimensions and unit length', () => {
    const v = localEmbedding(post);
    expect(v).toHaveLength(EMBEDDING_DIMENSIONS);
    expect(norm(v)).toBeCloseTo(1, 10);
  });

  it('is deterministic (same text, same vector, byte for byte)', async () => {
    const [a, b] = await createLocalEmbedder().embed([post, post]);
    expect(a).toEqual(localEmbedding(post));
    expect(b).toEqual(a);
  });

  it('gives the vectors local-hash-v2 has always given, bit for bit (stored vectors stay comparable)', () => {
    // sha256 of the Float64 bytes, recorded with the Map-based implementation before the array one.
    const digest = (text: string) =>
      createHash('sha256').update(Buffer.from(Float64Array.from(localEmbedding(text)).buffer)).digest('hex');
    expect(digest('Looking for an alternative to ZoomInfo, our team of 12 needs cleaner data')).toBe(
      '8c13e94e56d4f09cd54dd233e3e593d6fb44d1a1b2f32a138a659c2db64e1066',
    );
    expect(digest('Café crème: naïve señor ÉTÉ https://example.com/x?y=1 www.test.org/z')).toBe(
      '5acb2f89fb8e6f524954bf7589a932b6d65a22f056434f5b6be7750b90e14953',
    );
    expect(digest('spam spam spam spam spam eggs')).toBe('d5ce13359e6ef6ae278373ef277b494242b9debc059bd9dc225db27399b3a807');
  });

  it('gives the zero vector for text without words', () => {
    expect(localEmbedding(' ... !!! ').every((x) => x === 0)).toBe(true);
  });

  it('puts reposts above the default near-duplicate threshold', () => {
    const edited = post.replace('$500/month', '$500 a month').replace('for us,', 'for our team,');
    expect(cosine(localEmbedding(post), localEmbedding(edited))).toBeGreaterThan(THRESHOLD);
    expect(cosine(localEmbedding(post), localEmbedding(`Ask HN: ${post}`))).toBeGreaterThan(THRESHOLD);
    expect(cosine(localEmbedding(post), localEmbedding(post.toUpperCase()))).toBeCloseTo(1, 10);
  });

  it('puts reposts with a word or two changed above the threshold, short ones too', () => {
    const short =
      'Need a CRM for our 8 person agency, Pipedrive feels clunky and HubSpot gets too expensive once you add seats. What do small teams like ours use?';
    expect(cosine(localEmbedding(short), localEmbedding(short.replace('clunky', 'slow')))).toBeGreaterThan(
      THRESHOLD,
    );
    const medium =
      'Looking for a ZoomInfo alternative under $500/month. Apollo data has been terrible for us, bounce rates over 30%. What are other sales teams using for B2B contact data, ideally with a Salesforce integration and EU coverage?';
    const twoWords = medium.replace('terrible', 'awful').replace('ideally', 'preferably');
    expect(cosine(localEmbedding(medium), localEmbedding(twoWords))).toBeGreaterThan(THRESHOLD);
  });

  it('ignores links and folds accents', () => {
    const a = 'Looking for a café POS that works with Square https://example.com/post?utm_source=newsletter';
    const b = 'Looking for a cafe POS that works with Square https://t.co/Ab3dE';
    expect(cosine(localEmbedding(a), localEmbedding(b))).toBeCloseTo(1, 10);
  });

  it('keeps different posts on the same topic below the threshold', () => {
    const sameTopic =
      'Looking for a ZoomInfo alternative under $1000/month. Our team finds Apollo data quality poor. Which B2B data providers do sales teams recommend?';
    const opposite =
      'We just switched from ZoomInfo to Apollo and the data is great, bounce rates dropped under 5%. Happy to share our playbook.';
    expect(cosine(localEmbedding(post), localEmbedding(sameTopic))).toBeLessThan(THRESHOLD);
    expect(cosine(localEmbedding(post), localEmbedding(opposite))).toBeLessThan(0.6);
  });

  it('is unit length (or zero) for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const n = norm(localEmbedding(text));
        expect(n === 0 || Math.abs(n - 1) < 1e-9).toBe(true);
      }),
    );
  });

  it('embeds a post in well under a millisecond', () => {
    const start = performance.now();
    for (let i = 0; i < 2000; i++) localEmbedding(`${post} ${i}`);
    expect((performance.now() - start) / 2000).toBeLessThan(1);
  });
});
