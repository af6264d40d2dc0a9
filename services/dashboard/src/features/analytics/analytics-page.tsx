import { useMemo, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useRecentSignals, useStats } from '../../api/queries.ts';
import { Card, CardHeader, Skeleton } from '../../components/ui/card.tsx';
import { ErrorState } from '../../components/ui/states.tsx';
import { PLATFORM_COLORS, platformLabel } from '../../components/platform.tsx';
import { PageHeader } from '../../layout/page-header.tsx';
import { perDayByPlatform, scoreHistogram } from './aggregate.ts';

/** How many ranked pain points / competitors to show (the gateway returns up to 8). */
const SHOWN = 6;

function ChartCard({ title, description, children, empty }: { title: string; description?: string; children: ReactNode; empty?: boolean }) {
  return (
    <Card>
      <CardHeader title={title} description={description} />
      <div className="h-64 p-4">{empty ? <div className="flex h-full items-center justify-center text-sm text-slate-500">No data yet</div> : children}</div>
    </Card>
  );
}

function Ranked({ items, color }: { items: { label: string; count: number }[]; color: string }) {
  const max = Math.max(1, ...items.map((i) => i.count));
  return (
    <ol className="h-full space-y-2.5 overflow-y-auto pr-1">
      {items.map((i) => (
        <li key={i.label} className="text-sm">
          <div className="flex justify-between gap-2">
            <span className="truncate text-slate-800">{i.label}</span>
            <span className="tabular-nums text-slate-500">{i.count}</span>
          </div>
          <div className="mt-1 h-1.5 rounded bg-slate-100">
            <div className="h-1.5 rounded" style={{ width: `${(i.count / max) * 100}%`, background: color }} />
          </div>
        </li>
      ))}
    </ol>
  );
}

/** Analytics: volume by platform, score distribution, pain points, competitors, response rate. */
export function AnalyticsPage() {
  const stats = useStats(30);
  const recent = useRecentSignals();
  const perDay = useMemo(() => perDayByPlatform(stats.data?.daily ?? []), [stats.data]);
  const hist = useMemo(() => scoreHistogram(recent.data ?? []), [recent.data]);
  // Ranked and counted by the gateway over 30 days (SQL), not sampled from signal details.
  const pains = (stats.data?.topPainPoints ?? []).slice(0, SHOWN);
  const competitors = (stats.data?.topCompetitors ?? []).slice(0, SHOWN);
  const rate = stats.data?.responseRate ?? { contacted: 0, signals: 0, rate: 0 };
  const error = stats.error ?? recent.error;

  return (
    <div className="space-y-6">
      <PageHeader title="Analytics" description="What the market is saying, and how fast your team answers." />
      {error && <ErrorState error={error} onRetry={() => void Promise.all([stats.refetch(), recent.refetch()])} />}
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          ['Signals this week', stats.data?.week],
          ['High intent (8+)', stats.data?.highIntent],
          ['Enriched', stats.data?.enriched],
          ['Response rate', stats.data ? `${Math.round(rate.rate * 100)}%` : undefined],
        ].map(([label, v]) => (
          <Card key={String(label)} className="px-4 py-3">
            <p className="text-xs text-slate-500">{label}</p>
            <div className="mt-0.5 h-8 text-2xl font-semibold tabular-nums text-slate-900">{v ?? <Skeleton className="mt-1 h-6 w-12" />}</div>
          </Card>
        ))}
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <ChartCard title="Signals per day" description="Last 30 days, by platform" empty={stats.isSuccess && perDay.rows.length === 0}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={perDay.rows} margin={{ left: -20, right: 8 }}>
              <CartesianGrid vertical={false} stroke="#e2e8f0" />
              <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={11} />
              <YAxis allowDecimals={false} fontSize={11} />
              <Tooltip />
              <Legend formatter={(v: string) => platformLabel(v)} wrapperStyle={{ fontSize: 12 }} />
              {perDay.platforms.map((p) => (
                <Bar key={p} dataKey={p} stackId="p" fill={PLATFORM_COLORS[p] ?? '#6366f1'} name={p} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
        <ChartCard title="Score distribution" description={`Your ${recent.data?.length ?? ''} most recent signals`} empty={recent.isSuccess && recent.data.length === 0}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={hist} margin={{ left: -20, right: 8 }}>
              <CartesianGrid vertical={false} stroke="#e2e8f0" />
              <XAxis dataKey="score" fontSize={11} />
              <YAxis allowDecimals={false} fontSize={11} />
              <Tooltip />
              <Bar dataKey="count" name="signals" fill="#4f46e5" radius={[4, 4, 0, 0]} />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
        <ChartCard title="Top pain points" description="Signals per pain point, last 30 days" empty={stats.isSuccess && pains.length === 0}>
          <Ranked items={pains} color="#e11d48" />
        </ChartCard>
        <ChartCard title="Competitors mentioned" description="Signals per competitor, last 30 days" empty={stats.isSuccess && competitors.length === 0}>
          <Ranked items={competitors} color="#7c3aed" />
        </ChartCard>
      </div>
      <Card className="p-5">
        <h2 className="text-base font-semibold text-slate-900">Response rate</h2>
        <p className="mt-1 text-sm text-slate-600">
          {rate.contacted} of {rate.signals} signals in the last 30 days marked contacted.
        </p>
        <div className="mt-3 h-3 rounded-full bg-slate-100" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(rate.rate * 100)} aria-label="Response rate">
          <div className="h-3 rounded-full bg-emerald-500" style={{ width: `${rate.rate * 100}%` }} />
        </div>
      </Card>
    </div>
  );
}
