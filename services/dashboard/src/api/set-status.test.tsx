import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keys, useSetStatus } from './queries.ts';
import type { SignalDetail } from './types.ts';

const id = '11111111-1111-4111-8111-111111111111';

function setup(status: number) {
  const qc = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  qc.setQueryData(keys.signal(id), { id, status: 'new' });
  const problem = { type: 'about:blank', title: 'Internal', status, detail: 'database unavailable' };
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.resolve(new Response(JSON.stringify(status < 400 ? { id, status: 'contacted' } : problem), { status, headers: { 'content-type': 'application/json' } }))),
  );
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={qc}>{children}</QueryClientProvider>;
  const { result } = renderHook(() => useSetStatus(), { wrapper });
  return { qc, result, status: () => qc.getQueryData<SignalDetail>(keys.signal(id))?.status };
}

afterEach(() => vi.unstubAllGlobals());

describe('useSetStatus', () => {
  it('shows the new status at once and keeps it when the API agrees', async () => {
    const s = setup(200);
    act(() => s.result.current.mutate({ id, status: 'contacted' }));
    expect(s.status()).toBe('contacted');
    await waitFor(() => expect(s.result.current.isSuccess).toBe(true));
    expect(s.status()).toBe('contacted');
  });

  it('puts the previous status back when the API refuses', async () => {
    const s = setup(500);
    act(() => s.result.current.mutate({ id, status: 'contacted' }));
    await waitFor(() => expect(s.result.current.isError).toBe(true));
    expect(s.status()).toBe('new');
  });
});
