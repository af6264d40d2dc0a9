import { describe, expect, it } from 'vitest';
import { wireSandbox } from './sandbox-wiring.ts';

const url = 'http://127.0.0.1:4100';

describe('wireSandbox', () => {
  it('points every unconfigured API at the sandbox', () => {
    const { env, sandboxed } = wireSandbox({}, url, 2525);
    expect(env.REDDIT_BASE_URL).toBe(`${url}/reddit`);
    expect(env.SMTP_URL).toBe('smtp://127.0.0.1:2525');
    expect(env.OUTBOUND_ALLOW_HTTP_HOSTS).toBe('127.0.0.1:4100');
    expect(sandboxed).toContain('hunter');
  });

  it('leaves an API with real credentials entirely alone', () => {
    const { env, sandboxed } = wireSandbox({ HUNTER_API_KEY: 'real-key', REDDIT_BASE_URL: 'https://oauth.reddit.com' }, url, 2525);
    expect(env.HUNTER_BASE_URL).toBeUndefined();
    expect(env.HUNTER_API_KEY).toBe('real-key');
    expect(env.REDDIT_CLIENT_ID).toBeUndefined();
    expect(sandboxed).not.toContain('hunter');
    expect(sandboxed).not.toContain('reddit');
    expect(env.X_BASE_URL).toBe(`${url}/x`);
  });
});
