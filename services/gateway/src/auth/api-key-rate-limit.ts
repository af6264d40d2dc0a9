/** Route classes limited separately: a burst of reads must not block writes, and exports are costly. */
export type RateClass = 'read' | 'write' | 'export';

export type RatePerMinute = Record<RateClass, number>;

interface Bucket {
  tokens: number;
  at: number;
}

const MAX_BUCKETS = 50_000;

/**
 * Token buckets per API key and route class, in this process. Why not Postgres like the login
 * throttle: that one must be exact across replicas (brute force), while this one only keeps a
 * runaway script from hogging the API, and a database write per API request would cost more
 * than the feed's whole latency budget allows. With R replicas a key can reach R x the limit
 * (requests spread over replicas); set the per-minute values with that in mind.
 */
export class ApiKeyRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perMinute: RatePerMinute,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds until one is available. */
  take(apiKeyId: string, cls: RateClass): number {
    const capacity = this.perMinute[cls];
    const perMs = capacity / 60_000;
    const id = `${apiKeyId}:${cls}`;
    const now = this.now();
    const b = this.buckets.get(id) ?? { tokens: capacity, at: now };
    b.tokens = Math.min(capacity, b.tokens + (now - b.at) * perMs);
    b.at = now;
    if (!this.buckets.has(id)) {
      if (this.buckets.size >= MAX_BUCKETS) this.sweep(now);
      this.buckets.set(id, b);
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return perMs > 0 ? (1 - b.tokens) / perMs / 1000 : 60;
  }

  /** Drops buckets that have refilled completely (they are the same as no bucket). */
  private sweep(now: number): void {
    for (const [id, b] of this.buckets) {
      const cls = id.slice(id.lastIndexOf(':') + 1) as RateClass;
      const capacity = this.perMinute[cls];
      if (b.tokens + ((now - b.at) * capacity) / 60_000 >= capacity) this.buckets.delete(id);
    }
    // Every bucket busy (an attack with many keys): start over rather than grow without bound.
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
  }
}
