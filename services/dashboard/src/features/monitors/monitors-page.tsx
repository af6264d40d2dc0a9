import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Pause, Pencil, Play, Plus, Radar, Trash2 } from 'lucide-react';
import { useDeleteMonitor, useMonitorCount, useMonitors, useSaveMonitor } from '../../api/queries.ts';
import type { Monitor, Platform } from '../../api/types.ts';
import { Button } from '../../components/ui/button.tsx';
import { Badge, Card, CardHeader, Skeleton } from '../../components/ui/card.tsx';
import { EmptyState, ErrorState, InlineError } from '../../components/ui/states.tsx';
import { PlatformTag } from '../../components/platform.tsx';
import { PageHeader } from '../../layout/page-header.tsx';
import { MonitorForm } from './monitor-form.tsx';

function MonitorRow({ m, onEdit }: { m: Monitor; onEdit: () => void }) {
  const count = useMonitorCount(m.id);
  const del = useDeleteMonitor();
  const save = useSaveMonitor();
  return (
    <li className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center">
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="font-semibold text-slate-900">{m.name}</h3>
          {!m.active && <Badge className="bg-slate-100 text-slate-600">paused</Badge>}
          {m.active && !m.scanning && <Badge className="bg-amber-100 text-amber-900">not scanning: no active plan</Badge>}
        </div>
        <code className="mt-1 block truncate text-xs text-slate-600">{m.query}</code>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          {m.platforms.map((p) => (
            <PlatformTag key={p} platform={p} />
          ))}
          <span className="text-xs text-slate-500">score ≥ {m.minScore}</span>
        </div>
        <InlineError error={del.error ?? save.error} />
      </div>
      <Link to={`/app/signals?monitorId=${m.id}`} className="w-24 text-sm text-slate-600 hover:text-indigo-700 sm:text-right">
        <span className="block text-xl font-semibold tabular-nums text-slate-900">{count.data ? `${count.data.count}${count.data.more ? '+' : ''}` : '·'}</span>
        signals
      </Link>
      <div className="flex gap-1">
        <Button variant="ghost" size="sm" aria-label={m.active ? `Pause ${m.name}` : `Resume ${m.name}`} onClick={() => save.mutate({ id: m.id, input: { name: m.name, query: m.query, platforms: m.platforms as Platform[], minScore: m.minScore, context: m.context, active: !m.active } })}>
          {m.active ? <Pause aria-hidden className="size-4" /> : <Play aria-hidden className="size-4" />}
        </Button>
        <Button variant="ghost" size="sm" aria-label={`Edit ${m.name}`} onClick={onEdit}>
          <Pencil aria-hidden className="size-4" />
        </Button>
        <Button variant="ghost" size="sm" aria-label={`Delete ${m.name}`} onClick={() => window.confirm(`Delete the monitor "${m.name}"? Its signals stay.`) && del.mutate(m.id)}>
          <Trash2 aria-hidden className="size-4" />
        </Button>
      </div>
    </li>
  );
}

/** Monitors: list with signal counts, create/edit with preview. */
export function MonitorsPage() {
  const monitors = useMonitors();
  const [sp, setSp] = useSearchParams();
  const [editing, setEditing] = useState<Monitor | null>(null);
  const creating = sp.get('new') === '1';
  const closeForm = () => {
    setEditing(null);
    const next = new URLSearchParams(sp);
    next.delete('new');
    setSp(next, { replace: true });
  };
  const formOpen = creating || editing !== null;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Monitors"
        description="Searches that run continuously on every platform you pick."
        action={
          !formOpen && (
            <Button onClick={() => setSp({ new: '1' })}>
              <Plus aria-hidden className="size-4" /> New monitor
            </Button>
          )
        }
      />
      {formOpen && (
        <Card>
          <CardHeader title={editing ? `Edit "${editing.name}"` : 'New monitor'} description="Describe what a buyer would write. Preview shows what it would have caught this week." />
          <div className="p-5">
            <MonitorForm key={editing?.id ?? 'new'} {...(editing ? { monitor: editing } : {})} onDone={closeForm} />
          </div>
        </Card>
      )}
      {monitors.isLoading && <Skeleton className="h-40 w-full" />}
      {monitors.error && <ErrorState error={monitors.error} onRetry={() => void monitors.refetch()} />}
      {monitors.data?.length === 0 && !formOpen && (
        <EmptyState title="No monitors yet" icon={<Radar aria-hidden className="size-6" />} action={<Button onClick={() => setSp({ new: '1' })}>Create a monitor</Button>}>
          Start with a competitor: <code className="rounded bg-slate-100 px-1">"zoominfo alternative" OR "apollo alternative"</code>.
        </EmptyState>
      )}
      {!!monitors.data?.length && (
        <Card>
          <ul className="divide-y divide-slate-100">
            {monitors.data.map((m) => (
              <MonitorRow key={m.id} m={m} onEdit={() => setEditing(m)} />
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
