import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { UserSearch } from 'lucide-react';
import { keys, useEnrich, useEnrichOutcome, useWorkspace } from '../../api/queries.ts';
import type { ContactField, SignalDetail } from '../../api/types.ts';
import { Button } from '../../components/ui/button.tsx';
import { Badge } from '../../components/ui/card.tsx';
import { InlineError } from '../../components/ui/states.tsx';
import { cn } from '../../components/ui/class-names.ts';
import { safeHref } from '../../components/safe-href.ts';

const CONFIDENCE = {
  verified: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20',
  likely: 'bg-sky-50 text-sky-800 ring-sky-600/20',
  guessed: 'bg-amber-50 text-amber-900 ring-amber-600/30',
  none: 'bg-slate-100 text-slate-600 ring-slate-500/20',
} as const;

const asField = (v: unknown): ContactField | null => {
  const f = v as Partial<ContactField> | null;
  return f && typeof f === 'object' && typeof f.value === 'string' ? { value: f.value, source: String(f.source ?? ''), confidence: String(f.confidence ?? 'none') } : null;
};

/** How long the panel polls for a result when the live stream is not delivering it. */
const WAIT_MS = 90_000;

/** Enrich button with credits left, then the outcome: each field with its source and confidence. */
export function EnrichmentPanel({ signal }: { signal: SignalDetail }) {
  const ws = useWorkspace();
  const enrich = useEnrich();
  const qc = useQueryClient();
  const [pendingSince, setPendingSince] = useState<number | null>(null);
  const fetchedAt = signal.enrichment?.fetchedAt;
  const outcome = useEnrichOutcome(signal.id).data;

  useEffect(() => {
    if (pendingSince === null) return;
    const answered = (outcome && new Date(outcome.at).getTime() >= pendingSince) || (fetchedAt && new Date(fetchedAt).getTime() >= pendingSince - 5_000);
    if (answered) {
      setPendingSince(null);
      return;
    }
    const t = setInterval(() => {
      if (Date.now() - pendingSince > WAIT_MS) setPendingSince(null);
      void qc.invalidateQueries({ queryKey: keys.signal(signal.id) });
    }, 2000);
    return () => clearInterval(t);
  }, [pendingSince, fetchedAt, outcome, qc, signal.id]);

  const credits = ws.data?.plan.credits;
  const fields = Object.entries(signal.enrichment?.fields ?? {})
    .map(([name, v]) => [name, asField(v)] as const)
    .filter((e): e is readonly [string, ContactField] => e[1] !== null);

  return (
    <section aria-labelledby="enrich-h" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="enrich-h" className="text-sm font-semibold text-slate-900">
          Author contact
        </h3>
        <div className="flex items-center gap-3">
          <span className="text-xs text-slate-500">{credits === undefined ? '\u00a0' : `${credits} credits left`}</span>
          <Button
            size="sm"
            variant={signal.enrichment ? 'secondary' : 'primary'}
            busy={enrich.isPending || pendingSince !== null}
            disabled={credits === 0}
            onClick={() => enrich.mutate(signal.id, { onSuccess: () => setPendingSince(Date.now()) })}
          >
            <UserSearch aria-hidden className="size-4" />
            {signal.enrichment ? 'Enrich again' : 'Enrich'}
          </Button>
        </div>
      </div>
      <InlineError error={enrich.error} />
      {pendingSince !== null && (
        <p role="status" className="text-sm text-slate-600">
          Finding the author across public profiles… this usually takes a few seconds.
        </p>
      )}
      {outcome && pendingSince === null && !(signal.enrichment && outcome.status !== 'failed' && outcome.status !== 'refused') && (
        <div data-testid="enrichment-outcome" role="status" className="rounded-lg border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">
          <p>
            Result: <strong className="text-slate-900">{outcome.status}</strong> · {outcome.charged ? 'one credit used' : 'no credit used'}
          </p>
          {outcome.reasons.length > 0 && (
            <ul className="mt-1 list-disc pl-5 text-xs text-slate-600">
              {outcome.reasons.map((r) => (
                <li key={r}>{r.replace(/_/g, ' ')}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {signal.enrichment ? (
        <div className="rounded-lg border border-slate-200" data-testid="enrichment">
          <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-3 py-2 text-xs text-slate-600">
            <span>
              Result: <strong className="text-slate-900">{signal.enrichment.status}</strong>
            </span>
            <span>· email confidence</span>
            <Badge className={cn('ring-1 ring-inset', CONFIDENCE[signal.enrichment.emailConfidence as keyof typeof CONFIDENCE] ?? CONFIDENCE.none)}>{signal.enrichment.emailConfidence}</Badge>
          </div>
          {fields.length === 0 ? (
            <p className="px-3 py-3 text-sm text-slate-500">No contact details found for this author.</p>
          ) : (
            <dl className="divide-y divide-slate-100">
              {fields.map(([name, f]) => {
                const href = safeHref(f.value);
                return (
                  <div key={name} className="grid grid-cols-[7rem_1fr] items-start gap-2 px-3 py-2 text-sm sm:grid-cols-[8rem_1fr_auto]">
                    <dt className="capitalize text-slate-500">{name.replace(/_/g, ' ')}</dt>
                    <dd className="min-w-0 break-words text-slate-900">
                      {href ? (
                        <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-indigo-700 underline">
                          {f.value}
                        </a>
                      ) : (
                        f.value
                      )}
                      <span className="block text-xs text-slate-500">via {f.source}</span>
                    </dd>
                    <dd className="col-start-2 sm:col-start-auto">
                      <Badge className={cn('ring-1 ring-inset', CONFIDENCE[f.confidence as keyof typeof CONFIDENCE] ?? CONFIDENCE.none)}>{f.confidence}</Badge>
                    </dd>
                  </div>
                );
              })}
            </dl>
          )}
        </div>
      ) : (
        pendingSince === null && !outcome && <p className="text-sm text-slate-500">Not enriched yet. Enriching costs one credit and is cached for the whole team.</p>
      )}
    </section>
  );
}
