import { describe, expect, it } from 'vitest';
import { ApiKeyRateLimiter } from './api-key-rate-limit.ts';

describe('ApiKeyRateLimiter', () => {
  it('allows a burst of the per-minute limit, then refills at that rate', () => {
    let now = 0;
    const limiter = new ApiKeyRateLimiter({ read: 60, write: 6, export: 1 }, () => now);
    for (let i = 0; i < 60; i++) expect(limiter.take('k1', 'read')).toBe(0);
    const wait = limiter.take('k1', 'read');
    expect(wait).toBeGreaterThan(0.99);
    expect(wait).toBeLessThanOrEqual(1);
    now += 1000;
    expect(limiter.take('k1', 'read')).toBe(0);
    expect(limiter.take('k1', 'read')).toBeGreaterThan(0);
  });

  it('keeps keys and route classes apart', () => {
    const limiter = new ApiKeyRateLimiter({ read: 2, write: 1, export: 1 }, () => 0);
    expect(limiter.take('k1', 'write')).toBe(0);
    expect(limiter.take('k1', 'write')).toBeCloseTo(60);
    expect(limiter.take('k1', 'read')).toBe(0);
    expect(limiter.take('k1', 'export')).toBe(0);
    expect(limiter.take('k2', 'write')).toBe(0);
  });

  it('never grants more than the limit in any minute, however the requests are spread', () => {
    let now = 0;
    const limiter = new ApiKeyRateLimiter({ read: 10, write: 1, export: 1 }, () => now);
    const granted: number[] = [];
    for (let i = 0; i < 5000; i++) {
      now += (i * 7919) % 97; // uneven gaps, 0-96 ms
      if (limiter.take('k', 'read') === 0) granted.push(now);
    }
    // Any 60 s window holds at most the burst (10) plus what refilled during it (10).
    for (let i = 0; i < granted.length; i++) {
      const inWindow = granted.filter((t) => t >= granted[i]! && t < granted[i]! + 60_000).length;
      expect(inWindow).toBeLessThanOrEqual(20);
    }
    expect(granted.length).toBeGreaterThan(10);
  });
});
