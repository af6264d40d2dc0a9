import { afterEach, describe, expect, it, vi } from 'vitest';
import { refreshSession } from './client.ts';
import { forgetSession } from '../test-render.tsx';

/** Answers refreshes by URL; records each one. */
function stubRefresh(answer: (url: string) => number) {
  const urls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string) => {
      urls.push(url);
      const status = answer(url);
      return Promise.resolve(new Response(JSON.stringify(status === 200 ? {} : { status, code: 'not_a_member' }), { status }));
    }),
  );
  return urls;
}

afterEach(async () => {
  // refreshSession shares one promise with the callers of the same tick and lets it go one macrotask later.
  await new Promise((resolve) => setTimeout(resolve, 0));
  vi.unstubAllGlobals();
  forgetSession();
});

describe('refreshSession', () => {
  it('stays in the remembered workspace instead of the earliest one', async () => {
    document.cookie = 'ir_csrf=c';
    localStorage.setItem('ir_workspace', 'wb');
    const urls = stubRefresh(() => 200);
    expect(await refreshSession()).toBe(true);
    expect(urls).toEqual(['/api/v1/auth/refresh?workspaceId=wb']);
  });

  it('falls back to the earliest workspace and forgets the choice when no longer a member there', async () => {
    document.cookie = 'ir_csrf=c';
    localStorage.setItem('ir_workspace', 'wz');
    const urls = stubRefresh((url) => (url.includes('workspaceId=') ? 403 : 200));
    expect(await refreshSession()).toBe(true);
    expect(urls).toEqual(['/api/v1/auth/refresh?workspaceId=wz', '/api/v1/auth/refresh']);
    expect(localStorage.getItem('ir_workspace')).toBeNull();
  });

  it('does not call the gateway without a CSRF cookie', async () => {
    const urls = stubRefresh(() => 200);
    expect(await refreshSession()).toBe(false);
    expect(urls).toEqual([]);
  });
});
