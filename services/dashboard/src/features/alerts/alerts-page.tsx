import { useState } from 'react';
import { Bell, Hash, Mail, Plus, Send, Trash2, Webhook } from 'lucide-react';
import { useDeleteDestination, useDeliveries, useDestinations, useMonitors, usePatchDestination, useTestDestination } from '../../api/queries.ts';
import type { Delivery, Destination } from '../../api/types.ts';
import { Button } from '../../components/ui/button.tsx';
import { Badge, Card, CardHeader, Skeleton } from '../../components/ui/card.tsx';
import { EmptyState, ErrorState, InlineError } from '../../components/ui/states.tsx';
import { formatDateTime } from '../../components/time-ago.ts';
import { PageHeader } from '../../layout/page-header.tsx';
import { DestinationForm } from './destination-form.tsx';

const ICON = { slack: Hash, email: Mail, webhook: Webhook } as const;

function target(d: Destination): string {
  const c = d.config;
  if (d.kind === 'slack') return [c.host, c.channel].filter(Boolean).join(' · ');
  if (d.kind === 'email') return Array.isArray(c.recipients) ? c.recipients.join(', ') : '';
  return typeof c.url === 'string' ? c.url : '';
}

function DestinationRow({ d }: { d: Destination }) {
  const monitors = useMonitors();
  const test = useTestDestination();
  const patch = usePatchDestination();
  const del = useDeleteDestination();
  const Icon = ICON[d.kind];
  const routed = d.monitorIds.length === 0 ? 'all monitors' : d.monitorIds.map((id) => monitors.data?.find((m) => m.id === id)?.name ?? 'deleted monitor').join(', ');
  return (
    <li className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center">
      <div className="rounded-lg bg-slate-100 p-2 text-slate-700">
        <Icon aria-hidden className="size-5" />
      </div>
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="font-semibold text-slate-900">{d.name}</h3>
          {!d.enabled && <Badge className="bg-red-50 text-red-700">disabled{d.disabledReason ? `: ${d.disabledReason}` : ''}</Badge>}
        </div>
        <p className="truncate text-xs text-slate-500">{target(d)}</p>
        <p className="mt-1 text-xs text-slate-600">
          Score ≥ {d.minScore} · {d.frequency} · {routed}
          {d.quietHours && ` · quiet ${d.quietHours.start}–${d.quietHours.end} (${d.timeZone})`}
        </p>
        {test.data && (
          <p role="status" className={`mt-1 text-xs ${test.data.ok ? 'text-emerald-700' : 'text-red-700'}`}>
            {test.data.ok ? 'Test alert delivered' : `Test alert ${test.data.status}`}
            {test.data.httpStatus !== undefined && ` (HTTP ${test.data.httpStatus})`}: {test.data.ok ? test.data.detail : explainFailure(test.data.detail)}
          </p>
        )}
        <InlineError error={test.error ?? patch.error ?? del.error} />
      </div>
      <div className="flex flex-wrap gap-1">
        <Button variant="secondary" size="sm" busy={test.isPending} onClick={() => test.mutate(d.id)}>
          <Send aria-hidden className="size-4" /> Send test
        </Button>
        <Button variant="ghost" size="sm" onClick={() => patch.mutate({ id: d.id, body: { enabled: !d.enabled } })}>
          {d.enabled ? 'Disable' : 'Enable'}
        </Button>
        <Button variant="ghost" size="sm" aria-label={`Delete ${d.name}`} onClick={() => window.confirm(`Delete "${d.name}"?`) && del.mutate(d.id)}>
          <Trash2 aria-hidden className="size-4" />
        </Button>
      </div>
    </li>
  );
}

/** Failure reasons from the notifier, in words a sales rep can act on. */
export function explainFailure(err: string | null): string {
  if (!err) return '';
  const e = err.toLowerCase();
  if (e.includes('channel_is_archived')) return 'The Slack channel was archived. Pick another channel and update the webhook.';
  if (e.includes('invalid_token') || e.includes('no_service') || e.includes('404')) return 'Slack no longer accepts this webhook URL (revoked or deleted). Create a new incoming webhook.';
  if (e.includes('429') || e.includes('rate')) return 'Rate limited by the receiver; we retry with back-off.';
  if (e.includes('timeout') || e.includes('econnrefused') || e.includes('enotfound')) return 'The receiver could not be reached; we retry with back-off.';
  if (e.includes('5')) return `The receiver failed (${err}); we retry with back-off.`;
  return err;
}

const STATUS_STYLE: Record<string, string> = {
  sent: 'bg-emerald-50 text-emerald-700',
  failed: 'bg-red-50 text-red-700',
  pending: 'bg-amber-50 text-amber-800',
  digest: 'bg-sky-50 text-sky-700',
  skipped: 'bg-slate-100 text-slate-600',
};

function DeliveryHistory({ destinations }: { destinations: Destination[] }) {
  const deliveries = useDeliveries();
  const name = (d: Delivery) => destinations.find((x) => x.id === d.destinationId)?.name ?? '—';
  return (
    <Card>
      <CardHeader title="Delivery history" description="The last 50 alerts, with the reason when one failed." />
      {deliveries.isLoading && <Skeleton className="m-5 h-24" />}
      {deliveries.error && (
        <div className="p-5">
          <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />
        </div>
      )}
      {deliveries.data?.length === 0 && <p className="px-5 py-6 text-sm text-slate-500">Nothing delivered yet.</p>}
      {!!deliveries.data?.length && (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="px-5 py-2 font-medium">When</th>
                <th className="px-5 py-2 font-medium">Destination</th>
                <th className="px-5 py-2 font-medium">Status</th>
                <th className="px-5 py-2 font-medium">Details</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {deliveries.data.map((d) => (
                <tr key={d.id}>
                  <td className="whitespace-nowrap px-5 py-2 text-slate-600">{formatDateTime(d.sentAt ?? d.createdAt)}</td>
                  <td className="px-5 py-2">{name(d)}</td>
                  <td className="px-5 py-2">
                    <Badge className={STATUS_STYLE[d.status] ?? STATUS_STYLE.skipped}>{d.status}</Badge>
                  </td>
                  <td className="px-5 py-2 text-xs text-slate-600">
                    {explainFailure(d.lastError)}
                    {d.attempts > 1 && ` (${d.attempts} attempts)`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

/** Alerts: destinations with routing, send test, delivery history. */
export function AlertsPage() {
  const destinations = useDestinations();
  const [adding, setAdding] = useState(false);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Alerts"
        description="Where new signals go, and when."
        action={
          !adding && (
            <Button onClick={() => setAdding(true)}>
              <Plus aria-hidden className="size-4" /> Add destination
            </Button>
          )
        }
      />
      {adding && (
        <Card>
          <CardHeader title="New destination" />
          <div className="p-5">
            <DestinationForm onDone={() => setAdding(false)} />
          </div>
        </Card>
      )}
      {destinations.isLoading && <Skeleton className="h-32 w-full" />}
      {destinations.error && <ErrorState error={destinations.error} onRetry={() => void destinations.refetch()} />}
      {destinations.data?.length === 0 && !adding && (
        <EmptyState title="No alert destinations" icon={<Bell aria-hidden className="size-6" />} action={<Button onClick={() => setAdding(true)}>Add Slack, email or webhook</Button>}>
          Get high-intent signals in Slack within seconds, or a daily email digest.
        </EmptyState>
      )}
      {!!destinations.data?.length && (
        <Card>
          <ul className="divide-y divide-slate-100">
            {destinations.data.map((d) => (
              <DestinationRow key={d.id} d={d} />
            ))}
          </ul>
        </Card>
      )}
      <DeliveryHistory destinations={destinations.data ?? []} />
    </div>
  );
}
