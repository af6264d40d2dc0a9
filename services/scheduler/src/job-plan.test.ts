import { describe, expect, it } from 'vitest';
import { schedulerEnv } from './config.ts';
import { phaseMs, searchIntervalMs, slotOf } from './job-plan.ts';

const c = schedulerEnv.parse({});

describe('job plan', () => {
  it('keeps the defaults for a few queries', () => {
    expect(searchIntervalMs('hackernews', 3, c)).toBe(60_000);
    expect(searchIntervalMs('reddit', 3, c)).toBe(60_000);
    expect(searchIntervalMs('linkedin', 3, c)).toBe(30 * 60_000);
  });

  it('stretches Reddit so 10k distinct queries stay under 100 requests/minute', () => {
    const interval = searchIntervalMs('reddit', 10_000, c);
    const perMinute = (10_000 * 60_000) / interval;
    expect(perMinute).toBeLessThanOrEqual(100);
    expect(perMinute).toBeGreaterThan(50);
  });

  it('sizes X polls to the monthly post cap', () => {
    for (const n of [1, 50, 10_000]) {
      const interval = searchIntervalMs('twitter', n, c);
      const postsPerMonth = ((n * 30 * 86_400_000) / interval) * c.SCHEDULER_X_POSTS_PER_POLL;
      expect(postsPerMonth).toBeLessThanOrEqual(c.X_MONTHLY_POST_CAP);
    }
  });

  it('gives each query a stable phase and one slot change per interval', () => {
    const p = phaseMs('apollo', 60_000);
    expect(p).toBe(phaseMs('apollo', 60_000));
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(60_000);
    const t = 1_700_000_000_000;
    const slots = new Set<number>();
    for (let ms = 0; ms < 60_000; ms += 1_000) slots.add(slotOf(t + ms, 60_000, p));
    expect(slots.size).toBe(2);
  });
});
