import { describe, expect, it } from 'vitest';
import { localEmbedding } from './local.ts';
import { bandKeysLiteral, REPOST_BAND_COUNT, repostBandKeys } from './repost-bands.ts';

const shared = (a: string[], b: string[]) => a.filter((k) => b.includes(k)).length;
const cosine = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);

const post =
  'Looking for a ZoomInfo alternative under $500/month, Apollo data has been terrible for our SDR team';

describe('repostBandKeys', () => {
  it('gives REPOST_BAND_COUNT signed 64-bit keys, the same for the same text', () => {
    const keys = repostBandKeys(post);
    expect(keys).toHaveLength(REPOST_BAND_COUNT);
    for (const k of keys) {
      expect(BigInt(k)).toBeGreaterThanOrEqual(-(2n ** 63n));
      expect(BigInt(k)).toBeLessThan(2n ** 63n);
    }
    expect(repostBandKeys(post)).toEqual(keys);
    // Case, accents, punctuation and links are normalized away as in the embedding.
    expect(repostBandKeys(`${post.toUpperCase()}!!! https://example.test/x?utm=1`)).toEqual(keys);
  });

  it('shares keys between a post and its reworded reposts', () => {
    const reposts = [
      post.replace('Looking', 'Searching'),
      `Reposting: ${post}`,
      post.replace('terrible', 'awful'),
      `${post} thanks!`,
    ];
    const original = repostBandKeys(post);
    for (const text of reposts) {
      expect(cosine(localEmbedding(text), localEmbedding(post))).toBeGreaterThanOrEqual(0.92);
      expect(shared(repostBandKeys(text), original)).toBeGreaterThan(0);
    }
    // A short title with one word changed still shares a key with the original.
    const title = 'Show HN: Ryver, a Slack alternative for teams that outgrew free plans';
    expect(shared(repostBandKeys(title.replace('Show HN: ', '')), repostBandKeys(title))).toBeGreaterThan(0);
  });

  it('shares no key between different posts on the same topic', () => {
    const others = [
      'Apollo or ZoomInfo for a 5 person SDR team? Budget is tight, around $300 a month',
      'Our ZoomInfo renewal is $30k, what are other sales teams using for contact data',
      'Anyone using Clay for enrichment instead of ZoomInfo? Looking for honest reviews',
    ];
    const original = repostBandKeys(post);
    for (const text of others) expect(shared(repostBandKeys(text), original)).toBe(0);
  });

  it('gives no keys to texts under three words, whose keys would be shared by too many posts', () => {
    expect(repostBandKeys('thanks!')).toEqual([]);
    expect(repostBandKeys('great idea')).toEqual([]);
    expect(bandKeysLiteral([])).toBeNull();
    expect(bandKeysLiteral(['1', '-2'])).toBe('{1,-2}');
  });
});
