import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useLiveFeed } from './live.ts';
import { keys, useStats } from './queries.ts';
import type { Stats } from './types.ts';

/** The part of EventSource the live feed uses; tests push events into the newest instance. */
class FakeEventSource {
  static readonly CLOSED = 2;
  static last: FakeEventSource | undefined;
  readyState = 1;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private readonly handlers = new Map<string, (e: MessageEvent<string>) => void>();
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, handler: (e: MessageEvent<string>) => void) {
    this.handlers.set(type, handler);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(type: string, data: unknown, id: string) {
    this.handlers.get(type)?.(new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id }));
  }
}

let seq = 0;
const arrival = () => {
  seq++;
  FakeEventSource.last!.emit('signal.created.v1', { signalId: `s${seq}`, intentScore: 8, platform: 'reddit' }, String(seq));
};

/** /stats answers only when the test resolves it, so a fetch can be held in flight. */
function stubStats() {
  const pending: ((today: number) => void)[] = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string) => {
      if (!url.includes('/stats')) return Promise.resolve(new Response('{}', { status: 200 }));
      return new Promise<Response>((resolve) => {
        pending.push((today) => resolve(new Response(JSON.stringify({ today, week: today, highIntent: 0, enriched: 0, credits: 250, daily: [] }), { status: 200 })));
      });
    }),
  );
  return pending;
}

function renderLiveStats(statsRefreshMs: number) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={qc}>{children}</QueryClientProvider>;
  renderHook(() => {
    useLiveFeed(true, statsRefreshMs);
    return useStats(7);
  }, { wrapper });
  return () => qc.getQueryData<Stats>(keys.stats(7))?.today;
}

/** Live feed and stats mounted, the first /stats call answered with 0 arrivals today. */
async function startAtZero(statsRefreshMs: number) {
  const pending = stubStats();
  const today = renderLiveStats(statsRefreshMs);
  await waitFor(() => expect(pending).toHaveLength(1));
  act(() => pending[0]!(0));
  await waitFor(() => expect(today()).toBe(0));
  return { pending, today };
}

afterEach(() => vi.unstubAllGlobals());

describe('useLiveFeed stats refresh', () => {
  it('shows new arrivals in the stats even while events keep coming faster than /stats answers', async () => {
    const { pending, today } = await startAtZero(60_000);

    act(() => arrival());
    expect(pending).toHaveLength(2);
    // More arrivals while that /stats call is in flight: they must neither cancel it nor start one each.
    act(() => {
      for (let i = 0; i < 10; i++) arrival();
    });
    // Before the fix each arrival cancelled the call in flight, so this answer was thrown away.
    act(() => pending[1]!(11));
    await waitFor(() => expect(today()).toBe(11));
    expect(pending).toHaveLength(2);
  });

  it('refreshes once more at the end of the window, so the last arrival of a burst is counted', async () => {
    const { pending, today } = await startAtZero(150);

    act(() => arrival());
    act(() => pending[1]!(1));
    await waitFor(() => expect(today()).toBe(1));
    act(() => {
      for (let i = 0; i < 5; i++) arrival();
    });
    expect(pending).toHaveLength(2);
    await waitFor(() => expect(pending).toHaveLength(3));
    act(() => pending[2]!(6));
    await waitFor(() => expect(today()).toBe(6));
    expect(pending).toHaveLength(3);
  });
});
