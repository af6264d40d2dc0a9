import { describe, expect, it } from 'vitest';
import { ApiKeyCache } from './api-key-cache.ts';

const key = (id: string) => ({ id, workspaceId: '00000000-0000-4000-8000-000000000001', scopes: ['read' as const] });

describe('ApiKeyCache', () => {
  it('serves a verified key until the TTL passes, then asks again', () => {
    let now = 1_000;
    const cache = new ApiKeyCache(5_000, () => now);
    cache.set('h1', key('k1'));
    now += 4_999;
    expect(cache.get('h1')?.id).toBe('k1');
    now += 1;
    expect(cache.get('h1')).toBeUndefined();
  });

  it('forgets a revoked key at once', () => {
    const cache = new ApiKeyCache(5_000, () => 0);
    cache.set('h1', key('k1'));
    cache.set('h2', key('k2'));
    cache.evict('k1');
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.get('h2')?.id).toBe('k2');
  });

  it('stays bounded: past the cap the oldest entry goes', () => {
    const cache = new ApiKeyCache(60_000, () => 0);
    for (let i = 0; i <= 10_000; i++) cache.set(`h${i}`, key(`k${i}`));
    expect(cache.get('h0')).toBeUndefined();
    expect(cache.get('h1')?.id).toBe('k1');
    expect(cache.get('h10000')?.id).toBe('k10000');
  });
});
