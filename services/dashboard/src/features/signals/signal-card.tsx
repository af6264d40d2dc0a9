import { forwardRef } from 'react';
import type { Signal } from '../../api/types.ts';
import { Badge } from '../../components/ui/card.tsx';
import { cn } from '../../components/ui/class-names.ts';
import { PlatformTag } from '../../components/platform.tsx';
import { ScoreBadge } from '../../components/score-badge.tsx';
import { stageLabel } from '../../components/stage.ts';
import { timeAgo } from '../../components/time-ago.ts';

export interface SignalCardProps {
  signal: Signal;
  selected?: boolean;
  onOpen?: (id: string) => void;
}

const STATUS_STYLE = { new: 'bg-indigo-50 text-indigo-700', contacted: 'bg-emerald-50 text-emerald-700', archived: 'bg-slate-100 text-slate-600' } as const;

/** One signal in the feed: score, platform, summary, pain points, author, age and monitor. */
export const SignalCard = forwardRef<HTMLElement, SignalCardProps>(function SignalCard({ signal: s, selected, onOpen }, ref) {
  // Pain points come with the feed item: no detail request per card.
  const painPoints = s.painPoints;
  const headline = s.summary ?? s.title ?? s.excerpt.slice(0, 160);
  const author = s.author.displayName ? `${s.author.displayName} (@${s.author.handle})` : `@${s.author.handle}`;

  return (
    <article
      ref={ref}
      tabIndex={0}
      aria-selected={selected}
      aria-label={`Signal, score ${s.intentScore}: ${headline}`}
      data-signal-id={s.id}
      onClick={() => onOpen?.(s.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === 'o') {
          e.preventDefault();
          onOpen?.(s.id);
        }
      }}
      className={cn(
        'group flex cursor-pointer gap-4 rounded-xl border bg-white p-4 shadow-sm transition hover:border-indigo-300 hover:shadow focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500',
        selected ? 'border-indigo-500 ring-2 ring-indigo-500/30' : 'border-slate-200',
        s.status === 'archived' && 'opacity-70',
      )}
    >
      <ScoreBadge score={s.intentScore} />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
          <PlatformTag platform={s.platform} />
          <span className="truncate" title="Matched monitor">
            ◎ {s.monitorName}
          </span>
          <time dateTime={s.postedAt} title={new Date(s.postedAt).toLocaleString()}>
            {timeAgo(s.postedAt)}
          </time>
          {s.status !== 'new' && <Badge className={STATUS_STYLE[s.status]}>{s.status}</Badge>}
        </div>
        <h3 className="mt-1.5 line-clamp-2 text-[15px] font-semibold leading-snug text-slate-900">{headline}</h3>
        <div className="mt-2 flex h-6 flex-wrap gap-1.5 overflow-hidden" aria-label="Pain points">
          {painPoints.length === 0 ? (
            <p className="truncate text-sm text-slate-600">{s.excerpt}</p>
          ) : (
            painPoints.slice(0, 3).map((p) => (
              <Badge key={p} className="max-w-[16rem] truncate bg-rose-50 text-rose-800 ring-1 ring-inset ring-rose-200">
                <span className="truncate">{p}</span>
              </Badge>
            ))
          )}
        </div>
        <div className="mt-1.5 flex flex-wrap items-center gap-x-3 text-xs text-slate-500">
          <span className="truncate font-medium text-slate-700">{author}</span>
          <span>{stageLabel(s.decisionStage)}</span>
        </div>
      </div>
    </article>
  );
});
