import { Archive, ArchiveRestore, CheckCircle2, ExternalLink } from 'lucide-react';
import { useMonitors, useSetStatus, useSignal } from '../../api/queries.ts';
import type { Analysis, SignalDetail } from '../../api/types.ts';
import { Badge, Skeleton } from '../../components/ui/card.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Drawer } from '../../components/ui/drawer.tsx';
import { ErrorState, InlineError } from '../../components/ui/states.tsx';
import { PlatformTag } from '../../components/platform.tsx';
import { ScoreBadge } from '../../components/score-badge.tsx';
import { stageLabel } from '../../components/stage.ts';
import { timeAgo } from '../../components/time-ago.ts';
import { safeHref } from '../../components/safe-href.ts';
import { EnrichmentPanel } from './enrichment-panel.tsx';
import { HighlightedText } from './highlighted-text.tsx';
import { OutreachPanel } from './outreach-panel.tsx';

/** The signal detail drawer: evidence-highlighted post, analysis, duplicates, enrichment, draft, actions. */
export function SignalDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const q = useSignal(id);
  return (
    <Drawer label="Signal detail" onClose={onClose}>
      <div className="flex-1 overflow-y-auto">
        {q.isLoading && <DrawerSkeleton />}
        {q.error && (
          <div className="p-6 pt-14">
            <ErrorState error={q.error} onRetry={() => void q.refetch()} />
          </div>
        )}
        {q.data && <SignalDetailView signal={q.data} />}
      </div>
    </Drawer>
  );
}

function DrawerSkeleton() {
  return (
    <div className="space-y-4 p-6 pt-14" aria-busy="true" aria-label="Loading signal">
      <Skeleton className="h-12 w-3/4" />
      <Skeleton className="h-4 w-1/2" />
      <Skeleton className="h-48 w-full" />
      <Skeleton className="h-24 w-full" />
    </div>
  );
}

function List({ title, items, tone }: { title: string; items: string[] | undefined; tone: string }) {
  if (!items?.length) return null;
  return (
    <div>
      <dt className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">{title}</dt>
      <dd className="flex flex-wrap gap-1.5">
        {items.map((p) => (
          <Badge key={p} className={tone}>
            {p}
          </Badge>
        ))}
      </dd>
    </div>
  );
}

function AnalysisView({ a }: { a: Analysis }) {
  return (
    <section aria-labelledby="analysis-h" className="space-y-3">
      <h3 id="analysis-h" className="text-sm font-semibold text-slate-900">
        Why this score
      </h3>
      {a.reasoning && <p className="text-sm leading-relaxed text-slate-700">{a.reasoning}</p>}
      <dl className="space-y-3">
        <div className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
          <span>
            <span className="text-slate-500">Stage </span>
            <strong>{stageLabel(a.decision_stage)}</strong>
          </span>
          {a.urgency && (
            <span>
              <span className="text-slate-500">Urgency </span>
              <strong>{a.urgency}</strong>
            </span>
          )}
          {a.category && (
            <span>
              <span className="text-slate-500">Kind </span>
              <strong>{a.category.replace(/_/g, ' ')}</strong>
            </span>
          )}
          {a.scored_by && <span className="text-slate-500">scored by {a.scored_by}</span>}
        </div>
        <List title="Pain points" items={a.pain_points} tone="bg-rose-50 text-rose-800 ring-1 ring-inset ring-rose-200" />
        <List title="Budget cues" items={a.budget_signals} tone="bg-emerald-50 text-emerald-800 ring-1 ring-inset ring-emerald-200" />
        <List title="Competitors mentioned" items={a.competitors_mentioned} tone="bg-violet-50 text-violet-800 ring-1 ring-inset ring-violet-200" />
      </dl>
      {!!a.evidence?.length && (
        <ul className="space-y-1.5" aria-label="Evidence">
          {a.evidence.map((e, i) => (
            <li key={i} className="flex items-start gap-2 text-sm">
              <span className={`mt-0.5 w-10 shrink-0 text-right font-mono text-xs tabular-nums ${e.weight >= 0 ? 'text-emerald-700' : 'text-red-700'}`}>
                {e.weight >= 0 ? '+' : ''}
                {Number(e.weight.toFixed(1))}
              </span>
              <span className="min-w-0">
                <q className="text-slate-800">{e.quote}</q> <span className="text-xs text-slate-500">{e.cue.replace(/_/g, ' ')}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Exported for tests: the detail body without the drawer chrome. */
export function SignalDetailView({ signal: s }: { signal: SignalDetail }) {
  const monitors = useMonitors();
  const setStatus = useSetStatus();
  const query = monitors.data?.find((m) => m.id === s.monitorId)?.query;
  const href = safeHref(s.url);
  const author = s.author.displayName ? `${s.author.displayName} (@${s.author.handle})` : `@${s.author.handle}`;
  const authorHref = safeHref(s.author.profileUrl);

  return (
    <article className="space-y-6 p-5 sm:p-6">
      <header className="flex gap-4 pr-10">
        <ScoreBadge score={s.intentScore} size="lg" />
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
            <PlatformTag platform={s.platform} />
            <span>◎ {s.monitorName}</span>
            <time dateTime={s.postedAt}>{timeAgo(s.postedAt)}</time>
          </div>
          <h2 className="mt-1 text-lg font-semibold leading-snug text-slate-900">{s.summary ?? s.title ?? 'Signal'}</h2>
          <p className="mt-1 text-sm text-slate-600">
            by{' '}
            {authorHref ? (
              <a href={authorHref} target="_blank" rel="noopener noreferrer nofollow" className="font-medium text-indigo-700 underline">
                {author}
              </a>
            ) : (
              <span className="font-medium">{author}</span>
            )}
          </p>
        </div>
      </header>

      <div className="flex flex-wrap gap-2">
        {s.status === 'contacted' ? (
          <Badge className="h-8 bg-emerald-50 px-3 text-emerald-800">
            <CheckCircle2 aria-hidden className="size-4" /> Contacted
          </Badge>
        ) : (
          <Button size="sm" variant="secondary" onClick={() => setStatus.mutate({ id: s.id, status: 'contacted' })}>
            <CheckCircle2 aria-hidden className="size-4" /> Mark contacted
          </Button>
        )}
        {s.status === 'archived' ? (
          <Button size="sm" variant="secondary" onClick={() => setStatus.mutate({ id: s.id, status: 'new' })}>
            <ArchiveRestore aria-hidden className="size-4" /> Restore
          </Button>
        ) : (
          <Button size="sm" variant="secondary" onClick={() => setStatus.mutate({ id: s.id, status: 'archived' })}>
            <Archive aria-hidden className="size-4" /> Archive
          </Button>
        )}
        {href && (
          <a
            href={href}
            target="_blank"
            rel="noopener noreferrer nofollow"
            className="inline-flex h-8 items-center gap-2 rounded-lg px-3 text-sm font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            <ExternalLink aria-hidden className="size-4" /> Open original
          </a>
        )}
      </div>
      <InlineError error={setStatus.error} />

      <section aria-labelledby="post-h" className="rounded-xl border border-slate-200 bg-slate-50/60 p-4">
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <h3 id="post-h" className="text-sm font-semibold text-slate-900">
            The post
          </h3>
          <span className="flex gap-3 text-xs text-slate-500">
            <span>
              <mark className="rounded bg-amber-200/80 px-1">evidence</mark>
            </span>
            <span>
              <mark className="rounded bg-indigo-100 px-1 text-indigo-900">matched term</mark>
            </span>
          </span>
        </div>
        {s.title && <HighlightedText text={s.title} query={query} className="mb-2 font-semibold text-slate-900" />}
        <HighlightedText text={s.content} query={query} evidence={s.evidence} className="text-sm leading-relaxed text-slate-800" />
      </section>

      {s.analysis && <AnalysisView a={s.analysis} />}

      {s.duplicates.length > 0 && (
        <section aria-labelledby="dups-h">
          <h3 id="dups-h" className="mb-2 text-sm font-semibold text-slate-900">
            Also posted on
          </h3>
          <ul className="space-y-1">
            {s.duplicates.map((d) => (
              <li key={d.postId} className="flex items-center gap-2 text-sm">
                <PlatformTag platform={d.platform} />
                {safeHref(d.url) ? (
                  <a href={safeHref(d.url)} target="_blank" rel="noopener noreferrer nofollow" className="truncate text-indigo-700 underline">
                    {d.title ?? d.url}
                  </a>
                ) : (
                  <span className="truncate">{d.title ?? d.url}</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      <EnrichmentPanel signal={s} />
      <OutreachPanel signalId={s.id} />
    </article>
  );
}
