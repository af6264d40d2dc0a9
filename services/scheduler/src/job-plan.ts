import { keyDigest } from '@intent-radar/ingest-kit';
import type { Platform } from '@intent-radar/proto-schemas';
import type { SchedulerConfig } from './config.ts';

const DAY = 86_400_000;
const MONTH = 30 * DAY;

/**
 * The poll interval for one query on a platform: the configured interval, stretched so that all
 * distinct query keys together stay inside the platform's budget (queries are coalesced by key).
 */
export function searchIntervalMs(platform: Platform, distinctQueries: number, c: SchedulerConfig): number {
  const n = Math.max(1, distinctQueries);
  switch (platform) {
    case 'hackernews':
      return Math.max(c.SCHEDULER_HN_INTERVAL_MS, Math.ceil((n * 3_600_000) / c.SCHEDULER_HN_SEARCH_PER_HOUR));
    case 'reddit':
      return Math.max(c.SCHEDULER_REDDIT_INTERVAL_MS, Math.ceil((n * 60_000) / c.SCHEDULER_REDDIT_SEARCH_PER_MIN));
    case 'twitter': {
      const pollsPerMonth = c.X_MONTHLY_POST_CAP / c.SCHEDULER_X_POSTS_PER_POLL;
      return Math.max(c.SCHEDULER_X_INTERVAL_MS, Math.ceil((n * MONTH) / pollsPerMonth));
    }
    case 'linkedin':
      return Math.max(c.SCHEDULER_LINKEDIN_INTERVAL_MS, Math.ceil((n * DAY) / c.SCHEDULER_LINKEDIN_RUNS_PER_DAY));
  }
}

/** A stable offset inside the interval per query, so polls spread evenly instead of bursting. */
export function phaseMs(queryKey: string, intervalMs: number): number {
  let h = phaseHash.get(queryKey);
  if (h === undefined) {
    h = parseInt(keyDigest(queryKey).slice(0, 12), 16);
    if (phaseHash.size > 200_000) phaseHash.clear();
    phaseHash.set(queryKey, h);
  }
  return h % intervalMs;
}

// Digests are asked for every query every tick; cache them.
const phaseHash = new Map<string, number>();

/** The slot a query is in at `now`: it changes once per interval, at the query's own phase. */
export function slotOf(now: number, intervalMs: number, phase = 0): number {
  return Math.floor((now - phase) / intervalMs);
}
