import { parseEnv } from '@intent-radar/config';
import { describe, expect, it } from 'vitest';
import { enricherEnv, withSandboxCredentials } from './config.ts';

describe('enricher config', () => {
  it('defaults to the real hosts, no keys, charge-only-reachable on', () => {
    const c = parseEnv(enricherEnv, {});
    expect([c.HUNTER_BASE_URL, c.SERPAPI_BASE_URL, c.BRIGHTDATA_BASE_URL, c.X_BASE_URL]).toEqual([
      'https://api.hunter.io/v2',
      'https://serpapi.com',
      'https://api.brightdata.com',
      'https://api.x.com',
    ]);
    expect([c.HUNTER_API_KEY, c.ENRICH_CHARGE_ONLY_REACHABLE, c.ENRICH_CACHE_TTL_DAYS]).toEqual(['', true, 30]);
  });

  it('names a bad variable', () => {
    expect(() => parseEnv(enricherEnv, { ENRICH_BRIGHTDATA_DEADLINE_MS: 'soon' })).toThrow(/ENRICH_BRIGHTDATA_DEADLINE_MS/);
  });

  it('fills placeholder keys only for loopback (sandbox) base URLs, never over a real key', () => {
    const env = withSandboxCredentials({
      HUNTER_BASE_URL: 'http://127.0.0.1:4100/hunter/v2',
      SERPAPI_BASE_URL: 'https://serpapi.com',
      X_BASE_URL: 'http://127.0.0.1:4100/x',
      X_BEARER_TOKEN: 'real',
    });
    expect(env.HUNTER_API_KEY).toBe('sandbox');
    expect(env.SERPAPI_API_KEY).toBeUndefined();
    expect(env.X_BEARER_TOKEN).toBe('real');
  });
});
