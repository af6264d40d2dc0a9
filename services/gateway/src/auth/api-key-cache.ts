import type { ApiKeyRow } from './api-key-repository.ts';

/** How long a verified key is trusted without asking Postgres: a revocation elsewhere takes effect within this. */
export const API_KEY_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * Verified API keys kept briefly in memory, keyed by the key's sha256 (the key itself is never
 * held). Only hits are cached: an unknown key always reaches the database. A revocation through
 * this replica evicts at once; one through another replica is seen within the TTL.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, { key: ApiKeyRow; expiresAt: number }>();

  constructor(
    private readonly ttlMs = API_KEY_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get(hash: string): ApiKeyRow | undefined {
    const e = this.entries.get(hash);
    if (!e) return undefined;
    if (e.expiresAt <= this.now()) {
      this.entries.delete(hash);
      return undefined;
    }
    return e.key;
  }

  set(hash: string, key: ApiKeyRow): void {
    // Map keeps insertion order: past the cap, the oldest entry goes.
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.delete(hash);
    this.entries.set(hash, { key, expiresAt: this.now() + this.ttlMs });
  }

  /** Forgets a key by id (after it is revoked here). */
  evict(apiKeyId: string): void {
    for (const [hash, e] of this.entries) if (e.key.id === apiKeyId) this.entries.delete(hash);
  }
}
