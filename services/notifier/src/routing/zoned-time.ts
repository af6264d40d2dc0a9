/**
 * Wall-clock arithmetic in IANA time zones with Intl only (no tz database of our own). Offsets are
 * read per instant, so DST changes are whatever the runtime's ICU data says they are.
 */

const MINUTE_MS = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows the IANA zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Local wall-clock fields of an instant in a zone; weekday 0 = Sunday. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

/** The wall clock in `timeZone` at `instant`. */
export function wallTime(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

/** Minutes since local midnight (0-1439) at `instant` in `timeZone`. */
export function localMinuteOfDay(instant: Date, timeZone: string): number {
  const w = wallTime(instant, timeZone);
  return w.hour * 60 + w.minute;
}

/** UTC offset of the zone at `instant`, in milliseconds (e.g. +3 600 000 for BST). */
export function offsetMs(instant: Date, timeZone: string): number {
  const w = wallTime(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant at which the zone's wall clock shows the given local date and time. A time skipped
 * by a DST jump resolves to the instant just after the jump; a repeated time to its first occurrence.
 */
export function instantOfWallTime(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  // Try both offsets around the target; the earliest candidate that shows the wanted time wins.
  const offsets = new Set([offsetMs(new Date(naive - 86_400_000), timeZone), offsetMs(new Date(naive), timeZone), offsetMs(new Date(naive + 86_400_000), timeZone)]);
  const candidates = [...offsets].map((o) => naive - o).sort((a, b) => a - b);
  for (const candidate of candidates) {
    const w = wallTime(new Date(candidate), timeZone);
    if (w.year === year && w.month === month && w.day === day && w.hour === hour && w.minute === minute) return new Date(candidate);
  }
  // Skipped wall time: the gap starts at the earliest candidate's instant; the first valid minute is after it.
  let t = candidates[0] ?? naive;
  while (Date.UTC(...wallParts(new Date(t), timeZone)) < naive) t += MINUTE_MS;
  return new Date(t);
}

function wallParts(instant: Date, timeZone: string): [number, number, number, number, number] {
  const w = wallTime(instant, timeZone);
  return [w.year, w.month - 1, w.day, w.hour, w.minute];
}

/** Floors an instant to the whole minute. */
export function floorToMinute(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / MINUTE_MS) * MINUTE_MS);
}
