import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { API_BASE, refreshSession } from './client.ts';
import { keys, usePatchSignalCache } from './queries.ts';
import type { EnrichOutcome, Signal, SignalStatus } from './types.ts';

export type LiveState = 'connecting' | 'live' | 'offline';

/** What the feed needs from the live stream: new arrivals to offer in the pill, and the connection state. */
export interface LiveFeed {
  state: LiveState;
  arrived: Signal[];
  /** Clears the pill after the feed has been refreshed to include the arrivals. */
  take(): void;
}

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** Maps a signal.created event to the feed's card shape (the event carries pain points too). */
export function signalFromEvent(raw: unknown): Signal | null {
  const d = record(raw);
  const id = str(d.signalId);
  if (!id || typeof d.intentScore !== 'number') return null;
  const author = record(d.author);
  const now = new Date().toISOString();
  return {
    id,
    monitorId: str(d.monitorId) ?? '',
    monitorName: str(d.monitorName) ?? '',
    postId: str(d.postId) ?? '',
    status: 'new',
    intentScore: d.intentScore,
    platform: str(d.platform) ?? 'unknown',
    url: str(d.url) ?? '',
    title: str(d.title),
    excerpt: str(d.excerpt) ?? '',
    author: { handle: str(author.handle) ?? 'unknown', displayName: str(author.displayName), profileUrl: str(author.profileUrl) },
    summary: str(d.summary),
    decisionStage: str(d.decisionStage),
    postedAt: str(d.postedAt) ?? now,
    createdAt: now,
    updatedAt: now,
    painPoints: Array.isArray(d.painPoints) ? d.painPoints.filter((p): p is string => typeof p === 'string') : [],
    competitors: Array.isArray(d.competitors) ? d.competitors.filter((c): c is string => typeof c === 'string') : [],
  };
}

/** Live events refresh the stats cards at most this often (milliseconds): a burst of arrivals is one /stats call, not one per event. */
export const STATS_REFRESH_MS = 5_000;

/**
 * Subscribes to GET /stream (SSE). New signals collect behind a pill instead of moving the list;
 * status changes and enrichment results patch the cache in place. EventSource resumes with
 * Last-Event-ID by itself; a refused stream (expired access token) is refreshed and reopened.
 */
export function useLiveFeed(enabled = true, statsRefreshMs = STATS_REFRESH_MS): LiveFeed {
  const qc = useQueryClient();
  const patch = usePatchSignalCache();
  const patchRef = useRef(patch);
  patchRef.current = patch;
  const [state, setState] = useState<LiveState>('connecting');
  const [arrived, setArrived] = useState<Signal[]>([]);

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    let lastId: string | undefined;
    let statsTimer: ReturnType<typeof setTimeout> | undefined;
    let statsRefreshedAt = -Infinity;

    // Leading and trailing throttle: the first event refreshes at once, later ones in the window
    // make one more refresh at its end, so the cards end up counting the last arrival too.
    // cancelRefetch: false matters: invalidating cancels an in-flight /stats fetch by default, so
    // events arriving faster than /stats answers kept the cards at their first value until a reload.
    const refreshStats = () => {
      statsRefreshedAt = Date.now();
      void qc.invalidateQueries({ queryKey: keys.allStats }, { cancelRefetch: false });
    };
    const statsChanged = () => {
      if (statsTimer !== undefined) return;
      const wait = statsRefreshedAt + statsRefreshMs - Date.now();
      if (wait <= 0) {
        refreshStats();
        return;
      }
      statsTimer = setTimeout(() => {
        statsTimer = undefined;
        refreshStats();
      }, wait);
    };

    const open = () => {
      const url = lastId ? `${API_BASE}/stream?lastEventId=${encodeURIComponent(lastId)}` : `${API_BASE}/stream`;
      const es = new EventSource(url, { withCredentials: true });
      source = es;
      es.onopen = () => setState('live');
      const remember = (e: MessageEvent) => {
        if (e.lastEventId) lastId = e.lastEventId;
      };
      // The stream names events by their catalog type (`signal.created.v1`); a later version gets a new name.
      const on = (type: string, handler: (e: MessageEvent<string>) => void) => es.addEventListener(`${type}.v1`, handler);
      on('signal.created', (e) => {
        remember(e);
        const s = signalFromEvent(JSON.parse(e.data));
        if (s) setArrived((list) => (list.some((x) => x.id === s.id) ? list : [s, ...list]));
        statsChanged();
      });
      on('signal.updated', (e) => {
        remember(e);
        const d = record(JSON.parse(e.data));
        const id = str(d.signalId);
        const status = str(d.status) as SignalStatus | null;
        if (id && status) patchRef.current(id, { status });
        if (id && typeof d.intentScore === 'number') patchRef.current(id, { intentScore: d.intentScore });
      });
      on('signal.enriched', (e) => {
        remember(e);
        const d = record(JSON.parse(e.data));
        const id = str(d.signalId);
        if (id) {
          const outcome: EnrichOutcome = {
            status: str(d.status) ?? 'failed',
            charged: d.charged === true,
            reasons: Array.isArray(d.reasons) ? d.reasons.filter((r): r is string => typeof r === 'string') : [],
            at: new Date().toISOString(),
          };
          qc.setQueryData(keys.enrichOutcome(id), outcome);
          void qc.invalidateQueries({ queryKey: keys.signal(id) });
        }
        void qc.invalidateQueries({ queryKey: keys.workspace });
        // The enriched count and the credits are stats cards too.
        statsChanged();
      });
      es.onerror = () => {
        if (es.readyState !== EventSource.CLOSED || closed) {
          setState('connecting');
          return;
        }
        // The browser gave up (a non-200 answer, usually an expired access token): refresh and reopen.
        setState('offline');
        es.close();
        retry = setTimeout(() => {
          void refreshSession().finally(() => {
            if (!closed) open();
          });
        }, 3000);
      };
    };
    open();
    return () => {
      closed = true;
      clearTimeout(retry);
      clearTimeout(statsTimer);
      source?.close();
    };
  }, [enabled, qc, statsRefreshMs]);

  return { state, arrived, take: () => setArrived([]) };
}
