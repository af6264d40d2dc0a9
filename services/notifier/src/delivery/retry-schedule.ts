import type { DestinationChannel } from './destination.ts';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;

/**
 * Delay before attempt n+1 after attempt n failed, per channel. Webhooks keep trying for more
 * than 24 h (receivers have outages); chat and email give up after a few hours, when the alert
 * is stale anyway. The last entry ends the schedule: after it the delivery fails.
 */
export const RETRY_SCHEDULES_MS: Record<DestinationChannel['kind'], readonly number[]> = {
  webhook: [30 * S, 2 * M, 10 * M, 30 * M, 1 * H, 3 * H, 6 * H, 12 * H, 12 * H],
  slack: [10 * S, 1 * M, 5 * M, 15 * M, 1 * H, 3 * H],
  email: [30 * S, 2 * M, 10 * M, 30 * M, 1 * H, 3 * H],
};

/** Exponential-ish schedule with +-20% jitter so many failed deliveries do not retry in lockstep. Null = give up. */
export function nextRetryDelayMs(kind: DestinationChannel['kind'], attempt: number, random: () => number = Math.random): number | null {
  const schedule = RETRY_SCHEDULES_MS[kind];
  const base = schedule[attempt - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Parses Retry-After (seconds or HTTP date) into milliseconds, capped at an hour; null when absent or unusable. */
export function retryAfterMs(header: string | undefined, now: Date): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * S, H);
  const date = Date.parse(header);
  if (Number.isFinite(date)) return Math.min(Math.max(0, date - now.getTime()), H);
  return null;
}
