import { useMemo } from 'react';
import { cn } from '../../components/ui/class-names.ts';
import { evidenceMarks, queryTerms, segment, termMarks } from './highlight.ts';

/**
 * Scraped post text with matched terms and evidence quotes highlighted. The text is rendered
 * as React text nodes only: whatever HTML or script a post contains shows up as characters.
 */
export function HighlightedText({ text, query, evidence, className }: { text: string; query?: string | undefined; evidence?: readonly unknown[]; className?: string }) {
  const segments = useMemo(
    () => segment(text, [...evidenceMarks(text, evidence ?? []), ...(query ? termMarks(text, queryTerms(query)) : [])]),
    [text, query, evidence],
  );
  return (
    <p className={cn('whitespace-pre-wrap break-words', className)}>
      {segments.map((s, i) =>
        s.kind === null ? (
          s.text
        ) : (
          <mark
            key={i}
            data-kind={s.kind}
            title={s.note}
            className={cn('rounded px-0.5', s.kind === 'evidence' ? 'bg-amber-200/80 text-slate-900 underline decoration-amber-500 decoration-2 underline-offset-2' : 'bg-indigo-100 text-indigo-900')}
          >
            {s.text}
          </mark>
        ),
      )}
    </p>
  );
}
