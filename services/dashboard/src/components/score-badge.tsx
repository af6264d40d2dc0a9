import { cn } from './ui/class-names.ts';

/** Intent bands: 8-10 act now, 5-7 worth a look, 1-4 weak. */
export function scoreBand(score: number): 'high' | 'medium' | 'low' {
  return score >= 8 ? 'high' : score >= 5 ? 'medium' : 'low';
}

const STYLE = {
  high: 'bg-emerald-600 text-white ring-emerald-700/20',
  medium: 'bg-amber-100 text-amber-900 ring-amber-600/30',
  low: 'bg-slate-100 text-slate-700 ring-slate-500/20',
} as const;
const LABEL = { high: 'high intent', medium: 'medium intent', low: 'low intent' } as const;

/** The intent score 1-10 with its band as colour and as text for screen readers. */
export function ScoreBadge({ score, size = 'md' }: { score: number; size?: 'md' | 'lg' }) {
  const band = scoreBand(score);
  return (
    <span
      title={`Intent score ${score}/10 (${LABEL[band]})`}
      aria-label={`Intent score ${score} out of 10, ${LABEL[band]}`}
      data-band={band}
      className={cn(
        'inline-flex shrink-0 items-center justify-center rounded-lg font-bold tabular-nums ring-1 ring-inset',
        size === 'lg' ? 'h-12 w-12 text-xl' : 'h-9 w-9 text-base',
        STYLE[band],
      )}
    >
      {score}
    </span>
  );
}
