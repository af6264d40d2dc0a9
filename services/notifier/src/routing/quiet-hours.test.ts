import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isQuietAt, quietHoursEnd, quietHoursSchema, type QuietHours } from './quiet-hours.ts';

const at = (iso: string) => new Date(iso);
const london = (start: string, end: string): QuietHours => ({ start, end, timeZone: 'Europe/London' });
const newYork = (start: string, end: string): QuietHours => ({ start, end, timeZone: 'America/New_York' });

describe('quiet hours on ordinary days', () => {
  it('wraps midnight and reads the destination wall clock, not UTC', () => {
    const q = newYork('22:00', '07:00');
    expect(isQuietAt(at('2026-01-15T02:59:00Z'), q)).toBe(false); // 21:59 EST
    expect(isQuietAt(at('2026-01-15T03:00:00Z'), q)).toBe(true); // 22:00 EST
    expect(isQuietAt(at('2026-01-15T11:59:00Z'), q)).toBe(true); // 06:59 EST
    expect(isQuietAt(at('2026-01-15T12:00:00Z'), q)).toBe(false); // 07:00 EST
    expect(quietHoursEnd(at('2026-01-15T04:12:34Z'), q)).toEqual(at('2026-01-15T12:00:00Z'));
    expect(quietHoursEnd(at('2026-01-15T12:00:00Z'), q)).toBeNull();
  });

  it('handles a same-day window and treats start == end as no quiet hours', () => {
    expect(isQuietAt(at('2026-06-01T11:30:00Z'), london('12:00', '13:00'))).toBe(true); // 12:30 BST
    expect(isQuietAt(at('2026-06-01T12:30:00Z'), london('12:00', '13:00'))).toBe(false);
    expect(isQuietAt(at('2026-06-01T11:30:00Z'), london('09:00', '09:00'))).toBe(false);
  });

  it('validates times and zones', () => {
    expect(quietHoursSchema.safeParse({ start: '22:00', end: '07:00', timeZone: 'Europe/London' }).success).toBe(true);
    expect(quietHoursSchema.safeParse({ start: '24:00', end: '07:00', timeZone: 'Europe/London' }).success).toBe(false);
    expect(quietHoursSchema.safeParse({ start: '22:00', end: '07:00', timeZone: 'Mars/Olympus' }).success).toBe(false);
  });
});

describe('quiet hours across DST changes', () => {
  it('Europe/London spring forward (29 Mar 2026): 22:00-07:00 ends at 07:00 BST = 06:00Z', () => {
    const q = london('22:00', '07:00');
    expect(quietHoursEnd(at('2026-03-28T23:00:00Z'), q)).toEqual(at('2026-03-29T06:00:00Z'));
    expect(isQuietAt(at('2026-03-29T05:59:00Z'), q)).toBe(true);
    expect(isQuietAt(at('2026-03-29T06:00:00Z'), q)).toBe(false);
  });

  it('Europe/London fall back (25 Oct 2026): 22:00-07:00 ends at 07:00 GMT = 07:00Z', () => {
    expect(quietHoursEnd(at('2026-10-24T22:30:00Z'), london('22:00', '07:00'))).toEqual(at('2026-10-25T07:00:00Z'));
  });

  it('America/New_York spring forward (8 Mar 2026): ends at 07:00 EDT = 11:00Z', () => {
    expect(quietHoursEnd(at('2026-03-08T04:00:00Z'), newYork('22:00', '07:00'))).toEqual(at('2026-03-08T11:00:00Z'));
  });

  it('America/New_York fall back (1 Nov 2026): ends at 07:00 EST = 12:00Z', () => {
    expect(quietHoursEnd(at('2026-11-01T03:00:00Z'), newYork('22:00', '07:00'))).toEqual(at('2026-11-01T12:00:00Z'));
  });

  it('an end time inside the skipped hour ends quiet hours at the jump', () => {
    // 02:30 never happens in New York on 8 Mar 2026: 01:59 EST is followed by 03:00 EDT (07:00Z).
    expect(quietHoursEnd(at('2026-03-08T06:00:00Z'), newYork('00:00', '02:30'))).toEqual(at('2026-03-08T07:00:00Z'));
    // A window wholly inside the skipped hour is never quiet that night.
    const skipped = newYork('02:00', '03:00');
    for (const iso of ['2026-03-08T06:59:00Z', '2026-03-08T07:00:00Z', '2026-03-08T07:30:00Z']) expect(isQuietAt(at(iso), skipped)).toBe(false);
  });

  it('an end time inside the repeated hour ends at its first occurrence', () => {
    // 01:30 happens twice in London on 25 Oct 2026: 00:30Z (BST) and 01:30Z (GMT).
    expect(quietHoursEnd(at('2026-10-24T23:10:00Z'), london('00:00', '01:30'))).toEqual(at('2026-10-25T00:30:00Z'));
  });

  it('does not jump over a short non-quiet gap when the clocks change on the way (found by the property)', () => {
    // 00:59 GMT on spring-forward night, quiet except 08:00-09:00: the gap is 07:00-08:00Z, not the next day.
    const q = { start: '09:00', end: '08:00', timeZone: 'Europe/London' };
    expect(quietHoursEnd(new Date('2026-03-29T00:59:17Z'), q)?.toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });

  it('for any instant and window, the end is the first non-quiet minute after it (property)', () => {
    const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    // Instants around the 2026 transitions of both zones, where mistakes would show.
    const around = fc.constantFrom('2026-03-08T07:00:00Z', '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2026-11-01T06:00:00Z').chain((iso) =>
      fc.integer({ min: -36 * 60, max: 36 * 60 }).map((min) => new Date(Date.parse(iso) + min * 60_000 + 17_000)),
    );
    fc.assert(
      fc.property(around, hhmm, hhmm, fc.constantFrom('Europe/London', 'America/New_York'), (instant, start, end, timeZone) => {
        const q = { start, end, timeZone };
        const result = quietHoursEnd(instant, q);
        if (!isQuietAt(instant, q)) return result === null;
        if (result === null) return false;
        // A non-quiet gap inside the hour skipped at spring-forward does not happen that night, so
        // the end can be the day after next: at most two days plus the lost hour.
        if (result.getTime() <= instant.getTime() || result.getTime() - instant.getTime() > 49 * 3_600_000 || isQuietAt(result, q)) return false;
        // Every minute between is still quiet: the end was not overshot (e.g. past a one-hour gap).
        for (let t = Math.floor(instant.getTime() / 60_000 + 1) * 60_000; t < result.getTime(); t += 60_000) {
          if (!isQuietAt(new Date(t), q)) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('a gap that falls in the skipped spring-forward hour moves the end to the next night (found by the property)', () => {
    const q = { start: '01:21', end: '01:20', timeZone: 'Europe/London' };
    // 01:20 does not exist in London on 29 Mar 2026; the next 01:20 is 30 Mar 01:20 BST = 00:20Z.
    expect(quietHoursEnd(new Date('2026-03-28T23:19:17Z'), q)?.toISOString()).toBe('2026-03-30T00:20:00.000Z');
  });
});
