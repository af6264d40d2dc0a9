import { createHash } from 'node:crypto';
import { normalizeInput } from './model/index.ts';

/** sha256 hex of the normalized text the model scores: the cache key and `contentHash` on the event. */
export function contentHash(title: string | undefined, content: string): string {
  return hashOfNormalized(normalizeInput(title, content).text);
}

/** contentHash of text normalizeInput already made. */
export function hashOfNormalized(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
