import type { DigestPeriod } from '../format/digest.ts';
import { instantOfWallTime, wallTime } from './zoned-time.ts';

/** One digest period [start, end) as instants; `start` is the idempotency key per destination. */
export interface PeriodBounds {
  start: Date;
  end: Date;
}

function addLocalDays(year: number, month: number, day: number, days: number): [number, number, number] {
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/**
 * The latest digest period that has fully ended at `now`, on the destination's wall clock:
 * hourly = the previous local hour, daily = yesterday 00:00-24:00, weekly = last Monday-Monday.
 * Local days on DST change days are 23 or 25 hours long, as the customer experiences them.
 */
export function lastCompletePeriod(now: Date, period: DigestPeriod, timeZone: string): PeriodBounds {
  const w = wallTime(now, timeZone);
  switch (period) {
    case 'hourly': {
      // Instants, not wall hours: the repeated hour on a fall-back day is its own period.
      const end = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - w.minute * 60_000);
      return { start: new Date(end.getTime() - 3_600_000), end };
    }
    case 'daily': {
      const end = instantOfWallTime(w.year, w.month, w.day, 0, 0, timeZone);
      const [y, m, d] = addLocalDays(w.year, w.month, w.day, -1);
      return { start: instantOfWallTime(y, m, d, 0, 0, timeZone), end };
    }
    case 'weekly': {
      const sinceMonday = (w.weekday + 6) % 7;
      const [ey, em, ed] = addLocalDays(w.year, w.month, w.day, -sinceMonday);
      const [sy, sm, sd] = addLocalDays(ey, em, ed, -7);
      return { start: instantOfWallTime(sy, sm, sd, 0, 0, timeZone), end: instantOfWallTime(ey, em, ed, 0, 0, timeZone) };
    }
  }
}
