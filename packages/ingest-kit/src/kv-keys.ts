import { createHash } from 'node:crypto';

/**
 * A short stable digest of a query key. KV keys and msg ids allow only a small alphabet and
 * limited length, while a query key is free text up to 2000 characters.
 */
export function keyDigest(queryKey: string): string {
  return createHash('sha256').update(queryKey).digest('hex').slice(0, 32);
}
