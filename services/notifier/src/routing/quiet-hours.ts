import { z } from 'zod';
import { floorToMinute, isValidTimeZone, localMinuteOfDay } from './zoned-time.ts';

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');

/** Quiet hours of a destination: local wall-clock times in its IANA zone; may wrap midnight (22:00-07:00). */
export const quietHoursSchema = z.object({
  start: hhmm,
  end: hhmm,
  timeZone: z.string().refine(isValidTimeZone, 'unknown IANA time zone'),
});
export type QuietHours = z.infer<typeof quietHoursSchema>;

function minutes(text: string): number {
  const [h = '0', m = '0'] = text.split(':');
  return Number(h) * 60 + Number(m);
}

/** Whether a local minute-of-day falls in [start, end), wrapping midnight; start == end means never. */
function inWindow(minute: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** True when `instant` is inside the quiet hours, read on the destination's wall clock. */
export function isQuietAt(instant: Date, quiet: QuietHours): boolean {
  return inWindow(localMinuteOfDay(instant, quiet.timeZone), minutes(quiet.start), minutes(quiet.end));
}

/**
 * When the quiet period containing `instant` ends: the first minute at which the destination's wall
 * clock is outside the window (held alerts go out then). Null when `instant` is not quiet. On a
 * spring-forward day an end time inside the skipped hour ends quiet hours at the jump; on a
 * fall-back day the first time the clock reaches the end counts.
 */
export function quietHoursEnd(instant: Date, quiet: QuietHours): Date | null {
  if (!isQuietAt(instant, quiet)) return null;
  const end = minutes(quiet.end);
  // Jump by the wall-clock distance to the end; a DST change can make the jump land an hour
  // short (still quiet: jump again) or past the true end (binary-search back below).
  let lo = floorToMinute(instant);
  let hi = lo;
  for (let i = 0; i < 4 && isQuietAt(hi, quiet); i++) {
    lo = hi;
    const distance = (end - localMinuteOfDay(hi, quiet.timeZone) + DAY_MINUTES) % DAY_MINUTES || DAY_MINUTES;
    hi = new Date(hi.getTime() + distance * MINUTE_MS);
  }
  // Invariant: lo is quiet, hi is not; find the first non-quiet minute in (lo, hi].
  let loMin = 0;
  let hiMin = Math.round((hi.getTime() - lo.getTime()) / MINUTE_MS);
  while (hiMin - loMin > 1) {
    const mid = Math.floor((loMin + hiMin) / 2);
    if (isQuietAt(new Date(lo.getTime() + mid * MINUTE_MS), quiet)) loMin = mid;
    else hiMin = mid;
  }
  return new Date(lo.getTime() + hiMin * MINUTE_MS);
}
