import { describe, expect, it } from 'vitest';
import { localEmbedding } from '../embedding/local.ts';
import { linkWithinBatch, type BatchCandidate } from './batch-duplicates.ts';

const day = 86_400_000;
const candidate = (text: string, hash: string, postedAtMs = 0): BatchCandidate => ({
  contentHash: hash,
  postedAtMs,
  vector: localEmbedding(text),
});
const text =
  'Looking for a ZoomInfo alternative under $500/month, Apollo bounce rates are over 30% for our SDR team';

describe('linkWithinBatch', () => {
  it('links an exact copy and a near copy to the earlier post, and leaves other posts alone', () => {
    const links = linkWithinBatch(
      [
        candidate(text, 'a'),
        candidate('Evaluating Gong versus Chorus for call recording, 25 seats, decision next month', 'b'),
        candidate(text, 'a'),
        candidate(`Ask HN: ${text}`, 'c'),
      ],
      0.92,
      7,
    );
    expect(links[0]).toBeUndefined();
    expect(links[1]).toBeUndefined();
    expect(links[2]).toEqual({ index: 0, reason: 'exact', similarity: 1 });
    expect(links[3]).toMatchObject({ index: 0, reason: 'near' });
    expect(links[3]!.similarity).toBeGreaterThanOrEqual(0.92);
  });

  it('never links posts further apart than the window, nor a post to a later one', () => {
    const links = linkWithinBatch([candidate(text, 'a', 10 * day), candidate(text, 'a', 0)], 0.92, 7);
    expect(links).toEqual([undefined, undefined]);
    const within = linkWithinBatch([candidate(text, 'a', 3 * day), candidate(text, 'a', 0)], 0.92, 7);
    expect(within).toEqual([undefined, { index: 0, reason: 'exact', similarity: 1 }]);
  });

  it('never links the zero vector (text without words)', () => {
    expect(linkWithinBatch([candidate('!!!', 'x'), candidate('???', 'y')], 0.92, 7)).toEqual([
      undefined,
      undefined,
    ]);
  });

  it('links a repeat stored without a vector by its text only, and never compares vectors with it', () => {
    const noVector = (hash: string): BatchCandidate => ({ contentHash: hash, postedAtMs: 0, vector: [] });
    const links = linkWithinBatch([candidate(text, 'a'), noVector('a'), noVector('b'), candidate(text, 'd')], 0.92, 7);
    expect(links).toEqual([undefined, { index: 0, reason: 'exact', similarity: 1 }, undefined, { index: 0, reason: 'near', similarity: expect.closeTo(1, 6) as number }]);
  });

  it('compares with the batch originals only: not with stored-matched posts nor with linked ones', () => {
    // Unit vectors on a circle: each is 0.96 from its neighbour, 0.84 from the one after.
    const step = Math.acos(0.96);
    const at = (k: number, hash: string, stored = false): BatchCandidate => ({ contentHash: hash, postedAtMs: 0, vector: [Math.cos(k * step), Math.sin(k * step)], stored });
    const links = linkWithinBatch([at(0, 'a', true), at(1, 'b'), at(2, 'c'), at(3, 'd')], 0.92, 7);
    // 0 has a stored original: not linked, and 'b' (0.96 from it) is not linked to it either.
    expect(links[0]).toBeUndefined();
    expect(links[1]).toBeUndefined();
    // 'c' repeats the batch original 'b'.
    expect(links[2]).toMatchObject({ index: 1, reason: 'near' });
    // 'd' is 0.96 from 'c' but 'c' is a repeat; from the original 'b' it is 0.84: an original itself.
    expect(links[3]).toBeUndefined();
  });
});

