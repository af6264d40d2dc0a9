import { useState, type FormEvent } from 'react';
import { Eye } from 'lucide-react';
import { usePreview, useSaveMonitor } from '../../api/queries.ts';
import { ApiError, messageOf } from '../../api/problem.ts';
import { PLATFORMS, type Monitor, type Platform } from '../../api/types.ts';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input, Textarea } from '../../components/ui/field.tsx';
import { InlineError } from '../../components/ui/states.tsx';
import { PlatformTag } from '../../components/platform.tsx';
import { ScoreBadge } from '../../components/score-badge.tsx';
import { timeAgo } from '../../components/time-ago.ts';
import { cn } from '../../components/ui/class-names.ts';
import { QueryEditor, type QueryError } from './query-editor.tsx';
import { segment } from '../signals/highlight.ts';

const queryErrorOf = (err: unknown): QueryError | null =>
  err instanceof ApiError && (err.code === 'query_syntax' || err.code === 'query_limit') ? { message: err.detail, position: err.position } : null;

/** Create or edit a monitor: query, platforms, minimum score, context; preview before saving. */
export function MonitorForm({ monitor, onDone }: { monitor?: Monitor; onDone: () => void }) {
  const [name, setName] = useState(monitor?.name ?? '');
  const [query, setQuery] = useState(monitor?.query ?? '');
  const [platforms, setPlatforms] = useState<Platform[]>((monitor?.platforms as Platform[] | undefined) ?? [...PLATFORMS]);
  const [minScore, setMinScore] = useState(monitor?.minScore ?? 6);
  const [context, setContext] = useState(monitor?.context ?? '');
  const save = useSaveMonitor();
  const preview = usePreview();
  const queryError = queryErrorOf(save.error) ?? queryErrorOf(preview.error);

  const toggle = (p: Platform) => setPlatforms((cur) => (cur.includes(p) ? cur.filter((x) => x !== p) : [...cur, p]));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id: monitor?.id, input: { name: name.trim(), query, platforms, minScore, context: context.trim() || null } }, { onSuccess: onDone });
  };

  return (
    <form onSubmit={submit} className="space-y-5" aria-label={monitor ? 'Edit monitor' : 'New monitor'}>
      <Field label="Name">{({ id }) => <Input id={id} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} placeholder="Competitor switchers" />}</Field>
      <QueryEditor
        value={query}
        onChange={(v) => {
          setQuery(v);
          if (queryError) {
            save.reset();
            preview.reset();
          }
        }}
        error={queryError}
      />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Platforms</legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {PLATFORMS.map((p) => (
            <label key={p} className={cn('flex cursor-pointer items-center gap-2 rounded-lg border px-3 py-2 text-sm', platforms.includes(p) ? 'border-indigo-500 bg-indigo-50' : 'border-slate-300 bg-white')}>
              <input type="checkbox" checked={platforms.includes(p)} onChange={() => toggle(p)} className="accent-indigo-600" />
              <PlatformTag platform={p} />
            </label>
          ))}
        </div>
        {platforms.length === 0 && <p className="mt-1 text-sm text-red-700">Pick at least one platform.</p>}
      </fieldset>
      <Field label={`Minimum score: ${minScore}`} hint="Signals below this score are not kept for this monitor.">
        {({ id, describedBy }) => (
          <input id={id} type="range" min={1} max={10} value={minScore} onChange={(e) => setMinScore(Number(e.target.value))} aria-describedby={describedBy} className="w-full accent-indigo-600" />
        )}
      </Field>
      <Field label="Context (optional)" hint="One sentence about what you sell; it sharpens scoring and outreach drafts.">
        {({ id, describedBy }) => <Textarea id={id} rows={2} maxLength={1000} value={context} onChange={(e) => setContext(e.target.value)} aria-describedby={describedBy} placeholder="We sell a B2B contact database for SDR teams." />}
      </Field>
      {save.error && !queryError && <InlineError error={save.error} />}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" busy={save.isPending} disabled={!name.trim() || !query.trim() || platforms.length === 0}>
          {monitor ? 'Save changes' : 'Create monitor'}
        </Button>
        <Button variant="secondary" busy={preview.isPending} disabled={!query.trim() || platforms.length === 0} onClick={() => preview.mutate({ query, platforms })}>
          <Eye aria-hidden className="size-4" /> Preview matches
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
      {preview.error && !queryError && <p className="text-sm text-red-700">{messageOf(preview.error)}</p>}
      {preview.data && (
        <section aria-label="Preview" className="rounded-xl border border-slate-200 bg-slate-50 p-3">
          <p className="text-sm text-slate-700">
            <strong>{preview.data.matches.length}</strong> match{preview.data.matches.length === 1 ? '' : 'es'} in {preview.data.scanned} stored posts from the last 7 days.
          </p>
          <ul className="mt-2 space-y-2">
            {preview.data.matches.map((m) => (
              <li key={m.postId} className="flex gap-3 rounded-lg bg-white p-2 text-sm">
                {m.intentScore !== null ? <ScoreBadge score={m.intentScore} /> : <span className="size-9" />}
                <div className="min-w-0">
                  <div className="flex gap-2 text-xs text-slate-500">
                    <PlatformTag platform={m.platform} /> <span>{timeAgo(m.postedAt)}</span>
                  </div>
                  <p className="line-clamp-2 text-slate-800">
                    {segment(m.excerpt, m.spans.map(([start, end]) => ({ start, end, kind: 'term' as const }))).map((s, i) =>
                      s.kind ? (
                        <mark key={i} className="rounded bg-indigo-100 px-0.5 text-indigo-900">
                          {s.text}
                        </mark>
                      ) : (
                        s.text
                      ),
                    )}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </form>
  );
}
