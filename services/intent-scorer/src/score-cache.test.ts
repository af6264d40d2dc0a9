import { describe, expect, it } from 'vitest';
import { contentHash } from './content-hash.ts';
import { relevanceProfile, scorePost } from './model/index.ts';
import { ScoreCache } from './score-cache.ts';

describe('ScoreCache', () => {
  it('evicts the least recently used entry', () => {
    const cache = new ScoreCache(2);
    const a = { analysis: scorePost({ content: 'a' }), relevance: relevanceProfile(undefined, 'a') };
    cache.set('x', a);
    cache.set('y', a);
    expect(cache.get('x')).toBe(a); // x is now the most recent
    cache.set('z', a);
    expect(cache.get('y')).toBeUndefined();
    expect(cache.get('x')).toBe(a);
    expect(cache.size).toBe(2);
  });

  it('stores nothing with capacity 0', () => {
    const cache = new ScoreCache(0);
    cache.set('x', { analysis: scorePost({ content: 'a' }), relevance: relevanceProfile(undefined, 'a') });
    expect(cache.get('x')).toBeUndefined();
  });
});

describe('contentHash', () => {
  it('hashes the normalized text, so markup and spacing do not split the cache', () => {
    expect(contentHash('T', 'Need a   CRM')).toBe(contentHash('T', '<p>Need a CRM</p>'));
    expect(contentHash('T', 'Need a CRM')).not.toBe(contentHash('T', 'Need an ATS'));
    expect(contentHash(undefined, 'x')).toMatch(/^[0-9a-f]{64}$/);
  });
});
