import { describe, expect, it } from 'vitest';
import { lastCompletePeriod } from './digest-period.ts';
import { routeSignal, routingRulesSchema } from './routing.ts';

const rules = (over: object = {}) => routingRulesSchema.parse(over);
const signal = { monitorId: 'm1', intentScore: 8 };
const noon = new Date('2026-06-01T12:00:00Z');

describe('routeSignal', () => {
  it('sends instantly by default when the score is high enough', () => {
    expect(routeSignal(signal, rules(), noon)).toEqual({ action: 'send' });
  });

  it('skips other monitors and low scores; an empty monitor list means all monitors', () => {
    expect(routeSignal(signal, rules({ monitorIds: ['m2'] }), noon)).toEqual({ action: 'skip', reason: 'monitor' });
    expect(routeSignal(signal, rules({ monitorIds: ['m2', 'm1'] }), noon)).toEqual({ action: 'send' });
    expect(routeSignal(signal, rules({ minScore: 9 }), noon)).toEqual({ action: 'skip', reason: 'score' });
    expect(routeSignal({ ...signal, intentScore: 9 }, rules({ minScore: 9 }), noon)).toEqual({ action: 'send' });
  });

  it('routes digest frequencies to their digest, and holds instant alerts during quiet hours', () => {
    expect(routeSignal(signal, rules({ frequency: 'daily' }), noon)).toEqual({ action: 'digest', period: 'daily' });
    const quiet = rules({ quietHours: { start: '12:00', end: '14:00', timeZone: 'Europe/London' } });
    expect(routeSignal(signal, quiet, noon)).toEqual({ action: 'hold', until: new Date('2026-06-01T13:00:00Z') });
    expect(routeSignal(signal, quiet, new Date('2026-06-01T13:00:00Z'))).toEqual({ action: 'send' });
  });
});

describe('lastCompletePeriod', () => {
  it('daily periods are local days, 23 h long on the spring-forward day', () => {
    expect(lastCompletePeriod(new Date('2026-03-30T09:00:00Z'), 'daily', 'Europe/London')).toEqual({
      start: new Date('2026-03-29T00:00:00Z'),
      end: new Date('2026-03-29T23:00:00Z'),
    });
    expect(lastCompletePeriod(new Date('2026-11-02T15:00:00Z'), 'daily', 'America/New_York')).toEqual({
      start: new Date('2026-11-01T04:00:00Z'),
      end: new Date('2026-11-02T05:00:00Z'),
    });
  });

  it('weekly periods run Monday to Monday local time; hourly is the previous local hour', () => {
    // Wednesday 3 Jun 2026 -> the week of Mon 25 May to Mon 1 Jun, London (BST).
    expect(lastCompletePeriod(new Date('2026-06-03T10:00:00Z'), 'weekly', 'Europe/London')).toEqual({
      start: new Date('2026-05-24T23:00:00Z'),
      end: new Date('2026-05-31T23:00:00Z'),
    });
    expect(lastCompletePeriod(new Date('2026-06-03T10:47:12Z'), 'hourly', 'Asia/Kolkata')).toEqual({
      start: new Date('2026-06-03T09:30:00Z'),
      end: new Date('2026-06-03T10:30:00Z'),
    });
  });

  it('the same instant from two replicas gives the same period start (the idempotency key)', () => {
    const a = lastCompletePeriod(new Date('2026-06-03T00:05:00Z'), 'daily', 'UTC');
    const b = lastCompletePeriod(new Date('2026-06-03T23:55:00Z'), 'daily', 'UTC');
    expect(a).toEqual(b);
  });
});
