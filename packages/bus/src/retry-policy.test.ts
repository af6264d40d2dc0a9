import { describe, expect, it } from 'vitest';
import { connectDelayMs } from './connection.ts';
import { assertRetryPolicy, defaultRetryPolicy, redeliveryDelayMs } from './retry-policy.ts';

describe('redeliveryDelayMs', () => {
  const policy = { backoffMs: [1_000, 5_000, 30_000] };
  it('follows the schedule by delivery count and repeats the last value', () => {
    expect([1, 2, 3, 4, 10].map((n) => redeliveryDelayMs(policy, n))).toEqual([1_000, 5_000, 30_000, 30_000, 30_000]);
  });
  it('treats a count below 1 as the first delivery and an empty schedule as no delay', () => {
    expect(redeliveryDelayMs(policy, 0)).toBe(1_000);
    expect(redeliveryDelayMs({ backoffMs: [] }, 3)).toBe(0);
  });
});

describe('assertRetryPolicy', () => {
  it('accepts the default', () => {
    expect(() => assertRetryPolicy(defaultRetryPolicy)).not.toThrow();
  });
  it('rejects policies that cannot make progress', () => {
    expect(() => assertRetryPolicy({ maxDeliver: 0, backoffMs: [], ackWaitMs: 30_000 })).toThrow(/maxDeliver/);
    expect(() => assertRetryPolicy({ maxDeliver: 3, backoffMs: [-1], ackWaitMs: 30_000 })).toThrow(/backoffMs/);
    expect(() => assertRetryPolicy({ maxDeliver: 3, backoffMs: [], ackWaitMs: 10 })).toThrow(/ackWaitMs/);
  });
});

describe('connectDelayMs', () => {
  const backoff = { initialMs: 500, maxMs: 30_000 };
  it('doubles per attempt and caps at maxMs (no jitter at random = 0.5)', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((a) => connectDelayMs(a, backoff, () => 0.5));
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
  it('keeps jitter within +-20%', () => {
    expect(connectDelayMs(3, backoff, () => 0)).toBe(1_600);
    expect(connectDelayMs(3, backoff, () => 0.999999)).toBe(2_400);
  });
});
