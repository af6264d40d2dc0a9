import { z } from 'zod';
import { floorToMinute, isValidTimeZone, localMinuteOfDay, offsetMs } from './zoned-time.ts';

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
  let at = floorToMinute(instant);
  // Inside the window the wall clock leaves it only by reaching `end`, or by a UTC-offset change
  // jumping over it. So: run the clock to `end`; if the offset changed on the way, quiet hours end
  // at the change when the jump lands outside the window, else start again from the change.
  // (The old jump-and-bisect version could overshoot a short non-quiet gap into the next night.)
  for (let i = 0; i < 4; i++) {
    const distance = (end - localMinuteOfDay(at, quiet.timeZone) + DAY_MINUTES) % DAY_MINUTES || DAY_MINUTES;
    const target = new Date(at.getTime() + distance * MINUTE_MS);
    const change = firstOffsetChange(at, target, quiet.timeZone);
    if (change === null || !isQuietAt(change, quiet)) return change ?? target;
    at = change;
  }
  return at;
}

/** The first minute in (from, to] whose UTC offset differs from `from`'s; null when none does. */
function firstOffsetChange(from: Date, to: Date, timeZone: string): Date | null {
  const before = offsetMs(from, timeZone);
  if (offsetMs(to, timeZone) === before) return null;
  let lo = 0;
  let hi = Math.round((to.getTime() - from.getTime()) / MINUTE_MS);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMs(new Date(from.getTime() + mid * MINUTE_MS), timeZone) === before) lo = mid;
    else hi = mid;
  }
  return new Date(from.getTime() + hi * MINUTE_MS);
}
