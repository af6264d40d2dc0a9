import { useEffect, useState } from 'react';
import { Search, X } from 'lucide-react';
import { PLATFORMS, STAGES, type Monitor, type Platform, type Stage } from '../../api/types.ts';
import { platformLabel } from '../../components/platform.tsx';
import { stageLabel } from '../../components/stage.ts';
import { Button } from '../../components/ui/button.tsx';
import { Input, Select } from '../../components/ui/field.tsx';
import { activeFilterCount, type FeedFilters as Filters, type StatusFilter } from './feed-filters-url.ts';

export interface FeedFiltersProps {
  value: Filters;
  monitors: Monitor[];
  onChange: (next: Filters) => void;
}

const label = 'sr-only';

/** Platform, score, stage, status, monitor, date range and text search; the page keeps them in the URL. */
export function FeedFilters({ value, monitors, onChange }: FeedFiltersProps) {
  const [q, setQ] = useState(value.q ?? '');
  useEffect(() => setQ(value.q ?? ''), [value.q]);
  const set = <K extends keyof Filters>(k: K, v: Filters[K] | '') => {
    const next = { ...value };
    if (v === '' || v === undefined) delete next[k];
    else next[k] = v;
    onChange(next);
  };

  return (
    <form
      role="search"
      aria-label="Filter signals"
      className="flex flex-wrap gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        set('q', q.trim());
      }}
    >
      <div className="relative w-full sm:w-auto sm:min-w-44 sm:flex-1">
        <label htmlFor="f-q" className={label}>
          Search text
        </label>
        <Search aria-hidden className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-slate-400" />
        <Input id="f-q" type="search" placeholder="Search posts…" value={q} onChange={(e) => setQ(e.target.value)} onBlur={() => q.trim() !== (value.q ?? '') && set('q', q.trim())} className="pl-9" />
      </div>
      <div className="min-w-[calc(50%-0.25rem)] flex-1 sm:min-w-32 sm:flex-none">
        <label htmlFor="f-platform" className={label}>
          Platform
        </label>
        <Select id="f-platform" value={value.platform ?? ''} onChange={(e) => set('platform', e.target.value as Platform | '')}>
          <option value="">All platforms</option>
          {PLATFORMS.map((p) => (
            <option key={p} value={p}>
              {platformLabel(p)}
            </option>
          ))}
        </Select>
      </div>
      <div className="min-w-[calc(50%-0.25rem)] flex-1 sm:min-w-32 sm:flex-none">
        <label htmlFor="f-score" className={label}>
          Minimum score
        </label>
        <Select id="f-score" value={value.minScore ?? ''} onChange={(e) => set('minScore', e.target.value ? Number(e.target.value) : '')}>
          <option value="">Any score</option>
          {[9, 8, 7, 6, 5, 4].map((n) => (
            <option key={n} value={n}>
              Score {n}+
            </option>
          ))}
        </Select>
      </div>
      <div className="min-w-[calc(50%-0.25rem)] flex-1 sm:min-w-32 sm:flex-none">
        <label htmlFor="f-stage" className={label}>
          Decision stage
        </label>
        <Select id="f-stage" value={value.stage ?? ''} onChange={(e) => set('stage', e.target.value as Stage | '')}>
          <option value="">Any stage</option>
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {stageLabel(s)}
            </option>
          ))}
        </Select>
      </div>
      <div className="min-w-[calc(50%-0.25rem)] flex-1 sm:min-w-32 sm:flex-none">
        <label htmlFor="f-status" className={label}>
          Status
        </label>
        <Select id="f-status" value={value.status ?? 'open'} onChange={(e) => set('status', e.target.value as StatusFilter)}>
          <option value="open">New + contacted</option>
          <option value="new">New</option>
          <option value="contacted">Contacted</option>
          <option value="archived">Archived</option>
          <option value="all">All</option>
        </Select>
      </div>
      <div className="min-w-[calc(50%-0.25rem)] flex-1 sm:min-w-32 sm:flex-none">
        <label htmlFor="f-monitor" className={label}>
          Monitor
        </label>
        <Select id="f-monitor" value={value.monitorId ?? ''} onChange={(e) => set('monitorId', e.target.value)}>
          <option value="">All monitors</option>
          {monitors.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex w-full flex-wrap items-center gap-2 sm:flex-nowrap">
        <label htmlFor="f-from" className="text-xs text-slate-500">
          From
        </label>
        <Input id="f-from" type="date" value={value.from ?? ''} onChange={(e) => set('from', e.target.value)} className="h-9 min-w-0 flex-1 sm:w-40 sm:flex-none" />
        <label htmlFor="f-to" className="text-xs text-slate-500">
          to
        </label>
        <Input id="f-to" type="date" value={value.to ?? ''} onChange={(e) => set('to', e.target.value)} className="h-9 min-w-0 flex-1 sm:w-40 sm:flex-none" />
        {activeFilterCount(value) > 0 && (
          <Button variant="ghost" size="sm" onClick={() => onChange({})} className="ml-auto">
            <X aria-hidden className="size-4" /> Clear filters
          </Button>
        )}
      </div>
    </form>
  );
}
