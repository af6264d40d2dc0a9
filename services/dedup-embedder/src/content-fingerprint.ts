import { createHash } from 'node:crypto';

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Text normalized for exact-duplicate detection: NFKC, lower case, words only, single spaces.
 * A repost that differs only in case, punctuation, spacing or emoji normalizes to the same string.
 */
export function normalizeForFingerprint(text: string): string {
  return (text.normalize('NFKC').toLowerCase().match(WORD) ?? []).join(' ');
}

/** sha256 hex of the normalized text: equal hashes are the same post, whatever the platform. */
export function contentFingerprint(text: string): string {
  return createHash('sha256').update(normalizeForFingerprint(text)).digest('hex');
}
