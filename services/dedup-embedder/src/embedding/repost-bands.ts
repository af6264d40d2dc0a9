import { fnv1a, mix, normalizeForEmbedding, WORD } from './local.ts';

/**
 * Repost band keys: MinHash LSH over the word unigrams and bigrams of a post's normalized text
 * (the same normalization as the local embedding). Two posts share at least one key with
 * probability 1 - (1 - J^ROWS)^BANDS, J being the Jaccard similarity of their shingle sets: for a
 * repost with a few words changed (J >= 0.7) that is over 99.9%, for unrelated posts on the same
 * topic (J ~0.03) a few in a million.
 *
 * Stored in posts.band_keys (GIN, migration 030) and checked before the HNSW k-NN: an exact,
 * index-backed candidate lookup whose hits are then confirmed by cosine on the stored vectors of
 * the same embedding model. The k-NN alone missed about half of the reposts above the threshold
 * at 1M posts (docs/benchmarks.md, Store). The keys depend on the text only, not on the
 * embedding model, so the same keys serve the local and the OpenAI embeddings.
 *
 * Unigrams keep short posts (HN titles: 4-12 words) findable after one word is changed, which
 * bigrams alone would not; bigrams keep unrelated posts that share common words apart. ROWS and
 * BANDS were chosen on the bench's synthetic reposts and on reworded intent-dev texts.
 */
export const REPOST_BAND_ROWS = 5;
export const REPOST_BAND_COUNT = 20;
/** Changing the scheme changes this seed, so keys of two schemes never collide by accident. */
const SCHEME_SEED = 0x5eed_0001;
/** Fewer words than this give keys shared by too many unrelated posts; the k-NN still checks them. */
const MIN_WORDS = 3;

const HASH_SEEDS = Array.from({ length: REPOST_BAND_ROWS * REPOST_BAND_COUNT }, (_, i) =>
  mix(Math.imul(i + 1, 0x9e3779b9) ^ SCHEME_SEED),
);
const UNIGRAM_SEED = 0x2545f491;
const BIGRAM_SEED = 0x68e31da4;

/** The shingle hashes of a text: each distinct word and each pair of adjacent words. */
function shingleHashes(words: readonly string[]): Uint32Array {
  const hashes = new Set<number>();
  let previous = 0;
  words.forEach((word, i) => {
    const h = fnv1a(word, UNIGRAM_SEED);
    hashes.add(mix(h));
    if (i > 0) hashes.add(mix(fnv1a(word, previous ^ BIGRAM_SEED)));
    previous = h;
  });
  return Uint32Array.from(hashes);
}

/**
 * The band keys of a text (REPOST_BAND_COUNT signed 64-bit integers as decimal strings, the form
 * Postgres reads into int8[]), or an empty list for texts under MIN_WORDS words.
 */
export function repostBandKeys(text: string): string[] {
  const words = normalizeForEmbedding(text).match(WORD) ?? [];
  if (words.length < MIN_WORDS) return [];
  const shingles = shingleHashes(words);
  const minima = new Uint32Array(HASH_SEEDS.length).fill(0xffffffff);
  for (const s of shingles) {
    for (let k = 0; k < HASH_SEEDS.length; k++) {
      // mix is a bijection, so x ^ seed -> mix is one random-looking permutation per seed.
      const h = mix(s ^ HASH_SEEDS[k]!);
      if (h < minima[k]!) minima[k] = h;
    }
  }
  const keys: string[] = [];
  for (let band = 0; band < REPOST_BAND_COUNT; band++) {
    // Two independent 32-bit hashes of (band, its rows' minima) make the 64-bit key.
    let hi = mix(SCHEME_SEED ^ Math.imul(band + 1, 0x85ebca6b));
    let lo = mix(hi ^ 0x27d4eb2f);
    for (let r = 0; r < REPOST_BAND_ROWS; r++) {
      const m = minima[band * REPOST_BAND_ROWS + r]!;
      hi = mix(Math.imul(hi ^ m, 0x01000193));
      lo = mix(Math.imul(lo ^ m, 0x01000193) ^ 0x9e3779b9);
    }
    keys.push(BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString());
  }
  return keys;
}

/** The keys as a Postgres int8[] literal ('{...}'), or null when the text has none. */
export function bandKeysLiteral(keys: readonly string[]): string | null {
  return keys.length === 0 ? null : `{${keys.join(',')}}`;
}
