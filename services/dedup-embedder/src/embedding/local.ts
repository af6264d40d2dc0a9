import { EMBEDDING_DIMENSIONS, type Embedder } from './embedder.ts';

/**
 * Deterministic offline embedding: feature hashing of word unigrams, word bigrams and character
 * 3-/4-grams into 384 signed buckets, log-scaled counts, L2-normalized. The text is normalized
 * first: NFKC, lower case, accents folded, links dropped.
 *
 * Signed hashing makes colliding features cancel out on average instead of piling up, so the
 * cosine of two vectors tracks the overlap of their features. Character n-grams make it robust
 * to typos, plurals and punctuation; bigrams reward the same phrasing. It is a lexical
 * similarity, not a semantic one, which is what repost detection needs.
 *
 * v2 (v1 weighted bigrams 0.8): one replaced word breaks two bigrams but one unigram, so heavy
 * bigrams pushed short reposts with two words changed below 0.92 (about 16% of 25-35-word reposts,
 * bench/store.ts); at 0.4 about 5% stay below while different posts on the same topic stay far
 * below (local.test.ts). A new model id because v1 and v2 vectors must never be compared.
 */
export const LOCAL_EMBEDDING_MODEL = 'local-hash-v2';

const WORD_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.4;
const CHAR_GRAM_WEIGHT = 0.35;
const CHAR_GRAM_SIZES = [3, 4] as const;
/** A word as both the embedding and the repost band keys see it. */
export const WORD = /[\p{L}\p{N}]+/gu;
/** Links differ between copies of a post (tracking parameters, shorteners) and say little about the need. */
const LINK = /\b(?:https?:\/\/|www\.)\S+/giu;
const COMBINING_MARK = /\p{M}+/gu;

/** The text as compared: links dropped, compatibility forms and accents folded, lower case. */
export function normalizeForEmbedding(text: string): string {
  return text
    .replace(LINK, ' ')
    .normalize('NFKD')
    .replace(COMBINING_MARK, '')
    .normalize('NFKC')
    .toLowerCase();
}

/** FNV-1a over a string's UTF-16 units, continuing from `seed` (also the repost band keys' shingle hash). */
export function fnv1a(text: string, seed: number, from = 0, to = text.length): number {
  let h = seed;
  for (let i = from; i < to; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** murmur3 finalizer: spreads FNV's weak low bits so bucket and sign are independent; a bijection on 32 bits. */
export function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const WORD_SEED = 0x811c9dc5;
const BIGRAM_SEED = 0x1b873593;
const CHAR_SEED = 0x27d4eb2f;

function add(counts: Float64Array, rawHash: number, weight: number): void {
  const h = mix(rawHash);
  // Bucket from the low bits, sign from the top bit; index*2+sign keys the signed bucket.
  counts[(h % EMBEDDING_DIMENSIONS) * 2 + (h >>> 31)]! += weight;
}

/** The text of a post that is embedded and fingerprinted: title then content. */
export function embeddableText(post: { title?: string | undefined; content: string }): string {
  return post.title ? `${post.title}\n${post.content}` : post.content;
}

/** Embeds one text; pure and synchronous. Empty text gives the zero vector. */
export function localEmbedding(text: string): number[] {
  const words = normalizeForEmbedding(text).match(WORD) ?? [];
  // Weight per signed bucket (index*2+sign). An array, not a Map: the embedding was 0.1 ms of
  // Node CPU per new post, mostly Map lookups; the sums (same additions in the same order) are
  // bit for bit the ones the Map gave.
  const counts = new Float64Array(EMBEDDING_DIMENSIONS * 2);
  let previous: string | undefined;
  for (const word of words) {
    add(counts, fnv1a(word, WORD_SEED), WORD_WEIGHT);
    if (previous !== undefined) add(counts, fnv1a(word, fnv1a(previous, BIGRAM_SEED) ^ 0x20), BIGRAM_WEIGHT);
    previous = word;
    const padded = `<${word}>`;
    for (const n of CHAR_GRAM_SIZES) {
      for (let i = 0; i + n <= padded.length; i++)
        add(counts, fnv1a(padded, CHAR_SEED + n, i, i + n), CHAR_GRAM_WEIGHT);
    }
  }
  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (let index = 0; index < EMBEDDING_DIMENSIONS; index++) {
    // log scaling: a word repeated ten times should not drown the rest of the post. A bucket with
    // both signs is the difference of the two (a - b = -b + a exactly, whichever came first).
    const positive = counts[index * 2]!;
    const negative = counts[index * 2 + 1]!;
    if (positive !== 0) vector[index] = Math.log1p(positive);
    if (negative !== 0) vector[index] = vector[index]! - Math.log1p(negative);
  }
  let norm = 0;
  for (const v of vector) norm += v * v;
  if (norm === 0) return vector;
  const scale = 1 / Math.sqrt(norm);
  return vector.map((v) => v * scale);
}

/** The default embedder: runs offline, same text => same vector on every machine. */
export function createLocalEmbedder(): Embedder {
  return {
    model: LOCAL_EMBEDDING_MODEL,
    embed: (texts) => Promise.resolve(texts.map(localEmbedding)),
  };
}
