import { describe, expect, it } from 'vitest';
import { nextPollMs, splitWindow } from './reddit-firehose.ts';
import { compareIds, idsAfter, isRedditId } from './reddit-ids.ts';

describe('Reddit id arithmetic', () => {
  it('counts on in base36, exactly past 2^53', () => {
    expect(idsAfter('1x', 3)).toEqual(['1y', '1z', '20']);
    expect(idsAfter('z', 1)).toEqual(['10']);
    expect(idsAfter('zzzzzzzzzzzz', 2)).toEqual(['1000000000000', '1000000000001']);
    const ids = idsAfter('1fql6bss4', 50);
    for (let i = 1; i < ids.length; i++) expect(compareIds(ids[i]!, ids[i - 1]!)).toBe(1);
  });

  it('refuses what is not a canonical id (the empty-stream marker "0" included)', () => {
    for (const bad of ['0', '', '00a', 'ABC', 't3_abc', 'a-b', 'a'.repeat(17)]) {
      expect(isRedditId(bad), bad).toBe(false);
      expect(() => idsAfter(bad, 1)).toThrow(RangeError);
    }
    expect(isRedditId('1fql6bss4')).toBe(true);
  });
});

describe('splitWindow', () => {
  it('shares the ids by recent items per step, keeps 10 for a quiet kind, and always sums to the room', () => {
    expect(splitWindow(100, [0, 0])).toEqual([50, 50]);
    expect(splitWindow(100, [99, 0])).toEqual([90, 10]);
    expect(splitWindow(100, [0, 500])).toEqual([10, 90]);
    expect(splitWindow(80, [30, 10])).toEqual([60, 20]);
    expect(splitWindow(100, [7])).toEqual([100]);
    for (const [a, b] of [[1, 2], [33.3, 66.6], [1000, 1], [0.2, 0.1]] as const) expect(splitWindow(97, [a, b]).reduce((s, n) => s + n, 0)).toBe(97);
  });
});

describe('nextPollMs', () => {
  const opts = { pollMs: 1_000, minPollMs: 600 };
  const plenty = { remaining: 100, msLeft: 60_000 };
  it('polls at the quiet interval until the stream is busy, then faster, never past the budget pace', () => {
    expect(nextPollMs(0, plenty, opts)).toBe(1_000);
    expect(nextPollMs(40, plenty, opts)).toBe(1_000);
    // ~70 items a step: 875 ms at 80/s, the 600 ms pace from ~117/s on, a full window's follow-up too.
    expect(nextPollMs(80, plenty, opts)).toBe(875);
    expect(nextPollMs(120, plenty, opts)).toBe(600);
    expect(nextPollMs(Infinity, plenty, opts)).toBe(600);
  });

  it('spreads what searches left of the window over the rest of it, past the quiet poll if need be', () => {
    // 30 s left, 40 requests left: one every 750 ms.
    expect(nextPollMs(Infinity, { remaining: 40, msLeft: 30_000 }, opts)).toBe(750);
    expect(nextPollMs(120, { remaining: 10, msLeft: 30_000 }, opts)).toBe(3_000);
    // Nothing left: wait for the next window.
    expect(nextPollMs(120, { remaining: 0, msLeft: 4_000 }, opts)).toBe(4_000);
    // Early in a fresh window the average pace still holds.
    expect(nextPollMs(Infinity, { remaining: 100, msLeft: 59_000 }, opts)).toBe(600);
  });
});
