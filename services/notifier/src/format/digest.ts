import type { AlertSignal } from './alert-view.ts';

export const DIGEST_PERIODS = ['hourly', 'daily', 'weekly'] as const;
export type DigestPeriod = (typeof DIGEST_PERIODS)[number];

/** One monitor's part of a digest: its best signals by score and how many there were in all. */
export interface DigestGroup {
  monitorId: string;
  monitorName: string;
  total: number;
  top: AlertSignal[];
}

/** A digest for one destination and one period. */
export interface Digest {
  period: DigestPeriod;
  periodStart: Date;
  periodEnd: Date;
  total: number;
  groups: DigestGroup[];
}

/**
 * Groups signals by monitor and keeps the top `topPerMonitor` of each by score (newest first on
 * ties); monitors are ordered by their best score, then name, so the hottest lead leads.
 */
export function buildDigest(
  signals: readonly AlertSignal[],
  period: DigestPeriod,
  periodStart: Date,
  periodEnd: Date,
  topPerMonitor = 5,
): Digest {
  const byMonitor = new Map<string, AlertSignal[]>();
  for (const signal of signals) {
    const list = byMonitor.get(signal.monitorId) ?? [];
    list.push(signal);
    byMonitor.set(signal.monitorId, list);
  }
  const groups: DigestGroup[] = [...byMonitor.entries()].map(([monitorId, list]) => {
    const sorted = [...list].sort((a, b) => b.intentScore - a.intentScore || Date.parse(b.postedAt) - Date.parse(a.postedAt));
    return { monitorId, monitorName: sorted[0]?.monitorName ?? monitorId, total: list.length, top: sorted.slice(0, topPerMonitor) };
  });
  groups.sort((a, b) => (b.top[0]?.intentScore ?? 0) - (a.top[0]?.intentScore ?? 0) || a.monitorName.localeCompare(b.monitorName));
  return { period, periodStart, periodEnd, total: signals.length, groups };
}

const PERIOD_NAMES: Record<DigestPeriod, string> = { hourly: 'Hourly', daily: 'Daily', weekly: 'Weekly' };

/** "Daily digest: 12 new signals" */
export function digestTitle(digest: Digest): string {
  const noun = digest.total === 1 ? 'signal' : 'signals';
  return `${PERIOD_NAMES[digest.period]} digest: ${digest.total} new ${noun}`;
}
