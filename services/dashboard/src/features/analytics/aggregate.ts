import type { Signal, Stats } from '../../api/types.ts';

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
