import type { SignalDetail, Signal, Stats } from '../../api/types.ts';

export type DayRow = { day: string } & Record<string, number | string>;

/** Stats rows (day x platform x band) to one row per day with a count per platform. */
export function perDayByPlatform(daily: Stats['daily']): { rows: DayRow[]; platforms: string[] } {
  const byDay = new Map<string, DayRow>();
  const platforms = new Set<string>();
  for (const r of daily) {
    platforms.add(r.platform);
    const row = byDay.get(r.day) ?? { day: r.day };
    row[r.platform] = (Number(row[r.platform]) || 0) + r.count;
    byDay.set(r.day, row);
  }
  const rows = [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
  for (const row of rows) for (const p of platforms) row[p] ??= 0;
  return { rows, platforms: [...platforms].sort() };
}

/** Count of signals per score 1..10. */
export function scoreHistogram(signals: Signal[]): { score: number; count: number }[] {
  const counts = Array.from({ length: 10 }, (_, i) => ({ score: i + 1, count: 0 }));
  for (const s of signals) {
    const c = counts[Math.round(s.intentScore) - 1];
    if (c) c.count++;
  }
  return counts;
}

/** Most frequent values (case-insensitive, first spelling kept). */
export function topValues(lists: (string[] | undefined)[], n = 8): { label: string; count: number }[] {
  const m = new Map<string, { label: string; count: number }>();
  for (const list of lists)
    for (const v of new Set(list ?? [])) {
      const k = v.trim().toLowerCase();
      if (!k) continue;
      const e = m.get(k) ?? { label: v.trim(), count: 0 };
      e.count++;
      m.set(k, e);
    }
  return [...m.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)).slice(0, n);
}

/** Contacted share of all signals (archived count as not contacted). */
export function responseRate(signals: Signal[]): { contacted: number; total: number; rate: number } {
  const contacted = signals.filter((s) => s.status === 'contacted').length;
  return { contacted, total: signals.length, rate: signals.length ? contacted / signals.length : 0 };
}

export const painPointsOf = (d: SignalDetail | undefined) => d?.analysis?.pain_points;
export const competitorsOf = (d: SignalDetail | undefined) => d?.analysis?.competitors_mentioned;
