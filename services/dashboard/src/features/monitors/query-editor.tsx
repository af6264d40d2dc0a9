import { useEffect, useId, useRef, useState } from 'react';
import { HelpCircle } from 'lucide-react';
import { controlClass } from '../../components/ui/field.tsx';
import { cn } from '../../components/ui/class-names.ts';

export interface QueryError {
  message: string;
  /** UTF-16 offset into the query, as the API reported it. */
  position?: number | undefined;
}

const SYNTAX: [string, string][] = [
  ['"zoominfo alternative"', 'exact phrase'],
  ['crm migrate', 'both words (AND is implicit)'],
  ['hubspot OR pipedrive', 'either word'],
  ['-job  NOT hiring', 'exclude a word'],
  ['(apollo OR zoominfo) pricing', 'group with parentheses'],
  ['site:r/sales  site:news.ycombinator.com', 'a subreddit or domain'],
  ['type:post  author:jdoe  title:crm  lang:en', 'fields'],
  ['enrich*', 'prefix wildcard'],
];

/** The monitor query box with syntax help and the API's syntax error shown at its position. */
export function QueryEditor({ value, onChange, error, id: idProp }: { value: string; onChange: (v: string) => void; error?: QueryError | null; id?: string }) {
  const gen = useId();
  const id = idProp ?? gen;
  const ref = useRef<HTMLTextAreaElement>(null);
  const [help, setHelp] = useState(false);
  const pos = error?.position;

  useEffect(() => {
    // Put the cursor where the parser stopped, so the fix is one keystroke away.
    if (pos !== undefined && ref.current) {
      ref.current.focus();
      ref.current.setSelectionRange(pos, Math.min(value.length, pos + 1));
    }
  }, [error]);

  return (
    <div className="space-y-1.5">
      <div className="flex items-center justify-between">
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          Query
        </label>
        <button type="button" aria-expanded={help} aria-controls={`${id}-help`} onClick={() => setHelp(!help)} className="inline-flex items-center gap-1 rounded text-xs font-medium text-indigo-700 hover:underline">
          <HelpCircle aria-hidden className="size-3.5" /> Syntax help
        </button>
      </div>
      <textarea
        ref={ref}
        id={id}
        rows={3}
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-error` : undefined}
        placeholder={'"zoominfo alternative" OR ("apollo" pricing) -job'}
        className={cn(controlClass, 'font-mono')}
      />
      {error && (
        <div id={`${id}-error`} role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {pos !== undefined && (
            <pre className="mb-1.5 overflow-x-auto whitespace-pre font-mono text-xs text-slate-800" aria-hidden data-testid="query-error-position">
              {value.slice(0, pos)}
              <mark className="rounded-sm bg-red-300 text-red-950">{value.slice(pos, pos + 1) || ' '}</mark>
              {value.slice(pos + 1)}
              {'\n'}
              {' '.repeat(pos)}^
            </pre>
          )}
          <p>
            {pos !== undefined && <span className="font-medium">At character {pos + 1}: </span>}
            {error.message}
          </p>
        </div>
      )}
      {help && (
        <dl id={`${id}-help`} className="grid gap-x-4 gap-y-1 rounded-lg bg-slate-50 p-3 text-xs sm:grid-cols-[auto_1fr]">
          {SYNTAX.map(([ex, what]) => (
            <div key={ex} className="contents">
              <dt>
                <code className="text-indigo-800">{ex}</code>
              </dt>
              <dd className="text-slate-600">{what}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
