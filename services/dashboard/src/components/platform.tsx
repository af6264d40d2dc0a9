import { cn } from './ui/class-names.ts';

const META: Record<string, { label: string; short: string; className: string }> = {
  reddit: { label: 'Reddit', short: 'R', className: 'bg-orange-100 text-orange-800' },
  hackernews: { label: 'Hacker News', short: 'HN', className: 'bg-amber-100 text-amber-900' },
  twitter: { label: 'X', short: 'X', className: 'bg-slate-900 text-white' },
  linkedin: { label: 'LinkedIn', short: 'in', className: 'bg-sky-100 text-sky-800' },
};

export const platformLabel = (p: string) => META[p]?.label ?? p;

/** Platform name with a small coloured mark. */
export function PlatformTag({ platform, className }: { platform: string; className?: string }) {
  const m = META[platform] ?? { label: platform, short: '?', className: 'bg-slate-100 text-slate-700' };
  return (
    <span className={cn('inline-flex items-center gap-1.5 text-xs font-medium text-slate-700', className)}>
      <span aria-hidden className={cn('inline-flex h-5 min-w-5 items-center justify-center rounded px-1 text-[10px] font-bold', m.className)}>
        {m.short}
      </span>
      {m.label}
    </span>
  );
}

export const PLATFORM_COLORS: Record<string, string> = { reddit: '#f97316', hackernews: '#f59e0b', twitter: '#0f172a', linkedin: '#0284c7' };
