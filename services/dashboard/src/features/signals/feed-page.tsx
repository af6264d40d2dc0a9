import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ArrowUp, Download, Keyboard, Radar } from 'lucide-react';
import { useEnrich, useFeed, useMonitors, useSetStatus, useStats, keys } from '../../api/queries.ts';
import { useLiveFeed, type LiveState } from '../../api/live.ts';
import { API_BASE } from '../../api/client.ts';
import { Button } from '../../components/ui/button.tsx';
import { Card, Skeleton } from '../../components/ui/card.tsx';
import { EmptyState, ErrorState } from '../../components/ui/states.tsx';
import { cn } from '../../components/ui/class-names.ts';
import { PageHeader } from '../../layout/page-header.tsx';
import { FeedFilters } from './feed-filters.tsx';
import { filtersFromUrl, filtersToSearch, filtersToUrl, activeFilterCount, type FeedFilters as Filters } from './feed-filters-url.ts';
import { SignalCard } from './signal-card.tsx';
import { SignalDrawer } from './signal-drawer.tsx';
import { useFeedKeys } from './use-feed-keys.ts';
import { useInView } from './use-in-view.ts';

function LiveDot({ state }: { state: LiveState }) {
  const text = { live: 'Live', connecting: 'Connecting…', offline: 'Reconnecting…' }[state];
  return (
    <span className="inline-flex items-center gap-1.5 text-xs font-medium text-slate-600" role="status">
      <span className={cn('size-2 rounded-full', state === 'live' ? 'animate-pulse bg-emerald-500' : 'bg-amber-400')} aria-hidden />
      {text}
    </span>
  );
}

function StatStrip() {
  const stats = useStats(7);
  const cells = [
    ['Today', stats.data?.today],
    ['This week', stats.data?.week],
    ['High intent (8+)', stats.data?.highIntent],
    ['Credits', stats.data?.credits],
  ] as const;
  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {cells.map(([label, v]) => (
        <Card key={label} className="px-4 py-3">
          <p className="text-xs text-slate-500">{label}</p>
          <p className="mt-0.5 h-7 text-xl font-semibold tabular-nums text-slate-900">{v ?? (stats.isLoading ? <Skeleton className="mt-1 h-6 w-10" /> : '—')}</p>
        </Card>
      ))}
    </div>
  );
}

/** Loads the next page when the bottom of the list comes near. */
function LoadMore({ onVisible, loading }: { onVisible: () => void; loading: boolean }) {
  const [ref, seen] = useInView<HTMLDivElement>('400px');
  const cb = useRef(onVisible);
  cb.current = onVisible;
  useEffect(() => {
    if (seen) cb.current();
  }, [seen]);
  return (
    <div ref={ref} className="flex justify-center py-4">
      {loading ? <span className="text-sm text-slate-500">Loading more…</span> : <Button variant="ghost" size="sm" onClick={onVisible}>Load more</Button>}
    </div>
  );
}

/** The signals feed: filters in the URL, infinite scroll, live arrivals behind a pill, keyboard triage. */
export function FeedPage() {
  const [sp, setSp] = useSearchParams();
  const filters = useMemo(() => filtersFromUrl(sp), [sp]);
  const openId = sp.get('signal');
  const feed = useFeed(filters);
  const monitors = useMonitors();
  const live = useLiveFeed();
  const qc = useQueryClient();
  const setStatus = useSetStatus();
  const enrich = useEnrich();
  const [selected, setSelected] = useState(-1);
  const cards = useRef<(HTMLElement | null)[]>([]);
  const items = useMemo(() => feed.data?.pages.flatMap((p) => p.items) ?? [], [feed.data]);
  const arrivals = live.arrived.filter((s) => !items.some((i) => i.id === s.id));

  const setFilters = (f: Filters) => {
    setSelected(-1);
    setSp(filtersToUrl(f, sp), { replace: false });
  };
  const open = useCallback(
    (id: string) => {
      const next = new URLSearchParams(sp);
      next.set('signal', id);
      setSp(next);
    },
    [sp, setSp],
  );
  const close = useCallback(() => {
    const next = new URLSearchParams(sp);
    next.delete('signal');
    setSp(next);
  }, [sp, setSp]);

  const showArrivals = () => {
    live.take();
    window.scrollTo({ top: 0, behavior: 'smooth' });
    void qc.resetQueries({ queryKey: keys.feed(filters) });
    setSelected(-1);
  };

  const move = (d: number) => {
    const i = Math.max(0, Math.min(items.length - 1, selected + d));
    setSelected(i);
    cards.current[i]?.focus();
    cards.current[i]?.scrollIntoView({ block: 'nearest' });
    if (d > 0 && i >= items.length - 3 && feed.hasNextPage && !feed.isFetchingNextPage) void feed.fetchNextPage();
  };
  const current = items[selected];
  useFeedKeys(
    {
      next: () => move(1),
      previous: () => move(-1),
      open: () => current && open(current.id),
      enrich: () => current && enrich.mutate(current.id),
      contact: () => current && setStatus.mutate({ id: current.id, status: 'contacted' }),
      archive: () => current && setStatus.mutate({ id: current.id, status: 'archived' }),
    },
    !openId,
  );

  const exportHref = `${API_BASE}/signals/export.csv?${filtersToSearch(filters).toString()}`;
  const noMonitors = monitors.data?.length === 0;

  return (
    <div className="space-y-5">
      <PageHeader
        title="Signals"
        description="People asking for what you sell, scored 1–10 with the evidence."
        action={
          <div className="flex items-center gap-3">
            <LiveDot state={live.state} />
            <a
              href={exportHref}
              download="signals.csv"
              className="inline-flex h-9 items-center gap-2 rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              <Download aria-hidden className="size-4" /> Export CSV
            </a>
          </div>
        }
      />
      <StatStrip />
      <Card className="p-3">
        <FeedFilters value={filters} monitors={monitors.data ?? []} onChange={setFilters} />
      <p className="mt-3 hidden items-center gap-2 border-t border-slate-100 pt-3 text-xs text-slate-500 md:flex">
        <Keyboard aria-hidden className="size-4" />
        <kbd className="rounded border bg-white px-1">j</kbd>/<kbd className="rounded border bg-white px-1">k</kbd> move ·{' '}
        <kbd className="rounded border bg-white px-1">o</kbd> open · <kbd className="rounded border bg-white px-1">e</kbd> enrich ·{' '}
        <kbd className="rounded border bg-white px-1">c</kbd> contacted · <kbd className="rounded border bg-white px-1">a</kbd> archive
      </p>

      </Card>

      <div className="pointer-events-none sticky top-28 z-20 -my-3 flex h-10 justify-center lg:top-4">
        {arrivals.length > 0 && (
          <Button onClick={showArrivals} className="pointer-events-auto rounded-full shadow-lg" aria-live="polite">
            <ArrowUp aria-hidden className="size-4" />
            {arrivals.length} new signal{arrivals.length === 1 ? '' : 's'}
          </Button>
        )}
      </div>

      <section aria-label="Signals" aria-busy={feed.isLoading} className="space-y-3">
        {feed.isLoading &&
          Array.from({ length: 4 }, (_, i) => (
            <Card key={i} className="flex gap-4 p-4">
              <Skeleton className="size-9" />
              <div className="flex-1 space-y-2">
                <Skeleton className="h-3 w-1/3" />
                <Skeleton className="h-4 w-5/6" />
                <Skeleton className="h-5 w-1/2" />
                <Skeleton className="h-3 w-1/4" />
              </div>
            </Card>
          ))}
        {feed.error && <ErrorState error={feed.error} onRetry={() => void feed.refetch()} title="Could not load signals" />}
        {feed.isSuccess && items.length === 0 && (
          noMonitors ? (
            <EmptyState
              title="Create your first monitor"
              icon={<Radar aria-hidden className="size-6" />}
              action={
                <Link to="/app/monitors?new=1" className="inline-flex h-10 items-center rounded-lg bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-700">
                  New monitor
                </Link>
              }
            >
              A monitor is a search like <code className="rounded bg-slate-100 px-1">"zoominfo alternative" OR "apollo alternative"</code>. Signals arrive here live as
              people post.
            </EmptyState>
          ) : activeFilterCount(filters) > 0 ? (
            <EmptyState title="No signals match these filters" action={<Button variant="secondary" onClick={() => setFilters({})}>Clear filters</Button>} />
          ) : (
            <EmptyState title="Listening…" icon={<Radar aria-hidden className="size-6" />}>
              Your monitors are watching Reddit, Hacker News, X and LinkedIn. New signals appear here the moment they are scored.
            </EmptyState>
          )
        )}
        {items.map((s, i) => (
          <SignalCard
            key={s.id}
            ref={(el) => {
              cards.current[i] = el;
            }}
            signal={s}
            selected={i === selected}
            onOpen={(id) => {
              setSelected(i);
              open(id);
            }}
          />
        ))}
        {feed.hasNextPage && <LoadMore loading={feed.isFetchingNextPage} onVisible={() => void feed.fetchNextPage()} />}
        {feed.isSuccess && items.length > 0 && !feed.hasNextPage && <p className="py-4 text-center text-xs text-slate-400">That's everything.</p>}
      </section>
      {openId && <SignalDrawer id={openId} onClose={close} />}
    </div>
  );
}
